"""What the page shows for a result, worded here (never in the JavaScript).

Each ``*_view`` turns a calculator result into facts (label, value, note), a
short live summary, what to do next (documents and the desk, from the rules),
the day-by-day calendar, the short text a reader copies and the calendar
events a reader may save. Segments are described in ``viewparts``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .cancel import CancellationCalculator, CancellationResult, DeadlineResult
from .changes import ChangeResult
from .errors import CalculatorError
from .jformat import ja_date, ja_range
from .option import OptionResult
from .viewparts import calendar, date, date_range, fact, month, plain


class Wording:
    """The rules' own words the views quote: service, desks, documents, notes."""

    def __init__(self, bundle: Mapping):
        rules = bundle["rules"]
        self.version = bundle["rules_version"]
        self.service = rules["guide"]["service"]
        self.contacts = {c["id"]: c for c in rules["contacts"]["contacts"]}
        self.documents = {d["id"]: d["name"] for d in rules["documents"]["documents"]}
        self.changes = rules["changes"]
        self.cancellation = rules["cancellation"]
        # By key, never by position or id; shown as the page's rules section shows it (id + text).
        self.notes = {n["key"]: f"{n['id']}{n['text']}" for n in self.changes["notes"] if n.get("key")}

    def submit(self, section: Mapping, documents: list[str]) -> dict:
        """Documents and where to send them, as a block and as one line."""
        desk = self.contacts[section["submit_to"]]
        how = f"{section['submit_by']}で" if section.get("submit_by") else ""
        send = [f"{desk['name']}（", {"href": f"mailto:{desk['email']}", "text": desk["email"]},
                f"）へ{how}ご提出ください。"]
        return {
            "heading": "ご提出",
            "documents_label": "必要書類",
            "documents": documents,
            "send_label": "送付先",
            "send": send,
            "lines": ["必要書類: " + "、".join(documents), "送付先: " + plain(send)],
        }

    def finish(self, view: dict, title: str) -> dict:
        """Add what every result carries: the copied text and the rules version."""
        version = f"ルールの版: {self.version}"
        view["copy"] = [f"{self.service} {title}", *view.pop("copy_body"), version]
        view["version_note"] = f"ルールの版 {self.version} で計算しました。"
        return view


def change_view(r: ChangeResult, w: Wording, sent: bool = False) -> dict:
    several = len(r.items) > 1
    moved = r.effective_accepted != r.accepted
    accepted_label = "送付日（受付受理日として計算）" if sent else "受付受理日"
    accepted = [date(r.accepted, "accepted")]
    if moved:
        accepted += ["（休業日のため、", date(r.effective_accepted, "effective_accepted"), "の受付受理として数えます）"]
    overall = date_range(r.earliest, r.latest)
    fee_items = "・".join(f"No.{i.no}" for i in r.items if i.setting_fee)
    fee = f"かかります（{fee_items}）" if r.setting_fee else "かかりません"
    names = "・".join(f"No.{i.no}" for i in r.items)
    done = "完了の目安（全体）" if several else "完了の目安"
    submit = w.submit(w.changes, list(r.documents))
    view = {
        "summary": f"{done}: {plain(overall)}（{names}）",
        "facts": [
            fact(accepted_label, accepted),
            fact("起算日", [date(r.start, "start")]),
            fact(done, [{"strong": overall}], w.notes["longest_wins"] if several else None, emphasis=True),
            fact("設定変更料", [fee], result="setting_fee", data_value="true" if r.setting_fee else "false"),
        ],
        "items": {
            # The item's name heads its row; short cells never break.
            "columns": [{"label": "No", "nowrap": True}, {"label": "変更内容", "row_header": True},
                        {"label": "必要日数", "nowrap": True}, {"label": "完了の目安"}],
            "rows": [{"no": i.no, "cells": [[str(i.no)], [i.title], [i.lead_time],
                                            [*date_range(i.earliest, i.latest),
                                             *(["から適用"] if i.kind == "next_month" else [])]]}
                     for i in r.items],
        },
        "next": submit,
        "calendar": calendar(r.explanation, (r.earliest, r.latest)),
        "copy_body": [
            f"{accepted_label}: {ja_date(r.accepted)}",
            *([f"  休業日のため、{ja_date(r.effective_accepted)}の受付受理として数えます。"] if moved else []),
            f"起算日: {ja_date(r.start)}",
            *(f"No.{i.no} {i.title}（{i.lead_time}）: {ja_range(i.earliest, i.latest)}"
              + ("から適用" if i.kind == "next_month" else "") for i in r.items),
            *([f"{done}: {ja_range(r.earliest, r.latest)}"] if several else []),
            f"設定変更料: {fee}",
            *submit["lines"],
        ],
        "events": [{
            "date": r.latest.isoformat(),
            "summary": f"{w.service} 変更完了の目安（{'、'.join(f'No.{i.no} {i.title}' for i in r.items)}）",
            "description": f"{done}: {ja_range(r.earliest, r.latest)}",
        }],
    }
    return w.finish(view, "変更手続きの完了の目安")


def _cancel_submit(w: Wording) -> dict:
    return w.submit(w.cancellation, [w.documents[d] for d in w.cancellation["documents"]])


def _after_cancellation(w: Wording) -> list[str]:
    return ["解約後は次のことができません:", *(f"  ・{line}" for line in w.cancellation["after_cancellation"])]


