"""Skip a regex rule when none of the characters its match must start with is in the text, and try it
only where those characters are when they are rare.

Most rule patterns begin with a handful of possible characters (× ✕ ╳, X x Ｘ ｘ, 达 提 控 超 …). A pattern
that starts with an alternation or a character class gets no fast literal search from Python's re and
scans a million characters in 10–30 ms; `ch in text` answers in a tenth of a millisecond. On clean text
most such rules find nothing, so asking first saves most of the regex time of a run.

first_chars() reads the pattern's parse tree: the set of characters the first consumed character of
any match belongs to, or None when that set is unknown or too large (., \\d, [^…], an optional first
item, ignore-case). Zero-width items (^, lookarounds) are stepped over: they consume nothing.
"""
from __future__ import annotations

from functools import lru_cache

MAX_CHARS = 48          # beyond this the `in` scans cost more than they save


def _constants():
    from re import _constants as c
    return c


def _first(items):
    c = _constants()
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue
        return _op_first(op, av)
    return None                         # can match the empty string


def _op_first(op, av):
    c = _constants()
    if op is c.LITERAL:
        return {chr(av)}
    if op is c.IN:
        chars = set()
        for o, a in av:
            if o is c.LITERAL:
                chars.add(chr(a))
            elif o is c.RANGE and a[1] - a[0] <= MAX_CHARS:
                chars.update(chr(i) for i in range(a[0], a[1] + 1))
            else:                       # NEGATE, CATEGORY (\d \w), a wide range
                return None
        return chars
    if op is c.BRANCH:
        chars = set()
        for alternative in av[1]:
            part = _first(alternative.data)
            if part is None:
                return None
            chars |= part
        return chars
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & c.SRE_FLAG_IGNORECASE:
            return None
        return _first(sub.data)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
        low, _high, sub = av
        return _first(sub.data) if low >= 1 else None
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _first(av.data)
    return None                         # ANY, NOT_LITERAL, GROUPREF, CATEGORY, …


def first_chars(pattern: str, flags: int):
    """A tuple of characters one of which every match starts with, or None."""
    return _analyse(pattern, flags)[0]


@lru_cache(maxsize=4096)
def _analyse(pattern: str, flags: int):
    """(first_chars, literal_prefix): literal_prefix when the pattern opens with a plain character,
    which re's own search already finds at memchr speed (then a guided scan cannot win)."""
    try:
        from re import _parser
        import re
        if flags & re.IGNORECASE:
            return None, False
        data = _parser.parse(pattern, flags).data
        chars = _first(data)
        literal = bool(data) and data[0][0] is _constants().LITERAL
    except Exception:  # another Python's internals, or a pattern re itself rejects: no shortcut
        return None, False
    if not chars or len(chars) > MAX_CHARS:
        return None, False
    return tuple(sorted(chars)), literal


GUIDED_RATIO = 80       # guided when the start characters are rarer than one in 80 (measured on the
                        # seeds and the clean corpus: below that re's own scan is as fast or faster)


class TextChars:
    """How often each character occurs in one text, remembered (many patterns share start characters)."""

    def __init__(self, text: str):
        self.text, self.found, self.counts = text, {}, {}

    def has(self, ch) -> bool:          # stops at the first occurrence: cheap for common characters
        hit = self.found.get(ch)
        if hit is None:
            hit = self.found[ch] = ch in self.text
        return hit

    def count(self, ch) -> int:         # a whole scan: only asked where a guided scan could win
        n = self.counts.get(ch)
        if n is None:
            n = self.counts[ch] = self.text.count(ch)
        return n

    def any_of(self, chars) -> bool:
        return any(self.has(ch) for ch in chars)


def finditer(pattern, text: str, chars: TextChars):
    """pattern.finditer(text), the same matches in the same order, faster when the characters a match
    must start with are rare: each occurrence (found by str.find, at memchr speed) is tried with
    pattern.match, which sees the text before it just as a scan does (lookbehinds, ^)."""
    need, literal_prefix = _analyse(pattern.pattern, pattern.flags)
    if need is None:
        return pattern.finditer(text)
    present = [ch for ch in need if chars.has(ch)]
    if not present:
        return iter(())
    if literal_prefix or sum(chars.count(ch) for ch in present) * GUIDED_RATIO > len(text):
        return pattern.finditer(text)
    return _guided(pattern, text, present)


def _guided(pattern, text, present):
    starts = []
    for ch in present:
        i = text.find(ch)
        while i != -1:
            starts.append(i)
            i = text.find(ch, i + 1)
    starts.sort()
    pos, match = 0, pattern.match
    for start in starts:
        if start < pos:                 # inside the previous match: finditer goes on from its end
            continue
        m = match(text, start)
        if m is not None:               # never empty: the first item consumes a character
            yield m
            pos = m.end()
