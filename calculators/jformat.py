"""Japanese renderings shared by the pages, the CLI and the browser."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

WEEKDAY_JA = "月火水木金土日"


def ja_date(day: dt.date, weekday: bool = True) -> str:
    text = f"{day.year}年{day.month}月{day.day}日"
    return f"{text}({WEEKDAY_JA[day.weekday()]})" if weekday else text


def ja_short(day: dt.date) -> str:
    return f"{day.month}月{day.day}日({WEEKDAY_JA[day.weekday()]})"


def ja_day(day: dt.date, reference: dt.date | None = None) -> str:
    """A day in full, or short (「12月1日(火)」) when it falls in ``reference``'s year."""
    return ja_short(day) if reference is not None and day.year == reference.year else ja_date(day)


def ja_range(earliest: dt.date, latest: dt.date, reference: dt.date | None = None) -> str:
    """「A～B」, or A alone when both are the same day: the one way a span of
    days is written, by the pages and the engine alike."""
    if earliest == latest:
        return ja_day(latest, reference)
    return f"{ja_day(earliest, reference)}～{ja_day(latest, reference)}"


def lead_time_text(lead_time: Mapping) -> str:
    """「5営業日」「6～10営業日」「翌月適用」 from a lead_time mapping."""
    if lead_time["kind"] == "next_month":
        return "翌月適用"
    low, high = lead_time["min"], lead_time["max"]
    return f"{low}営業日" if low == high else f"{low}～{high}営業日"
