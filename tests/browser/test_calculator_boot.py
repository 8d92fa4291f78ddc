"""How the calculator boots in Chromium, under the site's CSP.

From the memory snapshot when it is there and sound (on a GitHub-Pages-like
host, and on one that applies ``_headers``, whose CSP header then also binds
the worker); with the snapshot missing or made for another Pyodide build, the
worker falls back to Pyodide's normal boot and the page still gives CPython's
answers. Other pages load nothing of the calculator. Every page here boots
real Pyodide (``pyodide=True``) on the real clock (``clock=False``: the fake
one replaces ``performance``, which the slow-boot test measures). The
fallbacks that need no browser (not gzip, a corrupt snapshot) are unit tests
of the worker: tests/js/worker.test.mjs.
"""

from __future__ import annotations

import gzip
import hashlib
import re

import pytest

from calculators.api import Engine
from guidebuild.rules import build_bundle, load_rules
from testdates import example_accepted
from waits import after_load

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BOOT_MS = 60_000  # the fallback cases boot twice on a machine shared by six jobs
FORM = 'form[data-calculator="change"]'
PERMALINK = f"calculator/?accepted={example_accepted()}&items=1,9,12#change"
SNAPSHOT_RE = re.compile(r".*/assets/pyodide/[^/]+/snapshot/[0-9a-f]+/snapshot\.bin\.gz$")

_READ = """() => {
  const out = document.querySelector('form[data-calculator="change"] [data-output]');
  const overall = [...out.querySelectorAll('time[data-result]')].filter((t) => !t.closest('[data-item]'));
  return Object.fromEntries(overall.map((t) => [t.dataset.result, t.getAttribute('datetime')]));
}"""


@pytest.fixture(scope="module")
def expected() -> dict:
    result = Engine(build_bundle(load_rules())).run(
        {"calculator": "change", "accepted": example_accepted(), "items": [1, 9, 12]})
    assert result["ok"], result
    return {k: result["result"][k] for k in ("earliest", "latest", "start")}


@pytest.fixture(scope="module")
def snapshot_file(built_site):
    (path,) = built_site.glob("assets/pyodide/*/snapshot/*/snapshot.bin.gz")
    return path


@pytest.fixture
def boot_page(open_page):
    """``boot_page(**context_options)``: a page on real Pyodide and the real clock."""
    pages = []

    def open_(**options):
        pages.append(open_page(pyodide=True, clock=False, **options))
        return pages[-1]

    yield open_
    for p in pages:
        p.release()


def boot_and_compute(p) -> dict:
    """Open the permalink; return how the worker booted and the result shown."""
    p.goto(PERMALINK)
    p.wait_for_selector(f'{FORM}[data-state="ready"]', timeout=BOOT_MS)
    p.wait_for_function("() => document.querySelector('form[data-calculator=\"change\"]').dataset.computedFor")
    (worker,) = [w for w in p.workers if re.search(r"/javascripts/calculator-[0-9a-f]+/worker\.mjs$", w.url)]
    return {"boot": worker.evaluate("() => self.kmcBoot"), "result": p.evaluate(_READ)}


def _ready_from_the_snapshot(p, expected):
    got = boot_and_compute(p)
    assert got["boot"] == {"mode": "snapshot"}
    assert {k: got["result"][k] for k in expected} == expected
    requests = p.rec.requests
    # The snapshot path needs neither the wheel nor Pyodide's full stdlib.
    assert any(SNAPSHOT_RE.match(u) for u in requests)
    assert not [u for u in requests if u.endswith(".whl")]
    assert not [u for u in requests if re.search(r"/assets/pyodide/[^/]+/python_stdlib\.zip$", u)]
    p.rec.assert_clean()


def test_ready_from_the_snapshot(boot_page, expected):
    """As GitHub Pages serves it: gzip on the fly, max-age=600, the CSP only in each page's <meta>."""
    _ready_from_the_snapshot(boot_page(), expected)


def test_ready_from_the_snapshot_on_a_host_that_applies_headers(built_site, serve_site, open_page_on, expected):
    """Where ``_headers`` is applied, its CSP header binds the worker too
    (a <meta> does not): the boot must still need nothing it forbids."""
    with serve_site(built_site, mode="headers", pyodide=True) as host:
        p = open_page_on(host, clock=False)
        try:
            policy = p.goto(PERMALINK).headers.get("content-security-policy", "")
            assert "frame-ancestors 'none'" in policy, "the host did not apply _headers"
            _ready_from_the_snapshot(p, expected)
        finally:
            p.release()


