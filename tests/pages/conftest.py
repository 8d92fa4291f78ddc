"""The page tests read the shared builds (``builds`` in tests/conftest.py);
``site`` is the build of the real rules."""

from __future__ import annotations

import pytest

from sitebuilds import HOSTILE, NEW_EMAIL, ROOT, Build, norm, python, visible_text  # noqa: F401  (re-exported)


@pytest.fixture(scope="session")
def site(builds) -> Build:
    return builds.main


@pytest.fixture(scope="session")
def rules():
    from guidebuild.rules import load_rules

    return load_rules(ROOT / "rules")
