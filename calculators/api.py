"""JSON in, JSON out: the one entry point the browser worker and the CLI share.

Every failure becomes ``{"ok": false, "field": ..., "message": ...}`` so the
page can put the message next to the input instead of throwing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping

from .assumptions import month_without_year, month_year_line, same_day_on, without_year, year_line
from .businesscalendar import BusinessCalendar
from .cancel import CancellationCalculator, CancellationResult, DeadlineResult
from .changes import ChangeCalculator, ChangeResult
from .errors import CalculatorError, InputError
from .forms import BY_NAME
from .jst import today_in_japan
from .jformat import WEEKDAY_JA, ja_date
from .months import YearMonth
from .option import OptionResult, SoftBankOptionCalculator
from .views import Wording, cancel_view, change_view, deadline_view, option_view


# YYYY-MM-DD, or (typed on a phone's numeric keypad, which has no "-") its
# eight digits alone; never the other forms fromisoformat takes (2026-W48-2,
# 2026-11-24T00:00).
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_KEYPAD_DAY = re.compile(r"[0-9]{8}")
# A weekday in brackets after the day, as calendars and e-mails write it:
# 12/28(月), 2026年12月28日（月曜日）.
_WEEKDAY_TAIL = re.compile(r"(.*?)\s*[(（]\s*([月火水木金土日])(?:曜日?)?\s*[)）]\s*")


def _format_hint(example: str | None, form: str) -> str:
    """The parenthesis after a refused value: an example taken from today, so
    it is never a day or month already past, else the form alone."""
    return f"（例：{example}）" if example else f"（{form}の形で入力してください）"


def parse_date(text: object, field: str, keypad: bool = True, today: dt.date | None = None,
               quoted: object = None) -> dt.date:
    """A day written YYYY-MM-DD (or, with ``keypad``, as its eight digits), and only so;
    a refusal quotes ``quoted`` (what the reader typed, ``text`` by default)
    and shows ``today`` as its example."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("日付を入力してください。", field)
    try:
        if not (_ISO_DAY.fullmatch(text.strip()) or keypad and _KEYPAD_DAY.fullmatch(text.strip())):
            raise ValueError(text)
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        hint = _format_hint(today.isoformat() if today else None, "年-月-日")
        shown = text if quoted is None else quoted
        raise InputError(f"「{shown}」は存在しない日付か、形式が正しくありません{hint}。", field) from None


class Reader:
    """Typed dates for one request: a day written without a year is read as
    the such day nearest to ``today``, a month as the next such month from
    ``today``'s on; a weekday written after a day must be that day's. What
    was assumed is kept to be said in the result, and the resolved value to
    be shown in the form."""

    def __init__(self, today: dt.date):
        self.today = today
        self.notes: list[str] = []
        self.resolved: dict[str, str] = {}

    def date(self, text: object, field: str) -> dt.date:
        tail = _WEEKDAY_TAIL.fullmatch(text) if isinstance(text, str) else None
        body = tail.group(1) if tail else text
        day = without_year(body, self.today) if isinstance(body, str) else None
        year_unwritten = day is not None
        if day is not None:
            self.notes.append(year_line(text, day, self.today))
        elif tail is None:
            return parse_date(text, field, today=self.today)
        else:
            day = parse_date(body, field, today=self.today, quoted=text)
        if tail and WEEKDAY_JA.index(tail.group(2)) != day.weekday():
            told = f"曜日が日付と合いません（{ja_date(day, weekday=False)}は{WEEKDAY_JA[day.weekday()]}曜日です）。"
            other = same_day_on(WEEKDAY_JA.index(tail.group(2)), day, self.today) if year_unwritten else None
            if other is not None:
                raise InputError(f"{told}{ja_date(other)}のことでしたら、年も入力してください。", field)
            raise InputError(f"{told}日付をご確認ください。", field)
        self.resolved[field] = day.isoformat()
        return day

    def month(self, text: object, field: str) -> YearMonth:
        month = month_without_year(text, self.today) if isinstance(text, str) else None
        if month is None:
            return parse_month(text, field, self.today)
        self.notes.append(month_year_line(text, month, self.today))
        self.resolved[field] = month.iso()
        return month


