import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import SHARED  # noqa: E402


@pytest.fixture
def shared():
    if not SHARED.is_dir():
        pytest.skip(f"needs ../shared beside the checkout ({SHARED} not found): runs in CI, skipped in a fresh clone")
    return SHARED
