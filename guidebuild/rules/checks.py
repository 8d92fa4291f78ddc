"""Checks that span files: placeholders, what each page shows, the calendar
window against today, and the claims about the original against the edition.

Each file's own rules (min <= max, real MM-DD days, hour order, unique ids,
group and note references) are on its model in ``guidebuild.rules.models``,
and references to contacts, documents and plans resolve there too
(``models.refs``); these check the rest that needs several files, what the
pages fill in or today's date, and point at the exact line that has to
change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .placeholders import problems as placeholder_problems
from ..today import today as current_day
from .yamlfile import LoadedFile, Problem

# Texts the pages fill placeholders in: (file, path pattern) -> (allowed, required).
# '*' matches any list index. Notes are handled with their own fields.

FILLED = {
    ("contacts", ("support_web", "categories", "*", "content", "*")): ({"contact_form"}, set()),
    ("cancellation", ("intro",)): ({"desk"}, set()),
    ("contacts", ("contacts", "*", "discrepancy", "note")): ({"original"}, {"original"}),
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


def _documents_shown(report: _Report) -> None:
    """Every document appears somewhere: in the 1.4 table (applies to a plan),
    in a change item or on the cancellation page."""
    used = {doc.id for item in report.models["changes"].items for doc in item.documents}
    used |= {doc.id for doc in report.models["cancellation"].documents}
    for index, doc in enumerate(report.models["documents"].documents):
        if not doc.applies and doc.id not in used:
            report.at("documents", ("documents", index, "id"),
                      f"document {doc.id!r} is shown nowhere: a contract document needs applies: {{plan: required}}; "
                      "a change or cancellation form is listed in changes.yaml or cancellation.yaml; else remove it")


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

    contract = m["contract"]
    for index, flow in enumerate(contract.flows):
        _flow(report, "contract", flow, ("flows", index))

    changes = m["changes"]
    for index, note in enumerate(changes.notes):
        _note(report, "changes", note, ("notes", index))
    _flow(report, "changes", changes.flow, ("flow",))

    cancel = m["cancellation"]
    _flow(report, "cancellation", cancel.flow, ("flow",))

    _documents_shown(report)
    _placeholders(report)
    today = today or current_day()
    published = m["guide"].published
    if published > today:
        report.at("guide", ("published",), f"published {published} is after today ({today}): write the date the edition "
                                           "was published, not a planned one")
    _calendar(report, today)
    guide = m["guide"]
    claims = [("guide", ("claims", key), key, checked) for key, checked in guide.claims.items()]
    claims += [("contacts", ("contacts", index, "discrepancy", "checked"), f"{contact.id}.discrepancy", contact.discrepancy.checked)
               for index, contact in enumerate(m["contacts"].contacts) if contact.discrepancy]
    editions = {revision.edition for revision in guide.revisions}
    for file, path, key, checked in claims:
        if checked not in editions:
            report.at(file, path, f"{key} is checked against {checked}, which is not an edition in guide.yaml's revisions: "
                                  "write the edition whose text was read")
        elif checked != guide.edition:
            report.at(file, path,
                      f"the claim {key} about the original was checked against {checked}, and edition is now {guide.edition}: "
                      "re-read the original for it, change the page's sentence if it no longer holds, and set "
                      f"it to {guide.edition} (CONTRIBUTING.md#新しい版を公開する)", warning=True)
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
