"""The calculator's edges, in the page with the real engine:
a 送付日 erased in any way, a deadline or an application on a closed day,
the assumptions stated where the answer is, a shared change link opening
at its answer, and dates as people write them.

"Today" is the page clock's (Playwright's ``clock.set_fixed_time``): the
page prefills it and sends it with every request, so the engine counts from
the same day. Every test waits for states, never for time.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from calculators.api import Engine
from guidebuild.rules import build_bundle
from guidebuild.rules import load_rules

BOOT_MS = 45_000
FORM = 'form[data-calculator="{}"]'
JST = dt.timezone(dt.timedelta(hours=9))
# Saturday 5 December 2026, 10:00 in Japan.
TODAY = dt.datetime(2026, 12, 5, 10, 0, tzinfo=JST)
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(build_bundle(load_rules()))


@pytest.fixture
def calc(open_page):
    p = open_page()
    p.clock.set_fixed_time(TODAY)
    p.context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        yield p
    finally:
        p.context.close()


def open_calculator(p, url="calculator/"):
    p.goto(url)
    p.wait_for_selector(f'{FORM.format("change")}[data-state="ready"]', timeout=BOOT_MS)


def computed(p, kind, **params):
    p.wait_for_function("""([kind, params]) => {
      const f = document.querySelector(`form[data-calculator="${kind}"]`);
      const shown = new URLSearchParams(f.dataset.computedFor || '');
      return Object.entries(params).every(([k, v]) => shown.get(k) === v);
    }""", arg=[kind, params])


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
    form.locator('input[name="item"][value="1"]').check()
    accepted.fill("2026-12-01")
    accepted.press("Tab")
    computed(p, "change", accepted="2026-12-01")
    sent.click()
    p.keyboard.type("2026-12-08")
    # The sent day is shown in the acceptance day, locked, and counted from.
    computed(p, "change", sent="2026-12-08")
    assert (accepted.input_value(), accepted.evaluate("e => e.readOnly")) == ("2026-12-08", True)
    for key in ERASE[how]:
        p.keyboard.press(key)
    assert sent.input_value() == ""
    # Back at once, editable, with the reader's own day: not after leaving the field.
    p.wait_for_function("""() => {
      const a = document.querySelector('form[data-calculator="change"] input[name="accepted"]');
      return !a.readOnly && a.value === '2026-12-01';
    }""")
    assert p.evaluate("document.activeElement.name") == "sent"
    # Typing in it works, and 「計算する」 counts from what it shows.
    accepted.click()
    p.keyboard.press("ControlOrMeta+a")
    p.keyboard.type("2026-12-02")
    assert accepted.input_value() == "2026-12-02"
    form.locator('button[type="submit"]').click()
    computed(p, "change", accepted="2026-12-02", sent="")
    want = engine.run({"calculator": "change", "accepted": "2026-12-02", "items": [1]})["result"]
    assert hook(p, "change", "accepted") == "2026-12-02"
    assert hook(p, "change", "start") == want["start"]
    p.rec.assert_clean()


# --- §2 a deadline or an application on a closed day ---------------------------

def test_deadline_on_a_closed_day_keeps_the_rule_and_reminds_on_the_business_day(calc, engine):
    p = calc
    open_calculator(p)
    field = p.locator(f'{FORM.format("deadline")} input[name="last_usage_month"]')
    field.fill("2027-02")
    field.press("Tab")
    computed(p, "deadline", last_usage_month="2027-02")
    want = engine.run({"calculator": "deadline", "last_usage_month": "2027-02", "today": "2026-12-05"})["result"]
    # Hand-worked: the 10th of 2027-01 is a Sunday, the 11th 成人の日: Friday the 8th.
    assert (want["deadline"], want["practical_deadline"]) == ("2027-01-10", "2027-01-08")
    assert hook(p, "deadline", "deadline") == "2027-01-10"
    assert hook(p, "deadline", "practical_deadline") == "2027-01-08"
    key = p.locator(f'{FORM.format("deadline")} [data-output] .kmc-key')
    assert key.count() == 1 and "2027年1月8日(金)" in key.inner_text()
    with p.expect_download() as info:
        p.click(f'{FORM.format("deadline")} [data-action="ics"]')
    data = open(info.value.path(), "rb").read().decode("utf-8")
    assert "DTSTART;VALUE=DATE:20270108" in data
    assert info.value.suggested_filename == "kmc-deadline-2027-02.ics"


def test_application_on_a_closed_cutoff_day_is_warned_about(calc, engine):
    p = calc
    open_calculator(p)
    field = p.locator(f'{FORM.format("cancel")} input[name="applied"]')
    field.fill("2027-01-10")
    field.press("Tab")
    computed(p, "cancel", applied="2027-01-10")
    want = engine.run({"calculator": "cancel", "applied": "2027-01-10"})["result"]["view"]
    warning = p.locator(f'{FORM.format("cancel")} [data-output] [data-warning="closed"]')
    assert warning.inner_text() == want["warning"]["text"]
    assert "2027年3月ご利用分" in warning.inner_text()


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
    form.locator('input[name="item"][value="3"]').check()
    form.locator('input[name="accepted"]').fill("2026-11-30")
    form.locator('input[name="accepted"]').press("Tab")
    computed(p, "change", accepted="2026-11-30", items="3")
    want = engine.run({"calculator": "change", "accepted": "2026-11-30", "items": [3]})["result"]["view"]
    shown = form.locator('[data-output] [data-result="assumptions"] li').all_inner_texts()
    assert shown == want["assumptions"]["items"] and any("2027年1月1日(金)" in line for line in shown)
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
        open_calculator(p, "calculator/?accepted=2026-11-10&items=1,9,12#change-result")
        computed(p, "change", accepted="2026-11-10", items="1,9,12")
        key = f'{FORM.format("change")} [data-output] .kmc-key'
        assert p.evaluate(IN_VIEW, key), "the answer is not on the first screen"
        p.rec.assert_clean()
    finally:
        p.context.close()


# --- §5 dates as people write them -------------------------------------------

def test_a_day_without_a_year_is_the_next_one_and_says_so(calc):
    p = calc
    open_calculator(p)
    form = p.locator(FORM.format("cancel"))
    field = form.locator('input[name="applied"]')
    field.fill("12/28")
    field.press("Tab")
    # The field and the address show the day used; the result says which year.
    computed(p, "cancel", applied="2026-12-28")
    assert field.input_value() == "2026-12-28"
    assert parse_qs(urlsplit(p.url).query)["applied"] == ["2026-12-28"]
    notes = form.locator('[data-output] [data-result="assumptions"] li').all_inner_texts()
    assert any("「12/28」" in line and "2026年12月28日(月)" in line for line in notes), notes
    # From the 29th on, 12月28日 is next year's.
    p.clock.set_fixed_time(TODAY.replace(day=29))
    field.fill("12月28日")
    field.press("Tab")
    computed(p, "cancel", applied="2027-12-28")
    assert field.input_value() == "2027-12-28"


def test_digits_alone_are_a_day_or_a_month_and_the_hint_says_so(calc):
    p = calc
    open_calculator(p)
    assert "20261228" in p.inner_text("#calc-accepted-hint")
    field = p.locator(f'{FORM.format("deadline")} input[name="last_usage_month"]')
    field.fill("202703")
    field.press("Tab")
    computed(p, "deadline", last_usage_month="2027-03")
    assert field.input_value() == "2027-03"
    assert parse_qs(urlsplit(p.url).query)["last_usage_month"] == ["2027-03"]


def test_invalid_input_leaves_the_address_alone(calc):
    p = calc
    open_calculator(p)
    field = p.locator(f'{FORM.format("deadline")} input[name="last_usage_month"]')
    field.fill("2027-03")
    field.press("Tab")
    computed(p, "deadline", last_usage_month="2027-03")
    before = p.url
    for bad in ("202713", "2027/13", "あした"):
        field.fill(bad)
        field.press("Tab")
        error_shown(p, "last_usage_month")
        assert p.url == before, bad
    # A bad field is not carried into another result's address either.
    applied = p.locator(f'{FORM.format("cancel")} input[name="applied"]')
    applied.fill("2026-12-08")
    applied.press("Tab")
    computed(p, "cancel", applied="2026-12-08")
    query = parse_qs(urlsplit(p.url).query)
    assert query == {"applied": ["2026-12-08"]}


def test_the_ics_file_is_named_after_the_sent_day(calc):
    p = calc
    open_calculator(p)
    form = p.locator(FORM.format("change"))
    form.locator('input[name="item"][value="1"]').check()
    form.locator('input[name="accepted"]').fill("2026-12-01")
    form.locator('input[name="sent"]').fill("2026-12-08")
    form.locator('input[name="sent"]').press("Tab")
    computed(p, "change", sent="2026-12-08")
    with p.expect_download() as info:
        p.click(f'{FORM.format("change")} [data-action="ics"]')
    assert info.value.suggested_filename == "kmc-change-2026-12-08.ics"
