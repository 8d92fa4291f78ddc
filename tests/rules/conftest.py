import datetime as dt
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Coverage checks depend on today; pin it so the corpus means the same every year.
TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    """A writable copy of rules/, named rules/ so messages read rules/<file>."""
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    return target
