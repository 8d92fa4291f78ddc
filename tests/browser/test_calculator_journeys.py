"""Three customers, end to end on a 390 x 844 phone screen:
a phone user planning a change of the allowed IP addresses (No.7), a
keyboard and screen-reader user, and a customer who wants to cancel.

One phone-sized context serves them all (clipboard allowed); each journey
opens the page afresh, as its customer would.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from calculators.api import Engine
from guidebuild.rules import build_bundle
from guidebuild.rules import load_rules
from testdates import TodayEngine, this_year
from testdates import today_iso as today_in_japan
from calcpage import FORM, PHONE, computed, open_calculator



@pytest.fixture(scope="module")
def engine() -> Engine:
    return TodayEngine(build_bundle(load_rules()))


@pytest.fixture(scope="module")
def phone(open_page):
    p = open_page(viewport=PHONE)
    p.context.grant_permissions(["clipboard-read", "clipboard-write"])
    yield p
    p.release()


IN_VIEW = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return false;
  const r = el.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight;
}"""

FOCUS_RING = """() => {
  const s = getComputedStyle(document.activeElement);
  return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
}"""


def tab_to(p, selector: str, limit: int = 40) -> None:
    """Press Tab until the focus is on ``selector``, as a keyboard user would."""
    for _ in range(limit):
        p.keyboard.press("Tab")
        if p.evaluate("(s) => document.activeElement.matches(s)", selector):
            assert p.evaluate(FOCUS_RING), f"no visible focus ring on {selector}"
            return
    raise AssertionError(f"{selector} not reached with {limit} Tabs; focus is on "
                         + p.evaluate("document.activeElement.outerHTML.slice(0, 120)"))


def settle(p) -> None:
    """Wait for a (smooth) scroll to end: scrollY unchanged for 300 ms."""
    p.wait_for_function("""() => new Promise((resolve) => {
      const y = scrollY;
      setTimeout(() => resolve(scrollY === y), 300);
    })""", timeout=5000)


def engine_round_trip(p) -> None:
    """Wait until the page's engine has answered a request sent now: the
    worker answers in order (Pyodide runs one request at a time, and so does
    the tests' CPython worker), so whatever the page asked before has been
    answered too."""
    p.evaluate("""async () => {
      const script = document.querySelector('script[type="module"][src*="/calculator-"][src$="/calculator.mjs"]');
      const { currentEngine } = await import(new URL('engine-client.mjs', script.src).href);
      const engine = currentEngine();
      if (engine && engine.state === 'ready') await engine.run({calculator: 'cancel', applied: ''});
    }""")


def clipboard(p) -> str:
    return p.evaluate("navigator.clipboard.readText()")


def test_phone_reader_ticks_no7_and_sees_the_result(phone, engine):
    """A tick updates the result where it is, below the screen; 計算する
    brings it into view once, the focus staying on the button; the page
    computes nothing by itself on load, and never scrolls."""
    p = phone
    open_calculator(p)
    p.clock.run_for(1000)  # whatever the page would do by itself, it has done
    settle(p)
    assert p.evaluate("scrollY") == 0, "the page scrolled by itself on load"
    assert p.locator("form[data-computed-for]").count() == 0, "a result nobody asked for"
    form = p.locator(FORM.format("change"))
    box = form.locator('input[name="item"][value="7"]')
    # The reader scrolls down the list until No.7 is in the middle of the screen, and taps it.
    box.evaluate("b => b.scrollIntoView({block: 'center'})")
    box.click()
    computed(p, "change", items="7")
    key = f'{FORM.format("change")} [data-output] .kmc-key time[data-result="latest"]'
    settle(p)
    assert not p.evaluate(IN_VIEW, key), "the tick pulled the page down to the result"
    assert p.evaluate("document.activeElement.name + document.activeElement.value") == "item7", "focus moved"
    # The button below the list asks for the result, which comes into view.
    form.locator("button[type=submit]").click()
    p.wait_for_function(IN_VIEW, arg=key, timeout=3000)
    settle(p)
    assert p.evaluate(IN_VIEW, key)
    want = engine.run({"calculator": "change", "accepted": today_in_japan(), "items": [7]})["result"]
    assert p.get_attribute(key, "datetime") == want["latest"]
    assert p.evaluate("document.activeElement.type") == "submit", "focus moved"
    # Scrolled once: a second look a moment later finds the page where it was.
    y = p.evaluate("scrollY")
    p.clock.run_for(1000)
    settle(p)
    assert p.evaluate("scrollY") == y
    # The documents and where to send them are in the result.
    send = form.locator('[data-output] [data-result="send"] a[href^="mailto:"]')
    assert send.count() == 1
    assert "グローバルIPアドレス" in form.locator('[data-output] [data-result="documents"]').inner_text()
    # On a phone the items table has no header row: each value shows its
    # column's label, the number's joined to it (「No.7」).
    columns = [c["label"] for c in want["view"]["items"]["columns"]]
    shown = p.evaluate("""() => [...document.querySelectorAll('form[data-calculator="change"] .kmc-calc-items tbody td[data-label]')]
      .map((td) => getComputedStyle(td, '::before').content)""")
    assert shown == [f'"{columns[0]}."', *(f'"{label} "' for label in columns[2:])]
    assert p.evaluate("getComputedStyle(document.querySelector('form[data-calculator=\"change\"] .kmc-calc-items thead')).display") == "none"
    # The documents are a plain list marked 「・」 (silent to assistive tools),
    # not boxes that look like checkboxes.
    marker = p.evaluate("""() => { const li = document.querySelector('form[data-calculator="change"] [data-result="documents"] li');
      return [getComputedStyle(li).listStyleType, getComputedStyle(li, '::before').content]; }""")
    assert marker == ["none", '"\u30fb" / ""']


