"""JSON in, JSON out: the one entry point the browser worker and the CLI share.

Every failure becomes ``{"ok": false, "field": ..., "message": ...}`` so the
page can put the message next to the input instead of throwing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from .calendar import BusinessCalendar
from .cancel import CancellationCalculator, CancellationResult, DeadlineResult
from .changes import ChangeCalculator, ChangeResult
from .errors import CalculatorError, InputError
from .jst import today_in_japan
from .months import YearMonth
from .option import OptionResult, SoftBankOptionCalculator


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
            result = self._compute(request)
        except CalculatorError as error:
            return {"ok": False, "field": error.field, "message": error.message}
        # "text" is the result as plain Japanese lines, the same the CLI
        # prints, so the page copies it instead of wording results itself.
        return {"ok": True, "result": {**result.to_full_json(), "text": result.ja_lines()}}

    def _compute(self, request: Mapping) -> ChangeResult | CancellationResult | DeadlineResult | OptionResult:
        kind = request.get("calculator")
        if kind == "change":
            return self.changes.compute(parse_date(request.get("accepted"), "accepted"),
                                        parse_items(request.get("items")))
        if kind == "cancel":
            return self.cancellation.from_applied(parse_date(request.get("applied"), "applied"))
        if kind == "deadline":
            return self.cancellation.deadline_for(parse_month(request.get("last_usage_month"), "last_usage_month"))
        if kind == "option":
            return self.option.compute(parse_date(request.get("applied"), "applied"))
        raise InputError(f"unknown calculator: {kind!r}")

    def run_json(self, request_json: str) -> str:
        return json.dumps(self.run(json.loads(request_json)), ensure_ascii=False)
