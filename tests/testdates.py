"""Dates for tests that run against the live rules.

Never a typed year: the run's today (``KMC_TODAY``, which tests/conftest.py
fixes for the whole run), days of the year that today falls in, or the
worked examples' dates of rules/calendar.yaml (which the rules' own checks
keep inside the coverage window). The suite passes for any today from now to
the end of the window's last-but-one year.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from calculators.api import Engine
from guidebuild.today import today


def today_iso() -> str:
    return today().isoformat()


def this_year(month_day: str) -> str:
    """``MM-DD`` in today's year, e.g. this_year("12-29")."""
    return f"{today().year}-{month_day}"


def next_year(month_day: str) -> str:
    return f"{today().year + 1}-{month_day}"


def month_from_now(months: int) -> str:
    """``YYYY-MM``, ``months`` after today's month (negative: before)."""
    index = today().year * 12 + today().month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@cache
def _calendar():
    from guidebuild.rules import load_rules

    return load_rules().models["calendar"]


def example_accepted() -> str:
    """calendar.yaml ``examples.accepted``."""
    return _calendar().examples.accepted.isoformat()


def example_cancel_applied() -> list[str]:
    """calendar.yaml ``examples.cancel_applied``."""
    return [d.isoformat() for d in _calendar().examples.cancel_applied]


def coverage() -> tuple[dt.date, dt.date]:
    c = _calendar().coverage
    return c.start, c.end


def after_coverage() -> str:
    """A real day a year after the coverage window: always refused."""
    end = coverage()[1]
    return f"{end.year + 1}-01-05"



class TodayEngine(Engine):
    """calculators.api.Engine whose requests default to the run's today, as
    the page's do (the page sends its today with each request)."""

    def run(self, request):
        return super().run({"today": today_iso(), **request})
