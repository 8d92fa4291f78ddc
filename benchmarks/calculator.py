"""Figures for the in-browser calculator (not a test: it prints, it never fails on time).

    .venv/bin/python benchmarks/calculator.py [--runs N]

Builds the site, serves it on 127.0.0.1 exactly as tests/browser does (the
page's CSP as a real header, the _headers rules, correct MIME types), and
drives the tests' browser (guidebuild.browser) with Playwright. For the calculator page and for a
bare page that only boots Pyodide from the same runtime files in a module
worker, it measures, cold (fresh browser profile = empty HTTP cache) and warm
(the same URL again in the same profile). The two pages take turns, run by
run, so a slow spell of the machine does not land on one of them only.

* ready        navigation start -> data-state="ready" (bare: Pyodide loaded)
* first result navigation start -> the first change result on screen
* recompute    one more change result (input event -> result in the DOM)
* worker start navigation start -> the worker's time origin (its thread is up)
* boot         worker start -> ready: what the worker itself takes; for the
               calculator split at the worker's kmc:runtime mark (Pyodide and
               our wheel loaded) into runtime and engine (rules, Engine)
* long tasks   main-thread long tasks (PerformanceObserver "longtask") before
               ready (sum, count, longest), and the longest one from ready
               until a second after the first result
* bytes        bytes transferred (page + worker resource timing, transferSize)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CALC_URL = "calculator/?accepted=2026-11-10&items=1,9,12#change"

# Records, from navigation start, when the calculator (or the bare page)
# says it is ready and when the first change result lands.
INIT = """
window.__bench = {longtasks: [], readyAt: null, firstResultAt: null};
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) __bench.longtasks.push([e.startTime, e.duration]);
}).observe({type: 'longtask', buffered: true});
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
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
                   cwd=ROOT, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    bench = site / "bench"
    bench.mkdir()
    (bench / "index.html").write_text(BARE_HTML)
    (bench / "bare.mjs").write_text(BARE_MJS.replace("VERSION", pyodide_version))
    (bench / "bare-worker.mjs").write_text(BARE_WORKER)


def serve(cf, site: Path):
    rules = cf.parse_headers_file((site / "_headers").read_text(encoding="utf-8"))
    handler = type("Handler", (cf._Handler,), {"rules": rules, "csp": cf._load_csp_module()})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


WORKER_TIMES = """() => ({origin: performance.timeOrigin,
  marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]))})"""


def measure(page, url: str, calculator: bool) -> dict:
    page.goto(url)
    page.wait_for_function("() => window.__bench.readyAt !== null", timeout=60_000)
    if calculator:
        page.wait_for_function("() => window.__bench.firstResultAt !== null")
    page.wait_for_timeout(1000)  # long tasks right after the first result count too
    b = page.evaluate("window.__bench")
    ready = b["readyAt"]
    page_origin = page.evaluate("performance.timeOrigin")
    worker_bytes = sum(w.evaluate(BYTES) for w in page.workers)
    ours = [w for w in page.workers if w.url.endswith(("/calculator/worker.mjs", "/bare-worker.mjs"))]
    times = ours[0].evaluate(WORKER_TIMES)
    start = times["origin"] - page_origin
    before = [d for t, d in b["longtasks"] if t < ready]
    end = (b["firstResultAt"] if calculator else ready) + 1000
    row = {
        "ready": ready,
        "worker_start": start,
        "boot": ready - start,
        "longtasks": sum(before),
        "longtask_count": len(before),
        "longtask_max": max(before, default=0),
        "longtask_after_max": max((d for t, d in b["longtasks"] if ready <= t < end), default=0),
        "bytes": page.evaluate(BYTES) + worker_bytes,
    }
    if calculator:
        marks = times["marks"]
        if "kmc:runtime" in marks:  # absent in worker.mjs before the marks were added
            row["runtime"] = marks["kmc:runtime"] - marks["kmc:boot"]
            row["engine"] = ready - start - marks["kmc:runtime"]
        row["first_result"] = b["firstResultAt"]
        row["recompute"] = page.evaluate(RECOMPUTE)
    return row


def summary(rows: list[dict], key: str, unit: str = "ms") -> str:
    values = [r[key] for r in rows if key in r]
    if not values:
        return "      – (not measured)"
    if unit == "B":
        return f"{statistics.median(values) / 1e6:6.2f} MB"
    return f"{statistics.median(values):7.0f} ms (min {min(values):.0f}, max {max(values):.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cf = load_conftest()
    sys.path.insert(0, str(ROOT))
    from guidebuild.browser import find_browser
    from guidebuild.pyodide_assets import pyodide_version

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(site, pyodide_version(ROOT / "node_modules"))
        httpd, base = serve(cf, site)
        results: dict[tuple[str, str], list[dict]] = {}
        chromium = find_browser().path
        with sync_playwright() as pw:
            for _ in range(args.runs):
                for name, path, calculator in (("calculator", CALC_URL, True), ("bare", "bench/", False)):
                    # A persistent profile has a disk cache like a reader's browser; an
                    # incognito context's memory cache would not keep the 9.6 MB wasm.
                    with tempfile.TemporaryDirectory() as profile:
                        context = pw.chromium.launch_persistent_context(
                            profile, executable_path=chromium, args=cf.CHROMIUM_ARGS, headless=True,
                            viewport={"width": 1280, "height": 800}, locale="ja-JP", timezone_id="Asia/Tokyo")
                        context.add_init_script(INIT)
                        page = context.new_page()
                        results.setdefault((name, "cold"), []).append(measure(page, base + path, calculator))
                        page.close()
                        page = context.new_page()  # same profile: the HTTP cache is warm
                        results.setdefault((name, "warm"), []).append(measure(page, base + path, calculator))
                        version = context.browser.version if context.browser else "?"
                        context.close()
        httpd.shutdown()

    print(f"Chromium {version}, {args.runs} runs each, medians (min, max)")
    for (name, cache), rows in sorted(results.items(), key=lambda item: item[0][0] != "calculator"):
        print(f"\n{name} ({cache})")
        print(f"  ready         {summary(rows, 'ready')}")
        if name == "calculator":
            print(f"  first result  {summary(rows, 'first_result')}")
            print(f"  recompute     {summary(rows, 'recompute')}")
        print(f"  worker start  {summary(rows, 'worker_start')}")
        print(f"  boot          {summary(rows, 'boot')}")
        if name == "calculator":
            print(f"    runtime     {summary(rows, 'runtime')}")
            print(f"    engine      {summary(rows, 'engine')}")
        print(f"  long tasks    {summary(rows, 'longtasks')} total, "
              f"median count {statistics.median(r['longtask_count'] for r in rows):.0f}, "
              f"longest {summary(rows, 'longtask_max')}")
        print(f"  after ready   longest {summary(rows, 'longtask_after_max')}")
        print(f"  transferred   {summary(rows, 'bytes', 'B')}")
    for cache in ("cold", "warm"):
        calc = statistics.median(r["ready"] for r in results[("calculator", cache)])
        bare = statistics.median(r["ready"] for r in results[("bare", cache)])
        print(f"\nready ratio calculator/bare ({cache}): {calc / bare:.2f}")


if __name__ == "__main__":
    main()
