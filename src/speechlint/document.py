"""A loaded draft: text, lines, exact offset → line/column mapping, and lazily parsed structure."""
from __future__ import annotations

import bisect
import itertools
import re
from array import array
from functools import cached_property, wraps
from typing import Optional

from . import outline as _outline

# Opens with the class, not with a repeat, so that re skips ahead in C (a leading "[…]+" is tried at
# every position: 16 ms instead of 6 on the 1.6 M-character benchmark).
_SPACE_RUN = re.compile(r"[ \t\u3000\u00a0][ \t\u3000\u00a0]*")
# A run of spaces after one of these ends a paragraph that the site collapsed onto one line.
_ENDERS = set("。！？!?：:；;…”\"」』")
_CHUNK_PREFIX = re.compile(r"(\d{1,3})、")


_UNSET = object()
_NO_MARKERS = ()


class Paragraph:
    """A paragraph: a line, or part of a line that a site collapsed. Slotted, with its numbering marker
    and inline markers worked out once when first read: a 20 MB draft has fifty thousand paragraphs."""

    __slots__ = ("doc", "start", "end", "line", "_marker", "_inline")

    def __init__(self, doc: "Document", start: int, end: int, line: int, marker=_UNSET):
        self.doc, self.start, self.end = doc, start, end
        self.line = line                  # 0-based index of the physical line
        self._marker, self._inline = marker, None

    @property
    def text(self) -> str:
        return self.doc.text[self.start:self.end]

    @property
    def marker(self) -> Optional[_outline.Marker]:
        if self._marker is _UNSET:
            self._marker = _outline.match_heading(self.doc.text[self.start:self.start + 12])
        return self._marker

    @property
    def inline_markers(self):
        """outline.inline_markers of the paragraph's text, with offsets in the document."""
        if self._inline is None:
            self.doc._find_inline_markers()
        return self._inline

    def __eq__(self, other):
        if not isinstance(other, Paragraph):
            return NotImplemented
        return (self.doc, self.start, self.end, self.line) == (other.doc, other.start, other.end, other.line)

    __hash__ = None

    def __repr__(self):
        return f"Paragraph(line={self.line + 1}, {self.text[:20]!r})"


def line_starts(text: str) -> array:
    """Offsets where each line starts, as an array: a 20 MB draft has 60,000 lines and a
    list of ints would hold four times the memory."""
    starts, find = array("q", [0]), text.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


