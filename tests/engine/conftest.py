"""Fixtures for the engine tests, which run both in CPython and inside Pyodide.

They import only calculators, pytest and hypothesis. In CPython the bundle
is built from rules/ (as the site build does); inside Pyodide the runner
writes the same bundle to a file and names it in KMC_BUNDLE.
"""

import json
import os
from pathlib import Path

import pytest

from calculators.api import Engine


def _bundle() -> dict:
    path = os.environ.get("KMC_BUNDLE")
    if path:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    from guidebuild.bundle import build_bundle
    from guidebuild.rules import load_rules

    # Round-trip through JSON so CPython sees exactly what the browser sees.
    return json.loads(json.dumps(build_bundle(load_rules()), ensure_ascii=False))


BUNDLE = _bundle()


@pytest.fixture(scope="session")
def bundle() -> dict:
    return BUNDLE


@pytest.fixture(scope="session")
def engine(bundle) -> Engine:
    return Engine(bundle)
