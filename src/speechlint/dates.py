"""When was the speech given?  Document date detection and per-part dates of compilations, read off
the plain view (plainview.py) so that traditional-character and pinyin-garbled copies count too.

Evidence, strongest first (the reason string names the line and the kind of evidence):

1. a date line near the top ("2024年3月15日", "（2019年4月12日）", "——2015年3月5日在…会议上",
   "二〇二四年三月", a date under the speaker's name) or among the last lines (the 成文日期);
2. a sentence naming the year by an event ("今年是党的十七大召开之年", "今年是建党一百周年",
   "今年是“十四五”收官之年"): the year;
3. a year that opens the title ("2020年在全县…会议上的讲话"), a new-year address ("2022年即将到来")
   or a review of last year's work ("一、2015年工作回顾") — weak: sharing sites put the current
   year in front of old titles, so it counts only when the copy shows no corrupted year ("202223年")
   that would betray such rewriting, and it gives only the year (from 1 January, to 31 December);
4. content that cannot predate a known event ("习近平新时代中国特色社会主义思想" → not before
   2017-10-18): a lower bound only, used when nothing else is known.

Web-page stamps ("时间:2021-02-05 15:20:15", "发布时间", "發布時間") and numeric dates (2021-02-05)
are ignored: in copied drafts they date the upload, not the speech.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Optional

from .document import per_document
from .plainview import plain_view
from .scan import find_words, prefix_table, starts_pattern

_CN_VAL = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_CN_VAL.update({"○": 0, "零": 0, "O": 0, "Ｏ": 0})

_ARABIC_DATE = r"(?P<y>\d{4,8})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?"
_CN_DATE = r"(?P<cy>[〇○零OＯ一二三四五六七八九]{4})年(?P<cm>十[一二]?|[一二三四五六七八九])月(?:(?P<cd>[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日)?"
# A date that stands alone: optional dash or bracket, optional speaker name, the date, optional
# "在…会议上", optional closing bracket — and nothing else in the segment.
_DATE_SEGMENT = re.compile(
    r"^[（(〔\[]?\s*(?:——|—|――|--)?\s*(?P<name>[\u4e00-\u9fff·]{2,8}?[\s　]*)?"
    rf"(?:{_ARABIC_DATE}|{_CN_DATE})"
    r"\s*(?:[（(]?(?:星期|周)[一二三四五六日天][）)]?)?\s*(?:上午|下午|晚上)?"
    r"\s*(?:在[^。；;！!？?]{2,60}?(?:上|时|中)(?:的(?:讲话|講話|发言|發言|致辞|致辭|报告|報告))?)?\s*[）)〕\]]?\s*$"
)
# Labels of upload stamps: a segment carrying one of them is not the speech's date.
_STAMP = re.compile(r"时间|時間|日期|发布|發布|来源|來源|点击|點擊|更新|上传|上傳|浏览|瀏覽|作者")
_CORRUPT_YEAR = re.compile(r"(?:19|20)\d{3,4}年")   # 5–6 digits before 年: "202223年"
_TITLE_YEAR = re.compile(r"^(?:第[一二三四五六七八九十]+篇\s*[:：]?\s*)?(?P<y>(?:19|20)\d\d)年(?:度)?(?=[\u4e00-\u9fff（(])")
_TITLE_WORDS = re.compile(r"讲话|講話|发言|發言|致辞|致辭|报告|報告|讲稿|講稿|动员|動員|会议|會議|材料|党课|黨課")
# a newline alone, or a run of spaces; opens with a class so that re skips ahead to it in C
_SEGMENT_SPLIT = re.compile(r"[\n \t\u3000\u00a0](?:(?<=\n)|[ \t\u3000\u00a0]*)")
# Where a sharing site's tail begins (download prompts, lists of other articles): text after it is
# not part of the speech and carries no date of its own.
_SITE_TAIL = re.compile(r"^[ \t\u3000]*(?:下载|下載|点此处下载|相关范文推荐|相关推荐|相关热词搜索|相關熱詞搜索|"
                        r"你可能关注的文档|热点文章阅读|熱點文章閱讀|声明[:：]本文内容)", re.M)
# Years stated by the text itself: a new-year address ("2020年就要到了") is given at the end of the
# year before; a work report reviewing "2015年工作" is given in 2016.
_NEW_YEAR = re.compile(r"(?P<y>(?:19|20)\d\d)年(?:就要到了|即将到来|即将来临|的脚步越来越近|就要来了)")
# "今年是…" sentences that name the year by an event: congress years, anniversaries, a plan's first
# or last year (facts.md §C7, §C8, §C10). Sharing sites rewrite digits in titles, not these.
_NUM = r"\d{1,3}|[一二三四五六七八九十百零〇]{1,5}"
_STATED = re.compile(
    r"今年是(?:党的)?(?P<congress>十[六七八九]|二十)大(?:胜利)?召开之年"
    rf"|今年是(?:建党|中国共产党成立|党的)\s*(?P<party>{_NUM})\s*周年"
    rf"|今年是(?:新中国成立|中华人民共和国成立|建国)\s*(?P<prc>{_NUM})\s*周年"
    rf"|今年是改革开放\s*(?P<reform>{_NUM})\s*周年"
    r"|今年是(?:实施)?[“\"]?十(?P<plan>[一二三四五])五[”\"]?(?:规划)?(?:的)?(?P<phase>开局|起步|收官)之年"
)
_CONGRESS_YEAR = {"十六": 2002, "十七": 2007, "十八": 2012, "十九": 2017, "二十": 2022}
_BASE_YEAR = {"party": 1921, "prc": 1949, "reform": 1978}
_REVIEW = re.compile(r"^[一1][、.．]\s*(?P<y>(?:19|20)\d\d)年(?:工作)?回顾", re.M)
_TOP_SEGMENTS = 14          # a date line is among the first segments …
_TOP_CHARS = 800            # … or within the first characters (a site's header can be long)
_END_LINES = 6
_LATEST_PLAUSIBLE = _dt.date.today().year + 1

# Content that cannot be older than a date (facts.md §C6, §C8, §C9).  Lower bounds only.
FLOOR_TERMS = {
    "习近平新时代中国特色社会主义思想": ("2017-10-18", "党的十九大提出"),
    "新时代中国特色社会主义思想": ("2017-10-18", "党的十九大提出"),
    "以习近平同志为核心的党中央": ("2016-10-27", "十八届六中全会确立核心"),
    "两个确立": ("2021-11-11", "十九届六中全会提出"),
    "二十大精神": ("2022-10-22", "党的二十大闭幕"),
    "二十大以来": ("2022-10-22", "党的二十大闭幕"),
    "二十届三中全会精神": ("2024-07-18", "二十届三中全会闭幕"),
    "二十届四中全会精神": ("2025-10-23", "二十届四中全会闭幕"),
    "十九大精神": ("2017-10-24", "党的十九大闭幕"),
    "十九大以来": ("2017-10-24", "党的十九大闭幕"),
    "十九届五中全会精神": ("2020-10-29", "十九届五中全会闭幕"),
    "十九届六中全会精神": ("2021-11-11", "十九届六中全会闭幕"),
    "党史学习教育": ("2021-02-20", "党史学习教育动员大会"),
    # a plenum is named after it has met; where facts.md has no exact day the term's first plenum
    # (the day after the congress) is the safe lower bound
    "十九届一中全会": ("2017-10-25", "十九届一中全会"),
    "十九届二中全会": ("2017-10-25", "十九届一中全会之后"),
    "十九届三中全会": ("2018-02-28", "十九届三中全会闭幕"),
    "十九届四中全会": ("2019-10-31", "十九届四中全会闭幕"),
    "十九届五中全会": ("2020-10-29", "十九届五中全会闭幕"),
    "十九届六中全会": ("2021-11-11", "十九届六中全会闭幕"),
    "十九届七中全会": ("2021-11-11", "十九届六中全会之后"),
    "二十届一中全会": ("2022-10-23", "二十届一中全会"),
    "二十届二中全会": ("2022-10-23", "二十届一中全会之后"),
    "二十届三中全会": ("2024-07-18", "二十届三中全会闭幕"),
    "二十届四中全会": ("2025-10-23", "二十届四中全会闭幕"),
    "两个维护": ("2018-01-01", "2018年起使用"),
    # bodies created by the 2018 / 2021 / 2023 reforms (facts.md §C1–C3)
    "生态环境部": ("2018-03-17", "2018年机构改革"),
    "应急管理部": ("2018-03-17", "2018年机构改革"),
    "退役军人事务部": ("2018-03-17", "2018年机构改革"),
    "国家市场监督管理总局": ("2018-03-17", "2018年机构改革"),
    "国家卫生健康委": ("2018-03-17", "2018年机构改革"),
    "乡村振兴局": ("2021-02-25", "国家乡村振兴局挂牌"),
    "国家金融监督管理总局": ("2023-03-16", "2023年机构改革方案公布"),
    "中央金融委员会": ("2023-03-16", "2023年机构改革方案公布"),
    "党纪学习教育": ("2024-04-01", "党纪学习教育开始"),
    "深入贯彻中央八项规定精神学习教育": ("2025-03-01", "学习教育开始"),
}


@dataclass
class DateInfo:
    date: Optional[_dt.date]            # earliest date the evidence allows (what rules compare with)
    latest: Optional[_dt.date]          # latest date it allows (None: open)
    reason: str
    kind: str = "none"                  # line | year | title | floor | none
    parts: list = field(default_factory=list)   # (start, end, DateInfo) for a compilation's 篇


# ---- simplified view ------------------------------------------------------------------------
# starts with a literal "(" so that re can skip ahead fast; the character before must be a hanzi
# ---- parsing one date -----------------------------------------------------------------------
def _cn_number(s: str) -> Optional[int]:
    if not s:
        return None
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_VAL.get(tens, 0) if tens else 1) * 10 + (_CN_VAL.get(ones, 0) if ones else 0)
    return _CN_VAL.get(s)


def _from_match(m) -> tuple:
    """(earliest, latest, problem) for a date match; problem names a corrupted year."""
    if m.group("y"):
        ys, month, day = m.group("y"), int(m.group("m")), m.group("d")
        day = int(day) if day else None
        if len(ys) != 4:
            return None, None, f"年份“{ys}”已损坏"
        year = int(ys)
    else:
        year = int("".join(str(_CN_VAL[c]) for c in m.group("cy")))
        month = _cn_number(m.group("cm"))
        day = _cn_number(m.group("cd")) if m.group("cd") else None
    if not 1949 <= year <= _LATEST_PLAUSIBLE:
        return None, None, f"年份{year}不合理"
    try:
        if day:
            d = _dt.date(year, month, day)
            return d, d, ""
        first = _dt.date(year, month, 1)
        nxt = _dt.date(year + (month == 12), month % 12 + 1, 1)
        return first, nxt - _dt.timedelta(days=1), ""
    except ValueError:
        return None, None, f"日期{year}年{month}月{day or ''}日不存在"


def _segments(text: str, start: int, end: int):
    """Non-empty segments of text[start:end] split at newlines and space runs, with offsets."""
    pos = start
    for m in _SEGMENT_SPLIT.finditer(text, start, end):
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if pos < end:
        yield pos, end


def _line_no(doc, offset: int) -> int:
    return doc.line_of(offset) + 1


def _date_line(doc, start: int, end: int, where: str):
    """First stand-alone date in the first segments of text[start:end] ("top") or in its last lines
    ("end"). Returns (DateInfo|None, note about a corrupted date seen)."""
    text = doc.text
    if where == "top":
        segs = []
        for seg in islice(_segments(text, start, end), 60):
            if len(segs) >= _TOP_SEGMENTS and seg[0] > start + _TOP_CHARS:
                break
            segs.append(seg)
    else:
        # the last non-empty lines of the range, walking back from its end
        lines, i = [], doc.line_of(max(start, end - 1))
        while i >= 0 and len(lines) < _END_LINES and doc.line_starts[i] >= start:
            if doc.line_text(i).strip():
                lines.append(i)
            i -= 1
        first = doc.line_starts[lines[-1]] if lines else end
        segs = list(_segments(text, max(start, first), end))
    note = ""
    for s, e in segs:
        seg = text[s:e]
        if len(seg) > 90 or ("年" not in seg) or _STAMP.search(seg):
            continue
        m = _DATE_SEGMENT.match(seg)
        if not m:
            continue
        if m.group("name") and _STAMP.search(m.group("name")):
            continue
        earliest, latest, problem = _from_match(m)
        line = _line_no(doc, s)
        if problem:
            note = note or f"第{line}行的日期“{seg.strip()}”{problem}，不采用"
            continue
        label = "文末" if where == "end" else "开头"
        kind = "署名下的日期" if m.group("name") else "日期行"
        return DateInfo(earliest, latest, f"第{line}行{label}{kind}“{seg.strip()}”", "line"), note
    return None, note


def _title_year(doc, start: int, end: int):
    """A year that opens the first non-empty line of text[start:end] when that line is a title, or
    the year the text says it was written in (new-year address, review of last year's work)."""
    text = doc.text
    head = text[start:min(end, start + 3000)]
    m = _NEW_YEAR.search(head, 0, 300)
    if m:
        year = int(m.group("y")) - 1
        return DateInfo(_dt.date(year, 12, 1), _dt.date(year, 12, 31),
                        f"第{_line_no(doc, start + m.start())}行“{m.group()}”：新年致辞作于{year}年12月", "title")
    m = _REVIEW.search(head)
    if m:
        year = int(m.group("y")) + 1
        return DateInfo(_dt.date(year, 1, 1), _dt.date(year, 12, 31),
                        f"第{_line_no(doc, start + m.start())}行“{m.group().strip()}”：回顾上一年工作，"
                        f"作于{year}年（仅有年份，证据较弱）", "title")
    for s, e in _lines(doc, start, end):
        line = text[s:e].strip()
        if not line:
            continue
        m = _TITLE_YEAR.match(line)
        if m and len(line) <= 80 and _TITLE_WORDS.search(line):
            year = int(m.group("y"))
            if 1949 <= year <= _LATEST_PLAUSIBLE:
                return DateInfo(_dt.date(year, 1, 1), _dt.date(year, 12, 31),
                                f"第{_line_no(doc, s)}行标题开头的年份“{year}年”（仅有年份，证据较弱）", "title")
        return None
    return None


def _cn_count(s: str) -> Optional[int]:
    """1–199 written with digits or Chinese numerals (七十, 九十五, 一百, 一百零一)."""
    if s.isdigit():
        return int(s)
    hundreds, _, rest = s.partition("百") if "百" in s else ("", "", s)
    value = 0
    if "百" in s:
        value = 100 * (_CN_VAL.get(hundreds, 0) if hundreds else 1)
        rest = rest.lstrip("零〇")
    if rest:
        n = _cn_number(rest)
        if n is None:
            return None
        value += n
    return value or None


def _stated_year(doc, start: int, end: int):
    m = _STATED.search(doc.text, start, end)
    if not m:
        return None
    if m.group("congress"):
        year = _CONGRESS_YEAR[m.group("congress")]
    elif m.group("plan"):
        # 十一五 = 2006–2010 … 十五五 = 2026–2030 (facts.md §C7)
        year = 2006 + 5 * "一二三四五".index(m.group("plan")) + (4 if m.group("phase") == "收官" else 0)
    else:
        kind = next(k for k in _BASE_YEAR if m.group(k))
        n = _cn_count(m.group(kind))
        if not n:
            return None
        year = _BASE_YEAR[kind] + n
    if not 1949 <= year <= _LATEST_PLAUSIBLE:
        return None
    return DateInfo(_dt.date(year, 1, 1), _dt.date(year, 12, 31),
                    f"第{_line_no(doc, m.start())}行“{m.group()}”：讲话作于{year}年", "year")


def _lines(doc, start: int, end: int):
    first, last = doc.line_of(start), doc.line_of(max(start, end - 1))
    for i in range(first, last + 1):
        s, e = doc.line_span(i)
        yield max(s, start), min(e, end)


@per_document
def _floor_hits(doc) -> list:
    """[(view offset, date, term, why)] for every FLOOR_TERMS occurrence, in text order; one scan
    per document."""
    pattern, prefixes = _floor_pattern()
    return sorted((start, *_FLOOR_VALUES[term]) for start, term in find_words(pattern, prefixes, plain_view(doc).text))


@lru_cache(maxsize=1)
def _floor_pattern():
    return starts_pattern(FLOOR_TERMS), prefix_table(FLOOR_TERMS)


_FLOOR_VALUES = {term: (_dt.date.fromisoformat(day), term, why) for term, (day, why) in FLOOR_TERMS.items()}


def _floor(doc, start: int, end: int):
    view = plain_view(doc)
    hits = _floor_hits(doc)
    lo, hi = view.to_view(start), view.to_view(end)
    best = None
    for pos, d, term, why in hits[bisect.bisect_left(hits, (lo,)):bisect.bisect_left(hits, (hi,))]:
        if best is None or d > best[0]:
            best = (d, term, why, view.start(pos))
    if best is None:
        return None
    d, term, why, pos = best
    return DateInfo(d, None, f"未找到日期行；第{_line_no(doc, pos)}行的“{term}”（{why}，{d.isoformat()}）"
                             f"表明不早于该日", "floor")


@per_document
def content_end(doc) -> int:
    """Offset where a sharing site's tail begins (len(text) when there is none)."""
    # only in the second half: a site's head (下载文档, 温馨提示) precedes the speech
    m = _SITE_TAIL.search(doc.text, len(doc.text) // 2)
    return m.start() if m else len(doc.text)


def _detect_range(doc, start: int, end: int, *, allow_end: bool = True) -> DateInfo:
    text = doc.text
    end = max(start, min(end, content_end(doc)))
    info, note = _date_line(doc, start, end, "top")
    if info is None and allow_end:
        info, note_end = _date_line(doc, start, end, "end")
        note = note or note_end
    if info is not None:
        return info
    corrupted = note or (_CORRUPT_YEAR.search(text, start, end) and "文中有损坏的年份（如“202223年”）")
    title = _title_year(doc, start, end)
    floor = _floor(doc, start, end)
    stated = _stated_year(doc, start, end)
    if stated is not None:
        if title is not None and title.date.year != stated.date.year:
            stated.reason += f"（与{title.reason.split('（')[0]}不符，以文中所述为准）"
        if floor is not None and floor.date > stated.latest:
            stated.reason += f"；但{floor.reason}，有矛盾"
        return stated
    if title is not None and corrupted:
        title = None
        extra = f"；{corrupted}，网站可能改写过年份，标题年份不采用"
    else:
        extra = f"；{corrupted}" if corrupted else ""
    if title is not None:
        if floor is not None and floor.date > title.date:
            floor.reason += "（晚于标题年份）"
            return floor
        return title
    if floor is not None:
        floor.reason += extra
        return floor
    return DateInfo(None, None, "未找到日期" + extra, "none")


def _part_starts(doc):
    # only 第一篇, 第二篇 … separate speeches; 第一部分 / 第一章 are parts of one text
    return [p.start for p in doc.paragraphs
            if p.marker is not None and p.marker.kind == "part" and p.marker.verb == "篇"]


@per_document
def date_info(doc) -> DateInfo:
    """The detected DateInfo (ignores --date), computed once per document."""
    starts = _part_starts(doc)
    if len(starts) < 2:
        info = _detect_range(doc, 0, len(doc.text))
    else:
        bounds = starts + [len(doc.text)]
        parts = []
        for i, s in enumerate(starts):
            part = _detect_range(doc, s, bounds[i + 1], allow_end=(i + 1 == len(starts)))
            parts.append((s, bounds[i + 1], part))
        dated = [(i, p) for i, (_, _, p) in enumerate(parts) if p.date is not None]
        summary = "；".join(f"第{i + 1}篇 {p.date.isoformat()}（{p.reason}）" for i, p in dated) or "各篇均无日期"
        head = _detect_range(doc, 0, starts[0], allow_end=False) if starts[0] > 0 else None
        if head is not None and head.kind == "line":
            info = DateInfo(head.date, head.latest, head.reason, head.kind)
        else:
            info = DateInfo(None, None, f"汇编共{len(starts)}篇，按篇取日期：{summary}", "none")
        info.parts = parts
    return info


def detect_date(doc):
    info = date_info(doc)
    return info.date, info.reason


def _overridden(doc) -> bool:
    return doc._date is not None and doc._date != date_info(doc).date


def date_range_at(doc, offset: int) -> tuple:
    """(earliest, latest) date for the text at offset: --date wins, then the date of the 篇 the
    offset lies in (a compilation's speech without a date of its own has no date), then the document's."""
    doc.date  # runs detection unless --date set it
    if _overridden(doc):
        return doc._date, doc._date
    if offset >= content_end(doc):
        return None, None
    info = date_info(doc)
    part = _part_at(info, offset)
    if part is not None and (part.date is not None or info.kind != "line"):
        return part.date, part.latest         # an undated 篇 inherits only a dated head
    if info.parts and offset < info.parts[0][0] and info.kind != "line":
        return None, None
    return info.date, info.latest


def date_at(doc, offset: int) -> Optional[_dt.date]:
    return date_range_at(doc, offset)[0]


def date_kind_at(doc, offset: int) -> str:
    """What the date at offset rests on: set (--date), line, title (a year only: weak), floor, none."""
    doc.date
    if _overridden(doc):
        return "set"
    if offset >= content_end(doc):
        return "none"
    info = date_info(doc)
    part = _part_at(info, offset)
    if part is not None and (part.date is not None or info.kind != "line"):
        return part.kind
    return info.kind


def _part_at(info, offset: int):
    if not info.parts or offset < info.parts[0][0]:
        return None
    starts = info.__dict__.get("_starts")
    if starts is None:
        starts = info.__dict__["_starts"] = [s for s, _, _ in info.parts]
    start, end, part = info.parts[bisect.bisect_right(starts, offset) - 1]
    return part if offset < end else None
