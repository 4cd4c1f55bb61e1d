"""Consistency checks: dates that cannot exist, years spliced into numbers, shares above 100 %,
weekdays that do not match the date, and anniversaries / congresses / plan years that contradict the
document's date or each other (facts.md §B2, §C7, §C8, §C10).

Speed: no regex here scans the whole text character by character. Each check looks up short
literal anchor words (月, 周年, 之年, %, 年 …), all found by one scan of the text (_ANCHORS), and
runs its full pattern only on a small window around each one. The index of written
years and the year claims (shared by the anniversary, congress, plan, review and era rules) are
computed once per document and cached on it."""
from __future__ import annotations

import calendar
import datetime as _dt
import re
from collections import Counter

from ..diagnostics import Fix
from ..document import per_document
from ..registry import Hit, check
from ..scan import find_words, prefix_table, starts_pattern

# ---- numerals -------------------------------------------------------------------------------
_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "O": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_YEAR = "〇零○OＯ一二三四五六七八九"


def cn_number(s: str):
    """'85' / '八十五' / '一百' / '一百零五' → int; None when it is not a plain number."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    total, current = 0, 0
    for ch in s:
        if ch in _CN_DIGIT:
            current = _CN_DIGIT[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def cn_year(s: str):
    """'二〇〇八' → 2008 (digit by digit, the way years are written)."""
    if len(s) != 4 or any(ch not in _CN_DIGIT for ch in s):
        return None
    return int("".join(str(_CN_DIGIT[ch]) for ch in s))


def _date_info_at(doc, offset):
    """The dates module's DateInfo for the speech that contains offset (one 篇 of a compilation),
    or None."""
    from .. import dates
    info_of = getattr(dates, "date_info", None)
    if info_of is None:
        return None
    try:
        info = info_of(doc)
        for start, end, part in info.parts:
            if start <= offset < end:
                return part
        return info
    except Exception:  # a helper bug must not stop the consistency rules
        return None


# Detected dates of these kinds are not independent evidence: "year" comes from a sentence such as
# "今年是…开局之年" (one of the very claims these rules check), "title" from a heading's bare year
# (which sharing sites rewrite). They take part in the vote instead of overruling it.
_VOTING_KINDS = {"year": 0.0, "title": 0.6}


def _year_range(doc, offset):
    """(earliest, latest) year of the speech that contains offset: --date, else a date line or a
    floor found by the dates module (a floor has latest None), or None when nothing is known."""
    if "--date" in doc.date_reason and doc.date is not None:
        return doc.date.year, doc.date.year
    from .. import dates
    range_at = getattr(dates, "date_range_at", None)
    if range_at is None:
        return (doc.date.year, doc.date.year) if doc.date is not None else None
    info = _date_info_at(doc, offset)
    if info is not None and info.kind in _VOTING_KINDS:
        return None
    try:
        lo, hi = range_at(doc, offset)
    except Exception:  # a helper bug must not stop the consistency rules
        return None
    if lo is None:
        return None
    return lo.year, (hi.year if hi is not None else None)


def _year_at(doc, offset):
    """The one year the speech at offset is from, or None when the date is unknown or only a range."""
    rng = _year_range(doc, offset)
    return rng[0] if rng and rng[0] == rng[1] else None


@per_document
def _parts(doc) -> list:
    from .. import dates
    return [(start, end) for start, end, _part in dates.date_info(doc).parts]


def _scope(doc, offset):
    """Bounds of the speech that contains offset: one 篇 of a compilation, else the whole text."""
    for start, end in _parts(doc):
        if start <= offset < end:
            return start, end
    return 0, len(doc.text)


def _sentence(text, start, end, limit=160):
    """Bounds of the sentence around [start, end). Half-width ; ! ? end sentences too (sites
    turn the full-width marks into ASCII)."""
    lo = max(0, start - limit)
    seg = text[lo:start]
    cut = max(seg.rfind(c) for c in "\u3002\uff01\uff1f\uff1b!?;\n")
    s = lo + cut + 1 if cut >= 0 else lo
    m = _SENT_END.search(text, end, min(len(text), end + limit))
    return s, (m.start() if m else min(len(text), end + limit))


_SENT_END = re.compile(r"[\u3002\uff01\uff1f\uff1b!?;\n]")


_LITERALS: dict = {}
_FOUND = (None, {})     # (text, {word: offsets}) of the last text searched: the checks share it

# The words the checks below look up. One scan finds them all (9 ms on seeds40, against 21 ms
# for a scan per word); a word missing here is still found, by a scan of its own.
_ANCHORS = ("年", "月", "号", "\u00b7", "\u2022", "\u30fb", "8226;", "星期", "礼拜", "周", "率", "满意度", "占比",
            "比重", "占", "%", "\uff05", "周年", "岁生日", "华诞", "百年", "之年", "迎接", "喜迎", "后的第一年",
            "后第一年", "国庆节", "大精神", "开局", "收官", "起步", "最后一年", "首年", "第一年", "第二年", "第三年",
            "第四年", "第五年")
_ANCHOR_PREFIXES = prefix_table(_ANCHORS)
_ANCHOR_STARTS = starts_pattern(_ANCHORS)


def _anchor_offsets(text) -> dict:
    """{anchor: offsets}, as finditer of the anchor alone gives them (no two overlapping)."""
    table = {w: [] for w in _ANCHORS}
    for start, word in find_words(_ANCHOR_STARTS, _ANCHOR_PREFIXES, text):
        found = table[word]
        if not found or found[-1] + len(word) <= start:
            found.append(start)
    return table


def _offsets(text, word):
    global _FOUND
    cached_text, table = _FOUND
    if cached_text is not text:
        table = {}
        _FOUND = (text, table)
    found = table.get(word)
    if found is None and word in _ANCHOR_PREFIXES:
        table.update(_anchor_offsets(text))
        found = table[word]
    if found is None:
        pattern = _LITERALS.get(word)
        if pattern is None:
            pattern = _LITERALS[word] = re.compile(re.escape(word))
        found = table[word] = [m.start() for m in pattern.finditer(text)]
    return found


def positions(text, words):
    """Sorted start offsets of literal words. A regex made of one literal is searched with a fast
    string search, unlike a pattern that starts with a character class or an alternation, which
    tries a match at every character."""
    if len(words) == 1:
        return _offsets(text, words[0])
    found = []
    for w in words:
        found.extend(_offsets(text, w))
    if len(words) > 1:
        found.sort()
    return found


def around(text, words, pattern, before, after):
    """Matches of pattern that contain one of the literal words; the pattern runs only on a small
    window around each occurrence."""
    # 8 characters of slack past the longest match, so lookaheads at its end still see the text
    last_end, reach = -1, max(len(w) for w in words) + after + 8
    for a in positions(text, words):
        if a < last_end:
            continue
        for m in pattern.finditer(text, max(0, a - before), min(len(text), a + reach)):
            if m.start() <= a < m.end() and m.start() >= last_end:
                last_end = m.end()
                yield m
                break


_DIGITS = frozenset("0123456789")


@per_document
def year_runs(doc) -> list:
    """(start, end, digits) of every run of ASCII digits written just before 年, cached: the
    year rules and the year index read it instead of scanning the text with digit regexes."""
    text, runs = doc.text, []
    for i in positions(text, ("年",)):
        j = i
        while j > 0 and text[j - 1] in _DIGITS and i - j < 9:
            j -= 1
        if i - j >= 4:
            runs.append((j, i, text[j:i]))
    return runs


@per_document
def year_mentions(doc) -> list:
    """(start, year) of each plain four-digit year "YYYY年" (not the tail of a longer number)."""
    text = doc.text
    return [(s, int(d)) for s, e, d in year_runs(doc) if len(d) == 4 and text[s - 1:s] not in (".", "\uff0e")]


# ---- SL502 impossible dates -----------------------------------------------------------------
_DATE = re.compile(
    r"(?:(?P<y>(?:19|20)\d\d|[" + _CN_YEAR + r"]{4})年)?"
    r"(?<![\d一二三四五六七八九十])(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?"
    r"(?:(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})[日号])?")
# "9·20事件": a month·day event name whose day part is no day at all (a year pasted over it).
_EVENT = re.compile(r"(?<!\d)(?P<m>\d{1,2})\s*(?:[\u00b7\u2022\u30fb]|&#8226;|[A-Za-z#]{0,2}8226;)\s*(?P<d>\d{3,})"
                    r"(?=\s*[\u201d\"]?\s*(?:事件|事故|案件|惨案|专案|大案|运动|行动))")


@check("consistency.impossible_date")
def impossible_date(doc, rule):
    text = doc.text
    for m in around(text, ("月",), _DATE, 10, 6):
        month = cn_number(m.group("m"))
        if month is None:
            continue
        y = m.group("y")
        year = int(y) if y and y.isdigit() else (cn_year(y) if y else None)
        day = cn_number(m.group("d")) if m.group("d") else None
        # a bare "13月" is too often part of something else ("第13月"); want a year or a day with it
        if month < 1 or month > 12:
            said_alone = text.startswith(("份", "底", "初", "上旬", "中旬", "下旬"), m.end("m") + 1)
            if (year or day is not None or said_alone) and text[m.start() - 1:m.start()] not in ("第", "个"):
                yield Hit(m.start(), m.end(), {"why": f"没有{month}月"})
            continue
        if day is None:
            continue
        leap = calendar.isleap(year) if year and 1 <= year <= 9999 else True
        last = calendar.monthrange(2000 if leap else 2001, month)[1]
        if day < 1 or day > last:
            if month == 2 and day == 29:
                why = f"{year}年不是闰年，2月没有29日"
            else:
                why = f"{month}月只有{last}天"
            yield Hit(m.start(), m.end(), {"why": why})
    for m in around(text, ("\u00b7", "\u2022", "\u30fb", "8226;"), _EVENT, 4, 14):
        yield Hit(m.start(), m.end(), {"why": f"“{m.group('m')}·{m.group('d')}”里的“{m.group('d')}”不是日子，"
                                               "像是年份粘进了事件名"})


# ---- SL503 weekday --------------------------------------------------------------------------
_WEEKDAY = re.compile(
    r"(?:(?P<y>(?:19|20)\d\d|[" + _CN_YEAR + r"]{4})年)?"
    r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})[日号]"
    r"\s*(?P<open>[\uff08(]?)\s*(?P<w>星期|周|礼拜)(?P<n>[一二三四五六日天])"
    r"(?!\s*(?:至|到|[\u2014\-~\uff5e\u3001]))")   # "周一至周五" is a span, not the date's weekday
_WD = "一二三四五六日"


@check("consistency.weekday")
def weekday(doc, rule):
    for m in around(doc.text, ("星期", "礼拜", "周"), _WEEKDAY, 20, 4):
        y = m.group("y")
        year = int(y) if y and y.isdigit() else (cn_year(y) if y else None)
        guessed = year is None
        if guessed:
            year = _year_at(doc, m.start())
            if year is None:
                continue
        month, day = cn_number(m.group("m")), cn_number(m.group("d"))
        try:
            real = _dt.date(year, month, day).weekday()
        except (ValueError, TypeError):
            continue   # an impossible date is SL502's finding
        said = "日天".find(m.group("n"))
        said = 6 if said >= 0 else _WD.index(m.group("n"))
        if said != real:
            start = m.start("w")
            right = m.group("w") + _WD[real]
            yield Hit(start, m.end("n"), {"date": f"{year}年{month}月{day}日", "weekday": right},
                      Fix(right, safe=False), severity="warning" if guessed else None)


def _grouped(text, start):
    """True when the digits at start continue a number: a decimal part (3.20230) or a thousands
    group (1,752,023). A comma after a word is only a clause break ("2023年,752023名")."""
    before = text[start - 1:start]
    if before in (".", "\uff0e"):
        return text[start - 2:start - 1] in _DIGITS
    return before in (",", "\uff0c") and text[start - 2:start - 1] in _DIGITS


# ---- SL501 impossible years ------------------------------------------------------------------
_NOT_YEAR_AFTER = ("年前", "年以前", "年之前", "年左右", "年多", "年余")


@check("consistency.impossible_year")
def impossible_year(doc, rule):
    """202223年: five or six digits used as a year. Round numbers (20000年) and spans of time
    (19000年前) are not years."""
    text = doc.text
    for start, end, digits in year_runs(doc):
        if len(digits) not in (5, 6) or digits[:2] not in ("19", "20") or digits.endswith("000"):
            continue
        if _grouped(text, start) or text[start - 1:start] == "/" or text.startswith(_NOT_YEAR_AFTER, end):
            continue
        yield Hit(start, end, {})


# ---- SL504 a year pasted into a count -------------------------------------------------------
_COUNTER = frozenset("名户家个人件项所次位座处条份辆头亩元万%\uff05")


@check("consistency.year_in_number")
def year_in_number(doc, rule):
    """752023名: a year of this document inside a count. Looks for each year the text uses as a
    literal, so it costs a few str.find calls."""
    text = doc.text
    years = {y for _, y in year_mentions(doc) if 1950 <= y <= 2049}
    if doc.date is not None:
        years.add(doc.date.year)
    seen = set()
    for year in years:
        for i in positions(text, (str(year),)):
            if not (i and text[i - 1] in _DIGITS):
                continue    # the year never starts the number: 2023 + 5 is a count, not a splice
            start, end = i - 1, i + 4
            while start > 0 and text[start - 1] in _DIGITS:
                start -= 1
            while end < len(text) and text[end] in _DIGITS:
                end += 1
            if not 5 <= end - start <= 7 or start in seen or _grouped(text, start):
                continue
            after = end
            while after < len(text) and text[after] in " 余多":
                after += 1
            if after < len(text) and text[after] in _COUNTER and text[end:end + 1] != "年":
                seen.add(start)
                yield Hit(start, end, {"year": str(year)})


# ---- SL505 / SL506 percentages that cannot be --------------------------------------------------
# "占全部企业的120%": a part of a whole
_SHARE_OF = re.compile(r"占(?P<obj>[^\uff0c\u3002\uff1b;,\n\d%\uff05]{1,14}?)的\s*(?P<n>\d+(?:\.\d+)?)(?![\d.])\s*[%\uff05]")
_SHARE = re.compile(
    r"(?P<w>覆盖率|满意度|满意率|合格率|达标率|知晓率|普及率|答复率|回复率|办结率|参与率|入学率|巩固率|"
    r"出勤率|到位率|参保率|参合率|接种率|就业率|及格率|优良率|通过率|受理率|解决率|结案率|化率|占比|比重)"
    r"(?:均|平均|都|分别|已|始终|稳定|继续|一直)?"
    r"(?:达到了|达到|到达|达|为|保持在|保持|提高到|提升到|提高至|提升至|实现|超过)\s*"
    r"(?P<n>\d+(?:\.\d+)?)(?![\d.])(?P<u>\s*[%\uff05])?(?!\s*(?:分|个|人|名|户|家|万|亿|元|项|件|倍|年|月|日))")


@check("consistency.share_over_100")
def share_over_100(doc, rule):
    for m in around(doc.text, ("率", "满意度", "占比", "比重"), _SHARE, 4, 30):
        value = float(m.group("n"))
        if value > 100:
            yield Hit(m.start("n"), m.end(), {"word": m.group("w")})
    for m in around(doc.text, ("占",), _SHARE_OF, 0, 30):
        if float(m.group("n")) > 100:
            yield Hit(m.start("n"), m.end(), {"word": "占" + m.group("obj") + "的比例"})


_GROWTH = re.compile(r"增长|增加|提高|提升|上升|增幅|增速|翻|涨|扩大")


@check("consistency.huge_percentage")
def huge_percentage(doc, rule):
    text = doc.text
    for i in positions(text, ("%", "\uff05")):
        end = i
        while end > 0 and text[end - 1] == " ":
            end -= 1
        start = end
        while start > 0 and (text[start - 1] in _DIGITS or text[start - 1] == "."):
            start -= 1
        whole = text[start:end].split(".")[0]
        if len(whole) < 4 or not whole.isdigit() or text[start - 1:start] in ("\uff0e",):
            continue
        s, _ = _sentence(text, start, end, 30)
        if _GROWTH.search(text, s, start):
            continue   # growth of several thousand per cent is arithmetic, not a share
        yield Hit(start, i + 1, {})


# ---- year claims: anniversaries, congresses, five-year plans, review years -------------------
# Base years (facts.md §C10, §C8, §C7); the conf. mark decides the severity in the rule file.
ANNIVERSARIES = [
    # (regex of the event, base year, name)
    (r"(?:中国共产党|党)成立|建党|党的(?:生日|诞辰)|党的", 1921, "中国共产党成立"),
    (r"(?:中国人民解放军|人民解放军|人民军队|解放军|我军)?建军|人民军队|我军", 1927, "建军"),
    # bare 共和国 only when no other country's name is glued to it (捷克共和国成立30周年)
    (r"(?:新中国|中华人民共和国)(?:成立)?|(?:(?<![\u3400-\u9fff])|(?<=[是的在和与迎祝念临来]))(?:共和国(?:成立)?|国庆)|建国", 1949, "新中国成立"),
    (r"改革开放", 1978, "改革开放"),
    (r"五四运动", 1919, "五四运动"),
    (r"香港回归(?:祖国)?", 1997, "香港回归"),
    (r"澳门回归(?:祖国)?", 1999, "澳门回归"),
    (r"古田会议(?:召开)?", 1929, "古田会议"),
    (r"(?:共青团|中国共产主义青年团)成立|建团", 1922, "共青团成立"),
]
_EVENT_BASES = [(re.compile(p), base, name) for p, base, name in ANNIVERSARIES]
CONGRESSES = {"十五": 1997, "十六": 2002, "十七": 2007, "十八": 2012, "十九": 2017, "二十": 2022}
PLANS = {"十五": (2001, 2005), "十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020),
         "十四五": (2021, 2025), "十五五": (2026, 2030)}

_ANNIV = re.compile(
    r"(?P<ev>" + "|".join(f"(?:{p})" for p, _, _ in ANNIVERSARIES) + r")"
    r"(?P<n>\d{1,3}|[一二三四五六七八九十百零]{1,5})(?P<kind>周年|岁生日|岁华诞|华诞|岁|年)")
_CONGRESS = re.compile(r"(?<![一二三四五六七八九十])(?:党的|中共)?(?P<c>十[五六七八九]|二十)大(?:胜利)?(?:召开|开幕)?(?P<tail>之年|的召开之年)")
_CONGRESS_NEXT = re.compile(r"(?<![一二三四五六七八九十])(?P<c>十[五六七八九]|二十)大(?:胜利)?(?:召开|闭幕)后的?第一年")
_CONGRESS_WELCOME = re.compile(r"(?:迎接|喜迎)(?:党的)?(?P<c>十[五六七八九]|二十)大")
_NATIONAL_DAY = re.compile(r"第(?P<n>\d{1,3}|[一二三四五六七八九十百零]{1,5})个国庆节")
_CONGRESS_AFTER = re.compile(r"(?:贯彻|落实)(?:党的)?(?<![一二三四五六七八九十])(?P<c>十[五六七八九]|二十)大精神的?(?:开局|第一年)")
_PLAN = re.compile(r"(?<![一二三四五六七八九十])(?P<p>十[一二三四五]五|十五)[\u201d\"\u2019]?(?:规划|计划)?(?:实施)?的?(?P<w>开局起步|开局|起步|收官|最后一年|第[一二三四五]年|首年)(?:之年)?")
_SUBJECT = re.compile(r"(?P<s>今年|本年|明年|去年|上年|过去一年|过去的一年|刚刚过去的一年|新的一年|"
                      r"(?P<y>(?:19|20)\d\d)年(?!以来|来|底|初|前|至|到|[\u2014\-\uff5e~]))")
_SOON = re.compile(r"\s*(?:即将|既将|将要|就要|快要|将)\s*(?:来临|到来)|\s*前夕")
_NOW = re.compile(r"\s*(?:刚过|刚刚过去|来临之际|到来之际|之际|之年)")
_WELCOME = re.compile(r"(?:迎接|喜迎)[^\uff0c\u3002\uff1b;,]{0,12}\Z")
# Frames that tie a written year to the speaking year: "回顾2023年", "关于2023年工作的回顾",
# "2023年工作总结", "过去的2023年" (speech given the next year). Matched at each year mention.
_REVIEW_BEFORE = re.compile(r"(?:回顾(?:一下)?|(?:刚刚)?过去的)\Z")
_REVIEW_BEFORE_TAIL = re.compile(r"(?:度)?(?:[\uff0c,]|的?工作|全年|是)")
_SUMMARY_TAIL = re.compile(r"(?:度)?[^\uff0c\u3002\uff1b;,\n]{0,10}工作")
_REVIEW_ABOUT = re.compile(r"[^\uff0c\u3002\uff1b;,\n]{0,12}(?:回顾|回忆|总结)")
_REVIEW_AFTER = re.compile(r"(?:度)?[^\uff0c\u3002\uff1b;,\n]{0,8}工作(?:的)?(?:回顾|总结)")
_PLAN_BEFORE = ("统筹做好", "做好", "部署", "安排")
# "做好2011年度考核工作" looks back at a year that is over: not a plan for that year
_LOOKING_BACK = re.compile(r"考核|总结|评比|评议|表彰|决算|审计|统计|验收|年报|述职|回顾")
_PLAN_AFTER = re.compile(r"[^\uff0c\u3002\uff1b;,\n]{0,12}工作")
_SHIFT = {"今年": 0, "本年": 0, "新的一年": 0, "明年": 1, "去年": -1, "上年": -1, "过去一年": -1,
          "过去的一年": -1, "刚刚过去的一年": -1}


class Claim:
    """A phrase that pins the year the speech is given in: current year ∈ [lo, hi]."""
    __slots__ = ("start", "end", "kind", "lo", "hi", "weight", "what", "explicit")

    def __init__(self, start, end, kind, lo, hi, weight, what, explicit=None):
        self.start, self.end, self.kind = start, end, kind
        self.lo, self.hi, self.weight, self.what, self.explicit = lo, hi, weight, what, explicit


_LOOKBACK = ("去年", "上年", "过去", "回顾", "一年来", "以来", "五年来", "十年来")
_PAST = _LOOKBACK + ("了",)


def _subject(text, s, start):
    """The year the clause before the anchor talks about: the last "今年/明年/YYYY年" of the
    sentence, if it really is the subject (not "到2020年", and close to the anchor or joined to it
    by 是: "今年是…，是…N周年")."""
    last = None
    for m in _SUBJECT.finditer(text, s, start):
        last = m
    if last is None:
        return None
    pre = text[max(0, last.start() - 2):last.start()]
    if pre.endswith(("到", "至", "截至", "于")) or pre.endswith(tuple("\u2014-\uff5e~\u3001")):
        return None    # a target or a range, not what the sentence is about
    gap = text[last.end():start]
    if last.group("y"):
        return last if "是" in gap[:3] and len(gap) <= 40 else None
    return last if len(gap) <= 12 or ("是" in gap and len(gap) <= 40) else None


def _frame(text, start, end, event_year, kind, what, bare_now=False):
    """Turn an anniversary/congress/plan mention into a Claim from the words around it, or None."""
    s, e = _sentence(text, start, end)
    if _SOON.match(text, end, end + 12) or _WELCOME.search(text, max(s, start - 14), start):
        # "即将来临之际", "迎接…": this year or next, whatever the clause's subject, unless the
        # sentence tells of the past ("去年，我们在建党95周年前夕…")
        if any(w in text[s:e] for w in _LOOKBACK):
            return None
        return Claim(start, end, kind, event_year - 1, event_year, 1.0, what)
    subject = _subject(text, s, start)
    if subject is not None:
        if subject.group("y"):
            said = int(subject.group("y"))
            return Claim(start, end, kind, None, None, 1.0, what, explicit=(said, event_year))
        shift = _SHIFT[subject.group("s")]
        return Claim(start, end, kind, event_year - shift, event_year - shift, 1.0, what)
    if _NOW.match(text, end, end + 8):
        return Claim(start, end, kind, event_year, event_year, 1.0, what)
    if bare_now and not any(w in text[s:e] for w in _PAST):
        # "打好十二五开局之年攻坚战": no subject, so it means the current year, unless the
        # sentence looks back ("过去", "以来", "取得了" …)
        return Claim(start, end, kind, event_year, event_year, 0.8, what)
    return None


@per_document
def year_claims(doc) -> list:
    text = doc.text
    claims = []
    for m in around(text, ("周年", "岁生日", "华诞", "百年"), _ANNIV, 20, 0):
        n = cn_number(m.group("n"))
        ev = m.group("ev")
        base, name = next(((b, nm) for p, b, nm in _EVENT_BASES if p.fullmatch(ev)), (None, None))
        if n is None or base is None or not 1 <= n <= 200:
            continue
        if m.group("kind") == "岁" and not text.startswith("生日", m.end()):
            continue
        if m.group("kind") == "年" and m.group("n") not in ("百", "一百"):
            continue    # "建党百年" is the centenary; "改革开放40年" counts years, not an anniversary
        claim = _frame(text, m.start(), m.end(), base + n, "anniversary", f"{name}{n}周年是{base + n}年")
        if claim:
            claims.append(claim)
    for m in around(text, ("之年",), _CONGRESS, 14, 0):
        year = CONGRESSES[m.group("c")]
        claim = _frame(text, m.start(), m.end(), year, "congress", f"党的{m.group('c')}大召开于{year}年",
                       bare_now=True)
        if claim:
            claims.append(claim)
    for m in around(text, ("迎接", "喜迎"), _CONGRESS_WELCOME, 0, 8):
        year = CONGRESSES[m.group("c")]
        s_, e_ = _sentence(text, m.start(), m.end())
        if any(w in text[s_:e_] for w in _LOOKBACK):
            continue    # "过去一年，我们迎接党的十九大胜利召开" tells of the past
        # "迎接党的二十大胜利召开": the year of the congress or the one before
        claims.append(Claim(m.start(), m.end(), "congress", year - 1, year, 1.0,
                            f"党的{m.group('c')}大召开于{year}年"))
    for m in around(text, ("后的第一年", "后第一年"), _CONGRESS_NEXT, 10, 0):
        year = CONGRESSES[m.group("c")] + 1
        claim = _frame(text, m.start(), m.end(), year, "congress",
                       f"党的{m.group('c')}大召开后的第一年是{year}年", bare_now=True)
        if claim:
            claims.append(claim)
    for m in around(text, ("国庆节",), _NATIONAL_DAY, 8, 0):
        n = cn_number(m.group("n"))
        if n and 1 <= n <= 200:
            # "第N个国庆节" = 1949 + N (facts.md §C10)
            claim = _frame(text, m.start(), m.end(), 1949 + n, "anniversary", f"第{n}个国庆节在{1949 + n}年")
            if claim:
                claims.append(claim)
    for m in around(text, ("大精神",), _CONGRESS_AFTER, 14, 6):
        year = CONGRESSES[m.group("c")] + 1
        claim = _frame(text, m.start(), m.end(), year, "congress",
                       f"贯彻党的{m.group('c')}大精神的开局之年是{year}年", bare_now=True)
        if claim:
            claims.append(claim)
    for m in around(text, ("开局", "收官", "起步", "最后一年", "首年", "第一年", "第二年", "第三年", "第四年", "第五年"),
                    _PLAN, 12, 4):
        first, last = PLANS[m.group("p")]
        w = m.group("w")
        if w.startswith("第"):
            nth = cn_number(w[1])
            year, label = first + nth - 1, f"第{w[1]}年"
        else:
            year = last if w in ("收官", "最后一年") else first
            label = "收官之年" if year == last else "开局之年"
        start = m.start() - 1 if text[m.start() - 1:m.start()] in ("\u201c", '"') else m.start()
        claim = _frame(text, start, m.end(), year, "plan", f"“{m.group('p')}”的{label}是{year}年",
                       bare_now=True)
        if claim:
            claims.append(claim)
    for start, y in year_mentions(doc):
        end = start + 5
        before = text[max(0, start - 6):start]
        if (_REVIEW_BEFORE.search(before) and _REVIEW_BEFORE_TAIL.match(text, end)) \
                or (before.endswith("总结") and _SUMMARY_TAIL.match(text, end)) \
                or (before.endswith("关于") and _REVIEW_ABOUT.match(text, end)) \
                or _REVIEW_AFTER.match(text, end):
            # a year is reviewed at its end (年终总结, December) or early the next year
            claims.append(Claim(start, end, "review", y, y + 1, 0.5, f"回顾{y}年的工作应在{y}年底或{y + 1}年"))
        elif before.endswith(_PLAN_BEFORE) and _PLAN_AFTER.match(text, end) \
                and text[end:end + 1] != "度" and not _LOOKING_BACK.search(text, end, end + 14):
            # a speech may prepare a later year's event ("做好2022年冬奥会申办工作") but never a past year
            claims.append(Claim(start, end, "review", 1900, y, 0.0, f"部署{y}年的工作，讲话不会晚于{y}年"))
    seen, unique = set(), []
    for c in sorted(claims, key=lambda c: c.start):
        if c.start not in seen:        # two frames on one year ("关于2023年工作的回顾") count once
            seen.add(c.start)
            unique.append(c)
    return unique


_MENTION_VOTE, _MENTION_CAP = 0.1, 1.5


def consensus_year(doc, offset=0):
    """The year the speech at offset is given in, voted when the text has no reliable date; None on
    a tie. Each claim votes its weight for the latest year it allows (a review of 2023 is mostly
    given in 2024; "即将来临" mostly in the anniversary year). Every written year "YYYY年" adds a
    little to itself and the next year (a speech talks of its year and the one before), capped, so
    a long report full of 2015 and 2016 outvotes one pasted "今年是“十五五”开局之年"."""
    lo, hi = _scope(doc, offset)
    cache = doc.memo.setdefault("consistency.consensus", {})
    if lo in cache:
        return cache[lo]
    score, mentioned = Counter(), Counter()
    for c in year_claims(doc):
        if lo <= c.start < hi and c.lo is not None and c.weight and c.hi - c.lo < 3:
            score[c.hi] += c.weight
    result = None
    if score:
        info = _date_info_at(doc, offset)
        if info is not None and info.date is not None and _VOTING_KINDS.get(info.kind):
            score[info.date.year] += _VOTING_KINDS[info.kind]
        for start, y in year_mentions(doc):
            if lo <= start < hi and 1900 <= y <= 2100:
                mentioned[y] += _MENTION_VOTE
                mentioned[y + 1] += _MENTION_VOTE
        for y, vote in mentioned.items():
            score[y] += min(vote, _MENTION_CAP)
        ranked = score.most_common(2)
        margin = ranked[0][1] - (ranked[1][1] if len(ranked) > 1 else 0.0)
        if margin > 0.05:
            result = ranked[0][0]
        doc.memo.setdefault("consistency.margin", {})[lo] = margin
    cache[lo] = result
    return result


_CLEAR_MARGIN = 0.5


def _rivals(doc, claim):
    """A claim of the same speech that cannot hold in the same year as this one, or None. Uses the
    speech's earliest-ending and latest-starting claims, so it costs O(1) per claim."""
    lo, hi = _scope(doc, claim.start)
    cache = doc.memo.setdefault("consistency.extremes", {})
    if lo not in cache:
        strong = [c for c in year_claims(doc) if lo <= c.start < hi and c.lo is not None and c.weight >= 0.5]
        cache[lo] = (min(strong, key=lambda c: c.hi), max(strong, key=lambda c: c.lo)) if strong else None
    extremes = cache[lo]
    if extremes is None:
        return None
    first_ending, last_starting = extremes
    if first_ending.hi < claim.lo:
        return first_ending
    if last_starting.lo > claim.hi:
        return last_starting
    return None


