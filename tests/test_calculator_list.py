"""The list of calculators is declared once, in ``calculators/forms.py``:
the engine dispatches over it, the build derives the calculator page's head
script and its shared-link stylesheet from it, and the page script reads
each form's fields from the page. No second list of calculator names may
appear in the page script, the stylesheets, the theme overrides or the
calculator page's template."""

import json
import re
from pathlib import Path

import pytest

from calculators.api import Engine
from calculators.forms import BY_NAME, CALCULATORS
from guidebuild.calculator.sharedlink import shared_link_css, shared_link_script

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = json.loads((ROOT / "tests" / "engine" / "bundle.json").read_text(encoding="utf-8"))


def test_names_are_plain_and_unique():
    names = [c.name for c in CALCULATORS]
    assert len(set(names)) == len(names)
    for c in CALCULATORS:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", c.name), c.name
        assert [f["error"] for f in json.loads(c.fields_json)], c.name


@pytest.mark.parametrize("calc", CALCULATORS, ids=lambda c: c.name)
def test_the_engine_answers_every_calculator_of_the_list(calc):
    # An empty request reaches the calculator itself: it refuses at one of its own fields.
    response = Engine(BUNDLE).run({"calculator": calc.name, "today": "2026-11-24"})
    assert response["ok"] is False
    assert response["field"] in {f["error"] for f in json.loads(calc.fields_json)}


def test_the_engine_refuses_a_name_outside_the_list():
    response = Engine(BUNDLE).run({"calculator": "_compute", "today": "2026-11-24"})
    assert response["ok"] is False and "unknown calculator" in response["message"]


def test_head_script_and_stylesheet_cover_exactly_the_list():
    script, css = shared_link_script(), shared_link_css().decode()
    alternatives = re.search(r"\^#\(([^)]*)\)-result\$", script).group(1).split("|")
    assert alternatives == list(BY_NAME)
    assert re.findall(r'html\[data-kmc-shared="([^"]+)"\] form\[data-calculator="\1"\]', css) == list(BY_NAME)
    # Nothing is hidden before the page script runs: a page whose script
    # never arrives shows all that follows the held space.
    assert "visibility" not in css


def _page_side_files() -> list[Path]:
    return [*sorted((ROOT / "docs/assets/javascripts/calculator").glob("*.mjs")),
            *sorted((ROOT / "docs/assets/stylesheets").glob("*.css")),
            *sorted((ROOT / "overrides").rglob("*.html")), ROOT / "docs/calculator/index.md"]


def test_no_second_list_of_calculator_names():
    # A name as an object key, an attribute or selector value, a section id,
    # a result anchor or a regular expression's alternative. ("change" is
    # also a DOM event, which the page script listens for by that name.)
    names = "|".join(map(re.escape, BY_NAME))
    listed = re.compile(rf"""\b(?:{names})\s*:\s*[{{(\w"]|(?<![=!])=\s*["'](?:{names})(?:-result)?["']"""
                        rf"""|#(?:{names})(?:-result)?\b|\((?:{names})\|""")
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p in _page_side_files()
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if listed.search(line)]
    assert not found, "calculator names belong in calculators/forms.py only:\n" + "\n".join(found)
