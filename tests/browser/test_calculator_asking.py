"""What the reader's own asking does on a 390 px phone, in the page with the
real engine: 計算する with a refused field takes the focus to that field
(scrolled into view, its error its description), and the page scrolls to a
result only when the reader asked for it with the button, never on a tick.

"Today" is the run's (``KMC_TODAY``), pinned on the page clock; every date
typed is worked out from it. Waits are for states, never for time.
"""

from __future__ import annotations

import re

import pytest

from guidebuild.today import today as run_today
from calcpage import BOOT_MS, FORM, PHONE, at_ten_in_japan, computed, open_calculator



@pytest.fixture
def phone(open_page):
    p = open_page(viewport=PHONE, fixed_time=at_ten_in_japan(run_today()))
    try:
        yield p
    finally:
        p.release()


def settle(p) -> None:
    """Wait for a (smooth) scroll to end: scrollY unchanged for 300 ms."""
    p.wait_for_function("""() => new Promise((resolve) => {
      const y = scrollY;
      setTimeout(() => resolve(scrollY === y), 300);
    })""", timeout=5000)


# Whether the element is on screen and not under the sticky header: the
# point at its middle is the element itself.
SEEN = """(el) => {
  const r = el.getBoundingClientRect();
  if (r.height === 0 || r.top < 0 || r.bottom > innerHeight) return false;
  const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return at === el || el.contains(at);
}"""

