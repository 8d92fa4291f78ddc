"""Flow charts (1.2, 1.3, 2.2, 3.2) as numbered steps with their notes."""

from __future__ import annotations

from dataclasses import dataclass

from ...rules import models as model
from ...rules.placeholders import fill


@dataclass(frozen=True)
class NoteRow:
    id: str
    text: str


@dataclass(frozen=True)
class StepRow:
    number: int
    actor: str
    actor_name: str
    action: str
    notes: tuple[NoteRow, ...]


@dataclass(frozen=True)
class FlowBlock:
    title: str
    intro: str | None
    reconstructed: bool
    steps: tuple[StepRow, ...]
    notes: tuple[NoteRow, ...]
    # (actor name, how that actor is reached) — the cancellation flow's legend
    addresses: tuple[tuple[str, str, str | None], ...] = ()

    @property
    def loose_notes(self) -> tuple[NoteRow, ...]:
        """Notes no step refers to, so that none is silently dropped."""
        attached = {note.id for step in self.steps for note in step.notes}
        return tuple(n for n in self.notes if n.id not in attached)


def note_row(note: model.Note, values: dict[str, str]) -> NoteRow:
    """The note with its placeholders filled; ``{contact}`` is its desk's address."""
    return NoteRow(note.id, fill(note.text, {**values, **({"contact": note.contact.email} if note.contact else {})}))


def flow_block(flow: model.Flow, actors: dict[str, str], values: dict[str, str] | None = None,
              addresses: tuple[tuple[str, str, str | None], ...] = ()) -> FlowBlock:
    notes = {note.id: note_row(note, values or {}) for note in flow.notes}
    steps = tuple(
        StepRow(n, s.actor, actors[s.actor], s.action, tuple(notes[ref] for ref in s.notes))
        for n, s in enumerate(flow.steps, 1)
    )
    return FlowBlock(flow.title, flow.intro, flow.reconstructed, steps, tuple(notes.values()), addresses)
