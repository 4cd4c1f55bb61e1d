"""Fixed political formulations whose members and order are set: 四个意识, 四个自信 (rules/political.yaml).

A list is judged only when it is clearly that formulation: at least three of its four members
appear in one enumeration ("政治意识、大局意识、核心意识、看齐意识", "道路、理论、制度、文化自信"), or
the enumeration follows its label ("四个自信”，即…").  Lists of other 意识 (责任意识、创新意识) are
left alone.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..registry import Hit, check
from ..scan import iter_windows

_SEP = "、，,和及与"
_WINDOW = 48


@lru_cache(maxsize=16)
def _list_pattern(suffix: str):
    # two-character stems with the suffix on each item or only on the last one, ending at the window end
    return re.compile(rf"(?:[\u4e00-\u9fff]{{2}}(?:{suffix})?[{_SEP}]\s*){{2,5}}[\u4e00-\u9fff]{{2}}{suffix}\Z")


@lru_cache(maxsize=16)
def _split(suffix: str):
    return re.compile(rf"(?:{suffix})?[{_SEP}]\s*|{suffix}$")


def _lists(text: str, suffix: str):
    """(start, end) of every enumeration ending in suffix; a list is found once, at its last item.
    Looks back from each occurrence of the suffix instead of scanning every character."""
    pattern, found = _list_pattern(suffix), []
    pos = text.find(suffix)
    while pos != -1:
        end = pos + len(suffix)
        lo = max(0, end - _WINDOW)
        m = pattern.search(text, lo, end)
        if m:
            if found and m.start() <= found[-1][1] and m.start() <= found[-1][0] + _WINDOW:
                if m.start() < found[-1][1]:
                    found.pop()         # the same list, now one item longer
            found.append((m.start(), end))
        pos = text.find(suffix, end)
    return found


@check("political.members")
def members(doc, rule):
    """options: families: [{label: 四个意识, suffix: 意识, members: [政治, 大局, 核心, 看齐]}, ...]"""
    text = doc.text
    for family in rule.options.get("families", []):
        suffix, canon, label = family["suffix"], list(family["members"]), family["label"]
        correct = "、".join(m + suffix for m in canon)
        for start, end in _lists(text, suffix):
            stems = [s for s in _split(suffix).split(text[start:end]) if s]
            known = [s for s in stems if s in canon]
            labelled = label in text[max(0, start - 12):start]
            if len(known) < 3 and not (labelled and len(known) >= 2):
                continue
            in_order = known == [c for c in canon if c in known]
            complete = len(stems) == len(canon) == len(known)
            wrong_member = len(stems) == len(canon) and len(known) < len(canon)
            if in_order and not wrong_member and (complete or not labelled):
                continue
            what = "顺序不对" if not in_order else "成员不对"
            yield Hit(start, end, {"label": label, "correct": correct, "problem": what})


@lru_cache(maxsize=8)
def _sequence_parts(items: tuple):
    import ahocorasick
    auto = ahocorasick.Automaton()
    for rank, names in enumerate(items):
        for name in names:
            auto.add_word(name, (rank, len(name)))
    auto.make_automaton()
    return auto


# what may stand between two items of one enumeration: quotes, 重要思想, a 顿号/逗号/和
_GAP = re.compile(r"[”\"]?(?:重要思想)?[”\"]?\s*[、，,和及与]\s*[“\"]?\Z")


@check("political.sequence")
def sequence(doc, rule):
    """options: sequences: [{label: 指导思想, items: [[马克思列宁主义], [毛泽东思想], …]}]: an enumeration of
    at least three items of a fixed series must keep the series' order (each item may have variants)."""
    text = doc.text
    for seq in rule.options.get("sequences", []):
        items = tuple(tuple(i) if isinstance(i, list) else (i,) for i in seq["items"])
        if not any(n in text for n in items[0] + items[-1] + items[len(items) // 2]):
            continue  # cheap exit: none of three members is in the text
        hits = sorted((end + 1 - length, end + 1, rank)
                      for end, (rank, length) in iter_windows(_sequence_parts(items), text))
        run = []
        for hit in hits + [None]:
            if hit is not None and run and hit[0] >= run[-1][1] and _GAP.match(text[run[-1][1]:hit[0]]) \
                    and hit[0] - run[-1][1] <= 8:
                run.append(hit)
                continue
            ranks = [r for _, _, r in run]
            if len(run) >= 3 and ranks != sorted(ranks):
                correct = "、".join(i[0] for i in items)
                yield Hit(run[0][0], run[-1][1], {"label": seq["label"], "correct": correct})
            run = [hit] if hit is not None else []
