"""Punctuation checks that need more than a regex (GB/T 15834-2011, facts.md §B1):
half-width marks in Chinese text, paired marks, quote glyphs, headings run into their body."""
from __future__ import annotations

import bisect
import re
from array import array

from ..diagnostics import CharEdits, Fix
from ..document import per_document
from ..registry import Hit, check

# Half-width mark → its full-width form (GB/T 15834: Chinese text uses full-width marks).
FULL = {",": "\uFF0C", ";": "\uFF1B", ":": "\uFF1A", "?": "\uFF1F", "!": "\uFF01", "(": "\uFF08", ")": "\uFF09"}
_FULL_MARKS = "\uFF0C\uFF1B\uFF1A\uFF1F\uFF01\uFF08\uFF09"
_CJK_CLASS = "\u3400-\u9fff\uf900-\ufaff"
_CTX_CLASS = _CJK_CLASS + "\u201c\u201d\u2018\u2019\u300a\u300b\u3001\u3002\u2026\u2014\uFF08\uFF09"
# , ; : with Chinese on either side (one space allowed); ? ! only after Chinese ("前1?。" is a
# character lost in encoding, not a question mark). A colon between digits (09:25) has no Chinese side.
_HALF_POINT = re.compile(            # one leading class: the scan skips ahead at C speed
    "[,;:?!](?:(?<=[{c}][,;:])|(?<=[{c}] [,;:])|(?<=[,;:])(?= ?[{c}])|(?<=[{k}\u201d\u2019\u300b\uFF09][?!]))"
    .format(c=_CTX_CLASS, k=_CJK_CLASS))
# An ASCII paren with, when it opens a pair within one line, that pair. The empty group is set when
# the pair has Chinese before it, after it or inside it (the usual case: 县(区), (一)加强). One leading
# class, like _HALF_POINT: a scan for alternatives that start differently runs several times slower.
# The run before the first hanzi excludes hanzi, so a long line after a lone "(" is not re-scanned
# from every hanzi in it.
_PAREN = re.compile(
    r"[()](?:(?<=\()(?:(?:(?<=[{c}]\()[^()\n]*|[^()\n{k}]*[{k}][^()\n]*|[^()\n]*(?=\)[{c}]))()|[^()\n]*)\))?"
    .format(c=_CTX_CLASS, k=_CJK_CLASS))
# Web and mail addresses: found from "://", "www." or "@" and widened to the ASCII run.
_URL_HINTS = ("://", "www.", "@")
_ASCII_LEFT = re.compile(r"[A-Za-z0-9._%+-]*\Z")
_ASCII_RIGHT = re.compile(r"[\x21-\x7e]*")
# "Closers" count as Chinese context too: ”,  》(  ）; are Chinese-text positions.
_CJK_CONTEXT = set("\u201c\u201d\u2018\u2019\u300a\u300b\u3001\u3002\u2026\u2014\uFF08\uFF09")

OPEN = {"\u201c": "\u201d", "\u2018": "\u2019", "\u300a": "\u300b", "\u3008": "\u3009",
        "\uFF08": "\uFF09", "(": ")", "\u3010": "\u3011", "\u3014": "\u3015"}
CLOSE = {v: k for k, v in OPEN.items()}
CLOSE[")"] = "("           # ( ) and （ ） pair with each other; their width is another rule's business
CLOSE["\uFF09"] = "\uFF08"
_SAME = {"(": "\uFF08", "\uFF08": "\uFF08"}
_PAIRED = re.compile("[%s]" % re.escape("".join(OPEN) + "".join(CLOSE)))
_ENDERS = set("\u3002\uFF01\uFF1F!?\u2026\u201d\u2019\u300b\uFF09)\"'.\u300d\u300f\uFF1A:")


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _chinese_side(ch: str) -> bool:
    return is_cjk(ch) or ch in _CJK_CONTEXT


def _near(text: str, i: int, step: int) -> str:
    """The first character from i in direction step, skipping at most one space, on the same line."""
    j = i + step
    if 0 <= j < len(text) and text[j] == " ":
        j += step
    return text[j] if 0 <= j < len(text) else ""