def _strong_claims(doc, offset):
    lo, hi = _scope(doc, offset)
    cache = doc.memo.setdefault("consistency.strong", {})
    if lo not in cache:
        cache[lo] = any(lo <= c.start < hi and c.weight >= 1 for c in year_claims(doc))
    return cache[lo]


def _claim_hits(doc, kinds):
    for c in year_claims(doc):
        if c.kind not in kinds:
            continue
        if c.explicit is not None:
            said, real = c.explicit
            if said != real:
                yield Hit(c.start, c.end, {"fact": c.what, "said": f"文中说是{said}年"})
            continue
        rng = _year_range(doc, c.start)
        if rng is not None:
            first, last = rng
            if c.hi >= first and (last is None or c.lo <= last):
                continue
            where = f"文档日期是{first}年" if first == last else (
                f"文档日期在{first}年以后" if last is None else f"文档日期在{first}—{last}年之间")
            # error only against a date the user gave; a detected date may itself be wrong
            given = "--date" in doc.date_reason
            yield Hit(c.start, c.end, {"fact": c.what, "said": where},
                      severity=None if given and first == last and c.weight >= 1 else "warning")
            continue
        ref = consensus_year(doc, c.start)
        margin = doc.memo.get("consistency.margin", {}).get(_scope(doc, c.start)[0], 0.0)
        if ref is not None and margin >= _CLEAR_MARGIN:
            if not c.lo <= ref <= c.hi:
                yield Hit(c.start, c.end, {"fact": c.what, "said": f"文中其他时间标志指向{ref}年"},
                          severity="warning")
            continue
        # no clear winner: report every claim that clashes with another one, so that the
        # contradiction is shown whichever side is the wrong one
        if c.weight < 0.5:
            continue
        other = _rivals(doc, c)
        if other is not None:
            yield Hit(c.start, c.end, {"fact": c.what, "said": f"与“{doc.text[other.start:other.end]}”"
                                       f"（{other.what}）不能同时成立"}, severity="warning")


