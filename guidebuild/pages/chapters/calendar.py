"""The business-day page: coverage window, weekends, closures, holidays by year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from calculators.api import Engine
from calculators.businesscalendar import ClosedPeriod
from calculators.jformat import ja_date, ja_range

from ...rules import models as model
from .wording import WEEKDAY_NAMES, ja_plain, month_day_text


@dataclass(frozen=True)
class HolidayRow:
    date: dt.date
    date_text: str
    name: str


@dataclass(frozen=True)
class HolidayYearBlock:
    year: int
    holidays: tuple[HolidayRow, ...]
    closures: tuple[str, ...]  # 「2026年12月29日(火)～2027年1月3日(日)」 for closures starting this year


# The year-end closure the site assumes when the original states none: the
# span government offices and carriers commonly close. Only this closure is
# called 「一般的な」 on the page; any other is the maintainers' own.
CUSTOMARY_YEAR_END = ("12-29", "01-03")


@dataclass(frozen=True)
class ClosureRow:
    name: str
    start_text: str
    end_text: str
    stated_in_seed: bool
    customary: bool  # the customary year-end span (CUSTOMARY_YEAR_END)


@dataclass(frozen=True)
class CalendarChapter:
    coverage_start_text: str
    coverage_end_text: str
    weekend_text: str
    closures: tuple[ClosureRow, ...]
    years: tuple[HolidayYearBlock, ...]
    official_holidays_through: int | None  # later years' holidays are computed by rule


def closure_spans(closures: list[model.Closure], start: dt.date, end: dt.date) -> dict[int, list[str]]:
    """Each annual closure's dates inside [start, end], by the year it starts in.

    A closure whose end is before its start (12-29 to 01-03) runs into the
    next year; one that began the year before the window is cut at ``start``.
    """
    found = []
    for order, x in enumerate(closures):
        closure = ClosedPeriod.from_data(x.model_dump())
        for first, last in closure.spans(start, end):
            text = f"{x.name}：{ja_range(first, last)}"
            if last == end and closure.contains(end + dt.timedelta(days=1)):
                # Cut by the window, not ended: say until when it runs on.
                month, day = closure.end
                until = dt.date(end.year + (1 if (month, day) < (end.month, end.day) else 0), month, day)
                text += f"（計算できる期間はここまでです。休業は{ja_date(until, weekday=False)}まで続きます）"
            found.append((first, order, text))
    spans: dict[int, list[str]] = {}
    for first, _, text in sorted(found):
        spans.setdefault(first.year, []).append(text)
    return spans


def calendar_chapter(cal: model.CalendarFile, engine: Engine) -> CalendarChapter:
    c = engine.calendar
    closures = tuple(ClosureRow(x.name, month_day_text(x.start), month_day_text(x.end), x.stated_in_seed,
                                (x.start, x.end) == CUSTOMARY_YEAR_END)
                     for x in cal.closures)
    spans = closure_spans(cal.closures, c.start, c.end)
    years = []
    for year in range(c.start.year, c.end.year + 1):
        holidays = tuple(HolidayRow(day, ja_date(day), name) for day, name in sorted(c.holidays.items())
                         if day.year == year)
        years.append(HolidayYearBlock(year, holidays, tuple(spans.get(year, ()))))
    return CalendarChapter(
        coverage_start_text=ja_plain(c.start), coverage_end_text=ja_plain(c.end),
        weekend_text="・".join(WEEKDAY_NAMES[w] for w in cal.weekend),
        closures=closures, years=tuple(years), official_holidays_through=cal.official_holidays_through,
    )