# A February 30th is no day; "abc" no date at all.
BAD = f"{run_today().year}-02-30"
# form: (the field to refuse, what to type, its error slot, an item to tick)
REFUSALS = {
    "change-accepted": ("change", "accepted", BAD, "accepted", "3"),
    "change-sent": ("change", "sent", "abc", "sent", "3"),
    "cancel": ("cancel", "applied", BAD, "applied", None),
    "deadline": ("deadline", "last_usage_month", f"{run_today().year}-13", "last_usage_month", None),
    "option": ("option", "contract_applied", "abc", "applied", None),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_the_button_takes_the_focus_to_a_refused_field(phone, case):
    kind, name, bad, error, tick = REFUSALS[case]
    p = phone
    open_calculator(p)
    form = FORM.format(kind)
    field = p.locator(f'{form} input[name="{name}"]')
    field.fill(bad)
    if tick:
        p.locator(f'{form} input[name="item"][value="{tick}"]').check()
    button = p.locator(f"{form} button[type=submit]")
    button.scroll_into_view_if_needed()
    button.click()
    slot = p.locator(f'{form} [data-error-for="{error}"]')
    p.wait_for_function("(el) => el.textContent.trim() !== ''", arg=slot.element_handle())
    p.wait_for_function("(el) => document.activeElement === el", arg=field.element_handle(), timeout=3000)
    settle(p)
    assert field.evaluate(SEEN), "the refused field is not on screen"
    assert slot.evaluate(SEEN), "its error is not on screen"
    assert slot.get_attribute("id") in field.get_attribute("aria-describedby").split()
    assert field.get_attribute("aria-invalid") == "true"


# Whether the element is wholly on screen, none of it under the sticky header.
CLEAR = """(el) => {
  const r = el.getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect();
  return r.height > 0 && r.top >= header.bottom && r.bottom <= innerHeight;
}"""


@pytest.mark.parametrize("kind, name", [("cancel", "applied"), ("change", "accepted")])
def test_a_refused_field_half_under_the_header_comes_out_from_under_it(phone, kind, name):
    """The reader scrolled until the field is half under the sticky header
    and pressed 計算する: the field the focus goes to is wholly in sight."""
    p = phone
    open_calculator(p)
    form = FORM.format(kind)
    field = p.locator(f'{form} input[name="{name}"]')
    field.fill(BAD)
    if kind == "change":
        p.locator(f'{form} input[name="item"][value="3"]').check()
    button = p.locator(f"{form} button[type=submit]")
    # The field's top edge 10 px below the screen's top, under the 48 px header.
    field.evaluate("f => scrollBy(0, f.getBoundingClientRect().top - 10)")
    settle(p)
    if not button.evaluate(SEEN):
        button.scroll_into_view_if_needed()
        field.evaluate("f => { const r = f.getBoundingClientRect(); if (r.top > 10) scrollBy(0, r.top - 10); }")
    assert not field.evaluate(CLEAR)
    button.click()
    p.wait_for_function("(el) => document.activeElement === el", arg=field.element_handle(), timeout=3000)
    settle(p)
    assert field.evaluate(CLEAR), field.evaluate("f => f.getBoundingClientRect().top")


def test_enter_in_a_field_leaves_the_focus_in_sight_with_the_answer(open_page):
    """On a desktop, Enter in the change form's first field brings the
    answer into view, which the field cannot share the screen with: the
    focus goes to the button that asks (Enter pressed it), right above the
    answer, so what has the focus is never off screen."""
    p = open_page(viewport={"width": 1280, "height": 800}, fixed_time=at_ten_in_japan(run_today()))
    try:
        open_calculator(p)
        form = FORM.format("change")
        p.locator(f'{form} input[name="item"][value="12"]').check()
        computed(p, "change", items="12")
        field = p.locator(f'{form} input[name="accepted"]')
        field.evaluate("f => f.scrollIntoView({block: 'center'})")
        field.click()
        field.press("Enter")
        key = p.locator(f"{form} [data-output] .kmc-key")
        p.wait_for_function(SEEN, arg=key.element_handle(), timeout=3000)
        settle(p)
        assert p.evaluate(f"() => ({CLEAR})(document.activeElement)"), \
            p.evaluate("document.activeElement.outerHTML.slice(0, 80)")
    finally:
        p.release()


def test_enter_with_no_item_ticked_shows_why_with_the_focus_in_sight(open_page):
    """Enter in the change form's first field with no item ticked: 「変更する
    項目を…選んでください」 is said below the button, far below the field on a
    desktop; it comes into view, and the focus goes to the button Enter
    pressed, right above it."""
    p = open_page(viewport={"width": 1280, "height": 800}, fixed_time=at_ten_in_japan(run_today()))
    try:
        open_calculator(p)
        form = FORM.format("change")
        field = p.locator(f'{form} input[name="accepted"]')
        field.evaluate("f => f.scrollIntoView({block: 'center'})")
        field.click()
        field.press("Enter")
        slot = p.locator(f'{form} [data-error-for="item"]')
        p.wait_for_function("(el) => el.textContent.trim() !== ''", arg=slot.element_handle())
        settle(p)
        assert slot.evaluate(SEEN), "the reason is off screen"
        assert p.evaluate(f"() => ({CLEAR})(document.activeElement)"), \
            p.evaluate("document.activeElement.outerHTML.slice(0, 80)")
    finally:
        p.release()


RULES_JSON = re.compile(r".*/assets/calc/[0-9a-f]{16}/rules\.json$")


def test_the_button_pressed_while_loading_takes_the_focus_once_refused(phone):
    """計算する pressed before the calculator is ready: the refusal that
    comes once it is takes the focus to the field, as it would at once."""
    p = phone
    held = []
    p.route(RULES_JSON, lambda route: held.append(route))
    p.goto("calculator/")
    form = FORM.format("cancel")
    p.wait_for_function(f"() => document.querySelector('{form}').dataset.state === 'loading'"
                        " && document.querySelector('[data-kmc-calc]').dataset.kmcReady", timeout=BOOT_MS)
    field = p.locator(f'{form} input[name="applied"]')
    field.fill(BAD)
    p.locator(f"{form} button[type=submit]").click()
    p.locator(f"{form} [data-output] .kmc-pending").wait_for()
    p.wait_for_function("(n) => n > 0", arg=len(held))
    for route in held:
        route.continue_()
    p.unroute(RULES_JSON)
    p.wait_for_function("(el) => document.activeElement === el", arg=field.element_handle(), timeout=BOOT_MS)
    assert field.evaluate(SEEN)


def test_leaving_a_refused_field_does_not_move_the_focus(phone):
    """Only the button asks for the focus to move: a tick that is refused
    because of the day keeps the focus on the item ticked."""
    p = phone
    open_calculator(p)
    form = FORM.format("change")
    p.locator(f'{form} input[name="accepted"]').fill(BAD)
    box = p.locator(f'{form} input[name="item"][value="7"]')
    box.scroll_into_view_if_needed()
    box.check()
    p.wait_for_function("() => document.querySelector('[data-error-for=\"accepted\"]').textContent.trim() !== ''")
    assert p.evaluate("document.activeElement.name + document.activeElement.value") == "item7"


def test_no_item_leaves_the_focus_at_the_button_where_it_is_said(phone):
    p = phone
    open_calculator(p)
    form = FORM.format("change")
    button = p.locator(f"{form} button[type=submit]")
    button.scroll_into_view_if_needed()
    button.click()
    slot = p.locator(f'{form} [data-error-for="item"]')
    p.wait_for_function("(el) => el.textContent.trim() !== ''", arg=slot.element_handle())
    assert p.evaluate("document.activeElement.type") == "submit"
    assert slot.evaluate(SEEN)


def test_ticks_leave_the_page_where_it_is_and_the_button_shows_the_result(phone):
    """Ticking items one after another on a phone updates the result below
    without pulling the page down to it; 計算する brings it into view, once,
    and leaves the focus on the button."""
    p = phone
    open_calculator(p)
    form = FORM.format("change")
    first = p.locator(f'{form} input[name="item"][value="1"]')
    first.evaluate("b => b.scrollIntoView({block: 'center'})")
    settle(p)
    y = p.evaluate("scrollY")
    ticked = []
    for no in ("1", "2", "3"):
        p.locator(f'{form} input[name="item"][value="{no}"]').check()
        ticked.append(no)
        computed(p, "change", items=",".join(ticked))
        p.clock.run_for(1000)
        settle(p)
        assert p.evaluate("scrollY") == y, f"the page moved on ticking No.{no}"
    key = p.locator(f"{form} [data-output] .kmc-key")
    assert not key.evaluate(SEEN), "the result is already on screen: nothing to show"
    p.locator(f"{form} button[type=submit]").click()
    p.wait_for_function(SEEN, arg=key.element_handle(), timeout=3000)
    settle(p)
    assert key.evaluate(SEEN)
    assert p.evaluate("document.activeElement.type") == "submit"
