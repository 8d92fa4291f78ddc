"""The browser tests run on a browser at any path named by $KMC_CHROMIUM.

GitHub's runners have Google Chrome under /opt/google/chrome, not Debian's
/usr/bin/chromium. Here the machine's browser directory is copied (hard
links where allowed) to a path no search would find, the variable is pointed
at the copy, and a page of the built site is opened in it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import CHROMIUM_ARGS
from guidebuild.tools.browser import ENV_VAR, find_browser

# Where the real executable (not a launcher script) lives, for the browsers
# the set-up accepts: Debian's chromium, Google Chrome.
KNOWN_BINARIES = ("/usr/lib/chromium/chromium", "/opt/google/chrome/chrome")


def browser_binary() -> Path:
    found = Path(os.path.realpath(find_browser().path))
    if found.read_bytes()[:4] == b"\x7fELF":
        return found
    for known in map(Path, KNOWN_BINARIES):
        if known.is_file():
            return known
    pytest.fail(f"{found} is a launcher script and none of {KNOWN_BINARIES} exists: "
                "add this browser's binary location to KNOWN_BINARIES", pytrace=False)


def link_or_copy(src, dst):
    try:
        os.link(src, dst)  # instant, and still a separate path to the same file
    except OSError:
        shutil.copy2(src, dst)  # another filesystem, or links refused for files we don't own


@pytest.fixture(scope="module")
def copied_browser(tmp_path_factory) -> Path:
    binary = browser_binary()
    home = tmp_path_factory.mktemp("elsewhere") / "opt" / "some-chrome"
    shutil.copytree(binary.parent, home, symlinks=True, copy_function=link_or_copy)
    return home / binary.name


def test_the_browser_tests_run_on_a_copy_named_by_the_variable(copied_browser, browser, base_url):
    found = find_browser({ENV_VAR: str(copied_browser), "PATH": ""})
    assert found.path == str(copied_browser)
    other = browser.browser_type.launch(executable_path=found.path, args=CHROMIUM_ARGS, headless=True)
    try:
        page = other.new_page(locale="ja-JP")
        page.goto("chrome://version")
        # The browser that answers is the copy, not the system one.
        assert str(copied_browser) in page.locator("#executable_path").inner_text()
        page.goto(base_url)
        assert page.locator("h1").first.inner_text().strip()
        assert page.evaluate("document.documentElement.lang") == "ja"
    finally:
        other.close()