def test_keyboard_reader_journey(phone, engine):
    """Tab into the change form, type a date, Space on No.7, copy the
    result and its link with Enter; a visible focus ring at every stop."""
    p = phone
    open_calculator(p)
    # From the top of the calculator: the link in its introduction.
    p.focus('article a.kmc-link[href="#rules"]')
    tab_to(p, 'input[name="accepted"]')
    p.keyboard.press("Control+A")
    p.keyboard.type(this_year("11-30").replace("-", "/"))
    tab_to(p, 'input[name="item"][value="7"]')
    p.keyboard.press("Space")
    computed(p, "change", accepted=this_year("11-30"), items="7")
    want = engine.run({"calculator": "change", "accepted": this_year("11-30"), "items": [7]})["result"]["view"]
    # What a screen reader hears: the one-line summary, politely.
    assert p.inner_text(f'{FORM.format("change")} [data-summary][aria-live="polite"]') == want["summary"]
    actions = f'{FORM.format("change")} .kmc-actions'
    tab_to(p, f'{actions} [data-action="copy"]')
    p.keyboard.press("Enter")
    p.wait_for_selector(f'{actions} .kmc-action-status:text-is("コピーしました。")')
    copied = clipboard(p).split("\n")
    assert copied[:-1] == want["copy"]
    tab_to(p, f'{actions} [data-action="link"]')
    p.keyboard.press("Enter")
    p.wait_for_selector(f'{actions} .kmc-action-status:text-is("リンクをコピーしました。")')
    link = urlsplit(clipboard(p))
    assert parse_qs(link.query)["accepted"] == [this_year("11-30")] and parse_qs(link.query)["items"] == ["7"]
    assert link.fragment == "change-result" and copied[-1] == link.geturl()
    # Only the form the reader computed: not the other forms' prefilled today.
    assert set(parse_qs(link.query)) == {"accepted", "items"}
    assert p.evaluate("location.href") == link.geturl(), "the page did not reload or move"


