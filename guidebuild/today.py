"""Today for the build, the CLIs and the tests: ``KMC_TODAY=YYYY-MM-DD`` when
set, else today in Japan.

One setting fixes the day everything that depends on the date agrees on (the
calendar window check, the CLIs' default dates, the tests and the clock the
browser tests install on the page), so a test run, or an old commit's build,
gives the same answer on any day. ``calculators/`` never reads it: the
engine ships to the browser and takes ``today`` as an argument.
"""

from __future__ import annotations

import datetime as dt
import os
import re

from calculators.jst import today_in_japan

ENV = "KMC_TODAY"


class TodayError(ValueError):
    """``KMC_TODAY`` is set to something that is not a real YYYY-MM-DD day."""


def parse(value: str) -> dt.date:
    """``value`` as a day, or TodayError saying what to write instead."""
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise TodayError(f"{ENV}={value!r} is not a day: write it as YYYY-MM-DD (e.g. {ENV}=2027-12-15), "
                     f"or unset {ENV} for today in Japan")


def today() -> dt.date:
    """``KMC_TODAY`` when set (an empty value counts as unset), else today in Japan."""
    value = os.environ.get(ENV, "")
    return parse(value) if value.strip() else today_in_japan()
