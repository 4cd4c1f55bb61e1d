"""SARIF 2.1.0 for code-scanning tools (GitHub code scanning, VS Code SARIF viewer, …).

Columns are characters (code points), which SARIF calls columnKind "unicodeCodePoints"; our
end_column is already exclusive, which is what SARIF's endColumn means."""
from __future__ import annotations

import json
from pathlib import PurePath
from urllib.parse import quote

from . import formatter

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
INFO_URI = "https://github.com/speechlint/speechlint"


def _uri(path: str) -> str:
    p = PurePath(path.replace("\\", "/"))
    if p.is_absolute():
        return p.as_uri()
    # a relative reference: percent-encode everything but the path separators
    return quote(p.as_posix(), safe="/")


def _example_text(example) -> str:
    return example["text"] if isinstance(example, dict) else str(example)


def _help(rule) -> dict:
    parts = [rule.description]
    md = [rule.description]
    if rule.rationale:
        parts.append("依据：" + rule.rationale)
        md.append("**依据**：" + rule.rationale)
    for key, title in (("bad", "错误示例"), ("good", "正确示例")):
        examples = [_example_text(e) for e in (rule.examples.get(key) or [])]
        if examples:
            parts.append(title + "：\n" + "\n".join("  - " + e for e in examples))
            md.append(f"**{title}**：\n\n" + "\n".join("- " + e for e in examples))
    return {"text": "\n\n".join(parts), "markdown": "\n\n".join(md)}


def _rule_descriptor(rule) -> dict:
    full = rule.description + ("\n" + rule.rationale if rule.rationale else "")
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.description.splitlines()[0]},
        "fullDescription": {"text": full},
        "help": _help(rule),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category, "tags": [rule.category]},
    }


def _region(line, column, end_line, end_column) -> dict:
    region = {"startLine": max(1, line), "startColumn": max(1, column)}
    if end_line:
        region["endLine"] = max(region["startLine"], end_line)
        region["endColumn"] = max(1, end_column)
    return region


def _fix(d, uri) -> tuple:
    """(the fix object with an empty "replacements" list, the replacements to put in it)."""
    edits = d.edit_dicts()
    if edits is None:
        edits = [{"line": d.line, "column": d.column, "end_line": d.end_line, "end_column": d.end_column,
                  "replacement": d.fix.replacement}]
    replacements = ({"deletedRegion": _region(e["line"], e["column"], e["end_line"], e["end_column"]),
                     "insertedContent": {"text": e["replacement"]}} for e in edits)
    label = "安全修正" if d.fix.safe else "需人工确认的修正（--unsafe-fixes）"
    return ({"description": {"text": label},
             "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": []}]}, replacements)


def _rules_and_index(rules):
    if rules is None:
        from ..ruleset import builtin_rules
        rules = builtin_rules()
    rules = sorted({r.id: r for r in rules}.values(), key=lambda r: r.id)
    return rules, {r.id: i for i, r in enumerate(rules)}


def _results(results, index):
    """(result, its fix's replacements or None) for every finding; the replacements are left out of
    the result so that a document-level fix's million edits can be written one at a time."""
    for r in results:
        uri = _uri(r.path)
        for d in r.diagnostics:
            item = {
                "ruleId": d.rule,
                "level": LEVELS.get(d.severity, "warning"),
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": _region(d.line, d.column, d.end_line, d.end_column),
                }}],
                "properties": {"category": d.category},
            }
            if d.rule in index:
                item["ruleIndex"] = index[d.rule]
            replacements = None
            if d.fix is not None:
                fix, replacements = _fix(d, uri)
                item["fixes"] = [fix]
            yield item, replacements


def _run(results, rules, out_results) -> dict:
    from .. import __version__
    artifacts = [{"location": {"uri": _uri(r.path)}, "encoding": r.encoding} for r in results]
    notes = [{"level": "error", "message": {"text": f"{r.path}: {r.error}"}} for r in results if r.error]
    invocation = {"executionSuccessful": not notes}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "speechlint",
                "version": __version__,
                "informationUri": INFO_URI,
                "rules": [_rule_descriptor(rule) for rule in rules],
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "invocations": [invocation],
            "results": out_results,
        }],
    }


def as_sarif(results, rules=None) -> dict:
    rules, index = _rules_and_index(rules)
    out = []
    for item, replacements in _results(results, index):
        if replacements is not None:
            item["fixes"][0]["artifactChanges"][0]["replacements"] = list(replacements)
        out.append(item)
    return _run(results, rules, out)


@formatter("sarif")
def format_sarif(results, out, *, rules=None, **_):
    """Compact (a document-level fix can carry thousands of edits, and SARIF is read by machines), and
    written as it goes: the results are dumped one by one into the run's "results" array, so that a
    20 MB draft's 160,000 findings are never one object (json.dump of it took 40 s and 970 MB)."""
    rules, index = _rules_and_index(rules)
    dumps = lambda value: json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    head, tail = dumps(_run(results, rules, [])).rsplit('"results":[]', 1)
    out.write(head + '"results":[')
    for i, (item, replacements) in enumerate(_results(results, index)):
        if i:
            out.write(",")
        if replacements is None:
            out.write(dumps(item))
            continue
        before, after = dumps(item).rsplit('"replacements":[]', 1)
        out.write(before + '"replacements":[')
        for k, replacement in enumerate(replacements):
            out.write(("," if k else "") + dumps(replacement))
        out.write("]" + after)
    out.write("]" + tail + "\n")
