"""The date calculator in the reader's browser, under the site's CSP.

The page's behaviour is tested on one page (``calc``, module scope) whose
worker hands each request to calculators/ on CPython in the test server
(tests/browser/cpython_engine.py); one page on real Pyodide (``calc_pyodide``)
is compared with CPython on many inputs, and the tampered wheel boots real
Pyodide too. Tests that need a cold start or another context open their own.
Dates come from the run's today (KMC_TODAY) and calendar.yaml's examples
(tests/testdates.py).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from calculators.api import Engine
from calculators.wording import version_text
from guidebuild.rules import build_bundle
from guidebuild.rules import load_rules
from testdates import after_coverage, example_accepted, example_cancel_applied, month_from_now, next_year, this_year
from testdates import TodayEngine
from testdates import today_iso as today_in_japan

from waits import after_load

BOOT_MS = 45_000
FORM = 'form[data-calculator="{}"]'


def edge_dates() -> list[str]:
    """The worked examples' days, the first day of the year-end closure and
    the last business day before Golden Week (a holiday on 04-29, then 05-03 to 05-05)."""
    return [*example_cancel_applied(), this_year("12-29"), next_year("04-27")]


# --- helpers --------------------------------------------------------------------

def wait_ready(p, kind="change"):
    p.wait_for_selector(f'{FORM.format(kind)}[data-state="ready"]', timeout=BOOT_MS)


_SET_CHANGE = """([accepted, items]) => {
  const f = document.querySelector('form[data-calculator="change"]');
  delete f.dataset.computedFor;
  for (const e of f.querySelectorAll('[data-error-for]')) e.textContent = '';
  f.elements.namedItem('sent').value = '';
  for (const b of f.querySelectorAll('input[name="item"]')) b.checked = items.includes(Number(b.value));
  const input = f.elements.namedItem('accepted');
  input.value = accepted;
  input.dispatchEvent(new Event('change', {bubbles: true}));
}"""

_SET_ONE = """([kind, name, value]) => {
  const f = document.querySelector(`form[data-calculator="${kind}"]`);
  delete f.dataset.computedFor;
  for (const e of f.querySelectorAll('[data-error-for]')) e.textContent = '';
  const input = f.elements.namedItem(name);
  input.value = value;
  input.dispatchEvent(new Event('change', {bubbles: true}));
}"""

_WAIT_DONE = """([kind, key, value]) => {
  const f = document.querySelector(`form[data-calculator="${kind}"]`);
  const shown = new URLSearchParams(f.dataset.computedFor || '').get(key);
  const error = [...f.querySelectorAll('[data-error-for]')].some((e) => e.textContent);
  return shown === value || error;
}"""

_READ_CHANGE = """() => {
  const f = document.querySelector('form[data-calculator="change"]');
  const err = {};
  for (const e of f.querySelectorAll('[data-error-for]')) if (e.textContent) err[e.dataset.errorFor] = e.textContent;
  if (Object.keys(err).length) return {errors: err};
  const out = f.querySelector('[data-output]');
  const at = (root, r) => root.querySelector(`time[data-result="${r}"]`).getAttribute('datetime');
  const overall = [...out.querySelectorAll('time[data-result]')].filter((t) => !t.closest('[data-item]'));
  const pick = (r) => overall.find((t) => t.dataset.result === r).getAttribute('datetime');
  return {
    earliest: pick('earliest'), latest: pick('latest'), start: pick('start'),
    items: [...out.querySelectorAll('[data-item]')].map((row) => ({
      no: Number(row.dataset.item), earliest: at(row, 'earliest'), latest: at(row, 'latest')})),
    documents: [...out.querySelectorAll('[data-result="documents"] li')].map((li) => li.textContent),
    setting_fee: out.querySelector('[data-result="setting_fee"]').dataset.value === 'true',
    days: [...out.querySelectorAll('.kmc-daylist li')].map((li) => [
      li.querySelector('time').getAttribute('datetime'), li.className.replace('kmc-', '')]),
  };
}"""


def run_change(p, accepted: str, items: list[int]) -> dict:
    p.evaluate(_SET_CHANGE, [accepted, items])
    p.wait_for_function(_WAIT_DONE, arg=["change", "accepted", accepted])
    return p.evaluate(_READ_CHANGE)


def run_one(p, kind: str, name: str, value: str) -> dict:
    p.evaluate(_SET_ONE, [kind, name, value])
    p.wait_for_function(_WAIT_DONE, arg=[kind, name, value])
    return p.evaluate("""(kind) => {
      const f = document.querySelector(`form[data-calculator="${kind}"]`);
      const err = {};
      for (const e of f.querySelectorAll('[data-error-for]')) if (e.textContent) err[e.dataset.errorFor] = e.textContent;
      if (Object.keys(err).length) return {errors: err};
      const got = {};
      for (const t of f.querySelectorAll('[data-output] time[data-result]')) got[t.dataset.result] = t.getAttribute('datetime');
      return got;
    }""", kind)


def view_hooks(view: dict) -> dict:
    """The dates a view's facts carry with a data-result hook, as the page shows them."""
    def flat(segments):
        for seg in segments:
            if isinstance(seg, dict) and "strong" in seg:
                yield from flat(seg["strong"])
            elif isinstance(seg, dict) and seg.get("result"):
                yield seg
    return {seg["result"]: seg["date"] for fact in view["facts"] for seg in flat(fact["value"])}


