"""load stage: bytes on disk → Document (text, encoding, newline style)."""
from __future__ import annotations

from pathlib import Path

from .document import Document
from .errors import InputError

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}


def detect_newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    return "\r\n" if crlf > lf else "\n"


def decode(data: bytes, name: str) -> tuple:
    """(text, encoding, bom) for the bytes of a text file."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: looks like a binary file (NUL bytes), skipped")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8", True
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        raise InputError(f"{name}: not valid UTF-8 text") from None


def load_text(text: str, path: str = "<stdin>", **kw) -> Document:
    return Document(text, path, newline=detect_newline(text), **kw)


def load_path(path) -> Document:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text, encoding, bom = decode(data, str(path))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: cannot decode: {exc.reason}") from None
    return Document(text, str(path), encoding=encoding, newline=detect_newline(text), bom=bom)
