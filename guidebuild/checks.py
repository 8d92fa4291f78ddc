"""Checks that span files: references, placeholders, the calendar window.

Each file's own rules (min <= max, real MM-DD days, hour order, unique ids,
group and note references) are on its model in ``guidebuild.model``; these
check that the files agree with each other, with what the pages fill in and
with today's date, and point at the exact line that has to change. Nothing
here imports ``guidebuild.rules``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .messages import closest
from .placeholders import problems as placeholder_problems
from .today import today as current_day
from .yamlload import LoadedFile, Problem

# Texts the pages fill placeholders in: (file, path pattern) -> (allowed, required).
# '*' matches any list index. Notes are handled with their own fields.
FILLED = {
    ("contacts", ("support_web", "categories", "*", "content", "*")): ({"contact_form"}, set()),
    ("cancellation", ("intro",)): ({"desk"}, set()),
    ("maintenance", ("maintenance", "planned")): ({"days"}, {"days"}),
    ("maintenance", ("targets", "exception", "text")): ({"start", "end"}, {"start", "end"}),
}


class _Report:
    def __init__(self, files: dict[str, LoadedFile], models: dict):
        self.files = files
        self.models = models
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def at(self, file: str, path: Iterable, message: str, warning: bool = False) -> None:
        loaded = self.files[file]
        problem = Problem(loaded.name, loaded.line_of(tuple(path)), message)
        (self.warnings if warning else self.problems).append(problem)


def _suggest(ref: str, known) -> str:
    close = closest(ref, known)
    return f"did you mean {close!r}?" if close else f"use one of {', '.join(sorted(known))}"


def _flow(report: _Report, file: str, flow, path: tuple) -> None:
    for index, note in enumerate(flow.notes):
        _note(report, file, note, path + ("notes", index))


def _note(report: _Report, file: str, note, path: tuple) -> None:
    # Only the contract flows show the SoftBank option, so only there can a
    # note's {lead_time} be filled.
    if note.lead_time and file != "contract":
        report.at(file, path + ("lead_time",), "lead_time on a note is only filled in contract.yaml flows: remove it")
    allowed = {name for name in ("lead_time", "contact") if getattr(note, name)}
    if file != "contract":
        allowed.discard("lead_time")
    for message in placeholder_problems(note.text, allowed, allowed):
        report.at(file, path + ("text",), message)
    if note.contact:
        _contact_ref(report, file, note.contact, path + ("contact",))


def _contacts(report: _Report) -> dict:
    return {contact.id: contact for contact in report.models["contacts"].contacts}  # ids are unique (model)


def _contact_ref(report: _Report, file: str, ref: str, path: tuple, need: str | None = None) -> None:
    contacts = _contacts(report)
    if ref not in contacts:
        report.at(file, path, f"unknown contact {ref!r}: {_suggest(ref, contacts)} (contacts are defined in contacts.yaml)")
    elif need and not getattr(contacts[ref], need):
        report.at(file, path, f"contact {ref!r} has no {need} in contacts.yaml: add one or refer to another contact")


def _document_ref(report: _Report, file: str, ref: str, path: tuple) -> None:
    documents = {d.id for d in report.models["documents"].documents}
    if ref not in documents:
        report.at(file, path, f"unknown document {ref!r}: {_suggest(ref, documents)} or define it in documents.yaml")


def _texts(data: object, path: tuple = ()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, path + (index,))
    elif isinstance(data, str):
        yield path, data


def _matches(path: tuple, pattern: tuple) -> bool:
    return len(path) == len(pattern) and all(p == "*" and isinstance(s, int) or p == s for s, p in zip(path, pattern))


def _placeholders(report: _Report) -> None:
    """Every text either fills its placeholders or may hold none."""
    for file, model in report.models.items():
        for path, text in _texts(model.model_dump(mode="json")):
            if "notes" in path and path[-1] == "text":
                continue  # a note's placeholders come from its own fields (_note)
            allowed, required = next((rule for (f, pattern), rule in FILLED.items()
                                      if f == file and _matches(path, pattern)), (set(), set()))
            for message in placeholder_problems(text, allowed, required):
                report.at(file, path, message)


def check(files: dict[str, LoadedFile], models: dict, today: dt.date | None = None) -> tuple[list[Problem], list[Problem]]:
    report = _Report(files, models)
    m = models

    plans = {plan.id for plan in m["documents"].plans}
    # The support page links to the form's web address.
    _contact_ref(report, "contacts", m["contacts"].support_web.contact_form, ("support_web", "contact_form"), need="web")

    contract = m["contract"]
    for index, flow in enumerate(contract.flows):
        if flow.plan not in plans:
            report.at("contract", ("flows", index, "plan"), f"unknown plan {flow.plan!r}: use one of {sorted(plans)}")
        _flow(report, "contract", flow, ("flows", index))

    changes = m["changes"]
    _contact_ref(report, "changes", changes.submit_to, ("submit_to",), need="email")
    for index, item in enumerate(changes.items):
        for n, doc in enumerate(item.documents):
            _document_ref(report, "changes", doc, ("items", index, "documents", n))
    for index, note in enumerate(changes.notes):
        _note(report, "changes", note, ("notes", index))
    _flow(report, "changes", changes.flow, ("flow",))

    cancel = m["cancellation"]
    _contact_ref(report, "cancellation", cancel.submit_to, ("submit_to",), need="email")
    for n, doc in enumerate(cancel.documents):
        _document_ref(report, "cancellation", doc, ("documents", n))
    contacts = _contacts(report)
    for actor, text in cancel.flow.contacts.items():
        if text in contacts:  # a desk id is shown as its address; free text as written
            _contact_ref(report, "cancellation", text, ("flow", "contacts", actor), need="email")
    _flow(report, "cancellation", cancel.flow, ("flow",))

    templates = m["templates"].templates
    for index, template in enumerate(templates):
        for key in ("to_contact", "from_contact", "inquiry_contact"):
            ref = getattr(template, key)
            if ref:
                _contact_ref(report, "templates", ref, ("templates", index, key), need="email")

    _placeholders(report)
    _calendar(report, today or current_day())
    return report.problems, report.warnings


def _calendar(report: _Report, today: dt.date) -> None:
    calendar = report.models["calendar"]
    start, end = calendar.coverage.start, calendar.coverage.end
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
