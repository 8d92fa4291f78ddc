"""Checks that span fields or files: references, ranges, uniqueness, coverage.

The models check each value's shape; these check that the values agree with
each other, and point at the exact line that has to change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from calculators.jst import today_in_japan

from .placeholders import problems as placeholder_problems
from .yamlload import Problem

if TYPE_CHECKING:
    from .rules import Rules


class _Report:
    def __init__(self, rules: Rules):
        self.rules = rules
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def at(self, file: str, path: Iterable, message: str, warning: bool = False) -> None:
        loaded = self.rules.files[file]
        problem = Problem(loaded.name, loaded.line_of(tuple(path)), message)
        (self.warnings if warning else self.problems).append(problem)


def _suggest(ref: str, known) -> str:
    from .rules import closest

    close = closest(ref, known)
    return f"did you mean {close!r}?" if close else f"use one of {', '.join(sorted(known))}"


def _unique(report: _Report, file: str, rows: list, key: str, where: tuple) -> set:
    seen: dict = {}
    for index, row in enumerate(rows):
        value = getattr(row, key)
        if value in seen:
            first = report.rules.files[file].line_of(where + (seen[value], key))
            report.at(file, where + (index, key),
                      f"duplicate {key} {value!r} (already used on line {first}): give each entry its own {key}")
        else:
            seen[value] = index
    return set(seen)


def _lead_time(report: _Report, file: str, lead_time, path: tuple) -> None:
    if lead_time.kind == "business_days" and lead_time.min > lead_time.max:
        report.at(file, path + ("min",),
                  f"lead time min {lead_time.min} is greater than max {lead_time.max}: swap them or fix the numbers")


def _flow(report: _Report, file: str, flow, path: tuple, allowed_tokens: dict[str, str]) -> None:
    note_ids = _unique(report, file, flow.notes, "id", path + ("notes",))
    for index, step in enumerate(flow.steps):
        for n, ref in enumerate(step.notes):
            if ref not in note_ids:
                report.at(file, path + ("steps", index, "notes", n),
                          f"step refers to note {ref!r}, which this flow does not define: add it under notes or fix the id")
    for index, note in enumerate(flow.notes):
        _note(report, file, note, path + ("notes", index))


def _note(report: _Report, file: str, note, path: tuple) -> None:
    allowed = {name for name in ("lead_time", "contact") if getattr(note, name)}
    for message in placeholder_problems(note.text, allowed, allowed):
        report.at(file, path + ("text",), message)
    if note.contact:
        _contact_ref(report, file, note.contact, path + ("contact",))


def _contact_ref(report: _Report, file: str, ref: str, path: tuple, need_email: bool = False) -> None:
    contacts: dict = {}
    for contact in report.rules.models["contacts"].contacts:
        contacts.setdefault(contact.id, contact)  # a duplicate is reported on its own
    if ref not in contacts:
        report.at(file, path, f"unknown contact {ref!r}: {_suggest(ref, contacts)} (contacts are defined in contacts.yaml)")
    elif need_email and not contacts[ref].email:
        report.at(file, path, f"contact {ref!r} has no email in contacts.yaml: add one or refer to another contact")


def _document_ref(report: _Report, file: str, ref: str, path: tuple) -> None:
    documents = {d.id for d in report.rules.models["documents"].documents}
    if ref not in documents:
        report.at(file, path, f"unknown document {ref!r}: {_suggest(ref, documents)} or define it in documents.yaml")


def check(rules: Rules, today: dt.date | None = None) -> tuple[list[Problem], list[Problem]]:
    report = _Report(rules)
    m = rules.models

    plans = _unique(report, "documents", m["documents"].plans, "id", ("plans",))
    _unique(report, "documents", m["documents"].documents, "id", ("documents",))
    for index, doc in enumerate(m["documents"].documents):
        for plan in doc.applies:
            if plan not in plans:
                report.at("documents", ("documents", index, "applies", plan),
                          f"unknown plan {plan!r}: use one of {sorted(plans)}")

    _unique(report, "contacts", m["contacts"].contacts, "id", ("contacts",))
    web = m["contacts"].support_web
    _contact_ref(report, "contacts", web.contact_form, ("support_web", "contact_form"))
    for c, category in enumerate(web.categories):
        for n, line in enumerate(category.content):
            for message in placeholder_problems(line, {"contact_form"}):
                report.at("contacts", ("support_web", "categories", c, "content", n), message)

    contract = m["contract"]
    _lead_time(report, "contract", contract.softbank_option.lead_time, ("softbank_option", "lead_time"))
    _unique(report, "contract", contract.flows, "id", ("flows",))
    for index, flow in enumerate(contract.flows):
        if flow.plan not in plans:
            report.at("contract", ("flows", index, "plan"), f"unknown plan {flow.plan!r}: use one of {sorted(plans)}")
        _flow(report, "contract", flow, ("flows", index), {})

    changes = m["changes"]
    _contact_ref(report, "changes", changes.submit_to, ("submit_to",), need_email=True)
    numbers = _unique(report, "changes", changes.items, "no", ("items",))
    for index, item in enumerate(changes.items):
        _lead_time(report, "changes", item.lead_time, ("items", index, "lead_time"))
        for n, doc in enumerate(item.documents):
            _document_ref(report, "changes", doc, ("items", index, "documents", n))
    grouped: dict[int, int] = {}
    for g, group in enumerate(changes.groups):
        for n, number in enumerate(group.items):
            path = ("groups", g, "items", n)
            if number not in numbers:
                report.at("changes", path, f"group lists item {number}, which is not in items: fix the number")
            elif number in grouped:
                report.at("changes", path, f"item {number} is in two groups: keep it in one")
            grouped[number] = g
    for index, item in enumerate(changes.items):
        if item.no not in grouped:
            report.at("changes", ("items", index, "no"), f"item {item.no} is in no group: add it to one under groups")
    _unique(report, "changes", changes.notes, "id", ("notes",))
    for index, note in enumerate(changes.notes):
        _note(report, "changes", note, ("notes", index))
    _flow(report, "changes", changes.flow, ("flow",), {})

    cancel = m["cancellation"]
    _contact_ref(report, "cancellation", cancel.submit_to, ("submit_to",), need_email=True)
    for message in placeholder_problems(cancel.intro, {"desk"}):
        report.at("cancellation", ("intro",), message)
    for n, doc in enumerate(cancel.documents):
        _document_ref(report, "cancellation", doc, ("documents", n))
    if cancel.cutoff.months_if_after_cutoff < cancel.cutoff.months_if_by_cutoff:
        report.at("cancellation", ("cutoff", "months_if_after_cutoff"),
                  "months_if_after_cutoff is smaller than months_if_by_cutoff: applying later cannot end sooner")
    if "kddi" in cancel.flow.contacts:
        _contact_ref(report, "cancellation", cancel.flow.contacts["kddi"], ("flow", "contacts", "kddi"))
    _flow(report, "cancellation", cancel.flow, ("flow",), {})

    terms = m["maintenance"]
    for message in placeholder_problems(terms.maintenance.planned, {"days"}, {"days"}):
        report.at("maintenance", ("maintenance", "planned"), message)
    exception = terms.targets.exception
    for message in placeholder_problems(exception.text, {"start", "end"}, {"start", "end"}):
        report.at("maintenance", ("targets", "exception", "text"), message)
    if exception.start_hour >= exception.end_hour:
        report.at("maintenance", ("targets", "exception", "start_hour"),
                  "start_hour must be before end_hour")

    templates = m["templates"].templates
    _unique(report, "templates", templates, "id", ("templates",))
    for index, template in enumerate(templates):
        for key in ("to_contact", "from_contact", "inquiry_contact"):
            ref = getattr(template, key)
            if ref:
                _contact_ref(report, "templates", ref, ("templates", index, key), need_email=True)
        if template.direction == "to_kddi" and not template.to_contact:
            report.at("templates", ("templates", index), "a to_kddi template needs to_contact")
        if template.direction == "from_kddi" and not (template.from_contact and template.to_text):
            report.at("templates", ("templates", index), "a from_kddi template needs from_contact and to_text")

    _calendar(report, rules, today or today_in_japan())
    return report.problems, report.warnings


def _calendar(report: _Report, rules: Rules, today: dt.date) -> None:
    calendar = rules.models["calendar"]
    start, end = calendar.coverage.start, calendar.coverage.end
    if start > end:
        report.at("calendar", ("coverage", "start"), f"coverage start {start} is after its end {end}: swap them")
        return
    need_start, need_end = dt.date(today.year, 1, 1), dt.date(today.year + 1, 12, 31)
    if start > need_start:
        report.at("calendar", ("coverage", "start"),
                  f"coverage must start on or before {need_start} (the start of this year) so today's dates work: set start: {today.year - 1}-01-01")
    if end < need_end:
        report.at("calendar", ("coverage", "end"),
                  f"coverage ends {end}, before the end of next year ({need_end}): set end: {today.year + 2}-12-31")
    elif end < dt.date(today.year + 2, 12, 31):
        report.at("calendar", ("coverage", "end"),
                  f"coverage ends {end}; extend it to {today.year + 2}-12-31 before the year turns, or the build will fail on 1 January",
                  warning=True)
    if start > dt.date(today.year - 1, 1, 1) and start <= need_start:
        report.at("calendar", ("coverage", "start"),
                  f"coverage should start on {today.year - 1}-01-01 so last year's applications can be checked", warning=True)
    for key, days in (("accepted", [calendar.examples.accepted]), ("cancel_applied", calendar.examples.cancel_applied)):
        for n, day in enumerate(days):
            if not start <= day <= end:
                path = ("examples", key) if key == "accepted" else ("examples", key, n)
                report.at("calendar", path, f"example date {day} is outside the coverage window: pick a date inside it")
    for index, closure in enumerate(calendar.closures):
        for key in ("start", "end"):
            month, day = (int(p) for p in getattr(closure, key).split("-"))
            try:
                dt.date(2024, month, day)
            except ValueError:
                report.at("calendar", ("closures", index, key), f"{getattr(closure, key)} is not a day of the year: write a real month and day (MM-DD)")
