"""Life after Material for MkDocs: the same generated pages built by Zensical.

Zensical reads mkdocs.yml but runs no MkDocs plugin, so it is given the
project as ``guidebuild.pages.prerender`` writes it (every page already filled from
the rules) and the calculator's files through ``guidebuild.calculator.assets``, the
function the plugin calls. The main content of every page must read
exactly as in the MkDocs build, the calculator page must point at the same
files, and ``guidebuild.publish.csp`` must secure its output like ours.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from guidebuild.calculator.assets import install_calculator
from guidebuild.publish.csp import HEADERS_FILE, meta_policy, secure_site
from guidebuild.guide import build_guide
from guidebuild.pages.prerender import prerender_project
from guidebuild.calculator.snapshot import unpack

from .conftest import ROOT, visible_text


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    tool = Path(sys.executable).parent / "zensical"
    if not tool.exists():
        pytest.fail(f"{tool} is missing: install the dev extra (bash scripts/setup.sh)", pytrace=False)
    out = tmp_path_factory.mktemp("zensical") / "project"
    guide = build_guide(ROOT / "rules", ROOT / "docs")
    config = prerender_project(ROOT, out, guide)
    proc = subprocess.run([str(tool), "build", "--strict", "-f", config.name], cwd=out,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    install_calculator(ROOT, out / "site", guide.bundle)
    return out / "site"


# guidebuild/publish/search.py adds a line with the `hidden` attribute for the search
# index (other spellings of the page's words): not content a reader sees, and
# Zensical builds its own search.
_HIDDEN = re.compile(r"<(\w+)\b[^>]*\shidden\b[^>]*>.*?</\1>", re.DOTALL)


def _shown(page: str) -> str:
    # The plugin's WORD JOINER after a link (guidebuild.pages.phrases.glue_particles)
    # only forbids a line break there: it is not read, and Zensical runs no plugin.
    return visible_text(_HIDDEN.sub(" ", page)).replace("\u2060", "").strip()


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_every_page_reads_the_same_as_the_mkdocs_build(site, zensical_site):
    ours, theirs = site.pages(), _pages(zensical_site)
    # The service worker's offline page comes with the MkDocs plugin's
    # service worker (guidebuild/publish/offline.py); Zensical gets neither.
    del ours["offline.html"]
    assert sorted(theirs) == sorted(ours)
    for name, page in ours.items():
        assert re.search(r"<article\b", page) and re.search(r"<article\b", theirs[name]), name
        text = _shown(page)
        assert text, name
        assert _shown(theirs[name]) == text, name
    # The pages are the generated ones, not raw templates.
    assert "{{" not in "".join(visible_text(p) for p in theirs.values())
    assert "10～18営業日" in visible_text(theirs["change/items/index.html"])


def test_csp_step_secures_any_built_site(zensical_site):
    secured = secure_site(zensical_site)
    assert "/" in secured.pages and "/change/items/" in secured.pages
    for name, page in _pages(zensical_site).items():
        head = re.search(r"<head\b[^>]*>\s*(<[^>]+>)", page).group(1)
        assert meta_policy(head), f"{name}: the CSP meta is not the first element of <head>"
        assert "'unsafe-inline'" not in meta_policy(page) and "'unsafe-eval'" not in meta_policy(page)
    headers = (zensical_site / HEADERS_FILE).read_text(encoding="utf-8")
    assert "frame-ancestors 'none'" in headers
    before = _pages(zensical_site)
    assert secure_site(zensical_site) == secured and _pages(zensical_site) == before  # idempotent


_URL_ATTR = re.compile(r'\s(data-[a-z0-9-]+)="([^"]*)"')


def _calculator_wiring(page: str) -> dict[str, str]:
    element = re.search(r"<[a-z]+\b[^>]*\sdata-kmc-calc\b[^>]*>", page)
    assert element, "no data-kmc-calc element"
    attrs = {k: html.unescape(v) for k, v in _URL_ATTR.findall(element.group(0))}
    scripts = re.findall(r'</article>\s*<script type="module" src="([^"]+)"></script>', page)
    return {**attrs, "script": scripts[0] if len(scripts) == 1 else f"{len(scripts)} scripts"}


def test_calculator_assets_are_the_mkdocs_builds(site, zensical_site, tmp_path):

    page_dir = zensical_site / "calculator"
    ours = _calculator_wiring(site.html("calculator/"))
    theirs = _calculator_wiring((page_dir / "index.html").read_text(encoding="utf-8"))
    # The same hashed paths, snapshot hash and rules version as the MkDocs page.
    assert theirs == ours
    # The page script's content-named directory (guidebuild/publish/versioned.py).
    assert re.fullmatch(r"\.\./assets/javascripts/calculator-[0-9a-f]{12}/calculator\.mjs", theirs["script"])
    urls = {k: v for k, v in theirs.items() if k.endswith("-url") or k == "script"}
    assert set(urls) == {"data-runtime-url", "data-lock-url", "data-bundle-url", "data-snapshot-url",
                         "data-stdlib-url", "script"}
    for name, url in urls.items():
        target = (page_dir / url).resolve()
        assert target.is_relative_to(zensical_site.resolve()) and target.exists(), f"{name}: {url}"
        if target.is_file():
            # Byte for byte what MkDocs published at the same path.
            same = site.site / target.relative_to(zensical_site.resolve())
            assert target.read_bytes() == same.read_bytes(), f"{name}: {url}"
    assert (page_dir / urls["data-runtime-url"] / "pyodide.asm.wasm").is_file()
    packed = tmp_path / "snapshot.packed"
    packed.write_bytes(gzip.decompress((page_dir / urls["data-snapshot-url"]).read_bytes()))
    snapshot = unpack(packed, page_dir / urls["data-runtime-url"], tmp_path / "snapshot.bin").read_bytes()
    assert hashlib.sha256(snapshot).hexdigest() == theirs["data-snapshot-sha256"]
    bundle = json.loads((page_dir / urls["data-bundle-url"]).read_bytes())
    assert bundle["rules_version"] == theirs["data-rules-version"]
    lock = page_dir / urls["data-lock-url"]
    [wheel] = [p for p in json.loads(lock.read_bytes())["packages"].values() if p["name"] == "calculators"]
    assert hashlib.sha256((lock.parent / wheel["file_name"]).read_bytes()).hexdigest() == wheel["sha256"]
