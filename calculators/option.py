"""The SoftBank sender-number option of a new contract (1.2 ※3, 1.3 ※4).

Counted like a change: day 1 is the business day after the application is
accepted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from .businesscalendar import BusinessCalendar
from .changes import count_from, lead_time_dates, submit_desk
from .errors import OutOfCoverage
from .explain import Day, explain
from .jformat import lead_time_text


@dataclass(frozen=True)
class OptionResult:
    applied: dt.date
    effective_accepted: dt.date
    start: dt.date
    earliest: dt.date
    latest: dt.date
    lead_time: str
    explanation: tuple[Day, ...]
    name: str

    def to_json(self) -> dict:
        return {
            "applied": self.applied.isoformat(),
            "start": self.start.isoformat(),
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
        }

    def to_full_json(self) -> dict:
        return {**self.to_json(), "effective_accepted": self.effective_accepted.isoformat(),
                "name": self.name, "lead_time": self.lead_time,
                "explanation": [d.to_json() for d in self.explanation]}


class SoftBankOptionCalculator:
    def __init__(self, bundle: Mapping, calendar: BusinessCalendar | None = None):
        self.calendar = calendar or BusinessCalendar.from_bundle(bundle["calendar"])
        option = bundle["rules"]["contract"]["softbank_option"]
        self.lead_time = option["lead_time"]
        self.name = option["name"]
        self.desk = submit_desk(bundle["rules"])

    def compute(self, applied: dt.date) -> OptionResult:
        effective, start = count_from(self.calendar, applied, "applied", "お申し込み日")
        try:
            earliest, latest = lead_time_dates(self.calendar, start, self.lead_time)
        except OutOfCoverage:
            def computable(day: dt.date) -> None:
                lead_time_dates(self.calendar, count_from(self.calendar, day)[1], self.lead_time)
            raise self.calendar.beyond("お申し込み日", "applied", self.desk, f"{self.name}の完了の目安",
                                       self.calendar.last_day_with(applied, computable)) from None
        return OptionResult(applied, effective, start, earliest, latest, lead_time_text(self.lead_time),
                            tuple(explain(self.calendar, applied, latest)), self.name)
