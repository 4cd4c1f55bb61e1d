from __future__ import annotations

from collections import Counter

from . import formatter

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"


@formatter("text")
def format_text(results, out, *, colour=False, **_):
    total = Counter()
    files = 0
    for result in results:
        if result.diagnostics:
            files += 1
        for d in result.diagnostics:
            total[d.severity] += 1
            rule = f"{_COLOURS[d.severity]}{d.rule}{_RESET}" if colour else d.rule
            out.write(f"{result.path}:{d.line}:{d.column}: {rule} [{d.category}] {d.message}\n")
    n = sum(total.values())
    if n == 0:
        out.write(f"没有发现问题（检查了 {len(results)} 个文件）。\n")
        return
    parts = "，".join(f"{name} {total[name]}" for name in ("error", "warning", "info") if total[name])
    fixable = sum(1 for r in results for d in r.diagnostics if d.fix and d.fix.safe)
    tail = f"；其中 {fixable} 处可用 --fix 自动修正" if fixable else ""
    out.write(f"发现 {n} 个问题（{parts}），涉及 {files}/{len(results)} 个文件{tail}。\n")
