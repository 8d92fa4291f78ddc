"""The GitHub workflows stay clean under zizmor, the way the field checks them.

The workflows cannot run here, so they are checked statically: actions pinned
by commit hash, no template expansion inside ``run:``, no persisted checkout
token, least permissions. Any finding fails, so a new one is fixed (or
consciously silenced in the workflow with a reason) before it lands.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
ZIZMOR = Path(sys.executable).parent / "zizmor"


def _zizmor(*targets: Path, fmt: str = "plain") -> subprocess.CompletedProcess:
    assert ZIZMOR.exists(), f"{ZIZMOR} is missing: run 'bash scripts/setup.sh' (zizmor is in the dev extra)"
    return subprocess.run(
        [str(ZIZMOR), "--offline", "--no-progress", "--format", fmt, *map(str, targets)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def test_zizmor_finds_nothing_in_the_workflows_and_dependabot_config():
    targets = [*sorted(WORKFLOWS.glob("*.yml")), ROOT / ".github" / "dependabot.yml"]
    assert len(targets) > 1 and all(t.is_file() for t in targets)
    proc = _zizmor(*targets, fmt="json")
    assert proc.returncode == 0, f"zizmor --offline failed or reported findings:\n{proc.stdout}\n{proc.stderr}"
    assert json.loads(proc.stdout) == []


def test_zizmor_would_catch_the_old_mistakes(tmp_path):
    # The check is only worth something if it fails on these known mistakes.
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request\n"
        "permissions:\n  contents: read\n"
        "jobs:\n  diff:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo \"origin/${{ github.head_ref }}\"\n",
        encoding="utf-8",
    )
    proc = _zizmor(bad)
    assert proc.returncode != 0
    for audit in ("unpinned-uses", "template-injection", "artipacked"):
        assert audit in proc.stdout, f"zizmor no longer reports {audit}:\n{proc.stdout}"


def test_every_action_is_pinned_with_its_tag_in_a_comment():
    # zizmor requires the hash; the comment is what Dependabot updates along
    # with it and what a reviewer reads.
    uses = []
    for wf in sorted(WORKFLOWS.glob("*.yml")):
        uses += re.findall(r"uses:\s*(\S+)(.*)", wf.read_text(encoding="utf-8"))
    assert uses
    for ref, rest in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), ref
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", rest), f"{ref}: add '# vX.Y.Z' after the hash"


def test_workflows_and_dependabot_config_match_their_schemas():
    # zizmor does not reject unknown keys; GitHub ignores a dependabot.yml it
    # cannot read without failing anything, so a typo would stop all updates.
    checker = Path(sys.executable).parent / "check-jsonschema"
    assert checker.exists(), f"{checker} is missing: run 'bash scripts/setup.sh'"
    for schema, files in (("vendor.github-workflows", sorted(WORKFLOWS.glob("*.yml"))),
                          ("vendor.dependabot", [ROOT / ".github" / "dependabot.yml"])):
        proc = subprocess.run([str(checker), "--builtin-schema", schema, *map(str, files)],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, f"{schema}:\n{proc.stdout}\n{proc.stderr}"


def test_the_weekly_run_builds_and_tests_as_if_a_year_from_now():
    """A test that depends on the date fails a year before the date comes: on
    the schedule, KMC_TODAY is set a year ahead before the site is built, so
    the build and the suite that reads it (KMC_BUILT_SITE) share that day."""
    import yaml

    workflow = yaml.safe_load((WORKFLOWS / "site.yml").read_text(encoding="utf-8"))
    assert "schedule" in workflow[True]  # PyYAML reads the key `on` as true
    steps = workflow["jobs"]["check"]["steps"]
    names = [step.get("name", step.get("uses", "")) for step in steps]

    def index(predicate) -> int:
        found = [n for n, step in enumerate(steps) if predicate(step)]
        assert len(found) == 1, names
        return found[0]

    ahead = index(lambda s: "KMC_TODAY=" in s.get("run", ""))
    assert steps[ahead]["if"] == "github.event_name == 'schedule'"
    assert "date -d '+1 year'" in steps[ahead]["run"] and '>> "$GITHUB_ENV"' in steps[ahead]["run"]
    assert "TZ=Asia/Tokyo" in steps[ahead]["run"]  # today in Japan, as the build's default
    build = index(lambda s: "mkdocs build" in s.get("run", ""))
    test = index(lambda s: s.get("run", "").strip() == "make test")
    assert ahead < build < test
    assert steps[test].get("env", {}).get("KMC_BUILT_SITE") == "site" and "if" not in steps[test]
    # The strict validation runs on the real today: a year ahead it would ask
    # for a window two years early.
    assert index(lambda s: "validate --strict" in s.get("run", "")) < ahead
