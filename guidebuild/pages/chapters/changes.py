"""Chapter 2, changes: the item table, its notes, the flow and worked examples."""

from __future__ import annotations

from dataclasses import dataclass

from calculators.api import Engine
from calculators.jformat import ja_date, lead_time_text

from ...rules import models as model
from ..examples import CombinedExample, LeadExample, WorkedExamples, combined_example
from .flows import FlowBlock, NoteRow, flow_block, note_row


@dataclass(frozen=True)
class ChangeItemRow:
    no: int
    title: str
    documents: tuple[str, ...]
    lead_time_text: str
    kind: str
    setting_fee: bool
    fee_mark: str
    example: LeadExample


@dataclass(frozen=True)
class ChangeGroupRow:
    title: str
    items: tuple[ChangeItemRow, ...]


@dataclass(frozen=True)
class SharedCell:
    """One merged cell of the seed's 2.1 table as the site reads it: items
    first..last (consecutive) share ``value`` in ``column``."""
    column: str
    first: int
    last: int
    value: str


def shared_cells(items: list[ChangeItemRow]) -> tuple[SharedCell, ...]:
    out: list[SharedCell] = []
    for column, key in (("必要書類", lambda i: "、".join(i.documents)),
                        ("必要日数", lambda i: i.lead_time_text)):
        run: list[ChangeItemRow] = []
        for item in [*items, None]:
            if item is not None and run and key(item) == key(run[-1]) and item.no == run[-1].no + 1:
                run.append(item)
                continue
            if len(run) > 1:
                out.append(SharedCell(column, run[0].no, run[-1].no, key(run[0])))
            run = [item] if item is not None else []
    return tuple(out)


@dataclass(frozen=True)
class ChangesChapter:
    intro: str
    submit_to: model.Contact
    items: tuple[ChangeItemRow, ...]
    groups: tuple[ChangeGroupRow, ...]
    notes: tuple[NoteRow, ...]
    notes_by_key: dict[str, NoteRow]  # pages quote a note by its key, never its position
    flow: FlowBlock
    example_accepted_text: str
    example: ChangeItemRow       # the item the step-by-step example walks through
    combined: CombinedExample    # note ① shown on two items
    shared: tuple[SharedCell, ...]  # the site's reading of 2.1's merged cells
    fee_items: tuple[int, ...]      # items with a setting fee (○)


def changes_chapter(ch: model.ChangesFile, documents: model.DocumentsFile, calendar: model.CalendarFile,
                 engine: Engine, examples: WorkedExamples, contacts: dict[str, model.Contact],
                 actors: dict[str, str]) -> ChangesChapter:
    accepted = calendar.examples.accepted
    items = []
    for item in ch.items:
        data = item.model_dump()
        items.append(ChangeItemRow(
            no=item.no, title=item.title, documents=tuple(d.name for d in item.documents),
            lead_time_text=lead_time_text(data["lead_time"]), kind=item.lead_time.kind,
            setting_fee=item.setting_fee, fee_mark="○" if item.setting_fee else "—",
            example=examples.changes[item.no],
        ))
    by_no = {i.no: i for i in items}
    groups = tuple(ChangeGroupRow(g.title, tuple(by_no[n] for n in g.items)) for g in ch.groups)
    notes, by_key = [], {}
    for note in ch.notes:
        notes.append(note_row(note, {}))
        if note.key:
            by_key[note.key] = notes[-1]
    counted = [i for i in items if i.kind == "business_days"]
    # The walk-through uses the first single-day item, like the seed's own
    # first row; note ① pairs it with the item that takes longest.
    walk = next((i for i in counted if i.example.low == i.example.high), items[0])
    longest = max(counted, key=lambda i: (i.example.high, -i.no)) if counted else items[-1]
    pair = sorted({walk.no, longest.no})
    return ChangesChapter(
        intro=ch.intro, submit_to=ch.submit_to, items=tuple(items),
        groups=groups, notes=tuple(notes), notes_by_key=by_key, flow=flow_block(ch.flow, actors),
        example_accepted_text=ja_date(accepted), example=walk,
        combined=combined_example(engine, accepted, pair),
        shared=shared_cells(items), fee_items=tuple(i.no for i in items if i.setting_fee),
    )