def expected_change(engine: Engine, accepted: str, items: list[int]) -> dict:
    r = engine.run({"calculator": "change", "accepted": accepted, "items": items})
    if not r["ok"]:
        return {"errors": {r["field"]: r["message"]}}
    x = r["result"]
    return {
        "earliest": x["earliest"], "latest": x["latest"], "start": x["start"],
        "items": [{"no": i["no"], "earliest": i["earliest"], "latest": i["latest"]} for i in x["items"]],
        "documents": x["documents"], "setting_fee": x["setting_fee"],
        # The day list the page shows: the count and any 翌月適用 day after it.
        "days": [[d["date"], d["kind"]] for d in x["view"]["calendar"]["days"]],
    }


def change_cases(engine: Engine) -> list[tuple[str, list[int]]]:
    numbers = [i["no"] for i in engine.bundle["rules"]["changes"]["items"]]
    start, end = (dt.date.fromisoformat(d) for d in engine.info()["coverage"])
    rng = random.Random(20261110)
    cases = []
    for _ in range(30):
        day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
        cases.append((day.isoformat(), sorted(rng.sample(numbers, rng.randint(1, 4)))))
    for day in edge_dates():
        cases += [(day, numbers), (day, [9]), (day, [3, 12])]
    return cases


# --- fixtures --------------------------------------------------------------------

@pytest.fixture(scope="module")
def engine() -> Engine:
    return TodayEngine(build_bundle(load_rules()))


@pytest.fixture(scope="module")
def calc(open_page):
    # A reader far west of Japan: "today" must still be Japan's today.
    p = open_page(timezone_id="America/Los_Angeles")
    p.goto("calculator/")
    wait_ready(p)
    yield p
    p.release()


@pytest.fixture(scope="module")
def calc_pyodide(open_page):
    """The page on real Pyodide, booted once, compared with CPython."""
    p = open_page(pyodide=True, timezone_id="America/Los_Angeles")
    p.goto("calculator/")
    wait_ready(p)
    yield p
    p.release()


# --- tests -----------------------------------------------------------------------

def test_status_shows_the_rules_version_of_the_build(calc, engine):
    assert calc.inner_text("[data-version-text]") == version_text(engine.info()["rules_version"])
    for kind in ("change", "cancel", "deadline", "option"):
        assert calc.get_attribute(FORM.format(kind), "data-state") == "ready"


def test_default_day_is_today_in_japan(calc):
    assert calc.input_value('input[name="accepted"]') == today_in_japan()
    assert calc.input_value('input[name="applied"]') == today_in_japan()


def test_change_results_equal_cpython(calc_pyodide, engine):
    calc = calc_pyodide
    mismatches = []
    for accepted, items in change_cases(engine):
        got = run_change(calc, accepted, items)
        want = expected_change(engine, accepted, items)
        if got != want:
            mismatches.append((accepted, items, got, want))
    assert not mismatches, "\n".join(f"{a} {i}:\n  browser {g}\n  cpython {w}" for a, i, g, w in mismatches[:3])


def test_change_by_real_input_events(calc, engine):
    """Typing and ticking like a reader, for the named edge cases."""
    form = calc.locator(FORM.format("change"))
    for box in form.locator('input[name="item"]').all():
        box.uncheck()
    form.locator('input[name="item"][value="9"]').check()
    form.locator('input[name="item"][value="3"]').check()
    for day in edge_dates():
        form.locator('input[name="accepted"]').fill(day)
        form.locator('input[name="accepted"]').press("Tab")
        calc.wait_for_function(_WAIT_DONE, arg=["change", "accepted", day])
        want = engine.run({"calculator": "change", "accepted": day, "items": [3, 9]})["result"]
        overall = form.locator('[data-output] > dl time[data-result="latest"]')
        assert overall.get_attribute("datetime") == want["latest"]
        row = form.locator('[data-item="9"] time[data-result="earliest"]')
        assert row.get_attribute("datetime") == want["items"][1]["earliest"]


