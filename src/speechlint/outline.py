"""Numbering markers and the outline tree, parsed with the Lark grammar in grammars/outline.lark.

The grammar is the one place that says what a marker looks like. This module feeds it short
prefixes (the characters a marker can be made of) and caches the answer per prefix, so a long
document costs a handful of parses, not one per paragraph.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from .resources import data_dir


def _import_lark():
    # Lark imports the third-party `regex` module when it is installed (15 ms, a tenth of a short run's
    # start-up) and needs it only for \p{…} classes, which grammars/outline.lark does not use.
    if "regex" in sys.modules:
        import lark
        return lark
    sys.modules["regex"] = None         # makes `import regex` fail inside lark's import only
    try:
        import lark
    finally:
        del sys.modules["regex"]
    return lark


_lark = _import_lark()
Lark, LarkError = _lark.Lark, _lark.LarkError

# Levels of the four-level scheme; parts (第一篇) sit above, circled numbers below.
LEVEL = {"part": 0, "layer": 0, "cn_item": 1, "paren_cn": 2, "arabic_item": 3, "paren_arabic": 4, "circled": 5}
STANDARD_SEP = {"cn_item": "、", "arabic_item": "."}

_MARKER_CHARS = "第一二三四五六七八九十(（)）0123456789０１２３４５６７８９.．、，,：:篇部分章层意思是要首先其次再最后" \
    "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PREFIX = re.compile("[%s]{1,8}" % re.escape(_MARKER_CHARS))
_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Inline series markers only count at the start of a clause: the text's start or after a mark. The
# character class comes first, so that re scans for it at C speed (5× faster than a leading ^|(?<=…)).
CLAUSE_CHARS = "一二三四五六七八九十第首其再最"
CLAUSE_START = re.compile(r"[%s](?<![^。；;，,：:！？!?\s].)" % CLAUSE_CHARS)


def cn_value(s: str) -> Optional[int]:
    """Value of a Chinese numeral from 一 to 九十九, None for anything else (十十, 二二)."""
    if "十" not in s:
        return _CN_DIGIT[s] if len(s) == 1 and s in _CN_DIGIT else None
    tens, _, ones = s.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1:
        return None
    t = _CN_DIGIT.get(tens, None) if tens else 1
    o = _CN_DIGIT.get(ones, None) if ones else 0
    if t is None or o is None or t == 0 or (tens and t == 1):
        return None
    return t * 10 + o


@lru_cache(maxsize=1)
def _parser() -> Lark:
    grammar = (data_dir("grammars") / "outline.lark").read_text(encoding="utf-8")
    # cache=True keeps the LALR tables in the temp folder, keyed by the grammar: start-up is 20 ms shorter
    return Lark(grammar, start=["heading_line", "inline_line"], parser="lalr", cache=True)


@dataclass(frozen=True)
class Marker:
    kind: str           # grammar rule: cn_item, paren_cn, arabic_item, seq_verb, ordinal, ...
    value: int          # 1-based number in its series
    length: int         # characters the marker covers, separator included
    sep: str = ""       # punctuation after the numeral (、 . ，) or after the bracket
    verb: str = ""      # 是 / 要 for 一是 / 一要, 篇 / 部分 / 章 for parts
    text: str = ""

    @property
    def level(self) -> int:
        return LEVEL.get(self.kind, -1)


@lru_cache(maxsize=4096)
def _parse_prefix(prefix: str, start: str) -> Optional[Marker]:
    try:
        tree = _parser().parse(prefix, start=start)
    except LarkError:
        return None
    node = tree.children[0].children[0]
    tokens = {t.type: t for t in node.scan_values(lambda v: True)}
    rest = tree.children[1] if len(tree.children) > 1 else None
    length = rest.start_pos if rest is not None else len(prefix)
    kind = str(node.data)
    if "CN_NUM" in tokens:
        value = cn_value(tokens["CN_NUM"].value)
    elif "ARABIC" in tokens:
        value = int(tokens["ARABIC"].value.translate(_FULLWIDTH_DIGITS))
    elif "CIRCLED" in tokens:
        value = _CIRCLED.index(tokens["CIRCLED"].value) + 1
    elif "SEQ_WORD" in tokens:
        value = ("首先", "其次", "再次", "最后").index(tokens["SEQ_WORD"].value) + 1
    else:
        value = None
    if not value:
        return None
    sep = ""
    for name in ("CN_SEP", "ARABIC_SEP", "AFTER_PAREN", "ORD_SEP"):
        if name in tokens:
            sep = tokens[name].value
    verb = tokens["SEQ_VERB"].value if "SEQ_VERB" in tokens else tokens["PART_WORD"].value if "PART_WORD" in tokens else ""
    return Marker(kind, value, length, sep, verb, prefix[:length])


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def match_heading(text: str, pos: int = 0) -> Optional[Marker]:
    """The numbering marker at text[pos:], if any."""
    m = _PREFIX.match(text, pos)
    if not m:
        return None
    return _parse_prefix(m.group(), "heading_line")


def inline_markers(text: str) -> list:
    """(offset, Marker) for every series marker at a clause start inside text, plus a first item
    glued to the words before it ("我认为一是…") when its second item follows at a clause start."""
    return series_markers(text, [m.start() for m in CLAUSE_START.finditer(text)], 0, len(text))


def series_markers(text: str, clause_starts, start: int, end: int) -> list:
    """inline_markers of text[start:end] with offsets in text, given the clause starts in that span
    (Document finds them for all its paragraphs in one scan)."""
    found = []
    for pos in clause_starts:
        pm = _PREFIX.match(text, pos, end)
        if pm:
            marker = _parse_prefix(pm.group(), "inline_line")
            if marker is not None:
                found.append((pos, marker))
    verbs = {m.verb for _, m in found if m.kind == "seq_verb" and m.value == 2}
    verbs -= {m.verb for _, m in found if m.kind == "seq_verb" and m.value == 1}
    for verb in verbs:
        second = next(off for off, m in found if m.kind == "seq_verb" and m.value == 2 and m.verb == verb)
        first = text.rfind("一" + verb, start, second)
        if first != -1:
            found.append((first, _parse_prefix("一" + verb, "inline_line")))
    found.sort(key=lambda item: item[0])
    return found


@dataclass
class Heading:
    marker: Marker
    paragraph: "object"          # document.Paragraph
    start: int                   # offset of the marker in Document.text
    children: list = field(default_factory=list)
    parent: Optional["Heading"] = None
    part: int = 0                # how many 第N篇 parts precede it: numbering restarts per part

    @property
    def level(self) -> int:
        return self.marker.level

    @property
    def end(self) -> int:
        return self.start + self.marker.length


@dataclass
class Outline:
    headings: list               # document order
    roots: list                  # top of the tree

    def walk(self, nodes=None, depth=0):
        for node in self.roots if nodes is None else nodes:
            yield depth, node
            yield from self.walk(node.children, depth + 1)


def build_outline(paragraphs) -> Outline:
    """Headings in document order, nested by level: a heading's parent is the nearest earlier
    heading of a smaller level number. A part (第一篇) closes everything before it."""
    headings, roots, stack, part = [], [], [], 0
    for para in paragraphs:
        if para.marker is None:
            continue
        part += para.marker.kind == "part"
        h = Heading(para.marker, para, para.start, part=part)
        headings.append(h)
        while stack and stack[-1].level >= h.level:
            stack.pop()
        if stack:
            h.parent = stack[-1]
            stack[-1].children.append(h)
        else:
            roots.append(h)
        stack.append(h)
    return Outline(headings, roots)
