"""The content-addressed build caches live in the user's cache directory, so
a second clone (a CI run on a fresh clone, a new worktree) reuses them."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from guidebuild.cache import ENV, cache_dir, cache_root
from guidebuild.calculator.assets import calculator_assets
from guidebuild.publish import pdf
from sitebuilds import ROOT, project_copy


def test_the_cache_root_follows_the_setting_then_xdg_then_home(tmp_path: Path) -> None:
    home = Path.home()
    assert cache_root({ENV: str(tmp_path / "mine"), "XDG_CACHE_HOME": "/x"}) == tmp_path / "mine"
    assert cache_root({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "kmc-guide"
    # Empty or relative XDG_CACHE_HOME is ignored, as the XDG specification says.
    assert cache_root({"XDG_CACHE_HOME": ""}) == home / ".cache" / "kmc-guide"
    assert cache_root({"XDG_CACHE_HOME": "relative"}) == home / ".cache" / "kmc-guide"
    assert cache_root({ENV: "  "}) == home / ".cache" / "kmc-guide"
    assert cache_dir("pdf", {ENV: str(tmp_path)}) == tmp_path / "pdf"


def test_a_second_clone_takes_the_snapshot_from_the_shared_cache(tmp_path: Path) -> None:
    """Another checkout of the same code names the same cache entry and makes
    nothing: the entry found is the one already there, untouched."""
    entry = calculator_assets(ROOT, {"rules_version": "a"}).snapshot
    assert entry.directory.parent == cache_dir("snapshot")
    before = {p.name: p.stat().st_mtime_ns for p in entry.directory.iterdir() if p.name != "meta.json"}

    clone = project_copy(tmp_path / "clone")
    for name in ("calculators", "pyproject.toml"):  # own copies, not links: another clone's files
        (clone / name).unlink()
    shutil.copytree(ROOT / "calculators", clone / "calculators",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", clone / "pyproject.toml")
    again = calculator_assets(clone, {"rules_version": "b"}).snapshot
    assert again.directory == entry.directory and again.key == entry.key
    assert not (clone / ".cache").exists()
    assert {p.name: p.stat().st_mtime_ns for p in again.directory.iterdir() if p.name != "meta.json"} == before
    assert json.loads((again.directory / "meta.json").read_text("utf-8"))["sha256"] == entry.sha256


def test_the_pdf_cache_key_covers_the_renderer_and_its_fonts() -> None:
    used = pdf.renderer()
    assert "weasyprint " in used and "pydyf " in used
    if any(os.access(Path(d) / "fc-match", os.X_OK) for d in os.environ.get("PATH", "").split(os.pathsep)):
        assert "Noto Sans CJK JP:lang=ja: /" in used  # the font file that is embedded
    doc = "<p>営業日</p>"
    assert pdf.content_hash(doc, used) == pdf.content_hash(doc, used)
    assert pdf.content_hash(doc, used) != pdf.content_hash(doc, used.replace("weasyprint ", "weasyprint 0"))
    assert pdf.content_hash(doc, used) != pdf.content_hash(doc + " ", used)
