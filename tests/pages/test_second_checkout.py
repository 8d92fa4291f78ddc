"""A second checkout (a `git worktree`, as for reviewing a pull request) run
with the first checkout's .venv builds, serves and validates its OWN rules,
or refuses with a message that says why and what to do; it never mixes the
rules of one checkout with the code of the other.

The first checkout's .venv has an editable install of the first checkout.
``python -m ...`` run from the second checkout's top imports that checkout's
packages (the current directory comes first on sys.path), so it works on the
second checkout; the console scripts and runs from a subdirectory import the
first checkout's code and must refuse.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from testdates import example_accepted

from .conftest import ROOT, python
from .test_serve import free_port, wait_for

ITEM = "min: 10, max: 18"     # the one change item that takes 10-18 business days
EDITED = "min: 10, max: 19"


def _git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def second(tmp_path_factory):
    """A linked worktree of HEAD whose changes.yaml says 10-19 days, not 10-18."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("these tests need the project as a git checkout with git on PATH")
    where = tmp_path_factory.mktemp("worktree") / "second"
    _git("worktree", "add", "--detach", str(where), "HEAD")
    try:
        # The code under test is this checkout's working tree, not HEAD:
        # carry over every tracked or new file, as a reviewer's edits would be.
        for name in _git("ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0"):
            source = ROOT / name
            if not name:
                continue
            if not source.exists():
                (where / name).unlink(missing_ok=True)  # deleted here, not yet committed
            elif source.is_file() and not source.is_symlink():
                (where / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, where / name)
        # node_modules is not in git; a reviewer would `npm ci`, a link is the same bytes.
        (where / "node_modules").symlink_to(ROOT / "node_modules")
        changes = where / "rules" / "changes.yaml"
        text = changes.read_text(encoding="utf-8")
        assert text.count(ITEM) == 1
        changes.write_text(text.replace(ITEM, EDITED), encoding="utf-8")
        yield where
    finally:
        _git("worktree", "remove", "--force", str(where))


def _env(pdf: bool = True) -> dict[str, str]:
    # KMC_SEARCH=0: which checkout is read shows on the pages; no search index needed.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", KMC_PDF="1" if pdf else "0", KMC_SEARCH="0")
    env.pop("KMC_RULES_DIR", None)
    env.pop("PYTHONPATH", None)
    return env


def _run(args: list[str], cwd: Path, pdf: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=_env(pdf), capture_output=True, text=True, timeout=300)


def _venv(tool: str) -> str:
    path = Path(python()).parent / tool
    assert path.exists(), f"{path} is missing: set up with `bash scripts/setup.sh`"
    return str(path)


def _refused(proc: subprocess.CompletedProcess, second: Path) -> None:
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert f"this command runs in {second.resolve()} but Python imported" in out, out
    assert "scripts/setup.sh" in out, out


def test_build_from_the_second_checkout_publishes_its_rules(second, tmp_path):
    site = tmp_path / "site"
    # KMC_PDF=0: this is about whose rules are built, not the PDF (tests/browser/test_pdf.py).
    proc = _run([python(), "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=second, pdf=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (site / "change" / "items" / "index.html").read_text(encoding="utf-8")
    assert "10～19営業日" in page and "10～18営業日" not in page
    # The bundle the browser's calculator reads is the same checkout's.
    bundles = list(site.glob("assets/calc/*/rules.json"))
    assert len(bundles) == 1 and '"max":19' in bundles[0].read_text(encoding="utf-8")


def test_serve_from_the_second_checkout_serves_its_rules(second):
    port = free_port()
    server = subprocess.Popen([python(), "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=second, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/change/items/", "10～19営業日", 120)
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("command", ["build", "serve"])
def test_the_first_checkouts_console_script_refuses(second, tmp_path, command):
    args = [_venv("mkdocs"), command] + (["-d", str(tmp_path / "site")] if command == "build" else
                                         ["-a", f"127.0.0.1:{free_port()}"])
    proc = _run(args, cwd=second)
    _refused(proc, second)
    assert not (tmp_path / "site").exists()


def test_cli_reads_the_checkout_it_runs_in(second):
    args = [python(), "-m", "guidebuild", "change", "--accepted", example_accepted(), "--json", "--item"]
    item = _item_no(second)
    here = _run(args + [str(item)], cwd=ROOT)
    there = _run(args + [str(item)], cwd=second)
    assert here.returncode == 0 and there.returncode == 0, here.stderr + there.stderr
    assert here.stdout != there.stdout  # 18th vs 19th business day
    assert _run([python(), "-m", "guidebuild", "validate"], cwd=second).returncode == 0


def test_cli_from_a_subdirectory_refuses_the_other_checkouts_code(second):
    _refused(_run([python(), "-m", "guidebuild", "validate"], cwd=second / "docs"), second)


def test_schemas_from_a_subdirectory_never_write_into_the_other_checkout(second):
    before = {p: p.stat().st_mtime_ns for p in (ROOT / "rules" / "schema").iterdir()}
    proc = _run([python(), "-m", "guidebuild", "schemas"], cwd=second / "docs")
    _refused(proc, second)
    assert {p: p.stat().st_mtime_ns for p in (ROOT / "rules" / "schema").iterdir()} == before
    # From the second checkout's top it regenerates that checkout's own schemas.
    proc = _run([python(), "-m", "guidebuild", "schemas"], cwd=second)
    assert proc.returncode == 0 and str(second / "rules" / "schema") in proc.stdout, proc.stderr
    assert {p: p.stat().st_mtime_ns for p in (ROOT / "rules" / "schema").iterdir()} == before


def test_explicit_rules_dir_needs_no_checkout(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    proc = _run([python(), "-m", "guidebuild", "--rules", str(rules), "validate"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = _run([python(), "-m", "guidebuild", "validate"], cwd=tmp_path)
    assert proc.returncode == 2 and "not inside a git checkout" in proc.stderr, proc.stderr


def _item_no(checkout: Path) -> int:
    lines = (checkout / "rules" / "changes.yaml").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if EDITED in line)
    for line in reversed(lines[:at]):
        if line.strip().startswith("- no:"):
            return int(line.split(":")[1])
    raise AssertionError("no item number before the edited lead time")


def test_pytest_from_the_second_checkout_tests_its_own_code(second):
    probe = second / "tests" / "test_probe_checkout.py"
    probe.write_text(
        "from pathlib import Path\nimport calculators, guidebuild\n\n"
        "def test_probe():\n"
        f"    here = Path({str(second.resolve())!r})\n"
        "    assert Path(calculators.__file__).resolve().is_relative_to(here), calculators.__file__\n"
        "    assert Path(guidebuild.__file__).resolve().is_relative_to(here), guidebuild.__file__\n",
        encoding="utf-8")
    try:
        proc = _run([_venv("pytest"), "-q", "-p", "no:cacheprovider", str(probe)], cwd=second)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    finally:
        probe.unlink()