def test_cancel_deadline_and_option_equal_cpython(calc_pyodide, engine):
    calc = calc_pyodide
    start, end = (dt.date.fromisoformat(d) for d in engine.info()["coverage"])
    rng = random.Random(7)
    days = edge_dates() + [(start + dt.timedelta(days=rng.randrange((end - start).days))).isoformat()
                         for _ in range(8)]
    for day in days:
        want = engine.run({"calculator": "cancel", "applied": day})["result"]
        got = run_one(calc, "cancel", "applied", day)
        assert (got["last_usage_month"], got["cancelled_from"]) == (want["last_usage_month"], want["cancelled_from"])
        want = engine.run({"calculator": "option", "applied": day})
        got = run_one(calc, "option", "contract_applied", day)
        if want["ok"]:
            assert (got["option_earliest"], got["option_latest"]) == (want["result"]["earliest"], want["result"]["latest"])
        else:
            assert got == {"errors": {"applied": want["message"]}}
    for month in [month_from_now(-11), month_from_now(0), month_from_now(1), month_from_now(4), day[:7]]:
        want = engine.run({"calculator": "deadline", "last_usage_month": month})
        got = run_one(calc, "deadline", "last_usage_month", month)
        # A deadline gone by shows what an application today gives instead.
        assert got == (view_hooks(want["result"]["view"]) if want["ok"]
                       else {"errors": {"last_usage_month": want["message"]}})
        if want["ok"] and not want["result"]["view"]["warning"]:
            assert got == {"deadline": want["result"]["deadline"]}


@pytest.mark.parametrize("kind, name, value, field", [
    ("change", "accepted", "2026-02-30", "accepted"),     # impossible date
    ("change", "accepted", after_coverage(), "accepted"),  # outside the coverage window
    ("change", "accepted", "あした", "accepted"),
    ("cancel", "applied", "2026-13-01", "applied"),
    ("deadline", "last_usage_month", "2027-13", "last_usage_month"),
    ("option", "contract_applied", "1999-01-04", "applied"),
])
def test_bad_input_message_next_to_the_field(calc, engine, kind, name, value, field):
    if kind == "change":
        calc.evaluate(_SET_CHANGE, [today_in_japan(), [1]])
    got = run_one(calc, kind, name, value)
    request = {"change": {"calculator": "change", "accepted": value, "items": [1]},
               "cancel": {"calculator": "cancel", "applied": value},
               "deadline": {"calculator": "deadline", "last_usage_month": value},
               "option": {"calculator": "option", "applied": value}}[kind]
    want = engine.run(request)
    assert not want["ok"]
    assert got == {"errors": {field: want["message"]}}
    form = calc.locator(FORM.format(kind))
    error_id = form.locator(f'[data-error-for="{field}"]').get_attribute("id")
    input_ = form.locator(f'input[name="{name}"]')
    assert error_id in input_.get_attribute("aria-describedby").split()
    assert input_.get_attribute("aria-invalid") == "true"
    assert form.locator("[data-output]").is_hidden()


def test_no_item_chosen_and_sent_day_errors(calc):
    calc.evaluate(_SET_CHANGE, [today_in_japan(), []])
    # Asking with the button (on a fresh page a date alone says nothing:
    # test_calculator_journeys.py::test_a_date_typed_before_any_item_is_not_an_error).
    calc.click(f'{FORM.format("change")} button[type="submit"]')
    calc.wait_for_function("() => document.querySelector('[data-error-for=\"item\"]').textContent")
    box = calc.locator('input[name="item"][value="1"]')
    assert "calc-item-error" in box.get_attribute("aria-describedby").split()
    assert box.get_attribute("aria-invalid") == "true"
    # A bad 送付日 is reported at the 送付日, which the acceptance day comes from.
    box.check()
    calc.fill('input[name="sent"]', this_year("04-31"))
    calc.press('input[name="sent"]', "Tab")
    calc.wait_for_function("() => document.querySelector('[data-error-for=\"sent\"]').textContent")
    assert this_year("04-31") in calc.inner_text('[data-error-for="sent"]')
    calc.fill('input[name="sent"]', "")
    calc.press('input[name="sent"]', "Tab")


def test_sent_day_derives_the_acceptance_day(calc, engine):
    calc.evaluate(_SET_CHANGE, [this_year("12-01"), [9]])
    calc.fill('input[name="sent"]', this_year("12-29"))
    calc.press('input[name="sent"]', "Tab")
    calc.wait_for_function(_WAIT_DONE, arg=["change", "sent", this_year("12-29")])
    want = engine.run({"calculator": "change", "accepted": this_year("12-29"), "items": [9]})["result"]
    # A closed day (年末年始): the locked field shows the day it is counted as.
    assert calc.input_value('input[name="accepted"]') == want["effective_accepted"] != this_year("12-29")
    assert calc.get_attribute('[data-output] time[data-result="start"]', "datetime") == want["start"]
    calc.fill('input[name="sent"]', "")
    calc.press('input[name="sent"]', "Tab")
    # Clearing the 送付日 gives the reader's own 受付受理日 back.
    calc.wait_for_function(_WAIT_DONE, arg=["change", "sent", ""])
    assert calc.input_value('input[name="accepted"]') == this_year("12-01")
    want = engine.run({"calculator": "change", "accepted": this_year("12-01"), "items": [9]})["result"]
    assert calc.get_attribute('[data-output] time[data-result="start"]', "datetime") == want["start"]
    # An impossible 送付日 keeps its error on its own field and leaves 受付受理日 alone.
    calc.fill('input[name="sent"]', this_year("12-32"))
    calc.press('input[name="sent"]', "Tab")
    calc.wait_for_function("() => document.querySelector('[data-error-for=\"sent\"]').textContent")
    assert calc.inner_text('[data-error-for="accepted"]') == ""
    assert calc.input_value('input[name="accepted"]') == this_year("12-01")
    calc.fill('input[name="sent"]', "")
    calc.press('input[name="sent"]', "Tab")


