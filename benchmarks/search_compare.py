"""Compare the site's search engines on the queries customers type.

    .venv/bin/python benchmarks/search_compare.py [--site DIR]

For each engine, every query of tests/browser/search_cases.py is run in
headless Chromium against a built site served on 127.0.0.1 under its CSP, and
the query counts as a hit when the expected page is among the first three
distinct pages returned. Prints hits out of N, the misses, and the bytes of
the search index on disk.

Engines:
  lunr      Material's own search (lunr + lunr.ja/TinySegmenter in its worker),
            driven through the header search box like a reader (typed, then
            a key press, since it only listens for key events).
  pagefind  the site's own search: Pagefind (extended build, Japanese
            segmentation) over the same pages, through the site's search box
            (assets/javascripts/search.mjs), the text set with an `input`
            event only, as a paste would.

Variants: each engine with and without the alternates line that
guidebuild/publish/search.py adds (other spellings of the guide's words). The published
site is pagefind+alternates.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from conftest import CHROMIUM_ARGS, _load_csp_module, serve  # noqa: E402
from search_cases import CASES, expected_pages, site_search  # noqa: E402


def dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def pages_of(hrefs: list[str], base_url: str) -> list[str]:
    out: list[str] = []
    for h in hrefs:
        h = h.split("#")[0].split("?")[0].removeprefix(base_url).lstrip("./").removeprefix("/")
        h = h.removesuffix("index.html")
        if h not in out:
            out.append(h)
    return out


def lunr_results(page, base_url: str, query: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")
    last, stable = None, 0
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and stable < 3:
        page.wait_for_timeout(120)
        hrefs = page.eval_on_selector_all(
            ".md-search-result__item a", "els => els.map(e => e.getAttribute('href'))")
        stable = stable + 1 if hrefs == last else 0
        last = hrefs
    return pages_of(last or [], base_url)


def pagefind_results(page, base_url: str, query: str) -> list[str]:
    return pages_of(site_search(page, query), base_url)


def run(engine: str, site: Path) -> tuple[int, list[str]]:
    from playwright.sync_api import sync_playwright

    csp = _load_csp_module()
    misses = []
    with serve(site, csp) as server, sync_playwright() as pw:
        from guidebuild.tools.browser import find_browser

        browser = pw.chromium.launch(executable_path=find_browser().path, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="ja-JP")
        page.goto(server.base_url, wait_until="networkidle")
        page.locator("input.md-search__input").click()
        hits = 0
        for query, expected in CASES:
            got = (lunr_results if engine == "lunr" else pagefind_results)(
                page, server.base_url, query)
            if set(expected_pages(expected)) & set(got[:3]):
                hits += 1
            else:
                misses.append(f"{query!r} -> {got[:3]} (want {expected!r})")
        browser.close()
    return hits, misses


def build(work: Path, name: str, *, lunr: bool, alternates: bool) -> Path:
    """Build a variant of the site into work/name.

    lunr: Material's search plugin on and Material's own search partials
    (the overrides for the Pagefind dialog removed) and the guide plugin's
    Pagefind index off; alternates: the hidden line of other spellings
    (guidebuild/publish/search.py) stays in the pages.
    """
    site = work / name
    cfg = ROOT / "mkdocs.yml"
    if lunr:
        overrides = work / f"{name}-overrides"
        shutil.copytree(ROOT / "overrides", overrides)
        for part in ("header.html", "search.html"):
            (overrides / "partials" / part).unlink(missing_ok=True)
        # Beside mkdocs.yml: a build's config must live in the checkout whose
        # code runs (guidebuild.checkout); removed again right after the build.
        cfg = ROOT / f".search-bench-{name.replace('+', '-')}.yml"
        cfg.write_text(
            f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
            f"docs_dir: {ROOT / 'docs'}\nwatch: [{ROOT / 'rules'}]\n"
            f"theme:\n  name: material\n  custom_dir: {overrides}\n"
            "plugins:\n  - search:\n      lang: ja\n  - kmc-guide:\n      pagefind: false\n",
            encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1",
               KMC_SEARCH_ALTERNATES="1" if alternates else "0")
    try:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg), "-d", str(site)],
                       cwd=ROOT, check=True, env=env)
    finally:
        if cfg != ROOT / "mkdocs.yml":
            cfg.unlink(missing_ok=True)
    return site


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--variants", default="lunr,lunr+alternates,pagefind,pagefind+alternates")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kmc-search-"))
    try:
        for variant in args.variants.split(","):
            engine, _, extra = variant.partition("+")
            if engine == "lunr":
                site = build(work, variant, lunr=True, alternates=bool(extra))
                size = dir_bytes(site / "search")
            else:
                # The site as published is pagefind+alternates.
                site = build(work, variant, lunr=False, alternates=bool(extra))
                size = dir_bytes(site / "pagefind")
            hits, misses = run(engine, site)
            print(f"{variant}: {hits}/{len(CASES)} queries find their page in the top 3; "
                  f"index on disk {size / 1024:.0f} KiB")
            for m in misses:
                print(f"  miss {m}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
