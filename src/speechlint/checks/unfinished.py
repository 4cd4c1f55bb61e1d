"""Unfinished text: paragraphs broken mid-sentence, empty series items and headings, a document that
stops mid-sentence. Headings come from the grammar's outline (Paragraph.marker, doc.outline)."""
from __future__ import annotations

import bisect
import re

from ..diagnostics import Fix
from ..document import per_document
from ..registry import Hit, check
from ..words import on_word_boundary

# A paragraph may end with these (。！？…… and closing quotes/brackets, the ASCII twins of a half-width
# document, and ：/: which introduces a list or a quotation).
ENDERS = set("\u3002\uFF01\uFF1F!?\u2026\u201d\u2019\u300b\uFF09)\"'.\u300d\u300f\uFF1A:\u3015\u3011")
SEMICOLONS = set("\uFF1B;")
_CLAUSE_MARK = re.compile(r"[\uFF0C,\u3001\uFF1B;\uFF1A:\u3002\uFF01\uFF1F!?\s]")
_SENTENCE_MARK = re.compile(r"[\uFF0C,\uFF1B;\u3002\uFF01\uFF1F!?]")
_SENTENCE_END = re.compile(r"[\uFF1B;\u3002\uFF01\uFF1F!?]")
_BULLET = re.compile(r"[\u2014\u2015\-\u00b7\u2022\u25cf\u25a0\u25c6\u2605\u25cb\u25a1*>#|]")
# Words jieba's HMM glues onto the previous character ("情况下|要优先" → "下要"): a continuation that
# starts with one of them starts a new clause, not the second half of a word.
_CLAUSE_START = set("要就也都还并又再才将把被对在从让使以")
# Particles that never open a sentence: a paragraph starting with one continues the one before,
# however short that one is (……认真贯彻落实党中央 ⏎ 的决策部署。).
_NEVER_FIRST = set("的了着得之们吗呢吧啊")
_MAX_TAIL = 12
# Where an empty series item can be: a marker followed (after a comma or colon) by 。；, the end of
# the paragraph, or the next marker. Only paragraphs with such a place are parsed for markers.
_EMPTY_CANDIDATE = re.compile(           # one leading character class: tried only where one of them is
    r"[一二三四五六七八九十第首其再最（(0-9](?:(?<=[一二三四五六七八九十])[一二三四五六七八九十]{0,2}[是要、，,．.]"
    r"|(?<=第)[一二三四五六七八九十]{1,3}[，,、：:]?|(?<=首)先|(?<=[其再])次|(?<=最)后"
    r"|(?<=[（(])[一二三四五六七八九十\d]{1,3}[）)]|(?<=\d)\d?[.．、])"
    r"[ \u3000\uFF0C,\u3001\uFF1A:]*(?:[\u3002\uFF1B;]|$|[一二三四五六七八九十]{1,3}[是要]|第[一二三四五六七八九十])",
    re.M)
# Scanning for that leading class still costs ~8 ns a character, its characters being common. Every
# candidate ends with one of 。；; a line end, 一是 or 第一, right after the last two characters of a
# marker (一是 第一 首先 1. （1）) or of a marker and its separators (“一、 ”): patterns opening with one
# literal each find those ends at C speed, and _EMPTY_CANDIDATE then runs only over the stretches
# around them.
_N = "[一二三四五六七八九十]"
_CLOSE_LAST = "[是要、，,．.：: \u3000先次后）)一二三四五六七八九十]"      # tested first: it rejects most ends
_CLOSE = (rf"(?:[一二三四五六七八九十\d][是要．.、，,：:）)]|{_CLOSE_LAST}[ \u3000，,、：:]"
          rf"|[一二三四五六七八九十第]{_N}|首先|[其再]次|最后)")
_CANDIDATE_ENDS = [re.compile(f"{c}(?<={_CLOSE_LAST}{c})(?<={_CLOSE}{c})") for c in "\u3002\uFF1B;\n"] + [
    re.compile(f"{c}(?<={_N}{c})(?:(?<={_CLOSE}{_N}{c})|(?<={_CLOSE}{_N}{{2}}{c})|(?<={_CLOSE}{_N}{{3}}{c}))")
    for c in "是要"] + [
    re.compile(f"第(?<={_CLOSE_LAST}第)(?<={_CLOSE}第){_N}")]