def copied_link(p, kind: str) -> str:
    p.context.grant_permissions(["clipboard-read", "clipboard-write"])
    p.click(f'{FORM.format(kind)} [data-action="link"]')
    p.wait_for_selector(f'{FORM.format(kind)} .kmc-action-status:text-is("リンクをコピーしました。")')
    return p.evaluate("navigator.clipboard.readText()")


def test_permalink_restores_the_inputs(calc, engine, base_url):
    run_change(calc, example_cancel_applied()[1], [3, 7, 12])
    run_one(calc, "deadline", "last_usage_month", month_from_now(3))
    href = copied_link(calc, "change")
    query = parse_qs(urlsplit(href).query)
    # What is sent to someone is this result alone.
    assert set(query) == {"accepted", "items"}
    assert query["accepted"] == [example_cancel_applied()[1]] and query["items"] == ["3,7,12"]
    # The address bar follows the reader's input and carries every form.
    address = parse_qs(urlsplit(calc.url).query)
    assert address["last_usage_month"] == [month_from_now(3)]
    assert address["accepted"] == [example_cancel_applied()[1]] and address["items"] == ["3,7,12"]
    calc.goto(href)
    wait_ready(calc)
    calc.wait_for_function(_WAIT_DONE, arg=["change", "accepted", example_cancel_applied()[1]])
    assert calc.input_value('input[name="accepted"]') == example_cancel_applied()[1]
    checked = calc.eval_on_selector_all('input[name="item"]:checked', "bs => bs.map(b => Number(b.value))")
    assert checked == [3, 7, 12]
    assert calc.evaluate(_READ_CHANGE) == expected_change(engine, example_cancel_applied()[1], [3, 7, 12])


# A deliberately strict reader for what the page writes (RFC 5545 subset).
def parse_ics(data: bytes) -> list[dict[str, str]]:
    assert data.endswith(b"\r\n"), "must end with CRLF"
    assert b"\n" not in data.replace(b"\r\n", b""), "bare LF"
    physical = data[:-2].split(b"\r\n")
    for line in physical:
        assert len(line) <= 75, f"line over 75 octets: {line!r}"
    text = data.decode("utf-8")
    logical = text[:-2].replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")
    assert logical[0] == "BEGIN:VCALENDAR" and logical[-1] == "END:VCALENDAR"
    events, stack, current = [], [], None
    props = set()
    for line in logical:
        m = re.fullmatch(r"([A-Z-]+)((?:;[A-Z-]+=[^;:]+)*):(.*)", line)
        assert m, f"not a content line: {line!r}"
        name, params, value = m.groups()
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                current = {}
            elif value == "VALARM":
                assert stack[-2] == "VEVENT", "an alarm belongs to an event"
                current.setdefault("alarms", []).append({})
        elif name == "END":
            assert stack.pop() == value
            if value == "VEVENT":
                events.append(current)
                current = None
        elif stack[-1] == "VALARM":
            current["alarms"][-1][name + params] = value
        elif current is not None:
            current[name + params] = value
        else:
            props.add(name)
    assert not stack and {"VERSION", "PRODID"} <= props
    for event in events:
        assert re.fullmatch(r"\d{8}", event["DTSTART;VALUE=DATE"])
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
        assert event["UID"] and event["SUMMARY"]
    assert len({e["UID"] for e in events}) == len(events)
    return events


