"""JSON in, JSON out: the one entry point the browser worker and the CLI share.

Every failure becomes ``{"ok": false, "field": ..., "message": ...}`` so the
page can put the message next to the input instead of throwing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from .calendar import BusinessCalendar
from .cancel import CancellationCalculator
from .changes import ChangeCalculator
from .errors import CalculatorError, InputError
from .jst import today_in_japan
from .months import YearMonth
from .option import SoftBankOptionCalculator


def parse_date(text: object, field: str) -> dt.date:
    if not isinstance(text, str) or not text.strip():
        raise InputError("日付を入力してください。", field)
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"「{text}」は存在しない日付か、形式が正しくありません（例: 2026-11-24）。", field) from None


def parse_month(text: object, field: str) -> YearMonth:
    if not isinstance(text, str) or not text.strip():
        raise InputError("月を入力してください。", field)
    try:
        return YearMonth.parse(text.strip())
    except ValueError:
        raise InputError(f"「{text}」は月として正しくありません（例: 2027-01）。", field) from None


def parse_items(values: object) -> list[int]:
    if not isinstance(values, list):
        raise InputError("変更する項目を1つ以上選んでください。", "item")
    try:
        return [int(v) for v in values]
    except (TypeError, ValueError):
        raise InputError("項目番号が正しくありません。", "item") from None


class Engine:
    """All calculators over one bundle, sharing one calendar."""

    def __init__(self, bundle: Mapping):
        self.bundle = bundle
        self.calendar = BusinessCalendar.from_bundle(bundle["calendar"])
        self.changes = ChangeCalculator(bundle, self.calendar)
        self.cancellation = CancellationCalculator(bundle, self.calendar)
        self.option = SoftBankOptionCalculator(bundle, self.calendar)

    def info(self) -> dict:
        return {
            "rules_version": self.bundle["rules_version"],
            "coverage": [self.calendar.start.isoformat(), self.calendar.end.isoformat()],
            "today": today_in_japan().isoformat(),
        }

    def run(self, request: Mapping) -> dict:
        try:
            return {"ok": True, "result": self._run(request)}
        except CalculatorError as error:
            return {"ok": False, "field": error.field, "message": error.message}

    def _run(self, request: Mapping) -> dict:
        kind = request.get("calculator")
        if kind == "change":
            result = self.changes.compute(parse_date(request.get("accepted"), "accepted"),
                                          parse_items(request.get("items")))
            return result.to_full_json()
        if kind == "cancel":
            return self.cancellation.from_applied(parse_date(request.get("applied"), "applied")).to_full_json()
        if kind == "deadline":
            month = parse_month(request.get("last_usage_month"), "last_usage_month")
            return self.cancellation.deadline_for(month).to_json()
        if kind == "option":
            return self.option.compute(parse_date(request.get("applied"), "applied")).to_full_json()
        raise InputError(f"unknown calculator: {kind!r}")

    def run_json(self, request_json: str) -> str:
        return json.dumps(self.run(json.loads(request_json)), ensure_ascii=False)