# Every character a candidate can hold: a stretch of them bounded by other characters (or the text's
# ends) is matched by _EMPTY_CANDIDATE exactly as within the whole text.
_IN_CANDIDATE = "一二三四五六七八九十第首其再最先次后是要（()）、，,．.：:\uFF1B;\u3002 \u3000"
_CANDIDATE_STRETCH = re.compile(f"[{_IN_CANDIDATE}\\d]*")
# Short clauses that do open a paragraph (so a two-character first clause is not always a fragment).
_OPENERS = {"同志们", "各位", "总之", "因此", "同时", "此外", "另外", "首先", "其次", "最后", "当前", "目前",
            "今年", "去年", "明年", "为此", "对此", "然而", "但是", "所以", "第一", "第二", "第三"}


def heading_like(p, colon_ends=False) -> bool:
    """A title, heading, speaker, date or salutation line: short, no sentence punctuation inside.
    colon_ends: a colon inside also counts as sentence punctuation (a signature or date line has none)."""
    text, start, end = p.doc.text, p.start, p.end     # searched in place: called for most paragraphs
    if end - start > 80:
        return False
    if p.marker is not None and not _SENTENCE_END.search(text, start, end):
        return True            # headings may hold commas: 一、紧扣主题，把握关键
    if colon_ends and (text.find("\uFF1A", start, end) >= 0 or text.find(":", start, end) >= 0):
        return False
    return end - start <= 40 and not _SENTENCE_MARK.search(text, start, end)


def _tail_start(text: str, start: int, end: int) -> int:
    """Start of the last clause of text[start:end] (at most _MAX_TAIL characters)."""
    stop = end
    while stop > start and text[stop - 1] in "\uFF0C,\u3001\uFF1B;\uFF1A:":
        stop -= 1
    i = stop
    while i > start and i > end - _MAX_TAIL and not _CLAUSE_MARK.match(text[i - 1]):
        i -= 1
    return i if i < end else end - 1


def _head_end(text: str, start: int, end: int) -> int:
    """End of the first clause of text[start:end] (at most _MAX_TAIL characters), its punctuation included."""
    m = _CLAUSE_MARK.search(text, start, min(end, start + _MAX_TAIL))
    return m.end() if m else min(end, start + _MAX_TAIL)


@per_document
def broken_pairs(doc):
    """(paragraph, next paragraph or None, how) for every paragraph that does not finish its sentence.
    how: "open" (no closing mark), "semicolon" (ends with ； and the sentence runs on)."""
    text, paras, out = doc.text, doc.paragraphs, []
    markup_ends = {b for _, b in doc.ignored}
    chunk_starts = {e for _, e in doc.chunk_markers}
    for k, p in enumerate(paras):
        last = text[p.end - 1]
        if last in ENDERS:
            continue
        nxt = paras[k + 1] if k + 1 < len(paras) else None
        if nxt is not None and nxt.start in chunk_starts:
            out.append((p, nxt, "open"))
            continue           # a site's fixed-size chunk ends wherever the size ran out
        if nxt is not None and nxt.line == p.line:
            continue           # the splitter's guess at a space inside one line ("好品山东 商行天下")
        if last in SEMICOLONS:
            if nxt is not None and _continues_list_free(p, nxt):
                out.append((p, nxt, "semicolon"))
            continue
        if p.start in markup_ends:
            continue           # a Markdown list item or heading ("- 加强学习，提高站位")
        if heading_like(p) and not (nxt is not None and text[nxt.start] in _NEVER_FIRST):
            continue           # a title, speaker, date or page-number line
        if last.isascii() and last.isalnum() and nxt is not None and not _continuation(nxt):
            continue           # a file name, address or time stamp line (致辞1.docx), not a sentence
        out.append((p, nxt if nxt is not None and _continuation(nxt) else None, "open"))
    out = _drop_heading_style(text, out)
    return out


def _drop_heading_style(text, found):
    """Unnumbered headings with commas ("坚持党的领导，推进全面从严治党") look like short broken
    lines. One or two such lines are breaks; three or more in a draft are its heading style."""
    short = [f for f in found if f[2] == "open" and f[0].end - f[0].start <= 40
             and not _SENTENCE_END.search(text, f[0].start, f[0].end)
             and not (f[1] is not None and text[f[1].start] in _NEVER_FIRST)]
    if len(short) < 3:
        return found
    drop = {id(f[0]) for f in short}
    return [f for f in found if id(f[0]) not in drop]