def cancel_view(r: CancellationResult, w: Wording) -> dict:
    relation = "まで" if r.by_cutoff else "より後"
    submit = _cancel_submit(w)
    view = {
        "summary": f"最終ご利用月は{r.last_usage_month.ja()}ご利用分までです（{r.cancelled_from.ja()}ご利用分から解約）。",
        "facts": [
            fact("お申し込み日", [date(r.applied, "applied"), "（締め日 ", date(r.cutoff_date, "cutoff_date"),
                               f" {relation}）"]),
            fact("最終ご利用月", [{"strong": [month(r.last_usage_month, "last_usage_month")]}, "ご利用分まで"],
                 emphasis=True),
            fact("解約となる月", [month(r.cancelled_from, "cancelled_from"), "ご利用分から"]),
        ],
        "next": submit,
        "copy_body": [
            f"お申し込み日: {ja_date(r.applied)}（締め日 {ja_date(r.cutoff_date)} {relation}）",
            f"最終ご利用月: {r.last_usage_month.ja()}ご利用分まで",
            f"解約となる月: {r.cancelled_from.ja()}ご利用分から",
            *submit["lines"],
            *_after_cancellation(w),
        ],
        "events": [{
            "date": r.cancelled_from.first_day().isoformat(),
            "summary": f"{w.service} 解約（{r.cancelled_from.ja()}ご利用分から）",
            "description": f"最終ご利用月: {r.last_usage_month.ja()}ご利用分まで",
        }],
    }
    return w.finish(view, "解約となる月")


def _deadline_parts(r: DeadlineResult, prefix: str = "") -> tuple[list, list]:
    """The facts and copied lines of an open deadline: the last usage month,
    the deadline (emphasised) and the month it is cancelled from."""
    closed = (f"期限日は休業日（{'・'.join(r.deadline_closed)}）です。余裕をもってご提出ください。"
              if r.deadline_closed else None)
    facts = [
        fact("最終ご利用月", [month(r.last_usage_month, prefix + "last_usage_month" if prefix else None),
                              "ご利用分まで"]),
        fact("お申し込みの期限", [{"strong": [date(r.deadline, prefix + "deadline")]}, "（この日までに受付）"],
             closed, emphasis=True),
        fact("解約となる月", [month(r.cancelled_from, prefix + "cancelled_from" if prefix else None), "ご利用分から"]),
    ]
    copy = [
        f"最終ご利用月: {r.last_usage_month.ja()}ご利用分まで",
        f"お申し込みの期限: {ja_date(r.deadline)}（この日までに受付）",
        *([f"  {closed}"] if closed else []),
        f"解約となる月: {r.cancelled_from.ja()}ご利用分から",
    ]
    return facts, copy


def _deadline_event(r: DeadlineResult, w: Wording) -> dict:
    return {
        "date": r.deadline.isoformat(),
        "summary": f"{w.service} {w.documents['cancellation_form']}の提出期限"
                   f"（{r.last_usage_month.ja()}ご利用分までで解約）",
        "description": "この日までに受付",
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
    if r.deadline >= today:
        facts, copy = _deadline_parts(r)
        view = {
            "summary": f"お申し込みの期限は{ja_date(r.deadline)}です（この日までに受付）。",
            "warning": None,
            "facts": facts,
            "next": submit,
            "copy_body": [*copy, *submit["lines"]],
            "events": [_deadline_event(r, w)],
        }
        return w.finish(view, "解約申し込みの期限")
    # Gone by: the reader's month, the warning, and instead of facts that
    # will not happen, what an application made today gives. The reader
    # still has to send the form, so where to send it stays.
    text = f"この月を最終ご利用月にするお申し込みの期限（{ja_date(r.deadline)}）は過ぎています。"
    soonest = _soonest(cancellation, today)
    wanted = fact("ご希望の最終ご利用月", [month(r.last_usage_month), "ご利用分まで"])
    facts, copy = [wanted], [f"ご希望の最終ご利用月: {r.last_usage_month.ja()}ご利用分まで", text]
    if soonest is not None:
        text += f"今日お申し込みの場合、最終ご利用月は最短で{soonest.last_usage_month.ja()}ご利用分です。"
        copy[-1] = text
        soon_facts, soon_copy = _deadline_parts(soonest, "soonest_")
        soon_facts[0]["label"] = "最短の最終ご利用月"
        facts += soon_facts
        copy += [f"最短の{soon_copy[0]}", *soon_copy[1:]]
    view = {
        "summary": text,
        "warning": {"kind": "past", "text": text},
        "facts": facts,
        "next": submit,
        "copy_body": [*copy, *submit["lines"]],
        # A deadline already gone is nothing to put in a calendar.
        "events": [],
    }
    return w.finish(view, "解約申し込みの期限")


def option_view(r: OptionResult, w: Wording) -> dict:
    moved = r.effective_accepted != r.applied
    applied = [date(r.applied)]
    if moved:
        applied += ["（休業日のため、", date(r.effective_accepted), "の受付として数えます）"]
    done = f"お手続き完了の目安（{r.lead_time}）"
    overall = date_range(r.earliest, r.latest, "option_")
    view = {
        "summary": f"{r.name}の{done}: {plain(overall)}",
        "facts": [
            fact("お申し込み日", applied),
            fact("起算日", [date(r.start)]),
            fact(done, [{"strong": overall}], emphasis=True),
        ],
        "calendar": calendar(r.explanation, (r.earliest, r.latest)),
        "copy_body": [
            f"お申し込み日: {ja_date(r.applied)}",
            *([f"  休業日のため、{ja_date(r.effective_accepted)}の受付として数えます。"] if moved else []),
            f"起算日: {ja_date(r.start)}",
            f"{done}: {ja_range(r.earliest, r.latest)}",
        ],
        "events": [{
            "date": r.latest.isoformat(),
            "summary": f"{w.service} {r.name} お手続き完了の目安（最長）",
            "description": f"{done}: {ja_range(r.earliest, r.latest)}",
        }],
    }
    return w.finish(view, f"{r.name}のお手続き完了の目安")
