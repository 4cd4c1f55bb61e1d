"""Residue of synonym-swapping ("洗稿") sites and of broken conversions (category artifact).

- artifact.swap: a washed word that is also a normal word (开展, 广阔, 到达 …) is reported only in the
  contexts where the swap is certain; the contexts come from the rule's options.
- artifact.pinyin: "關(guān)" — a pinyin reading glued after a character by a conversion site.
- artifact.mojibake: text decoded with the wrong encoding (U+FFFD, private-use characters, "锟斤拷",
  "æ–°", or a cluster of rare hanzi such as "顒涌焖俑咝").
"""
from __future__ import annotations

import re
from itertools import islice

from ..diagnostics import Fix
from ..registry import Hit, check
from .script import _CJK, _class_without, common_chars, gb2312_chars

_WINDOW = 24


def _contexts(rule, key) -> list:
    """[(before regex or None, after regex or None), …] from options[key]; compiled once per rule."""
    cache_key = "_sl_" + key
    if cache_key not in rule.__dict__:
        out = []
        for item in rule.options.get(key) or []:
            before, after = item.get("before"), item.get("after")
            out.append((re.compile("(?:%s)\\Z" % before) if before else None,
                        re.compile(after) if after else None))
        rule.__dict__[cache_key] = out
    return rule.__dict__[cache_key]


def _matches(contexts, text, start, end):
    """The named groups of the first context that holds ({} if it has none), or None."""
    left = right = None
    for before, after in contexts:
        groups = {}
        if before is not None:
            if left is None:
                left = text[max(0, start - _WINDOW):start]
            m = before.search(left)
            if not m:
                continue
            groups.update(m.groupdict())
        if after is not None:
            if right is None:
                right = text[end:end + _WINDOW]
            m = after.match(right)
            if not m:
                continue
            groups.update(m.groupdict())
        return groups
    return None


@check("artifact.swap")
def swap(doc, rule):
    """options: word, fix, when: [{before, after}, …] (any one; both parts of one must hold),
    unless: [{before, after}, …], otherwise: a severity for hits outside every `when` context."""
    word, fix = rule.options["word"], rule.options.get("fix")
    when, unless = _contexts(rule, "when"), _contexts(rule, "unless")
    otherwise = rule.options.get("otherwise")
    text = doc.text
    find, size = text.find, len(word)
    i = find(word)
    while i != -1:
        end = i + size
        if not (unless and _matches(unless, text, i, end) is not None):
            groups = _matches(when, text, i, end)
            certain = groups is not None
            if certain or otherwise:
                params = {k: v or "" for k, v in (groups or {}).items()}
                params["replacement"] = fix or ""
                yield Hit(i, end, params,
                          Fix(fix, safe=certain) if fix else None,
                          severity=None if certain else otherwise)
        i = find(word, end)


# ---- pinyin annotations ---------------------------------------------------------------------------
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PLAIN = str.maketrans(_TONED, "aaaaeeeeiiiioooouuuuüüüünnnm")
# Anchored on the bracket (a cheap scan), the character before it checked by a look-behind.
_ANNOTATION = re.compile("[(\uFF08](?<=[%s][(\uFF08])([a-zü%s]{1,6})[)\uFF09]" % (_CJK, _TONED))
_SYLLABLE = re.compile(
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    r"(?:a|o|e|ai|ei|ao|ou|an|en|ang|eng|ong|er|i|ia|ie|iao|iu|ian|in|iang|ing|iong|"
    r"u|ua|uo|uai|ui|uan|un|uang|ueng|ü|üe|üan|ün|ue|ve|v)\Z")


@check("artifact.pinyin")
def pinyin(doc, rule):
    """One finding per annotation, spanning the character and its reading; the fix keeps the character."""
    text = doc.text
    if "(" not in text and "\uFF08" not in text:
        return
    def readings():
        return (m for m in _ANNOTATION.finditer(text) if _SYLLABLE.match(m.group(1).translate(_PLAIN)))
    # An untoned reading ("men") is only garbage in a text that also has toned ones. Two passes rather
    # than a list: a pinyin-stuffed 20 MB draft has hundreds of thousands of readings.
    toned = sum(1 for _ in islice((m for m in readings() if _is_toned(m.group(1))), 3))
    for m in readings():
        if toned < 3 and not _is_toned(m.group(1)):
            continue
        start, char = m.start() - 1, text[m.start() - 1]
        yield Hit(start, m.end(), {"reading": m.group(), "char": char}, Fix(char, safe=True))


def _is_toned(reading: str) -> bool:
    return any(c in _TONED for c in reading)


