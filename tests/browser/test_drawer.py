"""The navigation drawer from the keyboard, on a phone (and a desktop page
zoomed in, which gets the phone's layout): the header's menu button opens
it, the focus stays in the panel shown and goes round it, chapters open
from the keyboard, Escape closes. Closed, the drawer's links take no focus."""

from __future__ import annotations

import pytest

from test_keyboard import DESKTOP, FOCUSED, PHONE, _tab, _tab_until
from waits import loaded


def test_the_open_drawer_takes_the_focus_and_the_closed_one_does_not(open_page):
    """Open, the drawer's shown links take the focus and its lists not shown
    (other chapters, the page's contents) do not; closed, none of it does."""
    page = open_page(viewport=PHONE)
    try:
        loaded(page, "change/items/")
        page.locator("label.md-header__button[for='__drawer']").click()
        page.locator(".md-sidebar--primary a.md-nav__link", has_text="2.2").first.wait_for(state="visible")
        stops, invisible = [], []
        for _ in range(10):
            focused = _tab(page)
            stops.append(focused["name"])
            if not focused["visible"]:
                invisible.append(focused["name"])
        assert [s for s in stops if "md-nav__link" in s and "2.2" in s], stops
        assert not invisible, invisible
        # Closed again (its overlay tapped): once it has slid away, Tab
        # goes from the header to the page.
        page.locator("label.md-overlay[for='__drawer']").click(position={"x": 370, "y": 400})
        page.wait_for_function(
            "() => getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility === 'hidden'")
        page.evaluate("() => document.activeElement.blur()")
        stops = []
        for _ in range(8):
            page.keyboard.press("Tab")
            stops.append(page.evaluate(FOCUSED)["name"])
        assert not [s for s in stops if "md-nav__" in s], stops
        page.rec.assert_clean()
    finally:
        page.release()


MENU = "label.md-header__button[for='__drawer']"
# Shown, and done sliding in.
DRAWER_SHOWN = """() => {
  const drawer = document.querySelector('.md-sidebar--primary');
  return getComputedStyle(drawer).visibility === 'visible' && drawer.getBoundingClientRect().left >= 0;
}"""
DRAWER_HIDDEN = "() => getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility === 'hidden'"


@pytest.mark.parametrize("key", ["Enter", " "], ids=["enter", "space"])
def test_the_menu_button_opens_the_drawer_from_the_keyboard_and_escape_closes_it(open_page, key):
    """On a phone (and on a desktop zoomed in) the navigation is behind the
    header's menu button: the keyboard reaches it, opens the drawer with it,
    Tabs into the drawer's links, and Escape closes it with the focus back
    on the button."""
    page = open_page(viewport=PHONE)
    try:
        loaded(page, "change/items/")
        _tab_until(page, f"document.activeElement.matches(\"{MENU}\")", 5, "Tab did not reach the menu button")
        menu = page.locator(MENU)
        assert (menu.get_attribute("role"), menu.get_attribute("aria-label"), menu.get_attribute("aria-expanded")) == (
            "button", "メニュー", "false")
        page.keyboard.press(key)
        page.wait_for_function(DRAWER_SHOWN)
        assert menu.get_attribute("aria-expanded") == "true"
        assert page.evaluate("window.scrollY") == 0, "Space scrolled the page"
        # The focus is in the drawer, on the shown panel's first item.
        assert _in_drawer(page) == "2 お申し込み内容変更手続き"
        stops = [_tab(page)["name"] for _ in range(12)]
        assert [s for s in stops if "md-nav__link" in s and "2.2" in s], stops
        page.keyboard.press("Escape")
        page.wait_for_function(DRAWER_HIDDEN)
        assert menu.get_attribute("aria-expanded") == "false"
        assert page.evaluate(f"document.activeElement.matches(\"{MENU}\")")
        # Closed by a click on the page beside it: the focus back on the button too.
        page.keyboard.press(key)
        page.wait_for_function(DRAWER_SHOWN)
        page.mouse.click(370, 400)
        page.wait_for_function(DRAWER_HIDDEN)
        assert page.evaluate(f"document.activeElement.matches(\"{MENU}\")")
        page.rec.assert_clean()
    finally:
        page.release()


