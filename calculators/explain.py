"""Day-by-day explanation of a count: what was counted and what was skipped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .businesscalendar import BusinessCalendar
from .jformat import ja_date


@dataclass(frozen=True)
class Day:
    date: dt.date
    kind: str  # "accepted" | "moved" | "skipped" | "counted"
    count: int | None = None  # business-day number for counted days
    reasons: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "count": self.count,
            "reasons": list(self.reasons),
            "label": self.label(),
        }

    def label(self) -> str:
        """What happened on this day, without the date (the page shows it)."""
        if self.kind == "accepted":
            if self.reasons:
                return f"受付受理（休業日: {'・'.join(self.reasons)}。翌営業日の受付受理として数えます）"
            return "受付受理"
        if self.kind == "moved":
            return "受付受理として数える日"
        if self.kind == "skipped":
            return f"休業日（{'・'.join(self.reasons)}）のため数えません"
        return f"{self.count}営業日目" + ("（起算日）" if self.count == 1 else "")

    def ja(self) -> str:
        return f"{ja_date(self.date)} {self.label()}"


def explain(calendar: BusinessCalendar, accepted: dt.date, last: dt.date) -> list[Day]:
    """Every day from the acceptance day to ``last``, labelled.

    A form received on a non-business day counts as received on the next
    business day ("moved"); counting starts the business day after that.
    """
    days = [Day(accepted, "accepted", reasons=tuple(calendar.reasons(accepted)))]
    effective = calendar.on_or_after(accepted)
    count = 0
    for day in calendar.days(accepted + dt.timedelta(days=1), last):
        reasons = calendar.reasons(day)
        if day == effective:
            days.append(Day(day, "moved"))
        elif reasons:
            days.append(Day(day, "skipped", reasons=tuple(reasons)))
        else:
            count += 1
            days.append(Day(day, "counted", count=count))
    return days
