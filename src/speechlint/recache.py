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

from .atomic import write_atomic

MAX_ENTRIES = 5000      # compiled in one run and kept
MAX_SAVED = 2000        # beyond this, entries this run did not use are dropped from the file

_table: dict = {}       # (pattern, flags) -> (flags, code as bytes, groups, groupindex, indexgroup)
_used: set = set()      # keys this run compiled; once the file is large only they are kept, so patterns
                        # built on the fly (from a set, in another order each run) cannot pile up
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
        from array import array
        from re import _compiler, _parser
        _compiler._code, _parser.parse, _sre.compile   # noqa: B018  (the internals this relies on)
        if array("I").itemsize != _sre.CODESIZE:
            return
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
        key = (p, flags)
        entry = _table.get(key)
        if entry is not None:
            try:
                code = array("I")
                code.frombytes(entry[1])
                compiled = _sre.compile(p, entry[0], code.tolist(), *entry[2:])
                _used.add(key)
                return compiled
            except Exception:  # damaged or foreign entry: compile it afresh below
                pass
        parsed = _parser.parse(p, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        compiled = _sre.compile(p, flags | parsed.state.flags, code, parsed.state.groups - 1,
                                groupindex, tuple(indexgroup))
        if len(_used) < MAX_ENTRIES:
            # stored as bytes: loading 700 patterns is then one read, not 600,000 int objects
            _table[key] = (int(flags | parsed.state.flags), array("I", code).tobytes(), parsed.state.groups - 1,
                           groupindex, tuple(indexgroup))
            _used.add(key)
            _state["dirty"] = True
        return compiled

    _compiler.compile = compile_cached
    _state["installed"] = True
    atexit.register(save)


def save() -> None:
    """Write the table if this run compiled something new (atomically: parallel runs may race)."""
    if not _state["dirty"] or not _state["path"]:
        return
    keep = _table if len(_table) <= MAX_SAVED else {key: _table[key] for key in _used if key in _table}
    try:
        write_atomic(_state["path"], marshal.dumps(keep))
        _state["dirty"] = False
    except (OSError, ValueError):
        pass