def _url_spans(text: str) -> list:
    # str.find runs several times faster than a regex scan for the three hints; none of them can
    # overlap another or itself, so sorting their offsets gives what one finditer would
    hints = []
    for hint in _URL_HINTS:
        i = text.find(hint)
        while i != -1:
            hints.append((i, hint))
            i = text.find(hint, i + len(hint))
    spans, reach = [], -1
    for start, hint in sorted(hints):
        if start < reach:
            continue
        end = start + len(hint)
        left = _ASCII_LEFT.search(text, max(0, start - 64), start).start()
        reach = _ASCII_RIGHT.match(text, end).end()
        while reach > end and text[reach - 1] in ",.;:!?)'\"":
            reach -= 1         # the sentence's own mark after an address is not part of it
        if left < start or hint == "www.":
            spans.append((left, reach))
    return spans


@per_document
def halfwidth_marks(doc) -> array:
    """Offsets of every half-width , ; : ? ! ( ) used in Chinese text, in order. Cached on the document
    because the per-mark rule and the document-level rule both need it. The context test is in the
    regex (C speed): a half-width document has tens of thousands of marks."""
    text = doc.text
    # an array, not a list of ints: a 20 MB half-width draft has a million marks (36 bytes each as ints)
    found = array("q", map(re.Match.start, _HALF_POINT.finditer(text)))
    if "(" in text or ")" in text:
        found = array("q", sorted(found + array("q", _chinese_parens(text))))
    for a, b in _url_spans(text) + list(doc.ignored):    # not inside web addresses or code
        del found[bisect.bisect_left(found, a):bisect.bisect_left(found, b)]
    return found


def _chinese_parens(text: str) -> list:
    """ASCII ( ) that touch or hold Chinese text. A pair within one line is converted together, so
    that a fix never leaves "(一）"; a lone one counts when Chinese is next to it."""
    out = []
    for m in _PAREN.finditer(text):
        i = m.start()
        if m.lastindex:                  # a pair with Chinese about it
            out += (i, m.end() - 1)
        elif m.end() == i + 1 and (_chinese_side(text[i - 1:i] or " ") or _chinese_side(text[i + 1:i + 2] or " ")):
            out.append(i)
    return out


@per_document
def _fullwidth_count(doc) -> int:
    """Full-width , ; : ? ! ( ) in the text: seven scans of it, so done once for both rules."""
    return sum(doc.text.count(c) for c in _FULL_MARKS)


def is_halfwidth_document(doc, rule) -> bool:
    """A document whose Chinese text uses half-width marks throughout (a site converted them all)."""
    marks = halfwidth_marks(doc)
    full = _fullwidth_count(doc)
    minimum = int(rule.options.get("min_marks", 5))
    ratio = float(rule.options.get("min_share", 0.8))
    return len(marks) >= minimum and len(marks) >= ratio * (len(marks) + full)


@check("punctuation.halfwidth_marks")
def halfwidth_per_mark(doc, rule):
    if is_halfwidth_document(doc, rule):
        return
    text = doc.text
    for i in halfwidth_marks(doc):
        rep = FULL[text[i]]
        yield Hit(i, i + 1, {"replacement": rep}, Fix(rep, True))


@check("punctuation.halfwidth_document")
def halfwidth_document(doc, rule):
    if not is_halfwidth_document(doc, rule):
        return
    marks, text = halfwidth_marks(doc), doc.text
    first, rep = marks[0], FULL[text[marks[0]]]
    yield Hit(first, first + 1, {"count": len(marks), "replacement": rep}, Fix(rep, True, CharEdits(text, marks, FULL)))


# ---- paired marks ------------------------------------------------------------------------------

def logical_paragraphs(doc) -> list:
    """Paragraphs as lists of Paragraph, where a paragraph that ends mid-sentence (no closing mark,
    next one not a heading) is joined to the next: a page break or a site's fixed-size chunks must not
    split a pair of quotes into two "unmatched" ones."""
    groups, current = [], []
    paras = doc.paragraphs
    for k, p in enumerate(paras):
        current.append(p)
        nxt = paras[k + 1] if k + 1 < len(paras) else None
        text = doc.text
        if nxt is not None and nxt.line == p.line:
            continue           # segments of one physical line split at a space
        if nxt is not None and text[p.end - 1] not in _ENDERS and nxt.marker is None and p.marker is None \
                and (p.end - p.start) > 40:
            continue
        groups.append(current)
        current = []
    return groups


