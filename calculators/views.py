"""What the page shows for a result, worded here (never in the JavaScript).

Each ``*_view`` turns a calculator result into facts (label, value, note), a
short live summary, what to do next (documents and the desk, from the rules),
the day-by-day calendar, the short text a reader copies and the calendar
events a reader may save. Segments are described in ``viewparts``; the
cancellation views are in ``cancelviews``, the rules' words in ``wording``.
"""

from __future__ import annotations

import datetime as dt

from .assumptions import Assumptions
from .businesscalendar import BusinessCalendar
from .cancelviews import cancel_view, deadline_view
from .changes import ChangeResult
from .explain import ACCEPTED, SENT, SENT_ON_A_CLOSED_DAY
from .jformat import ja_date, ja_range
from .months import YearMonth
from .option import OptionResult
from .viewparts import calendar_grid, date, date_range, fact, name, place_in, plain, whole
from .wording import Wording

__all__ = ["Wording", "cancel_view", "change_view", "deadline_view", "option_view"]


def _applies(late: list) -> dict:
    """The days the 翌月適用 items apply from, with the items' names."""
    return {day: "・".join(f"No.{i.no}" for i in late if i.earliest == day)
            for day in sorted({i.earliest for i in late})}


def _dues(items: list) -> dict[dt.date, list[str]]:
    """The days each item counted in business days is done on, by its own
    lead time (a range's first and last days), worded for the calendar."""
    # Items that share a day and where it stands in their windows are named
    # together: 「No.1・No.2の完了の目安」, not the phrase once per item.
    by_day: dict[dt.date, dict[str, list[str]]] = {}
    for i in items:
        if i.kind == "next_month":
            continue  # its day is marked as the day it applies from
        for day in dict.fromkeys((i.earliest, i.latest)):
            by_day.setdefault(day, {}).setdefault(place_in((i.earliest, i.latest), day), []).append(f"No.{i.no}")
    return {day: [f"{'・'.join(nos)}の完了の目安{place}" for place, nos in places.items()]
            for day, places in by_day.items()}


def _outside_the_count(applies: list[dt.date], calendar: BusinessCalendar, a: Assumptions) -> dict[dt.date, str]:
    """The day list's note on each 翌月適用 day no business day is counted
    to, where there is one (a closed day, or past the calendar)."""
    notes = {}
    for day in applies:
        covered = calendar.covers(day)
        note = a.applies_day_note(calendar.reasons(day) if covered else [], None if covered else calendar.end)
        if note:
            notes[day] = note
    return notes


def _item_word(item) -> str | None:
    """What an event says of one item's date: the last day of its window
    (遅くとも: it may be done sooner), the day a 翌月適用 item applies from
    (適用開始); nothing for a one-day estimate."""
    return "適用開始" if item.kind == "next_month" else "遅くとも" if item.earliest != item.latest else None


def _event_title(items: list, whole: bool) -> str:
    """An event's title after its service: one word for the items of its
    day, after 「変更完了の目安」 when they share it, else after each item's
    name (No.1 is not said to apply from No.3's day); 全体 on the day the
    whole change of several items is done."""
    said = {_item_word(i) for i in items}
    shared = said.pop() if len(said) == 1 else None
    words = "・".join(w for w in (shared, "全体" if whole else None) if w)
    head = f"変更完了の目安（{words}）" if words else "変更完了の目安"
    names = "、".join(f"No.{i.no} {i.title}" + (f"（{_item_word(i)}）" if not shared and _item_word(i) else "")
                     for i in items)
    return f"{head}：{names}"


