"""The worded views of the cancellation results (3.2): the month a
cancellation takes effect from an application day, and the deadline for a
wanted last usage month. See ``views`` for what a view holds.

The cut-off compares the calendar day an application is received; a closed
day is not moved to the next business day (the change forms count business
days, this does not). Where a closed day matters the view says so: a
deadline on a closed day keeps the rule's date and also names the last
business day before it, where the calendar reminder goes; an application
dated on a closed day is warned about when the next business day would give
another month.
"""

from __future__ import annotations

import datetime as dt
from .businesscalendar import BusinessCalendar
from .cancel import CancellationCalculator, CancellationResult, DeadlineResult
from .errors import CalculatorError
from .jformat import ja_date
from .viewparts import date, fact, month
from .wording import Wording


def _cancel_submit(w: Wording) -> dict:
    """Documents and desk, and the conditions (3.1 解約条件: a fee may be
    due) the reader checks before sending them."""
    submit = w.submit(w.cancellation, [w.documents[d] for d in w.cancellation["documents"]])
    conditions = "".join(w.cancellation["conditions"])
    submit["conditions_label"] = CONDITIONS_LABEL
    submit["conditions"] = conditions
    submit["lines"] = [*submit["lines"], f"{CONDITIONS_LABEL}：{conditions}"]
    return submit


CONDITIONS_LABEL = "解約条件"


def _practical_lines(r: DeadlineResult, w: Wording, cancellation: CancellationCalculator) -> list[str]:
    """Why a deadline on a closed day has an earlier business-day one, and
    when that closed day is an unpublished holiday, that it is reckoned."""
    if not r.practical:
        return []
    closed = cancellation.calendar.reasons(r.deadline)
    return [w.assumptions.practical_line(r.deadline, r.practical),
            *w.assumptions.unpublished_holiday_lines([(r.deadline, closed)])]


def _after_cancellation(w: Wording) -> list[str]:
    return ["解約後は次のことができません：", *(f"  ・{line}" for line in w.cancellation["after_cancellation"])]


def _if_received_later(r: CancellationResult, cancellation: CancellationCalculator) -> tuple[dt.date, CancellationResult] | None:
    """The next business day and what an application received then gives,
    when that is another month; None when it is the same or cannot be told."""
    try:
        later = cancellation.calendar.next_business_day(r.applied)
        moved = cancellation.from_applied(later)
    except CalculatorError:
        return None
    return (later, moved) if moved.last_usage_month != r.last_usage_month else None


def cancel_view(r: CancellationResult, w: Wording, cancellation: CancellationCalculator) -> dict:
    # The cut-off day as a fact of its own, with where the application day
    # falls: one date per line reads (and wraps on a phone) as the others do.
    relation = "（締め日までのお申し込みです）" if r.by_cutoff else "（締め日を過ぎたお申し込みです）"
    submit = _cancel_submit(w)
    closed = cancellation.calendar.reasons(r.applied)
    warning = None
    if closed:
        later = _if_received_later(r, cancellation)
        if later:
            day, moved = later
            warning = {"kind": "closed", "text": (
                f"お申し込み日（{ja_date(r.applied)}）は休業日です。この計算はお申し込み日の日付で締め日と比べていますが、"
                f"当社での受付が翌営業日（{ja_date(day)}）になると締め日より後となり、最終ご利用月が"
                f"{moved.last_usage_month.ja()}ご利用分まで（{moved.cancelled_from.ja()}ご利用分から解約）に変わります。"
                f"扱いは{w.assumptions.desk}にご確認ください。")}
    summary = f"最終ご利用月は{r.last_usage_month.ja()}ご利用分までです（{r.cancelled_from.ja()}ご利用分から解約）。"
    return {
        "title": "解約となる月",
        "file_tag": r.applied.isoformat(),
        "assumptions": ([w.assumptions.cancel_closed_line(r.applied, closed),
                         *w.assumptions.unpublished_holiday_lines([(r.applied, closed)])] if closed else [])
                       + [w.assumptions.last_month_line()],
        "summary": summary + (warning["text"] if warning else ""),
        "warning": warning,
        "facts": [
            fact("お申し込み日", [date(r.applied, "applied")]),
            fact("締め日", [date(r.cutoff_date, "cutoff_date"), relation]),
            fact("最終ご利用月", [{"strong": [month(r.last_usage_month, "last_usage_month")]}, "ご利用分まで"],
                 emphasis=True),
            fact("解約となる月", [month(r.cancelled_from, "cancelled_from"), "ご利用分から"]),
        ],
        "next": submit,
        "copy_body": [
            f"お申し込み日：{ja_date(r.applied)}",
            f"締め日：{ja_date(r.cutoff_date)}{relation}",
            *([warning["text"]] if warning else []),
            f"最終ご利用月：{r.last_usage_month.ja()}ご利用分まで",
            f"解約となる月：{r.cancelled_from.ja()}ご利用分から",
            *submit["lines"],
            *_after_cancellation(w),
        ],
        "events": [{
            "date": r.cancelled_from.first_day().isoformat(),
            # The calendar keeps the month the page warns may move as unsure.
            "summary": f"{w.service} 解約（{r.cancelled_from.ja()}ご利用分から{'・要確認' if warning else ''}）",
        }],
    }


