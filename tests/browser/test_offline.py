"""The service worker (guidebuild/publish/sw.js), in Chromium, on the site
served as GitHub Pages serves it (tests/static_host.py: no _headers,
max-age=600, gzip).

Installation, offline reading of the calculator and of the pages read
before, the offline page for a page never read, a returning visit with the
HTTP cache gone, a new deploy taking over (two builds on one address) and
the old deploy's caches removed, and the warm-up from a guide page.
"""

from __future__ import annotations

import re

import pytest
import static_host

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ghpages import CALC_FORM, StaticHost, cache_index, manifest, new_context, wait_ready, workers_state
from testdates import example_cancel_applied
from waits import until

PERMALINK = f"calculator/?accepted={example_cancel_applied()[0]}&items=1,9,12#change"
GUIDE = "change/items/"  # 2.1, with a calculator button
OFFLINE_TITLE = "オフラインのため表示できません"
RETURNING_BYTES = 300_000

_RESULT = """() => {
  const out = document.querySelector('form[data-calculator="change"] [data-output]');
  const t = out && out.querySelector('time[data-result="earliest"]');
  return t ? t.getAttribute('datetime') : null;
}"""


def controlled(page) -> None:
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)


def runtime_cached(page, site) -> None:
    """Wait until this deploy's cache holds the whole calculator runtime."""
    m = manifest(site)
    origin = re.match(r"^https?://[^/]+/", page.url).group(0)
    # caches.match with cacheName, not caches.open: opening would create the
    # cache before the service worker does.
    until(page, """async ([name, urls]) => {
      if (!(await caches.has(name))) return false;
      for (const u of urls) if (!(await caches.match(u, { cacheName: name }))) return false;
      return true;
    }""", arg=[f"kmc-files-{m['version']}", [origin + f for f in m["runtime"]]], timeout=60_000)


def open_calculator(context, url: str = PERMALINK):
    p = context.new_page()
    p.goto(url)
    wait_ready(p)
    p.wait_for_function("() => document.querySelector('form[data-calculator=\"change\"]').dataset.computedFor")
    return p


@pytest.fixture(scope="module")
def main_site(builds):
    return builds.main.site


def test_offline_after_one_visit(browser, main_site):
    with StaticHost(main_site) as host:
        context = new_context(browser, host)
        try:
            guide = context.new_page()
            guide.goto(GUIDE)
            controlled(guide)
            p = open_calculator(context)
            expected = p.evaluate(_RESULT)
            assert expected
            controlled(p)
            runtime_cached(p, main_site)
            names = set(cache_index(p))
            version = manifest(main_site)["version"]
            assert names == {f"kmc-files-{version}", f"kmc-pages-{version}"}

            context.set_offline(True)
            again = open_calculator(context)
            assert again.evaluate(_RESULT) == expected
            (worker,) = [w for w in again.workers if "/worker.mjs" in w.url]
            assert worker.evaluate("() => self.kmcBoot") == {"mode": "snapshot"}
            read = context.new_page()
            read.goto(GUIDE)
            assert read.locator("article h1").inner_text().startswith("2.1")
            assert read.title() != OFFLINE_TITLE
            never = context.new_page()
            never.goto("support/contacts/")
            never.get_by_role("heading", name=OFFLINE_TITLE).wait_for()
            # Its own look, from the cache: the theme's stylesheet applied.
            assert never.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
            never.locator("article").get_by_role("link", name="日付計算ツール").click()
            wait_ready(never)
            context.set_offline(False)
            context.rec.assert_clean()
        finally:
            context.close()


def test_returning_visit_without_http_cache_downloads_little(browser, main_site):
    with StaticHost(main_site) as host:
        context = new_context(browser, host)
        try:
            p = open_calculator(context)
            controlled(p)
            runtime_cached(p, main_site)
            # Every download of the first visit (the page's, the warm-up's) is over.
            p.wait_for_function("() => document.documentElement.dataset.kmcWarm === 'done'", timeout=60_000)
            before = host.settle()
            p.context.new_cdp_session(p).send("Network.clearBrowserCache")
            again = open_calculator(context)
            sent = host.sent[before:]
            total = sum(n for _, _, n in sent)
            assert total <= RETURNING_BYTES, sent
            # The page itself (network first) and the service worker's
            # update check came from the host, none of the calculator's files.
            m = manifest(main_site)
            assert not [p for p, _, n in sent if n and p.lstrip("/") in m["shell"] + m["runtime"]], sent
            assert again.evaluate(_RESULT)
            context.rec.assert_clean()
        finally:
            context.close()


