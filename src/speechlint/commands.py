"""The `rules` and `outline` subcommands."""
from __future__ import annotations

import argparse

from .errors import SpeechlintError


def rules_command(argv, out) -> int:
    from .ruleset import builtin_rules
    p = argparse.ArgumentParser(prog="speechlint rules", description="List rules, or explain one.")
    p.add_argument("rule", nargs="?", help="a rule id (SL101) to explain")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    args = p.parse_args(argv)
    rules = sorted(builtin_rules(), key=lambda r: r.id)
    if args.format == "json":
        import json
        json.dump([_rule_dict(r) for r in rules if not args.rule or r.id == args.rule], out,
                  ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    if args.format == "markdown":
        out.write("# speechlint 规则一览\n\n由 `speechlint rules --format markdown` 生成。\n\n")
        out.write("| 编号 | 类别 | 级别 | 说明 |\n|---|---|---|---|\n")
        for rule in rules:
            off = "（默认关闭）" if not rule.enabled else ""
            out.write(f"| [{rule.id}](#{rule.id.lower()}-{rule.name}) | {rule.category} | {rule.severity} | "
                      f"{rule.description.splitlines()[0]}{off} |\n")
        out.write("\n")
        for rule in rules:
            out.write(explain(rule, markdown=True) + "\n")
        return 0
    if args.rule:
        match = [r for r in rules if r.id == args.rule.upper()]
        if not match:
            raise SpeechlintError(f"no rule {args.rule} (see `speechlint rules`)")
        out.write(explain(match[0]) + "\n")
        return 0
    for rule in rules:
        off = "" if rule.enabled else "（默认关闭，用 --select {} 开启）".format(rule.id)
        out.write(f"{rule.id}  {rule.category:<12} {rule.severity:<8} {rule.description.splitlines()[0]}{off}\n")
    return 0


def _rule_dict(rule):
    return {"id": rule.id, "name": rule.name, "category": rule.category, "severity": rule.severity,
            "description": rule.description, "rationale": rule.rationale, "message": rule.message,
            "examples": rule.examples}


def _example_text(example):
    return example["text"] if isinstance(example, dict) else str(example)


def explain(rule, markdown=False) -> str:
    head = f"## {rule.id} {rule.name}" if markdown else f"{rule.id} {rule.name}"
    state = "" if rule.enabled else f"    默认关闭 off by default (--select {rule.id})"
    lines = [head, "", f"类别 category: {rule.category}    级别 severity: {rule.severity}{state}", "", rule.description]
    if rule.rationale:
        lines += ["", "依据 rationale: " + rule.rationale]
    for key, title in (("bad", "错误示例 bad"), ("good", "正确示例 good")):
        examples = rule.examples.get(key) or []
        if examples and markdown:
            lines += ["", title + ":", "", "```text"]
            lines += [_example_text(e).rstrip("\n") + ("\n" if i + 1 < len(examples) else "")
                      for i, e in enumerate(examples)]
            lines += ["```"]
        elif examples:
            lines += ["", title + ":"]
            lines += [f"  - {_example_text(e)}" for e in examples]
    return "\n".join(lines) + "\n"


def outline_command(argv, out) -> int:
    from .loader import load_path
    p = argparse.ArgumentParser(prog="speechlint outline", description="Print the numbering outline of a draft.")
    p.add_argument("file")
    args = p.parse_args(argv)
    doc = load_path(args.file)
    for depth, heading in doc.outline.walk():
        line, col = doc.position(heading.start)
        text = heading.paragraph.text[:40].replace("\n", " ")
        out.write(f"{line:5d}  {'  ' * depth}{text}\n")
    return 0
