"""load stage: bytes on disk → Document (text, encoding, newline style, kind).

The kind follows the file name: .docx → Word (one line per paragraph, list numbers rendered),
.md/.markdown → Markdown (code, front matter and markup become ignored spans), anything else → text
in UTF-8, UTF-16 (BOM), GB18030/GBK or Big5 (see inputs/encoding.py).
"""
from __future__ import annotations

from pathlib import Path

from .document import Document
from .errors import InputError
from .inputs.encoding import decode, encode  # noqa: F401  (decode/encode are part of this module's API)

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
DOCX_SUFFIXES = {".docx"}
LINTABLE_SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES     # what a folder walk picks up


def kind_for(name) -> str:
    suffix = Path(str(name)).suffix.lower()
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


def detect_newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    return "\r\n" if crlf > lf else "\n"


def load_text(text: str, path: str = "<stdin>", **kw) -> Document:
    """A Document from a string; a path ending in .md makes it Markdown (code blocks ignored …)."""
    newline = detect_newline(text)
    if "kind" not in kw and kind_for(path) == "markdown":
        from .inputs.markdown import ignored_spans
        text = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
        kw["kind"], kw["ignored"] = "markdown", ignored_spans(text)
    return Document(text, path, newline=newline, **kw)


def load_bytes(data: bytes, path: str) -> Document:
    """A Document from the bytes of a file named path (the name decides docx / Markdown / text)."""
    kind = kind_for(path)
    if kind == "docx":
        from .inputs.docx import read_docx
        return Document(read_docx(data, path), path, encoding="utf-8", kind="docx")
    if Path(path).suffix.lower() == ".doc" and data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"{path}: old binary Word .doc format is not supported; save it as .docx, skipped")
    text, encoding, bom = decode(data, path)
    return load_text(text, path, encoding=encoding, bom=bom)


def load_path(path) -> Document:
    path = Path(path)
    from .limits import read_limited
    try:
        data = read_limited(path)       # at most the size limit: a 50 MB dump or /dev/zero is skipped
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return load_bytes(data, str(path))