def _continuation(nxt) -> bool:
    """Could nxt be the rest of the previous paragraph's sentence?"""
    if nxt.marker is not None or _starts_series(nxt):
        return False
    return not heading_like(nxt)


def _starts_series(p) -> bool:
    marks = p.inline_markers
    return bool(marks) and marks[0][0] == p.start


def _continues_list_free(p, nxt) -> bool:
    """A paragraph ending in ； is a list item when it or the next one is numbered or bulleted."""
    text = p.doc.text
    if nxt.marker is not None or _starts_series(nxt) or heading_like(nxt):
        return False
    if _BULLET.match(text, p.start) or _BULLET.match(text, nxt.start):
        return False
    return True


def _join_fix(doc, p, nxt):
    """Replace the last clause, the break and the first clause of the continuation by the two clauses
    joined: one edit over the line break (unsafe: a human should confirm the join)."""
    text = doc.text
    start = _tail_start(text, p.start, p.end)
    head_end = _head_end(text, nxt.start, nxt.end)
    joined = text[start:p.end] + text[nxt.start:head_end]
    return start, head_end, Fix(joined, False, ((start, head_end, joined),))


@check("unfinished.broken_paragraph")
def broken_paragraph(doc, rule):
    """A paragraph that stops mid-sentence and whose sentence goes on in the next paragraph."""
    text = doc.text
    last = doc.paragraphs[-1] if doc.paragraphs else None
    for p, nxt, how in broken_pairs(doc):
        if how != "open" or nxt is None or p is last:
            continue
        start, _, fix = _join_fix(doc, p, nxt)
        yield Hit(start, p.end, {"tail": text[start:p.end], "head": text[nxt.start:_head_end(text, nxt.start, nxt.end)]}, fix)


@check("unfinished.no_end_mark")
def no_end_mark(doc, rule):
    """A body paragraph without closing punctuation that is not followed by its continuation."""
    text = doc.text
    last = doc.paragraphs[-1] if doc.paragraphs else None
    for p, nxt, how in broken_pairs(doc):
        if how != "open" or nxt is not None or p is last:
            continue
        start = _tail_start(text, p.start, p.end)
        yield Hit(start, p.end, {"tail": text[start:p.end]})


@check("unfinished.semicolon_break")
def semicolon_break(doc, rule):
    text = doc.text
    for p, nxt, how in broken_pairs(doc):
        if how != "semicolon":
            continue
        start, _, fix = _join_fix(doc, p, nxt)
        yield Hit(start, p.end, {"tail": text[start:p.end], "head": text[nxt.start:_head_end(text, nxt.start, nxt.end)]}, fix)


@check("unfinished.word_fragment")
def word_fragment(doc, rule):
    """The paragraph that carries the second half of a word (or of a bracketed note or a run of ×)
    broken by a page break: 年度考 | 核的重要内容。"""
    text = doc.text
    chunk_starts = {e for _, e in doc.chunk_markers}
    for p, nxt, how in broken_pairs(doc):
        if nxt is None or nxt.start in chunk_starts:
            continue           # a site's fixed-size chunk: the chunk line itself is reported at its end
        if _mid_word(text, p, nxt):
            end = _head_end(text, nxt.start, nxt.end)
            while end > nxt.start + 1 and _CLAUSE_MARK.match(text[end - 1]):
                end -= 1
            yield Hit(nxt.start, end, {"head": text[nxt.start:end], "tail": text[max(p.start, p.end - 4):p.end]})


def _mid_word(text, p, nxt) -> bool:
    a, b = text[p.end - 1], text[nxt.start]
    if b in "(\uFF08":
        return True            # a bracketed note never opens a paragraph: 我县 | (区)实际
    if a == b == "\u00d7":
        return True            # a run of × split in two
    if not ("\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff"):
        return False
    head = _CLAUSE_MARK.search(text, nxt.start, min(nxt.end, nxt.start + 5))
    if head is not None and head.start() - nxt.start <= 3 and text[head.start()] in "\uFF0C,\u3002\uFF1B;" \
            and text[nxt.start:head.start()] not in _OPENERS:
        return True            # 克服厌烦 | 情绪。 — two or three characters cannot open a paragraph
    if b in _CLAUSE_START:
        return False
    tail = text[max(p.start, p.end - 20):p.end]
    joined = tail + text[nxt.start:min(nxt.end, nxt.start + 20)]
    return not on_word_boundary(joined, len(tail), len(tail))


