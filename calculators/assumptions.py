"""The site's own assumptions, worded once for the page and for the results.

The seed leaves some things open (the year-end closure, a form received on a
closed day, when a 翌月適用 item applies, a cancellation received on a closed
day); the calculator decides them and says so. ``Assumptions.page()`` lists
them all for the calculator page; the ``*_lines`` methods name only those that
changed a result's dates, with that result's dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from .businesscalendar import parse_month_day
from .explain import ACCEPTED, Day, StartWords
from .jformat import ja_date
from .months import YearMonth

HEADING = "この結果の前提"
# What a 送付日 standing for the 受付受理日 cannot know.
SENT_CAVEAT = "実際の受付受理日は当社での受付によって決まり、書類に不備があると遅れます。"


def _month_day(text: str) -> str:
    month, day = parse_month_day(text)
    return f"{month}月{day}日"


class Assumptions:
    def __init__(self, bundle: Mapping, desk: str):
        rules = bundle["rules"]
        self.desk = desk
        self.cutoff_day = rules["cancellation"]["cutoff"]["cutoff_day"]
        self.option = rules["contract"]["softbank_option"]["name"]
        # Closures the seed does not state: the site assumes them.
        self.closures = {c["name"]: f"{c['name']}（{_month_day(c['start'])}～{_month_day(c['end'])}）"
                         for c in bundle["calendar"]["closures"] if not c.get("stated_in_seed", True)}
        self.holidays = bundle["calendar"]["holidays"]
        self.official_through = bundle["calendar"].get("official_holidays_through")
        self.last_year = int(bundle["calendar"]["end"][:4])

    # --- the page ----------------------------------------------------------

    def page(self) -> list[str]:
        return [
            *(f"{text}は、原本に記載がないため、官公庁や通信事業者で一般的な期間を休業日とみなして計算しています。"
              f"正確な日程は{self.desk}にご確認ください。" for text in self.closures.values()),
            *([f"{self.official_through + 1}年以降の祝日は、内閣府の公表（{self.official_through}年まで）より先のため、"
               "祝日法の定めから計算しています。公表の際に変わる場合があり、結果の日付がその祝日で変わる場合は結果にも示します。"]
              if self.official_through is not None and self.official_through < self.last_year else []),
            f"休業日に届いた変更書類は、翌営業日に受付受理されたものとして数えます。新規契約時の{self.option}も、"
            "休業日のお申し込みは翌営業日の受付として数えます。",
            "送付日を入れた場合は、その日（休業日なら翌営業日）に受付受理されたものとして数えます。"
            f"{SENT_CAVEAT}",
            f"{self.OVERALL}。原本の「項目比較で最長納期に準じます」を、すべての項目が完了する時期として読んだものです。",
            "「翌月適用」の項目は、起算日（受付受理日の翌営業日）の翌月1日から適用されるものとして計算します。"
            "受付受理日の翌月とは限りません（月末の受付受理では、起算日が翌月になるため翌々月1日からです）。",
            "解約の締め日は、営業日を数えず、お申し込み日の日付で判定します。休業日のお申し込みもその日付のまま計算し、"
            "変更手続きのように翌営業日には繰り下げません。変更手続きは受付受理の翌営業日から営業日を数えますが、"
            "解約はお申し込み日と締め日の前後だけで決まるためです。",
            f"{self.LAST_MONTH}。原本は解約となる月だけを定めており、最終ご利用月は記載がありません。"
            "解約申し込みの期限も、ご希望の最終ご利用月の翌月を解約となる月として求めています。",
            f"締め日（毎月{self.cutoff_day}日）が休業日にあたる場合は、その前の最後の営業日を「営業日での期限」として併せて示します。"
            f"休業日のお申し込みの扱いは{self.desk}にご確認ください。",
        ]

    # --- one result ----------------------------------------------------------

    def closure_lines(self, days: Iterable[Day]) -> list[str]:
        """The assumed closures, and the unpublished holidays, that made a
        counted day a non-business day."""
        days = list(days)
        hit = []
        for day in days:
            if day.reasons and set(day.reasons) <= set(self.closures):
                hit += [name for name in day.reasons if name not in hit]
        return [f"{self.closures[name]}は、原本に記載がないため、本サイトの前提により休業日として数えています。"
                for name in hit] + self.unpublished_holiday_lines((d.date, d.reasons) for d in days if d.reasons)

    def unpublished_holiday_lines(self, days: Iterable[tuple[dt.date, Iterable[str]]]) -> list[str]:
        """For the (day, reasons closed) that are closed only by a holiday of a
        year the official list does not reach yet: it is the site's reckoning."""
        if self.official_through is None:
            return []
        hit: dict[int, list[str]] = {}
        for day, reasons in days:
            name = self.holidays.get(day.isoformat())
            if day.year > self.official_through and name and tuple(reasons) == (name,):
                hit.setdefault(day.year, []).append(f"{day.month}月{day.day}日の{name}")
        return [f"{year}年の祝日（{'、'.join(names)}）は、内閣府の公表（{self.official_through}年まで）より先のため、"
                "祝日法の定めから本サイトが計算したものです。公表の際に変わる場合があります。"
                for year, names in hit.items()]

    def sent_line(self, sent: dt.date) -> str:
        return f"送付日（{ja_date(sent)}）に受付受理されたものとして数えています。{SENT_CAVEAT[:-1]}（本サイトの前提）。"

    def moved_line(self, received: dt.date, counted: dt.date, words: StartWords = ACCEPTED) -> str:
        return (f"{words.day}（{ja_date(received)}）が休業日のため、翌営業日の{ja_date(counted)}の{words.counted_as}として"
                "数えています（本サイトの前提）。")

    def next_month_line(self, accepted: dt.date, start: dt.date, applies: dt.date,
                        words: StartWords = ACCEPTED) -> str:
        return (f"「翌月適用」は、起算日（{ja_date(start)}）の翌月1日、{ja_date(applies)}から適用されるものとして"
                f"計算しています（本サイトの前提）。{words.day}（{ja_date(accepted)}）の翌月からではありません。")

    OVERALL = ("複数の項目をまとめてお申し込みの場合、全体の完了の目安は、各項目の目安の始まりのうち最も遅い日から、"
               "終わりのうち最も遅い日までとしています")

    def overall_line(self, starts: Iterable[int], ends: Iterable[int]) -> str:
        """How a several-item range no single item has was made, with the
        items whose start and whose end it takes."""
        def nos(numbers: Iterable[int]) -> str:
            return "・".join(f"No.{n}" for n in numbers)
        return (f"全体の完了の目安は、各項目の目安の始まりのうち最も遅い日（{nos(starts)}）から、"
                f"終わりのうち最も遅い日（{nos(ends)}）までとしています（本サイトの前提）。")

    # A 翌月適用 day is the 1st of a month, a calendar date counted to by no
    # business day: on a closed day it stays there, and past the calendar's
    # end (where the tool computes nothing else) it can still be given.
    @staticmethod
    def _beyond(end: dt.date) -> str:
        return f"計算できる期間（{ja_date(end)}まで）の後ですが、翌月適用は営業日を数えないため、翌月1日をお示ししています"

    def beyond_calendar_line(self, applies: dt.date, end: dt.date) -> str:
        return f"「翌月適用」の適用開始日（{ja_date(applies)}）は、{self._beyond(end)}。"

    def applies_day_note(self, reasons: list[str], end: dt.date | None) -> str | None:
        """What the day list says of a 翌月適用 day no business day is counted
        to: past the calendar's ``end`` when that is given, else closed for
        ``reasons`` if any."""
        if end is not None:
            return self._beyond(end)
        return f"休業日（{'・'.join(reasons)}）ですが、翌月1日の日付のまま示しています" if reasons else None

    LAST_MONTH = "最終ご利用月は、解約となる月の前月としています"

    def last_month_line(self) -> str:
        """What every cancellation result rests on: its last usage month is the
        site's reading of the seed's cancellation month."""
        return f"{self.LAST_MONTH}（本サイトの前提）。"

    def cancel_closed_line(self, applied: dt.date, reasons: Iterable[str]) -> str:
        return (f"お申し込み日（{ja_date(applied)}）は休業日（{'・'.join(reasons)}）ですが、解約の締め日はお申し込み日の日付で"
                "判定するため、その日付のまま計算しています（変更手続きと異なり、翌営業日には繰り下げません。本サイトの前提）。")

    def practical_note(self) -> str:
        """What the reader does about a deadline on a closed day."""
        return f"休業日のお申し込みの扱いは{self.desk}にご確認ください。この日までのお申し込みをおすすめします。"

    def practical_line(self, deadline: dt.date, practical: dt.date) -> str:
        return (f"期限日（{ja_date(deadline)}）が休業日のため、その前の最後の営業日（{ja_date(practical)}）を"
                "営業日での期限としています（本サイトの前提）。")


