"""Change lead times (2.1): when is a change done, for one item or several.

Note ③ of the seed: day 1 (起算日) is the business day after the day the
desk accepts the form; N business days end on the N-th business day counted
that way. 翌月適用 items apply from the 1st of the month after the 起算日.
Note ①: several items at once follow the longest of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .businesscalendar import BusinessCalendar
from .errors import InputError, OutOfCoverage
from .explain import Day, explain
from .jformat import lead_time_text
from .months import YearMonth


@dataclass(frozen=True)
class ItemResult:
    no: int
    title: str
    lead_time: str
    kind: str
    earliest: dt.date
    latest: dt.date
    setting_fee: bool

    def to_json(self) -> dict:
        return {"no": self.no, "earliest": self.earliest.isoformat(), "latest": self.latest.isoformat()}


@dataclass(frozen=True)
class ChangeResult:
    accepted: dt.date
    effective_accepted: dt.date
    start: dt.date
    items: tuple[ItemResult, ...]
    documents: tuple[str, ...]
    setting_fee: bool
    explanation: tuple[Day, ...]

    @property
    def earliest(self) -> dt.date:
        return max(item.earliest for item in self.items)

    @property
    def latest(self) -> dt.date:
        return max(item.latest for item in self.items)

    def to_json(self) -> dict:
        return {
            "accepted": self.accepted.isoformat(),
            "start": self.start.isoformat(),
            "items": [item.to_json() for item in self.items],
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
        }

    def to_full_json(self) -> dict:
        """The CLI's JSON plus everything the browser page shows."""
        data = self.to_json()
        data.update(
            effective_accepted=self.effective_accepted.isoformat(),
            items=[
                {**item.to_json(), "title": item.title, "lead_time": item.lead_time,
                 "kind": item.kind, "setting_fee": item.setting_fee}
                for item in self.items
            ],
            documents=list(self.documents),
            setting_fee=self.setting_fee,
            explanation=[day.to_json() for day in self.explanation],
        )
        return data


def lead_time_dates(calendar: BusinessCalendar, start: dt.date, lead_time: Mapping) -> tuple[dt.date, dt.date]:
    """Earliest and latest day of one lead time, counted from the 起算日 ``start``."""
    if lead_time["kind"] == "next_month":
        day = YearMonth.of(start).plus(1).first_day()
        return day, day
    return (calendar.nth_business_day(start, lead_time["min"]),
            calendar.nth_business_day(start, lead_time["max"]))


def submit_desk(rules: Mapping) -> str:
    """The desk change forms go to: the one the calculators name when the
    reader should ask."""
    desks = {c["id"]: c["name"] for c in rules["contacts"]["contacts"]}
    return desks[rules["changes"]["submit_to"]]


def count_from(calendar: BusinessCalendar, accepted: dt.date, field: str = "accepted",
               what: str = "受付受理日") -> tuple[dt.date, dt.date]:
    """(effective acceptance day, 起算日) for a day the desk receives a form;
    ``field`` and ``what`` name the reader's input in an error."""
    calendar.require(accepted, field, what)
    effective = calendar.on_or_after(accepted)
    return effective, calendar.next_business_day(effective)


class ChangeCalculator:
    def __init__(self, bundle: Mapping, calendar: BusinessCalendar | None = None):
        self.calendar = calendar or BusinessCalendar.from_bundle(bundle["calendar"])
        rules = bundle["rules"]
        self.items = {item["no"]: item for item in rules["changes"]["items"]}
        self.document_names = {d["id"]: d["name"] for d in rules["documents"]["documents"]}
        self.desk = submit_desk(rules)

    def _dates(self, accepted: dt.date, numbers: list[int]) -> None:
        """Every item's dates from ``accepted``; raises OutOfCoverage when one is outside the window."""
        _, start = count_from(self.calendar, accepted)
        for n in numbers:
            lead_time_dates(self.calendar, start, self.items[n]["lead_time"])

    def compute(self, accepted: dt.date, numbers: Iterable[int], field: str = "accepted",
                what: str = "受付受理日") -> ChangeResult:
        numbers = sorted(set(numbers))
        if not numbers:
            raise InputError("変更する項目を1つ以上選んでください。", "item")
        unknown = [n for n in numbers if n not in self.items]
        if unknown:
            raise InputError(f"変更内容一覧にない項目番号です：{', '.join(map(str, unknown))}", "item")
        current = None
        try:
            effective, start = count_from(self.calendar, accepted, field, what)
            results = []
            for n in numbers:
                current, item = n, self.items[n]
                earliest, latest = lead_time_dates(self.calendar, start, item["lead_time"])
                results.append(ItemResult(n, item["title"], lead_time_text(item["lead_time"]),
                                          item["lead_time"]["kind"], earliest, latest, item["setting_fee"]))
        except OutOfCoverage as error:
            if error.field == field:
                raise
            raise self.calendar.beyond(what, field, self.desk, current and f"No.{current}の完了の目安",
                                       self.calendar.last_day_with(accepted, lambda day: self._dates(day, numbers))) from None
        documents: list[str] = []
        for n in numbers:
            for doc in self.items[n]["documents"]:
                if self.document_names[doc] not in documents:
                    documents.append(self.document_names[doc])
        # The day-by-day count runs to the last day counted in business days:
        # a 翌月適用 date is the 1st of the month after the 起算日's, not a
        # number of business days, so no day is numbered toward it.
        counted = max([start, *(r.latest for r in results if r.kind != "next_month")])
        return ChangeResult(
            accepted=accepted,
            effective_accepted=effective,
            start=start,
            items=tuple(results),
            documents=tuple(documents),
            setting_fee=any(r.setting_fee for r in results),
            explanation=tuple(explain(self.calendar, accepted, counted)),
        )
