"""changes.yaml and cancellation.yaml: chapters 2 and 3."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from .fields import Findings, Id, Strict, Text, rule_error
from .flows import Actor, Flow, LeadTime, Note
from .refs import DocumentRef, MailDesk, MailDeskOrText


# Notes the pages quote by meaning (``changes.notes_by_key.start_day``).
REQUIRED_NOTE_KEYS = {
    "longest_wins": "the rule that the longest lead time decides (①)",
    "start_day": "the definition of the 起算日 (③)",
}


class ChangeItem(Strict):
    no: Annotated[int, Field(gt=0, le=999)]
    title: Text
    documents: Annotated[list[DocumentRef], Field(min_length=1)]
    lead_time: LeadTime
    setting_fee: bool


class ItemGroup(Strict):
    title: Text
    items: Annotated[list[int], Field(min_length=1)]


class ChangesFile(Strict):
    submit_to: MailDesk
    submit_by: Text
    intro: Text
    items: Annotated[list[ChangeItem], Field(min_length=1)]
    groups: Annotated[list[ItemGroup], Field(min_length=1)]
    notes: list[Note]
    flow: Flow

    @model_validator(mode="after")
    def _items_grouped_and_notes_keyed(self) -> ChangesFile:
        findings = Findings()
        numbers = findings.unique(self.items, "no", ("items",))
        grouped: dict[int, int] = {}
        for g, group in enumerate(self.groups):
            for n, number in enumerate(group.items):
                if number not in numbers:
                    findings.add(f"group lists item {number}, which is not in items: fix the number", "groups", g, "items", n)
                elif number in grouped:
                    findings.add(f"item {number} is in two groups: keep it in one", "groups", g, "items", n)
                grouped[number] = g
        for index, item in enumerate(self.items):
            findings.no_repeats(item.documents, "document", ("items", index, "documents"))
            if item.no not in grouped:
                findings.add(f"item {item.no} is in no group: add it to one under groups", "items", index, "no")
        findings.unique(self.notes, "id", ("notes",))
        keys = findings.unique(self.notes, "key", ("notes",))
        for key, what in REQUIRED_NOTE_KEYS.items():
            if key not in keys:
                findings.add(f"no note has key: {key}; the pages quote {what}: add key: {key} to that note", "notes")
        findings.raise_any()
        return self


class Cutoff(Strict):
    cutoff_day: Annotated[int, Field(ge=1, le=31)]
    months_if_by_cutoff: Annotated[int, Field(ge=1, le=12)]
    months_if_after_cutoff: Annotated[int, Field(ge=1, le=12)]

    @model_validator(mode="after")
    def _later_is_later(self) -> Cutoff:
        if self.cutoff_day > 28:
            raise rule_error(f"cutoff_day {self.cutoff_day} is a day not every month has (February has 28): "
                             "use 28 or less", "cutoff_day")
        if self.months_if_after_cutoff <= self.months_if_by_cutoff:
            raise rule_error(f"months_if_after_cutoff ({self.months_if_after_cutoff}) must be more than months_if_by_cutoff "
                             f"({self.months_if_by_cutoff}): applying after the cut-off ends a later month",
                             "months_if_after_cutoff")
        return self


class CancellationFlow(Flow):
    contacts: dict[Actor, MailDeskOrText]


class CancellationFile(Strict):
    submit_to: MailDesk
    intro: Text
    conditions: list[Text]
    documents: Annotated[list[DocumentRef], Field(min_length=1)]
    after_cancellation: list[Text]
    cutoff: Cutoff
    flow: CancellationFlow

    @model_validator(mode="after")
    def _documents_once(self) -> CancellationFile:
        findings = Findings()
        findings.no_repeats(self.documents, "document", ("documents",))
        findings.raise_any()
        return self
