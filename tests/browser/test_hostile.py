"""Hostile or careless text in rules/ is shown, never run, in a real browser.

A copy of rules/ gets a script tag, Jinja syntax and Markdown markup in
fields that reach several pages and the calculator; the built site must show
them literally, run nothing, and stay CSP-clean.
"""

from contextlib import contextmanager

import pytest

from sitebuilds import HOSTILE
from testdates import example_accepted
from waits import after_load


@contextmanager
def watched_page(open_page_on, server):
    """A recorded page that also records (and dismisses) any alert()."""
    page = open_page_on(server)
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    try:
        yield page
    finally:
        page.release()


@pytest.fixture(scope="module")
def hostile_site(builds):
    """The shared build whose rules carry HOSTILE in fields that reach 2.1, 3.1,
    4.2 and the calculator (tests/sitebuilds.py)."""
    return builds.hostile.site


@pytest.mark.parametrize("path", ["change/items/", "support/contacts/", "cancel/notes/", "calculator/"])
def test_hostile_text_is_shown_literally_and_never_runs(hostile_site, serve_site, open_page_on, path):
    with serve_site(hostile_site) as server, watched_page(open_page_on, server) as page:
        page.goto(path)
        after_load(page)
        text = page.locator("article").inner_text()
        assert HOSTILE in text.replace("\n", "")
        assert page.locator("article script, article img[src='x'], article a[href^='javascript']").count() == 0
        assert page.locator("article strong:text('bold')").count() == 0
        page.clock.run_for(1000)  # any timer the text could have set has fired
        assert page.dialogs == []
        page.rec.assert_clean()


def test_hostile_text_in_calculator_results(hostile_site, serve_site, open_page_on):
    # Results are drawn by JavaScript from the worker's JSON: titles must be
    # inserted as text, not markup.
    with serve_site(hostile_site) as server, watched_page(open_page_on, server) as page:
        page.goto(f"calculator/?accepted={example_accepted()}&items=1,2")
        page.wait_for_selector('form[data-calculator="change"][data-state="ready"]', timeout=45_000)
        item = page.locator('form[data-calculator="change"] [data-item="1"]').first
        item.wait_for()
        assert HOSTILE in item.inner_text().replace("\n", "")
        results = page.locator('form[data-calculator="change"]')
        assert results.locator("script, img[src='x'], a[href^='javascript']").count() == 0
        page.clock.run_for(1000)
        assert page.dialogs == []
        page.rec.assert_clean()
