"""MkDocs hook: ship the date calculator (Python on Pyodide) with every build.

At ``mkdocs build`` / ``mkdocs serve``, with no separate step:

* ``on_config`` builds the rules bundle, the deterministic ``calculators``
  wheel and a pyodide-lock.json (Pyodide's own lock plus our wheel and its
  sha256, which the browser checks). All three live under
  ``assets/calc/<hash>/``, where ``<hash>`` covers the bytes of all three: new
  rules or new engine code give a new directory, so a browser can never pair
  a cached old wheel with new rules (or the reverse). _headers marks the
  directory immutable.
* ``on_config`` also gets the memory snapshot of the booted runtime with
  the wheel imported, and the trimmed standard library it was made with
  (guidebuild/snapshot.py; built under Node on the first build, then cached
  in ``.cache/snapshot/<key>/`` by a hash of its inputs). They go to
  ``assets/pyodide/<pyodide version>/snapshot/<key>/``: the rules are not in
  the snapshot, so a rules edit changes neither its bytes nor its URL and a
  returning reader keeps the cached copy.
* ``on_files`` adds those files, and the Pyodide runtime copied from
  node_modules to ``assets/pyodide/<pyodide version>/``, as generated files,
  so ``mkdocs serve`` serves them too.
* ``on_page_content`` writes the URLs into the calculator page as data
  attributes on the element marked ``data-kmc-calc``; ``on_post_page`` adds
  the page script right after that page's article, so no other page loads
  it. It sits in Material's content component, which instant navigation
  swaps in and whose scripts it re-runs (a module runs once per document;
  it re-initialises through ``document$``). The page itself
  has a short cache lifetime, so it is the one place that says which
  version is current; the JS never guesses a path.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import tempfile
import tomllib
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from guidebuild.bundle import build_bundle
from guidebuild.pyodide_assets import RUNTIME_FILES, pyodide_version, write_lock
from guidebuild.checkout import CheckoutError, build_rules_dir, config_root
from guidebuild.lastgood import LastGood
from guidebuild.rules import load_rules
from guidebuild.snapshot import SNAPSHOT_NAME, STDLIB_NAME, SnapshotError, build_snapshot
from guidebuild.wheel import build_calculators_wheel
from guidebuild.yamlload import RulesError

PAGE = "calculator/index.md"
MARKER = "data-kmc-calc"
BUNDLE_NAME = "rules.json"
LOCK_NAME = "pyodide-lock.json"
SCRIPT = "assets/javascripts/calculator/calculator.mjs"

_state: dict = {}
# Under `mkdocs serve`, broken rules keep the last good assets, as the pages
# do (hooks/rules.py prints the message).
_assets = LastGood((RulesError,), "calculator")


def on_startup(command, dirty=False, **kwargs):
    _assets.serving = command == "serve"


def _project_version(root: Path) -> str:
    with open(root / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def build_assets(root: Path, rules_dir: Path) -> dict:
    """Bytes and names of everything under ``assets/calc/<hash>/``, for the
    checkout ``root`` (its calculators, node_modules and pyproject)."""
    node_modules = root / "node_modules"
    bundle = build_bundle(load_rules(rules_dir))
    bundle_bytes = json.dumps(bundle, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_calculators_wheel(root, Path(tmp), _project_version(root))
        lock = write_lock(node_modules / "pyodide" / LOCK_NAME, wheel, Path(tmp) / LOCK_NAME, wheel.name)
        files = {BUNDLE_NAME: bundle_bytes, wheel.name: wheel.read_bytes(), LOCK_NAME: lock.read_bytes()}
        snapshot = build_snapshot(node_modules / "pyodide", wheel, root / ".cache" / "snapshot")
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return {
        "hash": digest.hexdigest()[:16],
        "files": files,
        "rules_version": bundle["rules_version"],
        "pyodide_version": pyodide_version(node_modules),
        "snapshot": snapshot,
    }


def on_config(config, **kwargs):
    try:
        root = config_root(config.config_file_path)
    except CheckoutError as error:
        raise PluginError(str(error)) from None
    _state["node_modules"] = root / "node_modules"
    if not (root / "node_modules" / "pyodide" / "pyodide.mjs").is_file():
        raise PluginError(f"{root}/node_modules/pyodide is missing: run `npm ci` there (make serve does it)")
    try:
        _state.update(_assets.get(lambda: build_assets(root, build_rules_dir(root)), report=False))
    except RulesError as error:
        raise PluginError(str(error)) from None
    except SnapshotError as error:
        raise PluginError(f"Pyodide snapshot: {error}") from None
    _state["calc_dir"] = f"assets/calc/{_state['hash']}/"
    _state["runtime_dir"] = f"assets/pyodide/{_state['pyodide_version']}/"
    _state["snapshot_dir"] = f"{_state['runtime_dir']}snapshot/{_state['snapshot'].key}/"
    return config


def on_files(files, config, **kwargs):
    for name, data in _state["files"].items():
        files.append(File.generated(config, _state["calc_dir"] + name, content=data))
    for name in RUNTIME_FILES:
        files.append(File.generated(config, _state["runtime_dir"] + name,
                                    abs_src_path=str(_state["node_modules"] / "pyodide" / name)))
    for name, path in _state["snapshot"].files.items():
        files.append(File.generated(config, _state["snapshot_dir"] + name, abs_src_path=str(path)))
    return files


def page_attributes(page_url: str) -> str:
    def rel(path: str) -> str:
        # Relative to the page, so the site works under any mount point.
        return get_relative_url(path, page_url)

    values = {
        # Pyodide wants indexURL to end with a slash.
        "data-runtime-url": rel(_state["runtime_dir"]).rstrip("/") + "/",
        "data-lock-url": rel(_state["calc_dir"] + LOCK_NAME),
        "data-bundle-url": rel(_state["calc_dir"] + BUNDLE_NAME),
        "data-rules-version": _state["rules_version"],
        "data-snapshot-url": rel(_state["snapshot_dir"] + SNAPSHOT_NAME),
        "data-snapshot-sha256": _state["snapshot"].sha256,
        "data-stdlib-url": rel(_state["snapshot_dir"] + STDLIB_NAME),
    }
    return " ".join(f'{k}="{html.escape(v)}"' for k, v in values.items())


# md_in_html writes a bare attribute as data-kmc-calc="data-kmc-calc".
_MARKER_RE = re.compile(rf'(?<=\s){MARKER}(?:="[^"]*")?(?=[\s/>])')


def on_page_content(output, page, config, files, **kwargs):
    if page.file.src_uri != PAGE:
        return output
    found = _MARKER_RE.findall(output)
    if len(found) != 1:
        raise PluginError(f"{PAGE} must contain exactly one element with the {MARKER} attribute")
    return _MARKER_RE.sub(lambda m: f"{MARKER} {page_attributes(page.url)}", output, count=1)


def on_post_page(output, page, config, **kwargs):
    if page.file.src_uri != PAGE:
        return output
    # After the article, inside Material's content component: instant
    # navigation swaps that component in and re-runs the scripts in it, and
    # the article itself stays free of script (tests/browser/test_hostile.py).
    if output.count("</article>") != 1:
        raise PluginError(f"{PAGE}: expected one </article> to put the calculator's script after")
    if not (Path(config.docs_dir) / SCRIPT).is_file():
        raise PluginError(f"docs/{SCRIPT} is missing: the calculator page has no script")
    src = html.escape(get_relative_url(SCRIPT, page.url))
    return output.replace("</article>", f'</article>\n<script type="module" src="{src}"></script>', 1)