@pytest.mark.parametrize("case", ["missing"])
def test_damaged_snapshot_falls_back_to_a_normal_boot(boot_page, expected, case):
    # "not gzip" and "corrupt" are unit tests of the worker (tests/js/worker.test.mjs):
    # they need no browser, and the normal boot they fall back to is this one.
    p = boot_page()
    fulfil = {"status": 404, "body": b"not found"}
    reason = "HTTP 404"
    p.context.route(SNAPSHOT_RE, lambda route: route.fulfill(content_type="application/gzip", **fulfil))
    got = boot_and_compute(p)
    assert got["boot"]["mode"] == "normal"
    assert reason in got["boot"]["fallback"]
    assert {k: got["result"][k] for k in expected} == expected
    # The fallback is Pyodide's own boot: our wheel, checked against the lock.
    assert any(u.endswith(".whl") for u in p.rec.requests)
    assert not p.rec.page_errors and not p.rec.csp_violations


PACKED_HEADER = 16  # snapshot-pack.mjs: the packed form's own header


def _unpacked(packed: bytes, tmp_path) -> bytes:
    """Pyodide's snapshot from the packed form, unpacked as the worker does."""
    from guidebuild.calculator.snapshot import unpack

    (tmp_path / "packed").write_bytes(packed)
    return unpack(tmp_path / "packed", ROOT / "node_modules" / "pyodide", tmp_path / "raw").read_bytes()


def test_snapshot_of_another_pyodide_build_falls_back(boot_page, expected, snapshot_file, tmp_path):
    """Intact bytes whose sha256 the page vouches for, but made by another
    build of the runtime: Pyodide's own build-id check refuses it."""
    packed = bytearray(gzip.decompress(snapshot_file.read_bytes()))
    raw = bytearray(_unpacked(packed, tmp_path))
    good_sha = hashlib.sha256(raw).hexdigest()
    raw[16:48] = bytes(32)  # Pyodide's header: its 256-bit build id
    packed[PACKED_HEADER + 16:PACKED_HEADER + 48] = bytes(32)  # stored as is after our header
    other_sha = hashlib.sha256(raw).hexdigest()
    assert _unpacked(packed, tmp_path) == raw
    body = gzip.compress(bytes(packed), compresslevel=1)
    p = boot_page()
    def page_vouching_for_it(route):
        response = route.fetch()
        html = response.text()
        assert good_sha in html
        route.fulfill(response=response, body=html.replace(good_sha, other_sha))

    p.context.route(re.compile(r".*/calculator/(\?.*)?$"), page_vouching_for_it)
    p.context.route(SNAPSHOT_RE, lambda route: route.fulfill(status=200, body=body,
                                                             content_type="application/gzip"))
    got = boot_and_compute(p)
    assert got["boot"]["mode"] == "normal"
    assert "build id mismatch" in got["boot"]["fallback"]
    assert {k: got["result"][k] for k in expected} == expected
    assert not p.rec.page_errors and not p.rec.csp_violations


BUNDLE_RE = re.compile(r".*/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")


def test_the_downloads_start_while_the_page_is_parsed(boot_page, expected):
    """The head's script starts the worker: the snapshot is requested while
    the theme's bundle, a parser-blocking script at the end of the body, is
    still held back (so before the page script could run), and once the
    bundle is let through, the page script takes that worker over and
    computes."""
    p = boot_page()
    held = []
    p.context.route(BUNDLE_RE, lambda route: held.append(route))
    # Either may be asked for first (the parser reaches the bundle's tag
    # when it gets there); what matters is that the bundle is not through.
    with p.context.expect_event("request", predicate=lambda r: bool(SNAPSHOT_RE.match(r.url)), timeout=BOOT_MS), \
            p.context.expect_event("request", predicate=lambda r: bool(BUNDLE_RE.match(r.url)), timeout=BOOT_MS):
        p.goto(PERMALINK, wait_until="commit")
    assert p.evaluate("() => document.readyState") == "loading"
    assert len(held) == 1, "the theme's bundle was requested and is held"
    held[0].continue_()
    p.wait_for_selector(f'{FORM}[data-state="ready"]', timeout=BOOT_MS)
    p.wait_for_function("() => document.querySelector('form[data-calculator=\"change\"]').dataset.computedFor")
    workers = [w for w in p.workers if re.search(r"/javascripts/calculator-[0-9a-f]+/worker\.mjs$", w.url)]
    assert len(workers) == 1, "one worker: the page script took the head's over"
    assert workers[0].evaluate("() => self.kmcBoot") == {"mode": "snapshot"}
    shown = p.evaluate(_READ)
    assert {k: shown[k] for k in expected} == expected
    assert not p.rec.page_errors and not p.rec.csp_violations


