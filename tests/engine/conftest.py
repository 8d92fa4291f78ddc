"""Fixtures for the engine tests, which run both in CPython and inside Pyodide.

They import only calculators, pytest and hypothesis, and run on the frozen
bundle ``bundle.json`` beside this file (written by ``freeze.py``), never on
the live rules or the real clock: the hand-worked cases are about 2026's
calendar and the 1.8 edition's rules, and must keep passing when the
coverage window moves on. The pages' tests check the live rules.

Hypothesis: CPython runs every property with its full example count;
inside Pyodide (WebAssembly, several times slower) a small profile samples
fewer days of the same properties.
"""

import json
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from calculators.api import Engine

FROZEN = Path(__file__).resolve().with_name("bundle.json")
BUNDLE = json.loads(FROZEN.read_text(encoding="utf-8"))

IN_PYODIDE = sys.platform == "emscripten"
settings.register_profile("engine", deadline=None)
settings.register_profile("engine-pyodide", deadline=None, database=None, max_examples=25)
settings.load_profile("engine-pyodide" if IN_PYODIDE else "engine")


def examples(count: int) -> int:
    """A property's example count: ``count`` in CPython, the profile's in Pyodide."""
    return settings().max_examples if IN_PYODIDE else count


@pytest.fixture(scope="session")
def bundle() -> dict:
    return BUNDLE


@pytest.fixture(scope="session")
def engine(bundle) -> Engine:
    return Engine(bundle)