# The new deploy's two caches and no other, its pages kept.
TOOK_OVER = """async (v) => {
  const names = await caches.keys();
  return names.length === 2 && names.every((n) => n.endsWith(v))
    && names.includes(`kmc-pages-${v}`)
    && (await (await caches.open(`kmc-pages-${v}`)).keys()).length >= 2;
}"""


def test_a_new_deploy_takes_over_and_removes_the_old_caches(browser, builds, tmp_path):
    old, new = builds.main.site, builds.edited.site
    old_v, new_v = manifest(old)["version"], manifest(new)["version"]
    assert old_v != new_v
    new_bundle = re.search(r'data-bundle-url="([^"]+)"', builds.edited.html("calculator/")).group(1)
    with StaticHost(old) as host:
        context = new_context(browser, host)
        try:
            p = open_calculator(context)
            controlled(p)
            runtime_cached(p, old)
            read = context.new_page()
            read.goto(GUIDE)
            # Its warm-up asked and answered before the deploy: a guide page's
            # request, made a few seconds after it loads, that wakes the
            # worker being replaced during the hand-over leaves the new one
            # waiting in Chromium 156 until the pages close (offline.mjs).
            read.wait_for_function("() => ['done', 'incomplete', 'skipped'].includes(document.documentElement.dataset.kmcWarm)",
                                   timeout=30_000)
            host.root = new  # the deploy
            before = len(host.sent)
            nxt = open_calculator(context)
            assert nxt.locator("meta[name=kmc-deploy]").get_attribute("content") == new_v
            assert nxt.locator("[data-kmc-calc]").get_attribute("data-bundle-url") == new_bundle
            # The new page fetched nothing of the old deploy.
            old_only = set(manifest(old)["runtime"]) - set(manifest(new)["runtime"])
            assert old_only and not [path for path, _, _ in host.sent[before:] if path.lstrip("/") in old_only]
            # Installed: it has taken over, or waits for the old worker to let go.
            until(nxt, f"async (v) => (await ({TOOK_OVER})(v)) "
                       "|| Boolean((await navigator.serviceWorker.getRegistration()).waiting)", arg=new_v, timeout=60_000)
            try:
                until(nxt, TOOK_OVER, arg=new_v, timeout=10_000)
            except PlaywrightTimeout:
                # Chromium 156 leaves the new worker waiting while the old
                # one's pages are open when one of them woke the old worker
                # during the hand-over (a fetch of the booting page); it takes
                # over once they are closed.
                for page in context.pages:
                    page.close()
                nxt = open_calculator(context)
                try:
                    until(nxt, TOOK_OVER, arg=new_v, timeout=60_000)
                except PlaywrightTimeout:
                    raise AssertionError(f"the new deploy did not take over, even with the old pages closed: "
                                         f"{workers_state(nxt)}, caches "
                                         f"{({name: len(paths) for name, paths in cache_index(nxt).items()})}") from None
            runtime_cached(nxt, new)
            index = cache_index(nxt)
            assert f"kmc-pages-{new_v}" in index, {name: len(paths) for name, paths in index.items()}
            pages = index[f"kmc-pages-{new_v}"]
            assert GUIDE in pages and "calculator/" in pages

            # Offline, the new deploy's page with the new deploy's bundle.
            context.set_offline(True)
            off = open_calculator(context)
            assert off.locator("meta[name=kmc-deploy]").get_attribute("content") == new_v
            assert off.locator("[data-kmc-calc]").get_attribute("data-bundle-url") == new_bundle
            g = context.new_page()
            g.goto(GUIDE)
            assert g.locator("meta[name=kmc-deploy]").get_attribute("content") == new_v
            context.set_offline(False)
            context.rec.assert_clean()
        finally:
            context.close()


