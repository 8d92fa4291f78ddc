"""The calculator page holds still while it loads.

Layout shifts (PerformanceObserver "layout-shift", buffered, without recent
input) are summed from navigation until the calculator is ready, its first
results are on screen and the page has painted them (waits.painted), at a phone and a desktop width, with
and without a permalink in the URL. The sum is at least the Core Web Vitals
CLS (its largest session window), so the goal CLS <= 0.02 is checked
strictly. Readers without JavaScript get the static rules and no form.
"""

from __future__ import annotations

import re

import pytest

from testdates import after_coverage, example_cancel_applied, month_from_now, this_year
from waits import painted

BOOT_MS = 45_000
MAX_SHIFT = 0.02
PERMALINK = f"calculator/?accepted={example_cancel_applied()[0]}&items=1,9,12#change-result"

# Installed before any page script: records every shift (with what moved,
# to make a failure readable), when the forms become ready and when the
# last result is put on screen.
RECORD = """
window.__layout = {shifts: [], readyAt: null, resultAt: null};
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    window.__layout.shifts.push({t: e.startTime, value: e.value, input: e.hadRecentInput,
      sources: (e.sources || []).map((s) => {
        const n = s.node;
        const name = !n ? '?' : n.nodeType === 1
          ? n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') + (n.className ? '.' + String(n.className).split(' ').join('.') : '')
          : '#text ' + JSON.stringify((n.textContent || '').slice(0, 30));
        const r = (q) => `${Math.round(q.x)},${Math.round(q.y)} ${Math.round(q.width)}x${Math.round(q.height)}`;
        return `${name} ${r(s.previousRect)} -> ${r(s.currentRect)}`;
      })});
  }
}).observe({type: 'layout-shift', buffered: true});
new MutationObserver(() => {
  const l = window.__layout;
  const change = document.querySelector('form[data-calculator="change"]');
  if (change && change.dataset.state === 'ready' && l.readyAt === null) l.readyAt = performance.now();
  if (document.querySelector('form[data-computed-for]')) l.resultAt = performance.now();
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-state', 'data-computed-for']});
"""

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


# Every way a reader arrives: the top, the guide's links to each form, and
# shared links as the page makes them (#<form>-result: the result's space is
# reserved from the first paint; its result is drawn once ready, nothing else is).
ARRIVALS = {
    "plain": ("calculator/", None),
    "change": ("calculator/#change", None),
    "cancel": ("calculator/#cancel", None),
    "deadline": ("calculator/#deadline", None),
    "option": ("calculator/#option", None),
    "permalink": (PERMALINK, ("change", f"accepted={example_cancel_applied()[0]}&sent=&items=1%2C9%2C12")),
    # A month whose deadline has passed: the longer past-deadline result.
    "deadline-link": (f"calculator/?last_usage_month={month_from_now(-1)}#deadline-result",
                      ("deadline", f"last_usage_month={month_from_now(-1)}")),
    "cancel-link": (f"calculator/?applied={this_year('12-15')}#cancel-result", ("cancel", f"applied={this_year('12-15')}")),
}


