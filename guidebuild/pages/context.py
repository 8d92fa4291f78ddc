"""The page context: everything the docs pages show, as typed rows.

Built from the loaded rules and the bundle, in plain Python (no MkDocs), so a
test or a script can ask "what will page X say" without building the site.
Each chapter's rows and their builder live in ``guidebuild.pagedata``; this
module only assembles them. Rows carry their own computed examples and
display texts; the page templates only arrange them. Rule texts are filled
with ``placeholders.fill`` there and nowhere else, and never rendered as
templates. Where a row would only copy a rules model (``model.py``), the
model itself is passed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from calculators.api import Engine
from calculators.assumptions import SENT_CAVEAT
from calculators.months import YearMonth
from calculators.forms import BY_NAME, Calculator
from calculators.wording import CHANGE_NOTES, VERSION_LABEL, version_parts, version_text

from ..rules import models as model
from .examples import WorkedExamples
from .chapters.calendar import CalendarChapter, calendar_chapter
from .chapters.cancellation import CancellationChapter, cancellation_chapter
from .chapters.changes import ChangesChapter, changes_chapter
from .chapters.contract import ContractChapter, contract_chapter
from .chapters.guide import GuideChapter, guide_chapter, support_web
from .chapters.support import MailTemplateRow, MaintenanceChapter, mail_template_row, maintenance_chapter
from ..rules.load import Rules
from ..rules.placeholders import fill


@dataclass(frozen=True)
class TypedDates:
    """The calculator hints' examples of a date typed in digits alone (what a
    phone's numeric keypad, which has no "/" or "-", can type), taken from the
    build's today so that an example is never a day gone by."""
    day: str           # today as YYYYMMDD
    month_day: str     # today as MMDD, without a year
    month_day_ja: str  # the same day as 12月6日, saying what those four digits mean
    month: str         # three months ahead as YYYYMM (a last usage month)
    month_alone: str   # that month's number alone, without a year

    @classmethod
    def of(cls, today: dt.date) -> TypedDates:
        ahead = YearMonth.of(today).plus(3)
        return cls(today.strftime("%Y%m%d"), today.strftime("%m%d"), f"{today.month}月{today.day}日",
                   f"{ahead.year:04d}{ahead.month:02d}", str(ahead.month))


@dataclass(frozen=True)
class GuideContext:
    guide: GuideChapter
    contacts: dict[str, model.Contact]
    desks: tuple[model.Contact, ...]    # the inquiry desks of 4.2, in order
    support_web: model.SupportWeb
    contract: ContractChapter
    changes: ChangesChapter
    cancellation: CancellationChapter
    maintenance: MaintenanceChapter
    templates: tuple[MailTemplateRow, ...]
    calendar: CalendarChapter
    actors: dict[str, str]
    claims: dict[str, str]  # claim key -> 「原本（1.8版）」, the edition it was checked against
    # The rules version as customers read it, and what it is called.
    rules_version: str = field(default="")
    rules_version_parts: tuple[str, ...] = ()
    rules_version_label: str = ""
    # The calculator's assumptions, worded by the engine that applies them.
    calculator_assumptions: tuple[str, ...] = ()
    # What a 送付日 standing for the 受付受理日 cannot know, in the engine's words.
    sent_caveat: str = ""
    # The calculators the page has a form for, by name (calculators.forms).
    calculators: dict[str, Calculator] = field(default_factory=lambda: dict(BY_NAME))
    # How the calculator's hints show a typed date, from the build's today.
    typed: TypedDates | None = None
    # Where the seed prints the change notes (①–③), as the results name it.
    change_notes: str = CHANGE_NOTES

    def names(self) -> dict[str, object]:
        """The top-level names a page template sees."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def _with_original(contact: model.Contact) -> model.Contact:
    """The desk with its discrepancy note's {original} filled: 「原本（1.8版）」."""
    if not contact.discrepancy:
        return contact
    note = fill(contact.discrepancy.note, {"original": f"原本（{contact.discrepancy.checked}）"})
    return contact.model_copy(update={"discrepancy": contact.discrepancy.model_copy(update={"note": note})})


def build_context(rules: Rules, bundle: dict, engine: Engine, examples: WorkedExamples) -> GuideContext:
    m = rules.models
    contacts = {c.id: _with_original(c) for c in m["contacts"].contacts}
    actors = dict(m["contract"].actors)
    return GuideContext(
        guide=guide_chapter(m["guide"]),
        contacts=contacts,
        desks=tuple(c for c in contacts.values() if c.scope),
        support_web=support_web(m["contacts"].support_web, contacts),
        contract=contract_chapter(m["contract"], m["documents"], examples, actors, contacts),
        changes=changes_chapter(m["changes"], m["documents"], m["calendar"], engine, examples, contacts, actors),
        cancellation=cancellation_chapter(m["cancellation"], m["documents"], examples, contacts, actors),
        maintenance=maintenance_chapter(m["maintenance"]),
        templates=tuple(mail_template_row(t, contacts) for t in m["templates"].templates),
        calendar=calendar_chapter(m["calendar"], engine),
        actors=actors,
        claims={key: f"原本（{checked}）" for key, checked in m["guide"].claims.items()},
        rules_version=version_text(bundle.get("rules_version", "")),
        rules_version_parts=version_parts(bundle.get("rules_version", "")),
        rules_version_label=VERSION_LABEL,
        calculator_assumptions=tuple(engine.wording.assumptions.page()),
        sent_caveat=SENT_CAVEAT,
        typed=TypedDates.of(rules.today),
    )
