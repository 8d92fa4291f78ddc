"""Today in Japan. JST is UTC+9 all year (no daylight saving), so a fixed
offset is exact; the machine's or the reader's local zone is never used."""

import datetime as dt

JST = dt.timezone(dt.timedelta(hours=9), "JST")


def today_in_japan(now: dt.datetime | None = None) -> dt.date:
    now = now or dt.datetime.now(dt.timezone.utc)
    if now.tzinfo is None:
        raise ValueError("an aware datetime is required")
    return now.astimezone(JST).date()