def test_ics_has_the_key_dates(calc, engine):
    # One event per day an item is done (No.1's and No.7's days differ),
    # named with the service and the items; the words are the engine's.
    run_change(calc, this_year("12-29"), [1, 7])
    with calc.expect_download() as info:
        calc.click(f'{FORM.format("change")} [data-action="ics"]')
    events = parse_ics(open(info.value.path(), "rb").read())
    want = engine.run({"calculator": "change", "accepted": this_year("12-29"), "items": [1, 7]})["result"]
    assert [(e["DTSTART;VALUE=DATE"], e["SUMMARY"]) for e in events] == [
        (x["date"].replace("-", ""), x["summary"]) for x in want["view"]["events"]]
    service = engine.bundle["rules"]["guide"]["service"]
    assert len(events) == 2 and events[-1]["DTSTART;VALUE=DATE"] == want["latest"].replace("-", "")
    assert all(service in e["SUMMARY"] for e in events) and "No.1" in events[0]["SUMMARY"] \
        and "No.7" in events[1]["SUMMARY"] and not any("alarms" in e for e in events)
    # A deadline reminds the reader ahead of it, at 9:00 in Japan on the
    # business day the engine chose, in the engine's words.
    month = month_from_now(3)
    run_one(calc, "deadline", "last_usage_month", month)
    with calc.expect_download() as info:
        calc.click(f'{FORM.format("deadline")} [data-action="ics"]')
    [event] = parse_ics(open(info.value.path(), "rb").read())
    [wanted] = engine.run({"calculator": "deadline", "last_usage_month": month})["result"]["view"]["events"]
    assert event["alarms"] == [{"ACTION": "DISPLAY", "TRIGGER;VALUE=DATE-TIME": f"{day.replace('-', '')}T000000Z",
                                "DESCRIPTION": event["SUMMARY"]} for day in wanted["reminders"]]
    assert len(event["alarms"]) == 2
    # The reader is told what the file will do.
    status = calc.locator(f'{FORM.format("deadline")} .kmc-action-status')
    assert status.inner_text().endswith(wanted["note"])
    run_one(calc, "cancel", "applied", example_cancel_applied()[1])
    with calc.expect_download() as info:
        calc.click(f'{FORM.format("cancel")} [data-action="ics"]')
    events = parse_ics(open(info.value.path(), "rb").read())
    want = engine.run({"calculator": "cancel", "applied": example_cancel_applied()[1]})["result"]
    assert want["cancelled_from"].replace("-", "") + "01" in {e["DTSTART;VALUE=DATE"] for e in events}


def test_past_deadline_is_marked_and_offers_no_ics(calc, engine):
    # This month as the last usage month: its deadline (the 10th of the
    # month before) has always passed, whatever day the test runs.
    month = today_in_japan()[:7]
    got = run_one(calc, "deadline", "last_usage_month", month)
    want = engine.run({"calculator": "deadline", "last_usage_month": month})["result"]
    # Instead of the dead deadline: what an application received today gives.
    soonest = engine.cancellation.from_applied(dt.date.fromisoformat(today_in_japan()))
    again = engine.cancellation.deadline_for(soonest.last_usage_month)
    # On a closed day (e.g. 10 January 2028, 成人の日) that deadline comes with
    # the last business day before it.
    practical = {"soonest_practical_deadline": again.practical.isoformat()} if again.practical else {}
    assert got == {"soonest_last_usage_month": soonest.last_usage_month.iso(),
                   "soonest_deadline": again.deadline.isoformat(),
                   "soonest_cancelled_from": soonest.cancelled_from.iso(), **practical}
    form = calc.locator(FORM.format("deadline"))
    warning = form.locator('[data-output] [data-warning="past"]')
    assert warning.inner_text() == want["view"]["warning"]["text"]
    # The reminder on offer is the soonest month's deadline, still ahead.
    assert form.locator('[data-action="ics"]').is_visible()
    today = dt.date.fromisoformat(today_in_japan())
    due = again.practical if again.practical and again.practical >= today else again.deadline
    assert [e["date"] for e in want["view"]["events"]] == [due.isoformat()]
    assert want["deadline"] not in [t.get_attribute("datetime") for t in form.locator("[data-output] .kmc-facts time").all()]
    assert "解約申込書" in form.locator('[data-output] [data-result="documents"]').inner_text(), "the form is still to send"
    run_one(calc, "deadline", "last_usage_month", month_from_now(3))
    assert form.locator('[data-warning]').count() == 0
    assert form.locator('[data-action="ics"]').is_visible()


def copied_text(p, kind: str) -> str:
    p.click(f'{FORM.format(kind)} [data-action="copy"]')
    p.wait_for_selector(f'{FORM.format(kind)} .kmc-action-status:text-is("コピーしました。")')
    return p.evaluate("navigator.clipboard.readText()")


def test_copy_as_text(calc, engine):
    # The copied text is the engine's short summary (dates, documents, where
    # to send them, the rules version) line for line; the page adds only the
    # address of the result.
    calc.context.grant_permissions(["clipboard-read", "clipboard-write"])
    cases = [
        ("change", {"calculator": "change", "accepted": this_year("12-29"), "items": [3, 9, 12]}),
        ("cancel", {"calculator": "cancel", "applied": example_cancel_applied()[0]}),
        ("deadline", {"calculator": "deadline", "last_usage_month": month_from_now(3)}),
        ("option", {"calculator": "option", "applied": this_year("12-26")}),
    ]
    for kind, request in cases:
        if kind == "change":
            run_change(calc, request["accepted"], request["items"])
        elif kind == "option":
            run_one(calc, kind, "contract_applied", request["applied"])
        else:
            name = "applied" if kind == "cancel" else "last_usage_month"
            run_one(calc, kind, name, request[name])
        permalink = copied_link(calc, kind)
        want = engine.run(request)["result"]["view"]["copy"]
        copied = copied_text(calc, kind).split("\n")
        assert copied == [*want, permalink], kind
        assert not any("営業日目" in line for line in copied), "the day-by-day list is not copied"


