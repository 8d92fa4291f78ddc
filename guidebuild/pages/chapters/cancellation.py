"""Chapter 3, cancellation: conditions, documents, the cut-off rule and examples."""

from __future__ import annotations

from dataclasses import dataclass

from ...rules import models as model
from ..examples import CancelExample, WorkedExamples
from ...rules.placeholders import fill
from .flows import FlowBlock, flow_block
from .wording import cutoff_rule


@dataclass(frozen=True)
class CancellationChapter:
    intro: str
    submit_to: model.Contact
    conditions: tuple[str, ...]
    documents: tuple[str, ...]
    after_cancellation: tuple[str, ...]
    rule_text: str
    examples: tuple[CancelExample, ...]
    flow: FlowBlock


def cancellation_chapter(c: model.CancellationFile, documents: model.DocumentsFile, examples: WorkedExamples,
                      contacts: dict[str, model.Contact], actors: dict[str, str]) -> CancellationChapter:
    cut = c.cutoff
    addresses = []
    for actor, text in c.flow.contacts.items():
        if isinstance(text, model.Contact):
            addresses.append((actors[actor], text.name, text.email))
        else:
            addresses.append((actors[actor], text, None))
    return CancellationChapter(
        intro=fill(c.intro, {"desk": c.submit_to.name}), submit_to=c.submit_to,
        conditions=tuple(c.conditions),
        documents=tuple(d.name for d in c.documents), after_cancellation=tuple(c.after_cancellation),
        rule_text=cutoff_rule(cut.cutoff_day, cut.months_if_by_cutoff, cut.months_if_after_cutoff),
        examples=examples.cancel,
        flow=flow_block(c.flow, actors, addresses=tuple(addresses)),
    )
