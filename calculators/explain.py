"""Day-by-day explanation of a count: what was counted and what was skipped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .businesscalendar import BusinessCalendar
from .jformat import ja_date


@dataclass(frozen=True)
class StartWords:
    """How a count names the day it starts from, in the same words wherever
    the count is shown: ``name`` in the calendar's legend, ``mark`` in its
    cell, ``word`` in that day's label; ``counted_as`` is what a day closed
    for business is counted as on the next business day, ``moved_mark`` that
    day's cell mark."""
    name: str
    mark: str
    word: str
    counted_as: str
    moved_mark: str

    def label(self, reasons: tuple[str, ...]) -> str:
        if reasons:
            return f"{self.word}（休業日：{'・'.join(reasons)}。翌営業日の{self.counted_as}として数えます）"
        return self.word

    @property
    def day(self) -> str:
        """The name without its explanation: 「送付日」."""
        return self.name.partition("（")[0]

    @property
    def moved(self) -> str:
        return f"{self.counted_as}として数える日"


# A change form received and accepted (受付受理) on the day; or sent by
# e-mail on the day the reader names, which is counted as accepted that day.
ACCEPTED = StartWords("受付受理日", "受付", "受付受理", "受付受理", "受理")
SENT = StartWords("送付日（受付受理日として数えます）", "送付", "送付（受付受理として数えます）", "受付受理", "受理")
# Sent on a closed day: counted as accepted on the next business day, so the
# 送付日 itself is not called the 受付受理日.
SENT_ON_A_CLOSED_DAY = StartWords("送付日", "送付", "送付", "受付受理", "受理")


def option_words(counted_from: str) -> StartWords:
    """The option's count starts from its application, worded as the rules
    word it (``counted_from``, 「お申し込み」)."""
    return StartWords(f"{counted_from}日", "申込", counted_from, "受付", "受付")


@dataclass(frozen=True)
class Day:
    date: dt.date
    kind: str  # "accepted" | "moved" | "skipped" | "counted" | "applies"
    count: int | None = None  # business-day number for counted days
    # Why a day is closed; for "applies", the items that apply from it.
    reasons: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "count": self.count,
            "reasons": list(self.reasons),
            "label": self.label(),
        }

    def label(self, words: StartWords = ACCEPTED) -> str:
        """What happened on this day, without the date (the page shows it)."""
        if self.kind == "accepted":
            return words.label(self.reasons)
        if self.kind == "moved":
            return words.moved
        if self.kind == "skipped":
            return f"休業日（{'・'.join(self.reasons)}）のため数えません"
        if self.kind == "applies":
            return f"{'・'.join(self.reasons)}の適用開始日（翌月適用）"
        return f"{self.count}営業日目" + ("（起算日）" if self.count == 1 else "")

    def ja(self, words: StartWords = ACCEPTED) -> str:
        return f"{ja_date(self.date)} {self.label(words)}"


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
