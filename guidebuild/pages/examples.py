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
from calculators.jformat import ja_date, ja_day, ja_range

from ..rules import Problem, Rules, RulesError


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
        return ja_range(self.earliest, self.latest, self.accepted)


def counted_days(explanation: tuple[Day, ...]) -> tuple[CountedDay, ...]:
    """The engine's own words for each day, as the calculator shows them."""
    return tuple(CountedDay(ja_date(day.date), day.label(), day.kind == "counted") for day in explanation)


def lead_summary(accepted: dt.date, start: dt.date, earliest: dt.date, latest: dt.date,
                 kind: str, low: int | None, high: int | None, verb: str = "受付") -> str:
    """「2026年11月24日(火)に受付 → 起算日 11月25日(水) → 5営業日目 12月1日(火)」"""
    head = f"{ja_date(accepted)}に{verb} → 起算日 {ja_day(start, accepted)} → "
    if kind == "next_month":
        return head + f"翌月適用 {ja_day(latest, accepted)}から適用"
    if earliest == latest:
        return head + f"{high}営業日目 {ja_day(latest, accepted)}"
    return head + (f"{low}営業日目 {ja_day(earliest, accepted)}～"
                   f"{high}営業日目 {ja_day(latest, accepted)}")


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
        rows.append((item.no, item.title, item.lead_time, ja_range(item.earliest, item.latest, accepted)))
    whole = ja_range(result.earliest, result.latest, accepted)
    return CombinedExample(ja_date(accepted), ja_day(result.start, accepted), tuple(rows), whole)


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
    cutoff_text = f"締め日の{ja_day(result.cutoff_date, applied)}{relation}"
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
