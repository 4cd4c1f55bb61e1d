from __future__ import annotations

import os
from collections import Counter

from . import formatter

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"


def wants_colour(args, out) -> bool:
    return args.format == "text" and not args.no_color and out.isatty() and "NO_COLOR" not in os.environ


def format_file(result, out, *, colour=False):
    """The lines of one file's findings, a thousand per write: few writes, and never the whole report
    of a 20 MB draft (160,000 lines) in memory at once."""
    if result.report:
        out.write(result.report)
        return
    for chunk in _chunks(result, colour):
        out.write(chunk)


def render_file(result, *, colour=False) -> str:
    return "".join(_chunks(result, colour))


def _chunks(result, colour):
    lines = []
    for d in result.diagnostics:
        rule = f"{_COLOURS[d.severity]}{d.rule}{_RESET}" if colour else d.rule
        line, column = d.position()
        lines.append(f"{result.path}:{line}:{column}: {rule} [{d.category}] {d.message}\n")
        if len(lines) == 1000:
            yield "".join(lines)
            lines.clear()
    if lines:
        yield "".join(lines)


def format_summary(results, out):
    counts = Counter()
    files = 0
    for r in results:
        c = r.counts()
        counts.update(c)
        files += bool(c)
    total = Counter()
    for (severity, _), k in counts.items():
        total[severity] += k
    n = sum(total.values())
    fixed = sum(r.fixed for r in results)
    if fixed:
        fixed_files = sum(1 for r in results if r.fixed)
        out.write(f"已自动修正 {fixed} 处（{fixed_files} 个文件）。\n")
    if n == 0:
        rest = "没有剩余问题" if fixed else "没有发现问题"
        out.write(f"{rest}（检查了 {len(results)} 个文件）。\n")
        return
    parts = "，".join(f"{name} {total[name]}" for name in ("error", "warning", "info") if total[name])
    fixable = sum(k for (_, fix), k in counts.items() if fix == "safe")
    unsafe = sum(k for (_, fix), k in counts.items() if fix == "unsafe")
    tail = f"；其中 {fixable} 处可用 --fix 自动修正" if fixable else ""
    tail += f"；另有 {unsafe} 处需人工确认，可用 --fix --unsafe-fixes 修正" if unsafe else ""
    head = "仍有" if fixed else "发现"
    out.write(f"{head} {n} 个问题（{parts}），涉及 {files}/{len(results)} 个文件{tail}。\n")


@formatter("text")
def format_text(results, out, *, colour=False, **_):
    for result in results:
        format_file(result, out, colour=colour)
    format_summary(results, out)
