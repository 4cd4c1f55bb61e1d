"""Suppression comments in Markdown drafts:

    <!-- speechlint-disable SL201 numbering -->   off from here (ids, id prefixes, categories; none = all)
    <!-- speechlint-enable SL201 -->              on again (none = everything disabled so far)
    <!-- speechlint-disable-next-line SL201 -->   off for the next line only

Like ruff's RUF100, a comment that suppresses nothing is reported: as a note on standard error
(`file:line:column: note: …`), which does not change the exit code and is not a finding of any
category. Comments naming only rules that are not enabled in this run are not reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_DIRECTIVE = re.compile(r"^\s*speechlint-(disable-next-line|disable|enable)(?![\w-])(.*)$", re.S)
_SPLIT = re.compile(r"[\s,，、]+")


@dataclass
class Directive:
    kind: str             # disable | enable | disable-next-line
    selectors: tuple      # () = all rules
    start: int            # offsets of the comment
    end: int
    line: int             # 1-based line and column of the comment
    column: int
    used: int = 0

    @property
    def text(self) -> str:
        return f"speechlint-{self.kind}" + (" " + " ".join(self.selectors) if self.selectors else "")


def _matches(selectors, d) -> bool:
    return not selectors or any(s == d.category or d.rule.startswith(s) for s in selectors)


def directives(doc) -> list:
    if doc.kind != "markdown" or "speechlint-" not in doc.text:
        return []
    from .inputs.markdown import comments
    out = []
    for start, end, body in comments(doc.text):
        m = _DIRECTIVE.match(body)
        if m:
            selectors = tuple(s for s in _SPLIT.split(m.group(2).strip()) if s)
            line, column = doc.position(start)
            out.append(Directive(m.group(1), selectors, start, end, line, column))
    return out


def apply_directives(doc, diagnostics, rules=None) -> tuple:
    """(kept diagnostics, notes about comments that suppressed nothing)."""
    found = directives(doc)
    if not found:
        return diagnostics, []
    regions = []          # (directive, from offset, to offset)
    open_ = []
    for d in found:
        if d.kind == "disable":
            open_.append([d, d.end])
        elif d.kind == "enable":
            still = []
            for item in open_:
                what = item[0].selectors
                if not d.selectors or (what and set(what) <= set(d.selectors)):
                    regions.append((item[0], item[1], d.start))
                    d.used += 1          # an enable that closes something is doing its job
                else:
                    still.append(item)
            open_ = still
    regions.extend((item[0], item[1], len(doc.text)) for item in open_)
    next_line = {d.line + doc.text.count("\n", d.start, d.end) + 1: d for d in found
                 if d.kind == "disable-next-line"}
    kept = []
    for diag in diagnostics:
        hit = None
        nl = next_line.get(diag.line)
        if nl is not None and _matches(nl.selectors, diag):
            hit = nl
        else:
            for directive, lo, hi in regions:
                if lo <= diag.start < hi and _matches(directive.selectors, diag):
                    hit = directive
                    break
        if hit is None:
            kept.append(diag)
        else:
            hit.used += 1
    notes = []
    for d in found:
        if d.used or d.kind == "enable" and not d.selectors:
            continue
        if rules is not None and d.selectors and not any(
                s == r.category or r.id.startswith(s) for s in d.selectors for r in rules):
            continue          # about rules not enabled in this run: not evidence of a stale comment
        what = "没有对应的 speechlint-disable" if d.kind == "enable" else "没有抑制任何问题"
        notes.append(f"{doc.path}:{d.line}:{d.column}: note: 未使用的抑制注释 <!-- {d.text} -->：{what}，"
                     f"可以删除。")
    return kept, notes


def lint_document(doc, linter) -> tuple:
    """Lint one Document and honour its suppression comments: (diagnostics, notes)."""
    diagnostics = linter.lint(doc)
    return apply_directives(doc, diagnostics, linter.rules)
