"""MkDocs hook: ship the date calculator (Python on Pyodide) with every build.

A thin adapter over ``guidebuild.calcsite``, which makes the files (rules
bundle, wheel, pyodide-lock.json, Pyodide runtime, memory snapshot) and
wires the page; see there for the layout and why each path is versioned.

* ``on_config`` makes the files for the checkout mkdocs.yml is in.
* ``on_files`` adds them as generated files, so ``mkdocs serve`` serves them too.
* ``on_page_content`` writes their URLs on the calculator page's
  ``data-kmc-calc`` element; ``on_post_page`` adds the page script right
  after that page's article, so no other page loads it. The page itself has
  a short cache lifetime, so it is the one place that says which version is
  current; the JS never guesses a path.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from guidebuild.calcsite import PAGE, SCRIPT, CalculatorPageError, add_script, calculator_assets, fill_page
from guidebuild.checkout import CheckoutError, config_root
from guidebuild.lastgood import LastGood
from guidebuild.snapshot import SnapshotError
from guidebuild.yamlload import RulesError

_state: dict = {}
# Under `mkdocs serve`, broken rules keep the last good assets, as the pages
# do (hooks/rules.py prints the message).
_assets = LastGood((RulesError,), "calculator")


def on_startup(command, dirty=False, **kwargs):
    _assets.serving = command == "serve"


def on_config(config, **kwargs):
    try:
        root = config_root(config.config_file_path)
        _state["assets"] = _assets.get(lambda: calculator_assets(root), report=False)
    except (CheckoutError, RulesError, FileNotFoundError) as error:
        raise PluginError(str(error)) from None
    except SnapshotError as error:
        raise PluginError(f"Pyodide snapshot: {error}") from None
    return config


def on_files(files, config, **kwargs):
    assets = _state["assets"]
    for path, data in assets.generated.items():
        files.append(File.generated(config, path, content=data))
    for path, source in assets.copied.items():
        files.append(File.generated(config, path, abs_src_path=str(source)))
    return files


def on_page_content(output, page, config, files, **kwargs):
    if page.file.src_uri != PAGE:
        return output
    try:
        return fill_page(output, _state["assets"], page.url)
    except CalculatorPageError as error:
        raise PluginError(str(error)) from None


def on_post_page(output, page, config, **kwargs):
    if page.file.src_uri != PAGE:
        return output
    if not (Path(config.docs_dir) / SCRIPT).is_file():
        raise PluginError(f"docs/{SCRIPT} is missing: the calculator page has no script")
    try:
        return add_script(output, page.url)
    except CalculatorPageError as error:
        raise PluginError(str(error)) from None