class Document:
    def __init__(self, text: str, path: str = "<text>", *, encoding: str = "utf-8", newline: str = "\n",
                 bom: bool = False, kind: str = "text", ignored=(), date=None, date_reason: str = ""):
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.text = text
        self.path = path
        self.encoding = encoding
        self.newline = newline
        self.bom = bom
        self.kind = kind                      # text | markdown | docx
        self.ignored = list(ignored)          # (start, end) spans no rule may report in (code blocks …)
        self.memo = {}                        # per_document results, shared by the checks
        self._date = date
        self._date_reason = date_reason
        self.line_starts = line_starts(text)

    # ---- positions -------------------------------------------------------------------
    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def line_span(self, index: int) -> tuple:
        start = self.line_starts[index]
        end = self.line_starts[index + 1] - 1 if index + 1 < len(self.line_starts) else len(self.text)
        return start, end

    def line_text(self, index: int) -> str:
        s, e = self.line_span(index)
        return self.text[s:e]

    @cached_property
    def lines(self) -> list:
        return self.text.split("\n")

    def position(self, offset: int) -> tuple:
        """1-based (line, column) of a character offset; column counts characters."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1

    # ---- structure -------------------------------------------------------------------
    @cached_property
    def chunk_markers(self) -> list:
        """Spans of "1、" "2、" … that a sharing site put at the start of each fixed-size chunk.
        They number the physical lines 1, 2, 3 … in order, so they are not section numbers."""
        found, expected = [], 1
        for index in range(self.line_count):
            s, e = self.line_span(index)
            if s == e:
                continue
            m = _CHUNK_PREFIX.match(self.text, s)
            if not m or int(m.group(1)) != expected or e - s < 120:
                break
            found.append((s, m.end()))
            expected += 1
        return found if len(found) >= 3 else []

    @cached_property
    def paragraphs(self) -> list:
        text = self.text
        chunk_ends = {s: e for s, e in self.chunk_markers}
        ignored = sorted(self.ignored)
        # One scan of the whole text, read alongside the lines: a scan per line costs a call per line
        # for the few lines that have a gap, and a list of all gaps would grow with the text.
        gaps = _SPACE_RUN.finditer(text)
        gap = next(gaps, None)
        paras = []
        starts = self.line_starts
        line_ends = itertools.chain(starts[1:], (len(text) + 1,))
        for index, (start, end) in enumerate(zip(starts, line_ends)):
            end -= 1                # the newline
            start = chunk_ends.get(start, start)
            if ignored:
                start, end = _outside_ignored(ignored, start, end)
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start >= end:
                continue
            while gap is not None and gap.start() < start:
                gap = next(gaps, None)
            seg_start = start
            seg_marker = _outline.match_heading(text[start:start + 12])
            # The line is stripped, so a gap that starts inside it also ends inside it.
            while gap is not None and gap.start() < end:
                gap_start, after = gap.span()
                gap = next(gaps, None)
                before = text[gap_start - 1]
                nxt = _outline.match_heading(text[after:after + 12])
                if before in _ENDERS or nxt is not None or (
                        seg_marker is not None and _is_cjk(before) and _is_cjk(text[after])):
                    paras.append(Paragraph(self, seg_start, gap_start, index, seg_marker))
                    seg_start, seg_marker = after, nxt
            paras.append(Paragraph(self, seg_start, end, index, seg_marker))
        return paras

    def _find_inline_markers(self):
        """Fill in every paragraph's inline markers from one scan of the whole text, read alongside the
        paragraphs: a scan per paragraph costs twice as much."""
        text = self.text
        hits = _outline.CLAUSE_START.finditer(text)
        hit = next(hits, None)
        for p in self.paragraphs:
            while hit is not None and hit.start() < p.start:
                hit = next(hits, None)
            clause_starts = []
            # The first character starts a clause even after a chunk number or Markdown markup, which the
            # whole-text scan sees before it.
            if text[p.start] in _outline.CLAUSE_CHARS and (hit is None or hit.start() != p.start):
                clause_starts.append(p.start)
            while hit is not None and hit.start() < p.end:
                clause_starts.append(hit.start())
                hit = next(hits, None)
            found = clause_starts and _outline.series_markers(text, clause_starts, p.start, p.end)
            p._inline = found or _NO_MARKERS

    @cached_property
    def outline(self) -> _outline.Outline:
        return _outline.build_outline(self.paragraphs)

    # ---- document date (filled by the dates module or by the user) ------------------
    @property
    def date(self):
        if self._date is None and not self._date_reason:
            from .dates import detect_date
            self._date, self._date_reason = detect_date(self)
        return self._date

    @property
    def date_reason(self) -> str:
        self.date
        return self._date_reason


def _outside_ignored(ignored, s, e) -> tuple:
    """Step over ignored spans (sorted) at the start and end of a line: Markdown's "## " or "**" is
    markup around a heading, a code block covers the whole line (the result is then empty)."""
    i = bisect.bisect_right(ignored, (s, float("inf"))) - 1
    while 0 <= i < len(ignored) and ignored[i][0] <= s < e:
        if s < ignored[i][1]:
            s = ignored[i][1]
        i += 1
    j = bisect.bisect_left(ignored, (e, -1)) - 1
    while j >= 0 and s < e and ignored[j][1] >= e > ignored[j][0]:
        e = ignored[j][0]
        j -= 1
    return s, e


def per_document(func):
    """Compute func(doc) once per Document: checks share what they derive without re-parsing."""
    key = f"{func.__module__}.{func.__qualname__}"

    @wraps(func)
    def wrapper(doc):
        memo = doc.memo
        if key not in memo:
            memo[key] = func(doc)
        return memo[key]
    return wrapper


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