@pytest.mark.parametrize("arrival", ARRIVALS, ids=list(ARRIVALS))
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_the_page_does_not_shift_while_the_calculator_loads(open_page, viewport, arrival):
    url, shared = ARRIVALS[arrival]
    # The real clock: the fake one replaces performance and requestAnimationFrame,
    # which this test and the page's start after the first paint rely on.
    # The engine is the tests' CPython worker: the page's script, CSS and
    # status texts are what shifts or holds still, not Pyodide.
    p = open_page(viewport=VIEWPORTS[viewport], clock=False)
    try:
        p.add_init_script(RECORD)
        # On the phone the page script arrives late, as on a busy phone: it is
        # held until the page has painted, so only what the HTML, CSS and the
        # tiny inline script in its head (which names a shared link's form on
        # <html> before the first paint) reserve counts.
        held = []
        if viewport == "phone":
            p.route(re.compile(r".*/javascripts/calculator-[0-9a-f]+/calculator\.mjs$"), lambda route: held.append(route))
        p.goto(url, wait_until="commit")
        if viewport == "phone":
            p.wait_for_function("""() => performance.getEntriesByType('paint')
              .some((e) => e.name === 'first-contentful-paint')""")
            p.wait_for_function("() => true")  # a turn of the page's event loop
            assert len(held) == 1, "the page script was requested once"
            held[0].continue_()
        p.wait_for_function("() => window.__layout.readyAt !== null", timeout=BOOT_MS)
        if shared:
            # The shared link's result, and only that, is drawn once ready.
            kind, params = shared
            p.wait_for_function("() => window.__layout.resultAt !== null", timeout=BOOT_MS)
            assert p.evaluate(f"document.querySelector('form[data-calculator=\"{kind}\"]').dataset.computedFor") == params
        painted(p)
        layout = p.evaluate("window.__layout")
        computed = p.evaluate("[...document.querySelectorAll('form[data-computed-for]')].map((f) => f.dataset.calculator)")
        assert computed == ([shared[0]] if shared else []), "a result the reader did not ask for"
        # Nothing was announced that the reader did not ask for.
        announced = p.evaluate("[...document.querySelectorAll('form [data-summary]')].map((s) => s.textContent)")
        assert all(not text for text in announced), announced
        counted = [s for s in layout["shifts"] if not s["input"]]
        total = sum(s["value"] for s in counted)
        assert total <= MAX_SHIFT, (
            f"layout shift {total:.3f} > {MAX_SHIFT} (ready at {layout['readyAt']:.0f} ms):\n"
            + "\n".join(f"  {s['t']:.0f} ms  {s['value']:.4f}  " + "; ".join(s["sources"]) for s in counted))
        p.rec.assert_clean()
    finally:
        p.release()


# The result box (the empty space at its foot, under its last line) and what
# follows its form, as laid out.
BELOW_THE_RESULT = """(kind) => {
  const form = document.querySelector(`form[data-calculator="${kind}"]`);
  const output = form.querySelector('[data-output]');
  const box = output.getBoundingClientRect();
  const content = Math.max(...[...output.children].map((c) => c.getBoundingClientRect().bottom));
  const next = form.nextElementSibling;
  return {blank: box.bottom - content, gap: next.getBoundingClientRect().top - box.bottom,
          nextShown: getComputedStyle(next).visibility === 'visible',
          footerShown: getComputedStyle(document.querySelector('.md-footer')).visibility === 'visible'};
}"""


@pytest.mark.parametrize("arrival", ["cancel-link", "deadline-link"])
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_a_shared_links_short_result_has_the_page_right_under_it(open_page, viewport, arrival):
    """The screen's worth of space a shared link's result is given before it
    arrives is given back once it is there: what follows the form comes
    right under the result (not a blank screen further down), and nothing
    on screen moved for it."""
    url, (kind, _) = ARRIVALS[arrival]
    p = open_page(viewport=VIEWPORTS[viewport], clock=False)
    try:
        p.add_init_script(RECORD)
        p.goto(url)
        p.wait_for_function("() => window.__layout.resultAt !== null", timeout=BOOT_MS)
        painted(p)
        laid = p.evaluate(BELOW_THE_RESULT, kind)
        assert laid["blank"] <= 40 and 0 <= laid["gap"] <= 40, laid
        assert laid["nextShown"] and laid["footerShown"], laid
        counted = [s for s in p.evaluate("window.__layout")["shifts"] if not s["input"]]
        assert sum(s["value"] for s in counted) <= MAX_SHIFT, counted
        p.rec.assert_clean()
    finally:
        p.release()


# The opening paragraph as laid out: its height (so its lines) and the rules
# that decide where its lines break.
INTRO = """() => {
  const el = document.querySelector('article > h1 + p');
  const s = getComputedStyle(el);
  return {height: el.getBoundingClientRect().height, wordBreak: s.wordBreak, textWrap: s.textWrap};
}"""


