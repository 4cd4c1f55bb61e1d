"""Shared measurements for the recall and false-alarm tests (computed once per test session)."""
from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"
CLEAN = SHARED / "corpus" / "clean"


@lru_cache(maxsize=None)
def seed_diagnostics() -> dict:
    from speechlint import lint_file
    return {p.name: lint_file(p) for p in sorted(SEEDS.glob("*.txt"))}


@lru_cache(maxsize=None)
def expected_rows() -> tuple:
    path = SHARED / "seeds-expected.jsonl"
    return tuple(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def recall(category: str):
    """(found, total, missing rows) for one category: a row counts as found when a diagnostic of that
    category is reported on the same file and line."""
    got = {(name, d.line, d.category) for name, ds in seed_diagnostics().items() for d in ds}
    rows = [r for r in expected_rows() if r["category"] == category]
    missing = [r for r in rows if (r["file"], r["line"], r["category"]) not in got]
    return len(rows) - len(missing), len(rows), missing


@lru_cache(maxsize=None)
def clean_diagnostics() -> tuple:
    """(characters, {file name: diagnostics}) over the clean corpus."""
    from speechlint import lint_file
    chars, found = 0, {}
    for path in sorted(CLEAN.glob("*.txt")):
        chars += len(path.read_text(encoding="utf-8"))
        found[path.name] = lint_file(path)
    return chars, found


def false_alarms(categories):
    """Warnings and errors of these categories on the clean corpus, and the rate per 10,000 characters."""
    chars, found = clean_diagnostics()
    hits = [(name, d) for name, ds in found.items() for d in ds
            if d.category in categories and d.severity in ("warning", "error")]
    return hits, len(hits) / chars * 10000


def report(label, found, total, missing=()):
    print(f"\n{label}: {found}/{total} ({found / total:.0%})" if total else f"\n{label}: nothing expected")
    for r in list(missing)[:15]:
        print(f"  missing {r['file'][:3]}:{r['line']}:{r['column']} {r['text']!r} — {r['note'][:80]}")


def by_rule(hits):
    counts = defaultdict(int)
    for _, d in hits:
        counts[d.rule] += 1
    return dict(counts)
