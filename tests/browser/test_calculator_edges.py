"""The calculator's edges, in the page with the real engine:
a 送付日 erased in any way, a deadline or an application on a closed day,
the assumptions stated where the answer is, a shared change link opening
at its answer, and dates as people write them.

"Today" is the run's (``KMC_TODAY``, see tests/conftest.py), pinned on the
page clock (Playwright's ``clock.set_fixed_time``): the page prefills it and
sends it with every request, so the engine counts from the same day. Every
date typed is worked out from that today, so the tests hold on any day the
rules' coverage window allows. Every test waits for states, never for time.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from calculators.api import Engine
from guidebuild.rules import build_bundle
from guidebuild.rules import load_rules
from guidebuild.today import today as run_today
from testdates import example_cancel_applied, month_from_now, today_iso
from calcpage import FORM, PHONE, at_ten_in_japan, computed, open_calculator
from waits import painted

WEEKDAYS = "月火水木金土日"


def days_from_today(days: int) -> str:
    return (run_today() + dt.timedelta(days=days)).isoformat()


def ja(day: dt.date) -> str:
    """「2027年1月8日(金)」, written out here rather than by the engine's formatter."""
    return f"{day.year}年{day.month}月{day.day}日({WEEKDAYS[day.weekday()]})"


def month_after(day: dt.date, months: int = 1) -> dt.date:
    """The first of the month ``months`` after ``day``'s."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def closed_cutoff_day() -> dt.date:
    """The first cut-off day (the 10th) after this month's that falls on a
    Saturday or a Sunday: a closed day that is still to come."""
    month = month_after(run_today())
    while month.replace(day=10).weekday() < 5:
        month = month_after(month)
    return month.replace(day=10)


def friday_before(day: dt.date) -> dt.date:
    """The Friday before a weekend day. On the 8th or 9th of a month, as here,
    that Friday is a business day: no national holiday falls on a Friday
    8th or 9th, and the year-end closure is 12-29..01-03."""
    return day - dt.timedelta(days=day.weekday() - 4)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(build_bundle(load_rules()))


@pytest.fixture
def calc(open_page):
    p = open_page(fixed_time=at_ten_in_japan(run_today()))
    p.context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        yield p
    finally:
        p.release()


def error_shown(p, field):
    p.wait_for_function("(f) => document.querySelector(`[data-error-for=\"${f}\"]`).textContent", arg=field)


def hook(p, kind, name):
    return p.get_attribute(f'{FORM.format(kind)} [data-output] time[data-result="{name}"]', "datetime")


# --- §1 a 送付日 erased in any way -------------------------------------------

ERASE = {
    "select-all-backspace": ["ControlOrMeta+a", "Backspace"],
    "select-all-delete": ["ControlOrMeta+a", "Delete"],
    "cut": ["ControlOrMeta+a", "ControlOrMeta+x"],
}


@pytest.mark.parametrize("how", ERASE, ids=list(ERASE))
def test_erasing_the_sent_day_gives_the_acceptance_day_back(calc, engine, how):
    p = calc
    open_calculator(p)
    form = p.locator(FORM.format("change"))
    accepted, sent = form.locator('input[name="accepted"]'), form.locator('input[name="sent"]')
    # The reader's own acceptance day (not the prefilled today), a later sent
    # day (a business day, so the acceptance day shows it unmoved), and another
    # acceptance day typed afterwards.
    own, typed = days_from_today(-4), days_from_today(-3)
    sent_day = engine.calendar.on_or_after(dt.date.fromisoformat(days_from_today(3))).isoformat()
    form.locator('input[name="item"][value="1"]').check()
    accepted.fill(own)
    accepted.press("Tab")
    computed(p, "change", accepted=own)
    sent.click()
    p.keyboard.type(sent_day)
    # The sent day is shown in the acceptance day, locked, and counted from.
    computed(p, "change", sent=sent_day)
    assert (accepted.input_value(), accepted.evaluate("e => e.readOnly")) == (sent_day, True)
    # Its description says why it cannot be typed in, and how to undo that.
    described = accepted.evaluate("""(e) => e.getAttribute('aria-describedby').split(' ')
      .map((id) => document.getElementById(id)?.textContent || '').join(' ')""")
    assert "送付日を入れている間は送付日と同じ日（休業日なら翌営業日）になり" in described and "送付日を消すと" in described
    for key in ERASE[how]:
        p.keyboard.press(key)
    assert sent.input_value() == ""
    # Back at once, editable, with the reader's own day: not after leaving the field.
    p.wait_for_function("""(own) => {
      const a = document.querySelector('form[data-calculator="change"] input[name="accepted"]');
      return !a.readOnly && a.value === own;
    }""", arg=own)
    assert p.evaluate("document.activeElement.name") == "sent"
    # Typing in it works, and 「計算する」 counts from what it shows.
    accepted.click()
    p.keyboard.press("ControlOrMeta+a")
    p.keyboard.type(typed)
    assert accepted.input_value() == typed
    form.locator('button[type="submit"]').click()
    computed(p, "change", accepted=typed, sent="")
    want = engine.run({"calculator": "change", "accepted": typed, "items": [1]})["result"]
    assert hook(p, "change", "accepted") == typed
    assert hook(p, "change", "start") == want["start"]
    p.rec.assert_clean()


def test_a_sent_day_typed_without_a_year_is_followed_at_once(calc, engine):
    """「1228」 typed as the 送付日, before any item is ticked: the acceptance
    day shows it and is locked at once, as the hint says, not only once a
    result has read the year; the result then shows the day read in both."""
    p = calc
    open_calculator(p)
    form = p.locator(FORM.format("change"))
    accepted, sent = form.locator('input[name="accepted"]'), form.locator('input[name="sent"]')
    day = run_today() + dt.timedelta(days=3)
    sent.click()
    p.keyboard.type(f"{day:%m%d}")
    sent.press("Tab")
    assert (accepted.input_value(), accepted.evaluate("e => e.readOnly")) == (f"{day:%m%d}", True)
    form.locator('input[name="item"][value="1"]').check()
    computed(p, "change", sent=day.isoformat())
    counted = engine.run({"calculator": "change", "sent": day.isoformat(), "items": [1],
                          "today": today_iso()})["result"]["effective_accepted"]
    assert (sent.input_value(), accepted.input_value(), accepted.evaluate("e => e.readOnly")) == \
        (day.isoformat(), counted, True)
    # Erased, the prefilled day is back, editable.
    sent.click()
    p.keyboard.press("ControlOrMeta+a")
    p.keyboard.press("Backspace")
    assert (accepted.input_value(), accepted.evaluate("e => e.readOnly")) == (today_iso(), False)
    p.rec.assert_clean()


def test_a_sent_day_on_a_closed_day_shows_the_acceptance_day_it_is_counted_as(open_page, engine):
    """A 送付日 on a Saturday is counted as accepted on the next business day:
    once computed, the locked 受付受理日 shows that day, as the result says,
    not the Saturday a reader would copy from it, and keeps showing it while
    the next result (another item ticked) is on its way."""
    # Its own context: the engine's answers are held back by a route on it.
    p = open_page(fixed_time=at_ten_in_japan(run_today()), fresh=True)
    try:
        open_calculator(p)
        saturday = run_today() + dt.timedelta(days=(5 - run_today().weekday()) % 7 or 7)
        form = p.locator(FORM.format("change"))
        accepted, sent = form.locator('input[name="accepted"]'), form.locator('input[name="sent"]')
        form.locator('input[name="item"][value="1"]').check()
        sent.fill(saturday.isoformat())
        sent.press("Tab")
        computed(p, "change", sent=saturday.isoformat())
        counted = engine.run({"calculator": "change", "sent": saturday.isoformat(), "items": [1],
                              "today": today_iso()})["result"]["effective_accepted"]
        assert counted > saturday.isoformat()
        assert (accepted.input_value(), accepted.evaluate("e => e.readOnly")) == (counted, True)
        assert not form.locator("[data-output]").evaluate("o => o.hasAttribute('data-stale')")
        held = []
        p.context.route("**/__kmc_engine__", lambda route: held.append(route))
        with p.context.expect_event("request", predicate=lambda r: r.url.endswith("/__kmc_engine__")):
            form.locator('input[name="item"][value="2"]').check()
        for _ in range(100):  # each call to the browser lets the route's handler run
            if held:
                break
            p.evaluate("0")
        assert held, "the engine was not asked"
        # The new result is on its way: the field still shows the counted day.
        assert accepted.input_value() == counted
        for route in held:
            route.continue_()
        p.context.unroute("**/__kmc_engine__")
        computed(p, "change", sent=saturday.isoformat(), items="1,2")
        assert accepted.input_value() == counted
        p.rec.assert_clean()
    finally:
        p.release()


# --- §2 a deadline or an application on a closed day ---------------------------

def test_deadline_on_a_closed_day_keeps_the_rule_and_reminds_on_the_business_day(calc, engine):
    p = calc
    open_calculator(p)
    # Hand-worked: the deadline for a last usage month is the cut-off day
    # (the 10th) of the month before it; on a weekend, the reminder goes to
    # the Friday before.
    deadline = closed_cutoff_day()
    practical = friday_before(deadline)
    last = month_after(deadline).strftime("%Y-%m")
    field = p.locator(f'{FORM.format("deadline")} input[name="last_usage_month"]')
    field.fill(last)
    field.press("Tab")
    computed(p, "deadline", last_usage_month=last)
    want = engine.run({"calculator": "deadline", "last_usage_month": last, "today": today_iso()})["result"]
    assert (want["deadline"], want["practical_deadline"]) == (deadline.isoformat(), practical.isoformat())
    assert hook(p, "deadline", "deadline") == deadline.isoformat()
    assert hook(p, "deadline", "practical_deadline") == practical.isoformat()
    key = p.locator(f'{FORM.format("deadline")} [data-output] .kmc-key')
    assert key.count() == 1 and ja(practical) in key.inner_text()
    with p.expect_download() as info:
        p.click(f'{FORM.format("deadline")} [data-action="ics"]')
    data = open(info.value.path(), "rb").read().decode("utf-8")
    assert f"DTSTART;VALUE=DATE:{practical:%Y%m%d}" in data
    assert info.value.suggested_filename == f"kmc-deadline-{last}.ics"


def test_application_on_a_closed_cutoff_day_is_warned_about(calc, engine):
    p = calc
    open_calculator(p)
    applied = closed_cutoff_day()
    field = p.locator(f'{FORM.format("cancel")} input[name="applied"]')
    field.fill(applied.isoformat())
    field.press("Tab")
    computed(p, "cancel", applied=applied.isoformat())
    want = engine.run({"calculator": "cancel", "applied": applied.isoformat()})["result"]["view"]
    warning = p.locator(f'{FORM.format("cancel")} [data-output] [data-warning="closed"]')
    assert warning.inner_text() == want["warning"]["text"]
    # Hand-worked: received on the next business day, after the cut-off of
    # month N, the last usage month would be N + 2.
    moved = month_after(applied, 2)
    assert f"{moved.year}年{moved.month}月ご利用分" in warning.inner_text()


# --- §3 the assumptions, on the page and where the answer is ------------------

def test_the_page_states_the_assumptions_from_the_rules(calc, engine):
    p = calc
    open_calculator(p)
    listed = p.locator("#assumptions ~ ul").first.locator("li").all_inner_texts()
    assert listed == engine.wording.assumptions.page()
    closures = [c for c in engine.bundle["calendar"]["closures"] if not c["stated_in_seed"]]
    assert closures and all(any(c["name"] in line for line in listed) for c in closures)
    # The introduction points to them.
    assert p.locator('article a[href="#assumptions"]').count() >= 1


def test_a_result_states_the_assumption_that_set_its_date_and_copies_it(calc, engine):
    p = calc
    open_calculator(p)
    form = p.locator(FORM.format("change"))
    # Hand-worked: accepted on November's last weekday (no holiday falls on
    # it), the 起算日 is December's first business day, so a 翌月適用 item
    # applies from 1 January, not from 1 December.
    accepted = dt.date(run_today().year, 11, 30)
    accepted -= dt.timedelta(days=max(0, accepted.weekday() - 4))
    applies = dt.date(accepted.year + 1, 1, 1)
    form.locator('input[name="item"][value="3"]').check()
    form.locator('input[name="accepted"]').fill(accepted.isoformat())
    form.locator('input[name="accepted"]').press("Tab")
    computed(p, "change", accepted=accepted.isoformat(), items="3")
    want = engine.run({"calculator": "change", "accepted": accepted.isoformat(), "items": [3]})["result"]["view"]
    shown = form.locator('[data-output] [data-result="assumptions"] li').all_inner_texts()
    assert shown == want["assumptions"]["items"] and any(ja(applies) in line for line in shown)
    p.click(f'{FORM.format("change")} [data-action="copy"]')
    p.wait_for_selector(f'{FORM.format("change")} .kmc-action-status:text-is("コピーしました。")')
    copied = p.evaluate("navigator.clipboard.readText()").split("\n")
    assert all(f"  ・{line}" in copied for line in shown)


# --- §4 a shared change link opens at its answer ------------------------------

IN_VIEW = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return false;
  const r = el.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight;
}"""


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}], ids=["phone", "desktop"])
def test_a_shared_change_link_opens_at_the_answer(open_page, viewport):
    p = open_page(viewport=viewport)
    try:
        accepted = example_cancel_applied()[0]
        open_calculator(p, f"calculator/?accepted={accepted}&items=1,9,12#change-result")
        computed(p, "change", accepted=accepted, items="1,9,12")
        key = f'{FORM.format("change")} [data-output] .kmc-key'
        assert p.evaluate(IN_VIEW, key), "the answer is not on the first screen"
        p.rec.assert_clean()
    finally:
        p.release()


