"""Baseline files: adopt speechlint on an existing pile of drafts by recording today's findings and
reporting only new ones.

An entry is keyed on rule + file + the text of the line the finding starts on (whitespace at both
ends trimmed), with a count for identical lines; line numbers are not part of the key, so findings
survive edits elsewhere in the file. Editing the line itself makes its findings new again, which is
what a reviewer wants. File paths are stored relative to the baseline file's folder, with '/'.

Entries of linted files that match nothing any more are reported as notes on standard error (like
ruff's RUF100 for unused noqa comments); they do not change the exit code. `--write-baseline` again
drops them.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from .atomic import write_atomic
from .errors import SpeechlintError

LINE_KEY = "line_text"      # Diagnostic.extra key the CLI fills while a baseline is in use
VERSION = 1


def line_key(doc, diagnostic) -> str:
    return doc.line_text(max(0, diagnostic.line - 1)).strip()


def attach_line_text(doc, diagnostics) -> None:
    for d in diagnostics:
        d.extra[LINE_KEY] = line_key(doc, d)


class Baseline:
    def __init__(self, path, counts=None):
        self.path = Path(path)
        self.root = Path(os.path.abspath(self.path.parent))
        self.counts = Counter(counts or {})       # (rule, path, line text) → how many
        self.used = Counter()
        self.linted = set()

    def rel(self, path) -> str:
        if path in ("-", ""):
            return "-"
        full = Path(os.path.abspath(path))
        try:
            return full.relative_to(self.root).as_posix()
        except ValueError:
            return full.as_posix()

    @classmethod
    def load(cls, path) -> "Baseline":
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise SpeechlintError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
        except ValueError as exc:
            raise SpeechlintError(f"{path}: not a speechlint baseline (invalid JSON: {exc})") from None
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            raise SpeechlintError(f"{path}: not a speechlint baseline (no 'entries' list); "
                                  f"create one with --write-baseline")
        counts = Counter()
        for i, e in enumerate(data["entries"]):
            try:
                counts[(str(e["rule"]), str(e["path"]), str(e["line"]))] += int(e.get("count", 1))
            except (KeyError, TypeError, ValueError):
                raise SpeechlintError(f"{path}: entry {i + 1} needs rule, path and line") from None
        return cls(path, counts)

    def filter(self, path, diagnostics) -> list:
        """The diagnostics of one file that the baseline does not know; the entries they use are
        recorded for unused_notes."""
        rel = self.rel(path)
        self.linted.add(rel)
        return self._unknown(rel, ((d, d.extra.get(LINE_KEY, "")) for d in diagnostics), self.used)

    def new_findings(self, doc, diagnostics) -> list:
        """Like filter, recording nothing: --fix leaves the findings the baseline knows alone."""
        return self._unknown(self.rel(doc.path), ((d, line_key(doc, d)) for d in diagnostics), Counter())

    def _unknown(self, rel, pairs, used) -> list:
        kept = []
        for d, line in pairs:
            key = (d.rule, rel, line)
            if used[key] < self.counts.get(key, 0):
                used[key] += 1
            else:
                kept.append(d)
        return kept

    def unused_notes(self) -> list:
        notes = []
        for key in sorted(self.counts):
            rule, rel, line = key
            left = self.counts[key] - self.used[key]
            if rel in self.linted and left > 0:
                shown = line if len(line) <= 40 else line[:40] + "…"
                notes.append(f"{self.path}: note: 基线条目已不再匹配（{rel} {rule} ×{left}：{shown}），"
                             f"可用 --write-baseline 重新生成。")
        return notes

    @staticmethod
    def write(path, results) -> int:
        """Write a baseline of every finding in results; returns the number of findings."""
        base = Baseline(path)
        counts = Counter()
        for r in results:
            rel = base.rel(r.path)
            for d in r.diagnostics:
                counts[(d.rule, rel, d.extra.get(LINE_KEY, ""))] += 1
        entries = [{"rule": rule, "path": rel, "line": line, "count": n}
                   for (rule, rel, line), n in sorted(counts.items())]
        data = {"tool": "speechlint", "version": VERSION, "entries": entries}
        write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        return sum(counts.values())


def strip_line_text(results) -> None:
    """Drop the helper key again so that no formatter sees it."""
    for r in results:
        for d in r.diagnostics:
            d.extra.pop(LINE_KEY, None)
