"""Chapter 1, new contracts: overview, flows, documents, option, account notice."""

from __future__ import annotations

from dataclasses import dataclass

from calculators.jformat import lead_time_text

from ...rules import models as model
from ..examples import LeadExample, WorkedExamples
from .flows import FlowBlock, flow_block

MARKS = {"required": "○", "conditional": "○"}


@dataclass(frozen=True)
class DocumentRow:
    document: model.Document
    marks: tuple[str, ...]  # one per plan, "" when not needed


@dataclass(frozen=True)
class SoftBankOptionBlock:
    name: str
    lead_time_text: str
    counted_from: str
    example: LeadExample


@dataclass(frozen=True)
class NoticeSectionBlock:
    section: model.NoticeSection
    width: int  # cells in the widest row, header included


@dataclass(frozen=True)
class ContractChapter:
    overview: tuple[str, ...]
    plans: tuple[str, ...]
    delivery_methods: list[model.DeliveryMethod]
    softbank_option: SoftBankOptionBlock
    flows: dict[str, FlowBlock]
    plan_columns: list[model.Plan]
    documents: tuple[DocumentRow, ...]
    test_account: model.TrialAccount
    notice_intro: str
    notice_title: str
    notice_sections: tuple[NoticeSectionBlock, ...]


def document_rows(documents: model.DocumentsFile) -> tuple[DocumentRow, ...]:
    rows = []
    for d in documents.documents:
        if not d.applies:
            continue  # change and cancellation forms belong to 2.1 and 3.1
        marks = []
        for plan in documents.plans:
            state = d.applies.get(plan.id)
            mark = MARKS.get(state, "") if state else ""
            if state == "conditional" and d.condition:
                mark = f"{mark} {d.condition}"
            marks.append(mark)
        rows.append(DocumentRow(d, tuple(marks)))
    return tuple(rows)


def contract_chapter(c: model.ContractFile, documents: model.DocumentsFile, examples: WorkedExamples,
                  actors: dict[str, str], contacts: dict[str, model.Contact]) -> ContractChapter:
    lead = c.softbank_option.lead_time.model_dump()
    lead_text = lead_time_text(lead)
    option = SoftBankOptionBlock(c.softbank_option.name, lead_text, c.softbank_option.counted_from,
                                examples.option)
    notice = c.account_notice
    sections = tuple(NoticeSectionBlock(s, max([len(s.header or [])] + [len(r) for r in s.rows]))
                     for s in notice.sections)
    return ContractChapter(
        overview=tuple(c.overview), plans=tuple(c.contract_plans), delivery_methods=c.delivery_methods,
        softbank_option=option,
        flows={f.id: flow_block(f, actors, {"lead_time": lead_text}) for f in c.flows},
        plan_columns=documents.plans, documents=document_rows(documents), test_account=c.test_account,
        notice_intro=notice.intro, notice_title=notice.title, notice_sections=sections,
    )