def test_a_guide_page_warms_the_calculator_up(browser, main_site):
    with StaticHost(main_site) as host:
        context = new_context(browser, host)
        try:
            guide = context.new_page()
            guide.goto(GUIDE)
            guide.wait_for_function("() => document.documentElement.dataset.kmcWarm === 'done'", timeout=60_000)
            runtime_cached(guide, main_site)
            before = len(host.sent)
            guide.locator("a.kmc-calc-link").first.click()
            wait_ready(guide)
            # None of the calculator's files came from the host after the tap.
            m = manifest(main_site)
            assert not [p for p, _, n in host.sent[before:] if n and p.lstrip("/") in m["shell"] + m["runtime"]]
            context.rec.assert_clean()
        finally:
            context.close()


def test_the_warm_up_fetches_side_by_side_biggest_first(browser, main_site):
    """On a slow line every file costs a round trip: the warm-up asks for
    several at once, the biggest first, so the small ones ride along while
    the big ones fill the line."""
    with static_host.serve(main_site, link=static_host.Link(40_000_000, 100)) as host:
        context = new_context(browser, host)
        try:
            guide = context.new_page()
            guide.goto(GUIDE)
            guide.wait_for_function("() => document.documentElement.dataset.kmcWarm === 'done'", timeout=60_000)
            host.settle()
            m = manifest(main_site)
            with host.lock:
                runtime = [(t, path.lstrip("/")) for (path, _, n), t in zip(host.sent, host.times)
                           if n and path.lstrip("/") in m["runtime"]]
            assert {p for _, p in runtime} == set(m["runtime"]), runtime
            # At once: most of them asked for while the biggest was still arriving.
            biggest = max(m["runtime"], key=lambda f: (main_site / f).stat().st_size)
            (start, end), = [t for t, p in runtime if p == biggest]
            alongside = [p for (s, e), p in runtime if p != biggest and s < end and e > start]
            assert len(alongside) >= 5, (alongside, runtime)
            # Biggest first: nothing was asked for before it ahead of a round trip.
            assert start <= min(s for (s, _), _ in runtime) + 0.1, runtime
        finally:
            context.close()


@pytest.mark.parametrize("case", ["save-data", "2g"])
def test_no_warm_up_when_saving_data_or_on_2g(browser, main_site, case):
    with StaticHost(main_site) as host:
        context = new_context(browser, host)
        try:
            guide = context.new_page()
            cdp = context.new_cdp_session(guide)
            if case == "save-data":
                cdp.send("Emulation.setDataSaverOverride", {"dataSaverEnabled": True})
            else:
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", {
                    "offline": False, "latency": 1500, "downloadThroughput": 2_000_000 / 8,
                    "uploadThroughput": 1_000_000 / 8, "connectionType": "cellular2g"})
            guide.goto(GUIDE, wait_until="commit")
            guide.wait_for_function("() => document.documentElement.dataset.kmcWarm === 'skipped'", timeout=90_000)
            assert not [path for path, _, _ in host.sent if "/assets/pyodide/" in path]
        finally:
            context.close()


def test_the_calculator_page_preloads_are_reused(browser, main_site):
    """The page announces the worker's downloads in its head; the worker's own
    requests for them are answered from that one download."""
    with StaticHost(main_site) as host:
        context = new_context(browser, host)
        try:
            p = open_calculator(context)
            m = manifest(main_site)
            boot = [f for f in m["runtime"] if "/assets/javascripts/" not in "/" + f]
            # The large files are the worker's own downloads (NOT_PRELOADED in
            # guidebuild/calculator/assets.py); the rest is preloaded.
            large = ("pyodide.asm.wasm", "snapshot.bin.gz", "python_stdlib.zip")
            links = p.evaluate("""() => performance.getEntriesByType('resource')
                .filter((e) => e.initiatorType === 'link').map((e) => new URL(e.name).pathname.slice(1))""")
            assert {f for f in boot if not f.endswith(large)} <= set(links)
            served = [path.lstrip("/") for path, status, _ in host.sent if status == 200]
            for f in boot:
                assert served.count(f) == 1, (f, served.count(f))
            assert p.locator(CALC_FORM).get_attribute("data-state") == "ready"
            context.rec.assert_clean()
        finally:
            context.close()
