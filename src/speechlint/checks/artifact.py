"""Residue of synonym-swapping ("洗稿") sites and of broken conversions (category artifact).

- artifact.swap: a washed word that is also a normal word (开展, 广阔, 到达 …) is reported only in the
  contexts where the swap is certain; the contexts come from the rule's options.
- artifact.pinyin: "關(guān)" — a pinyin reading glued after a character by a conversion site.
- artifact.mojibake: text decoded with the wrong encoding (U+FFFD, private-use characters, "锟斤拷",
  "æ–°", or a cluster of rare hanzi such as "顒涌焖俑咝").
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from ..diagnostics import Fix
from ..document import per_document
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
        # the anchored `after` first: it fails at once for most occurrences, `before` searches a window
        if after is not None:
            if right is None:
                right = text[end:end + _WINDOW]
            after_match = after.match(right)
            if not after_match:
                continue
        if before is not None:
            if left is None:
                left = text[max(0, start - _WINDOW):start]
            before_match = before.search(left)
            if not before_match:
                continue
        groups = {}
        if before is not None:
            groups.update(before_match.groupdict())
        if after is not None:
            groups.update(after_match.groupdict())
        return groups
    return None


@lru_cache(maxsize=1)
def _shared_words() -> tuple:
    """(words, regex) for one scan that finds the words of all built-in swap rules. A word that can
    start inside an occurrence of another (or of itself) is left out: the scan would step over it."""
    from ..ruleset import builtin_rules
    words = sorted({r.options["word"] for r in builtin_rules() if r.check == "artifact.swap"})
    words = [w for w in words if not any(_overlap(w, v) or _overlap(v, w) for v in words)]
    return frozenset(words), re.compile("|".join(map(re.escape, words))) if words else None


def _overlap(a: str, b: str) -> bool:
    """b can start inside an occurrence of a (other than at its start when they are the same word)."""
    return any(a[k:k + len(b)] == b[:len(a) - k] for k in range(0 if a != b else 1, len(a)))


@per_document
def _occurrences(doc) -> dict:
    """{word: start offsets} of the shared swap words, from one regex pass instead of one per rule."""
    words, pattern = _shared_words()
    found = {w: [] for w in words}
    if pattern is not None:
        for m in pattern.finditer(doc.text):
            found[m.group()].append(m.start())
    return found


def _starts(doc, word):
    """Start offsets of the non-overlapping occurrences of word, as str.find finds them one after another.
    Each rule takes its word out of the shared table, so the offsets do not outlive the lint."""
    starts = _occurrences(doc).pop(word, None)
    if starts is not None:
        return starts
    text, size = doc.text, len(word)
    found, i = [], text.find(word)
    while i != -1:
        found.append(i)
        i = text.find(word, i + size)
    return found


@check("artifact.swap")
def swap(doc, rule):
    """options: word, fix, when: [{before, after}, …] (any one; both parts of one must hold),
    unless: [{before, after}, …], otherwise: a severity for hits outside every `when` context."""
    word, fix = rule.options["word"], rule.options.get("fix")
    when, unless = _contexts(rule, "when"), _contexts(rule, "unless")
    otherwise = rule.options.get("otherwise")
    text, size = doc.text, len(word)
    for i in _starts(doc, word):
        end = i + size
        if unless and _matches(unless, text, i, end) is not None:
            continue
        groups = _matches(when, text, i, end)
        certain = groups is not None
        if certain or otherwise:
            params = {k: v or "" for k, v in (groups or {}).items()}
            params["replacement"] = fix or ""
            yield Hit(i, end, params,
                      Fix(fix, safe=certain) if fix else None,
                      severity=None if certain else otherwise)


# ---- pinyin annotations ---------------------------------------------------------------------------
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PLAIN = str.maketrans(_TONED, "aaaaeeeeiiiioooouuuuüüüünnnm")
# Anchored on the bracket (a cheap scan), the character before it checked by a look-behind.
_ANNOTATION = re.compile("[(\uFF08](?<=[%s][(\uFF08])([a-zü%s]{1,6})[)\uFF09]" % (_CJK, _TONED))
_SYLLABLE = re.compile(
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    r"(?:a|o|e|ai|ei|ao|ou|an|en|ang|eng|ong|er|i|ia|ie|iao|iu|ian|in|iang|ing|iong|"
    r"u|ua|uo|uai|ui|uan|un|uang|ueng|ü|üe|üan|ün|ue|ve|v)\Z")
_NOT_PINYIN, _UNTONED, _TONED_READING = 0, 1, 2      # verdicts on a reading, in this order


@check("artifact.pinyin")
def pinyin(doc, rule):
    """One finding per annotation, spanning the character and its reading; the fix keeps the character."""
    text = doc.text
    if "(" not in text and "\uFF08" not in text:
        return
    # A stuffed draft repeats the same few hundred readings: judge each distinct one once.
    verdicts = {}

    def verdict(reading):
        """_NOT_PINYIN, _UNTONED or _TONED_READING"""
        v = verdicts.get(reading)
        if v is None:
            plain = reading.translate(_PLAIN)
            v = verdicts[reading] = (_NOT_PINYIN if not _SYLLABLE.match(plain)
                                     else _TONED_READING if plain != reading else _UNTONED)
        return v
    # An untoned reading ("men") is only garbage in a text that also has toned ones. Two passes rather
    # than a list: a pinyin-stuffed 20 MB draft has hundreds of thousands of readings.
    toned = 0
    for m in _ANNOTATION.finditer(text):
        if verdict(m.group(1)) == _TONED_READING:
            toned += 1
            if toned == 3:
                break
    least = _UNTONED if toned == 3 else _TONED_READING
    fixes = {}      # one Fix per character: making a named tuple per finding costs more than the lookup
    for m in _ANNOTATION.finditer(text):
        if verdict(m.group(1)) < least:
            continue
        start = m.start() - 1
        char = text[start]
        fix = fixes.get(char)
        if fix is None:
            fix = fixes[char] = Fix(char, safe=True)
        yield Hit(start, m.end(), {"reading": m.group(), "char": char}, fix)


# ---- mojibake -------------------------------------------------------------------------------------
_LEAD = "\u00c2-\u00d6\u00d8-\u00ef"                # UTF-8 lead bytes read as Latin-1 / cp1252
_CONTINUATION = ("[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                 "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
_BROKEN_FIRST = "\uFFFD\uE000-\uF8FF\u951f\u70eb\u5c6f\u9225" + _LEAD   # the first characters of _BROKEN
_BROKEN = re.compile("|".join((
    "[\uFFFD\uE000-\uF8FF]+",                        # replacement character, private-use area
    "(?:锟斤拷|烫烫|屯屯)+",                          # the classic GBK renderings of FFFD and uninitialised memory
    "(?:[%s]%s{1,3}){2,}" % (_LEAD, _CONTINUATION),  # UTF-8 read as Latin-1: a lead byte and its continuation bytes
    "\u9225[\u6ea1\u6dda\u6f4f\u6de1\u6ea3\u20ac\u6d5a\u6e80?]",  # 鈥 + …: UTF-8 “ ” — read as GBK
)))
_rare = _scan = None
_CLUSTER_BREAK = re.compile("[\\s\u3001\uFF0C\u3002\uFF1B\uFF1A,.;:\uFF01\uFF1F!?\u201c\u201d\"\uFF08\uFF09()]")


def _rare_pattern():
    global _rare
    if _rare is None:
        _rare = _class_without(common_chars())
    return _rare


def _scan_pattern():
    """The first character of a _BROKEN match or a rare hanzi, so that one pass over the text finds both.
    A lead byte counts only before a continuation byte: pinyin's è and à are followed by letters."""
    global _scan
    if _scan is None:
        # the rare hanzi as the ranges between common ones: one class, which the engine scans for in its
        # inner loop (an alternative of two classes would be tried at every character)
        common, gaps = sorted(map(ord, common_chars())), []
        for first, last in re.findall("(.)-(.)", _CJK):
            lo, hi = ord(first), ord(last)
            for code in common[bisect_left(common, lo):bisect_right(common, hi)] + [hi + 1]:
                if code > lo:
                    gaps.append(chr(lo) if code - 1 == lo else "%s-%s" % (chr(lo), chr(code - 1)))
                lo = code + 1
        _scan = re.compile("[%s%s](?<![%s](?!%s))" % ("".join(gaps), _BROKEN_FIRST, _LEAD, _CONTINUATION))
    return _scan