ONE_FIELD_LINKS = {
    "cancel": lambda: f"applied={days_from_today(3)}",
    "deadline": lambda: f"last_usage_month={month_from_now(3)}",
    "option": lambda: f"contract_applied={days_from_today(3)}",
}


@pytest.mark.parametrize("kind", ONE_FIELD_LINKS)
def test_a_shared_one_field_link_opens_at_its_section_as_the_contents_do(open_page, kind):
    """A one-field form's result link lands where the contents' link to its
    section does, and the desktop contents mark that section, not the one
    before it."""
    p = open_page(viewport={"width": 1280, "height": 800}, fixed_time=at_ten_in_japan(run_today()))
    try:
        open_calculator(p, f"calculator/#{kind}")
        native = p.evaluate("(id) => document.getElementById(id).getBoundingClientRect().top", kind)
        open_calculator(p, f"calculator/?{ONE_FIELD_LINKS[kind]()}#{kind}-result")
        p.wait_for_function("(k) => document.querySelector(`form[data-calculator='${k}']`).dataset.computedFor", arg=kind)
        landed = p.evaluate("(id) => document.getElementById(id).getBoundingClientRect().top", kind)
        assert abs(landed - native) <= 2, (landed, native)
        p.wait_for_function("""(k) => {
          const a = document.querySelector('.md-sidebar--secondary .md-nav__link--active');
          return a && a.getAttribute('href') === '#' + k;
        }""", arg=kind)
    finally:
        p.release()


