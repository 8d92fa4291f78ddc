"""Shared by every test directory.

The checkout's own packages come first on sys.path, so a second checkout (a
git worktree) run with another checkout's .venv tests its own code rather
than the editable install's. Not inside Pyodide, where the engine tests must
import ``calculators`` from the installed wheel (tests/pyodide/run_pytest.mjs
checks that).

``builds`` (session): every site variant the page and browser tests read,
built once per run, in parallel (tests/sitebuilds.py). The builds start as
soon as collection shows a test needs them, and the tests that need no built
site run first, while they build.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

if sys.platform != "emscripten":
    if str(ROOT / "tests") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests"))  # for `import sitebuilds`
    if str(ROOT) not in sys.path[:1]:
        sys.path.insert(0, str(ROOT))


def pytest_configure(config):
    """One today for the whole run: KMC_TODAY as given (checked here, so a bad
    value stops the run with its message), else today in Japan, written back
    so the site builds, the pytest-xdist workers and the browser clocks all
    share it even across midnight."""
    if sys.platform == "emscripten":
        return
    from guidebuild.today import ENV, TodayError, today

    try:
        os.environ[ENV] = today().isoformat()
    except TodayError as error:
        raise pytest.UsageError(str(error)) from None


def _session_builds(config):
    """The run's SessionBuilds, in a directory every pytest-xdist worker of
    the run shares (each worker's basetemp is a subdirectory of it)."""
    shared = getattr(config, "_kmc_builds", None)
    if shared is None:
        from sitebuilds import SessionBuilds

        # The tmp_path_factory fixture's object; hooks have no fixtures.
        base = config._tmp_path_factory.getbasetemp()
        if hasattr(config, "workerinput"):  # a pytest-xdist worker
            base = base.parent
        shared = config._kmc_builds = SessionBuilds(base / "site-builds")
    return shared


# The files that take longest, longest first (CPU-seconds on one core, from
# `--durations`). The workers (`--dist loadfile --no-loadscope-reorder`, see
# the Makefile) take whole files in collection order as they free up, so
# starting the long ones first keeps them from queuing on one worker at the end.
SLOW_FILES = (
    "tests/browser/test_calculator_boot.py",  # real Pyodide boots, each fallback
    "tests/browser/test_calculator_edges.py",
    "tests/browser/test_calculator_layout.py",
    "tests/browser/test_calculator_reading.py",
    "tests/browser/test_offline.py",  # service worker installs, a deploy hand-over
    "tests/browser/test_search.py",
    "tests/browser/test_calculator.py",
    "tests/browser/test_calculator_asking.py",
    "tests/browser/test_pages.py",
    "tests/browser/test_a11y.py",
    "tests/browser/test_keyboard.py",
    "tests/browser/test_site_shell.py",
    "tests/test_pyodide_runtime.py",  # two Pyodide boots in Node
    "tests/rules/test_fuzz.py",       # hypothesis + two real builds
    "tests/browser/test_calculator_journeys.py",
    "tests/rules/test_corpus.py",
    "tests/test_snapshot_build.py",
    "tests/browser/test_print.py",
    "tests/pages/test_second_checkout.py",
    "tests/browser/test_not_found.py",
    "tests/pages/test_serve.py",
)


def _order(item) -> tuple[bool, int]:
    path = item.nodeid.split("::", 1)[0]
    slow = SLOW_FILES.index(path) if path in SLOW_FILES else len(SLOW_FILES)
    return "builds" in getattr(item, "fixturenames", ()), slow


def pytest_collection_modifyitems(session, config, items):
    # Tests that need no built site first (they run while the site builds),
    # the slow files first within each group; stable, so a file keeps its order.
    items.sort(key=_order)
    needs = [item for item in items if "builds" in getattr(item, "fixturenames", ())]
    if needs and not config.getoption("collectonly"):  # --collect-only runs no test
        _session_builds(config).start()


@pytest.fixture(scope="session")
def builds(request):
    result = _session_builds(request.config).result()
    for name in ("main", "edited", "hostile"):
        build = getattr(result, name)
        if build.returncode != 0:
            pytest.fail(f"build {name} failed:\n{build.output}", pytrace=False)
    return result
