"""calendar.yaml: weekends, annual closures, the coverage window, example days."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from calculators.businesscalendar import ClosedPeriod

from .fields import Findings, MonthDay, Strict, Text, rule_error

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
    def _closures_apart(self) -> CalendarFile:
        findings = Findings()
        findings.unique(self.closures, "name", ("closures",))
        # Every day of a leap year, so 02-29 counts too; a closure that wraps
        # the year (12-29 to 01-03) is matched on both ends.
        seen: dict[tuple[int, int], int] = {}
        reported: set[tuple[int, int]] = set()
        day = dt.date(2028, 1, 1)
        while day.year == 2028:
            for index, closure in enumerate(self.closures):
                if ClosedPeriod.from_data({"name": closure.name, "start": closure.start, "end": closure.end}).contains(day):
                    first = seen.setdefault((day.month, day.day), index)
                    if first != index and (first, index) not in reported:
                        reported.add((first, index))
                        findings.add(f"closure {closure.name!r} overlaps {self.closures[first].name!r} (line {{first_line}}) "
                                     f"on {day.month:02d}-{day.day:02d}: make them one closure or move the dates apart",
                                     "closures", index, "start", first=("closures", first, "start"))
            day += dt.timedelta(days=1)
        findings.raise_any()
        return self

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