# Each result box's empty space under its last line, beyond its own padding
# (0 where there is none, as for a box with no result).
BLANK_UNDER_RESULTS = """() => Object.fromEntries([...document.querySelectorAll('form[data-calculator]')].map((f) => {
  const out = f.querySelector('[data-output]');
  const box = out.getBoundingClientRect();
  const last = Math.max(box.top, ...[...out.children].map((c) => c.getBoundingClientRect().bottom));
  const pad = parseFloat(getComputedStyle(out).paddingBottom);
  return [f.dataset.calculator, Math.max(0, Math.round(box.bottom - last - pad - 16))];
}))"""
HIDDEN = """() => [...document.querySelectorAll('article > *, .md-footer')]
  .filter((el) => getComputedStyle(el).visibility === 'hidden').map((el) => el.tagName + '#' + el.id)"""


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}], ids=["phone", "desktop"])
def test_a_link_with_several_results_stays_at_its_own_section(open_page, viewport):
    """Results above the linked one arrive after the page has landed (the
    change result is taller than the space it had): the linked section stays
    where it landed, as the contents' own link would leave it."""
    p = open_page(viewport=viewport, fixed_time=at_ten_in_japan(run_today()))
    try:
        open_calculator(p, "calculator/#cancel")
        native = p.evaluate("() => document.getElementById('cancel').getBoundingClientRect().top")
        accepted, applied = days_from_today(3), days_from_today(4)
        open_calculator(p, f"calculator/?accepted={accepted}&items=1,7,12&applied={applied}"
                           f"&last_usage_month={month_from_now(3)}#cancel-result")
        computed(p, "change", accepted=accepted, items="1,7,12")
        computed(p, "cancel", applied=applied)
        computed(p, "deadline", last_usage_month=month_from_now(3))
        landed = p.evaluate("() => document.getElementById('cancel').getBoundingClientRect().top")
        assert abs(landed - native) <= 2, (landed, native)
        # Once every result is there, no box keeps empty space at its foot,
        # and nothing of the page is left hidden.
        painted(p)
        assert p.evaluate(BLANK_UNDER_RESULTS) == {"change": 0, "cancel": 0, "deadline": 0, "option": 0}
        assert p.evaluate(HIDDEN) == []
        # Reloaded, it opens there again (not where the page was scrolled to
        # once every result had arrived).
        p.reload()
        p.wait_for_selector(f'{FORM.format("change")}[data-state="ready"]')
        computed(p, "change", accepted=accepted, items="1,7,12")
        computed(p, "cancel", applied=applied)
        computed(p, "deadline", last_usage_month=month_from_now(3))
        landed = p.evaluate("() => document.getElementById('cancel').getBoundingClientRect().top")
        assert abs(landed - native) <= 2, ("reloaded", landed, native)
    finally:
        p.release()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}], ids=["phone", "desktop"])
