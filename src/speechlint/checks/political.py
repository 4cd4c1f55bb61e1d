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
from ..scan import find_words, prefix_table, starts_pattern

_SEP = "、，,和及与"
_WINDOW = 48


@lru_cache(maxsize=16)
def _list_pattern(suffix: str):
    # two-character stems with the suffix on each item or only on the last one, ending at the window end
    return re.compile(rf"(?:[\u4e00-\u9fff]{{2}}(?:{suffix})?[{_SEP}]\s*){{2,5}}[\u4e00-\u9fff]{{2}}{suffix}\Z")


@lru_cache(maxsize=16)
def _literal(word: str):
    return re.compile(re.escape(word))


@lru_cache(maxsize=16)
def _split(suffix: str):
    return re.compile(rf"(?:{suffix})?[{_SEP}]\s*|{suffix}$")


def _lists(text: str, suffix: str):
    """(start, end) of every enumeration ending in suffix; a list is found once, at its last item.
    Looks back from each occurrence of the suffix instead of scanning every character."""
    pattern, found = _list_pattern(suffix), []
    # re finds a literal faster than str.find does (0.5 against 1.6 ms on seeds40)
    for occurrence in _literal(suffix).finditer(text):
        pos, end = occurrence.span()
        # the last stem (two characters) follows a separator and maybe spaces: most occurrences
        # ("增强忧患意识") fail this test, which costs far less than the pattern's search
        before = text[pos - 3] if pos >= 3 else ""
        if not before or not (before in _SEP or before.isspace()):
            continue
        lo = max(0, end - _WINDOW)
        m = pattern.search(text, lo, end)
        if m:
            if found and m.start() <= found[-1][1] and m.start() <= found[-1][0] + _WINDOW:
                if m.start() < found[-1][1]:
                    found.pop()         # the same list, now one item longer
            found.append((m.start(), end))
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
    """(one pattern per first character, {name: rank}, {name: the names it starts with}): a pattern
    that opens with a plain character is searched with a fast string search, a class of all the first
    characters costs a step at every character of the text."""
    rank = {name: r for r, names in enumerate(items) for name in names}
    heads = {}
    for name in rank:
        heads.setdefault(name[0], []).append(name)
    return [starts_pattern(names) for names in heads.values()], rank, prefix_table(rank)


def _occurrences(text: str, items: tuple) -> list:
    """Sorted (start, end, rank) of every occurrence of every name of the series."""
    patterns, rank, prefixes = _sequence_parts(items)
    return sorted((start, start + len(name), rank[name])
                  for pattern in patterns for start, name in find_words(pattern, prefixes, text))


# what may stand between two items of one enumeration: quotes, 重要思想, a 顿号/逗号/和
_GAP = re.compile(r"[”\"]?(?:重要思想)?[”\"]?\s*[、，,和及与]\s*[“\"]?\Z")


@check("political.sequence")
def sequence(doc, rule):
    """options: sequences: [{label: 指导思想, items: [[马克思列宁主义], [毛泽东思想], …]}]: an enumeration of
    at least three items of a fixed series must keep the series' order (each item may have variants)."""
    text = doc.text
    for seq in rule.options.get("sequences", []):
        items = tuple(tuple(i) if isinstance(i, list) else (i,) for i in seq["items"])
        hits = _occurrences(text, items)
        # none of three members is in the text: no report (the scan above costs less than the
        # three "in" tests it replaces, 0.8 against 3.8 ms on seeds40)
        wanted = set(items[0] + items[-1] + items[len(items) // 2])
        if not any(text[start:end] in wanted for start, end, _ in hits):
            continue
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