# --- dates written without a year ---------------------------------------------

# 12/28, 12-28, 12.28, 12月28日, with half- or full-width digits and
# separators; or, as a phone's numeric keypad (no "/") types it, the month's
# and the day's two digits alone: 1228, 0104.
_NO_YEAR = re.compile(r"([0-9０-９]{1,2})\s*[/\-.／－．月]\s*([0-9０-９]{1,2})\s*日?|([0-9０-９]{2})([0-9０-９]{2})")
# 2, 02, 2月, with half- or full-width digits.
_MONTH_ALONE = re.compile(r"([0-9０-９]{1,2})\s*月?")


def without_year(text: str, today: dt.date) -> dt.date | None:
    """The such day nearest to ``today`` (the one to come on a tie) for a
    month and day written without a year: a form accepted yesterday is
    yesterday, a day planned for next month is next month's. None when
    ``text`` is not written that way or no such day exists (13/1, 2/30, 1301)."""
    found = _NO_YEAR.fullmatch(text.strip())
    if not found:
        return None
    digits = [g for g in found.groups() if g is not None]
    month, day = int(digits[0]), int(digits[1])
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    return _nearest(_in_years_near(month, day, today), today)


def _in_years_near(month: int, day: int, today: dt.date) -> list[dt.date]:
    """The month and day in each year from four before ``today``'s to four
    after, where it exists (four years either way always include a 29 February)."""
    days = []
    for year in range(today.year - 4, today.year + 5):
        try:
            days.append(dt.date(year, month, day))
        except ValueError:
            continue
    return days


