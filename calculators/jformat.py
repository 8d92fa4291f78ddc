"""Japanese renderings shared by the pages, the CLI and the browser."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

WEEKDAY_JA = "月火水木金土日"


def ja_date(day: dt.date, weekday: bool = True) -> str:
    text = f"{day.year}年{day.month}月{day.day}日"
    return f"{text}({WEEKDAY_JA[day.weekday()]})" if weekday else text


def ja_range(earliest: dt.date, latest: dt.date) -> str:
    return ja_date(earliest) if earliest == latest else f"{ja_date(earliest)}～{ja_date(latest)}"


def ja_short(day: dt.date) -> str:
    return f"{day.month}月{day.day}日({WEEKDAY_JA[day.weekday()]})"


def lead_time_text(lead_time: Mapping) -> str:
    """「5営業日」「6～10営業日」「翌月適用」 from a lead_time mapping."""
    if lead_time["kind"] == "next_month":
        return "翌月適用"
    low, high = lead_time["min"], lead_time["max"]
    return f"{low}営業日" if low == high else f"{low}～{high}営業日"
