"""Typo checks: doubled words, and the typo rules re-run on a simplified view of drafts that a site
turned into traditional characters or stuffed with pinyin annotations ("機關(guān)").

The view (`plain_view`) is also what the boilerplate checks read, so a "相關(guān)熱詞搜索" line is
matched like "相关热词搜索"."""
from __future__ import annotations

import bisect
import re
import weakref
from functools import lru_cache

from ..diagnostics import Fix
from ..registry import Hit, check
from ..words import on_word_boundary

# A tone-marked pinyin syllable in brackets right after a Chinese character: "關(guān)".
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_ANNOTATION = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zü%s]{0,6}[%s][a-zü%s]{0,6}[)）]" % (_TONES, _TONES, _TONES))
# Characters that exist only in traditional script; a handful of them means the draft was converted.
_TRADITIONAL = re.compile(
    "[們這個來會說為國發與時對經關實從現進過問麼當動開還點學長種應將無後業義設體總機黨組織領導員議務區"
    "決處幹則責認識論數質產環資結構聯係頁權網載檔閱讀熱詞擊歡頭專證據極壓繼續礎紀鄉鎮縣財稅報價參費劃擴辦"
    "隊衛標準條訊氣觀確勞興級讓貫項規範歷營]")
_DIRTY = re.compile("[%s]|%s" % (_TONES, _TRADITIONAL.pattern))
# Used only when OpenCC is missing: enough for the site words the boilerplate rules look for.
_FALLBACK_T2S = str.maketrans(
    "們這個來會說為國發與時對經關實從現進過問麼當動開還點學長種應將無後業義設體總機黨組織領導員議務區"
    "決處幹則責認識論數質產環資結構聯係頁權網載檔閱讀熱詞擊歡頭專證據極壓繼續礎紀鄉鎮縣財稅報價參費劃擴辦"
    "隊衛標準條訊氣觀確勞興級讓間覽搜薦篇範閒載錄贊刪類",
    "们这个来会说为国发与时对经关实从现进过问么当动开还点学长种应将无后业义设体总机党组织领导员议务区"
    "决处干则责认识论数质产环资结构联系页权网载档阅读热词击欢头专证据极压继续础纪乡镇县财税报价参费划扩办"
    "队卫标准条讯气观确劳兴级让间览搜荐篇范闲载录赞删类")


@lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc
    except ImportError:  # the script rules bring OpenCC; without it only the site words are converted
        return lambda text: text.translate(_FALLBACK_T2S)
    converter = opencc.OpenCC("t2s")

    def convert(text):
        out = converter.convert(text)
        # offsets must stay put: fall back to the one-to-one table if a phrase changed length
        return out if len(out) == len(text) else text.translate(_FALLBACK_T2S)
    return convert


class PlainView:
    """Simplified text without pinyin annotations, and the way back to offsets in doc.text.

    Only the lines that hold traditional characters or annotations are converted; the map back is a
    short list of segments (plain start, original start), one more after every removed annotation."""

    def __init__(self, text, segments=None, orig_len=0, dirty=()):
        self.text = text
        self.changed = segments is not None
        self.dirty = list(dirty)          # plain (start, end) of the converted lines
        self._orig_len = orig_len
        self._plain_starts = [p for p, _ in segments] if segments else [0]
        self._orig_starts = [o for _, o in segments] if segments else [0]

    def start(self, i: int) -> int:
        if not self.changed:
            return i
        k = bisect.bisect_right(self._plain_starts, i) - 1
        return self._orig_starts[k] + i - self._plain_starts[k]

    def end(self, i: int) -> int:
        """Original offset just past plain[i-1], including an annotation that follows it."""
        if not self.changed:
            return i
        return self.start(i) if i < len(self.text) else self._orig_len

    def span(self, start: int, end: int) -> tuple:
        return self.start(start), self.end(end)

    @property
    def line_starts(self) -> list:
        starts = self.__dict__.get("_line_starts")
        if starts is None:
            starts, find, text = [0], self.text.find, self.text
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        return starts


_VIEWS = weakref.WeakKeyDictionary()


def plain_view(doc) -> PlainView:
    view = _VIEWS.get(doc)
    if view is None:
        view = _VIEWS[doc] = _build_view(doc.text)
    return view


def _dirty_lines(text: str) -> list:
    """(start, end) of the lines holding a tone-marked letter or a traditional character."""
    lines, pos = [], 0
    while True:
        m = _DIRTY.search(text, pos)
        if not m:
            return lines
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end == -1 else end
        if lines and lines[-1][1] + 1 >= start:
            start = lines.pop()[0]          # neighbouring lines: convert them in one go
        lines.append((start, end))
        pos = end


def _build_view(text: str) -> PlainView:
    dirty = _dirty_lines(text)
    if not dirty:
        return PlainView(text)
    convert = _t2s()
    parts, segments, plain_dirty = [], [(0, 0)], []
    plain_len, pos = 0, 0
    for start, end in dirty:
        parts.append(text[pos:start])
        plain_len += start - pos
        line = convert(text[start:end])
        line_plain_start, cut = plain_len, 0
        for m in _ANNOTATION.finditer(line):
            parts.append(line[cut:m.start()])
            plain_len += m.start() - cut
            cut = m.end()
            segments.append((plain_len, start + cut))
        parts.append(line[cut:])
        plain_len += len(line) - cut
        if plain_dirty and plain_dirty[-1][1] + 1 >= line_plain_start:
            line_plain_start = plain_dirty.pop()[0]     # merge neighbouring lines into one span
        plain_dirty.append((line_plain_start, plain_len))
        pos = end
    parts.append(text[pos:])
    return PlainView("".join(parts), segments, len(text), plain_dirty)


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
        automaton.add_word(phrase, (len(phrase), entries))
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
        for end, (length, entries) in automaton.iter(text[lo:hi]):
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