def test_a_key_held_on_the_menu_button_opens_the_drawer_and_nothing_in_it(open_page):
    """Held down, Space or Enter repeats: only the first press works the
    button, as a native button's does, so the repeats do not open the first
    page's contents that the focus has moved to."""
    page = open_page(viewport=PHONE)
    try:
        for key in (" ", "Enter"):
            loaded(page, "")
            _tab_until(page, f"document.activeElement.matches(\"{MENU}\")", 5, "Tab did not reach the menu button")
            page.keyboard.down(key)
            page.keyboard.down(key)  # the key's repeat
            page.keyboard.up(key)
            page.wait_for_function(DRAWER_SHOWN)
            assert _in_drawer(page) == "はじめに", key
            assert not page.evaluate("document.getElementById('__toc').checked"), key
        page.rec.assert_clean()
    finally:
        page.release()


# The focused element's text if it is in the open drawer and a reader sees
# it: rendered, all of it in the window, and not under another of the
# drawer's panels (the element at its middle is it or inside it); else why not.
IN_DRAWER = """() => {
  const e = document.activeElement;
  if (!e.closest('.md-sidebar--primary')) return `outside the drawer: ${e.tagName}.${e.className}`;
  if (!e.checkVisibility({visibilityProperty: true})) return `not shown: ${e.textContent.trim()}`;
  const r = e.getBoundingClientRect();
  if (r.top < -0.5 || r.bottom > innerHeight + 0.5)
    return `cut off (${Math.round(r.top)}..${Math.round(r.bottom)} of ${innerHeight}): ${e.textContent.trim()}`;
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  if (!top || !e.contains(top)) return `under ${top && top.className}: ${e.textContent.trim()}`;
  return e.textContent.replace(/\\s+/g, ' ').trim();
}"""


# How IN_DRAWER says a reader does not see the focused item.
UNSEEN = ("outside the drawer", "not shown", "cut off", "under ")


# No transition of the drawer (a panel sliding, the drawer itself) is running.
AT_REST = """() => !document.getAnimations().some((a) => a.playState === 'running'
  && a.effect?.target?.closest?.('.md-sidebar--primary'))"""


def _in_drawer(page) -> str:
    """IN_DRAWER once the drawer's panels have come to rest: where the
    focused item ends up, not where it passes while a panel slides."""
    page.wait_for_function(AT_REST, timeout=5000)
    return page.evaluate(IN_DRAWER)


def _drawer_round(page) -> list[str]:
    """Tab round the shown panel from its focused item: the items seen, once
    each, every one of them seen whole (else the round fails, saying why)."""
    first = _in_drawer(page)
    seen = [first]
    for _ in range(20):
        page.keyboard.press("Tab")
        now = _in_drawer(page)
        if now == first:
            unseen = [s for s in seen if s.startswith(UNSEEN)]
            assert not unseen, (unseen, seen)
            return seen
        seen.append(now)
    raise AssertionError(f"Tab did not come round the panel: {seen}")


def _open_from_the_keyboard(page, path: str, key: str) -> None:
    """Load ``path``, Tab to the menu button and open the drawer with ``key``,
    until it has slid in."""
    loaded(page, path)
    _tab_until(page, f"document.activeElement.matches(\"{MENU}\")", 5, "Tab did not reach the menu button")
    page.keyboard.press(key)
    page.wait_for_function(DRAWER_SHOWN)


