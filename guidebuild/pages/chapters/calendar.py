"""The business-day page: coverage window, weekends, closures, holidays by year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from calculators.api import Engine
from calculators.calendar import Closure as EngineClosure
from calculators.jformat import ja_date, ja_range

from ...rules import models as model
from .wording import WEEKDAY_NAMES, ja_plain, month_day_text


@dataclass(frozen=True)
class HolidayRow:
    date: dt.date
    date_text: str
    name: str


@dataclass(frozen=True)
class HolidayYearView:
    year: int
    holidays: tuple[HolidayRow, ...]
    closures: tuple[str, ...]  # 「2026年12月29日(火)～2027年1月3日(日)」 for closures starting this year


@dataclass(frozen=True)
class ClosureRow:
    name: str
    start_text: str
    end_text: str
    stated_in_seed: bool


@dataclass(frozen=True)
class CalendarView:
    coverage_start_text: str
    coverage_end_text: str
    weekend_text: str
    closures: tuple[ClosureRow, ...]
    years: tuple[HolidayYearView, ...]
    official_holidays_through: int | None  # later years' holidays are computed by rule


def closure_spans(closures: list[model.Closure], start: dt.date, end: dt.date) -> dict[int, list[str]]:
    """Each annual closure's dates inside [start, end], by the year it starts in.

    A closure whose end is before its start (12-29 to 01-03) runs into the
    next year; one that began the year before the window is cut at ``start``.
    """
    found = []
    for order, x in enumerate(closures):
        for first, last in EngineClosure.from_data(x.model_dump()).spans(start, end):
            found.append((first, order, f"{x.name}: {ja_range(first, last)}"))
    spans: dict[int, list[str]] = {}
    for first, _, text in sorted(found):
        spans.setdefault(first.year, []).append(text)
    return spans


def calendar_view(cal: model.CalendarFile, engine: Engine) -> CalendarView:
    c = engine.calendar
    closures = tuple(ClosureRow(x.name, month_day_text(x.start), month_day_text(x.end), x.stated_in_seed)
                     for x in cal.closures)
    spans = closure_spans(cal.closures, c.start, c.end)
    years = []
    for year in range(c.start.year, c.end.year + 1):
        holidays = tuple(HolidayRow(day, ja_date(day), name) for day, name in sorted(c.holidays.items())
                         if day.year == year)
        years.append(HolidayYearView(year, holidays, tuple(spans.get(year, ()))))
    return CalendarView(
        coverage_start_text=ja_plain(c.start), coverage_end_text=ja_plain(c.end),
        weekend_text="・".join(WEEKDAY_NAMES[w] for w in cal.weekend),
        closures=closures, years=tuple(years), official_holidays_through=cal.official_holidays_through,
    )
