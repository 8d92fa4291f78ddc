"""guidebuild.holiday_check: the weekly run's guard against a stale calendar.

The bundle is the one the build makes (guidebuild.bundle.build_bundle, what
the plugin writes to the site), laid out as in a built site; then a
holiday is taken out or slipped in, as a calendar built with an older
``holidays`` would look against a newer one.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess

import pytest

from guidebuild.rules import build_bundle
from guidebuild.tools.holiday_check import BUNDLE_NAME, main
from guidebuild.rules import load_rules


@pytest.fixture(scope="module")
def bundle() -> dict:
    return build_bundle(load_rules())


def write_site(root, bundle) -> None:
    path = root / "site" / "assets" / "calc" / "0123abcd" / BUNDLE_NAME
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")


def check(target) -> subprocess.CompletedProcess:
    """``python -m guidebuild holiday-check TARGET``, run in this process (a
    subprocess spends most of a second importing holidays);
    tests/pages/test_holiday_check_site.py runs the real entry point."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(target)])
    return subprocess.CompletedProcess(["python", "-m", "guidebuild", "holiday-check", str(target)],
                                       code, out.getvalue(), err.getvalue())


def test_the_calendar_the_build_makes_passes(tmp_path, bundle):
    write_site(tmp_path, bundle)
    proc = check(tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    assert "has every Japanese holiday" in proc.stdout
    assert bundle["calendar"]["holidays"]["2026-11-23"] == "勤労感謝の日"  # the window is real


def test_a_holiday_the_calendar_lacks_fails_and_is_named(tmp_path, bundle):
    stale = json.loads(json.dumps(bundle))
    del stale["calendar"]["holidays"]["2026-11-23"]
    write_site(tmp_path, stale)
    proc = check(tmp_path / "site")
    assert proc.returncode == 1
    assert "missing 2026-11-23 勤労感謝の日" in proc.stderr
    assert "raise 'holidays' in pyproject.toml" in proc.stderr


def test_a_day_that_is_no_longer_a_holiday_fails(tmp_path, bundle):
    # e.g. 2020's Olympic moves: a holiday the package dropped from its date
    stale = json.loads(json.dumps(bundle))
    stale["calendar"]["holidays"]["2026-07-24"] = "スポーツの日"
    (tmp_path / BUNDLE_NAME).write_text(json.dumps(stale, ensure_ascii=False), encoding="utf-8")
    proc = check(tmp_path / BUNDLE_NAME)
    assert proc.returncode == 1
    assert "not a holiday any more: 2026-07-24 スポーツの日" in proc.stderr


def test_no_bundle_is_an_error_not_a_pass(tmp_path):
    (tmp_path / "site").mkdir()
    proc = check(tmp_path / "site")
    assert proc.returncode == 2
    assert f"expected one {BUNDLE_NAME} in the built site, found none" in proc.stderr
