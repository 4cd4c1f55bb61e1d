"""The one value every stage agrees on: a finding with exact positions."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

CATEGORIES = (
    "numbering", "placeholder", "unfinished", "outdated", "political", "artifact",
    "boilerplate", "typo", "punctuation", "consistency", "script",
)
SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Fix:
    """replacement is for the diagnostic's own span. A document-level finding may also carry
    edits: (start, end, replacement) offsets for every place it fixes (e.g. all half-width marks)."""
    replacement: str
    safe: bool = True
    edits: tuple = ()


@dataclass
class Diagnostic:
    rule: str
    category: str
    severity: str
    message: str
    start: int          # character offsets into Document.text, end exclusive
    end: int
    line: int = 0       # 1-based, filled from the offsets by the engine
    column: int = 0     # 1-based, in characters
    end_line: int = 0
    end_column: int = 0
    fix: Optional[Fix] = None
    path: str = ""
    extra: dict = field(default_factory=dict)

    def sort_key(self):
        return (self.start, self.end, self.rule)

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
            "fix": self._fix_dict(),
        }

    def _fix_dict(self):
        if self.fix is None:
            return None
        out = {"replacement": self.fix.replacement, "safe": self.fix.safe}
        if "edits" in self.extra:
            out["edits"] = list(self.extra["edits"])
        return out
