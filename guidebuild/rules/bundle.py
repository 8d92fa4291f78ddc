"""The rules bundle: everything the calculators need, as one JSON document.

Holidays are resolved here, at build time, from the ``holidays`` package over
the coverage window, so the browser needs no holiday library and counts on
exactly the same days as the build.
"""

from __future__ import annotations

import functools
import hashlib
import json

import holidays

from .load import Rules

FORMAT = 1


@functools.lru_cache(maxsize=8)
def national_holidays(start_year: int, end_year: int) -> dict[str, str]:
    found = holidays.country_holidays("JP", years=range(start_year, end_year + 1), language="ja")
    return {day.isoformat(): name for day, name in sorted(found.items())}


def calendar_data(rules: Rules) -> dict:
    calendar = rules.models["calendar"]
    start, end = calendar.coverage.start, calendar.coverage.end
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "weekend": list(calendar.weekend),
        "holidays": {
            day: name
            for day, name in national_holidays(start.year, end.year).items()  # cached: not to be changed
            if start.isoformat() <= day <= end.isoformat()
        },
        "closures": [c.model_dump(mode="json") for c in calendar.closures],
        # Holidays of later years are the `holidays` package's reading of the
        # law, not yet published: a result that skips one says so.
        "official_holidays_through": calendar.official_holidays_through,
    }


def build_bundle(rules: Rules) -> dict:
    content = {"rules": rules.data(), "calendar": calendar_data(rules)}
    digest = hashlib.sha256(canonical(content)).hexdigest()[:12]
    edition = rules.models["guide"].edition
    return {"format": FORMAT, "rules_version": f"{edition}-{digest}", **content}


def canonical(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
