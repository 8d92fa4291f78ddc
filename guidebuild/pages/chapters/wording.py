"""Sentences and labels the pages derive from rule numbers, in one place.

Each sentence is built from the rules' values, so a number changed in YAML
changes the sentence; nothing here is a rule of its own.
"""

from __future__ import annotations

import datetime as dt

from calculators.businesscalendar import parse_month_day
from calculators.jformat import ja_date

from ...rules import models as model

WEEKDAY_NAMES = {"monday": "月曜日", "tuesday": "火曜日", "wednesday": "水曜日", "thursday": "木曜日",
                 "friday": "金曜日", "saturday": "土曜日", "sunday": "日曜日"}


def ja_plain(day: dt.date) -> str:
    return ja_date(day, weekday=False)


def month_day_text(text: str) -> str:
    """「12月29日」 from the rules' MM-DD."""
    month, day = parse_month_day(text)
    return f"{month}月{day}日"


def month_word(months: int) -> str:
    return {1: "翌月", 2: "翌々月"}.get(months, f"N+{months}月")


def cutoff_rule(day: int, by_cutoff: int, after_cutoff: int) -> str:
    """The seed's 3.2 sentence, from the cut-off numbers."""
    return (f"毎月{day}日までの解約申し込みで、{month_word(by_cutoff)}ご利用分からの解約となります。"
            f"{day + 1}日以降の解約申し込みとなった場合は、（申し込み月をN月とすると）"
            f"N+{after_cutoff}月ご利用分からの解約となりますのでご注意ください。")


def within_hours(hours: int) -> str:
    """The 4.4 target wording: 「障害事象確認後2時間以内」."""
    return f"障害事象確認後{hours}時間以内"


def address_label(contact: model.Contact) -> str:
    """「名前 (address)」 as the seed writes a desk with its address."""
    name = contact.formal_name or contact.name
    return f"{name} ({contact.email})" if contact.email else contact.name
