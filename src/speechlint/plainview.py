"""The plain view of a document: the text with traditional characters turned simplified and pinyin
annotations such as "關(guān)" removed, and the way back to offsets in doc.text.

Sharing sites convert drafts to traditional script or stuff them with annotations; the date detection,
the dated-term rules, the typo rules and the boilerplate rules all read this view so that "相關(guān)熱詞搜索"
is matched like "相关热词搜索". Built once per document (parse stage)."""
from __future__ import annotations

import bisect
import re
from array import array
from functools import lru_cache

from .document import line_starts, per_document

# A tone-marked pinyin syllable in brackets right after a Chinese character: "關(guān)". The bracket
# comes first and the look-behind after it, so that re skips ahead to a bracket in C.
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_ANNOTATION = re.compile(r"[(（](?<=[\u4e00-\u9fff].)[a-zü%s]{0,6}[%s][a-zü%s]{0,6}[)）]" % (_TONES, _TONES, _TONES))
# Characters that exist only in traditional script; a handful of them means the draft was converted.
_TRADITIONAL = re.compile(
    "[們這個來會說為國發與時對經關實從現進過問麼當動開還點學長種應將無後業義設體總機黨組織領導員議務區"
    "決處幹則責認識論數質產環資結構聯係頁權網載檔閱讀熱詞擊歡頭專證據極壓繼續礎紀鄉鎮縣財稅報價參費劃擴辦"
    "隊衛標準條訊氣觀確勞興級讓貫項規範歷營題]")
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
    list of segments (plain start, original start), one more after every removed annotation, kept as two
    arrays (a pinyin-stuffed draft has one annotation every few characters)."""

    def __init__(self, text, plain_starts=None, orig_starts=None, orig_len=0, dirty=()):
        self.text = text
        self.changed = plain_starts is not None
        self.dirty = list(dirty)          # plain (start, end) of the converted lines
        self._orig_len = orig_len
        self._plain_starts = array("q", [0]) if plain_starts is None else plain_starts
        self._orig_starts = array("q", [0]) if orig_starts is None else orig_starts

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

    def to_view(self, offset: int) -> int:
        """The view offset of a doc.text offset; one inside a removed annotation maps to its end."""
        if not self.changed:
            return offset
        k = bisect.bisect_right(self._orig_starts, offset) - 1
        pos = self._plain_starts[k] + offset - self._orig_starts[k]
        if k + 1 < len(self._plain_starts):
            pos = min(pos, self._plain_starts[k + 1])
        return pos

    def span(self, start: int, end: int) -> tuple:
        return self.start(start), self.end(end)

    @property
    def line_starts(self) -> array:
        starts = self.__dict__.get("_line_starts")
        if starts is None:
            starts = self._line_starts = line_starts(self.text)
        return starts


@per_document
def plain_view(doc) -> PlainView:
    return _build_view(doc.text)


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
    parts, plain_dirty = [], []
    plain_starts, orig_starts = array("q", [0]), array("q", [0])
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
            plain_starts.append(plain_len)
            orig_starts.append(start + cut)
        parts.append(line[cut:])
        plain_len += len(line) - cut
        if plain_dirty and plain_dirty[-1][1] + 1 >= line_plain_start:
            line_plain_start = plain_dirty.pop()[0]     # merge neighbouring lines into one span
        plain_dirty.append((line_plain_start, plain_len))
        pos = end
    parts.append(text[pos:])
    return PlainView("".join(parts), plain_starts, orig_starts, len(text), plain_dirty)