def test_the_open_drawer_keeps_the_focus_in_the_panel_shown_and_opens_chapters_from_the_keyboard(open_page):
    """Tab goes round the panel shown, never to a panel underneath or to the
    page behind; a panel's title goes back to the chapters, whose labels
    take the focus and open their panels with Enter or Space; going back
    puts the focus on the label it came from."""
    page = open_page(viewport=PHONE)
    try:
        _open_from_the_keyboard(page, "change/items/", "Enter")
        chapter = _drawer_round(page)
        assert chapter == ["2 お申し込み内容変更手続き", "2.1 変更内容一覧", "2.2 変更手続きフロー"], chapter
        assert page.evaluate("document.activeElement.matches('label.md-nav__title')")
        # The ring is drawn inside the item, where the scrolling list does not clip it.
        ring = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                             " return [s.outlineStyle, parseFloat(s.outlineWidth), parseFloat(s.outlineOffset)]; }")
        assert ring[0] == "solid" and ring[1] >= 2 and ring[2] <= -ring[1], ring
        # The page's entry opens its contents, nested headings included.
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        # Tab at once, while the contents slide in: the item comes to rest in sight.
        page.keyboard.press("Tab")
        assert _in_drawer(page) == "留意事項"
        page.keyboard.press("Shift+Tab")
        contents = _drawer_round(page)
        assert contents[0] == "目次" and "留意事項" in contents, contents
        assert [c for c in contents if c.startswith("受付受理日が")] and "複数の項目を同時に変更する場合" in contents, contents
        # Back from the contents: the focus on the entry that opened them.
        page.keyboard.press("Enter")
        page.wait_for_function("() => !document.getElementById('__toc').checked")
        assert _in_drawer(page) == "2.1 変更内容一覧"
        page.keyboard.press("Shift+Tab")
        # Shift+Tab goes round the other way.
        page.keyboard.press("Shift+Tab")
        assert _in_drawer(page) == "2.2 変更手続きフロー"
        page.keyboard.press("Tab")
        # The title goes back: the chapters, the focus on the one it came from.
        page.keyboard.press("Enter")
        page.wait_for_function("() => !document.getElementById('__nav_3').checked")
        assert _in_drawer(page) == "2 お申し込み内容変更手続き"
        chapters = _drawer_round(page)
        for name in ("はじめに", "1 新規契約手続き", "3 解約申し込み手続き", "4 サービスお問い合わせおよび保守・運用"):
            assert any(c.startswith(name) for c in chapters), (name, chapters)
        # Space on a chapter opens it, and its first item takes the focus.
        for _ in range(len(chapters)):
            if _in_drawer(page).startswith("3 解約"):
                break
            page.keyboard.press("Tab")
        page.keyboard.press(" ")
        page.wait_for_function("() => document.getElementById('__nav_4').checked")
        page.locator(".md-sidebar--primary a[href$='cancel/notes/']").wait_for(state="visible")
        cancel = _drawer_round(page)
        assert cancel[0] == "3 解約申し込み手続き" and any(c.startswith("3.1 ") for c in cancel), cancel
        # Escape: closed, the focus back on the menu button.
        page.keyboard.press("Escape")
        page.wait_for_function(DRAWER_HIDDEN)
        assert page.evaluate(f"document.activeElement.matches(\"{MENU}\")")
        page.rec.assert_clean()
    finally:
        page.release()


def test_the_top_list_starts_on_its_first_page_not_on_the_title_that_closes_it(open_page):
    """On a page outside the chapters the drawer opens on its top list,
    whose title (the site's name and logo) only closes the drawer: the focus
    starts on the first page and goes round the pages and chapters alone,
    each scrolled wholly into sight in a window too low for the whole list
    (whose items snap into place). 700 px wide: a desktop window zoomed in
    gets the drawer too."""
    page = open_page(viewport={"width": 700, "height": 300})
    try:
        _open_from_the_keyboard(page, "", " ")
        top = _drawer_round(page)
        assert top[0] == "はじめに" and "改版履歴" in top and "" not in top, top
        assert not [t for t in top if t.startswith("KDDI Message Cast")], top
        page.rec.assert_clean()
    finally:
        page.release()


def test_the_menu_button_is_no_tab_stop_where_the_navigation_is_always_shown(open_page):
    page = open_page(viewport=DESKTOP)
    try:
        loaded(page, "change/items/")
        assert not page.locator(MENU).is_visible()
        stops = [_tab(page)["name"] for _ in range(4)]
        assert not [s for s in stops if "メニュー" in s], stops
    finally:
        page.release()
