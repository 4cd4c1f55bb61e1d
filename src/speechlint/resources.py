"""Where the bundled rules/ and grammars/ live: inside the wheel, or at the top of a checkout."""
from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    bundled = _PKG / "data" / name
    if bundled.is_dir():
        return bundled
    return _PKG.parent.parent / name
