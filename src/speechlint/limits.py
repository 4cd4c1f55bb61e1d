"""Size limits that keep one hostile input from taking the whole machine.

A speech or official document is at most a few hundred kilobytes; a 50 MB "draft" is a data dump, a
wrong path or /dev/zero. Such input is skipped with a one-line error instead of being read whole, and a
.docx is checked for its uncompressed size before a single part is inflated (a zip bomb of a few
kilobytes can unpack to gigabytes).
"""
from __future__ import annotations

import os

from .errors import InputError

MAX_FILE_MB_DEFAULT = 32          # the benchmark's 20 MB input fits; a 50 MB file does not
MAX_DOCX_UNPACKED_MB = 200        # all parts of a .docx together, uncompressed
MAX_DOCX_RATIO = 200              # a Word part compresses 5–20×; a bomb 1000× and more


def max_file_bytes() -> int:
    """The limit for one input file; SPEECHLINT_MAX_FILE_MB raises or lowers it (0 = no limit)."""
    raw = os.environ.get("SPEECHLINT_MAX_FILE_MB", "")
    try:
        mb = float(raw) if raw.strip() else MAX_FILE_MB_DEFAULT
    except ValueError:
        mb = MAX_FILE_MB_DEFAULT
    return int(mb * 1024 * 1024) if mb > 0 else 0


def _too_big(name, size, limit) -> InputError:
    return InputError(f"{name}: larger than {limit / 2**20:.0f} MB ({size / 2**20:.1f} MB or more), skipped; "
                      f"set SPEECHLINT_MAX_FILE_MB to raise the limit")


def read_limited(path) -> bytes:
    """The bytes of a file, reading at most the limit plus one byte: a FIFO or a device that never ends
    stops there too. Raises InputError when the file is larger than the limit."""
    limit = max_file_bytes()
    with open(path, "rb") as fh:
        data = fh.read(limit + 1) if limit else fh.read()
    if limit and len(data) > limit:
        try:
            size = os.stat(path).st_size
        except OSError:
            size = len(data)
        raise _too_big(path, max(size, len(data)), limit)
    return data


def read_stream_limited(stream, name: str) -> bytes:
    limit = max_file_bytes()
    data = stream.read(limit + 1) if limit else stream.read()
    if limit and len(data) > limit:
        raise _too_big(name, len(data), limit)
    return data


def check_zip(data: bytes, name: str) -> None:
    """Refuse a .docx whose parts would unpack to more than MAX_DOCX_UNPACKED_MB, or any part compressed
    more than MAX_DOCX_RATIO times. The sizes come from the zip's central directory; Python's zipfile
    never inflates a part past its recorded size, so a lying header cannot get round this check."""
    import io
    import zipfile
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return          # not a readable zip at all: the docx reader reports it as a corrupt file
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > MAX_DOCX_RATIO * max(1, info.compress_size):
            raise InputError(f"{name}: part {info.filename} would unpack {info.file_size // max(1, info.compress_size)}× "
                             f"to {info.file_size / 2**20:.0f} MB (a zip bomb?), skipped")
    if total > MAX_DOCX_UNPACKED_MB * 1024 * 1024:
        raise InputError(f"{name}: would unpack to {total / 2**20:.0f} MB, more than the "
                         f"{MAX_DOCX_UNPACKED_MB} MB a .docx may have, skipped")
