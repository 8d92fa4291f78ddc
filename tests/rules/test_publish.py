"""A build publishes all or nothing: a good build replaces the site, a failed
one leaves the previous good site in place (guidebuild/publish/atomic.py)."""

import os
import subprocess
import sys

from .conftest import ROOT


def build(site_dir, rules_dir=None):
    # No PDF, no search index: this is about publishing all or nothing.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", KMC_PDF="0", KMC_SEARCH="0")
    env.pop("KMC_RULES_DIR", None)
    if rules_dir:
        env["KMC_RULES_DIR"] = str(rules_dir)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8")


def test_a_good_build_replaces_the_site_and_a_broken_one_keeps_it(tmp_path, rules_copy):
    # One site directory through both builds (each build costs seconds).
    out = tmp_path / "out"
    site = out / "site"
    site.mkdir(parents=True)
    (site / "stale.html").write_text("old", encoding="utf-8")

    first = build(site)
    assert first.returncode == 0, first.stderr
    assert not (site / "stale.html").exists()
    assert (site / "index.html").exists()
    assert sorted(p.name for p in out.iterdir()) == ["site"]
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
    assert sorted(p.name for p in out.iterdir()) == ["site"]  # no half-made copy left
