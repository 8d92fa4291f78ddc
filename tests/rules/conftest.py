import contextlib
import datetime as dt
import importlib
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Coverage checks depend on today. For the calendars the tests write
# themselves (corpus/calendar/, OWN_CALENDAR), pinned so they mean the same
# every year; a test of the real calendar.yaml takes the run's today
# (guidebuild.today.today(): KMC_TODAY), so it holds as the window moves.
TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    """A writable copy of rules/, named rules/ so messages read rules/<file>."""
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    return target


# A coverage window and worked examples of the tests' own, for a rules_copy
# test whose expectations depend on the window, so it does not follow the
# real window as it moves (TODAY lies inside it).
OWN_CALENDAR = {"start": "2025-01-01", "end": "2028-12-31",
                "accepted": "2026-11-24", "cancel_applied": "[2026-11-10, 2026-11-11]"}


def set_calendar(rules_copy, **values):
    """Set the copy's calendar.yaml ``start``/``end`` (of its coverage) and
    ``accepted``/``cancel_applied`` (its examples) to the given texts.
    Returns the file's path."""
    calendar = rules_copy / "calendar.yaml"
    text = calendar.read_text(encoding="utf-8")
    for key, value in values.items():
        text, found = re.subn(rf"(?m)^(  {key}: )(?!\")\S.*$", lambda m: m.group(1) + value, text)
        assert found == 1, key
    calendar.write_text(text, encoding="utf-8")
    return calendar


def run_module(module: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """``python -m <module> ARGS`` run in this process, as a subprocess would
    report it (exit code, stdout, stderr): a subprocess spends a second or
    more importing pydantic and holidays on every call. tests/pages/
    test_second_checkout.py runs the real ``python -m`` entry points."""
    main = importlib.import_module(f"{module}.__main__").main
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as stop:  # argparse's usage errors
                code = stop.code if isinstance(stop.code, int) else 1
    finally:
        os.chdir(here)
    return subprocess.CompletedProcess(["python", "-m", module, *args], code, out.getvalue(), err.getvalue())
