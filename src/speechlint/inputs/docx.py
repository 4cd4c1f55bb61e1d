"""Word .docx → text, one line per paragraph, with Word's automatic list numbering rendered.

python-docx opens the package; the paragraphs are read straight from its XML (lxml) so that we see
what Word shows: runs, hyperlinks and tracked insertions, but not deleted text, field instructions or
the fallback copies of text boxes. Table cells are read in order, one paragraph per line.

A heading numbered by Word's list feature ("一、" generated from numbering.xml, not typed) must still
take part in the numbering checks, so the list number is rendered in front of the paragraph text the
way Word would show it: counters per abstract list, lower levels restarting under a higher one,
startOverride, numbering inherited from the paragraph style (Heading 1 linked to a multilevel list),
and the number formats of Chinese documents (一 二 三, ①, （1）, 甲 乙 丙, 壹 贰 叁, Arabic, Roman, letters).
Columns of findings on such a line count the rendered number too.
"""
from __future__ import annotations

import io
import re

from ..errors import InputError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {W + "del", W + "txbxContent", MC_FALLBACK, W + "instrText", W + "delText", W + "pPr", W + "rPr"}
_CN = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def read_docx(data: bytes, name: str) -> str:
    from ..limits import check_zip
    check_zip(data, name)        # a zip bomb is refused before anything is inflated
    try:
        import docx
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # zipfile.BadZipFile, KeyError, PackageNotFoundError, lxml errors …
        raise InputError(f"{name}: not a readable .docx file ({type(exc).__name__}), skipped") from None
    numbering = _Numbering(document)
    lines = [numbering.render(p) + _paragraph_text(p) for p in _body_paragraphs(document.element.body)]
    return "\n".join(lines)


def _body_paragraphs(container):
    for child in container:
        tag = child.tag
        if tag == W + "p":
            yield child
        elif tag == W + "tbl":
            for cell in child.iter(W + "tc"):
                # nested tables are reached through iter(); take only this cell's own paragraphs
                yield from (p for p in cell if p.tag == W + "p")
        elif tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins"):
            yield from _body_paragraphs(child)


def _paragraph_text(p) -> str:
    out = []
    _collect(p, out)
    text = "".join(out)
    if "\n" in text:
        # a soft line break inside a paragraph: nothing between Chinese characters, a space elsewhere
        text = re.sub(r"(?<=[\u3400-\u9fff\uff00-\uffef\u3000-\u303f])\n(?=[\u3400-\u9fff\uff00-\uffef\u3000-\u303f])",
                      "", text).replace("\n", " ")
    return text


def _collect(node, out):
    for el in node:
        tag = el.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == W + "t":
            out.append(el.text or "")
        elif tag == W + "tab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "p":
            continue          # a paragraph nested in a run (text box content): not this line
        else:
            _collect(el, out)


def _val(el, child):
    c = el.find(W + child) if el is not None else None
    return c.get(W + "val") if c is not None else None


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