@check("punctuation.unmatched_pairs")
def unmatched_pairs(doc, rule):
    text = doc.text
    groups = logical_paragraphs(doc)
    findall = _PAIRED.findall
    # Between the paragraphs of a group lie only spaces, line breaks and chunk numbers ("3、") unless
    # spans are ignored: one scan from its first paragraph to its last then finds the same marks.
    whole = not doc.ignored
    for g, group in enumerate(groups):
        if whole:
            marks = findall(text, group[0].start, group[-1].end)
        else:
            marks = [c for p in group for c in findall(text, p.start, p.end)]
        if not marks or _balanced(marks):
            continue           # the common case, checked on the characters alone
        stack = []                     # (offset, opener)
        closers_left = marks.count("\u201d")
        for p in group:
            for m in _PAIRED.finditer(text, p.start, p.end):
                i, ch = m.start(), m.group()
                if ch == "\u2019" and text[i - 1:i].isascii() and text[i - 1:i].isalpha():
                    continue           # an apostrophe in English: don’t
                if ch in ")\uFF09" and _LIST_NUMBER.match(text, p.start, i):
                    continue           # 1） a） used as list numbers
                if ch == "\u201d":
                    closers_left -= 1
                if ch in OPEN:
                    if ch == "\u201c":
                        k = _find(stack, "\u201c")
                        opened = sum(1 for _, c in stack if c == "\u201c")
                        if k is not None and closers_left <= opened:
                            # “ … “ with too few ” left: the first one was never closed (with enough
                            # left it is “ “ ” ” — inner quotes that should be ‘ ’, still paired)
                            yield _report(stack.pop(k), "\u201d")
                    stack.append((i, ch))
                    if len(stack) > _MAX_OPEN:       # nobody nests this deep: keeps the scan linear
                        oldest = stack.pop(0)
                        yield _report(oldest, OPEN[oldest[1]])
                    continue
                want = CLOSE[ch]
                k = _find(stack, want)
                if k is None:
                    yield Hit(i, i + 1, {"mark": ch, "missing": want})
                    continue
                for item in stack[k + 1:]:
                    yield _report(item, OPEN[item[1]])
                del stack[k:]
        if not stack:
            continue
        nxt = groups[g + 1][0] if g + 1 < len(groups) else None
        continued = nxt is not None and text[nxt.start] == "\u201c"
        end = group[-1].end
        if text[end - 3:end] == "...":
            continue               # a teaser cut off by a site ("……“牢记初......"): nothing left to close
        for item in stack:
            if item[1] == "\u201c" and continued:
                continue           # a quotation over several paragraphs opens each and closes at its end
            yield _report(item, OPEN[item[1]])


_MAX_OPEN = 64
_LIST_NUMBER = re.compile(r"\s*[0-9A-Za-z一二三四五六七八九十]{1,3}\Z")


def _balanced(marks) -> bool:
    """True when the marks nest properly (quick test; the full scan decides what to report)."""
    stack = []
    for c in marks:
        if c in OPEN:
            if c == "\u201c" and "\u201c" in stack:
                return False
            stack.append(_SAME.get(c, c))
        elif not stack or stack.pop() != _SAME.get(CLOSE[c], CLOSE[c]):
            return False
    return not stack


def _find(stack, opener):
    same = _SAME.get(opener, opener)
    for k in range(len(stack) - 1, -1, -1):
        if _SAME.get(stack[k][1], stack[k][1]) == same:
            return k
    return None


def _report(item, missing):
    i, ch = item
    return Hit(i, i + 1, {"mark": ch, "missing": missing})


# ---- quote glyphs ------------------------------------------------------------------------------

_GLYPHS = '\u301d\u301e\u301f\u201e"\uFF02'
_GLYPH = re.compile("[%s]" % _GLYPHS)


