"""speechlint — a rule-based linter for Chinese official speeches and documents."""
from __future__ import annotations

from .diagnostics import CATEGORIES, Diagnostic, Fix

__version__ = "0.1.0"
__all__ = ["lint_text", "lint_file", "Diagnostic", "Fix", "CATEGORIES", "__version__"]


def lint_text(text: str, *, path=None, config=None, discover: bool = False) -> list:
    """Lint a string and return its Diagnostics sorted by position.

    path names the text: a path ending in .md lints it as Markdown (code blocks skipped, suppression
    comments honoured) and per-path overrides of a configuration apply to it.
    config is one of: None (built-in defaults), a speechlint.config.Settings, a dict with the keys of
    speechlint.yaml ({"select": ["numbering"], "allow": ["张三"], …}), or the path of a speechlint.yaml
    or pyproject.toml. discover=True (with config=None) looks for the configuration file the command
    line would use, walking up from path's folder."""
    from .loader import load_text
    doc = load_text(text, str(path) if path is not None else "<text>")
    return _lint(doc, config, path, discover)


def lint_file(path, *, config=None, discover: bool = False) -> list:
    """Lint a .txt (UTF-8, UTF-16, GB18030/GBK, Big5), .md or .docx file; config and discover as in
    lint_text. Raises speechlint.errors.InputError for a file that cannot be read or decoded."""
    from .loader import load_path
    return _lint(load_path(path), config, path, discover)


def _lint(doc, config, path, discover) -> list:
    from .suppress import lint_document
    return lint_document(doc, _linter(config, path, discover))[0]


_LINTERS: dict = {}
_CONFIGS: dict = {}


def _config_file(path):
    """A configuration file read once while it is unchanged, so its rules keep their identity and the
    compiled Linter is reused across calls."""
    import os
    from . import settings_file as sf
    full = os.path.abspath(path)
    try:
        stamp = os.stat(full).st_mtime_ns
    except OSError:
        stamp = None
    key = (full, stamp)
    if key not in _CONFIGS:
        _CONFIGS.clear() if len(_CONFIGS) > 32 else None
        _CONFIGS[key] = sf.load_config(path)
    return _CONFIGS[key]


def _linter(config, path, discover):
    import os
    from .config import Settings
    from .engine import Linter, default_linter
    from . import settings_file as sf
    if config is None and discover and path is not None:
        config = sf.settings_from(sf.find_config(os.path.dirname(os.path.abspath(path))), path)
    elif isinstance(config, dict):
        config = sf.settings_from_dict(config)
    elif isinstance(config, (str, os.PathLike)):
        config = sf.settings_from(_config_file(config), path)
    elif config is not None and not isinstance(config, Settings):
        raise TypeError("config must be None, a Settings, a dict of configuration keys or a path")
    if config is None:
        return default_linter()
    key = config.linter_key()
    if key not in _LINTERS:
        if len(_LINTERS) > 32:
            _LINTERS.clear()
        _LINTERS[key] = Linter(config)
    return _LINTERS[key]