@pytest.mark.parametrize("path, warm", [("", "none"), ("change/items/", "waiting")])
def test_other_pages_request_nothing_of_the_calculator(open_page, path, warm):
    """Nothing, until a guide page with a calculator button has been idle long
    enough on its clock to warm the calculator up (offline.mjs): that page
    waits in the state "waiting" with nothing requested."""
    page = open_page(service_workers="allow")
    try:
        page.goto(path)
        after_load(page)
        page.locator(f'html[data-kmc-warm="{warm}"]').wait_for(state="attached")
        ours = [u for u in page.rec.requests
                if "/javascripts/calculator-" in u or "/assets/pyodide/" in u or "/assets/calc/" in u]
        assert not ours
        page.rec.assert_clean()
    finally:
        page.release()


# --- a slow or stalled network ------------------------------------------------

def _page_with_stall_limit(p, seconds: int) -> None:
    """The built page with its stall limit (data-boot-timeout-s) lowered, so a
    test need not wait the production 30 s; the page's own texts follow it."""
    def lowered(route):
        response = route.fetch()
        html = response.text()
        assert 'data-boot-timeout-s="30"' in html
        html = html.replace('data-boot-timeout-s="30"', f'data-boot-timeout-s="{seconds}"')
        route.fulfill(response=response, body=html.replace("読み込みが30秒以上", f"読み込みが{seconds}秒以上"))

    p.context.route(re.compile(r".*/calculator/(\?.*)?(#.*)?$"), lowered)


def test_a_stalled_download_is_said_next_to_the_waiting_form(boot_page):
    """The snapshot download never answers: once nothing has progressed for
    the limit, the form the reader ticked says why, where the result would be."""
    p = boot_page(viewport={"width": 390, "height": 844})
    stalled = []
    _page_with_stall_limit(p, 3)
    p.context.route(SNAPSHOT_RE, lambda route: stalled.append(route))  # held, never answered
    p.goto("calculator/#change", wait_until="domcontentloaded")
    p.locator(f'{FORM} input[name="item"][value="7"]').check()
    failed = p.locator(f"{FORM} [data-output] [data-failed]")
    failed.wait_for(timeout=BOOT_MS)
    assert stalled, "the snapshot was requested"
    assert failed.is_visible()
    text = failed.inner_text()
    template = p.evaluate("document.querySelector('template[data-message=\"timeout\"]').content.textContent")
    assert template in text and "3秒" in template
    assert p.get_attribute(FORM, "data-state") == "error"


JARGON = ("Python", "実行環境", "WebAssembly", "Worker", "ワーカー", "エンジン", "ランタイム",
          "Pyodide", "wasm", "パッケージ", "スナップショット", "モジュール")

# Every text the status box and each waiting line show, as they change.
PERCENT = re.compile(r"(\d+)%")
TIME_LEFT = re.compile(r"あと約(\d+)(秒|分)")


