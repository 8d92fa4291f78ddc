"""guidebuild.browser: which browser the set-up and the browser tests use.

Candidates here are real: the machine's own browser under other names and
paths, next to scripts shaped like the stubs that GitHub's Ubuntu runners
have (a snap transition wrapper, a command that only prints an install hint).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from guidebuild.tools.browser import BROWSER_NAMES, ENV_VAR, SHELL, BrowserNotFound, find_browser

SNAP_WRAPPER = """#!/bin/sh
# like Ubuntu's chromium-browser transitional package
if ! [ -x /snap/bin/chromium ]; then
  echo "Command '$0' requires the chromium snap to be installed." >&2
  exit 1
fi
exec /snap/bin/chromium "$@"
"""

INSTALL_HINT = """#!/bin/sh
echo "chromium is not installed; install it with: snap install chromium" >&2
exit 1
"""


@pytest.fixture(scope="module")
def real_browser() -> str:
    return find_browser().path


def script(path, text):
    path.write_text(text)
    path.chmod(0o755)
    return path


def test_the_variable_wins_over_path(tmp_path, real_browser):
    link = tmp_path / "opt" / "my-chrome"
    link.parent.mkdir()
    link.symlink_to(real_browser)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "chromium").symlink_to(real_browser)
    found = find_browser({ENV_VAR: str(link), "PATH": str(bin_dir)})
    assert found.path == str(link)
    assert "Chrom" in found.version


def test_a_broken_variable_is_an_error_not_a_fallback(tmp_path, real_browser):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "chromium").symlink_to(real_browser)
    with pytest.raises(BrowserNotFound) as err:
        find_browser({ENV_VAR: str(tmp_path / "missing"), "PATH": str(bin_dir)})
    assert f"{ENV_VAR}={tmp_path / 'missing'}" in str(err.value)
    with pytest.raises(BrowserNotFound, match="names no Chromium or Chrome version"):
        find_browser({ENV_VAR: "/bin/true", "PATH": str(bin_dir)})


def test_stubs_on_path_are_passed_over(tmp_path, real_browser):
    # Ubuntu 24.04: chromium and chromium-browser are stubs, Chrome is real.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script(bin_dir / "chromium", INSTALL_HINT)
    script(bin_dir / "chromium-browser", SNAP_WRAPPER)
    (bin_dir / "google-chrome").symlink_to(real_browser)
    found = find_browser({"PATH": str(bin_dir)})
    assert found.path == str(bin_dir / "google-chrome")


def test_the_tests_take_the_headless_shell_and_the_benchmarks_the_full_browser(tmp_path, real_browser):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in (SHELL, "chromium"):
        (bin_dir / name).symlink_to(real_browser)
    env = {"PATH": str(bin_dir)}
    assert find_browser(env).path == str(bin_dir / SHELL)
    assert find_browser(env, names=BROWSER_NAMES).path == str(bin_dir / "chromium")
    (bin_dir / "chromium").unlink()
    with pytest.raises(BrowserNotFound, match="looked for chromium, chromium-browser"):
        find_browser(env, names=BROWSER_NAMES)


def test_only_stubs_says_what_was_tried_and_what_to_do(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script(bin_dir / "chromium", INSTALL_HINT)
    script(bin_dir / "chromium-browser", SNAP_WRAPPER)
    with pytest.raises(BrowserNotFound) as err:
        find_browser({"PATH": str(bin_dir)})
    message = str(err.value)
    assert f"{bin_dir / 'chromium'}: '--version' exited 1" in message
    assert f"{bin_dir / 'chromium-browser'}: a snap package" in message
    assert f"set {ENV_VAR}=" in message


def test_cli_prints_the_path_setup_sh_uses(tmp_path, real_browser):
    link = tmp_path / "chrome"
    link.symlink_to(real_browser)
    env = dict(os.environ, **{ENV_VAR: str(link)})
    proc = subprocess.run([sys.executable, "-m", "guidebuild", "browser"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(link)
    env[ENV_VAR] = str(tmp_path / "missing")
    proc = subprocess.run([sys.executable, "-m", "guidebuild", "browser"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "is not a usable Chromium or Chrome" in proc.stderr