# The labels of a deadline's facts; under a wished-for month already too
# late, the soonest month's, each worded as that month's so that none reads
# as the wished-for month's deadline.
LABELS = {"month": "最終ご利用月", "deadline": "お申し込みの期限", "practical": "営業日での期限",
          "cancelled_from": "解約となる月"}
SOONEST_LABELS = {"month": "最短の最終ご利用月", "deadline": "その場合のお申し込みの期限",
                  "practical": "その場合の営業日での期限", "cancelled_from": "その場合の解約となる月"}


def _deadline_parts(r: DeadlineResult, w: Wording, prefix: str = "", labels: dict = LABELS) -> tuple[list, list]:
    """The facts and copied lines of an open deadline: the last usage month,
    the deadline (the rule's date), on a closed day also the last business
    day before it (emphasised instead), and the month it is cancelled from."""
    closed = f"期限日は休業日（{'・'.join(r.deadline_closed)}）です。" if r.deadline_closed else None
    # On a closed day the rule's date is no day to apply on: it is said as the rule's.
    within = "（規定上の期限）" if r.practical else "（当日のお申し込みを含みます）"
    rule = [date(r.deadline, prefix + "deadline"), within]
    facts = [
        fact(labels["month"], [month(r.last_usage_month, prefix + "last_usage_month" if prefix else None),
                               "ご利用分まで"]),
        fact(labels["deadline"], rule if r.practical else [{"strong": rule[:1]}, rule[1]], closed,
             emphasis=not r.practical),
    ]
    copy = [
        f"{labels['month']}：{r.last_usage_month.ja()}ご利用分まで",
        f"{labels['deadline']}：{ja_date(r.deadline)}{within}",
        *([f"  {closed}"] if closed else []),
    ]
    if r.practical:
        facts.append(fact(labels["practical"], [{"strong": [date(r.practical, prefix + "practical_deadline")]},
                                                "（期限日の前の最後の営業日）"],
                          w.assumptions.practical_note(),
                          emphasis=True))
        copy += [f"{labels['practical']}：{ja_date(r.practical)}（期限日の前の最後の営業日）",
                 f"  {w.assumptions.practical_note()}"]
    facts.append(fact(labels["cancelled_from"], [month(r.cancelled_from, prefix + "cancelled_from" if prefix else None),
                                                  "ご利用分から"]))
    copy.append(f"{labels['cancelled_from']}：{r.cancelled_from.ja()}ご利用分から")
    return facts, copy


# A deadline's event reminds the reader this many business days before it,
# at 9:00 in Japan: time enough to fill in and send the form.
REMIND_BUSINESS_DAYS = 5


def _reminders(calendar: BusinessCalendar, day: dt.date, today: dt.date) -> list[dt.date]:
    """The days a deadline's reminders ring on, at 9:00: REMIND_BUSINESS_DAYS
    before ``day`` (or, when that is today or gone, the next business day,
    while that is before ``day``), and the morning of ``day`` itself, so a
    deadline close at hand is reminded of too. Days the calendar cannot
    tell are left out."""
    found = [day]
    try:
        remind = day
        for _ in range(REMIND_BUSINESS_DAYS):
            remind = calendar.on_or_before(remind - dt.timedelta(days=1))
        if remind <= today:
            remind = calendar.next_business_day(today)
        if remind < day:
            found.insert(0, remind)
    except CalculatorError:
        pass
    return found


