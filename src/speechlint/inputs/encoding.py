"""Bytes of a text file → (text, encoding, bom).

Order: a BOM decides (UTF-8, UTF-16 LE/BE); then strict UTF-8, which is what almost every modern
file is and costs nothing to try; only then charset-normalizer, limited to the legacy Chinese code
pages (GB18030 covers GB2312 and GBK; Big5 for traditional text). Short texts are ambiguous between
GBK and Big5 (both are double-byte with the same lead-byte range), so when both decode we keep the
reading with more of the commonest Chinese characters and punctuation: GBK bytes read as Big5 come out
as rare characters and bopomofo, and the other way round.
"""
from __future__ import annotations

import codecs

from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LEGACY = ("gb18030", "big5")
# The commonest characters in both scripts and the full-width punctuation of running Chinese text.
_COMMON = set(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出也得里后自会年发展工作经济建设社会"
    "這個們來為國說時後會經濟設"
    "，。、：；！？“”（）《》"
)
# Magic numbers of binary files people keep beside their drafts.
_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0", b"{\\rtf")


def decode(data: bytes, name: str) -> tuple:
    """(text, encoding, bom) for the bytes of a text file; InputError when it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding, True
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: starts with a {encoding} byte-order mark but is not valid "
                                 f"{encoding} (byte {exc.start + len(bom)}), skipped") from None
    if data.startswith(_MAGIC):
        raise InputError(f"{name}: is a binary file (not text), skipped")
    if b"\x00" in data[:8192]:
        text, encoding = _utf16_without_bom(data)
        if text is None:
            raise InputError(f"{name}: looks like a binary file (NUL bytes), skipped")
        return text, encoding, False
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    text, encoding = _detect_legacy(data)
    if text is None:
        raise InputError(f"{name}: cannot decode: not UTF-8, UTF-16, GB18030/GBK or Big5 text, skipped")
    return text, encoding, False


def _detect_legacy(data: bytes) -> tuple:
    from charset_normalizer import from_bytes
    candidates = {}
    for match in from_bytes(data, cp_isolation=list(_LEGACY)):
        name = codecs.lookup(match.encoding).name
        if name in ("gb18030", "big5") and name not in candidates:
            candidates[name] = str(match)
    if not candidates:
        # charset-normalizer gives up on very short texts; a strict decode that reads as Chinese will do
        for name in _LEGACY:
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue
            if _looks_chinese(text):
                candidates[name] = text
    if not candidates:
        return None, None
    if len(candidates) > 1:
        best = max(candidates, key=lambda k: _score(candidates[k]))
    else:
        best = next(iter(candidates))
    text = candidates[best]
    if best == "gb18030":
        # Name the smaller code page when it is enough: older tools say GBK, and it reads back the same.
        try:
            if data.decode("gbk") == text:
                best = "gbk"
        except UnicodeDecodeError:
            pass
    return text, best


def _utf16_without_bom(data: bytes) -> tuple:
    """Some Windows tools write UTF-16 without a BOM. Most NULs then sit on one parity (the high byte of
    ASCII characters; a CJK character with a zero low byte, like 言 U+8A00, puts one on the other side),
    and the decoded text must read as Chinese. Anything else with NULs is binary."""
    if len(data) % 2:
        return None, None
    head = data[:8192]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    order = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
    for encoding in order:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_chinese(text):
            return text, encoding
    return None, None


def _score(text: str) -> int:
    return sum(ch in _COMMON for ch in text[:20000])


def _looks_chinese(text: str) -> bool:
    """Real Chinese prose is dense in the commonest characters (a fifth or more); bytes that merely
    happen to decode come out as rare characters (well under one in a hundred)."""
    if any(ch < " " and ch not in "\t\n\r\f" for ch in text):
        return False
    cjk = sum(1 for ch in text[:20000] if ord(ch) > 0x2000)
    return cjk > 0 and _score(text) >= max(1, cjk * 0.05)


def encode(text: str, encoding: str, bom: bool) -> bytes:
    """The inverse of decode, for writers (--fix): same code page and the same byte-order mark."""
    body = text.encode(encoding)
    if not bom:
        return body
    marks = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    return marks.get(encoding, b"") + body