def test_a_refused_forms_address_reloaded_opens_at_that_form(open_page, viewport):
    """A result above, then a refusal in the deadline form: the address
    keeps the result and names the refused form; reloaded, the page opens
    at that form (as its contents' link does), not where the browser would
    restore a scroll taken before the result above came back."""
    p = open_page(viewport=viewport, fixed_time=at_ten_in_japan(run_today()))
    try:
        open_calculator(p, "calculator/#deadline")
        native = p.evaluate("() => document.getElementById('deadline').getBoundingClientRect().top")
        applied = days_from_today(4)
        cancel = p.locator(f'{FORM.format("cancel")} input[name="applied"]')
        cancel.fill(applied)
        cancel.press("Enter")
        computed(p, "cancel", applied=applied)
        month = p.locator(f'{FORM.format("deadline")} input[name="last_usage_month"]')
        month.fill("あした")
        month.press("Enter")
        error_shown(p, "last_usage_month")
        assert urlsplit(p.url).fragment == "deadline"
        p.reload()
        p.wait_for_selector(f'{FORM.format("change")}[data-state="ready"]')
        computed(p, "cancel", applied=applied)
        painted(p)
        landed = p.evaluate("() => document.getElementById('deadline').getBoundingClientRect().top")
        assert abs(landed - native) <= 2, ("reloaded", landed, native)
    finally:
        p.release()