@check("consistency.anniversary")
def anniversary(doc, rule):
    yield from _claim_hits(doc, ("anniversary",))


@check("consistency.congress")
def congress(doc, rule):
    yield from _claim_hits(doc, ("congress",))


@check("consistency.plan_year")
def plan_year(doc, rule):
    yield from _claim_hits(doc, ("plan",))


@check("consistency.review_year")
def review_year(doc, rule):
    yield from _claim_hits(doc, ("review",))


# ---- SL508 years far from the document's era ------------------------------------------------
_TARGET_BEFORE = re.compile(r"(?:到|至|截至|于|在|争取|力争|确保|预计|计划|之前|前|[\u3001\u2014\-\uff5e~和及或])\s*\Z")
_TARGET_AFTER = re.compile(r"年(?:前|以前|之前|底前|左右|远景|目标|愿景|规划|纲要|行动|计划|[\u2014\-\uff5e~\u3001])")
_SENT_STOP = re.compile("[\u3002\uff01\uff1f!?]")
_FAMOUS_TARGETS = {2020, 2025, 2030, 2035, 2049, 2050, 2060}


_SPAN_AFTER = ("多", "余", "来", "之久", "的历史", "左右", "历史")
_SPAN_BEFORE = re.compile(r"(?:距今|约|近|长达|超过|历经|已有|有|了|绵延|传承)\s*\Z")
_DEADLINE_BEFORE = re.compile(r"(?:在|于|到|至|截至|争取|力争|确保)\s*\Z")