def _deadline_event(r: DeadlineResult, w: Wording, today: dt.date, calendar: BusinessCalendar,
                    soonest: bool = False) -> dict:
    # The event goes to the last business day before a closed deadline
    # while that day is still ahead. The soonest month, offered for a
    # wished-for month gone by, is named as the soonest.
    day = r.practical if r.practical and r.practical >= today else r.deadline
    reminders = _reminders(calendar, day, today)
    return {
        "date": day.isoformat(),
        "summary": f"{w.service} {w.documents['cancellation_form']}の提出期限"
                   f"（{'最短の' if soonest else ''}{r.last_usage_month.ja()}ご利用分までで解約）",
        "reminders": [d.isoformat() for d in reminders],
        # Said once the file is saved: what the calendar will do.
        "note": f"{'と'.join(map(ja_date, reminders))}の9時（日本時間）に通知するよう設定しています。",
    }


def _soonest(cancellation: CancellationCalculator, today: dt.date) -> DeadlineResult | None:
    """What an application received today gives: the soonest last usage
    month and its deadline (never before today). None when today or that
    deadline is outside the calendar, which then cannot justify it."""
    if not cancellation.calendar.covers(today):
        return None
    try:
        return cancellation.deadline_for(cancellation.from_applied(today).last_usage_month)
    except CalculatorError:
        return None


def deadline_view(r: DeadlineResult, w: Wording, cancellation: CancellationCalculator, today: dt.date) -> dict:
    submit = _cancel_submit(w)
    base = {"title": "解約申し込みの期限", "file_tag": r.last_usage_month.iso(), "next": submit}
    if r.deadline >= today:
        facts, copy = _deadline_parts(r, w)
        summary = f"お申し込みの期限は{ja_date(r.deadline)}です（当日のお申し込みを含みます）。"
        warning = None
        if r.practical:
            summary = (f"お申し込みの期限は{ja_date(r.deadline)}ですが、休業日のため、"
                       f"営業日での期限は{ja_date(r.practical)}です。")
            if r.practical < today:
                warning = {"kind": "closed", "text": (
                    f"営業日での期限（{ja_date(r.practical)}）は過ぎています。期限日（{ja_date(r.deadline)}）は"
                    "休業日のため、当社での受付が翌営業日になると、この月を最終ご利用月にできないおそれがあります。"
                    f"お急ぎの場合は{w.assumptions.desk}にご相談ください。")}
                summary = warning["text"]
        return {
            **base,
            "assumptions": [*_practical_lines(r, w, cancellation), w.assumptions.last_month_line()],
            "summary": summary,
            "warning": warning,
            "facts": facts,
            "copy_body": [*([warning["text"]] if warning else []), *copy, *submit["lines"]],
            "events": [_deadline_event(r, w, today, cancellation.calendar)],
        }
    # Gone by: the reader's month, the warning, and instead of facts that
    # will not happen, what an application made today gives. The reader
    # still has to send the form, so where to send it stays.
    text = f"この月を最終ご利用月にするお申し込みの期限（{ja_date(r.deadline)}）は過ぎています。"
    soonest = _soonest(cancellation, today)
    wanted = fact("ご希望の最終ご利用月", [month(r.last_usage_month), "ご利用分まで"])
    facts, copy = [wanted], [f"ご希望の最終ご利用月：{r.last_usage_month.ja()}ご利用分まで", text]
    assumed = []
    if soonest is not None:
        # The day itself too: the text is read again later, in a calendar's event.
        text += f"本日（{ja_date(today)}）お申し込みの場合、最終ご利用月は最短で{soonest.last_usage_month.ja()}ご利用分です。"
        copy[-1] = text
        soon_facts, soon_copy = _deadline_parts(soonest, w, "soonest_", SOONEST_LABELS)
        facts += soon_facts
        copy += soon_copy
        assumed += _practical_lines(soonest, w, cancellation)
    return {
        **base,
        "assumptions": [*assumed, w.assumptions.last_month_line()],
        "summary": text,
        "warning": {"kind": "past", "text": text},
        "facts": facts,
        "copy_body": [*copy, *submit["lines"]],
        # A deadline already gone is nothing to put in a calendar; the
        # soonest month's, still ahead, is.
        "events": [_deadline_event(soonest, w, today, cancellation.calendar, soonest=True)]
                  if soonest is not None else [],
    }
