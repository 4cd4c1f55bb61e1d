"""Compiled regular expressions kept between runs, for the command line's start-up time.

Every run compiles some 700 regular expressions (rule patterns, the checks' tables, lark's lexer);
Python's re parses and compiles each in pure Python, about a quarter of a short run. The result of that
work is a list of integers (the SRE code) that depends only on the pattern, its flags and the Python
build, so it is stored in a cache file and handed straight to _sre.compile next time. _sre validates
the code it is given; any surprise (another Python, a damaged file) falls back to re's own compiler.

Only cli.main installs this: the library API leaves the process's re module alone.
"""
from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import sys
import tempfile

MAX_ENTRIES = 5000          # a rule file generating patterns on the fly must not grow the file forever

_table: dict = {}
_state = {"installed": False, "dirty": False, "path": ""}


def cache_dir() -> str:
    """The user's cache folder (SPEECHLINT_CACHE_DIR, else XDG_CACHE_HOME or ~/.cache, /speechlint);
    the temp folder when that cannot be made."""
    base = os.environ.get("SPEECHLINT_CACHE_DIR")
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(xdg, "speechlint")
    try:
        os.makedirs(base, exist_ok=True)
        if os.access(base, os.W_OK):
            return base
    except OSError:
        pass
    return tempfile.gettempdir()


def install() -> None:
    if _state["installed"] or os.environ.get("SPEECHLINT_NO_RECACHE"):     # the switch is for measuring
        return
    try:
        import _sre
        from re import _compiler, _parser
        _compiler._code, _parser.parse, _sre.compile   # noqa: B018  (the internals this relies on)
    except (ImportError, AttributeError):
        return
    key = hashlib.sha1(f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}".encode()).hexdigest()[:16]
    path = os.path.join(cache_dir(), f"re-{key}.marshal")
    _state["path"] = path
    try:
        with open(path, "rb") as fh:
            loaded = marshal.load(fh)
        if isinstance(loaded, dict):
            _table.update(loaded)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    original = _compiler.compile

    def compile_cached(p, flags=0):
        if not isinstance(p, (str, bytes)) or flags & _compiler.SRE_FLAG_DEBUG:
            return original(p, flags)
        entry = _table.get((p, flags))
        if entry is not None:
            try:
                return _sre.compile(p, *entry)
            except Exception:  # damaged or foreign entry: compile it afresh below
                pass
        parsed = _parser.parse(p, flags)
        code = [int(op) for op in _compiler._code(parsed, flags)]    # opcodes are int subclasses marshal refuses
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        entry = (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        compiled = _sre.compile(p, *entry)
        if len(_table) < MAX_ENTRIES:
            _table[(p, flags)] = entry
            _state["dirty"] = True
        return compiled

    _compiler.compile = compile_cached
    _state["installed"] = True
    atexit.register(save)


def save() -> None:
    """Write the table if this run compiled something new (atomically: parallel runs may race)."""
    if not _state["dirty"] or not _state["path"]:
        return
    path, tmp = _state["path"], None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".re-", dir=os.path.dirname(path))
        with os.fdopen(fd, "wb") as fh:
            marshal.dump(_table, fh)
        os.replace(tmp, path)
        _state["dirty"] = False
    except (OSError, ValueError):
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass
