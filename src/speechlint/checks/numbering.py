"""Numbering checks over the outline (headings) and inline series (一是/二是, 第一，/第二，)."""
from __future__ import annotations

import bisect
import re

from ..diagnostics import Fix
from ..document import per_document
from ..outline import STANDARD_SEP, cn_value
from ..registry import Hit, check

_CN = "零一二三四五六七八九十"


def cn_numeral(n: int) -> str:
    if n <= 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def label(marker, value=None) -> str:
    """How a marker with this value is written in its own style: 三、 （三） 3. 三是 第三，"""
    v = marker.value if value is None else value
    kind = marker.kind
    if kind == "cn_item":
        return cn_numeral(v) + "、"
    if kind == "paren_cn":
        return "（" + cn_numeral(v) + "）"
    if kind == "arabic_item":
        return f"{v}."
    if kind == "paren_arabic":
        return f"（{v}）"
    if kind == "circled":
        return "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"[v - 1] if v <= 20 else str(v)
    if kind == "part":
        return f"第{cn_numeral(v)}{marker.verb}"
    if kind == "layer":
        return f"第{cn_numeral(v)}层意思"
    if kind == "seq_verb":
        return cn_numeral(v) + marker.verb
    if kind == "ordinal":
        return f"第{cn_numeral(v)}，"
    return marker.text


@per_document              # six checks walk these runs
def sibling_runs(doc):
    """Lists of sibling headings of one kind under one parent, in order (the series to check)."""
    groups = {}
    for h in doc.outline.headings:
        if h.marker.kind in ("part", "layer"):
            continue
        groups.setdefault((id(h.parent), h.marker.kind), []).append(h)
    return list(groups.values())


# ---- headings ------------------------------------------------------------------------

@check("numbering.sequence")
def sequence(doc, rule):
    """Skipped (一、二、四、), duplicated (二、二、) and out-of-order (三、二、) siblings."""
    want = rule.options.get("problem")
    for run in sibling_runs(doc):
        for prev, cur in zip(run, run[1:]):
            if prev.part != cur.part:
                continue
            pv, cv = prev.marker.value, cur.marker.value
            if cv == pv + 1:
                continue
            if cv > pv + 1:
                problem = "skipped"
            elif cv == pv:
                problem = "duplicate"
            elif cv == 1:
                continue   # a restart is judged by numbering.restart
            else:
                problem = "order"
            if problem == want:
                yield Hit(cur.start, cur.end, {"found": label(cur.marker), "expected": label(cur.marker, pv + 1),
                                               "previous": label(prev.marker)})


@check("numbering.restart")
def restart(doc, rule):
    """A series starts again at 1 under the same parent: a parent heading is missing (or the
    numbering restarts by mistake)."""
    for run in sibling_runs(doc):
        count = 0
        for prev, cur in zip(run, run[1:]):
            if cur.marker.value == 1 and prev.part == cur.part:
                count += 1
                parent_kind = _parent_kind(cur.marker.kind)
                hint = f"上一级标题（如“{cn_numeral(count + 1)}、”）可能缺失" if parent_kind else "编号可能应当接续"
                yield Hit(cur.start, cur.end, {"found": label(cur.marker), "hint": hint})


def _parent_kind(kind):
    return {"paren_cn": "cn_item", "arabic_item": "paren_cn", "paren_arabic": "arabic_item"}.get(kind)


@check("numbering.missing-parent")
def missing_parent(doc, rule):
    """Second-level series restart while their part has no first-level heading at all: the first-level
    headings were lost. The paragraph right before each restarted run is where one belongs."""
    for run in sibling_runs(doc):
        kind = run[0].marker.kind
        parent_kind = _parent_kind(kind)
        if parent_kind is None or run[0].parent is not None and run[0].parent.marker.kind == parent_kind:
            continue
        starts = [h for h in run if h.marker.value == 1]
        if len(starts) < 2:
            continue
        if any(h.marker.kind == parent_kind and h.part == run[0].part for h in doc.outline.headings):
            continue
        paragraphs = doc.paragraphs
        index = {id(p): i for i, p in enumerate(paragraphs)}
        for n, first in enumerate(starts, 1):
            i = index[id(first.paragraph)]
            if i == 0:
                continue
            lead = paragraphs[i - 1]
            if lead.marker is not None or len(lead.text) < 8:
                continue
            yield Hit(lead.start, lead.start + min(8, len(lead.text)),
                      {"expected": cn_numeral(n) + "、", "child": label(first.marker)})


@check("numbering.inversion")
def inversion(doc, rule):
    """A higher-rank marker nested inside a lower-rank item: 1. … （一） … 2."""
    heads = [h for h in doc.outline.headings if h.marker.kind not in ("part", "layer", "circled")]
    for i, h in enumerate(heads):
        if i == 0 or h.marker.value != 1:
            continue
        prev = heads[i - 1]
        if prev.level <= h.level:
            continue
        for later in heads[i + 1:]:
            if later.level < h.level:
                break
            if later.marker.kind == prev.marker.kind and later.level == prev.level:
                if later.marker.value == prev.marker.value + 1:
                    yield Hit(h.start, h.end, {"found": label(h.marker), "outer": label(prev.marker)})
                break


@check("numbering.marker-punctuation")
def marker_punctuation(doc, rule):
    """GB/T 9704-2012: 一、 （一） 1. （1）; drafters type 1、 一， （一）、 第一、."""
    for h in doc.outline.headings:
        m = h.marker
        if m.kind in STANDARD_SEP and m.sep not in (STANDARD_SEP[m.kind], "．" if m.kind == "arabic_item" else ""):
            good = label(m)
            yield Hit(h.start, h.end, {"found": m.text, "replacement": good}, Fix(good, True))
        elif m.kind in ("paren_cn", "paren_arabic") and m.sep:
            good = m.text[:-1]
            yield Hit(h.start, h.end, {"found": m.text, "replacement": good}, Fix(good, True))
    for para in doc.paragraphs:
        for start, m in para.inline_markers:
            # 第一、第三产业 and 第一、二季度 are abbreviations, not a series
            if m.kind == "ordinal" and m.sep == "、" and not _NUMERAL_NEXT.match(para.text, start - para.start + m.length):
                good = m.text[:-1] + "\uff0c"
                yield Hit(start, start + m.length, {"found": m.text, "replacement": good}, Fix(good, True))


_NUMERAL_NEXT = re.compile(r"[第一二三四五六七八九十0-9]")


@check("numbering.mixed-style")
def mixed_style(doc, rule):
    """Siblings written in two styles: （一） beside (二), 1. beside 1．"""
    for run in sibling_runs(doc):
        if len(run) < 2:
            continue
        first = _style(run[0].marker)
        for h in run[1:]:
            style = _style(h.marker)
            if style != first and None not in (style, first):
                yield Hit(h.start, h.end, {"found": h.marker.text, "first": run[0].marker.text})


def _style(marker):
    if marker.kind in ("paren_cn", "paren_arabic"):
        return "full" if marker.text.startswith("（") else "half"
    if marker.kind == "arabic_item" and marker.sep in (".", "．"):
        return marker.sep
    return None


# ---- inline series -------------------------------------------------------------------

@per_document              # for numbering.inline-series and the announced counts
def inline_series(doc):
    """Runs of inline markers of one kind (一是… / 一要… / 第一，…) between headings.
    A run goes on across paragraphs (items often open their own paragraph, and page breaks split
    them) until a heading or an item that does not follow on."""
    runs = []
    open_runs = {}
    for para in doc.paragraphs:
        if para.marker is not None:
            open_runs = {}
        for start, m in para.inline_markers:
            if m.kind == "seq_word":
                continue
            key = (m.kind, m.verb)
            run = open_runs.get(key)
            continues = run is not None and m.value == run[-1][1].value + 1
            if m.value == 1 or not continues:
                run = []
                runs.append(run)
                open_runs[key] = run
            run.append((start, m, para))
    return runs


@check("numbering.inline-series")
def inline_series_check(doc, rule):
    """一是 … 三是 (二是 missing), or a series that starts at 二是."""
    for run in inline_series(doc):
        start, m, _ = run[0]
        if m.value != 1:
            yield Hit(start, start + m.length, {"found": label(m), "expected": label(m, 1),
                                                "problem": f"序列从“{label(m)}”开始，缺少“{label(m, 1)}”"})
        for (_, prev, _), (start, cur, _) in zip(run, run[1:]):
            if cur.value > prev.value + 1:
                yield Hit(start, start + cur.length, {
                    "found": label(cur), "expected": label(cur, prev.value + 1),
                    "problem": f"“{label(prev)}”之后是“{label(cur)}”，缺少“{label(cur, prev.value + 1)}”"})


# ---- announced counts ----------------------------------------------------------------

# (讲|谈|提|强调|提出|说)(以下)?N(点|个方面)… | 从N个方面, written to open with a character class so
# that re skips ahead to those characters in C (an alternation of groups it tries at every position)
_ANNOUNCE = re.compile(
    r"[讲谈提强说从](?:(?:(?<=提)出|(?<=强)调|(?<=[讲谈提说]))(?:以下)?(?P<n>[两二三四五六七八九十]{1,2})(?:点|个方面)"
    r"(?:意见|要求|看法|建议|希望|体会)?|(?<=从)(?P<n2>[两二三四五六七八九十]{1,2})个方面)")
# The class opening _ANNOUNCE still costs ~5 ns a character to scan for; every match holds a count
# right before 点 or 个方面, which literal-led patterns find at C speed. No match holds another's
# first character, so the matches around those places are exactly those of a scan of the whole text.
_COUNT_ENDS = [re.compile(r"点(?<=[两二三四五六七八九十]点)"), re.compile(r"个方面(?<=[两二三四五六七八九十]个方面)")]
# A quoted count announces a list only when a clause ends right after it (not “四个意识”、…).
_QUOTED = re.compile(r"“(?<![这此上该]“)(?P<n>[两二三四五六七八九十]{1,2})(?:种|个|大|项|条|点|性|化|型|要|不|心)[^”“\n]{0,8}”"
                     r"(?=[。，,：:；;])")
# patterns open with a literal “ (lookbehinds after it) so that re scans for it at C speed
_LISTED = re.compile(r"(“(?:[^”“\n]{1,16}”[、，,]?“)+[^”“\n]{1,16}”[、，,]?)(?P<n>[两二三四五六七八九十]{1,2})(?:大|个|项|种|条)[\u4e00-\u9fff]{1,4}")
_ITEM = re.compile(r"“[^”“\n]{1,16}”")
_LOOKAHEAD_PARAGRAPHS = 3
_NEAR = 30      # a quoted count announces the series only if it starts this close, or opens a paragraph


def _count_value(s):
    return 2 if s == "两" else cn_value(s)


@check("numbering.announced-count")
def announced_count(doc, rule):
    """“讲三点意见” then only two points; “六大工程” after five listed names."""
    text = doc.text
    for m in _LISTED.finditer(text):
        announced = _count_value(m.group("n"))
        listed = len(_ITEM.findall(m.group(1)))
        if announced and listed != announced:
            yield Hit(m.start("n"), m.end(), {"announced": announced, "found": listed, "what": "列出的名称"})
    starts = [p.start for p in doc.paragraphs]
    for m in sorted(_announcements(text) + list(_QUOTED.finditer(text)), key=lambda m: m.start()):
        announced = _count_value(m.group("n") or m.group("n2"))
        index = bisect.bisect_right(starts, m.start()) - 1
        if not announced or index < 0 or m.end() > doc.paragraphs[index].end:
            continue
        quoted = m.re is _QUOTED
        found = _following_items(doc, index, m.end(), headings=not quoted)
        # a lone item after a quoted term is more likely a new topic than the announced list
        if found is not None and found[0] != announced and (not quoted or found[0] >= 2):
            yield Hit(m.start(), m.end(), {"announced": announced, "found": found[0], "what": found[1]})


def _announcements(text):
    """The matches of _ANNOUNCE.finditer(text), in order."""
    found = {}
    for pattern in _COUNT_ENDS:
        for count in pattern.finditer(text):
            at = count.start()
            # 提出以下十二点意见: the verb is at most six characters before 点, 意见 ends five after 个
            for m in _ANNOUNCE.finditer(text, max(0, at - 6), at + 8):
                if m.start() <= at < m.end():
                    found[m.start()] = m
    return [found[start] for start in sorted(found)]


def _following_items(doc, index, offset, headings=True):
    """(count, what) of the list that follows an announcement: the sibling headings that come next,
    or the inline series that starts soon after; None when no list follows."""
    paragraphs = doc.paragraphs
    for j in range(index, min(len(paragraphs), index + 1 + _LOOKAHEAD_PARAGRAPHS)):
        para = paragraphs[j]
        if j > index and para.marker is not None:
            if not headings:
                return None
            if id(para) not in _heading_runs(doc):
                return None          # a 第N篇 or 第N层意思 heading starts something else
            run, pos = _heading_runs(doc)[id(para)]
            count = 1
            for prev, cur in zip(run[pos:], run[pos + 1:]):
                if cur.marker.value != prev.marker.value + 1:
                    break
                count += 1
            return count, "个标题"
        for run in _series_after(doc, para, offset):
            start = run[0][0]
            last_sentence = "。" not in doc.text[offset:paragraphs[index].end].rstrip("。")
            if headings or (start == para.start and last_sentence) or (j == index and start - offset <= _NEAR):
                return len(run), "项"
            return None
    return None


@per_document
def _heading_runs(doc):
    """paragraph id → (its sibling run, its index in the run)"""
    return {id(h.paragraph): (run, pos) for run in sibling_runs(doc) for pos, h in enumerate(run)}


def _series_after(doc, para, offset):
    for run in _runs_by_paragraph(doc).get(id(para), []):
        if run[0][0] >= offset:
            yield run


@per_document
def _runs_by_paragraph(doc):
    runs = {}
    for run in inline_series(doc):
        runs.setdefault(id(run[0][2]), []).append(run)
    return runs