@check("unfinished.truncated_document")
def truncated_document(doc, rule):
    """The last paragraph of the document stops mid-sentence."""
    paras = doc.paragraphs
    if not paras:
        return
    p = paras[-1]
    if doc.text[p.end - 1] in ENDERS or heading_like(p, colon_ends=True):
        return
    start = _tail_start(doc.text, p.start, p.end)
    yield Hit(start, p.end, {"tail": doc.text[start:p.end]})


@check("unfinished.empty_series_item")
def empty_series_item(doc, rule):
    """一是 / 第一， / （一） with nothing after it before the next item or the end of the paragraph."""
    text = doc.text
    paras = doc.paragraphs
    starts = [p.start for p in paras]
    seen = set()
    for m in _empty_candidates(text):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k < 0 or k in seen or paras[k].end < m.start():
            continue
        seen.add(k)
        p = paras[k]
        marks = list(p.inline_markers)
        if p.marker is not None:
            marks.insert(0, (p.start, p.marker))
        for off, marker in marks:
            after = off + marker.length
            rest = text[after:p.end].lstrip(" \u3000\uFF0C,\u3001\uFF1A:")
            if rest == "" or rest[0] in "\u3002\uFF1B;" or _next_marker_at(p, after, text):
                yield Hit(off, after, {"marker": text[off:after]})


def _empty_candidates(text):
    """The matches of _EMPTY_CANDIDATE.finditer(text), found near the places where one can end."""
    ends = sorted({m.start() for pattern in _CANDIDATE_ENDS for m in pattern.finditer(text)})
    ends.append(len(text))
    scanned = 0                # where the last stretch ended: before it, everything is matched
    for end in ends:
        if end < scanned:
            continue
        start = end            # back to the stretch's first character (or its line's start)
        while start > scanned and (text[start - 1] in _IN_CANDIDATE or text[start - 1].isdecimal()):
            start -= 1
            if end - start > 64:
                start = max(scanned, text.rfind("\n", 0, end) + 1)
                break
        stop = _CANDIDATE_STRETCH.match(text, end).end()
        # one character past the stretch, so that $ sees the line end but no match can reach the end
        scanned = stop + 1
        yield from _EMPTY_CANDIDATE.finditer(text, start, scanned)


def _next_marker_at(p, after, text) -> bool:
    rest_start = after
    while rest_start < p.end and text[rest_start] in " \u3000\uFF0C,\u3001\uFF1A:":
        rest_start += 1
    return any(off == rest_start for off, _ in p.inline_markers)


@check("unfinished.empty_heading")
def empty_heading(doc, rule):
    """A heading followed directly by a heading of the same or a higher level (or by nothing), when a
    sibling of it does have a body: a bare list of headings (附件：1. … 2. …) is a list, not a gap."""
    paras = doc.paragraphs
    index = {id(p): k for k, p in enumerate(paras)}
    empty = {}
    for h in doc.outline.headings:
        p = h.paragraph
        k = index.get(id(p))
        if k is None or h.level < 1 or not heading_like(p) or p.end - p.start <= h.marker.length:
            continue           # a bare "（一）" is an empty item (SL305), reported once
        nxt = paras[k + 1] if k + 1 < len(paras) else None
        empty[id(h)] = nxt is None or (nxt.marker is not None and 0 <= nxt.marker.level <= h.level
                                       and heading_like(nxt))
    counts = {}                # (parent, marker kind) → (with a body, without), once per group
    for h in doc.outline.headings:
        if not empty.get(id(h)):
            continue
        key = (id(h.parent), h.marker.kind)
        if key not in counts:
            siblings = [s for s in (h.parent.children if h.parent else doc.outline.roots)
                        if s.marker.kind == h.marker.kind]
            counts[key] = (sum(1 for s in siblings if empty.get(id(s)) is False),
                           sum(1 for s in siblings if empty.get(id(s))))
        full, gaps = counts[key]
        # 1. 2. 3. items on one line each are a list whose last item is followed by text; a missing
        # body shows when most siblings have one (for 一、 sections one other is enough)
        if gaps <= full and (full >= 2 or (full >= 1 and h.level <= 1)):
            p = h.paragraph
            yield Hit(p.start, p.end, {"heading": p.text})
