"""Hostile or careless text in rules/ is shown, never run, in a real browser.

A copy of rules/ gets a script tag, Jinja syntax and Markdown markup in
fields that reach several pages and the calculator; the built site must show
them literally, run nothing, and stay CSP-clean.
"""

import os
from contextlib import contextmanager
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>{{ 7*7 }} **bold** [link](javascript:alert(3))"


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@contextmanager
def watched_page(open_page_on, server):
    """A recorded page that also records (and dismisses) any alert()."""
    page = open_page_on(server)
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    try:
        yield page
    finally:
        page.context.close()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    rules = tmp / "rules"
    shutil.copytree(ROOT / "rules", rules)
    quoted = '"' + HOSTILE.replace('"', '\\"') + '"'
    _edit(rules / "changes.yaml", "title: 企業情報", f"title: {quoted}")
    _edit(rules / "contacts.yaml", "name: サービスお問い合わせ窓口", f"name: {quoted}")
    _edit(rules / "cancellation.yaml", "  - 解約前に配信を行った場合でも、配信ログの確認はできません。", f"  - {quoted}")
    site = tmp / "site"
    env = dict(os.environ, KMC_RULES_DIR=str(rules), NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.parametrize("path", ["change/items/", "support/contacts/", "cancel/notes/", "calculator/"])
def test_hostile_text_is_shown_literally_and_never_runs(hostile_site, serve_site, open_page_on, path):
    with serve_site(hostile_site) as server, watched_page(open_page_on, server) as page:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        text = page.locator("article").inner_text()
        assert HOSTILE in text.replace("\n", "")
        assert page.locator("article script, article img[src='x'], article a[href^='javascript']").count() == 0
        assert page.locator("article strong:text('bold')").count() == 0
        page.wait_for_timeout(300)
        assert page.dialogs == []
        page.rec.assert_clean()


def test_hostile_text_in_calculator_results(hostile_site, serve_site, open_page_on):
    # Results are drawn by JavaScript from the worker's JSON: titles must be
    # inserted as text, not markup.
    with serve_site(hostile_site) as server, watched_page(open_page_on, server) as page:
        page.goto("calculator/?accepted=2026-11-24&items=1,2")
        page.wait_for_selector('form[data-calculator="change"][data-state="ready"]', timeout=45_000)
        item = page.locator('form[data-calculator="change"] [data-item="1"]').first
        item.wait_for()
        assert HOSTILE in item.inner_text().replace("\n", "")
        results = page.locator('form[data-calculator="change"]')
        assert results.locator("script, img[src='x'], a[href^='javascript']").count() == 0
        page.wait_for_timeout(300)
        assert page.dialogs == []
        page.rec.assert_clean()