def test_the_opening_paragraph_wraps_alike_before_the_rest_of_the_page_arrives(open_page):
    """On a slow line the browser paints the top of the page before the rest
    of its HTML has arrived: the opening paragraph is laid out then as it is
    once the whole page is there, so it does not re-wrap and push the page
    down. The first paint is stood for by the page cut just before the
    calculator."""
    p = open_page(viewport=VIEWPORTS["phone"], clock=False)
    try:
        p.goto("calculator/")
        whole = p.evaluate(INTRO)
        assert whole["wordBreak"] == "auto-phrase"

        def first_part(route):
            response = route.fetch()
            text = response.text()
            route.fulfill(response=response, body=text[:text.index("<div data-kmc-calc")])

        p.route(re.compile(r".*/calculator/$"), first_part)
        p.goto("calculator/")
        assert p.locator(".kmc-calc").count() == 0
        assert p.evaluate(INTRO) == whole
    finally:
        p.release()


def test_without_javascript_the_rules_are_there_and_no_dead_form(open_page):
    p = open_page(java_script_enabled=False, viewport=VIEWPORTS["phone"])
    try:
        p.goto(PERMALINK)
        assert p.locator("#rules").is_visible()
        assert p.locator("#rules ~ .kmc-changes table").is_visible(), "the change items table is shown"
        assert p.locator(".kmc-calc-nojs").is_visible(), "the page says why there is no calculator"
        forms = p.locator("form[data-calculator]")
        assert forms.count() == 4
        for i in range(forms.count()):
            assert not forms.nth(i).is_visible(), "a form that cannot compute is not offered"
        assert not p.locator("[data-status]").is_visible()
        assert not p.locator("input[name='accepted']").is_visible()
    finally:
        p.release()


# What the reader asks for while the calculator loads: the form, how it is
# asked (with the keyboard or a tap, as a reader would), and what lies below
# the result that must not move when it arrives.
WAITED = {
    "cancel": ("calculator/#cancel", "cancel", ".admonition.warning"),
    "change": ("calculator/#change", "change", "#cancel"),
}
RULES_JSON = re.compile(r".*/assets/calc/[0-9a-f]{16}/rules\.json$")


@pytest.mark.parametrize("case", WAITED, ids=list(WAITED))
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_a_result_waited_for_moves_nothing_below_it(open_page, viewport, case):
    """A date typed (or an item ticked) while the calculator loads is
    computed once it is ready; that result arrives without moving what is on
    screen below it. The boot is held at the rules download (the worker's
    first request, needed last) until the reader has asked and the form says
    it waits, then let go."""
    url, kind, below = WAITED[case]
    form = f'form[data-calculator="{kind}"]'
    p = open_page(viewport=VIEWPORTS[viewport])
    held = []
    try:
        p.add_init_script(RECORD)
        p.route(RULES_JSON, lambda route: held.append(route))
        p.goto(url)
        p.wait_for_function("() => document.querySelector('[data-status]').dataset.state === 'loading'"
                            " && document.querySelector('[data-kmc-calc]').dataset.kmcReady")
        if kind == "cancel":
            field = p.locator(f'{form} input[name="applied"]')
            field.click(click_count=3)
            field.press_sequentially(this_year("12-15"))
            field.press("Tab")
        else:
            p.locator(f'{form} input[name="item"][value="7"]').check()
        p.locator(f"{form} [data-output] .kmc-pending").wait_for()
        p.wait_for_function("(n) => n > 0", arg=len(held))
        # Where the reader's eye is: what follows the form, as it is now.
        before = p.locator(below).bounding_box()
        scroll = p.evaluate("window.scrollY")
        for route in held:
            route.continue_()
        p.unroute(RULES_JSON)
        p.wait_for_function(f"() => document.querySelector('{form}').dataset.computedFor", timeout=BOOT_MS)
        painted(p)
        layout = p.evaluate("window.__layout")
        counted = [s for s in layout["shifts"] if not s["input"]]
        total = sum(s["value"] for s in counted)
        assert total <= MAX_SHIFT, (
            f"layout shift {total:.3f} > {MAX_SHIFT} (ready at {layout['readyAt']:.0f} ms):\n"
            + "\n".join(f"  {s['t']:.0f} ms  {s['value']:.4f}  " + "; ".join(s["sources"]) for s in counted))
        after = p.locator(below).bounding_box()
        if before["y"] < VIEWPORTS[viewport]["height"] and p.evaluate("window.scrollY") == scroll:
            # Seen before the result came, and the page did not scroll: it is where it was.
            assert after["y"] == pytest.approx(before["y"], abs=1), (before, after)
        p.rec.assert_clean()
    finally:
        p.release()