def _span_of_years(text, start, end):
    """"2200年前" and "距今2500年" count years; "在2203年前" is a deadline."""
    if text.startswith(_SPAN_AFTER, end) or _SPAN_BEFORE.search(text, max(0, start - 3), start):
        return True
    return text.startswith(("前", "以前"), end) and not _DEADLINE_BEFORE.search(text, max(0, start - 3), start)


def _told_as_past(text, end):
    """"2023年，全区…取得了…。" narrates; "2028年，我们要…" plans. The sentence's 了 tells them apart."""
    stop = _SENT_STOP.search(text, end, end + 200)
    return "了" in text[end:stop.start() if stop else end + 200]


@check("consistency.year_out_of_era")
def year_out_of_era(doc, rule):
    text = doc.text
    for start, y in year_mentions(doc):
        end = start + 5
        if y > 2100:   # no speech plans that far ahead: a typo or a spliced year
            if y < 3000 and not _span_of_years(text, start, end):
                yield Hit(start, end, {"why": f"{y}年远在本世纪之后"})
            continue
        after = text[end:end + 2]
        # only where the year is told as the past: "YYYY年以来" or a sentence opening "YYYY年，"
        # (the site may have glued a paragraph to its heading with a space, so look at the
        # character before, not at doc.paragraphs)
        since = after.startswith(("以来", "来"))
        opening = (start == 0 or text[start - 1] in " \t\u3000\n\u3002\uff01\uff1f\uff1b;!?") and after[:1] in ("\uff0c", ",") \
            and _told_as_past(text, end)
        if not (since or opening) or y in _FAMOUS_TARGETS or _TARGET_AFTER.match(text, end - 1):
            continue
        if _TARGET_BEFORE.search(text, max(0, start - 4), start):
            continue
        rng = _year_range(doc, start)
        if rng is not None:
            ref = rng[1]        # only a closed range says how late the speech can be
        else:
            ref = consensus_year(doc, start) if _strong_claims(doc, start) else None
        if ref is None or y < ref + 2:
            continue
        if since:
            yield Hit(start, end, {"why": f"“{y}年以来”晚于讲话年份{ref}年"})
        else:
            yield Hit(start, end, {"why": f"句首把{y}年当作已过去的年份来叙述，讲话年份是{ref}年"})


