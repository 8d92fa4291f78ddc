"""The business-day calendar, built from the bundle's precomputed holidays."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .errors import OutOfCoverage
from .jformat import ja_date

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_REASON = ("月曜", "火曜", "水曜", "木曜", "金曜", "土曜", "日曜")


@dataclass(frozen=True)
class Closure:
    """An annual closure given as MM-DD bounds; it may wrap the new year."""

    name: str
    start: tuple[int, int]
    end: tuple[int, int]

    @classmethod
    def from_data(cls, data: Mapping) -> Closure:
        def md(text: str) -> tuple[int, int]:
            month, day = text.split("-")
            return int(month), int(day)

        return cls(data["name"], md(data["start"]), md(data["end"]))

    def contains(self, day: dt.date) -> bool:
        key = (day.month, day.day)
        if self.start <= self.end:
            return self.start <= key <= self.end
        return key >= self.start or key <= self.end


class BusinessCalendar:
    def __init__(
        self,
        start: dt.date,
        end: dt.date,
        holidays: Mapping[dt.date, str],
        weekend: frozenset[int] = frozenset({5, 6}),
        closures: tuple[Closure, ...] = (),
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
            closures=tuple(Closure.from_data(c) for c in calendar["closures"]),
        )

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def require(self, day: dt.date, field: str | None = None, what: str = "日付") -> None:
        if not self.covers(day):
            raise OutOfCoverage(
                f"{what}（{ja_date(day)}）は営業日カレンダーの対象期間"
                f"（{ja_date(self.start)}～{ja_date(self.end)}）の外のため計算できません。"
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
