"""calendar.yaml: weekends, annual closures, the coverage window, example days."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .fields import MonthDay, Strict, Text, rule_error

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# Holidays are only known a few years ahead, and every page lists the window's
# holidays year by year: a longer window is a typo, not a plan.
MAX_YEARS = 10
FIRST_YEAR, LAST_YEAR = 2000, 2199


class Closure(Strict):
    name: Text
    start: MonthDay
    end: MonthDay
    stated_in_seed: bool


class Coverage(Strict):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _sane(self) -> Coverage:
        if self.start > self.end:
            raise rule_error(f"coverage start {self.start} is after its end {self.end}: swap them", "start")
        for key in ("start", "end"):
            day = getattr(self, key)
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise rule_error(f"coverage {key} {day} is not between {FIRST_YEAR} and {LAST_YEAR}: fix the year", key)
        if self.end.year - self.start.year >= MAX_YEARS:
            raise rule_error(f"coverage spans {self.end.year - self.start.year + 1} years; at most {MAX_YEARS} are allowed: shorten it", "end")
        return self


class Examples(Strict):
    accepted: dt.date
    cancel_applied: Annotated[list[dt.date], Field(min_length=1)]


class CalendarFile(Strict):
    weekend: list[Weekday]
    closures: list[Closure]
    coverage: Coverage
    examples: Examples
    # The last year of the Cabinet Office's published list of national
    # holidays; the pages say that later years' holidays are computed by rule.
    official_holidays_through: Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)] | None = None

    @model_validator(mode="after")
    def _examples_inside(self) -> CalendarFile:
        start, end = self.coverage.start, self.coverage.end
        days = [(("examples", "accepted"), self.examples.accepted)]
        days += [(("examples", "cancel_applied", n), day) for n, day in enumerate(self.examples.cancel_applied)]
        for path, day in days:
            if not start <= day <= end:
                raise rule_error(f"example date {day} is outside the coverage window: pick a date inside it", *path)
        if len(self.weekend) != len(set(self.weekend)):
            raise rule_error("weekend lists a day twice: list each weekend day once", "weekend")
        if len(self.weekend) == 7:
            raise rule_error("weekend lists every day of the week, so no day could be a business day: remove some", "weekend")
        return self
