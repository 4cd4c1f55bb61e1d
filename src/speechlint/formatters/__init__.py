"""report stage: Diagnostics → text. A formatter never re-reads or re-parses a file.

Each formatter is `format(results, out, **options)` where results is a list of FileResult."""
from __future__ import annotations

from dataclasses import dataclass, field

FORMATTERS = {}


@dataclass
class FileResult:
    path: str
    diagnostics: list
    encoding: str = "utf-8"
    kind: str = "text"
    lines: list = field(default_factory=list)     # the text's lines, for formatters that show them
    error: str = ""


def formatter(name):
    def register(func):
        FORMATTERS[name] = func
        return func
    return register


def get(name):
    from . import json_format, text  # noqa: F401  (registration)
    return FORMATTERS[name]