# ---- SL520–SL523 number forms (GB/T 15835-2011, GB/T 9704-2012) ------------------------------
_ARABIC_MD = re.compile(r"(\d{1,2})月(?:(\d{1,2})日)?")
_CHINESE_MD = re.compile(r"([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?")
_CN_YEAR_SET = frozenset(_CN_YEAR + "o0")


def _chinese_years(doc):
    """(start, four characters) before each 年 written in Chinese numerals (二〇二三年, 二零二三年)."""
    text = doc.text
    for i in positions(text, ("年",)):
        y = text[i - 4:i]
        if len(y) == 4 and y[0] in "一二" and all(ch in _CN_YEAR_SET for ch in y) \
                and text[i - 5:i - 4] not in _CN_YEAR_SET and any(ch not in "o0" for ch in y[1:]):
            yield i - 4, y


@check("consistency.mixed_date")
def mixed_date(doc, rule):
    text = doc.text
    for start, y in _chinese_years(doc):
        m = _ARABIC_MD.match(text, start + 5)
        year = cn_year("".join("〇" if ch in "o0" else ch for ch in y))
        if m and year and 1900 <= year <= 2100 and 1 <= int(m.group(1)) <= 12:
            fix = f"{year}年{int(m.group(1))}月" + (f"{int(m.group(2))}日" if m.group(2) else "")
            yield Hit(start, m.end(), {"replacement": fix}, Fix(fix, safe=False))
    for start, y in year_mentions(doc):
        m = _CHINESE_MD.match(text, start + 5)
        if not m:
            continue
        month = cn_number(m.group(1))
        day = cn_number(m.group(2)) if m.group(2) else None
        if month is None or not 1 <= month <= 12:
            continue
        fix = f"{y}年{month}月" + (f"{day}日" if day else "")
        yield Hit(start, m.end(), {"replacement": fix}, Fix(fix, safe=False))