def test_screenshots(calc, screenshot):
    run_change(calc, this_year("12-29"), [3, 9, 12])
    calc.set_viewport_size({"width": 1280, "height": 900})
    calc.locator("#change").scroll_into_view_if_needed()
    screenshot(calc, "calculator-desktop")
    form = calc.locator(FORM.format("change"))
    screenshot(form, "calculator-desktop-change")
    calc.set_viewport_size({"width": 390, "height": 844})
    screenshot(calc, "calculator-390")
    screenshot(form, "calculator-390-change")
    overflow = calc.evaluate("document.querySelector('.md-content').scrollWidth - document.querySelector('.md-content').clientWidth")
    assert overflow <= 1, "the calculator makes the page scroll sideways at 390 px"
    calc.set_viewport_size({"width": 1280, "height": 800})


def test_page_stayed_clean_and_same_origin(calc, calc_pyodide):
    calc.rec.assert_clean()
    calc_pyodide.rec.assert_clean()
    calc = calc_pyodide
    assert any("/assets/pyodide/" in u and u.endswith(".wasm") for u in calc.rec.requests)
    # Booted from the snapshot (our package built in) with the rules of this build.
    assert any(re.search(r"/assets/pyodide/[^/]+/snapshot/[0-9a-f]{16}/snapshot\.bin\.gz$", u) for u in calc.rec.requests)
    assert any(re.search(r"/assets/calc/[0-9a-f]{16}/rules\.json$", u) for u in calc.rec.requests)


# --- own contexts ----------------------------------------------------------------

def test_forms_usable_while_loading(open_page, engine):
    p = open_page()
    # Hold the rules bundle (the worker fetches it first and needs it last),
    # so the engine is still loading while the reader types, however fast the
    # boot is; it was a race against Playwright's own steps.
    rules_json = re.compile(r"/assets/calc/[0-9a-f]{16}/rules\.json$")
    held = []
    p.route(rules_json, lambda route: held.append(route))
    try:
        p.goto("calculator/", wait_until="domcontentloaded")
        form = p.locator(FORM.format("change"))
        form.locator('input[name="item"][value="12"]').check()
        form.locator('input[name="accepted"]').fill(next_year("04-27"))
        form.locator('input[name="accepted"]').press("Tab")
        # Still loading, and said next to the form, not only in the status box above.
        state, pending = form.evaluate("""f => [f.dataset.state,
          Boolean(f.querySelector('[data-output]:not([hidden]) .kmc-pending'))]""")
        assert (state, pending) == ("loading", True)
        assert p.locator("[data-status-text]").inner_text()
        for route in held:
            route.continue_()
        p.unroute(rules_json)
        wait_ready(p)
        p.wait_for_function(_WAIT_DONE, arg=["change", "accepted", next_year("04-27")])
        assert p.evaluate(_READ_CHANGE) == expected_change(engine, next_year("04-27"), [12])
        p.rec.assert_clean()
    finally:
        p.release()


def test_each_form_has_one_polite_live_summary(calc, engine):
    """The key date or the error is announced, not the whole table."""
    for kind in ("change", "cancel", "deadline", "option"):
        live = calc.locator(f'{FORM.format(kind)} [aria-live]')
        assert live.count() == 1 and live.get_attribute("aria-live") == "polite"
    run_change(calc, this_year("11-30"), [7])
    want = engine.run({"calculator": "change", "accepted": this_year("11-30"), "items": [7]})["result"]["view"]["summary"]
    assert calc.inner_text(f'{FORM.format("change")} [data-summary]') == want
    got = run_one(calc, "cancel", "applied", "2026-13-01")
    assert calc.inner_text(f'{FORM.format("cancel")} [data-summary]') == got["errors"]["applied"]


def test_unparsed_input_is_quoted_as_typed(calc):
    """「12/32」 comes back as 「12/32」, not as the page's rewrite
    (「12/1」 is a day without a year: test_calculator_edges.py)."""
    calc.evaluate(_SET_CHANGE, [today_in_japan(), [1]])
    calc.wait_for_function(_WAIT_DONE, arg=["change", "accepted", today_in_japan()])
    calc.fill('input[name="accepted"]', "12/32")
    calc.press('input[name="accepted"]', "Tab")
    calc.wait_for_function("() => document.querySelector('[data-error-for=\"accepted\"]').textContent")
    assert "「12/32」" in calc.inner_text('[data-error-for="accepted"]')
    assert calc.input_value('input[name="accepted"]') == "12/32"
    run_change(calc, today_in_japan(), [1])


