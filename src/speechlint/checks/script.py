"""Traditional characters in a simplified-Chinese document (category script).

A character is a candidate when it lies outside GB 2312 (the 6,763 characters every simplified text
can be written in); OpenCC's t2s conversion then decides whether it is a traditional form. Characters
such as 著 乾 於 瞭 are in GB 2312 because they are also valid simplified characters, so they are never
candidates. OpenCC is loaded only when a document holds at least one candidate.
"""
from __future__ import annotations

import re
from array import array
from functools import lru_cache

from ..diagnostics import Fix
from ..document import per_document
from ..registry import Hit, check

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NOT_CJK = "\x00-\u33ff\u4dc0-\u4dff\ua000-\uf8ff\ufb00-\U0010ffff"     # every character outside _CJK


def _decode_rows(encoding, first_bytes, second_bytes) -> str:
    raw = bytearray()
    for hi in first_bytes:
        for lo in second_bytes:
            raw += bytes((hi, lo))
    return raw.decode(encoding, errors="ignore")


@lru_cache(maxsize=1)
def gb2312_chars() -> frozenset:
    """All hanzi of GB 2312 (level 1: rows 0xB0–0xD7, level 2: rows 0xD8–0xF7)."""
    return frozenset(_decode_rows("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF)))


@lru_cache(maxsize=1)
def common_chars() -> frozenset:
    """Frequent hanzi in either script: GB 2312 level 1 plus Big5 level 1 (0xA440–0xC67E)."""
    gb1 = _decode_rows("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    big5 = _decode_rows("big5", range(0xA4, 0xC7), list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)))
    return frozenset(gb1) | frozenset(big5)


def _class_without(chars) -> re.Pattern:
    """A regex for one hanzi that is not in chars: one negated class (of chars and all that is not a
    hanzi), which the engine tests in its inner scan loop. A hanzi class with a look-behind for chars
    enters the look-behind at every hanzi and scans a whole text about 40 % slower; both compile as fast."""
    return re.compile("[^%s%s]" % (_NOT_CJK, "".join(sorted(chars))))


@lru_cache(maxsize=1)
def non_gb2312() -> re.Pattern:
    return _class_without(gb2312_chars())


@lru_cache(maxsize=1)
def _converter():
    try:
        import opencc
    except ImportError:     # a broken install must not stop the other rules; script rules go quiet
        return None
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text)


class TradLine:
    """A line holding traditional characters: offsets (into the line) where OpenCC changes a candidate."""
    __slots__ = ("index", "start", "end", "simple", "diffs")

    def __init__(self, index, start, end, simple, diffs):
        self.index, self.start, self.end, self.simple, self.diffs = index, start, end, simple, diffs

    @property
    def first(self) -> int:
        return self.start + self.diffs[0]

    def edit(self) -> tuple:
        """One edit from the first to the last changed character, converted as a whole line."""
        a, b = self.diffs[0], self.diffs[-1] + 1
        return (self.start + a, self.start + b, self.simple[a:b])


@per_document
def traditional_lines(doc) -> list:
    """Every line with a traditional character, computed once per document."""
    text, found = doc.text, []
    search, finditer = non_gb2312().search, non_gb2312().finditer
    m = search(text)
    if m and _converter() is None:
        m = None
    while m:
        index = doc.line_of(m.start())
        start, end = doc.line_span(index)
        line = text[start:end]
        # The whole line goes through OpenCC, so that it sees the word around each character.
        simple = to_simplified(line)
        if len(simple) != len(line):      # never seen with t2s; fall back to one character at a time
            simple = "".join(to_simplified(ch) for ch in line)
        # Only the candidates (outside GB 2312) count: OpenCC also rewrites valid simplified characters
        # in some contexts, and those are not slips.
        diffs = array("l", (k for k in (c.start() - start for c in finditer(text, m.start(), end))
                            if simple[k] != line[k]))
        if diffs:
            found.append(TradLine(index, start, end, simple, diffs))
        m = search(text, end)
    return found


MIN_CHARS = 20      # fewer traditional characters than this are slips, reported one by one
MIN_SHARE = 0.05    # share of all characters; a traditional text has 20–30 % of its hanzi in a distinct form
PASSAGE_CHARS = 5   # a line with this many (and MIN_SHARE) is a traditional passage, reported once


def _count(lines) -> int:
    return sum(len(t.diffs) for t in lines)


def is_traditional_document(doc, lines) -> bool:
    total = _count(lines)
    return total >= MIN_CHARS and total / max(1, len(doc.text)) >= MIN_SHARE


def _is_passage(t) -> bool:
    return len(t.diffs) >= PASSAGE_CHARS and len(t.diffs) / max(1, t.end - t.start) >= MIN_SHARE


@check("script.document")
def traditional_document(doc, rule):
    """The whole text is in traditional characters: one finding, with a conversion of every line."""
    lines = traditional_lines(doc)
    if not lines or not is_traditional_document(doc, lines):
        return
    first = lines[0]
    yield Hit(first.first, first.first + 1, {"count": _count(lines), "lines": len(lines)},
              Fix(first.simple[first.diffs[0]], safe=False, edits=tuple(t.edit() for t in lines)))


@check("script.line")
def traditional_line(doc, rule):
    """In a traditional document, one low-severity finding per line, at its first traditional character."""
    lines = traditional_lines(doc)
    if not lines or not is_traditional_document(doc, lines):
        return
    for t in lines:
        yield Hit(t.first, t.first + 1, {"count": len(t.diffs), "replacement": t.simple[t.diffs[0]]})


@check("script.passage")
def traditional_passage(doc, rule):
    """A line of a simplified document written in traditional characters: one finding for the line."""
    lines = traditional_lines(doc)
    if not lines or is_traditional_document(doc, lines):
        return
    for t in lines:
        if _is_passage(t):
            new = t.simple[t.diffs[0]]
            yield Hit(t.first, t.first + 1, {"count": len(t.diffs), "replacement": new},
                      Fix(new, safe=False, edits=(t.edit(),)))


_QUOTED = re.compile("[\u300c\u300e][^\u300c\u300d\u300e\u300f\n]*[\u300d\u300f]")


@check("script.char")
def traditional_char(doc, rule):
    """A few traditional characters in a simplified text: each one, with its simplified form."""
    lines = traditional_lines(doc)
    if not lines or is_traditional_document(doc, lines):
        return
    text = doc.text
    allowed = set(rule.options.get("allowed", ""))
    quoted = [m.span() for m in _QUOTED.finditer(text)] if ("\u300c" in text or "\u300e" in text) else []
    for t in lines:
        if _is_passage(t):
            continue
        for k in t.diffs:
            i, new = t.start + k, t.simple[k]
            if text[i] in allowed:
                continue
            # 「」『』 quote a traditional source verbatim more often than they mark a slip: say so, quietly.
            severity = "info" if any(a <= i < b for a, b in quoted) else None
            yield Hit(i, i + 1, {"replacement": new}, Fix(new, safe=True), severity=severity)
