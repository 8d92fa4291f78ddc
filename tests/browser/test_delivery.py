"""The deployment contract that needs no headers (guidebuild/publish/versioned.py,
offline.py): whatever can change between deploys and the pages or the
calculator fetch has a name that changes with its bytes, so no cache can pair
one deploy's page with another deploy's files.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from ghpages import manifest
from guidebuild.publish.versioned import CALC_DIR, calculator_dir, version_site

CONTENT_NAMED = re.compile(
    r"(?:\.[0-9a-f]{8}\.min\.(?:css|js)|\.[0-9a-f]{12}\.(?:css|mjs))$"
    r"|^assets/javascripts/calculator-[0-9a-f]{12}/"
    r"|^assets/pyodide/[0-9.]+/|^assets/calc/[0-9a-f]{16}/")
_LINK = re.compile(r'<(?:script\b[^>]*\bsrc|link\b[^>]*\bhref)="([^"]+)"')


def _mini_site(root: Path, engine: str = "export const x = 1;\n") -> Path:
    calc = root / CALC_DIR
    calc.mkdir(parents=True)
    (calc / "main.mjs").write_text('import { x } from "./engine.mjs";\nnew URL("./worker.mjs", import.meta.url);\n')
    (calc / "engine.mjs").write_text(engine)
    (calc / "worker.mjs").write_text("self.onmessage = () => {};\n")
    (root / "assets/stylesheets").mkdir(parents=True)
    (root / "assets/stylesheets/extra.css").write_text("a { color: red }\n")
    (root / "assets/stylesheets/main.0123abcd.min.css").write_text("/* theme */\n")
    (root / "assets/javascripts/print.mjs").write_text("export {};\n")
    (root / "page").mkdir()
    (root / "page/index.html").write_text(
        '<head><link rel="stylesheet" href="../assets/stylesheets/extra.css?v=1">'
        '<link rel="stylesheet" href="../assets/stylesheets/main.0123abcd.min.css">'
        '<link rel="modulepreload" href="../assets/javascripts/calculator/engine.mjs"></head>'
        '<script type="module" src="../assets/javascripts/calculator/main.mjs"></script>'
        '<script type="module" src="../assets/javascripts/print.mjs"></script>'
        '<a href="https://example.com/assets/stylesheets/extra.css">x</a>')
    return root


def test_names_follow_the_bytes(tmp_path):
    a = _mini_site(tmp_path / "a")
    b = _mini_site(tmp_path / "b", engine="export const x = 2;\n")
    ra, rb = version_site(a), version_site(b)
    # One changed module renames the directory all modules import each other in.
    assert ra[CALC_DIR] != rb[CALC_DIR]
    assert ra["assets/stylesheets/extra.css"] == rb["assets/stylesheets/extra.css"]
    calc = a / ra[CALC_DIR]
    assert sorted(p.name for p in calc.iterdir()) == ["engine.mjs", "main.mjs", "worker.mjs"]
    assert ra[CALC_DIR] == calculator_dir({p.name: p.read_bytes() for p in calc.iterdir()})
    assert not (a / CALC_DIR).exists() and not (a / "assets/stylesheets/extra.css").exists()
    page = (a / "page/index.html").read_text()
    new_css = posixpath.relpath(ra["assets/stylesheets/extra.css"], "page")
    assert f'href="{new_css}?v=1"' in page
    assert f'src="../{ra[CALC_DIR]}/main.mjs"' in page
    assert f'href="../{ra[CALC_DIR]}/engine.mjs"' in page
    assert f'src="../{ra["assets/javascripts/print.mjs"]}"' in page
    # The theme's own content-named files and other hosts' addresses stay.
    assert 'href="../assets/stylesheets/main.0123abcd.min.css"' in page
    assert 'href="https://example.com/assets/stylesheets/extra.css"' in page


def _site_paths(site: Path) -> dict[str, list[str]]:
    out = {}
    for page in sorted(site.rglob("*.html")):
        here = posixpath.dirname(page.relative_to(site).as_posix())
        paths = []
        for url in _LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"^(?:[a-z]+:|//|#)", url):
                continue
            path = posixpath.normpath(posixpath.join(here, url.split("?")[0].split("#")[0]))
            if path.startswith("assets/"):
                paths.append(path)
        out[page.relative_to(site).as_posix()] = paths
    return out


@pytest.fixture(scope="module")
def site(builds) -> Path:
    return builds.main.site


def test_every_page_fetches_scripts_and_styles_by_content_name(site):
    seen = set()
    for page, paths in _site_paths(site).items():
        for path in paths:
            if path.endswith((".png", ".svg", ".ico")):
                continue  # images keep their names: a stale icon mixes nothing
            assert CONTENT_NAMED.search(path), f"{page}: {path}"
            assert (site / path).is_file(), f"{page}: {path} does not exist"
            seen.add(path)
    assert not (site / CALC_DIR).exists()
    (calc,) = site.glob("assets/javascripts/calculator-*")
    assert calc.name.split("-")[-1] == calculator_dir({p.name: p.read_bytes() for p in calc.iterdir()}).split("-")[-1]
    assert f"assets/javascripts/{calc.name}/calculator.mjs" in seen
    # Imports between the modules stay inside that one directory.
    for module in calc.glob("*.mjs"):
        for name in re.findall(r'"\./([\w-]+\.mjs)"', module.read_text(encoding="utf-8")):
            assert (calc / name).is_file(), f"{module.name} imports {name}"


def test_the_calculator_page_announces_its_downloads(builds):
    page = builds.main.html("calculator/")
    head = page.split("</head>")[0]
    preloads = re.findall(r'<link rel="preload" href="\.\./([^"]+)" as="fetch" crossorigin="anonymous"'
                          r'(?: data-kmc-worker)?>', head)
    modules = re.findall(r'<link rel="modulepreload" href="\.\./([^"]+)">', head)
    runtime = manifest(builds.main.site)["runtime"]
    # The large files are left to the worker, which counts their bytes for the
    # waiting reader (guidebuild/calculator/assets.py, NOT_PRELOADED).
    large = ("pyodide.asm.wasm", "snapshot.bin.gz", "python_stdlib.zip")
    assert {p for p in runtime if "/calculator-" not in p and not p.endswith(large)} \
        | {p for p in runtime if p.endswith("/worker.mjs")} == set(preloads)
    assert {p for p in runtime if "/calculator-" in p and not p.endswith("/worker.mjs")} == set(modules)
    # The worker is started from the head, by the inline script after its link.
    (worker,) = re.findall(r'<link rel="preload" href="\.\./([^"]+)"[^>]* data-kmc-worker>', head)
    assert worker.endswith("/worker.mjs")
    assert head.index("data-kmc-worker") < head.index("window.kmcEarlyWorker")
    # Not on the other pages.
    assert 'rel="preload"' not in builds.main.html("change/items/")
    assert "kmcEarlyWorker" not in builds.main.html("change/items/")


def test_a_rules_edit_is_a_new_deploy_with_the_same_runtime(builds):
    a, b = manifest(builds.main.site), manifest(builds.edited.site)
    assert a["version"] != b["version"]
    changed = set(a["runtime"]) ^ set(b["runtime"])
    assert changed and all(p.startswith("assets/calc/") for p in changed)
    assert a["shell"] == b["shell"]
    for m, site in ((a, builds.main.site), (b, builds.edited.site)):
        for path in m["shell"] + m["runtime"]:
            assert CONTENT_NAMED.search(path) and (site / path).is_file(), path
        assert f'<meta name="kmc-deploy" content="{m["version"]}">' in (site / "index.html").read_text("utf-8")
