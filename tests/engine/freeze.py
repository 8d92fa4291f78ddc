"""Write tests/engine/bundle.json: the frozen bundle the engine tests run on.

    .venv/bin/python tests/engine/freeze.py

The engine tests are hand-worked dates (2026's holidays, the 1.8 edition's
lead times and cut-off), so they run on this committed copy of a bundle
rather than on the live rules and the real clock: moving the calendar window
or editing a rule can then never break them. Refresh it only when the
bundle's shape changes (tests/engine/test_frozen_bundle.py says so), and
check that the hand-worked cases still describe the frozen rules.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FROZEN = Path(__file__).resolve().with_name("bundle.json")


def main() -> int:
    root = FROZEN.parents[2]
    sys.path.insert(0, str(root))
    from guidebuild.rules import build_bundle
    from guidebuild.rules import load_rules

    bundle = build_bundle(load_rules(root / "rules"))
    FROZEN.write_text(json.dumps(bundle, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{FROZEN}: {bundle['rules_version']}, {bundle['calendar']['start']} to {bundle['calendar']['end']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
