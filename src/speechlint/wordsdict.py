"""jieba with a dictionary that loads only the characters a sentence needs.

Plain `jieba.initialize()` unmarshals 500,000 dictionary entries (0.3–0.5 s and ~55 MB) before the first
cut, and `import jieba` pulls in pkg_resources (another 0.1–0.3 s). A draft with one candidate typo
would pay all of that, which alone breaks the 0.2 s budget for linting a 10,000-character draft.

Here the same prefix dictionary (jieba's own gen_pfdict, so the cuts are identical) is stored once per
machine in a cache file, grouped by first character. jieba only ever looks up substrings of the
sentence being cut, so each lookup needs the group of its first character, unmarshalled on first use.
Anything unexpected (no writable temp folder, a jieba whose internals differ) falls back to plain jieba.
"""
from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys

from .atomic import write_atomic

FORMAT = 1


class ChunkedFreq:
    """The part of a dict that jieba's Tokenizer uses (in, [], get, []=), one first character at a time."""

    __slots__ = ("_index", "_blob", "_chunks")

    def __init__(self, index: dict, blob):
        self._index, self._blob, self._chunks = index, blob, {}

    def _chunk(self, ch: str) -> dict:
        chunk = self._chunks.get(ch)
        if chunk is None:
            where = self._index.get(ch)
            chunk = marshal.loads(self._blob[where[0]:where[0] + where[1]]) if where else {}
            self._chunks[ch] = chunk
        return chunk

    def __contains__(self, key) -> bool:
        return bool(key) and key in self._chunk(key[0])

    def __getitem__(self, key):
        if not key:
            raise KeyError(key)
        return self._chunk(key[0])[key]

    def get(self, key, default=None):
        return self._chunk(key[0]).get(key, default) if key else default

    def __setitem__(self, key, value):          # jieba.add_word
        self._chunk(key[0])[key] = value


def import_jieba():
    """`import jieba` without pkg_resources: jieba falls back to opening its files by path."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None     # makes `import pkg_resources` raise ImportError
    try:
        import jieba
    finally:
        if blocked and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.WARNING)
    return jieba


def _dict_path(jieba) -> str:
    return os.path.join(os.path.dirname(jieba.__file__), "dict.txt")


def _cache_path(dict_path: str) -> str:
    st = os.stat(dict_path)
    key = f"{FORMAT}|{dict_path}|{st.st_size}|{st.st_mtime_ns}".encode()
    from .recache import cache_dir
    return os.path.join(cache_dir(), f"jieba-{hashlib.sha1(key).hexdigest()[:16]}.idx")


def _build(jieba, dict_path: str, cache: str) -> None:
    with open(dict_path, "rb") as fh:
        freq, total = jieba.Tokenizer().gen_pfdict(fh)
    groups = {}
    for word, n in freq.items():
        groups.setdefault(word[0], {})[word] = n
    blobs, index, offset = [], {}, 0
    for ch, group in groups.items():
        data = marshal.dumps(group)
        index[ch] = (offset, len(data))
        blobs.append(data)
        offset += len(data)
    header = marshal.dumps((FORMAT, total, index))
    # workers building at once: the last complete file wins
    write_atomic(cache, b"".join([len(header).to_bytes(8, "little"), header] + blobs))


def _load(cache: str):
    with open(cache, "rb") as fh:
        try:    # mapped, not read: a short draft looks up a few dozen of the 9 MB file's chunks
            import mmap
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (ImportError, OSError, ValueError):
            data = fh.read()
    size = int.from_bytes(data[:8], "little")
    fmt, total, index = marshal.loads(data[8:8 + size])
    if fmt != FORMAT:
        raise ValueError("old cache format")
    return total, ChunkedFreq(index, memoryview(data)[8 + size:])


def tokenizer():
    """A jieba Tokenizer (tokenize, cut, …) with the lazily loaded default dictionary."""
    jieba = import_jieba()
    try:
        dict_path = _dict_path(jieba)
        cache = _cache_path(dict_path)
        try:
            total, freq = _load(cache)
        except (OSError, ValueError, EOFError, TypeError):
            _build(jieba, dict_path, cache)
            total, freq = _load(cache)
        tk = jieba.Tokenizer()
        tk.FREQ, tk.total, tk.initialized = freq, total, True
        return tk
    except Exception:  # a jieba whose internals differ: the slow, standard way still gives the same cuts
        jieba.initialize()
        return jieba.dt
