"""KMC_BUILT_SITE: the tests read a finished build of the real rules (the one
the workflow publishes) instead of building it again."""

from __future__ import annotations

from sitebuilds import BUILT_SITE_ENV, built_site_from_env


def test_unset_means_build_it(monkeypatch):
    monkeypatch.delenv(BUILT_SITE_ENV, raising=False)
    assert built_site_from_env() is None


def test_a_directory_without_a_site_is_a_failed_build_that_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv(BUILT_SITE_ENV, str(tmp_path))
    build = built_site_from_env()
    assert build.returncode == 1
    assert build.output.startswith(f"KMC_BUILT_SITE={tmp_path}: no index.html in ")
    assert "mkdocs build --strict -d" in build.output


def test_a_built_site_is_used_as_it_is(monkeypatch, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html>", encoding="utf-8")
    monkeypatch.setenv(BUILT_SITE_ENV, str(tmp_path))
    build = built_site_from_env()
    assert (build.site, build.returncode) == (tmp_path.resolve(), 0)
