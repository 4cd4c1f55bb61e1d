"""Python checks, referenced from rule files by `check: name`. A check gets the Document and its
Rule (for options) and yields Hits; the engine turns them into Diagnostics."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from .diagnostics import Fix

CHECKS: dict = {}


@dataclass
class Hit:
    start: int
    end: int
    params: dict = field(default_factory=dict)   # values for the rule's message template
    fix: Optional[Fix] = None
    severity: Optional[str] = None               # a check may lower its rule's severity for one hit


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
