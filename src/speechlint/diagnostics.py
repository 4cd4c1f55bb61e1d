"""The one value every stage agrees on: a finding with exact positions."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple, Optional

CATEGORIES = (
    "numbering", "placeholder", "unfinished", "outdated", "political", "artifact",
    "boilerplate", "typo", "punctuation", "consistency", "script",
)
SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


class Fix(NamedTuple):
    """replacement is for the diagnostic's own span. A document-level finding may also carry
    edits: (start, end, replacement) offsets for every place it fixes (e.g. all half-width marks).
    A named tuple, not a frozen dataclass: made for most findings, and twice as fast to make."""
    replacement: str
    safe: bool = True
    edits: tuple = ()


class CharEdits(Sequence):
    """Fix edits that each replace one character, made on demand from the offsets: a document-level fix
    may cover a hundred thousand places, and three-tuples for all of them held 50 MB on a 20 MB draft."""

    __slots__ = ("_text", "_offsets", "_table")

    def __init__(self, text: str, offsets: list, table: dict):
        self._text, self._offsets, self._table = text, offsets, table

    def __len__(self):
        return len(self._offsets)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self)[index]
        i = self._offsets[index]
        return i, i + 1, self._table[self._text[i]]

    def __iter__(self):
        text, table = self._text, self._table
        return ((i, i + 1, table[text[i]]) for i in self._offsets)

    def __eq__(self, other):
        return tuple(self) == tuple(other) if isinstance(other, (tuple, CharEdits)) else NotImplemented

    def __hash__(self):
        return hash(tuple(self))

    def __reduce__(self):          # a worker process sends the edits, not the whole text
        return tuple, (tuple(self),)


class Diagnostic:
    """A finding. A plain class with __slots__, not a dataclass: a draft from a sharing site yields a
    finding every few dozen characters, and a per-object __dict__ doubled the memory and pickling time."""

    __slots__ = ("rule", "category", "severity", "message", "start", "end", "fix", "path", "_pos", "_extra")

    def __init__(self, rule: str, category: str, severity: str, message: str, start: int, end: int,
                 line: int = 0, column: int = 0, end_line: int = 0, end_column: int = 0,
                 fix: Optional[Fix] = None, path: str = "", extra: Optional[dict] = None, *,
                 line_starts: Optional[list] = None):
        self.rule, self.category, self.severity, self.message = rule, category, severity, message
        self.start, self.end = start, end      # character offsets into Document.text, end exclusive
        # line, column, end_line, end_column: 1-based, in characters. The engine passes the document's
        # line starts instead and they are worked out when read: four ints less per finding.
        self._pos = (line, column, end_line, end_column) if line_starts is None else line_starts
        self.fix, self.path, self._extra = fix, path, extra

    def _at(self, offset: int) -> tuple:
        starts = self._pos
        i = bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1

    def position(self) -> tuple:
        """(line, column) of the start: one lookup where .line and .column take one each."""
        return self._pos[:2] if type(self._pos) is tuple else self._at(self.start)

    @property
    def line(self) -> int:
        return self._pos[0] if type(self._pos) is tuple else bisect_right(self._pos, self.start)

    @property
    def column(self) -> int:
        return self._pos[1] if type(self._pos) is tuple else self._at(self.start)[1]

    @property
    def end_line(self) -> int:
        return self._pos[2] if type(self._pos) is tuple else bisect_right(self._pos, self.end)

    @property
    def end_column(self) -> int:
        return self._pos[3] if type(self._pos) is tuple else self._at(self.end)[1]

    @property
    def extra(self) -> dict:
        """Report-only data (a fix's edits, a baseline's line text); created on first use."""
        if self._extra is None:
            self._extra = {}
        return self._extra

    def _fields(self) -> tuple:
        pos = self._pos if type(self._pos) is tuple else self._at(self.start) + self._at(self.end)
        return (self.rule, self.category, self.severity, self.message, self.start, self.end, *pos,
                self.fix, self.path, self._extra or None)

    def __reduce__(self):          # a flat tuple pickles several times faster than slot state
        return Diagnostic, self._fields()

    def __eq__(self, other):
        return self._fields() == other._fields() if isinstance(other, Diagnostic) else NotImplemented

    __hash__ = None

    def __repr__(self):
        return (f"Diagnostic({self.rule!r}, {self.severity!r}, {self.line}:{self.column}-"
                f"{self.end_line}:{self.end_column}, {self.message!r})")

    def sort_key(self):
        return (self.start, self.end, self.rule)

    def to_dict(self, *, edits: bool = True) -> dict:
        """The JSON form; edits=False leaves out a document-level fix's edits (see edit_dicts)."""
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
            "fix": self._fix_dict(edits),
        }

    def edit_dicts(self):
        """The line/column edits of a document-level fix (an iterable), or None."""
        return self._extra.get("edits") if self.fix is not None and self._extra else None

    def _fix_dict(self, with_edits: bool):
        if self.fix is None:
            return None
        out = {"replacement": self.fix.replacement, "safe": self.fix.safe}
        edits = self.edit_dicts()
        if with_edits and edits is not None:
            out["edits"] = list(edits)
        return out
