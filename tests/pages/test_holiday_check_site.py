"""The weekly holiday check reads a real build (the session's main build)."""

from __future__ import annotations

import subprocess
import sys


def test_holiday_check_finds_the_bundle_in_a_real_build(site):
    proc = subprocess.run([sys.executable, "-m", "guidebuild", "holiday-check", str(site.site)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "has every Japanese holiday that holidays" in proc.stdout
