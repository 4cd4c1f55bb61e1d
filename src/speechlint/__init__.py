"""speechlint — a rule-based linter for Chinese official speeches and documents."""
from __future__ import annotations

from .diagnostics import CATEGORIES, Diagnostic, Fix

__version__ = "0.1.0"
__all__ = ["lint_text", "lint_file", "Diagnostic", "Fix", "CATEGORIES", "__version__"]


def lint_text(text: str, *, path: str | None = None, config=None) -> list:
    """Lint a string and return its Diagnostics sorted by position.

    config is a speechlint.config.Settings (or None for the defaults)."""
    from .engine import Linter, default_linter
    from .loader import load_text
    linter = default_linter() if config is None else Linter(config)
    return linter.lint(load_text(text, path or "<text>"))


def lint_file(path, *, config=None) -> list:
    from .engine import Linter, default_linter
    from .loader import load_path
    linter = default_linter() if config is None else Linter(config)
    return linter.lint(load_path(path))
