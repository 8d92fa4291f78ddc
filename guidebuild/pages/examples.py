"""Worked examples for the pages, computed by the calculators.

The pages never type a date: every example is the calculators' answer for the
fixed dates in calendar.yaml ``examples``, so an example can never disagree
with the rule it illustrates. ``worked_examples`` computes all of them once a
build, and refuses an example date the engine cannot count from at its line
in calendar.yaml.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from calculators.api import Engine
from calculators.errors import CalculatorError
from calculators.explain import Day
from calculators.jformat import ja_date, ja_short

from ..rules import Problem, Rules, RulesError


def day_text(day: dt.date, reference: dt.date) -> str:
    """Short form in the reference's year, full form once the year changes."""
    return ja_short(day) if day.year == reference.year else ja_date(day)


@dataclass(frozen=True)
class CountedDay:
    """One line of a day-by-day count, as the explanation table shows it."""

    date_text: str
    label: str
    counted: bool


@dataclass(frozen=True)
class LeadExample:
    """A lead time counted from the example acceptance day."""

    accepted: dt.date
    start: dt.date
    earliest: dt.date
    latest: dt.date
    kind: str
    low: int | None
    high: int | None
    summary: str
    days: tuple[CountedDay, ...]

    @property
    def result_text(self) -> str:
        if self.earliest == self.latest:
            return day_text(self.latest, self.accepted)
        return f"{day_text(self.earliest, self.accepted)}～{day_text(self.latest, self.accepted)}"


def counted_days(explanation: tuple[Day, ...]) -> tuple[CountedDay, ...]:
    rows = []
    for day in explanation:
        if day.kind == "accepted":
            label = "受付受理日" + (f"（休業日: {'・'.join(day.reasons)}）" if day.reasons else "")
        elif day.kind == "moved":
            label = "受付受理として数える日"
        elif day.kind == "skipped":
            label = f"数えません（{'・'.join(day.reasons)}）"
        else:
            label = f"{day.count}営業日目" + ("（起算日）" if day.count == 1 else "")
        rows.append(CountedDay(ja_date(day.date), label, day.kind == "counted"))
    return tuple(rows)


def lead_summary(accepted: dt.date, start: dt.date, earliest: dt.date, latest: dt.date,
                 kind: str, low: int | None, high: int | None, verb: str = "受付") -> str:
    """「2026年11月24日(火)に受付 → 起算日 11月25日(水) → 5営業日目 12月1日(火)」"""
    head = f"{ja_date(accepted)}に{verb} → 起算日 {day_text(start, accepted)} → "
    if kind == "next_month":
        return head + f"翌月適用 {day_text(latest, accepted)}から適用"
    if earliest == latest:
        return head + f"{high}営業日目 {day_text(latest, accepted)}"
    return head + (f"{low}営業日目 {day_text(earliest, accepted)}～"
                   f"{high}営業日目 {day_text(latest, accepted)}")


def change_example(engine: Engine, accepted: dt.date, item: dict) -> LeadExample:
    result = engine.changes.compute(accepted, [item["no"]])
    only = result.items[0]
    lead = item["lead_time"]
    low, high = lead.get("min"), lead.get("max")
    return LeadExample(accepted, result.start, only.earliest, only.latest, only.kind, low, high,
                       lead_summary(accepted, result.start, only.earliest, only.latest, only.kind, low, high),
                       counted_days(result.explanation))


def option_example(engine: Engine, applied: dt.date, lead: dict) -> LeadExample:
    result = engine.option.compute(applied)
    low, high = lead.get("min"), lead.get("max")
    return LeadExample(applied, result.start, result.earliest, result.latest, lead["kind"], low, high,
                       lead_summary(applied, result.start, result.earliest, result.latest, lead["kind"],
                                    low, high, verb="お申し込みを受付"),
                       counted_days(result.explanation))


@dataclass(frozen=True)
class CombinedExample:
    """Several items at once (note ①): the longest decides."""

    accepted_text: str
    start_text: str
    items: tuple[tuple[int, str, str, str], ...]  # (no, title, lead time, result)
    result_text: str


def combined_example(engine: Engine, accepted: dt.date, numbers: list[int]) -> CombinedExample:
    result = engine.changes.compute(accepted, numbers)
    rows = []
    for item in result.items:
        when = day_text(item.latest, accepted) if item.earliest == item.latest else \
            f"{day_text(item.earliest, accepted)}～{day_text(item.latest, accepted)}"
        rows.append((item.no, item.title, item.lead_time, when))
    whole = day_text(result.latest, accepted) if result.earliest == result.latest else \
        f"{day_text(result.earliest, accepted)}～{day_text(result.latest, accepted)}"
    return CombinedExample(ja_date(accepted), day_text(result.start, accepted), tuple(rows), whole)


@dataclass(frozen=True)
class CancelExample:
    applied_text: str
    cutoff_text: str
    by_cutoff: bool
    last_usage_text: str
    cancelled_from_text: str
    summary: str


def cancel_example(engine: Engine, applied: dt.date) -> CancelExample:
    result = engine.cancellation.from_applied(applied)
    relation = "まで" if result.by_cutoff else "より後"
    cutoff_text = f"締め日の{day_text(result.cutoff_date, applied)}{relation}"
    summary = (f"{ja_date(applied)}にお申し込み（{cutoff_text}） → "
               f"{result.cancelled_from.ja()}ご利用分から解約（{result.last_usage_month.ja()}ご利用分までご利用いただけます）")
    return CancelExample(ja_date(applied), cutoff_text, result.by_cutoff, result.last_usage_month.ja(),
                         result.cancelled_from.ja(), summary)


@dataclass(frozen=True)
class WorkedExamples:
    """Every example the pages show, computed once from calendar.yaml's dates."""

    changes: dict[int, LeadExample]   # by change item No
    option: LeadExample               # the SoftBank option of a new contract
    cancel: tuple[CancelExample, ...]  # one per examples.cancel_applied day


def worked_examples(rules: Rules, engine: Engine) -> WorkedExamples:
    """The pages' examples, or ``RulesError`` with one message per example date
    that cannot be counted from, at that date's line in calendar.yaml."""
    calendar = rules.models["calendar"]
    accepted = calendar.examples.accepted
    problems: dict[tuple, Problem] = {}  # one message per example date: its first failure

    def attempt(path: tuple, day: dt.date, compute):
        try:
            return compute()
        except CalculatorError as error:
            loaded = rules.files["calendar"]
            problems.setdefault(path, Problem(loaded.name, loaded.line_of(path),
                                              f"the worked example from {day} cannot be computed "
                                              f"({error.message}): pick a date well inside the coverage window"))
            return None

    at_accepted = ("examples", "accepted")
    changes = {item.no: attempt(at_accepted, accepted,
                                lambda item=item: change_example(engine, accepted, item.model_dump()))
               for item in rules.models["changes"].items}
    lead = rules.models["contract"].softbank_option.lead_time.model_dump()
    option = attempt(at_accepted, accepted, lambda: option_example(engine, accepted, lead))
    cancel = tuple(attempt(("examples", "cancel_applied", n), day, lambda day=day: cancel_example(engine, day))
                   for n, day in enumerate(calendar.examples.cancel_applied))
    if problems:
        raise RulesError(sorted(problems.values()))
    return WorkedExamples(changes, option, cancel)