def test_cancelling_customer_journey(phone, engine):
    """Cancel form, then the deadline form with a month already too late:
    the results name 解約申込書 and the desk with its address; the past
    deadline says so, its .ics is the soonest month's; its link carries its
    own month, not the cancel form's day (which the address bar keeps)."""
    p = phone
    open_calculator(p, "calculator/#cancel")
    rules = engine.bundle["rules"]
    form_name = next(d["name"] for d in rules["documents"]["documents"] if d["id"] == "cancellation_form")
    desk = next(c for c in rules["contacts"]["contacts"] if c["id"] == rules["cancellation"]["submit_to"])
    cancel = p.locator(FORM.format("cancel"))
    cancel.locator('input[name="applied"]').fill(this_year("12-15"))
    cancel.locator('input[name="applied"]').press("Tab")
    computed(p, "cancel", applied=this_year("12-15"))
    want = engine.run({"calculator": "cancel", "applied": this_year("12-15")})["result"]
    assert cancel.locator('time[data-result="last_usage_month"]').get_attribute("datetime") == want["last_usage_month"]
    assert form_name in cancel.locator('[data-result="documents"]').inner_text()
    assert cancel.locator(f'[data-result="send"] a[href="mailto:{desk["email"]}"]').count() == 1
    # The fee that may be due (3.1 解約条件) is where the reader sends the form.
    conditions = "".join(rules["cancellation"]["conditions"])
    assert cancel.locator('[data-result="conditions"]').inner_text() == conditions

    deadline = p.locator(FORM.format("deadline"))
    month = today_in_japan()[:7]  # its deadline (in the month before) has always passed
    deadline.locator('input[name="last_usage_month"]').fill(month)
    deadline.locator('input[name="last_usage_month"]').press("Tab")
    computed(p, "deadline", last_usage_month=month)
    past = engine.run({"calculator": "deadline", "last_usage_month": month})["result"]["view"]
    assert deadline.locator('[data-output] [data-warning="past"]').inner_text() == past["warning"]["text"]
    assert deadline.locator('[data-action="ics"]').is_visible()
    assert p.inner_text(f'{FORM.format("deadline")} [data-summary]') == past["summary"]

    later = (dt.date.fromisoformat(month + "-01") + dt.timedelta(days=62)).isoformat()[:7]
    deadline.locator('input[name="last_usage_month"]').fill(later)
    deadline.locator('input[name="last_usage_month"]').press("Tab")
    computed(p, "deadline", last_usage_month=later)
    assert deadline.locator('[data-warning]').count() == 0
    assert form_name in deadline.locator('[data-result="documents"]').inner_text()
    assert deadline.locator(f'[data-result="send"] a[href="mailto:{desk["email"]}"]').count() == 1
    assert deadline.locator('[data-result="conditions"]').inner_text() == conditions
    assert deadline.locator('[data-action="ics"]').is_visible()
    deadline.locator('[data-action="link"]').click()
    deadline.locator('.kmc-action-status:text-is("リンクをコピーしました。")').wait_for()
    query = parse_qs(urlsplit(clipboard(p)).query)
    assert query == {"last_usage_month": [later]}
    assert parse_qs(urlsplit(p.url).query) == {"applied": [this_year("12-15")], "last_usage_month": [later]}


def test_share_button_only_where_the_browser_has_a_share_sheet(open_page):
    """The system share sheet where there is one, nothing otherwise."""
    p = open_page(viewport=PHONE)
    try:
        open_calculator(p)
        p.click(f'{FORM.format("cancel")} button[type="submit"]')
        share = p.locator(f'{FORM.format("cancel")} [data-action="share"]')
        share.wait_for(state="attached")
        assert share.count() == 1
        assert p.evaluate("typeof navigator.share") == "undefined" and share.is_hidden()
        p.add_init_script("navigator.share = async (data) => { window.__shared = data; };")
        open_calculator(p)
        # The form is prefilled with today; one tap asks for its result.
        p.click(f'{FORM.format("cancel")} button[type="submit"]')
        computed(p, "cancel", applied=today_in_japan())
        assert share.is_visible()
        share.click()
        shared = p.wait_for_function("() => window.__shared").json_value()
        assert urlsplit(shared["url"]).fragment == "cancel-result"
        assert parse_qs(urlsplit(shared["url"]).query)["applied"] == [today_in_japan()]
        assert shared["text"] == p.inner_text(f'{FORM.format("cancel")} [data-summary]')
        p.rec.assert_clean()
    finally:
        p.release()


# Records scrollY in the microtask right after a form's result is put on
# screen, i.e. after the page's own scrollIntoView call has returned.
_SCROLL_AT_RESULT = """() => {
  window.__atResult = [];
  const form = document.querySelector('form[data-calculator="change"]');
  new MutationObserver(() => window.__atResult.push(scrollY))
    .observe(form, {attributes: true, attributeFilter: ['data-computed-for']});
}"""