# ---- mojibake -------------------------------------------------------------------------------------
_BROKEN_START = re.compile("[\uFFFD\uE000-\uF8FF\u951f\u70eb\u5c6f\u9225\u00c2-\u00d6\u00d8-\u00ef]")
_BROKEN = re.compile(
    "[\uFFFD\uE000-\uF8FF]+"                         # replacement character, private-use area
    "|(?:锟斤拷|烫烫|屯屯)+"                          # the classic GBK renderings of FFFD and uninitialised memory
    "|(?:[\u00c2-\u00d6\u00d8-\u00ef]"             # UTF-8 read as Latin-1 / cp1252: a lead byte and
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"   # its continuation bytes
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}){2,}"
    "|\u9225[\u6ea1\u6dda\u6f4f\u6de1\u6ea3\u20ac\u6d5a\u6e80?]"  # 鈥 + …: UTF-8 “ ” — read as GBK
)
_rare = None
_CLUSTER_BREAK = re.compile("[\\s\u3001\uFF0C\u3002\uFF1B\uFF1A,.;:\uFF01\uFF1F!?\u201c\u201d\"\uFF08\uFF09()]")


def _rare_pattern():
    global _rare
    if _rare is None:
        _rare = _class_without(common_chars())
    return _rare


@check("artifact.mojibake")
def mojibake(doc, rule):
    text = doc.text
    pos, taken = 0, []
    for m in _BROKEN_START.finditer(text):     # a cheap scan for the first character of any pattern
        if m.start() < pos:
            continue
        broken = _BROKEN.match(text, m.start())
        if broken:
            pos = broken.end()
            taken.append(broken.span())
            yield Hit(broken.start(), broken.end())
    # A cluster of rare hanzi: text decoded with the wrong code page (UTF-8 read as GBK, GBK as Big5 …).
    # Ordinary prose has about one rare character per 2,000, and real rare words come as one word
    # between punctuation (龃龉、觊觎; 钕镨镝铽; 犇犇), so a cluster needs `need` different rare characters
    # within `span` characters with no punctuation between them, one of them outside GB 2312 altogether;
    # or `need_l2` different ones when all are GB 2312 level-2 characters.
    options = rule.options
    need, need_l2, span = options.get("cluster", 3), options.get("cluster_l2", 5), options.get("within", 6)
    gb2312 = gb2312_chars()
    positions = [m.start() for m in _rare_pattern().finditer(text)]
    if taken:
        positions = [i for i in positions if not any(a <= i < b for a, b in taken)]
    k, n = 0, len(positions)
    while k < n:
        i, last, chars = positions[k], k, {text[positions[k]]}
        while last + 1 < n and positions[last + 1] - i < span \
                and not _CLUSTER_BREAK.search(text, i, positions[last + 1]):
            last += 1
            chars.add(text[positions[last]])
        if len(chars) >= need_l2 or (len(chars) >= need and any(c not in gb2312 for c in chars)):
            # take in rare characters that follow closely, so one run of garbage is one finding
            while last + 1 < n and positions[last + 1] - positions[last] <= 3 \
                    and not _CLUSTER_BREAK.search(text, positions[last], positions[last + 1]):
                last += 1
            yield Hit(i, positions[last] + 1)
            k = last + 1
        else:
            k += 1


# ---- HTML entities ---------------------------------------------------------------------------------
_ENTITY = re.compile(
    r"&(?:#[xX](?P<hex>[0-9a-fA-F]{2,6})|#(?P<dec>\d{2,7})|(?P<name>[a-zA-Z]{2,8}))(?P<semi>[;\uFF1B]?)"
    r"|[Xx](?<![A-Za-z&][Xx])(?P<lost>\d{4,5})[;\uFF1B]"      # "&#8226;" whose "&#" a converter ate
    r"|n(?<![A-Za-z&]n)(?P<bare>bsp)[;\uFF1B]")
_SPACES = {"\u00a0", "\u2002", "\u2003", "\u2009", "\u200b", "\u3000", " "}


def _decode_entity(m):
    import html.entities
    if m.group("name"):
        name = m.group("name")
        if not m.group("semi") and name != "nbsp":
            return None
        return html.entities.html5.get(name + ";")
    if m.group("bare"):
        return "\u00a0"
    number = m.group("hex")
    value = int(number, 16) if number else int(m.group("dec") or m.group("lost"))
    return chr(value) if 0 < value < 0x110000 else None


@check("artifact.entity")
def entity(doc, rule):
    text = doc.text
    if "&" not in text and ";" not in text and "\uFF1B" not in text:
        return
    for m in _ENTITY.finditer(text):
        char = _decode_entity(m)
        if char is None:
            continue
        start, end = m.span()
        if char in _SPACES:
            yield Hit(start, end, {"advice": "应删除"}, Fix("", safe=True))
            continue
        if char in "\u2022\u00b7\u30fb" and start > 0 and end < len(text) and text[start - 1].isdigit() \
                and text[end].isdigit():
            char = "\u00b7"      # 9·20 事件: between numbers GB/T 15834 uses the 间隔号
        # A lost "&#" is a guess; a complete entity decodes exactly.
        yield Hit(start, end, {"advice": "应为“%s”" % char}, Fix(char, safe=not m.group("lost")))
