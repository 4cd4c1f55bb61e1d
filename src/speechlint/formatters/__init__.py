"""report stage: Diagnostics → text. A formatter never re-reads or re-parses a file.

Each formatter is `format(results, out, **options)` where results is a list of FileResult."""
from __future__ import annotations

from collections import Counter
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
    fixed: int = 0                                # findings removed by --fix in this file
    fix_report: object = None                     # fixes.FixReport of --fix/--diff, printed by the CLI
    notes: list = field(default_factory=list)     # one-line notes (unused suppression comments), on stderr
    # Set by a -j worker for the streamed text report, instead of the diagnostics: their lines, already
    # rendered, and their count per (severity, fix), which is all the summary and the exit code need.
    report: str = ""
    tally: object = None

    def counts(self):
        """Counter of (severity, "safe" | "unsafe" | "") over the findings."""
        if self.tally is not None:
            return self.tally
        return Counter((d.severity, "" if not d.fix else "safe" if d.fix.safe else "unsafe")
                       for d in self.diagnostics)


def formatter(name):
    def register(func):
        FORMATTERS[name] = func
        return func
    return register


def get(name):
    from . import github, html, json_format, sarif, text  # noqa: F401  (registration)
    return FORMATTERS[name]