@check("punctuation.quote_glyphs")
def quote_glyphs(doc, rule):
    """〝 〞 „ and straight quotes used as Chinese quotation marks. 〝 and „ open, 〞 and 〟 close;
    a straight quote opens or closes by its place in the paragraph, which is only certain when the
    paragraph holds an even number of them."""
    text = doc.text
    # Only the paragraphs that hold a glyph (most hold none); str.find per glyph finds them several
    # times faster than a regex scan with the class
    glyphs = []
    for ch in _GLYPHS:
        i = text.find(ch)
        while i != -1:
            glyphs.append(i)
            i = text.find(ch, i + 1)
    if not glyphs:
        return
    paras = doc.paragraphs
    starts = [p.start for p in paras]
    for k in sorted({bisect.bisect_right(starts, i) - 1 for i in glyphs}):
        if k < 0:
            continue
        p = paras[k]
        straight = []
        for m in _GLYPH.finditer(text, p.start, p.end):
            i, ch = m.start(), m.group()
            if ch in "\u301d\u201e":
                yield Hit(i, i + 1, {"replacement": "\u201c"}, Fix("\u201c", True))
            elif ch in "\u301e\u301f":
                yield Hit(i, i + 1, {"replacement": "\u201d"}, Fix("\u201d", True))
            else:
                straight.append(i)
        if not straight:
            continue
        chinese = [i for i in straight if _chinese_side(_near(text, i, -1)) or _chinese_side(_near(text, i, 1))]
        if not chinese:
            continue
        safe = len(straight) % 2 == 0 and len(chinese) == len(straight)
        for n, i in enumerate(straight):
            if i not in chinese:
                continue
            rep = "\u201c" if n % 2 == 0 else "\u201d"
            yield Hit(i, i + 1, {"replacement": rep}, Fix(rep, safe))


# ---- a heading run into its body --------------------------------------------------------------

_SENTENCE_END = re.compile(r"[\u3002\uFF01\uFF1F!?\uFF1B;]")


def _standalone(p) -> bool:
    t = p.text
    return len(t) <= 50 and t[-1] not in "\u3002\uFF01\uFF1F!?\uFF1B;" and not _SENTENCE_END.search(t)


@check("punctuation.heading_run_in")
def heading_run_in(doc, rule):
    """A heading that shares its line with the body: either the body follows after a space on the
    same line, or — when its sibling headings stand alone — the body follows with no break at all."""
    paras = doc.paragraphs
    index = {id(p): k for k, p in enumerate(paras)}
    max_len = int(rule.options.get("max_heading", 50))
    groups = {}                # (parent, marker kind) → sibling figures, computed once per group
    for node in doc.outline.headings:
        p = node.paragraph
        k = index.get(id(p))
        if k is None or node.level not in (1, 2):
            continue
        nxt = paras[k + 1] if k + 1 < len(paras) else None
        if nxt is not None and nxt.line == p.line and nxt.marker is None and _standalone(p):
            gap = doc.text[p.end:nxt.start]
            if gap.strip(" \t\u3000\u00a0") == "":
                yield Hit(p.end, nxt.start, {"heading": p.text[:max_len]}, Fix("\n", False))
                continue
        if _standalone(p):
            continue
        key = (id(node.parent), node.marker.kind)
        if key not in groups:
            groups[key] = _sibling_stats(node, doc.outline.roots)
        total, alone, longest = groups[key]
        if not alone or alone * 2 < total - 1:
            continue
        first = _SENTENCE_END.search(p.text)
        head = first.start() if first else len(p.text)
        if head >= longest + 10 and len(p.text) > max_len:
            yield Hit(p.start, p.start + min(head, longest), {"heading": p.text[:longest]})


def _sibling_stats(node, roots):
    """(siblings of node's kind, how many stand alone, the longest of those) under node's parent."""
    siblings = [s.paragraph for s in (node.parent.children if node.parent else roots)
                if s.marker.kind == node.marker.kind]
    alone = [len(s.text) for s in siblings if _standalone(s)]
    return len(siblings), len(alone), max(alone, default=0)