RECORD_WAIT = """
window.__wait = [];
const snap = () => {
  const status = document.querySelector('[data-status-text]');
  const line = (sel) => {
    const l = document.querySelector(sel);
    if (!l) return null;
    return {shown: l.hasAttribute('data-shown') && l.checkVisibility({visibilityProperty: true}),
            value: l.querySelector('progress').value, text: l.textContent.trim()};
  };
  const rec = {t: performance.now(), status: status ? status.textContent : null,
               box: line('[data-status] [data-progress]'),
               form: line('form[data-calculator="cancel"] [data-output] [data-progress]'),
               bar: (() => {
                 const b = document.querySelector('[data-loading-bar]');
                 const r = b && b.getBoundingClientRect();
                 return b && {shown: b.hasAttribute('data-shown') && b.checkVisibility({visibilityProperty: true}),
                              bottom: Math.round(r.bottom), height: r.height, text: b.textContent.trim()};
               })(),
               pending: (document.querySelector('form[data-calculator="cancel"] .kmc-pending') || {}).textContent || null};
  const last = window.__wait[window.__wait.length - 1];
  if (!last || JSON.stringify({...last, t: 0}) !== JSON.stringify({...rec, t: 0})) window.__wait.push(rec);
};
new MutationObserver(snap).observe(document, {subtree: true, childList: true, characterData: true, attributes: true,
                                              attributeFilter: ['data-shown', 'value', 'data-state']});
"""


def _throttle(p, bytes_per_s: int) -> None:
    cdp = p.context.new_cdp_session(p)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                  "downloadThroughput": bytes_per_s, "uploadThroughput": 100_000})


STALL_LIMIT_S = 5


def test_a_slow_boot_says_the_bytes_and_the_time_left_and_is_not_cut_off(open_page, pyodide_server):
    """A first visit on a slow network (about 2.4 Mbit/s, 150 ms): the reader
    asks for a result while the calculator loads. The status and the line
    beside the form say what happens in plain words; how much has arrived
    rises with the bytes to 100 % against the build's true total; while the
    wait is long the time left is said, and it matches the time it took.
    The same boot, with the stall limit lowered to 5 s, takes several times
    that limit and is not cut off: the limit counts only time without progress."""
    p = open_page(pyodide=True, clock=False, viewport={"width": 390, "height": 844})
    try:
        p.add_init_script(RECORD_WAIT)
        _page_with_stall_limit(p, STALL_LIMIT_S)
        _throttle(p, 300_000)
        p.goto("calculator/#change", wait_until="domcontentloaded")
        start = p.evaluate("performance.now()")
        # Landed on the first form (as from a guide page's button): the status
        # box's last lines sit behind the fixed header, out of sight, so the
        # bar at the foot of the screen says the calculator is loading before
        # the reader acts.
        p.wait_for_selector("[data-loading-bar][data-shown]", timeout=30_000)
        p.locator('form[data-calculator="cancel"] button[type="submit"]').click()
        p.wait_for_selector(f'{FORM}[data-state="ready"]', timeout=120_000)
        took = p.evaluate("performance.now()") - start
        p.wait_for_function("() => document.querySelector('form[data-calculator=\"cancel\"]').dataset.computedFor")
        rec = p.evaluate("window.__wait")

        # Not cut off: the boot outlasted the stall limit several times over.
        assert took > 2 * STALL_LIMIT_S * 1000, f"the boot took only {took:.0f} ms: the test shows nothing"
        assert p.locator("[data-failed]").count() == 0
        assert p.get_attribute('form[data-calculator="cancel"]', "data-state") == "ready"

        # Plain words: everything shown, and every text the page could show.
        every = p.evaluate("""() => [...document.querySelectorAll(
            '[data-status] [data-message], template[data-template="pending"], [data-kmc-calc] template[data-message], [data-loading-bar]')].map((m) =>
            (m.content || m).textContent + ' ' + [...(m.content || m).querySelectorAll('[aria-label]')]
              .map((e) => e.getAttribute('aria-label')).join(' '))""")
        shown = [r["status"] or "" for r in rec] + [r["pending"] or "" for r in rec]
        for text in every + shown:
            assert not [w for w in JARGON if w.lower() in text.lower()], text
        assert {"計算ツールを読み込んでいます…", "読み込みが終わりました。計算ツールを起動しています…"} <= {r["status"] for r in rec}

        # Beside the waiting form, the share arrived rises with the bytes.
        beside = [r for r in rec if r["form"] and r["form"]["shown"]]
        percents = [r["form"]["value"] for r in beside]
        assert percents == sorted(percents), percents
        assert len({x for x in percents if 0 < x < 100}) >= 5, percents
        assert percents[-1] == 100
        assert all(int(PERCENT.search(r["form"]["text"]).group(1)) == r["form"]["value"] for r in beside if r["form"]["value"] < 100)
        # The bar said how far the calculator had come, at the foot of the
        # screen, until the form's own waiting line came on screen beside it.
        bar = [r["bar"] for r in rec if r["bar"] and r["bar"]["shown"]]
        assert bar and bar[0]["bottom"] == 844 and 0 < bar[0]["height"] < 100, bar[:1]
        assert PERCENT.search(bar[-1]["text"]), bar[-1]
        assert not [r for r in beside if r["bar"]["shown"] and r["t"] > beside[0]["t"] + 1000]
        # The status box says the same.
        assert any(r["box"]["shown"] and r["box"]["text"] == r["form"]["text"] for r in beside)

        # Once every byte is in, the line says what the status box says.
        started = [r for r in beside if r["form"]["value"] == 100]
        assert started and all(r["form"]["text"] == "起動しています…" for r in started)

        # The time left, where it was said, against when the last byte came:
        # never much less than what remained (early on the page's own files
        # share the line, so it may say more), counting down, said until the
        # last seconds.
        done = started[0]["t"]
        said = [(r["t"], int(m.group(1)) * (60 if m.group(2) == "分" else 1))
                for r in beside if (m := TIME_LEFT.search(r["form"]["text"]))]
        assert said, "a wait of well over 10 s said no time left"
        for t, estimate in said:
            actual = (done - t) / 1000
            assert actual - 10 <= estimate <= 1.5 * actual + 20, (estimate, actual, said)
        assert [e for _, e in said] == sorted((e for _, e in said), reverse=True), said
        assert (done - said[-1][0]) / 1000 <= 15, (said, done)

        # The total is the build's true size of what the boot downloaded.
        (worker,) = [w for w in p.workers if re.search(r"/calculator-[0-9a-f]+/worker\.mjs$", w.url)]
        downloaded = worker.evaluate("""() => Object.fromEntries(performance.getEntriesByType('resource')
            .map((e) => [e.name, e.decodedBodySize]))""")
        planned = p.evaluate("""() => Object.fromEntries(Object.entries(JSON.parse(
            document.querySelector('[data-kmc-calc]').dataset.bootBytes).snapshot)
            .map(([url, sizes]) => [new URL(url, document.baseURI).href, sizes]))""")
        assert {url: size for url, (size, _) in planned.items()} == downloaded
        for url, (size, wire) in planned.items():
            data = (pyodide_server.site_dir / url.removeprefix(pyodide_server.base_url)).read_bytes()
            assert len(data) == size
            assert wire == (len(gzip.compress(data, 6, mtime=0)) if url.endswith((".mjs", ".json", ".wasm")) else size)
        p.rec.assert_clean()
    finally:
        p.release()


