"""Pieces of a result view: dates as page segments, the calendar grid.

A view is plain JSON the page lays out without wording anything itself
(GOV.UK Smart Answers style: the calculator owns its words). Text is a list
of segments, each one of

* ``"text"``                                  plain text
* ``{"date": iso, "text": ja, "result": name}`` a ``<time>``; ``result`` is the
  page's stable ``data-result`` hook (or None); ``hidden`` keeps it in the DOM
  but not on screen
* ``{"strong": [segments]}``                  emphasis
* ``{"href": url, "text": text}``             a link (mailto: only)
* ``{"text": text, "whole": True}``            text kept on one line
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from .explain import ACCEPTED, Day, StartWords
from .jformat import WEEKDAY_JA, ja_date
from .months import YearMonth

# Sunday first, as Japanese wall calendars are.
WEEKDAYS_SUNDAY_FIRST = [WEEKDAY_JA[6], *WEEKDAY_JA[:6]]
def legend(words: StartWords) -> list[dict]:
    """Every kind of day a calendar can show, named as its cells name it."""
    return [
        {"kind": "accepted", "mark": words.mark, "text": words.name},
        {"kind": "moved", "mark": words.moved_mark, "text": words.moved},
        {"kind": "counted", "mark": "1", "text": "営業日の番号（1は起算日）"},
        {"kind": "skipped", "mark": "休", "text": "数えない休業日"},
        {"kind": "applies", "mark": "適", "text": "翌月適用の項目の適用開始日"},
    ]


def marks(words: StartWords) -> dict[str, str]:
    return {"accepted": words.mark, "moved": words.moved_mark, "skipped": "休", "applies": "適"}


def date(day: dt.date, result: str | None = None, hidden: bool = False) -> dict:
    seg = {"date": day.isoformat(), "text": ja_date(day), "result": result}
    if hidden:
        seg["hidden"] = True
    return seg


def month(value: YearMonth, result: str | None = None) -> dict:
    return {"date": value.iso(), "text": value.ja(), "result": result}


def whole(text: str) -> dict:
    """Text the page never breaks across lines (「から適用」 after a date)."""
    return {"text": text, "whole": True}


def _script(ch: str) -> str | None:
    if ch.isascii() and ch.isalnum():
        return "latin"
    if "\u30a1" <= ch <= "\u30fa" or ch == "\u30fc":  # not 「・」
        return "katakana"
    if "\u4e00" <= ch <= "\u9fff":
        return "kanji"
    return None


# Where a name may break: where its script changes between Latin letters,
# kanji and katakana (「SoftBank｜送信元表示番号｜オプション」), but not from
# Latin to katakana (「IPアドレス」) and never next to anything else (「+メッセージ」,
# 「連絡用情報」 and 「（送信元表示番号名称）」 stay whole).
_NAME_BREAKS = {("latin", "kanji"), ("kanji", "latin"), ("kanji", "katakana"), ("katakana", "kanji"),
                ("katakana", "latin")}


def name_pieces(text: str) -> list[str]:
    """A name (a change item's) as the pieces a line may end between: a long
    name is one phrase to the browser and, wider than a narrow line, would be
    cut anywhere or overflow."""
    pieces = [text[:1]] if text else []
    for before, ch in zip(text, text[1:]):
        if (_script(before), _script(ch)) in _NAME_BREAKS:
            pieces.append(ch)
        else:
            pieces[-1] += ch
    return pieces


WBR = {"text": "", "wbr": True}


def name(text: str) -> list:
    """A name as segments, with a break opportunity between its pieces."""
    out: list = []
    for piece in name_pieces(text):
        out += [WBR, piece] if out else [piece]
    return out


def unit(parts: Iterable[str]) -> dict:
    """Text read as one thing, moved to the next line whole; only where it
    is wider than a line does it break, and then only between its parts,
    each kept whole (the rules version on a 320 px phone)."""
    parts = list(parts)
    return {"text": "".join(parts), "parts": parts}


# A day or a month as ``ja_date`` and ``YearMonth.ja`` write them.
_JA_DAY_OR_MONTH = r"([0-9]{4})年([0-9]{1,2})月(?:([0-9]{1,2})日(?:\([月火水木金土日]\))?)?"
# A name of several Latin words (「KDDI Message Cast」): cut at a space, it
# reads as two things.
LATIN_NAME = r"[A-Za-z][A-Za-z0-9]*(?: [A-Za-z][A-Za-z0-9]*)+"
# After a date, a bracket's close and a particle (「）は」): a line that
# starts with the particle reads as a fragment.
_CLOSE_AND_PARTICLE = re.compile(r"[）」]+[はがをにでとものへ]")
# The results' own terms, with a particle after them: a sentence breaks
# before or after one, never inside (「最終ご利用｜月が」).
TERMS = r"(?:最終ご利用月|解約となる月|営業日での期限|受付受理日|お申し込み日)[はがをにでとものへ]?"
_DATED = re.compile(f"{_JA_DAY_OR_MONTH}|(?P<name>{LATIN_NAME}|{TERMS})")


def dated(text: str) -> list:
    """A sentence as segments, each day or month in it a date segment, so the
    page keeps it in one piece as it does every other date, each Latin name
    and term kept whole, and a bracket closed after a date kept with its
    particle."""
    out: list = []
    at = 0
    for found in _DATED.finditer(text):
        out += [text[at:found.start()]] if found.start() > at else []
        if found.group("name"):
            out.append(whole(found.group(0)))
        else:
            year, mon, day = (int(g) if g else None for g in found.groups()[:3])
            iso = dt.date(year, mon, day).isoformat() if day else YearMonth(year, mon).iso()
            out.append({"date": iso, "text": found.group(0), "result": None})
            glued = _CLOSE_AND_PARTICLE.match(text, found.end())
            if glued:
                out.append(whole(glued.group(0)))
                at = glued.end()
                continue
        at = found.end()
    return out + ([text[at:]] if at < len(text) else [])


def date_range(earliest: dt.date, latest: dt.date, prefix: str = "") -> list:
    """Both ends are always present (tests and assistive tools read them);
    the second is hidden when it is the same day."""
    if earliest == latest:
        return [date(earliest, prefix + "earliest"), date(latest, prefix + "latest", hidden=True)]
    return [date(earliest, prefix + "earliest"), "～", date(latest, prefix + "latest")]


def fact(label: str, value: list, note: str | None = None, **hooks) -> dict:
    return {"label": label, "value": value, "note": note, **hooks}


def plain(segments: Iterable) -> str:
    """The segments as one line of text (live summaries, copied text)."""
    out = []
    for seg in segments:
        if isinstance(seg, str):
            out.append(seg)
        elif "strong" in seg:
            out.append(plain(seg["strong"]))
        elif not seg.get("hidden"):
            out.append(seg["text"])
    return "".join(out)


DUE = {"kind": "due", "mark": "", "text": "項目ごとの完了の目安"}


def place_in(window: tuple[dt.date, dt.date], day: dt.date) -> str:
    """Where ``day`` stands in a window of days, as a label says it after the
    window's name: nothing for a one-day window (the day is the estimate),
    else its first day, its last day or a day inside it (a closed day inside
    it is not the completion date)."""
    first, last = window
    if first == last:
        return ""
    return "の初日" if day == first else "の最終日" if day == last else "の期間内"


def _shown_weeks(month: YearMonth, cells: list) -> list:
    """The weeks of a month that hold a labelled day; a run of left-out weeks
    with days inside the count (days no rule counts, before a 翌月適用 date)
    becomes one row that says so, so the grid never jumps silently."""
    weeks, skipped = [], []
    for i in range(0, len(cells), 7):
        week = cells[i:i + 7]
        if any(c and "kind" in c for c in week):
            weeks += _gap(month, skipped) + [week]
            skipped = []
        else:
            skipped += [c["day"] for c in week if c and not c.get("out")]
    return weeks + _gap(month, skipped)


def _gap(month: YearMonth, days: list[int]) -> list:
    if not days:
        return []
    first, last = (f"{month.month}月{d}日" for d in (days[0], days[-1]))
    which = first if first == last else f"{first}～{last}"
    # A week of one cell, the row the page draws across the grid.
    return [[{"gap": f"{which}は表示を省略しています（数える日はありません）"}]]


def calendar_grid(days: Iterable[Day], window: tuple[dt.date, dt.date] | None = None,
                  words: StartWords = ACCEPTED, applies: dict[dt.date, str] | None = None,
                  dues: dict[dt.date, list[str]] | None = None, after: dict[dt.date, str] | None = None,
                  window_text: str = "完了の目安") -> dict:
    """The day-by-day count as month grids (only weeks that hold a labelled
    day, so a short count stays short), a legend and a plain list.
    ``window`` (earliest, latest): the completion window, marked on the grid
    and named ``window_text`` as the result's fact names it;
    ``words``: how the legend, the cells and the labels name the first day;
    ``applies``: the days 翌月適用 items apply from, with the items' names: a
    day of their own where the count does not show it, else a second mark
    on the day it shows; ``dues``: with several items, the days each item's
    own completion estimate starts or ends on, worded, so that an item done
    before the whole change is seen on its day too; ``after``: a sentence
    that ends a day's label (what a 翌月適用 day outside the count is)."""
    days = list(days)
    applies = applies or {}
    dues = dues or {}
    after = after or {}
    window_entry = {"kind": "window", "mark": "", "text": window_text}
    shown = {d.date for d in days}
    days = sorted(days + [Day(day, "applies", reasons=(names,)) for day, names in applies.items()
                          if day not in shown], key=lambda d: d.date)

    def in_window(day: dt.date) -> list[str]:
        return [window_text + place_in(window, day)] if window and window[0] <= day <= window[1] else []

    # One label per day, the same in a cell and in the day list: the day's
    # own words, what it is in the completion (in the same brackets, never
    # 「）（」), then a 翌月適用 item's day falling on it.
    def label(d: Day) -> str:
        text = d.label(words)
        notes = "・".join(in_window(d.date) + dues.get(d.date, []))
        if notes:
            text = f"{text[:-1]}・{notes}）" if text.endswith("）") else f"{text}（{notes}）"
        also = d.kind != "applies" and applies.get(d.date)
        text += f"。{Day(d.date, 'applies', reasons=(also,)).label()}" if also else ""
        return text + (f"。{after[d.date]}" if d.date in after else "")

    mark_of = marks(words)
    marked = False
    by_date = {d.date: d for d in days}
    first, last = days[0].date, days[-1].date
    months = []
    current = YearMonth.of(first)
    while current <= YearMonth.of(last):
        start = current.first_day()
        length = (current.plus(1).first_day() - start).days
        cells: list[dict | None] = [None] * ((start.weekday() + 1) % 7)
        for n in range(length):
            day = start + dt.timedelta(days=n)
            known = by_date.get(day)
            if known is None:
                cells.append({"day": day.day, "out": day < first or day > last})
            else:
                cell = {"day": day.day, "kind": known.kind, "label": label(known),
                        "mark": mark_of.get(known.kind, str(known.count))}
                if known.kind != "applies" and day in applies:
                    cell["also"] = mark_of["applies"]
                if in_window(day):
                    cell["window"] = True
                    marked = True
                if day in dues:
                    cell["due"] = True
                cells.append(cell)
        months.append({"caption": current.ja(), "weeks": _shown_weeks(current, cells)})
        current = current.plus(1)
    return {
        "heading": "日ごとの数え方",
        "weekdays": WEEKDAYS_SUNDAY_FIRST,
        "months": months,
        # Only the kinds of day this count shows (no moved-day entry without such a day).
        "legend": [e for e in legend(words) if e["kind"] in {d.kind for d in days} | ({"applies"} if applies else set())]
                  + ([window_entry] if marked else []) + ([DUE] if dues.keys() & {d.date for d in days} else []),
        # The folded list's summary: the same words open or closed (the
        # disclosure marker shows which), so it never says 表示 while shown.
        "list_label": "1日ずつの説明",
        "days": [{"date": d.date.isoformat(), "text": ja_date(d.date), "kind": d.kind, "label": label(d)}
                 for d in days],
    }