# A date the engine refuses, typed as a reader types it, while the
# calculator loads and once it is ready: its error is said below the button,
# where the result goes, so the button never moves; while the result box
# holds its space (the date was typed while loading), neither does what
# follows the form. Once ready, the error takes the place a result would.
# The change form (several fields) says a refused day in its hint's place,
# so neither its button nor what follows moves either; its day is refused
# once an item is ticked (a day alone asks for nothing).
BAD_DAY = after_coverage()
WHEN = ("loading", "ready")
# form: (field, its error, what follows the form, an item to tick after
# typing, what follows the field inside the form)
ERRORS = {
    "cancel": ("applied", "calc-applied-error", "form[data-calculator=cancel] + .admonition", None, None),
    "change": ("accepted", "calc-accepted-error", "#cancel", "1", "form[data-calculator=change] .kmc-items"),
}


@pytest.mark.parametrize("kind", ERRORS)
@pytest.mark.parametrize("when", WHEN)
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_an_error_moves_nothing_below_it(open_page, viewport, when, kind):
    form = f'form[data-calculator="{kind}"]'
    name, error_id, after, tick, inside = ERRORS[kind]
    p = open_page(viewport=VIEWPORTS[viewport])
    held = []
    try:
        p.add_init_script(RECORD)
        if when == "loading":
            p.route(RULES_JSON, lambda route: held.append(route))
        p.goto(f"calculator/#{kind}")
        state = "loading" if when == "loading" else "ready"
        p.wait_for_function(f"() => document.querySelector('{form}').dataset.state === '{state}'"
                            " && document.querySelector('[data-kmc-calc]').dataset.kmcReady", timeout=BOOT_MS)
        below = {name: p.locator(sel) for name, sel in
                 (("button", f"{form} button[type=submit]"), ("after the form", after),
                  ("after the field", inside)) if sel}
        before = {what: loc.bounding_box() for what, loc in below.items()}
        scroll = p.evaluate("window.scrollY")
        # The shifts seen so far are the load's (the clock is Playwright's
        # here, so time is told by count, not by performance.now()).
        loaded = p.evaluate("window.__layout.shifts.length")
        field = p.locator(f'{form} input[name="{name}"]')
        field.click(click_count=3)
        field.press_sequentially(BAD_DAY)
        if tick:
            p.locator(f'{form} input[name="item"][value="{tick}"]').check()
        if when == "loading":
            p.locator(f"{form} [data-output] .kmc-pending").wait_for()
            p.wait_for_function("(n) => n > 0", arg=len(held))
            # The form says it waits, in the space its result will take:
            # from here on nothing moves.
            before = {what: loc.bounding_box() for what, loc in below.items()}
            for route in held:
                route.continue_()
            p.unroute(RULES_JSON)
        error = p.locator(f"#{error_id}")
        p.wait_for_function("(id) => document.getElementById(id).textContent.trim()", arg=error_id, timeout=BOOT_MS)
        painted(p)
        # The error is said at its field, which names it as its description.
        assert error.is_visible()
        assert error_id in field.get_attribute("aria-describedby").split()
        assert field.get_attribute("aria-invalid") == "true"
        layout = p.evaluate("window.__layout")
        # Only what the typing and its answer moved counts here: the page's
        # load is the test above's. Once ready, the one-field form's error
        # takes the place a result would, so what follows the form moves down
        # for it, as for a result: the reader's answer, which the browser
        # calls unexpected only when the engine answers 500 ms after the last
        # key, a matter of this machine's load. That form's shifts are left
        # out; its button is still held below.
        answered = when == "ready" and kind == "cancel"
        counted = [] if answered else [s for s in layout["shifts"][loaded:] if not s["input"]]
        total = sum(s["value"] for s in counted)
        assert total <= MAX_SHIFT, (
            f"layout shift {total:.3f} > {MAX_SHIFT}:\n"
            + "\n".join(f"  {s['t']:.0f} ms  {s['value']:.4f}  " + "; ".join(s["sources"]) for s in counted))
        assert p.evaluate("window.scrollY") == scroll
        # And said to a screen reader, politely, once.
        assert p.inner_text(f"{form} [data-summary][aria-live=polite]") == error.inner_text()
        for what, loc in below.items():
            if what == "after the form" and answered:
                continue
            if before[what]["y"] < VIEWPORTS[viewport]["height"]:
                assert loc.bounding_box()["y"] == pytest.approx(before[what]["y"], abs=1), (what, before[what], loc.bounding_box())
        p.rec.assert_clean()
    finally:
        p.release()