@check("artifact.mojibake")
def mojibake(doc, rule):
    text = doc.text
    rare = _rare_pattern().match
    pos, positions = 0, []
    for m in _scan_pattern().finditer(text):
        i = m.start()
        if i < pos:
            continue        # inside the broken run just reported
        broken = _BROKEN.match(text, i)
        if broken:
            pos = broken.end()
            yield Hit(i, pos)
        elif rare(text, i):
            positions.append(i)
    # A cluster of rare hanzi: text decoded with the wrong code page (UTF-8 read as GBK, GBK as Big5 …).
    # Ordinary prose has about one rare character per 2,000, and real rare words come as one word
    # between punctuation (龃龉、觊觎; 钕镨镝铽; 犇犇), so a cluster needs `need` different rare characters
    # within `span` characters with no punctuation between them, one of them outside GB 2312 altogether;
    # or `need_l2` different ones when all are GB 2312 level-2 characters.
    options = rule.options
    need, need_l2, span = options.get("cluster", 3), options.get("cluster_l2", 5), options.get("within", 6)
    gb2312 = gb2312_chars()
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
# The first character is taken by one class and each alternative checks it with a look-behind: the
# engine then skips along the text to a candidate, while alternatives that do not all start with a plain
# character are tried at every position (a whole text took two and a half times as long).
_ENTITY = re.compile(
    r"[&Xxn](?:(?<=&)(?:#[xX](?P<hex>[0-9a-fA-F]{2,6})|#(?P<dec>\d{2,7})|(?P<name>[a-zA-Z]{2,8}))(?P<semi>[;\uFF1B]?)"
    r"|(?<=[Xx])(?<![A-Za-z&][Xx])(?P<lost>\d{4,5})[;\uFF1B]"      # "&#8226;" whose "&#" a converter ate
    r"|(?<=n)(?<![A-Za-z&]n)(?P<bare>bsp)[;\uFF1B])")
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
