"""Skip a regex rule when none of the characters its match must start with is in the text, and try it
only where those characters are when they are rare.

Most rule patterns begin with a handful of possible characters (× ✕ ╳, X x Ｘ ｘ, 达 提 控 超 …). Python's
re skips ahead in C only when a pattern opens with a plain character, a character class or an
alternation of plain characters; one that opens with a group, a repeat or a lookaround is tried at
every position and scans a million characters in 10–30 ms. `ch in text` answers in a tenth of a
millisecond. On clean text most such rules find nothing, so asking first saves most of the regex
time of a run.

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
    """(first_chars, prefix): prefix is "literal" when re's own search finds where a match can start at
    memchr speed (the pattern opens with a plain character: a guided scan cannot win), "charset" when
    it skips ahead over a set of first characters in C (a guided scan wins only when they are rare),
    "" when re tries the whole pattern at every position."""
    try:
        from re import _compiler, _parser
        import re
        if flags & re.IGNORECASE:
            return None, ""
        parsed = _parser.parse(pattern, flags)
        chars = _first(parsed.data)
        if _compiler._get_literal_prefix(parsed, flags)[0]:
            prefix = "literal"
        elif _compiler._get_charset_prefix(parsed, flags) is not None:
            prefix = "charset"
        else:
            prefix = ""
    except Exception:  # another Python's internals, or a pattern re itself rejects: no shortcut
        return None, ""
    if not chars or len(chars) > MAX_CHARS:
        return None, ""
    return tuple(sorted(chars)), prefix


# A guided scan pays a Python step per place a match could start; re's own scan pays per character.
# Guided when the start characters are rarer than one in 40 (one in 200 when re skips ahead over
# them itself): the fastest of the ratios tried on the seeds × 40 and the clean corpus × 3.
GUIDED_RATIO = {"": 40, "charset": 200}


_SLICE = 25_000


class TextChars:
    """How often each character occurs in one text, remembered (many patterns share start characters)."""

    def __init__(self, text: str):
        self.text, self.found, self.counts = text, {}, {}

    def has(self, ch) -> bool:          # stops at the first occurrence: cheap for common characters
        hit = self.found.get(ch)
        if hit is None:
            hit = self.found[ch] = ch in self.text
        return hit

    def count(self, ch) -> int:
        """How often ch occurs, estimated from eight slices of a long text: it only picks the faster
        scan (both find the same matches), and counting the whole of a long text for each of some
        sixty characters took longer than the scans it chose between."""
        n = self.counts.get(ch)
        if n is None:
            text = self.text
            if len(text) <= 16 * _SLICE:
                n = text.count(ch)
            else:
                step = len(text) // 8
                n = sum(text.count(ch, i, i + _SLICE) for i in range(0, 8 * step, step)) * step // _SLICE
            self.counts[ch] = n
        return n

    def any_of(self, chars) -> bool:
        return any(self.has(ch) for ch in chars)


def finditer(pattern, text: str, chars: TextChars):
    """pattern.finditer(text), the same matches in the same order, faster when the characters a match
    must start with are rare: each occurrence (found by str.find, at memchr speed) is tried with
    pattern.match, which sees the text before it just as a scan does (lookbehinds, ^)."""
    need, prefix = _analyse(pattern.pattern, pattern.flags)
    if need is None:
        return pattern.finditer(text)
    present = [ch for ch in need if chars.has(ch)]
    if not present:
        return iter(())
    if prefix == "literal" or sum(chars.count(ch) for ch in present) * GUIDED_RATIO[prefix] > len(text):
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
