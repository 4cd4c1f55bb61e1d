"""Python checks, referenced from rule files by `check: name`. A check gets the Document and its
Rule (for options) and yields Hits; the engine turns them into Diagnostics."""
from __future__ import annotations

from typing import Callable, Optional

from .diagnostics import Fix

CHECKS: dict = {}


class Hit:
    """What a check yields: offsets, values for the rule's message template, an optional fix, and a
    severity when a check lowers its rule's severity for one hit. Slotted: there can be a hundred thousand."""

    __slots__ = ("start", "end", "params", "fix", "severity")

    def __init__(self, start: int, end: int, params: Optional[dict] = None, fix: Optional[Fix] = None,
                 severity: Optional[str] = None):
        self.start, self.end, self.fix, self.severity = start, end, fix, severity
        self.params = {} if params is None else params

    def __repr__(self):
        return f"Hit({self.start}, {self.end}, {self.params!r}, {self.fix!r}, {self.severity!r})"


def check(name: str) -> Callable:
    def register(func):
        if name in CHECKS:
            raise ValueError(f"check {name} registered twice")
        CHECKS[name] = func
        return func
    return register


def load_checks() -> dict:
    from . import checks  # noqa: F401  (importing registers every check)
    return CHECKS
