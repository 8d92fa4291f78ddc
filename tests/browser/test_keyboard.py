"""The whole keyboard path of a guide page and of the calculator page, on a
phone and on a desktop: every element Tab stops at is visible and on screen.
On a phone the navigation is a drawer; its keyboard path is test_drawer.py's."""

from __future__ import annotations

import datetime as dt

import pytest

from calcpage import at_ten_in_japan
from guidebuild.today import today as run_today
from waits import loaded

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# The focused element, and whether a reader can see it: some size, inside the
# window, not hidden, transparent or clipped away by an ancestor.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {name: 'body', visible: true, why: ''};
  // Why a reader cannot see el ('' when they can).
  const hidden = (el) => {
    const r = el.getBoundingClientRect();
    const box = `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)} in ${innerWidth}x${innerHeight}`;
    if (r.width < 1 || r.height < 1) return `no size (${box})`;
    if (r.bottom <= 0 || r.right <= 0 || r.left >= innerWidth || r.top >= innerHeight) return `off screen (${box})`;
    // What is hit at its middle is it: no ancestor clips it there (an
    // ancestor's overflow does not clip a box positioned outside it).
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const hit = Boolean(top && el.contains(top));
    for (let x = el; x; x = x.parentElement) {
      const s = getComputedStyle(x);
      if (s.visibility !== 'visible' || s.display === 'none' || Number(s.opacity) < 0.1)
        return `${x.tagName}.${x.className} hides it (visibility ${s.visibility}, opacity ${s.opacity})`;
      if (!hit && x !== el && x !== document.documentElement && x !== document.body && s.overflow !== 'visible') {
        const c = x.getBoundingClientRect();
        if (r.bottom <= c.top || r.top >= c.bottom || r.right <= c.left || r.left >= c.right)
          return `clipped by ${x.tagName}.${x.className} (${box})`;
      }
    }
    return '';
  };
  // Material's palette radio is visually hidden; its focus ring is drawn on
  // the label right after it, the icon seen.
  const ring = e.matches('.md-option') ? e.nextElementSibling : null;
  const label = (e.textContent || e.getAttribute('aria-label') || e.getAttribute('name') || '').trim().slice(0, 24);
  const why = hidden(e);
  const visible = !why || Boolean(ring && !hidden(ring));
  const href = e.getAttribute('href') || '';
  return {name: `${e.tagName}.${e.className} ${label}`, visible, why: visible ? '' : `${href} ${why}`};
}"""


def _tab(page) -> dict:
    """Press Tab once and describe the element that took the focus, once it
    is visible or is known not to become so (Material fades some in)."""
    page.keyboard.press("Tab")
    try:
        page.wait_for_function(f"() => ({FOCUSED})().visible", timeout=5000)
    except Exception:
        pass
    return page.evaluate(FOCUSED)


def _tab_through(page, limit: int = 150) -> tuple[list[str], list[str]]:
    """Tab from the top until the focus is back on the page itself; returns
    every stop and the invisible ones (each waited for: Material fades some in)."""
    stops, invisible = [], []
    for _ in range(limit):
        focused = _tab(page)
        if focused["name"] == "body" and stops:
            return stops, invisible
        stops.append(focused["name"])
        if not focused["visible"]:
            invisible.append(f'{focused["name"]}: {focused["why"]}')
    raise AssertionError(f"Tab did not come round in {limit} stops: {stops[-5:]}")


@pytest.mark.parametrize("path", ["change/items/", "calculator/"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_tab_stop_is_visible_and_on_screen(open_page, path, viewport):
    page = open_page(viewport=viewport)
    try:
        loaded(page, path)
        stops, invisible = _tab_through(page)
        assert len(stops) > 10, stops
        assert not invisible, invisible
        if viewport is PHONE:
            assert not [s for s in stops if "md-nav__link" in s], "the closed drawer took the focus"
        page.rec.assert_clean()
    finally:
        page.release()


def _tab_until(page, reached: str, limit: int, failure: str) -> None:
    """Press Tab (no waiting: the page's timers may be paused) until the
    script ``reached`` is true, at most ``limit`` times."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(reached):
            return
    raise AssertionError(failure)


def test_a_stop_reached_while_the_search_lets_go_of_the_page_is_scrolled_into_view(open_page):
    """On a phone the open search holds the page still and lets it go a
    moment after Tab leaves the box. A stop focused in that moment, below
    what the held page shows, is brought into view once the page is free.
    The page's timers are paused, so that the moment lasts."""
    page = open_page(viewport=PHONE, fresh=True)  # its clock is paused
    try:
        loaded(page, "change/items/")
        now_ms = page.evaluate("Date.now()")
        page.clock.pause_at(dt.datetime.fromtimestamp(now_ms / 1000 + 1, tz=dt.timezone.utc))
        _tab_until(page, "document.activeElement.matches('.md-search__input')", 5, "Tab did not reach the search box")
        page.clock.run_for(1000)
        assert page.evaluate("document.body.hasAttribute('data-md-scrolllock')"), "the open search holds the page"
        _tab_until(page, "document.activeElement.getBoundingClientRect().top >= innerHeight", 20,
                   "no stop below the held page")
        page.clock.run_for(1000)
        page.clock.resume()
        focused = page.evaluate(FOCUSED)
        assert focused["visible"], focused
        page.rec.assert_clean()
    finally:
        page.release()


# The focused element inside the page's content, when part of it is under the
# sticky header: [what it is, its top, the header's bottom]; null otherwise.
UNDER_HEADER = """() => {
  const e = document.activeElement;
  if (!e || !e.closest('.md-content') || !e.checkVisibility()) return null;
  const r = e.getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  if (r.top >= header || r.bottom <= 0) return null;
  return [`${e.tagName}.${e.className} ${(e.textContent || '').trim().slice(0, 16)}`, Math.round(r.top), header];
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_going_back_with_shift_tab_never_leaves_the_focus_under_the_header(open_page, viewport):
    """From the foot of the calculator page with results, Shift+Tab scrolls
    each stop into view clear of the sticky header: a heading's ¶ link, the
    result's 「1日ずつの説明」, a link in the rules."""
    page = open_page(viewport=viewport, fixed_time=at_ten_in_japan(run_today()))
    try:
        today = run_today().isoformat()
        loaded(page, f"calculator/?accepted={today}&items=1,7,12&applied={today}")
        page.wait_for_selector('form[data-calculator="change"][data-computed-for]', timeout=60000)
        page.wait_for_selector('form[data-calculator="cancel"][data-computed-for]', timeout=60000)
        page.evaluate("() => scrollTo(0, document.documentElement.scrollHeight)")
        under = []
        for _ in range(150):
            page.keyboard.press("Shift+Tab")
            seen = page.evaluate(UNDER_HEADER)
            if seen:
                under.append(seen)
        assert not under, under
    finally:
        page.release()