def test_reduced_motion_jumps_instead_of_scrolling_smoothly(open_page):
    """prefers-reduced-motion: the result is in place at once, no animation."""
    p = open_page(viewport=PHONE, reduced_motion="reduce")
    try:
        open_calculator(p)
        p.locator(f'{FORM.format("change")} input[name="item"][value="7"]').check()
        computed(p, "change", items="7")
        p.evaluate(_SCROLL_AT_RESULT)
        button = p.locator(f'{FORM.format("change")} button[type="submit"]')
        # The button at the foot of the screen, the result below it.
        button.evaluate("b => b.scrollIntoView({block: 'end'})")
        before = p.evaluate("scrollY")
        button.click()
        p.wait_for_function("() => window.__atResult.length > 0")
        settle(p)
        [at_result] = p.evaluate("window.__atResult")
        assert at_result == p.evaluate("scrollY") > before, "the jump was animated (or did not happen)"
        assert p.evaluate(IN_VIEW, f'{FORM.format("change")} [data-output] .kmc-key')
    finally:
        p.release()


ITEM_ERROR = f'{FORM.format("change")} [data-error-for="item"]'


def test_a_date_typed_before_any_item_is_not_an_error(open_page):
    """Typing 受付受理日 before ticking an item neither
    complains about the items, nor announces anything, nor scrolls away
    from the field; unticking the last item, or asking with the button, does
    say that an item is needed."""
    p = open_page(viewport=PHONE)
    try:
        open_calculator(p, "calculator/#change")
        field = p.locator(f'{FORM.format("change")} input[name="accepted"]')
        field.click()
        y = p.evaluate("scrollY")
        p.keyboard.press("Control+A")
        p.keyboard.type(this_year("12-01"))
        # Past the typing pause (300 ms), on the page's clock; then a round
        # trip through the engine, so a compute it started has answered.
        p.clock.run_for(1200)
        engine_round_trip(p)
        assert p.inner_text(ITEM_ERROR) == ""
        assert p.inner_text(f'{FORM.format("change")} [data-summary]') == ""
        assert p.evaluate("scrollY") == y, "the page scrolled while the reader typed"
        field.press("Tab")  # leaving the field is not asking either
        p.clock.run_for(600)
        engine_round_trip(p)
        assert p.inner_text(ITEM_ERROR) == ""
        box = p.locator(f'{FORM.format("change")} input[name="item"][value="7"]')
        box.check()
        computed(p, "change", accepted=this_year("12-01"), items="7")
        box.uncheck()
        p.wait_for_function("(s) => document.querySelector(s).textContent !== ''", arg=ITEM_ERROR)
        assert p.inner_text(ITEM_ERROR) == "変更する項目を1つ以上選んでください。"
        p.rec.assert_clean()
        # A fresh page: the button asks, so the missing item is said at once.
        open_calculator(p, "calculator/#change")
        p.click(f'{FORM.format("change")} button[type="submit"]')
        p.wait_for_function("(s) => document.querySelector(s).textContent !== ''", arg=ITEM_ERROR)
    finally:
        p.release()


def test_first_tap_on_copy_after_typing_a_date(phone, engine):
    """Leaving the date field by tapping 結果をコピー (blur
    fires change) neither redraws the result nor moves the page; the status
    is said in the box on screen and the clipboard holds the result."""
    p = phone
    open_calculator(p, "calculator/#change")
    form = p.locator(FORM.format("change"))
    form.locator('input[name="item"][value="7"]').check()
    computed(p, "change", items="7")
    field = form.locator('input[name="accepted"]')
    field.scroll_into_view_if_needed()
    field.click()
    p.keyboard.press("Control+A")
    p.keyboard.type(this_year("12-01"))
    computed(p, "change", accepted=this_year("12-01"), items="7")
    settle(p)
    copy = form.locator('[data-output] [data-action="copy"]')
    copy.evaluate("b => b.scrollIntoView({block: 'center'})")
    settle(p)
    p.evaluate("""() => { window.__redrawn = 0; new MutationObserver(() => window.__redrawn++)
      .observe(document.querySelector('form[data-calculator="change"] [data-output]'), {childList: true}); }""")
    y = p.evaluate("scrollY")
    # The focus is still in the date field: this tap is also its blur.
    assert p.evaluate("document.activeElement.name") == "accepted"
    copy.click()
    status = form.locator('[data-output] .kmc-action-status')
    status.filter(has_text="コピーしました。").wait_for()
    settle(p)
    assert p.evaluate("scrollY") == y, "the page jumped"
    assert p.evaluate("window.__redrawn") == 0, "the result was drawn again"
    assert p.evaluate(IN_VIEW, f'{FORM.format("change")} [data-output] .kmc-action-status')
    want = engine.run({"calculator": "change", "accepted": this_year("12-01"), "items": [7]})["result"]["view"]
    assert clipboard(p).split("\n")[:-1] == want["copy"]