# The status box's progress line filled with its longest text, from the
# page's own templates (as status.mjs fills it); then how it is laid out.
LONGEST_PROGRESS = """() => {
  const fill = (name, slots) => {
    const t = document.querySelector(`[data-status] template[data-message="${name}"]`).content.cloneNode(true);
    for (const [slot, value] of Object.entries(slots)) t.querySelector(`[data-slot="${slot}"]`).replaceChildren(value);
    return t;
  };
  const line = document.querySelector('[data-status] [data-progress]');
  const text = line.querySelector('[data-progress-text]');
  const words = fill('percent', {percent: '100'});
  words.append(fill('time-left', {time: fill('seconds', {n: '59'})}));
  text.replaceChildren(words);
  line.toggleAttribute('data-shown', true);
  const bar = line.querySelector('progress').getBoundingClientRect();
  return {cut: text.scrollWidth > text.clientWidth, oneLine: text.getBoundingClientRect().top < bar.bottom - 1};
}"""
# The status box's second line and the text it shows once ready.
READY_LINE = """() => {
  const ready = document.querySelector('[data-status] .kmc-status-ready');
  const r = document.createRange();
  r.selectNodeContents(ready);
  const text = r.getBoundingClientRect();
  return ready.parentElement.getBoundingClientRect().bottom - text.bottom;
}"""


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_the_status_box_is_no_taller_than_its_texts_need(open_page, viewport):
    """The status box's lines hold the room of the longest text they can show,
    so nothing moves when the state changes; the progress bar and its words
    share a line, so once ready the box leaves at most a line empty under
    the rules' version, on a phone as on a desktop. The words are never cut."""
    p = open_page(viewport=VIEWPORTS[viewport])
    held = []
    try:
        p.route(RULES_JSON, lambda route: held.append(route))
        p.goto("calculator/")
        p.wait_for_function("(n) => n > 0", arg=len(held))
        laid = p.evaluate(LONGEST_PROGRESS)
        assert not laid["cut"], laid
        assert laid["oneLine"], laid
        for route in held:
            route.continue_()
        p.unroute(RULES_JSON)
        p.wait_for_function("() => document.querySelector('[data-status]').dataset.state === 'ready'", timeout=BOOT_MS)
        # One line of this size is about 29 px.
        assert p.evaluate(READY_LINE) <= 40
        p.rec.assert_clean()
    finally:
        p.release()


def test_a_shared_link_whose_script_never_runs_hides_nothing(open_page):
    """The page script does not arrive (a dropped connection): the shared
    link's result keeps its space, empty, and all that follows it is there."""
    p = open_page(viewport=VIEWPORTS["phone"])
    try:
        p.route(re.compile(r".*/javascripts/calculator-[0-9a-f]+/calculator\.mjs$"), lambda route: route.abort())
        url, _ = ARRIVALS["cancel-link"]
        p.goto(url)
        hidden = p.evaluate("""() => [...document.querySelectorAll('article > *, article .kmc-calc > :not([data-loading-bar]), .md-footer')]
          .filter((el) => getComputedStyle(el).visibility === 'hidden').map((el) => el.tagName + '.' + el.className)""")
        assert hidden == []
        assert p.evaluate("document.documentElement.dataset.kmcShared") == "cancel"
    finally:
        p.release()
