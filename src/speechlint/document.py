"""A loaded draft: text, lines, exact offset → line/column mapping, and lazily parsed structure."""
from __future__ import annotations

import bisect
import re
from array import array
from functools import cached_property, wraps
from typing import Optional

from . import outline as _outline

_SPACE_RUN = re.compile(r"[ \t\u3000\u00a0]+")
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
        if self._inline is None:
            found = _outline.inline_markers(self.text)
            self._inline = [(self.start + off, m) for off, m in found] if found else _NO_MARKERS
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
        chunk_ends = {s: e for s, e in self.chunk_markers}
        ignored = sorted(self.ignored)
        paras = []
        for index in range(self.line_count):
            s, e = self.line_span(index)
            s = chunk_ends.get(s, s)
            if ignored:
                s, e = _outside_ignored(ignored, s, e)
                if s >= e:
                    continue
            paras.extend(self._split_line(s, e, index))
        return paras

    def _split_line(self, start: int, end: int, index: int):
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            return
        seg_start = start
        seg_marker = _outline.match_heading(text[start:start + 12])
        for m in _SPACE_RUN.finditer(text, start, end):
            before, after = text[m.start() - 1], m.end()
            nxt = _outline.match_heading(text[after:after + 12])
            if before in _ENDERS or nxt is not None or (
                    seg_marker is not None and _is_cjk(before) and _is_cjk(text[after])):
                yield Paragraph(self, seg_start, m.start(), index, seg_marker)
                seg_start, seg_marker = after, nxt
        yield Paragraph(self, seg_start, end, index, seg_marker)

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