_LEGEND_LINES = """() => {
  // Each legend entry (swatch and its words) must sit on one line.
  const legend = document.querySelector('form[data-calculator="change"] .kmc-legend');
  const line = parseFloat(getComputedStyle(legend).lineHeight);
  const heights = [];
  for (const swatch of legend.querySelectorAll('span[class^="kmc-"]:not([class*="legend"])')) {
    let words = swatch.nextSibling;
    while (words && words.nodeType !== Node.TEXT_NODE) words = words.nextSibling;
    const range = document.createRange();
    range.setStartBefore(swatch);
    range.setEnd(words, words.textContent.length);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    const top = Math.min(...rects.map((r) => r.top));
    const bottom = Math.max(...rects.map((r) => r.bottom));
    heights.push([words.textContent.trim(), (bottom - top) / line]);
  }
  return heights;
}"""


def test_legend_entries_do_not_wrap_on_a_phone(calc):
    """No 「休業/日」 at 390 px."""
    run_change(calc, this_year("12-25"), [7])
    calc.set_viewport_size({"width": 390, "height": 844})
    try:
        heights = calc.evaluate(_LEGEND_LINES)
    finally:
        calc.set_viewport_size({"width": 1280, "height": 800})
    # Four kinds of day, and the completion window's frame when the month shows it.
    assert len(heights) >= 4, heights
    assert all(h < 1.5 for _, h in heights), heights


def test_the_day_list_numbers_the_days_once(calc):
    """Each line of 「1日ずつの説明」 says its own count (「8営業日目」); the
    list shows no second numbering before it."""
    form = 'form[data-calculator="change"]'
    run_change(calc, example_accepted(), [7])
    calc.locator(f"{form} .kmc-daylist > summary").click()
    first = calc.locator(f"{form} .kmc-daylist li").first
    assert first.is_visible()
    assert first.evaluate("(li) => getComputedStyle(li).listStyleType") == "none"
    assert calc.evaluate("() => [...document.querySelectorAll('form[data-calculator=\"change\"] .kmc-daylist li')]"
                         ".some((li) => /\\d+営業日目/.test(li.textContent))")


def test_the_calculator_page_has_no_back_to_top_button(calc, open_page):
    """The theme's back-to-top button, shown at the top of the screen when
    the reader scrolls up, would lie over a form's field there; guide pages
    keep it."""
    calc.set_viewport_size({"width": 390, "height": 844})
    calc.evaluate("() => scrollTo(0, 0)")
    calc.mouse.wheel(0, 3000)
    calc.wait_for_function("() => scrollY > 2000")
    down = calc.evaluate("() => scrollY")
    calc.mouse.wheel(0, -400)
    calc.wait_for_function("(down) => scrollY < down", arg=down)
    assert calc.locator(".md-top").evaluate("(b) => getComputedStyle(b).display") == "none"
    guide = open_page()
    try:
        guide.goto("business-days/")
        assert guide.locator(".md-top").evaluate("(b) => getComputedStyle(b).display") != "none"
    finally:
        guide.release()


def test_the_grid_rings_each_items_own_day_and_says_which_weeks_it_leaves_out(calc, engine):
    """With several items, each item's own completion day is ringed in the
    grid and titled as the engine words it; the weeks before a 翌月適用 date
    in which nothing is counted are one row that says so."""
    form = 'form[data-calculator="change"]'
    accepted = example_accepted()
    run_change(calc, accepted, [5, 6])
    cal = engine.run({"calculator": "change", "accepted": accepted, "items": [5, 6]})["result"]["view"]["calendar"]
    expected = [c["label"] for m in cal["months"] for w in m["weeks"] for c in w if c and c.get("due")]
    assert expected[0].endswith("（No.5の完了の目安）")
    assert calc.evaluate(f"() => [...document.querySelectorAll('{form} td.kmc-due')].map((td) => td.title)") == expected
    assert calc.evaluate(f"() => getComputedStyle(document.querySelector('{form} td.kmc-due .kmc-m')).boxShadow") != "none"
    assert calc.locator(f"{form} .kmc-legend").inner_text().count("項目ごとの完了の目安") == 1
    # Early November, No.3 alone: nothing is counted from the week after the
    # 起算日 to the end of the month.
    run_change(calc, this_year("11-02"), [3])
    gap = calc.locator(f"{form} tr.kmc-gap")
    assert gap.count() == 1
    assert gap.inner_text().endswith("11月30日は表示を省略しています（数える日はありません）")
    assert gap.locator("td").get_attribute("colspan") == "7"
    assert calc.locator(f"{form} td.kmc-due").count() == 0