def _nearest(days: list[dt.date], today: dt.date) -> dt.date | None:
    """The day nearest to ``today``, the one to come on a tie."""
    return min(days, key=lambda d: (abs((d - today).days), d < today)) if days else None


def same_day_on(weekday: int, day: dt.date, today: dt.date) -> dt.date | None:
    """The month and day of ``day`` in the year nearest to ``today`` (as
    ``without_year`` reads it) where it falls on ``weekday``; None when no
    year within four either way has it."""
    return _nearest([d for d in _in_years_near(day.month, day.day, today) if d.weekday() == weekday], today)


def year_line(typed: str, day: dt.date, today: dt.date) -> str:
    return (f"「{typed.strip()}」は年の指定がないため、本日（{ja_date(today)}）に最も近い"
            f"{ja_date(day)}として計算しました。")


def month_without_year(text: str, today: dt.date) -> YearMonth | None:
    """The next such month from ``today``'s on (today's included) for a month
    written without a year (2, 02, 2月); None when ``text`` is not written
    that way or is no month (13)."""
    found = _MONTH_ALONE.fullmatch(text.strip())
    if not found or not 1 <= int(found.group(1)) <= 12:
        return None
    month = YearMonth(today.year, int(found.group(1)))
    return month if month >= YearMonth.of(today) else month.plus(12)


def month_year_line(typed: str, month: YearMonth, today: dt.date) -> str:
    return (f"「{typed.strip()}」は年の指定がないため、本日（{ja_date(today)}）の月以降で最も近い"
            f"{month.ja()}として計算しました。")