IN_SIGHT = """(sel) => {
  const r = document.querySelector(sel).getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  return r.top >= header && r.bottom <= innerHeight;
}"""


@pytest.mark.parametrize("kind, field, bad", [("change", "accepted", "2026-02-30"), ("cancel", "applied", "2026-13-01")])
def test_a_shared_link_with_a_refused_day_opens_at_the_field_and_its_error(open_page, kind, field, bad):
    """A link whose day the engine refuses has no result to open at: the
    page shows the field and what is wrong with it, not an empty place."""
    p = open_page(viewport=PHONE)
    try:
        items = "&items=1" if kind == "change" else ""
        p.goto(f"calculator/?{field}={bad}{items}#{kind}-result")
        error_shown(p, field)
        painted(p)
        form = FORM.format(kind)
        assert p.evaluate(IN_SIGHT, f'{form} input[name="{field}"]')
        assert p.evaluate(IN_SIGHT, f'[data-error-for="{field}"]')
        # Shown, not focused: a phone's keyboard does not open by itself.
        assert p.evaluate("document.activeElement === document.body")
    finally:
        p.release()


# --- §5 dates as people write them -------------------------------------------

def test_a_day_without_a_year_is_the_nearest_one_and_says_so(open_page):
    # Its own context: the test moves the clock's day.
    p = open_page(fixed_time=at_ten_in_japan(run_today()), fresh=True)
    try:
        open_calculator(p)
        form = p.locator(FORM.format("cancel"))
        field = form.locator('input[name="applied"]')
        # A day still to come, three weeks on.
        day = run_today() + dt.timedelta(days=20)
        field.fill(f"{day.month}/{day.day}")
        field.press("Tab")
        # The field and the address show the day used; the result says which year.
        computed(p, "cancel", applied=day.isoformat())
        assert field.input_value() == day.isoformat()
        assert parse_qs(urlsplit(p.url).query)["applied"] == [day.isoformat()]
        notes = form.locator('[data-output] [data-result="assumptions"] li').all_inner_texts()
        assert any(f"「{day.month}/{day.day}」" in line and ja(day) in line for line in notes), notes
        # The day after, it is yesterday: still that day, not next year's.
        p.clock.set_fixed_time(at_ten_in_japan(day + dt.timedelta(days=1)))
        field.fill(f"{day.month}月{day.day}日")
        field.press("Tab")
        # The same day as before: the result is the one that says what was typed now.
        p.wait_for_function("([sel, typed]) => [...document.querySelectorAll(sel)].some((li) => li.textContent.includes(typed))",
                            arg=[f'{FORM.format("cancel")} [data-output] [data-result="assumptions"] li', f"「{day.month}月{day.day}日」"])
        computed(p, "cancel", applied=day.isoformat())
        # More than half a year before it, the one a year earlier is nearer.
        p.clock.set_fixed_time(at_ten_in_japan(day - dt.timedelta(days=200)))
        field.fill(f"{day.month:02d}{day.day:02d}")
        field.press("Tab")
        earlier = day.replace(year=day.year - 1).isoformat()
        computed(p, "cancel", applied=earlier)
        assert field.input_value() == earlier
    finally:
        p.release()