@check("consistency.zero_in_year")
def zero_in_year(doc, rule):
    """二零二三年 / 二O二三年: in a year written in Chinese numerals the zero is 〇 (GB/T 15835 §5.2.5).
    ○ (U+25CB) is left alone: edited national texts print it (十九大报告 writes 二○二○年)."""
    for start, year in _chinese_years(doc):
        fixed = "".join("〇" if ch in "零OoＯ0" else ch for ch in year)
        value = cn_year(fixed)
        if fixed == year or value is None or not 1800 <= value <= 2100:
            continue
        yield Hit(start, start + 4, {"replacement": fixed}, Fix(fixed, safe=True))


# ---- SL522 / SL523 ----------------------------------------------------------------------------
@check("consistency.zero_padded_date")
def zero_padded_date(doc, rule):
    """2023年05月06日 → 2023年5月6日: no leading zero in a 年月日 date (GB/T 15835; 成文日期)."""
    text = doc.text
    for i in positions(text, ("年", "月")):
        if text[i + 1:i + 2] == "0" and text[i + 2:i + 3] in "123456789" and text[i + 2:i + 3] \
                and text[i + 3:i + 4] in ("月", "日") and (text[i] == "年") == (text[i + 3] == "月"):
            if text[i] == "年" and not text[i - 4:i].isdigit():
                continue
            yield Hit(i + 1, i + 3, {"replacement": text[i + 2]}, Fix(text[i + 2], safe=True))


_DOC_NUMBER = re.compile(r"[发字函办令委府]([\uff08(\[\u3010\uff3b])((?:19|20)\d\d)([\uff09)\]\u3011\uff3d])第?\d{1,4}\Z")


@check("consistency.document_number")
def document_number(doc, rule):
    """国办发（2018）128号 → 国办发〔2018〕128号 (GB/T 9704-2012: the year in 六角括号)."""
    text = doc.text
    for i in positions(text, ("号",)):
        m = _DOC_NUMBER.search(text, max(0, i - 14), i)
        if m:
            fixed = f"〔{m.group(2)}〕"
            yield Hit(m.start(1), m.end(3), {"replacement": fixed}, Fix(fixed, safe=True))
