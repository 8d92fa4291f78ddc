"""Calendar months as values: usage months are what cancellation talks about."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class YearMonth:
    year: int
    month: int

    @classmethod
    def of(cls, day: dt.date) -> YearMonth:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        found = re.fullmatch(r"([0-9]{4})-([0-9]{2})", text)
        if not found:
            raise ValueError(f"not a YYYY-MM month: {text!r}")
        year, month = int(found.group(1)), int(found.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"not a YYYY-MM month: {text!r}")
        return cls(year, month)

    def plus(self, months: int) -> YearMonth:
        index = self.year * 12 + (self.month - 1) + months
        return YearMonth(index // 12, index % 12 + 1)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def day(self, number: int) -> dt.date:
        """The given day of this month, clamped to the month's last day."""
        last = (self.plus(1).first_day() - dt.timedelta(days=1)).day
        return dt.date(self.year, self.month, min(number, last))

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def ja(self) -> str:
        return f"{self.year}年{self.month}月"