def test_the_year_a_day_was_read_with_stays_said_when_the_result_is_recomputed(calc):
    """A month and day typed (ten days on), read with the nearest year and
    written back into the field: ticking another item recomputes the result,
    which still says which year was assumed for what the reader typed."""
    p = calc
    open_calculator(p)
    form = p.locator(FORM.format("change"))
    form.locator('input[name="item"][value="1"]').check()
    day = run_today() + dt.timedelta(days=10)
    typed = f"{day.month:02d}{day.day:02d}"
    field = form.locator('input[name="accepted"]')
    field.fill(typed)
    field.press("Tab")
    computed(p, "change", accepted=day.isoformat(), items="1")
    notes = form.locator('[data-output] [data-result="assumptions"] li')
    assert any(f"「{typed}」" in line for line in notes.all_inner_texts())
    form.locator('input[name="item"][value="7"]').check()
    computed(p, "change", accepted=day.isoformat(), items="1,7")
    assert field.input_value() == day.isoformat()
    assert any(f"「{typed}」" in line and ja(day) in line for line in notes.all_inner_texts()), notes.all_inner_texts()
    # Typed over with the very day the field shows, now with its year, the
    # note goes: the reader wrote the year.
    field.click(click_count=3)
    field.press_sequentially(day.isoformat())
    form.locator("button[type=submit]").click()
    p.wait_for_function("(n) => document.querySelectorAll(n).length > 0", arg=f'{FORM.format("change")} [data-output] .kmc-key')
    computed(p, "change", accepted=day.isoformat(), items="1,7")
    p.wait_for_function("([sel, typed]) => ![...document.querySelectorAll(sel)].some((li) => li.textContent.includes(typed))",
                        arg=[f'{FORM.format("change")} [data-output] [data-result="assumptions"] li', f"「{typed}」"])
    # Typed over with another whole date, likewise.
    other = (day + dt.timedelta(days=1)).isoformat()
    field.fill(other)
    field.press("Tab")
    computed(p, "change", accepted=other, items="1,7")
    assert not any(f"「{typed}」" in line for line in notes.all_inner_texts())


def test_digits_alone_are_a_day_or_a_month_and_the_hint_says_so(calc):
    p = calc
    open_calculator(p)
    assert re.search(r"\d{8} や \d{4}（\d+月\d+日）のように数字だけでも", p.inner_text("#calc-accepted-hint"))
    month = month_from_now(3)
    field = p.locator(f'{FORM.format("deadline")} input[name="last_usage_month"]')
    field.fill(month.replace("-", ""))
    field.press("Tab")
    computed(p, "deadline", last_usage_month=month)
    assert field.input_value() == month
    assert parse_qs(urlsplit(p.url).query)["last_usage_month"] == [month]