def test_a_visit_from_the_cache_shows_no_download(browser, pyodide_server, tmp_path):
    """A returning reader's browser has every file: no bar that jumps to
    100 %, only the words. A browser profile on disk, as a reader's is (an
    incognito context keeps no file as large as the runtime), and no request
    routing (Playwright's turns the cache off)."""
    from guidebuild.tools.browser import find_browser

    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=find_browser().path, args=["--no-sandbox", "--disable-gpu"], headless=True,
        base_url=pyodide_server.base_url, viewport={"width": 1280, "height": 800})
    try:
        p = context.new_page()
        p.add_init_script(RECORD_WAIT)
        # 8 Mbit/s: the first visit's downloads take about 7 s, well past the
        # second of reports a bar waits for even on a busy machine.
        _throttle(p, 1_000_000)
        for visit in ("first", "again"):
            p.goto("calculator/", wait_until="domcontentloaded")
            p.wait_for_selector(f'{FORM}[data-state="ready"]', timeout=120_000)
            rec = p.evaluate("window.__wait")
            (worker,) = [w for w in p.workers if re.search(r"/calculator-[0-9a-f]+/worker\.mjs$", w.url)]
            over_network = worker.evaluate("""() => performance.getEntriesByType('resource')
                .filter((e) => e.transferSize > 0).map((e) => e.name)""")
            bars = [r["box"]["value"] for r in rec if r["box"] and r["box"]["shown"]]
            if visit == "first":
                assert [v for v in bars if 0 < v < 100], "the first visit downloads: its bar moves"
            else:
                assert not over_network, "the test needs a visit served from the cache"
                assert not bars, f"a visit from the cache showed a bar: {bars}"
                assert "計算の準備ができました" in rec[-1]["status"]
    finally:
        context.close()
