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
class FlowView:
    title: str
    intro: str | None
    reconstructed: bool
    steps: tuple[StepRow, ...]
    notes: tuple[NoteRow, ...]
    # (actor name, how that actor is reached) — the cancellation flow's legend
    addresses: tuple[tuple[str, str], ...] = ()

    @property
    def loose_notes(self) -> tuple[NoteRow, ...]:
        """Notes no step refers to, so that none is silently dropped."""
        attached = {note.id for step in self.steps for note in step.notes}
        return tuple(n for n in self.notes if n.id not in attached)


def contact_values(contacts: dict[str, model.Contact]) -> dict[str, str]:
    """``{contact}`` for a note that names a desk: its address, else its name."""
    return {f"contact:{c.id}": c.email or c.name for c in contacts.values()}


def flow_view(flow: model.Flow, actors: dict[str, str], values: dict[str, str],
              addresses: tuple[tuple[str, str], ...] = ()) -> FlowView:
    notes = {}
    for note in flow.notes:
        note_values = dict(values)
        if note.contact:
            note_values["contact"] = values[f"contact:{note.contact}"]
        notes[note.id] = NoteRow(note.id, fill(note.text, note_values))
    steps = tuple(
        StepRow(n, s.actor, actors[s.actor], s.action, tuple(notes[ref] for ref in s.notes))
        for n, s in enumerate(flow.steps, 1)
    )
    return FlowView(flow.title, flow.intro, flow.reconstructed, steps, tuple(notes.values()), addresses)