def test_digits_a_phone_keypad_types_without_a_year(calc):
    """A phone's numeric keypad has no "/": 「1228」 is a month and day (the
    such day nearest to today), 「3」 a month (the next such from today),
    each written back into the field and said in the result."""
    p = calc
    open_calculator(p)
    form = p.locator(FORM.format("cancel"))
    field = form.locator('input[name="applied"]')
    # Yesterday, as a reader types the day a form went out: this year's
    # (the next such would be a year ahead).
    day = run_today() - dt.timedelta(days=1)
    field.fill(f"{day:%m%d}")
    form.locator("button[type=submit]").click()
    computed(p, "cancel", applied=day.isoformat())
    assert field.input_value() == day.isoformat()
    notes = form.locator('[data-output] [data-result="assumptions"] li').all_inner_texts()
    assert any(f"「{day:%m%d}」" in line and ja(day) in line for line in notes), notes
    # A month alone: three months on, in whichever year that falls.
    month = month_after(run_today(), 3)
    deadline = p.locator(FORM.format("deadline"))
    box = deadline.locator('input[name="last_usage_month"]')
    box.fill(str(month.month))
    deadline.locator("button[type=submit]").click()
    computed(p, "deadline", last_usage_month=f"{month:%Y-%m}")
    assert box.input_value() == f"{month:%Y-%m}"
    assert parse_qs(urlsplit(p.url).query)["last_usage_month"] == [f"{month:%Y-%m}"]
    notes = deadline.locator('[data-output] [data-result="assumptions"] li').all_inner_texts()
    assert any(f"「{month.month}」" in line and f"{month.year}年{month.month}月として" in line for line in notes), notes


def test_a_day_typed_with_its_weekday_is_checked_and_left_as_typed_when_wrong(calc):
    """「2026年12月28日(月)」 as an e-mail writes it: a right weekday is read
    and the field shows the day; a wrong one is refused, naming the day's
    weekday, and the field keeps what the reader typed."""
    p = calc
    open_calculator(p)
    form = p.locator(FORM.format("cancel"))
    field = form.locator('input[name="applied"]')
    day = run_today() + dt.timedelta(days=7)
    names = "月火水木金土日"
    wrong = f"{day.year}年{day.month}月{day.day}日({names[(day.weekday() + 1) % 7]})"
    field.fill(wrong)
    form.locator("button[type=submit]").click()
    error_shown(p, "applied")
    assert p.inner_text('[data-error-for="applied"]') == (
        f"曜日が日付と合いません（{day.year}年{day.month}月{day.day}日は{names[day.weekday()]}曜日です）。日付をご確認ください。")
    assert field.input_value() == wrong
    field.fill(f"{day.year}年{day.month}月{day.day}日（{names[day.weekday()]}）")
    form.locator("button[type=submit]").click()
    computed(p, "cancel", applied=day.isoformat())
    assert field.input_value() == day.isoformat()


def test_a_refused_input_takes_its_result_out_of_the_address(calc):
    """The address carries the results on screen: after a refusal the
    form shows no result, so a reload or a shared address does not bring
    back the previous one, and the refused text is never in it."""
    p = calc
    open_calculator(p)
    month = month_from_now(3)
    year = month[:4]
    field = p.locator(f'{FORM.format("deadline")} input[name="last_usage_month"]')
    field.fill(month)
    field.press("Tab")
    computed(p, "deadline", last_usage_month=month)
    assert parse_qs(urlsplit(p.url).query) == {"last_usage_month": [month]}
    for bad in (f"{year}13", f"{year}/13", "あした"):
        field.fill(month)
        field.press("Tab")
        computed(p, "deadline", last_usage_month=month)
        field.fill(bad)
        field.press("Tab")
        error_shown(p, "last_usage_month")
        p.wait_for_function("() => !location.search")
        # No result on screen: the address opens at the form refused.
        assert urlsplit(p.url).fragment == "deadline"
        assert p.locator(f'{FORM.format("deadline")} [data-output]').is_hidden()
    # A bad field is not carried into another result's address either.
    day = days_from_today(3)
    applied = p.locator(f'{FORM.format("cancel")} input[name="applied"]')
    applied.fill(day)
    applied.press("Tab")
    computed(p, "cancel", applied=day)
    query = parse_qs(urlsplit(p.url).query)
    assert query == {"applied": [day]}
    # Refused here while the cancel result stays: the address keeps that
    # result's day, and opens at the form the reader is working on.
    field.fill(month)
    field.press("Tab")
    computed(p, "deadline", last_usage_month=month)
    assert urlsplit(p.url).fragment == "deadline-result"
    field.fill("あした")
    field.press("Tab")
    error_shown(p, "last_usage_month")
    p.wait_for_function("() => !location.search.includes('last_usage_month')")
    assert parse_qs(urlsplit(p.url).query) == {"applied": [day]}
    assert urlsplit(p.url).fragment == "deadline"