class _Numbering:
    """Word's list numbering: numId → abstract list → level formats, with running counters."""

    def __init__(self, document):
        self.styles = {}
        try:
            styles = document.styles.element
            for st in styles.iter(W + "style"):
                self.styles[st.get(W + "styleId")] = st
        except Exception:
            pass
        self.nums, self.abstracts = {}, {}
        try:
            root = document.part.numbering_part.element
        except Exception:   # no numbering part: nothing is numbered
            root = None
        if root is not None:
            for a in root.iter(W + "abstractNum"):
                self.abstracts[a.get(W + "abstractNumId")] = a
            for n in root.iter(W + "num"):
                self.nums[n.get(W + "numId")] = n
        self.counters = {}        # abstractNumId → [count per level]
        self.started = set()      # numIds whose startOverride has been applied

    # -- which list and level a paragraph belongs to ------------------------------------
    def _num_pr(self, p):
        ppr = p.find(W + "pPr")
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num_id, ilvl = _val(numpr, "numId"), _val(numpr, "ilvl")
        style_id = _val(ppr, "pStyle")
        seen = set()
        while num_id is None and style_id and style_id not in seen:
            seen.add(style_id)
            st = self.styles.get(style_id)
            if st is None:
                break
            sppr = st.find(W + "pPr")
            snum = sppr.find(W + "numPr") if sppr is not None else None
            if snum is not None:
                num_id = _val(snum, "numId")
                if ilvl is None:
                    ilvl = _val(snum, "ilvl")
                if ilvl is None:
                    ilvl = self._level_for_style(num_id, style_id)
            style_id = _val(st, "basedOn")
        return num_id, _int(ilvl, 0)

    def _level_for_style(self, num_id, style_id):
        abstract = self._abstract(num_id)
        if abstract is not None:
            for lvl in abstract.iter(W + "lvl"):
                if _val(lvl, "pStyle") == style_id:
                    return lvl.get(W + "ilvl")
        return None

    def _abstract(self, num_id, depth=0):
        num = self.nums.get(num_id)
        if num is None:
            return None
        abstract = self.abstracts.get(_val(num, "abstractNumId"))
        link = _val(abstract, "numStyleLink") if abstract is not None else None
        if link and depth < 3:
            # the list is defined by a numbering style: follow its numId
            st = self.styles.get(link)
            spr = st.find(W + "pPr") if st is not None else None
            snum = spr.find(W + "numPr") if spr is not None else None
            if snum is not None and _val(snum, "numId") != num_id:
                return self._abstract(_val(snum, "numId"), depth + 1)
        return abstract

    # -- rendering ------------------------------------------------------------------------
    def render(self, p) -> str:
        if not self.nums:
            return ""
        try:
            return self._render(p)
        except Exception:  # a malformed numbering part must not stop the file from being read
            return ""

    def _render(self, p) -> str:
        num_id, ilvl = self._num_pr(p)
        if num_id in (None, "0"):
            return ""
        abstract = self._abstract(num_id)
        if abstract is None:
            return ""
        num = self.nums[num_id]
        levels = {_int(l.get(W + "ilvl"), 0): l for l in abstract.findall(W + "lvl")}
        overrides = {}
        for o in num.findall(W + "lvlOverride"):
            level = _int(o.get(W + "ilvl"), 0)
            start = _int(_val(o, "startOverride"))
            if o.find(W + "lvl") is not None:
                levels[level] = o.find(W + "lvl")
            if start is not None:
                overrides[level] = start
        lvl = levels.get(ilvl)
        if lvl is None:
            return ""
        key = abstract.get(W + "abstractNumId")
        counts = self.counters.setdefault(key, [None] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in overrides.items():
                if 0 <= level < 9:
                    counts[level] = start - 1
        start = _int(_val(lvl, "start"), 0)
        counts[ilvl] = (start if counts[ilvl] is None else counts[ilvl] + 1)
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = None
        fmt = _val(lvl, "numFmt") or "decimal"
        if fmt in ("bullet", "none"):
            return ""
        legal = lvl.find(W + "isLgl") is not None
        template = _val(lvl, "lvlText") or ""

        def number(m):
            level = int(m.group(1)) - 1
            other = levels.get(level)
            value = counts[level] if counts[level] is not None else _int(_val(other, "start"), 1)
            level_fmt = "decimal" if legal and level != ilvl else (_val(other, "numFmt") or "decimal")
            return format_number(value, level_fmt)

        text = re.sub(r"%([1-9])", number, template)
        suffix = _val(lvl, "suff") or "tab"
        if suffix == "space" or (suffix == "tab" and text and text[-1].isalnum()):
            text += " "
        return text


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital", "koreanCounting"):
        return _chinese(n, _CN)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese(n, _LEGAL, ten="拾", hundred="佰", thousand="仟")
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt in ("ideographZodiac",):
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperRoman", "lowerRoman"):
        r = _roman(n)
        return r if fmt == "upperRoman" else r.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)
        return s if fmt == "upperLetter" else s.lower()
    return str(n)


def _chinese(n, digits, ten="十", hundred="百", thousand="千") -> str:
    if n <= 0 or n >= 10000:
        return str(n)
    out = ""
    for value, unit in ((1000, thousand), (100, hundred), (10, ten)):
        d, n = divmod(n, value)
        if d:
            # 10–19 read 十, 十一 … when nothing comes before; elsewhere 一十 (一百一十)
            out += ("" if (value == 10 and d == 1 and not out and digits is _CN) else digits[d]) + unit
        elif out and n:
            out += "" if out.endswith(digits[0]) else digits[0]
    if n:
        out += digits[n]
    return out


def _roman(n) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out
