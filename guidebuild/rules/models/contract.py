"""contract.yaml: new contracts (chapter 1)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from .fields import Cell, Findings, Id, Strict, Text, rule_error
from .flows import Flow, LeadTime
from .refs import PlanRef


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

    @model_validator(mode="after")
    def _counted(self) -> SoftBankOption:
        # The option's calculator and its worked example count business days
        # from the application; "next month" is a rule of the change items.
        if self.lead_time.kind != "business_days":
            raise rule_error(f"the option calculator counts business days only, not kind: {self.lead_time.kind}: "
                             "write {kind: business_days, min: N, max: M}", "lead_time", "kind")
        return self


class ContractFlow(Flow):
    id: Id
    plan: PlanRef


class TrialAccount(Strict):
    intro: list[Text]
    naming: Text
    purpose: list[Text]
    cautions: list[Text]


class NoticeSection(Strict):
    heading: Text
    header: list[Cell] | None = None
    rows: list[list[Cell]]

    @model_validator(mode="after")
    def _as_wide_as_header(self) -> NoticeSection:
        findings = Findings()
        for index, row in enumerate(self.rows):
            if self.header is not None and len(row) != len(self.header):
                findings.add(f"this row has {len(row)} cells and the header {len(self.header)}: give every row one cell "
                             "per header column (\"\" for an empty cell)", "rows", index)
        findings.raise_any()
        return self


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