def parse_month(text: object, field: str, today: dt.date | None = None) -> YearMonth:
    """A month written YYYY-MM (or its six digits); a refusal shows the month
    after ``today`` as its example."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("月を入力してください。", field)
    try:
        return YearMonth.parse(text.strip())
    except ValueError:
        example = YearMonth.of(today).plus(1) if today else None
        hint = _format_hint(example.iso() if example else None, "年-月")
        raise InputError(f"「{text}」は月として正しくありません{hint}。", field) from None


def parse_items(values: object) -> list[int]:
    """Item numbers as whole numbers, or their decimal digits as text (a form's values)."""
    if not isinstance(values, list):
        raise InputError("変更する項目を1つ以上選んでください。", "item")
    numbers = []
    for value in values:
        if isinstance(value, str) and re.fullmatch(r"[0-9]{1,4}", value.strip()):
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise InputError("項目番号が正しくありません。", "item")
        numbers.append(value)
    return numbers


class Engine:
    """All calculators over one bundle, sharing one calendar."""

    def __init__(self, bundle: Mapping):
        self.bundle = bundle
        self.calendar = BusinessCalendar.from_bundle(bundle["calendar"])
        self.changes = ChangeCalculator(bundle, self.calendar)
        self.cancellation = CancellationCalculator(bundle, self.calendar)
        self.option = SoftBankOptionCalculator(bundle, self.calendar)
        self.wording = Wording(bundle)

    def info(self, today: dt.date | None = None) -> dict:
        """What the page needs once the engine is up (its status line is
        worded at build time, from the same calendar)."""
        start, end = self.calendar.start, self.calendar.end
        return {
            "rules_version": self.bundle["rules_version"],
            "coverage": [start.isoformat(), end.isoformat()],
            "today": (today or today_in_japan()).isoformat(),
        }

    def run(self, request: Mapping, *, dates_only: bool = False) -> dict:
        """``request["today"]`` (ISO) replaces today in Japan, for tests.
        With ``dates_only`` the result is the dates alone, as scripts read
        them (the CLI's ``--json``): no wording, no explanation."""
        try:
            today = parse_date(request["today"], "today") if request.get("today") else today_in_japan()
            reader = Reader(today)
            result, view = self._compute(request, reader)
        except CalculatorError as error:
            return {"ok": False, "field": error.field, "message": error.message}
        if dates_only:
            return {"ok": True, "result": result.to_json()}
        w = self.wording
        w.finish(view, reader.notes)
        # "view" is everything the page (and the CLI) lays out, already worded;
        # "inputs" the typed values read with an assumed year, as ISO, by field;
        # "stands" the day a field another stood in for is counted as, by field.
        full = result.to_full_json()
        stands = {f.stands_for: full[f.counted_as] for f in BY_NAME[request["calculator"]].fields
                  if f.stands_for and f.counted_as and str(request.get(f.name) or "").strip()}
        return {"ok": True, "result": {**full, "view": view, "inputs": reader.resolved, "stands": stands}}

    def _compute(self, request: Mapping, reader: Reader) -> tuple[
            ChangeResult | CancellationResult | DeadlineResult | OptionResult, dict]:
        kind = request.get("calculator")
        if not isinstance(kind, str) or kind not in BY_NAME:
            raise InputError(f"unknown calculator: {kind!r}")
        return getattr(self, f"_compute_{kind}")(request, reader)

    def _compute_change(self, request: Mapping, reader: Reader) -> tuple[ChangeResult, dict]:
        # A 送付日 stands for the acceptance day; its errors stay on its own field.
        sent = request.get("sent")
        field, what = ("sent", "送付日") if isinstance(sent, str) and sent.strip() else ("accepted", "受付受理日")
        items = parse_items(request.get("items"))
        result = self.changes.compute(reader.date(request.get(field), field), items, field, what)
        return result, change_view(result, self.wording, self.changes.calendar, sent=field == "sent")

    def _compute_cancel(self, request: Mapping, reader: Reader) -> tuple[CancellationResult, dict]:
        result = self.cancellation.from_applied(reader.date(request.get("applied"), "applied"))
        return result, cancel_view(result, self.wording, self.cancellation)

    def _compute_deadline(self, request: Mapping, reader: Reader) -> tuple[DeadlineResult, dict]:
        result = self.cancellation.deadline_for(reader.month(request.get("last_usage_month"), "last_usage_month"))
        return result, deadline_view(result, self.wording, self.cancellation, reader.today)

    def _compute_option(self, request: Mapping, reader: Reader) -> tuple[OptionResult, dict]:
        result = self.option.compute(reader.date(request.get("applied"), "applied"))
        return result, option_view(result, self.wording)

    def run_json(self, request_json: str) -> str:
        return json.dumps(self.run(json.loads(request_json)), ensure_ascii=False)
