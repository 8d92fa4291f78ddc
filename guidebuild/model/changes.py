"""changes.yaml and cancellation.yaml: chapters 2 and 3."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from .fields import Id, Strict, Text, rule_error
from .flows import Actor, Flow, LeadTime, Note


class ChangeItem(Strict):
    no: Annotated[int, Field(gt=0, le=999)]
    title: Text
    documents: Annotated[list[Id], Field(min_length=1)]
    lead_time: LeadTime
    setting_fee: bool


class ItemGroup(Strict):
    title: Text
    items: Annotated[list[int], Field(min_length=1)]


class ChangesFile(Strict):
    submit_to: Id
    submit_by: Text
    intro: Text
    items: Annotated[list[ChangeItem], Field(min_length=1)]
    groups: Annotated[list[ItemGroup], Field(min_length=1)]
    notes: list[Note]
    flow: Flow


class Cutoff(Strict):
    cutoff_day: Annotated[int, Field(ge=1, le=31)]
    months_if_by_cutoff: Annotated[int, Field(ge=1, le=12)]
    months_if_after_cutoff: Annotated[int, Field(ge=1, le=12)]

    @model_validator(mode="after")
    def _later_not_sooner(self) -> Cutoff:
        if self.months_if_after_cutoff < self.months_if_by_cutoff:
            raise rule_error("months_if_after_cutoff is smaller than months_if_by_cutoff: applying later cannot end sooner",
                             "months_if_after_cutoff")
        return self


class CancellationFlow(Flow):
    contacts: dict[Actor, Text]


class CancellationFile(Strict):
    submit_to: Id
    intro: Text
    conditions: list[Text]
    documents: Annotated[list[Id], Field(min_length=1)]
    after_cancellation: list[Text]
    cutoff: Cutoff
    flow: CancellationFlow