def test_a_sent_day_leaves_the_acceptance_day_out_of_the_address(calc):
    """While a 送付日 is given, 受付受理日 shows it, locked: the address
    carries the 送付日 alone, not the prefilled day nobody typed."""
    p = calc
    open_calculator(p)
    form = p.locator(FORM.format("change"))
    sent = days_from_today(3)
    form.locator('input[name="item"][value="1"]').check()
    form.locator('input[name="sent"]').fill(sent)
    form.locator('input[name="sent"]').press("Tab")
    computed(p, "change", sent=sent)
    assert parse_qs(urlsplit(p.url).query) == {"items": ["1"], "sent": [sent]}
    # Erased, the 受付受理日 is the address's again.
    form.locator('input[name="sent"]').fill("")
    form.locator('input[name="sent"]').press("Tab")
    p.wait_for_function("() => new URLSearchParams(location.search).has('accepted')")
    assert "sent" not in parse_qs(urlsplit(p.url).query)


def test_the_ics_file_is_named_after_the_sent_day(calc):
    p = calc
    open_calculator(p)
    form = p.locator(FORM.format("change"))
    sent = days_from_today(3)
    form.locator('input[name="item"][value="1"]').check()
    form.locator('input[name="accepted"]').fill(days_from_today(-4))
    form.locator('input[name="sent"]').fill(sent)
    form.locator('input[name="sent"]').press("Tab")
    computed(p, "change", sent=sent)
    with p.expect_download() as info:
        p.click(f'{FORM.format("change")} [data-action="ics"]')
    assert info.value.suggested_filename == f"kmc-change-{sent}.ics"


@pytest.mark.parametrize("typed", ["slashes", "digits"])
def test_a_result_the_input_no_longer_matches_is_marked_out_of_date(calc, typed):
    """A retyped day not yet complete enough to compute while typing (no
    year: 2/7, 0207) leaves the previous result on screen: it is marked
    out of date, in the page's words, until the new day is computed."""
    p = calc
    open_calculator(p)
    form = p.locator(FORM.format("cancel"))
    field = form.locator('input[name="applied"]')
    old, new = days_from_today(3), dt.date.fromisoformat(days_from_today(40))
    field.fill(old)
    field.press("Tab")
    computed(p, "cancel", applied=old)
    output = form.locator("[data-output]")
    assert output.get_attribute("data-stale") is None
    where = "(o) => { const r = o.getBoundingClientRect(); return [r.top + scrollY, r.height]; }"
    before = output.evaluate(where)
    field.fill(f"{new.month}/{new.day}" if typed == "slashes" else f"{new.month:02d}{new.day:02d}")
    p.wait_for_function("(f) => f.querySelector('[data-output]').hasAttribute('data-stale')",
                        arg=form.element_handle())
    note = output.locator(".kmc-stale")
    assert note.is_visible()
    # The note lies over the result's top: the result and what follows it
    # stay where they were while the reader types.
    assert output.evaluate(where) == before
    over, box = note.bounding_box(), output.bounding_box()
    assert box["y"] <= over["y"] and over["y"] + over["height"] <= box["y"] + box["height"]
    # What shows of the old result below the note is too faint to be taken
    # for the answer to the new input.
    faded = output.evaluate("""(o) => [...o.children].filter((c) => !c.classList.contains('kmc-stale'))
      .map((c) => [Number(getComputedStyle(c).opacity), getComputedStyle(c).filter])""")
    assert faded and all(opacity <= 0.3 and "blur" in blur for opacity, blur in faded), faded
    assert note.inner_text() == p.eval_on_selector('[data-message="stale"]', "t => t.content.textContent")
    # Typed back as it was: the result on screen is the field's again.
    field.fill(old)
    p.wait_for_function("(f) => !f.querySelector('[data-output]').hasAttribute('data-stale')",
                        arg=form.element_handle())
    field.fill(f"{new.month}/{new.day}")
    field.press("Tab")
    computed(p, "cancel", applied=new.isoformat())
    assert output.get_attribute("data-stale") is None and note.count() == 0
