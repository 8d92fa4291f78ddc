"""contract.yaml: new contracts (chapter 1)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from .fields import Cell, Findings, Id, Strict, Text
from .flows import Flow, LeadTime


class Actors(Strict):
    """The name shown for each actor of the flows; every actor needs one."""

    customer: Text
    kddi: Text
    carriers: Text

    def __getitem__(self, actor: str) -> str:
        return getattr(self, actor)


class DeliveryMethod(Strict):
    name: Text
    covered: bool


class SoftBankOption(Strict):
    name: Text
    lead_time: LeadTime
    counted_from: Text


class ContractFlow(Flow):
    id: Id
    plan: Id


class TrialAccount(Strict):
    intro: list[Text]
    naming: Text
    suffix: Text
    purpose: list[Text]
    cautions: list[Text]


class NoticeSection(Strict):
    heading: Text
    header: list[Cell] | None = None
    rows: list[list[Cell]]


class AccountNotice(Strict):
    intro: Text
    title: Text
    sections: list[NoticeSection]


class ContractFile(Strict):
    actors: Actors
    overview: list[Text]
    contract_plans: list[Text]
    delivery_methods: list[DeliveryMethod]
    softbank_option: SoftBankOption
    flows: Annotated[list[ContractFlow], Field(min_length=1)]
    test_account: TrialAccount
    account_notice: AccountNotice

    @model_validator(mode="after")
    def _ids(self) -> ContractFile:
        findings = Findings()
        findings.unique(self.flows, "id", ("flows",))
        findings.raise_any()
        return self
