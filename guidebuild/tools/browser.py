"""Find a Chromium or Chrome that really runs, for the browser tests and benchmarks.

    .venv/bin/python -m guidebuild browser     prints its path (what setup.sh calls)

Order: ``$KMC_CHROMIUM`` if set (and then only it: an explicit choice that does
not work is an error, not a reason to test with some other browser), else the
usual names on ``PATH``, Chromium's headless shell first for the tests
(``TEST_NAMES``). The shell is Blink and V8 without the desktop browser around
them, what Playwright itself runs for headless tests; the suite spends about a
third less CPU on it than on the full browser (BENCHMARKS.md, "Test suite").
The benchmarks measure what a customer's browser does, so they ask for the
full browser (``BROWSER_NAMES``). A candidate counts only if ``<it> --version`` exits 0
and names a Chromium or Chrome version: Ubuntu's ``chromium`` and
``chromium-browser`` packages are snap transition stubs that print an install
hint and exit 1. Snap-packaged browsers are refused as well, because their
confinement keeps them from the profile directory Playwright hands them.

Debian's ``/usr/bin/chromium`` is a shell wrapper around
``/usr/lib/chromium/chromium``; both work, the wrapper is what PATH finds.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "KMC_CHROMIUM"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
SHELL = "chromium-headless-shell"  # Debian's package and command of that name
TEST_NAMES = (SHELL, *BROWSER_NAMES)
_VERSION = re.compile(r"\b(?:Chromium|Chrome)\b.*?\b(\d+\.\d+\.\d+\.\d+)\b")
_PROBE_TIMEOUT = 60  # seconds; a cold start on a loaded machine is slow, a hang is not


class BrowserNotFound(RuntimeError):
    """No usable browser; the message lists every candidate and why it failed."""


@dataclass(frozen=True)
class Found:
    path: str
    version: str  # its --version line, e.g. "Google Chrome 142.0.7444.175"


def probe(path: str) -> Found:
    """The browser at ``path``, or ValueError saying why it is not usable."""
    file = Path(path)
    if not file.is_file() or not os.access(file, os.X_OK):
        raise ValueError("not an executable file")
    if _is_snap(file):
        raise ValueError("a snap package (its confinement blocks Playwright's profile directory)")
    try:
        proc = subprocess.run([str(file), "--version"], capture_output=True, text=True,
                              timeout=_PROBE_TIMEOUT, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ValueError(f"'--version' did not run: {exc}") from None
    output = (proc.stdout + proc.stderr).strip()
    match = _VERSION.search(proc.stdout)
    first = output.splitlines()[0] if output else "no output"
    if proc.returncode != 0:
        raise ValueError(f"'--version' exited {proc.returncode}: {first}")
    if not match:
        raise ValueError(f"'--version' names no Chromium or Chrome version: {first}")
    return Found(str(file), proc.stdout.strip().splitlines()[0])


def _is_snap(file: Path) -> bool:
    if str(file.resolve()).startswith("/snap/"):
        return True
    # A transition wrapper is a small script that execs /snap/bin/…
    try:
        with file.open("rb") as f:
            head = f.read(64 * 1024)
    except OSError:
        return False
    return head.startswith(b"#!") and b"/snap/" in head


def find_browser(env: Mapping[str, str] | None = None, names: tuple[str, ...] = TEST_NAMES) -> Found:
    """The browser the tests use, or with ``names=BROWSER_NAMES`` the full
    browser the benchmarks use (see the module docstring for the order)."""
    env = os.environ if env is None else env
    explicit = env.get(ENV_VAR, "").strip()
    if explicit:
        try:
            return probe(explicit)
        except ValueError as exc:
            raise BrowserNotFound(
                f"{ENV_VAR}={explicit} is not a usable Chromium or Chrome: {exc}. "
                f"Point {ENV_VAR} at a browser executable, or unset it to search PATH."
            ) from None
    tried: list[str] = []
    seen: set[str] = set()
    for name in names:
        path = shutil.which(name, path=env.get("PATH", os.defpath))
        if path is None or os.path.realpath(path) in seen:
            continue
        seen.add(os.path.realpath(path))
        try:
            return probe(path)
        except ValueError as exc:
            tried.append(f"{path}: {exc}")
    detail = "; ".join(tried) if tried else "none of them is on PATH"
    raise BrowserNotFound(
        f"no usable Chromium or Chrome (looked for {', '.join(names)}: {detail}). "
        f"Install Google Chrome or Chromium (not the snap), or set {ENV_VAR}=/path/to/chrome."
    )


def main() -> int:
    try:
        found = find_browser()
    except BrowserNotFound as exc:
        print(exc, file=sys.stderr)
        return 1
    print(found.path)
    print(found.version, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
