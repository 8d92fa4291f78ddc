"""Lead times and flows (1.2, 1.3, 2.2, 3.2): shapes several files share."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .fields import Findings, Id, Strict, Text, rule_error
from .refs import MailDesk

Days = Annotated[int, Field(gt=0, le=250)]


class BusinessDays(Strict):
    """Done on the min-th to max-th business day, the 起算日 being day 1."""

    kind: Literal["business_days"]
    min: Days
    max: Days

    @model_validator(mode="after")
    def _ordered(self) -> BusinessDays:
        if self.min > self.max:
            raise rule_error(f"lead time min {self.min} is greater than max {self.max}: swap them or fix the numbers", "min")
        return self


class NextMonth(Strict):
    """Applied from the 1st of the month after the 起算日's month (翌月適用)."""

    kind: Literal["next_month"]


LeadTime = Annotated[BusinessDays | NextMonth, Field(discriminator="kind")]

Actor = Literal["customer", "kddi", "carriers"]


class Note(Strict):
    """A note as the seed numbers it: ``id`` is its printed mark (①, ※1).

    ``key`` names a note the pages refer to by meaning (``start_day``), so
    reordering or renumbering the notes cannot make a page quote the wrong one.
    """

    id: Text
    key: Id | None = None
    text: Text
    lead_time: Literal["softbank_option"] | None = None
    contact: MailDesk | None = None  # fills {contact} with its e-mail address


class Step(Strict):
    actor: Actor
    action: Text
    notes: list[Text] = []


class Flow(Strict):
    title: Text
    intro: Text | None = None
    reconstructed: bool
    steps: Annotated[list[Step], Field(min_length=1)]
    notes: list[Note] = []

    @model_validator(mode="after")
    def _notes_exist(self) -> Flow:
        findings = Findings()
        ids = findings.unique(self.notes, "id", ("notes",))
        for index, step in enumerate(self.steps):
            findings.no_repeats(step.notes, "note", ("steps", index, "notes"))
            for n, ref in enumerate(step.notes):
                if ref not in ids:
                    findings.add(f"step refers to note {ref!r}, which this flow does not define: add it under notes or fix the id",
                                 "steps", index, "notes", n)
        findings.raise_any()
        return self
