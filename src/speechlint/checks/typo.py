"""Typo checks: doubled words, and the typo rules re-run on the simplified view (plainview.py) of drafts
that a site turned into traditional characters or stuffed with pinyin annotations ("機關(guān)")."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import scan
from ..diagnostics import Fix
from ..plainview import plain_view
from ..registry import Hit, check
from ..words import on_word_boundary

# ---- doubled words -------------------------------------------------------------------------------
# A two-character word written twice ("开展开展"). One cheap regex finds the candidates; jieba then
# decides: both copies must be whole words. Doubled function characters (的的) and longer words
# (进一步进一步) are phrase rules in typo.yaml, which ride on the shared automaton for free.
_DOUBLED_WORD = re.compile(r"(..)\1")
# Verbs that reduplicate as "try / a little" (研究研究) and words that reduplicate by nature.
_REDUPLICABLE = frozenset("""
研究 讨论 学习 商量 考虑 锻炼 休息 了解 交流 总结 比较 认识 活动 准备 整理 打扫 检查 分析 琢磨 思考
体验 尝试 说明 介绍 沟通 调查 调整 反映 请示 汇报 放松 关心 帮助 照顾 指导 表扬 批评 教育 提醒 宣传
布置 清理 收拾 梳理 盘点 核实 走访 议论 商议 斟酌 掂量 合计 打听 参谋 把关 温习 回顾 反思 比划
摸索 动员 鼓励 安慰 劝说 开导 熟悉 适应 体会 感受 哈哈 呵呵 嘻嘻 嘿嘿 谢谢 加油 再见 拜拜
""".split())
_NUMERAL = set("一两二三四五六七八九十几每半")


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@check("typo.doubled")
def doubled(doc, rule):
    yield from _doubled_hits(doc, plain_view(doc))


def _doubled_hits(doc, view):
    text = view.text
    for m in _DOUBLED_WORD.finditer(text):
        word = m.group(1)
        if not (_is_cjk(word[0]) and _is_cjk(word[1])) or word[0] == word[1]:
            continue          # 常常, 天天: AA words doubled are AABB reduplication (常常常常 is rare)
        if word in _REDUPLICABLE or word[0] in _NUMERAL:
            continue          # 研究研究, 一个一个
        s, e = m.span()
        mid = s + 2
        if on_word_boundary(text, s, mid) and on_word_boundary(text, mid, e) and _is_one_word(text, s, mid):
            yield _doubled_hit(doc, view, s, e, word)


def _is_one_word(text, s, e) -> bool:
    """jieba keeps text[s:e] as one token (no cut inside it)."""
    return not any(on_word_boundary(text, i, i) for i in range(s + 1, e))


def _doubled_hit(doc, view, s, e, word):
    start, end = view.span(s, e)
    mid = view.start(s + len(word))
    # the fix keeps the first copy as written (with its annotation, if the site added one)
    return Hit(start, end, {"word": word}, Fix(doc.text[start:mid], safe=True))


# ---- the typo rules on the simplified view ------------------------------------------------------
@lru_cache(maxsize=1)
def _typo_rules():
    from ..ruleset import builtin_rules
    return tuple(r for r in builtin_rules() if r.category == "typo" and (r.phrases or r.patterns))


@lru_cache(maxsize=1)
def _typo_automaton():
    import ahocorasick
    automaton = ahocorasick.Automaton()
    table = {}
    for rule in _typo_rules():
        for phrase, replacement in rule.phrases.items():
            table.setdefault(phrase, []).append((rule, replacement))
    for phrase, entries in table.items():
        automaton.add_word(scan.key(phrase), (len(phrase), entries))
    automaton.make_automaton()
    return automaton


@check("typo.converted")
def converted(doc, rule):
    """Run the typo rules on the simplified view of the converted lines; report what they find there
    and the same rules do not find on the original text (those the ordinary rules already report)."""
    view = plain_view(doc)
    if not view.changed:
        return
    from ..engine import format_message
    text, original = view.text, doc.text
    for inner, s, e, params in _typo_findings(text, view.dirty):
        start, stop = view.span(s, e)
        if _found_on_original(inner, original, start, stop):
            continue
        params = dict(params, match=text[s:e])
        # the finding keeps the severity of the rule that made it (SL821 的/地 stays a warning)
        yield Hit(start, stop, {"inner": format_message(inner.message, params), "rule": inner.id},
                  severity=inner.severity)


def _found_on_original(inner, original, start, stop) -> bool:
    """Would the ordinary rule report this very span on the original text? (checked on its line only)"""
    if inner.phrases:
        return (original[start:stop] in inner.phrases and inner.context_ok(original, start, stop)
                and (not inner.word_boundary or on_word_boundary(original, start, stop)))
    lo = original.rfind("\n", 0, start) + 1
    hi = original.find("\n", stop)
    hi = len(original) if hi == -1 else hi
    return any(m.span(inner.group) == (start, stop) and inner.context_ok(original, start, stop)
               for pattern in inner.patterns for m in pattern.finditer(original, lo, hi))


def _typo_findings(text, spans):
    """(rule, start, end, params) of the phrase and pattern typo rules inside spans of text."""
    found = []
    automaton = _typo_automaton()
    for lo, hi in spans:
        for end, (length, entries) in scan.iter_utf8(automaton, text[lo:hi]):
            s, e = lo + end + 1 - length, lo + end + 1
            for inner, replacement in entries:
                if inner.severity == "info" or not inner.context_ok(text, s, e):
                    continue
                if inner.word_boundary and not on_word_boundary(text, s, e):
                    continue
                found.append((inner, s, e, {"replacement": replacement or ""}))
    for inner in _typo_rules():
        for pattern in inner.patterns:
            for m in _finditer_in(pattern, text, spans):
                s, e = m.span(inner.group)
                if s == e or not inner.context_ok(text, s, e):
                    continue
                params = {k: v or "" for k, v in m.groupdict().items()}
                if inner.fix is not None:
                    params["replacement"] = m.expand(inner.fix) if inner.group == 0 else inner.fix
                found.append((inner, s, e, params))
    return found


def _finditer_in(pattern, text, spans):
    for lo, hi in spans:
        yield from pattern.finditer(text, lo, hi)
