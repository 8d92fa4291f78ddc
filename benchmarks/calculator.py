"""Figures for the in-browser calculator (not a test: it prints, it never fails on time).

    .venv/bin/python benchmarks/calculator.py [--runs N] [--profiles a,b,c]
        [--pages calculator,calculator-normal,bare,journey] [--journey-profiles a,b]
        [--host github-pages|headers]

With the defaults (calculator, bare and the journey; loopback, 9 and 1.6
Mbit/s) one run of each takes about 5 minutes on an idle 2-core machine,
``--runs 3`` about 13; it ends with the delivery targets (first-visit bytes, ready at 9 and 1.6 Mbit/s against bare Pyodide, the
journey from 2.1, loopback).

Builds the site and serves it as GitHub Pages does (tests/static_host.py:
no _headers, every file max-age=600 with an ETag, gzip for text, JSON,
JavaScript, SVG and wasm; ``--host headers`` also applies _headers, as
Netlify or Cloudflare Pages would), and drives the tests' browser
(guidebuild.browser) with Playwright, a fresh persistent profile per run.
For the calculator page and for a bare page that only boots Pyodide from the
same runtime files in a module worker it measures cold (first visit) and warm
(the same URL again: HTTP cache and service worker filled); for the
calculator also a returning visit whose HTTP cache was cleared (only the
service worker's cache left). calculator-normal is the calculator page
without the snapshot (the worker's normal boot). The journey is a first visit
to 2.1, 15 s of reading, then a tap on its calculator button: ready is
measured from the tap. The pages take turns, run by run.

Profiles. The network is slowed by the host itself (static_host.Link): each
response waits one round trip before its first byte and every body shares
one downlink of the profile's rate, so the page, its worker and the service
worker (the warm-up's fetches, which CDP's Network.emulateNetworkConditions
on the page does not reach) are slowed alike. Uploads are not slowed. The
CPU is slowed with CDP Emulation.setCPUThrottlingRate, which reaches the
page's main thread only, not the worker: see emulate().

* loopback     no slowing: this machine as it is
* 40mbps-x4    40 Mbit/s down, 20 ms round trip, CPU slowed x4 (a phone on good 4G/Wi-Fi)
* 9mbps-x4     9 Mbit/s down, 150 ms round trip, CPU slowed x4 (a phone on ordinary 4G)
* 1.6mbps-x4   1.6 Mbit/s down, 150 ms round trip, CPU slowed x4 (a crowded train)

* ready        navigation start -> data-state="ready" (bare: Pyodide loaded)
* first result navigation start -> the first change result on screen
* recompute    one more change result (input event -> result in the DOM)
* worker start navigation start -> the worker's time origin (its thread is up)
* boot         worker start -> ready: what the worker itself takes; for the
               calculator split at the worker's kmc:runtime mark (Pyodide up,
               from the snapshot or normally) into runtime and engine (rules,
               Engine); kmc:snapshot marks the snapshot fetched, unpacked, checked
* boot mode    the worker's self.kmcBoot.mode: snapshot / normal (fallback)
* CLS          layout shifts without recent input, from navigation until 2 s
               after ready (and after the first result), largest session window
               (gaps < 1 s, windows <= 5 s), as in Core Web Vitals
* TBT          total blocking time: sum of (duration - 50 ms) of main-thread
               long tasks from first contentful paint to the end of that window
* long tasks   main-thread long tasks (PerformanceObserver "longtask") before
               ready (sum, count, longest), and the longest one from ready
               until the end of the window
* transferred  bytes the host sent for the visit (compressed, as on the wire)
* file table   for cold visits: each file's first byte (navigation start ->
               responseStart, worker entries shifted to the page's clock) and
               the bytes the host sent for it
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "browser")]
import static_host  # noqa: E402  (tests/static_host.py: the one host of tests and benchmarks)
CALC_URL = "calculator/?accepted=2026-11-10&items=1,9,12#change"
# The same page without the snapshot attributes: the worker's normal boot
# (Pyodide's own start-up + our wheel), to see what a per-visit switch to it
# would give.
NORMAL_URL = "calculator-normal/?accepted=2026-11-10&items=1,9,12#change"

# Records, from navigation start, when the calculator (or the bare page)
# says it is ready and when the first change result lands.
INIT = """
window.__bench = {longtasks: [], shifts: [], fcp: null, readyAt: null, firstResultAt: null};
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) __bench.longtasks.push([e.startTime, e.duration]);
}).observe({type: 'longtask', buffered: true});
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) __bench.shifts.push([e.startTime, e.value, e.hadRecentInput]);
}).observe({type: 'layout-shift', buffered: true});
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') __bench.fcp = e.startTime;
}).observe({type: 'paint', buffered: true});
window.__bench.warm = [];
new MutationObserver(() => {
  const state = document.documentElement.dataset.kmcWarm;
  const w = window.__bench.warm;
  if (state && (!w.length || w[w.length - 1][0] !== state)) w.push([state, Date.now()]);
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-kmc-warm']});
new MutationObserver(() => {
  const b = window.__bench;
  const form = document.querySelector('form[data-calculator="change"]');
  const ready = form ? form.dataset.state === 'ready' : document.body && document.body.dataset.state === 'ready';
  if (ready && b.readyAt === null) b.readyAt = performance.now();
  if (form && form.dataset.computedFor && b.firstResultAt === null) b.firstResultAt = performance.now();
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-state', 'data-computed-for']});
"""

BARE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare Pyodide</title></head>
<body><script type="module" src="bare.mjs"></script></body></html>
"""
BARE_MJS = """const worker = new Worker(new URL("./bare-worker.mjs", import.meta.url), {type: "module"});
worker.onmessage = () => { document.body.dataset.state = "ready"; };
worker.postMessage(new URL("../assets/pyodide/VERSION/", location.href).href);
"""
BARE_WORKER = """self.onmessage = async ({data: indexURL}) => {
  const {loadPyodide} = await import(indexURL + "pyodide.mjs");
  await loadPyodide({indexURL, stdout: () => {}, stderr: () => {}});
  self.postMessage("ready");
};
"""

RECOMPUTE = """() => new Promise((resolve) => {
  const form = document.querySelector('form[data-calculator="change"]');
  const input = form.elements.namedItem('accepted');
  const day = input.value === '2026-11-11' ? '2026-11-12' : '2026-11-11';
  const t0 = performance.now();
  new MutationObserver((_, obs) => {
    if (new URLSearchParams(form.dataset.computedFor).get('accepted') === day) {
      obs.disconnect();
      resolve(performance.now() - t0);
    }
  }).observe(form, {attributes: true, attributeFilter: ['data-computed-for']});
  input.value = day;
  input.dispatchEvent(new Event('change', {bubbles: true}));
})"""

BYTES = "() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).reduce((n, e) => n + e.transferSize, 0)"


def load_conftest():
    spec = importlib.util.spec_from_file_location("kmc_browser_conftest", ROOT / "tests" / "browser" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def build(site: Path, pyodide_version: str) -> None:
    # No PDF edition: no page loads it, and it is the slowest step of a build.
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
                   cwd=ROOT, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "KMC_PDF": "0"})
    page = (site / "calculator" / "index.html").read_text(encoding="utf-8")
    normal, count = re.subn(r'\s+data-(?:snapshot-url|snapshot-sha256|stdlib-url)="[^"]*"', "", page)
    if count != 3:
        raise SystemExit(f"expected 3 snapshot attributes on the calculator page, found {count}")
    # Nor the snapshot's preloads: the normal boot does not use them.
    normal = re.sub(r'<link rel="preload" href="[^"]*/snapshot/[^"]*"[^>]*>\n?', "", normal)
    (site / "calculator-normal").mkdir()
    (site / "calculator-normal" / "index.html").write_text(normal, encoding="utf-8")
    bench = site / "bench"
    bench.mkdir()
    (bench / "index.html").write_text(BARE_HTML)
    (bench / "bare.mjs").write_text(BARE_MJS.replace("VERSION", pyodide_version))
    (bench / "bare-worker.mjs").write_text(BARE_WORKER)


WORKER_TIMES = """() => ({origin: performance.timeOrigin, boot: self.kmcBoot || null,
  marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]))})"""

PROFILES = {
    # name: (download bit/s, round trip ms, CPU slowdown) or None
    "loopback": None,
    "40mbps-x4": (40e6, 20, 4),
    "9mbps-x4": (9e6, 150, 4),
    "1.6mbps-x4": (1.6e6, 150, 4),
}
DEFAULT_PROFILES = ("loopback", "9mbps-x4", "1.6mbps-x4")
# Where the journey is measured by default: the target is set at 9 Mbit/s
# (at 1.6 Mbit/s 15 s of reading cannot fetch the runtime).
DEFAULT_JOURNEY_PROFILES = ("9mbps-x4",)
READING_S = 15  # the journey: time spent reading 2.1 before tapping its calculator button
JOURNEY_FROM = "change/items/"
WINDOW_MS = 2000  # CLS/TBT window: until this long after ready and the first result


def cls(shifts, end: float) -> float:
    """Largest session window of layout shifts before ``end`` (Core Web Vitals)."""
    best = current = 0.0
    first = last = None
    for t, value, recent_input in sorted(shifts):
        if recent_input or t > end:
            continue
        if first is None or t - last >= 1000 or t - first >= 5000:
            first, current = t, 0.0
        current += value
        last = t
        best = max(best, current)
    return best


def link(profile):
    """The host's slow network for ``profile`` (None: loopback as it is)."""
    if profile is None:
        return None
    down, rtt, _cpu = profile
    return static_host.Link(down, rtt)


def emulate(context, page, profile):
    """Slow the page's main thread as ``profile`` says (the network is the
    host's, see link()). Chromium refuses a CPU slowdown for worker targets
    ("Operation is only supported for pages, not workers", checked with
    Chromium 156), so the Pyodide boot in the worker runs at this machine's
    speed in every profile."""
    if profile is None:
        return
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": profile[2]})


ENTRIES = """() => performance.getEntriesByType('resource').map((e) => [e.name, e.startTime, e.responseStart,
  e.responseEnd, e.transferSize, e.initiatorType])"""


def short(url: str) -> str:
    """A file's address without the origin, query and the hash directories."""
    path = re.sub(r"^https?://[^/]+/", "", url).split("?")[0].lstrip("/")
    path = re.sub(r"/(?:snapshot/)?[0-9a-f]{12,16}/", "/…/", path)
    return re.sub(r"calculator-[0-9a-f]{12}/", "calculator-…/", path)


def measure(page, url: str, calculator: bool, host) -> dict:
    since = len(host.sent)
    page.goto(url, timeout=300_000)
    page.wait_for_function("() => window.__bench.readyAt !== null", timeout=300_000)
    if calculator:
        page.wait_for_function("() => window.__bench.firstResultAt !== null", timeout=60_000)
    page.wait_for_timeout(WINDOW_MS)  # shifts and long tasks right after ready count too
    row = collect(page, calculator)
    row["bytes"] = sum(n for _, _, n in host.sent[since:])
    row["files_bytes"] = files_bytes(host.sent[since:])
    if calculator:
        row["recompute"] = page.evaluate(RECOMPUTE)
    return row


def files_bytes(sent) -> dict[str, int]:
    out: dict[str, int] = {}
    for path, _, n in sent:
        out[short(path)] = out.get(short(path), 0) + n
    return out


def collect(page, calculator: bool) -> dict:
    b = page.evaluate("window.__bench")
    ready = b["readyAt"]
    page_origin = page.evaluate("performance.timeOrigin")
    ours = [w for w in page.workers if w.url.endswith(("/worker.mjs", "/bare-worker.mjs"))]
    times = ours[0].evaluate(WORKER_TIMES)
    start = times["origin"] - page_origin
    first_byte = {}
    for name, t0, response_start, _end, _size, initiator in page.evaluate(ENTRIES):
        first_byte.setdefault(short(name), response_start)
    for w in page.workers:
        offset = w.evaluate("performance.timeOrigin") - page_origin
        for name, t0, response_start, _end, _size, initiator in w.evaluate(ENTRIES):
            first_byte.setdefault(short(name), response_start + offset if response_start else 0)
    before = [d for t, d in b["longtasks"] if t < ready]
    end = max(ready, b["firstResultAt"] or 0) + WINDOW_MS
    fcp = b["fcp"] or 0
    row = {
        "cls": cls(b["shifts"], end),
        "tbt": sum(max(0.0, d - 50) for t, d in b["longtasks"] if fcp <= t < end),
        "ready": ready,
        "fcp": fcp,
        "worker_start": start,
        "boot": ready - start,
        "longtasks": sum(before),
        "longtask_count": len(before),
        "longtask_max": max(before, default=0),
        "longtask_after_max": max((d for t, d in b["longtasks"] if ready <= t < end), default=0),
        "first_byte": first_byte,
    }
    if calculator:
        marks = times["marks"]
        if "kmc:runtime" in marks:
            row["runtime"] = marks["kmc:runtime"] - marks["kmc:boot"]
            row["engine"] = ready - start - marks["kmc:runtime"]
        if "kmc:snapshot" in marks:  # fetched, unpacked and checked
            row["snapshot"] = marks["kmc:snapshot"] - marks["kmc:boot"]
        row["mode"] = (times["boot"] or {}).get("mode", "?")
        row["first_result"] = b["firstResultAt"]
    return row


def summary(rows: list[dict], key: str, unit: str = "ms") -> str:
    values = [r[key] for r in rows if r.get(key) is not None]
    if not values:
        return "      – (not measured)"
    if unit == "B":
        return f"{statistics.median(values) / 1e6:6.2f} MB (min {min(values) / 1e6:.2f}, max {max(values) / 1e6:.2f})"
    if unit == "":
        return f"{statistics.median(values):7.3f} (min {min(values):.3f}, max {max(values):.3f})"
    return f"{statistics.median(values):7.0f} ms (min {min(values):.0f}, max {max(values):.0f})"


def new_context(pw, chromium, cf, profile_dir):
    # A persistent profile has a disk cache like a reader's browser; an
    # incognito context's memory cache would not keep the 9.6 MB wasm.
    context = pw.chromium.launch_persistent_context(
        profile_dir, executable_path=chromium, args=cf.CHROMIUM_ARGS, headless=True,
        viewport={"width": 1280, "height": 800}, locale="ja-JP", timezone_id="Asia/Tokyo")
    context.add_init_script(INIT)
    return context


def runtime_cached(page) -> None:
    """Wait until the service worker holds the calculator's runtime."""
    page.wait_for_function("() => document.documentElement.dataset.kmcWarm === 'done'", timeout=300_000)


def run_visits(pw, chromium, cf, host, profile, name, path, calculator, results, key):
    with tempfile.TemporaryDirectory() as profile_dir:
        context = new_context(pw, chromium, cf, profile_dir)
        visits = ("cold", "warm", "no-http-cache") if name == "calculator" else ("cold", "warm")
        for cache in visits:  # warm: same profile, HTTP cache (and service worker) filled
            page = context.new_page()
            emulate(context, page, profile)
            if cache == "no-http-cache":
                # A returning reader whose HTTP cache is gone: the service worker's remains.
                context.new_cdp_session(page).send("Network.clearBrowserCache")
            row = measure(page, host.base_url + path, calculator, host)
            if calculator and cache == "cold":
                runtime_cached(page)
            results.setdefault((key, name, cache), []).append(row)
            page.close()
        version = context.browser.version if context.browser else "?"
        context.close()
    return version


def run_journey(pw, chromium, cf, host, profile, results, key):
    """A first visit to 2.1, READING_S seconds of reading, then its calculator
    button: ready measured from the tap."""
    with tempfile.TemporaryDirectory() as profile_dir:
        context = new_context(pw, chromium, cf, profile_dir)
        page = context.new_page()
        emulate(context, page, profile)
        since = len(host.sent)
        epoch_at = page.evaluate("Date.now()") / 1000 - time.monotonic()
        page.goto(host.base_url + JOURNEY_FROM, timeout=300_000)
        page.wait_for_timeout(READING_S * 1000)  # the reader reads (a benchmark, not a test)
        warm = page.evaluate("document.documentElement.dataset.kmcWarm || 'not asked'")
        warm_steps = page.evaluate("window.__bench.warm")
        reading_bytes = sum(n for _, _, n in host.sent[since:])
        tap_since = len(host.sent)
        tapped = page.evaluate("Date.now()")
        page.locator("a.kmc-calc-link").first.click()
        page.wait_for_url("**/calculator/**", timeout=60_000)
        page.wait_for_function("() => window.__bench.readyAt !== null", timeout=300_000)
        row = collect(page, True)
        nav_epoch = page.evaluate("performance.timeOrigin")
        row["after_tap"] = nav_epoch + row["ready"] - tapped
        row["warm_state"] = warm
        row["reading_bytes"] = reading_bytes
        row["bytes"] = sum(n for _, _, n in host.sent[tap_since:])
        row["files_bytes"] = files_bytes(host.sent[tap_since:])
        results.setdefault((key, "journey", "from 2.1"), []).append(row)
        tap = tapped / 1000 - epoch_at  # the tap on the host's clock (monotonic)
        print(f"\njourney on {key}: the host's responses, seconds from the tap (warm-up: "
              + ", ".join(f"{s} {t / 1000 - epoch_at - tap:+.1f}" for s, t in warm_steps) + ")")
        host.settle(timeout=120)
        with host.lock:
            log = list(zip(host.sent[since:], host.times[since:]))
        for (path, status, size), (t0, t1) in log:
            if size > 50_000:
                print(f"  {t0 - tap:+7.1f} {t1 - tap:+7.1f}  {status}  {size / 1e3:8.1f} kB  {short(path)}")
        context.close()


def report(results, profile_name, runs):
    print(f"\n=== {profile_name}: {runs} runs each, medians (min, max)")
    order = {"calculator": 0, "calculator-normal": 1, "bare": 2, "journey": 3}
    for (prof, name, cache), rows in sorted(results.items(), key=lambda item: (order[item[0][1]], item[0][2])):
        if prof != profile_name:
            continue
        print(f"\n{name} ({cache})")
        if name == "journey":
            print(f"  warm-up state at the tap  {', '.join(sorted({r['warm_state'] for r in rows}))}")
            print(f"  bytes while reading       {summary(rows, 'reading_bytes', 'B')}")
            print(f"  ready after the tap       {summary(rows, 'after_tap')}")
        print(f"  ready         {summary(rows, 'ready')}")
        print(f"  FCP           {summary(rows, 'fcp')}")
        if name != "bare":
            print(f"  first result  {summary(rows, 'first_result')}")
            if name != "journey":
                print(f"  recompute     {summary(rows, 'recompute')}")
            print(f"  boot mode     {', '.join(sorted({r['mode'] for r in rows}))}")
        print(f"  worker start  {summary(rows, 'worker_start')}")
        print(f"  boot          {summary(rows, 'boot')}")
        if name != "bare":
            print(f"    runtime     {summary(rows, 'runtime')}")
            print(f"    engine      {summary(rows, 'engine')}")
        print(f"  CLS           {summary(rows, 'cls', '')}")
        print(f"  TBT           {summary(rows, 'tbt')}")
        print(f"  long tasks    {summary(rows, 'longtasks')} total, "
              f"median count {statistics.median(r['longtask_count'] for r in rows):.0f}, "
              f"longest {summary(rows, 'longtask_max')}")
        print(f"  transferred   {summary(rows, 'bytes', 'B')} (bytes the host sent)")
        if name in ("calculator", "journey", "bare") and cache in ("cold", "from 2.1"):
            files = sorted({f for r in rows for f in r["first_byte"]} | {f for r in rows for f in r["files_bytes"]})
            print("  file                                              first byte (ms)   sent (kB)")
            for f in files:
                fb = [r["first_byte"][f] for r in rows if r["first_byte"].get(f)]
                sent = [r["files_bytes"].get(f, 0) for r in rows]
                fb_text = f"{statistics.median(fb):8.0f}" if fb else "       –"
                print(f"    {f[:48]:48} {fb_text}   {statistics.median(sent) / 1e3:9.1f}")
    for cache in ("cold", "warm"):
        bare_rows = results.get((profile_name, "bare", cache))
        if not bare_rows:
            continue
        bare = statistics.median(r["ready"] for r in bare_rows)
        for name in ("calculator", "calculator-normal"):
            if (profile_name, name, cache) in results:
                calc = statistics.median(r["ready"] for r in results[(profile_name, name, cache)])
                print(f"ready ratio {name}/bare ({profile_name}, {cache}): {calc / bare:.2f}")


PAGES = {"calculator": (CALC_URL, True), "calculator-normal": (NORMAL_URL, True), "bare": ("bench/", False)}


def median_of(results, key, field="ready"):
    rows = results.get(key) or []
    values = [r[field] for r in rows if r.get(field) is not None]
    return statistics.median(values) if values else None


def done_when(results) -> None:
    """The delivery targets, against the medians measured."""
    def ms(value):
        return "     –" if value is None else f"{value / 1000:6.1f} s"

    def ratio(a, b):
        return "   –" if a is None or b is None else f"{a / b:4.2f}"

    print("\n=== delivery targets (medians; served as GitHub Pages, see the docstring for the profiles)")
    ours = next((median_of(results, (p, "calculator", "cold"), "bytes") for p in PROFILES
                 if (p, "calculator", "cold") in results), None)
    bare = next((median_of(results, (p, "bare", "cold"), "bytes") for p in PROFILES
                 if (p, "bare", "cold") in results), None)
    mb = lambda n: "   –   " if n is None else f"{n / 1e6:5.2f} MB"  # noqa: E731
    print(f"first visit, bytes on the wire       ours {mb(ours)}   bare {mb(bare)}   "
          "(target <= 7.5 MB, aim <= bare)")
    for profile, target in (("9mbps-x4", "0.9"), ("1.6mbps-x4", "1.0"), ("loopback", "0.5")):
        a = median_of(results, (profile, "calculator", "cold"))
        b = median_of(results, (profile, "bare", "cold"))
        if a is None and b is None:
            continue
        print(f"ready, {profile:12}               ours {ms(a)}   bare {ms(b)}   ratio {ratio(a, b)}   "
              f"(target <= {target})")
    for profile in PROFILES:
        rows = results.get((profile, "journey", "from 2.1"))
        if rows:
            states = ", ".join(sorted({r["warm_state"] for r in rows}))
            print(f"from 2.1 after {READING_S} s, ready after the tap, {profile:10} "
                  f"{ms(median_of(results, (profile, 'journey', 'from 2.1'), 'after_tap'))}   "
                  f"(target <= 2 s at 9 Mbit/s; warm-up at the tap: {states})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page and profile")
    parser.add_argument("--network-runs", type=int, default=None,
                        help="runs per page on the slowed profiles (default: --runs)")
    parser.add_argument("--profiles", default=",".join(DEFAULT_PROFILES), help="comma-separated: " + ", ".join(PROFILES))
    parser.add_argument("--pages", default="calculator,bare,journey",
                        help="comma-separated: " + ", ".join(PAGES) + ", journey")
    parser.add_argument("--journey-profiles", default=",".join(DEFAULT_JOURNEY_PROFILES),
                        help="the profiles the journey runs on (of --profiles)")
    parser.add_argument("--host", choices=("github-pages", "headers"), default="github-pages",
                        help="github-pages: no _headers, max-age=600, gzip; headers: also apply _headers")
    args = parser.parse_args()
    profiles = args.profiles.split(",")
    pages = args.pages.split(",")
    journey_profiles = set(args.journey_profiles.split(","))
    unknown = (set(profiles) | journey_profiles) - set(PROFILES)
    if unknown:
        parser.error(f"unknown profiles {sorted(unknown)}")
    network_runs = args.runs if args.network_runs is None else args.network_runs
    cf = load_conftest()
    sys.path.insert(0, str(ROOT))
    from guidebuild.tools.browser import BROWSER_NAMES, find_browser
    from guidebuild.calculator.lock import pyodide_version

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(site, pyodide_version(ROOT / "node_modules"))
        results: dict[tuple[str, str, str], list[dict]] = {}
        chromium = find_browser(names=BROWSER_NAMES).path  # a customer's browser, not the headless shell
        version = "?"
        mode = "headers" if args.host == "headers" else "pages"
        with static_host.serve(site, mode) as host, sync_playwright() as pw:
            print(f"serving {site} as {args.host} at {host.base_url}")
            for profile_name in profiles:
                profile = PROFILES[profile_name]
                host.link = link(profile)
                runs = args.runs if profile is None else network_runs
                for _ in range(runs):
                    # The pages take turns, run by run.
                    for name in pages:
                        if name == "journey":
                            if profile_name in journey_profiles:
                                run_journey(pw, chromium, cf, host, profile, results, profile_name)
                        else:
                            path, calculator = PAGES[name]
                            version = run_visits(pw, chromium, cf, host, profile, name, path, calculator,
                                                 results, profile_name)
                    host.settle(timeout=120)  # a run's late downloads (the warm-up) do not slow the next
                report(results, profile_name, runs)  # as it goes: a long run shows progress
            host.link = None
    done_when(results)
    print(f"\nChromium {version}")


if __name__ == "__main__":
    main()