def test_day_list_expander_has_no_pencil_icon(calc):
    """The day-by-day expander is not a note to edit."""
    run_change(calc, this_year("12-25"), [7])
    icons = calc.evaluate("""() => {
      const ours = document.querySelector('form[data-calculator="change"] .kmc-daylist > summary');
      // A plain Material <details> beside it shows the default (pencil) icon.
      const probe = document.createElement('details');
      probe.innerHTML = '<summary>probe</summary>';
      ours.closest('.md-typeset').append(probe);
      const icon = (s) => getComputedStyle(s, '::before').webkitMaskImage || getComputedStyle(s, '::before').maskImage;
      const got = [icon(ours), icon(probe.querySelector('summary'))];
      probe.remove();
      return got;
    }""")
    ours, pencil = icons
    assert pencil not in ("", "none")
    assert ours != pencil


def test_unchanged_page_never_rewrites_the_address(open_page, engine):
    """The page's own "today" results must not replace a shared link."""
    p = open_page()
    try:
        link = f"calculator/?accepted={this_year('11-30')}&items=7#change"
        p.goto(link)
        wait_ready(p)
        p.wait_for_function(_WAIT_DONE, arg=["change", "accepted", this_year("11-30")])
        p.clock.run_for(1000)  # any timer the page set meanwhile has fired
        assert p.url.endswith(link)
        # Only the link's own form was computed: no "today" results of the others.
        assert p.evaluate("[...document.querySelectorAll('form[data-computed-for]')].map((f) => f.dataset.calculator)") \
            == ["change"]
        assert p.evaluate(_READ_CHANGE) == expected_change(engine, this_year("11-30"), [7])
    finally:
        p.release()


def test_no_webassembly_points_to_static_tables(open_page):
    p = open_page()
    try:
        p.add_init_script("delete globalThis.WebAssembly")
        p.goto("calculator/")
        p.wait_for_selector(f'{FORM.format("change")}[data-state="error"]')
        status = p.locator("[data-status-text]")
        unsupported = p.evaluate("document.querySelector('template[data-message=\"unsupported\"]').content.textContent")
        assert unsupported in status.inner_text()
        assert status.locator('a[href="#rules"]').count() == 1
        # The page's head preloads the runtime's files; without WebAssembly no
        # worker starts, so nothing beyond them is fetched (no wheel, no
        # full standard library of a normal boot).
        assert not any(u.endswith(".whl") or u.endswith("/python_stdlib.zip") and "/snapshot/" not in u
                       for u in p.rec.requests)
        p.rec.assert_clean()
    finally:
        p.release()


def test_tampered_wheel_is_refused(open_page):
    """The lock's sha256 is checked by the browser: a swapped wheel never runs."""
    p = open_page(pyodide=True)
    try:
        # The wheel is only fetched on the normal boot (the snapshot has it built in).
        p.context.route(re.compile(r".*/snapshot\.bin\.gz$"), lambda route: route.fulfill(status=404))
        p.context.route(re.compile(r".*/assets/calc/.*\.whl$"),
                        lambda route: route.fulfill(status=200, body=b"PK not the wheel",
                                                    content_type="application/zip"))
        p.goto("calculator/")
        p.wait_for_selector(f'{FORM.format("change")}[data-state="error"]', timeout=BOOT_MS)
        assert "calculators" in p.locator("[data-status-text]").inner_text()
    finally:
        p.release()


def test_without_javascript_the_rules_are_on_the_page(open_page, engine):
    p = open_page(java_script_enabled=False)
    try:
        p.goto("calculator/")
        rows = p.locator('#rules ~ * tr[id^="item-"]')
        assert rows.count() == len(engine.bundle["rules"]["changes"]["items"]) == 13
        cutoff = engine.bundle["rules"]["cancellation"]["cutoff"]["cutoff_day"]
        assert f"毎月{cutoff}日まで" in p.inner_text("article")
        assert p.locator("[data-kmc-calc]").is_hidden()
        assert "JavaScript" in p.inner_text("article")
    finally:
        p.release()


def test_other_pages_do_not_start_python(page):
    page.goto("change/items/")
    after_load(page)
    assert not any("/assets/pyodide/" in u or "worker.mjs" in u for u in page.rec.requests)
    page.rec.assert_clean()


def test_same_result_keeps_the_readers_place_and_the_link_is_current(calc):
    """Leaving a field computes again; an identical result must not replace
    the buttons under a keyboard reader's focus. The copied link is this
    result's, as it is when copied, without the other forms' inputs."""
    run_change(calc, this_year("12-01"), [7])
    calc.locator(f'{FORM.format("change")} [data-action="copy"]').focus()
    calc.evaluate(_SET_CHANGE, [this_year("12-01"), [7]])
    calc.wait_for_function(_WAIT_DONE, arg=["change", "accepted", this_year("12-01")])
    assert calc.evaluate("""() => document.activeElement.dataset.action === 'copy'
      && document.activeElement.closest('form').dataset.calculator === 'change'"""), "focus lost"
    run_one(calc, "deadline", "last_usage_month", month_from_now(5))
    query = parse_qs(urlsplit(copied_link(calc, "change")).query)
    assert query == {"accepted": [this_year("12-01")], "items": ["7"]}