def change_view(r: ChangeResult, w: Wording, calendar: BusinessCalendar, sent: bool = False) -> dict:
    several = len(r.items) > 1
    moved = r.effective_accepted != r.accepted
    words = (SENT_ON_A_CLOSED_DAY if moved else SENT) if sent else ACCEPTED
    accepted_label = words.name
    accepted = [date(r.accepted, "accepted")]
    if moved:
        accepted += ["（休業日のため、", date(r.effective_accepted, "effective_accepted"), "の受付受理として数えます）"]
    late = [i for i in r.items if i.kind == "next_month"]
    applying = _applies(late)
    # The overall date is a 翌月適用 date (the items counted in business
    # days, if any, are done by then): one item is said to apply from it;
    # of several, the date is named as whose application it is, since the
    # other items are done, not applied, by then.
    last = [i for i in late if i.latest == r.latest]
    applies = ("" if not last else f"（{'・'.join(f'No.{i.no}' for i in last)}の適用開始日）" if several
               else "から適用")
    overall = date_range(r.earliest, r.latest)
    # A range that starts on a 翌月適用 date (inside a business-day item's
    # range) starts on the day that item applies, which may be a closed day:
    # the result says whose day it is.
    opening = [i for i in late if i.earliest == r.earliest] if not applies and r.earliest != r.latest else []
    starts = (f"範囲の始まりの{ja_date(r.earliest)}は、{'・'.join(f'No.{i.no}' for i in opening)}（翌月適用）の"
              "適用開始日です。") if opening else None
    fee_items = "・".join(f"No.{i.no}" for i in r.items if i.setting_fee)
    fee = f"かかります（{fee_items}）" if r.setting_fee else "かかりません"
    names = "・".join(f"No.{i.no}" for i in r.items)
    done = "完了の目安（全体）" if several else "完了の目安"
    submit = w.submit(w.changes, list(r.documents))
    a = w.assumptions
    # The count runs to the last day counted in business days (changes.py):
    # a closed day after it moves nothing.
    assumed = a.closure_lines(r.explanation)
    assumed += [a.moved_line(r.accepted, r.effective_accepted, words)] if moved else []
    assumed += [a.sent_line(r.accepted)] if sent and not moved else []
    if late and YearMonth.of(r.start) != YearMonth.of(r.accepted):
        assumed.append(a.next_month_line(r.accepted, r.start, late[0].earliest, words))
    assumed += [a.beyond_calendar_line(day, calendar.end) for day in applying if not calendar.covers(day)]
    if several and not any((i.earliest, i.latest) == (r.earliest, r.latest) for i in r.items):
        assumed.append(a.overall_line([i.no for i in r.items if i.earliest == r.earliest],
                                      [i.no for i in r.items if i.latest == r.latest]))
    view = {
        "title": "変更手続きの完了の目安",
        "file_tag": r.accepted.isoformat(),
        "assumptions": assumed,
        "summary": f"{names}の{done}：{plain(overall)}{applies}" + (f"。{starts}" if starts else ""),
        "facts": [
            fact(accepted_label, accepted),
            fact("起算日", [date(r.start, "start")]),
            fact(done, [{"strong": overall}, *([whole(applies)] if applies else [])],
                 " ".join(filter(None, [starts, w.notes["longest_wins"] if several else None])) or None,
                 emphasis=True),
            fact("設定変更料", [fee], result="setting_fee", data_value="true" if r.setting_fee else "false"),
        ],
        "items": {
            # The item's name heads its row; short cells never break.
            "columns": [{"label": "No", "nowrap": True}, {"label": "変更内容", "row_header": True},
                        {"label": "必要日数", "nowrap": True}, {"label": "完了の目安"}],
            "rows": [{"no": i.no, "cells": [[str(i.no)], name(i.title), [i.lead_time],
                                            [*date_range(i.earliest, i.latest),
                                             *([whole("から適用")] if i.kind == "next_month" else [])]]}
                     for i in r.items],
        },
        "next": submit,
        "calendar": calendar_grid(r.explanation, (r.earliest, r.latest), words, applying,
                                  _dues(r.items) if several else None, _outside_the_count(
                                      [day for day in applying if day not in {d.date for d in r.explanation}],
                                      calendar, a),
                                  # As the fact names it, without its brackets (it goes in a label's).
                                  window_text="全体の完了の目安" if several else "完了の目安"),
        "copy_body": [
            f"{accepted_label}：{ja_date(r.accepted)}",
            *([f"  休業日のため、{ja_date(r.effective_accepted)}の受付受理として数えます。"] if moved else []),
            f"起算日：{ja_date(r.start)}",
            *(f"No.{i.no} {i.title}（{i.lead_time}）：{ja_range(i.earliest, i.latest)}"
              + ("から適用" if i.kind == "next_month" else "") for i in r.items),
            *([f"{done}：{ja_range(r.earliest, r.latest)}{applies}"] if several else []),
            *([f"  {starts}"] if starts else []),
            f"設定変更料：{fee}",
            *submit["lines"],
        ],
        "events": _change_events(r.items, w.service),
    }
    return view


def _change_events(items: list, service: str) -> list[dict]:
    """One calendar event per day an item is done or applies from (a
    window's last day), naming the items of that day, in date order: an
    item done in January is not filed under another's February date."""
    days: dict[dt.date, list] = {}
    for i in sorted(items, key=lambda i: (i.latest, i.no)):
        days.setdefault(i.latest, []).append(i)
    last = max(days) if len(items) > 1 else None
    return [{
        "date": day.isoformat(),
        "summary": f"{service} {_event_title(on, day == last)}",
    } for day, on in days.items()]


def option_view(r: OptionResult, w: Wording) -> dict:
    moved = r.effective_accepted != r.applied
    words = w.option_words
    applied = [date(r.applied)]
    if moved:
        applied += ["（休業日のため、", date(r.effective_accepted), f"の{words.counted_as}として数えます）"]
    done = f"お手続き完了の目安（{r.lead_time}）"
    overall = date_range(r.earliest, r.latest, "option_")
    a = w.assumptions
    view = {
        "title": f"{r.name}のお手続き完了の目安",
        "file_tag": r.applied.isoformat(),
        "assumptions": a.closure_lines(r.explanation) + ([a.moved_line(r.applied, r.effective_accepted, words)]
                                                          if moved else []),
        "summary": f"{r.name}の{done}：{plain(overall)}",
        "facts": [
            fact(words.name, applied),
            fact("起算日", [date(r.start)]),
            fact(done, [{"strong": overall}], emphasis=True),
        ],
        "calendar": calendar_grid(r.explanation, (r.earliest, r.latest), words, window_text="お手続き完了の目安"),
        "copy_body": [
            f"{words.name}：{ja_date(r.applied)}",
            *([f"  休業日のため、{ja_date(r.effective_accepted)}の{words.counted_as}として数えます。"] if moved else []),
            f"起算日：{ja_date(r.start)}",
            f"{done}：{ja_range(r.earliest, r.latest)}",
        ],
        "events": [{
            "date": r.latest.isoformat(),
            "summary": f"{w.service} {r.name} お手続き完了の目安（遅くとも）",
        }],
    }
    return view
