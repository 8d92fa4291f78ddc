"""The business-day calendar, built from the bundle's precomputed holidays."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from .errors import OutOfCoverage
from .jformat import ja_date

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_REASON = ("月曜", "火曜", "水曜", "木曜", "金曜", "土曜", "日曜")


_MONTH_DAY = re.compile(r"^([0-9]{2})-([0-9]{2})$")


def parse_month_day(text: object) -> tuple[int, int]:
    """(month, day) from the rules' ``MM-DD``: any day a leap year has, 02-29 included.

    The one parser of closure bounds: the build's validation, the pages and
    the browser's calendar all call it, so they agree on what a bound means.
    """
    found = _MONTH_DAY.match(text) if isinstance(text, str) else None
    if not found:
        raise ValueError(f"{text!r} is not written MM-DD")
    month, day = int(found.group(1)), int(found.group(2))
    try:
        dt.date(2024, month, day)  # a leap year: 02-29 is a day of the year
    except ValueError:
        raise ValueError(f"{text} is not a day of the year") from None
    return month, day


@dataclass(frozen=True)
class ClosedPeriod:
    """A closure of the rules as the engine counts it: an annual closed period
    given as MM-DD bounds; it may wrap the new year."""

    name: str
    start: tuple[int, int]
    end: tuple[int, int]
    stated_in_seed: bool = True

    @classmethod
    def from_data(cls, data: Mapping) -> ClosedPeriod:
        return cls(data["name"], parse_month_day(data["start"]), parse_month_day(data["end"]),
                   bool(data.get("stated_in_seed", True)))

    def contains(self, day: dt.date) -> bool:
        # Compared as (month, day), so an end before the start wraps the new
        # year (12-29 to 01-03) and 02-29 simply never occurs in other years.
        key = (day.month, day.day)
        if self.start <= self.end:
            return self.start <= key <= self.end
        return key >= self.start or key <= self.end

    def spans(self, first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
        """Each run of closed days inside [first, last], as (first day, last day)."""
        found: list[tuple[dt.date, dt.date]] = []
        run: tuple[dt.date, dt.date] | None = None
        for day in _each_day(first, last):
            if self.contains(day):
                run = (run[0], day) if run else (day, day)
            elif run:
                found.append(run)
                run = None
        if run:
            found.append(run)
        return found


def _each_day(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    for offset in range((last - first).days + 1):
        yield first + dt.timedelta(days=offset)


class BusinessCalendar:
    def __init__(
        self,
        start: dt.date,
        end: dt.date,
        holidays: Mapping[dt.date, str],
        weekend: frozenset[int] = frozenset({5, 6}),
        closures: tuple[ClosedPeriod, ...] = (),
    ):
        self.start = start
        self.end = end
        self.holidays = dict(holidays)
        self.weekend = weekend
        self.closures = closures

    @classmethod
    def from_bundle(cls, calendar: Mapping) -> BusinessCalendar:
        """Build from the bundle's ``calendar`` part (ISO strings, JSON-safe)."""
        return cls(
            start=dt.date.fromisoformat(calendar["start"]),
            end=dt.date.fromisoformat(calendar["end"]),
            holidays={dt.date.fromisoformat(d): name for d, name in calendar["holidays"].items()},
            weekend=frozenset(WEEKDAYS.index(name) for name in calendar["weekend"]),
            closures=tuple(ClosedPeriod.from_data(c) for c in calendar["closures"]),
        )

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def beyond(self, what: str, field: str | None, desk: str, subject: str | None = None,
               latest: dt.date | None = None) -> OutOfCoverage:
        """The refusal of a result that would fall after the window, for a
        ``what`` (the day the reader typed) inside it: ``subject`` the result
        that does, ``latest`` the last such day that can be computed, ``desk``
        who to ask."""
        return OutOfCoverage(
            f"{subject or '結果の日付'}が営業日カレンダーの対象期間"
            f"（{ja_date(self.start)}～{ja_date(self.end)}）を超えるため計算できません。"
            + (f"このツールで計算できるのは、{what}が{ja_date(latest)}までの場合です。" if latest else "")
            + f"この{what}での完了日は、{desk}にお問い合わせください。",
            field,
        )

    def last_day_with(self, before: dt.date, computable: Callable[[dt.date], object]) -> dt.date | None:
        """The last day before ``before`` for which ``computable`` raises no
        OutOfCoverage; None when no day in the window does."""
        day = before - dt.timedelta(days=1)
        while day >= self.start:
            try:
                computable(day)
                return day
            except OutOfCoverage:
                day -= dt.timedelta(days=1)
        return None

    def require(self, day: dt.date, field: str | None = None, what: str = "日付") -> None:
        if not self.covers(day):
            raise OutOfCoverage(
                f"{what}（{ja_date(day)}）は営業日カレンダーの対象期間"
                f"（{ja_date(self.start)}～{ja_date(self.end)}）外のため計算できません。"
                "対象期間内の日付を入力してください。",
                field,
            )

    def reasons(self, day: dt.date) -> list[str]:
        """Why ``day`` is not a business day; empty when it is one."""
        self.require(day)
        found = []
        if day.weekday() in self.weekend:
            found.append(WEEKDAY_REASON[day.weekday()])
        if day in self.holidays:
            found.append(self.holidays[day])
        found.extend(c.name for c in self.closures if c.contains(day))
        return found

    def is_business_day(self, day: dt.date) -> bool:
        return not self.reasons(day)

    def next_business_day(self, day: dt.date) -> dt.date:
        """The first business day strictly after ``day``."""
        candidate = day + dt.timedelta(days=1)
        while not self.is_business_day(candidate):
            candidate += dt.timedelta(days=1)
        return candidate

    def on_or_after(self, day: dt.date) -> dt.date:
        return day if self.is_business_day(day) else self.next_business_day(day)

    def on_or_before(self, day: dt.date) -> dt.date:
        """``day`` if it is a business day, else the last business day before it."""
        while not self.is_business_day(day):
            day -= dt.timedelta(days=1)
        return day

    def nth_business_day(self, first: dt.date, n: int) -> dt.date:
        """The n-th business day counting ``first`` (a business day) as day 1."""
        if n < 1:
            raise ValueError("n must be at least 1")
        day = first
        for _ in range(n - 1):
            day = self.next_business_day(day)
        return day

    def days(self, first: dt.date, last: dt.date) -> Iterator[dt.date]:
        day = first
        while day <= last:
            yield day
            day += dt.timedelta(days=1)
