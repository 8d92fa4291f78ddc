"""Cancellation cut-off (3.2): which usage month is the last one.

Received by the cut-off day of month N: cancelled from usage month
N + months_if_by_cutoff; from the next day on: N + months_if_after_cutoff.
The day counted is the calendar day the desk receives the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from .businesscalendar import BusinessCalendar
from .errors import InputError, OutOfCoverage
from .jformat import ja_date
from .months import YearMonth


@dataclass(frozen=True)
class CancellationResult:
    applied: dt.date
    by_cutoff: bool
    cutoff_date: dt.date
    last_usage_month: YearMonth
    cancelled_from: YearMonth

    def to_json(self) -> dict:
        return {
            "applied": self.applied.isoformat(),
            "last_usage_month": self.last_usage_month.iso(),
            "cancelled_from": self.cancelled_from.iso(),
        }

    def to_full_json(self) -> dict:
        return {**self.to_json(), "by_cutoff": self.by_cutoff, "cutoff_date": self.cutoff_date.isoformat()}


@dataclass(frozen=True)
class DeadlineResult:
    last_usage_month: YearMonth
    cancelled_from: YearMonth
    deadline: dt.date
    deadline_closed: tuple[str, ...]  # why the deadline is not a business day, if it is not
    # The last business day before a closed deadline (None when the deadline
    # is a business day, or that day is outside the calendar).
    practical: dt.date | None = None

    def to_json(self) -> dict:
        return {
            "last_usage_month": self.last_usage_month.iso(),
            "cancelled_from": self.cancelled_from.iso(),
            "deadline": self.deadline.isoformat(),
            "deadline_closed": list(self.deadline_closed),
            "practical_deadline": self.practical.isoformat() if self.practical else None,
        }

    def to_full_json(self) -> dict:
        return self.to_json()


class CancellationCalculator:
    def __init__(self, bundle: Mapping, calendar: BusinessCalendar | None = None):
        self.calendar = calendar or BusinessCalendar.from_bundle(bundle["calendar"])
        cutoff = bundle["rules"]["cancellation"]["cutoff"]
        self.cutoff_day = cutoff["cutoff_day"]
        self.by_cutoff = cutoff["months_if_by_cutoff"]
        self.after_cutoff = cutoff["months_if_after_cutoff"]

    def from_applied(self, applied: dt.date) -> CancellationResult:
        self.calendar.require(applied, "applied", "お申し込み日")
        month = YearMonth.of(applied)
        cutoff_date = month.day(self.cutoff_day)
        by_cutoff = applied <= cutoff_date
        cancelled_from = month.plus(self.by_cutoff if by_cutoff else self.after_cutoff)
        return CancellationResult(applied, by_cutoff, cutoff_date, cancelled_from.plus(-1), cancelled_from)

    def deadline_for(self, last_usage_month: YearMonth) -> DeadlineResult:
        """The last day an application may be received to stop after ``last_usage_month``."""
        first, last = self.months_covered()
        outside = OutOfCoverage(
            f"最終ご利用月（{last_usage_month.ja()}）は、お申し込みの締め日が営業日カレンダーの対象期間"
            f"（{ja_date(self.calendar.start)}～{ja_date(self.calendar.end)}）の外になるため計算できません。"
            f"{first.ja()}～{last.ja()}の月を入力してください。",
            "last_usage_month",
        )
        # Refused before any arithmetic (0000-05 or 9999-12 would leave the
        # calendar itself), and said of the month the reader typed: a deadline
        # outside the calendar is a date the calculator cannot justify, so it
        # is never named.
        if not first <= last_usage_month <= last:
            raise outside
        cancelled_from = last_usage_month.plus(1)
        deadline = cancelled_from.plus(-self.by_cutoff).day(self.cutoff_day)
        if self.from_applied(deadline).cancelled_from != cancelled_from:
            raise InputError("この月を最終ご利用月にするお申し込み日はありません。", "last_usage_month")
        closed = tuple(self.calendar.reasons(deadline))
        return DeadlineResult(last_usage_month, cancelled_from, deadline, closed,
                              self.last_business_day_before(deadline) if closed else None)

    def months_covered(self) -> tuple[YearMonth, YearMonth]:
        """The first and last usage months whose cut-off day lies in the
        calendar (a cut-off day is 28 at most, so every month has it)."""
        start, end = self.calendar.start, self.calendar.end
        first = YearMonth.of(start).plus(0 if start.day <= self.cutoff_day else 1)
        last = YearMonth.of(end).plus(0 if end.day >= self.cutoff_day else -1)
        return first.plus(self.by_cutoff - 1), last.plus(self.by_cutoff - 1)

    def last_business_day_before(self, day: dt.date) -> dt.date | None:
        """The last business day before ``day``; None when the calendar cannot tell."""
        try:
            return self.calendar.on_or_before(day - dt.timedelta(days=1))
        except OutOfCoverage:
            return None
