"""A failed build publishes nothing: the previous good site stays in place."""

import os
import subprocess
import sys

from .conftest import ROOT


def build(site_dir, rules_dir=None):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if rules_dir:
        env["KMC_RULES_DIR"] = str(rules_dir)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8")


def test_broken_rules_fail_the_build_and_keep_the_previous_site(tmp_path, rules_copy):
    site = tmp_path / "out" / "site"
    first = build(site)
    assert first.returncode == 0, first.stderr
    index = (site / "index.html").read_bytes()
    stamp = (site / "index.html").stat().st_mtime_ns

    changes = rules_copy / "changes.yaml"
    text = changes.read_text(encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "min: 6, max: 10" in t)
    changes.write_text(text.replace("min: 6, max: 10", "min: 0, max: 10", 1), encoding="utf-8")
    second = build(site, rules_copy)

    assert second.returncode != 0
    assert f"rules/changes.yaml:{line}: 'min' must be greater than 0, not 0" in second.stderr
    assert (site / "index.html").read_bytes() == index
    assert (site / "index.html").stat().st_mtime_ns == stamp
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # no half-made copy left


def test_a_good_build_replaces_the_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "stale.html").write_text("old", encoding="utf-8")
    result = build(site)
    assert result.returncode == 0, result.stderr
    assert not (site / "stale.html").exists()
    assert (site / "index.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
