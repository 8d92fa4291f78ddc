"""The calculator's files and page wiring, for any site builder.

``calculator_assets(root, bundle)`` makes everything the calculator page needs
from the checkout ``root`` and the guide's rules bundle: the bundle itself, the deterministic ``calculators``
wheel and a pyodide-lock.json (Pyodide's lock plus our wheel and its sha256,
which the browser checks) under ``assets/calc/<hash>/``, where ``<hash>``
covers the bytes of all three, so a browser never pairs a cached old wheel
with new rules; the Pyodide runtime copied from node_modules under
``assets/pyodide/<version>/``; and the memory snapshot with the trimmed
standard library it was made with (``guidebuild.snapshot``, cached in the
user's ``<cache>/snapshot/<key>/``, ``guidebuild/cache.py``) under ``assets/pyodide/<version>/snapshot/<key>/``
(the rules are not in the snapshot, so a rules edit keeps its URL).

``fill_page`` writes the URLs into the calculator page's ``data-kmc-calc``
element, ``add_script`` puts the page script right after its article and
``add_shared_links`` the head script and stylesheet for shared links to a
result, made from the list of calculators (``calculators.forms``).
The MkDocs plugin (``guidebuild.plugin``) calls them; ``install_calculator``
does all of it over an already built site (a builder that runs no hooks,
e.g. Zensical). Nothing here imports MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import html
import posixpath
import shutil
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from calculators.forms import CALCULATORS

from ..cache import cache_dir
from ..publish import markup
from ..publish.versioned import version_site
from ..rules.bundle import canonical
from .lock import RUNTIME_FILES, pyodide_version, write_lock
from .sharedlink import shared_link_css, shared_link_script
from .snapshot import SNAPSHOT_NAME, STDLIB_NAME, Snapshot, build_snapshot
from .wheel import build_calculators_wheel
from .wire import file_sizes, wire_bytes

PAGE = "calculator/index.md"
PAGE_URL = "calculator/"
MARKER = "data-kmc-calc"
BUNDLE_NAME = "rules.json"
LOCK_NAME = "pyodide-lock.json"
SHARED_CSS = "shared.css"
SCRIPT = "assets/javascripts/calculator/calculator.mjs"
WORKER = "worker.mjs"


class CalculatorPageError(ValueError):
    """The calculator page cannot be wired (no marker, no article, no script)."""


@dataclass(frozen=True)
class CalculatorAssets:
    """What one build ships for the calculator, and where."""

    calc_dir: str               # assets/calc/<hash>/
    runtime_dir: str            # assets/pyodide/<version>/
    snapshot_dir: str           # assets/pyodide/<version>/snapshot/<key>/
    generated: dict[str, bytes]  # site path -> bytes made here
    copied: dict[str, Path]     # site path -> file copied as it is
    rules_version: str
    snapshot: Snapshot

    def attributes(self, page_url: str = PAGE_URL) -> dict[str, str]:
        """The page's data attributes, relative to ``page_url`` so the site
        works under any mount point."""
        def rel(path: str) -> str:
            return relative_url(path, page_url)

        return {
            # Pyodide wants indexURL to end with a slash.
            "data-runtime-url": rel(self.runtime_dir).rstrip("/") + "/",
            "data-lock-url": rel(self.calc_dir + LOCK_NAME),
            "data-bundle-url": rel(self.calc_dir + BUNDLE_NAME),
            "data-rules-version": self.rules_version,
            "data-snapshot-url": rel(self.snapshot_dir + SNAPSHOT_NAME),
            "data-snapshot-sha256": self.snapshot.sha256,
            "data-stdlib-url": rel(self.snapshot_dir + STDLIB_NAME),
            "data-boot-bytes": json.dumps(self.boot_bytes(page_url), sort_keys=True, separators=(",", ":")),
        }

    def boot_bytes(self, page_url: str = PAGE_URL) -> dict[str, dict[str, list[int]]]:
        """What each way up (worker.mjs) downloads: {"snapshot"|"normal":
        {URL relative to ``page_url``: [bytes, wire bytes]}}. The worker
        counts the bytes of each response as the browser hands them over
        (decoded, as the files lie here); the wire bytes are what the host
        sends for it (gzipped where it compresses that type), so the page
        weighs each file's share arrived by them and its progress moves with
        the time a steady link takes."""
        def sizes(path: str) -> list[int]:
            if path in self.generated:
                data = self.generated[path]
                return [len(data), wire_bytes(path, data)]
            return list(file_sizes(self.copied[path]))

        runtime = [self.runtime_dir + name for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")]
        ours = [self.calc_dir + LOCK_NAME, self.calc_dir + BUNDLE_NAME]
        wheel = [p for p in self.generated if p.endswith(".whl")]
        ways = {"snapshot": [*runtime, *ours, *(self.snapshot_dir + name for name in self.snapshot.files)],
                "normal": [*runtime, *ours, *wheel, self.runtime_dir + "python_stdlib.zip"]}
        return {way: {relative_url(p, page_url): sizes(p) for p in paths} for way, paths in ways.items()}

    def boot_files(self) -> list[str]:
        """Site paths of what the worker's snapshot boot fetches besides the
        page's modules, in the order it needs them (the fallback's wheel and
        full standard library are not among them)."""
        return [self.runtime_dir + "pyodide.mjs", self.runtime_dir + "pyodide.asm.mjs",
                self.runtime_dir + "pyodide.asm.wasm", self.snapshot_dir + STDLIB_NAME,
                self.calc_dir + BUNDLE_NAME, self.calc_dir + LOCK_NAME, self.snapshot_dir + SNAPSHOT_NAME]


def relative_url(url: str, other: str) -> str:
    """``url`` (site path) as seen from page ``other``: mkdocs.utils.get_relative_url."""
    if other != ".":
        head, tail = posixpath.split(other)
        other = head if "." in tail else other
    rel = posixpath.relpath("/" + url, "/" + other)
    return rel + "/" if url.endswith("/") else rel


def _project_version(root: Path) -> str:
    with open(root / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def calculator_assets(root: Path, bundle: dict) -> CalculatorAssets:
    """Build the calculator's files for checkout ``root`` (its calculators,
    node_modules and pyproject) and the guide's ``bundle``; the snapshot
    comes from the user's cache (``guidebuild/cache.py``).

    Raises ``SnapshotError`` if Node fails, ``FileNotFoundError`` without
    node_modules/pyodide."""
    pyodide_dir = root / "node_modules" / "pyodide"
    if not (pyodide_dir / "pyodide.mjs").is_file():
        raise FileNotFoundError(f"{pyodide_dir} is missing: run `npm ci` in {root} (make serve does it)")
    bundle_bytes = canonical(bundle)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_calculators_wheel(root, Path(tmp), _project_version(root))
        lock = write_lock(pyodide_dir / LOCK_NAME, wheel, Path(tmp) / LOCK_NAME, wheel.name)
        files = {BUNDLE_NAME: bundle_bytes, wheel.name: wheel.read_bytes(), LOCK_NAME: lock.read_bytes(),
                 SHARED_CSS: shared_link_css()}
        snapshot = build_snapshot(pyodide_dir, wheel, cache_dir("snapshot"))
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    calc_dir = f"assets/calc/{digest.hexdigest()[:16]}/"
    runtime_dir = f"assets/pyodide/{pyodide_version(root / 'node_modules')}/"
    snapshot_dir = f"{runtime_dir}snapshot/{snapshot.key}/"
    copied = {runtime_dir + name: pyodide_dir / name for name in RUNTIME_FILES}
    copied.update({snapshot_dir + name: path for name, path in snapshot.files.items()})
    return CalculatorAssets(calc_dir, runtime_dir, snapshot_dir,
                            {calc_dir + name: data for name, data in files.items()}, copied,
                            bundle["rules_version"], snapshot)


def fill_page(page_html: str, assets: CalculatorAssets, page_url: str = PAGE_URL) -> str:
    """The calculator page's (content) HTML with the URLs on its marker
    element: the one element carrying the ``data-kmc-calc`` attribute, however
    it is written (bare, empty or with a value, in any case)."""
    marked = [t for t in markup.scan(page_html) if not t.closing and t.has(MARKER)]
    if len(marked) != 1:
        raise CalculatorPageError(f"{PAGE} must contain exactly one element with the {MARKER} attribute "
                                  f"(found {len(marked)})")
    tag = marked[0]
    urls = assets.attributes(page_url)
    kept = [(k, v) for k, v in tag.attrs if k != MARKER and k not in urls]
    filled = markup.start_tag(tag.name, [(MARKER, None), *urls.items(), *kept], tag.self_closing)
    return page_html[:tag.start] + filled + page_html[tag.end:]


def add_script(page_html: str, page_url: str = PAGE_URL) -> str:
    """The page script right after the article, inside Material's content
    component: instant navigation swaps that component in and re-runs the
    scripts in it, and the article itself stays free of script
    (tests/browser/test_hostile.py)."""
    ends = [t for t in markup.scan(page_html) if t.closing and t.name == "article"]
    if len(ends) != 1:
        raise CalculatorPageError(f"{PAGE}: expected one </article> to put the calculator's script after "
                                  f"(found {len(ends)})")
    src = html.escape(relative_url(SCRIPT, page_url))
    at = ends[0].end
    return page_html[:at] + f'\n<script type="module" src="{src}"></script>' + page_html[at:]


# The large downloads are the worker's own: it counts their bytes as they
# arrive, which the page shows as the reader waits. Preloaded by the page, the
# worker's request would wait on the page's download (the HTTP cache serves
# one download per URL) and see every byte only at its end. They start early
# all the same: the head's inline script (EARLY_WORKER) starts the worker
# while the HTML is parsed.
NOT_PRELOADED = ("pyodide.asm.wasm", SNAPSHOT_NAME, STDLIB_NAME)
EARLY_WORKER = Path(__file__).with_name("early-worker.js")


def add_preloads(page_html: str, assets: CalculatorAssets, modules: list[str],
                 page_url: str = PAGE_URL) -> str:
    """The calculator page with its downloads started from its head, while
    the HTML is parsed, instead of after the theme's bundle and the page
    script have run.

    At the end of the head: the worker and the runtime's small files
    ``preload``ed ``as="fetch"`` with ``crossorigin="anonymous"``
    (credentials mode "same-origin", as the worker's ``fetch()``); an inline
    script (``early-worker.js``, hashed into the page's CSP by
    ``publish.csp`` like Material's inline scripts) that starts the worker
    from the preload link marked ``data-kmc-worker`` (``engine-client.mjs``
    takes it over); then ``modules``, the file names of the page's ES
    modules, ``modulepreload``ed. The script comes after the theme's
    stylesheets and so runs once they have arrived, when the page can paint:
    the runtime's megabytes do not compete with what the first paint needs.
    The worker is another global, so it does not take the document's
    preloaded responses over; it finds them in the HTTP cache (or the
    service worker's), which a preload fills and which serves a request
    arriving while the same URL is still downloading from that one
    download."""
    if page_html.count("</head>") != 1:
        raise CalculatorPageError(f"{PAGE}: expected one </head> to put the preloads in")
    script_dir = posixpath.dirname(SCRIPT)
    worker = html.escape(relative_url(f"{script_dir}/{WORKER}", page_url))
    links = [f'<link rel="preload" href="{worker}" as="fetch" crossorigin="anonymous" data-kmc-worker>']
    links += [f'<link rel="preload" href="{html.escape(relative_url(path, page_url))}" as="fetch" '
              'crossorigin="anonymous">' for path in assets.boot_files() if not path.endswith(NOT_PRELOADED)]
    links.append(f"<script>{early_worker_script()}</script>")
    links += [f'<link rel="modulepreload" href="{html.escape(relative_url(f"{script_dir}/{m}", page_url))}">'
              for m in sorted(modules) if m != WORKER]
    return page_html.replace("</head>", "\n".join(links) + "\n</head>", 1)


def add_shared_links(page_html: str, assets: CalculatorAssets, page_url: str = PAGE_URL) -> str:
    """The calculator page with the head script and stylesheet for shared
    links to a result, both made from the list of calculators."""
    if page_html.count("</head>") != 1:
        raise CalculatorPageError(f"{PAGE}: expected one </head> to put the shared-link script in")
    href = html.escape(relative_url(assets.calc_dir + SHARED_CSS, page_url))
    return page_html.replace("</head>", f'<link rel="stylesheet" href="{href}">\n{shared_link_script()}\n</head>', 1)


def early_worker_script() -> str:
    """``early-worker.js`` as the page carries it: without its leading comment."""
    lines = EARLY_WORKER.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("//")).strip()


def install_calculator(root: Path, site_dir: Path, bundle: dict) -> CalculatorAssets:
    """Everything above over a built site: write the files into ``site_dir``
    and wire its ``calculator/index.html``. Returns the assets written."""
    page = site_dir / PAGE_URL / "index.html"
    if not (site_dir / SCRIPT).is_file():
        raise CalculatorPageError(f"{site_dir / SCRIPT} is missing: the calculator page has no script")
    assets = calculator_assets(root, bundle)
    for path, data in assets.generated.items():
        (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / path).write_bytes(data)
    for path, source in assets.copied.items():
        (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, site_dir / path)
    text = page.read_text(encoding="utf-8")
    modules = [p.name for p in (site_dir / SCRIPT).parent.glob("*.mjs")]
    page.write_text(add_shared_links(add_preloads(add_script(fill_page(text, assets)), assets, modules), assets),
                    encoding="utf-8")
    version_site(site_dir)
    return assets
