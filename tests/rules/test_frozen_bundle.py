"""The engine tests' frozen bundle (tests/engine/bundle.json) still has the
shape the build writes, in every part the calculators read.

The engine tests run on that frozen copy so that a moving calendar window or
a rules edit cannot break their hand-worked dates; this test makes sure the
copy does not drift from what the browser really gets.
"""

from __future__ import annotations

import json
from pathlib import Path

from guidebuild.rules import build_bundle
from guidebuild.rules import load_rules

from .conftest import ROOT

FROZEN = ROOT / "tests" / "engine" / "bundle.json"
REFRESH = "refresh it with `.venv/bin/python tests/engine/freeze.py` and re-check the hand-worked cases"

# The parts of the bundle that calculators/ reads (a list stands for its first element).
READ = [
    (),
    ("calendar",),
    ("rules", "changes", "items", 0),
    ("rules", "changes", "items", 0, "lead_time"),
    ("rules", "documents", "documents", 0),
    ("rules", "cancellation", "cutoff"),
    ("rules", "contract", "softbank_option"),
    ("rules", "contract", "softbank_option", "lead_time"),
]


def _at(data, path):
    for step in path:
        data = data[step]
    return data


def test_frozen_bundle_has_the_live_shape():
    frozen = json.loads(Path(FROZEN).read_text(encoding="utf-8"))
    live = json.loads(json.dumps(build_bundle(load_rules(ROOT / "rules")), ensure_ascii=False))
    assert frozen["format"] == live["format"], f"the bundle format changed: {REFRESH}"
    for path in READ:
        assert sorted(_at(frozen, path)) == sorted(_at(live, path)), f"{'.'.join(map(str, path))}: {REFRESH}"
    kinds = {i["lead_time"]["kind"] for i in frozen["rules"]["changes"]["items"]}
    assert kinds == {"business_days", "next_month"}, "the frozen rules must keep both kinds of lead time"
