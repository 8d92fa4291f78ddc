"""The page context: everything the docs pages show, as typed rows.

Built from the loaded rules and the bundle, in plain Python (no MkDocs), so a
test or a script can ask "what will page X say" without building the site.
Rows carry their own computed examples and display texts; the page
templates only arrange them. Rule texts are filled here with
``placeholders.fill`` and nowhere else, and never rendered as templates.
Where a row would only copy a rules model (``model.py``), the model itself is
passed; a row that adds derived values holds its model rather than copying
its fields (``DocumentRow.document``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import quote

from calculators.api import Engine
from calculators.jformat import ja_date, lead_time_text

from . import model
from .examples import (CancelExample, CombinedExample, LeadExample, cancel_example, change_example,
                       combined_example, option_example)
from .placeholders import fill
from .rules import Rules

WEEKDAY_NAMES = {"monday": "月曜日", "tuesday": "火曜日", "wednesday": "水曜日", "thursday": "木曜日",
                 "friday": "金曜日", "saturday": "土曜日", "sunday": "日曜日"}
MARKS = {"required": "○", "conditional": "○"}


def ja_plain(day: dt.date) -> str:
    return ja_date(day, weekday=False)


def month_day_text(text: str) -> str:
    month, day = (int(p) for p in text.split("-"))
    return f"{month}月{day}日"


# --- guide, revisions -----------------------------------------------------------

@dataclass(frozen=True)
class Revision:
    revision: model.Revision
    date_text: str


@dataclass(frozen=True)
class Guide:
    title: str
    service: str
    edition: str
    published_text: str
    providers: tuple[str, ...]
    notices: tuple[str, ...]
    terms: tuple[str, ...]
    introduction: tuple[str, ...]
    materials_intro: str
    application_materials: list[model.Material]
    usage_materials: list[model.Material]
    materials_note: str
    revisions: tuple[Revision, ...]


# --- flows ----------------------------------------------------------------------

@dataclass(frozen=True)
class Note:
    id: str
    text: str


@dataclass(frozen=True)
class Step:
    number: int
    actor: str
    actor_name: str
    action: str
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Flow:
    title: str
    intro: str | None
    reconstructed: bool
    steps: tuple[Step, ...]
    notes: tuple[Note, ...]
    # (actor name, how that actor is reached) — the cancellation flow's legend
    addresses: tuple[tuple[str, str], ...] = ()

    @property
    def loose_notes(self) -> tuple[Note, ...]:
        """Notes no step refers to, so that none is silently dropped."""
        attached = {note.id for step in self.steps for note in step.notes}
        return tuple(n for n in self.notes if n.id not in attached)


# --- new contract -----------------------------------------------------------------

@dataclass(frozen=True)
class DocumentRow:
    document: model.Document
    marks: tuple[str, ...]  # one per plan, "" when not needed


@dataclass(frozen=True)
class SoftBankOption:
    name: str
    lead_time_text: str
    counted_from: str
    example: LeadExample


@dataclass(frozen=True)
class NoticeSection:
    section: model.NoticeSection
    width: int  # cells in the widest row, header included


@dataclass(frozen=True)
class Contract:
    overview: tuple[str, ...]
    plans: tuple[str, ...]
    delivery_methods: list[model.DeliveryMethod]
    softbank_option: SoftBankOption
    flows: dict[str, Flow]
    plan_columns: list[model.Plan]
    documents: tuple[DocumentRow, ...]
    test_account: model.TrialAccount
    notice_intro: str
    notice_title: str
    notice_sections: tuple[NoticeSection, ...]


# --- changes ------------------------------------------------------------------------

@dataclass(frozen=True)
class ChangeItem:
    no: int
    title: str
    documents: tuple[str, ...]
    lead_time_text: str
    kind: str
    setting_fee: bool
    fee_mark: str
    example: LeadExample


@dataclass(frozen=True)
class ChangeGroup:
    title: str
    items: tuple[ChangeItem, ...]


@dataclass(frozen=True)
class Changes:
    intro: str
    submit_to: model.Contact
    items: tuple[ChangeItem, ...]
    groups: tuple[ChangeGroup, ...]
    notes: tuple[Note, ...]
    flow: Flow
    example_accepted_text: str
    example: ChangeItem          # the item the step-by-step example walks through
    combined: CombinedExample    # note ① shown on two items


# --- cancellation -------------------------------------------------------------------

@dataclass(frozen=True)
class Cancellation:
    intro: str
    submit_to: model.Contact
    conditions: tuple[str, ...]
    documents: tuple[str, ...]
    after_cancellation: tuple[str, ...]
    rule_text: str
    examples: tuple[CancelExample, ...]
    flow: Flow


# --- maintenance ----------------------------------------------------------------------

@dataclass(frozen=True)
class Maintenance:
    scope: str
    intro: str
    notification_intro: str
    channels: tuple[str, ...]
    fault_coverage: str
    fault_notes: tuple[str, ...]
    planned: str
    emergency: str
    maintenance_notes: tuple[str, ...]
    targets_applies_to: str
    first_report_text: str
    recovery_text: str
    exception_text: str


# --- templates --------------------------------------------------------------------------

@dataclass(frozen=True)
class MailTemplate:
    id: str
    title: str
    section: str
    intro: str
    to_kddi: bool
    from_text: str | None
    to_text: str
    to_email: str | None
    subject: str
    body: str
    mailto: str | None


# --- calendar ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Holiday:
    date: dt.date
    date_text: str
    name: str


@dataclass(frozen=True)
class HolidayYear:
    year: int
    holidays: tuple[Holiday, ...]
    closures: tuple[str, ...]  # 「2026年12月29日(火)～2027年1月3日(日)」 for closures starting this year


@dataclass(frozen=True)
class Closure:
    name: str
    start_text: str
    end_text: str
    stated_in_seed: bool


@dataclass(frozen=True)
class Calendar:
    coverage_start_text: str
    coverage_end_text: str
    weekend_text: str
    closures: tuple[Closure, ...]
    years: tuple[HolidayYear, ...]


# --- everything --------------------------------------------------------------------------

@dataclass(frozen=True)
class GuideContext:
    guide: Guide
    contacts: dict[str, model.Contact]
    desks: tuple[model.Contact, ...]    # the inquiry desks of 4.2, in order
    support_web: model.SupportWeb
    contract: Contract
    changes: Changes
    cancellation: Cancellation
    maintenance: Maintenance
    templates: tuple[MailTemplate, ...]
    calendar: Calendar
    actors: dict[str, str]
    rules_version: str = field(default="")

    def names(self) -> dict[str, object]:
        """The top-level names a page template sees."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def build_context(rules: Rules, bundle: dict) -> GuideContext:
    engine = Engine(bundle)
    m = rules.models
    contacts = {c.id: c for c in m["contacts"].contacts}
    actors = dict(m["contract"].actors)
    return GuideContext(
        guide=_guide(m["guide"]),
        contacts=contacts,
        desks=tuple(c for c in contacts.values() if c.scope),
        support_web=_support_web(m["contacts"].support_web, contacts),
        contract=_contract(m["contract"], m["documents"], m["calendar"], engine, actors),
        changes=_changes(m["changes"], m["documents"], m["calendar"], engine, contacts, actors),
        cancellation=_cancellation(m["cancellation"], m["documents"], m["calendar"], engine, contacts, actors),
        maintenance=_maintenance(m["maintenance"]),
        templates=tuple(_template(t, contacts) for t in m["templates"].templates),
        calendar=_calendar(m["calendar"], engine),
        actors=actors,
        rules_version=bundle.get("rules_version", ""),
    )


def _support_web(web: model.SupportWeb, contacts: dict[str, model.Contact]) -> model.SupportWeb:
    """The support site with {contact_form} in its texts filled from the form's desk."""
    form = contacts[web.contact_form]
    values = {"contact_form": str(form.web or form.email or form.name)}
    categories = [c.model_copy(update={"content": [fill(line, values) for line in c.content]})
                  for c in web.categories]
    return web.model_copy(update={"categories": categories})


def _guide(g) -> Guide:
    return Guide(
        title=g.title, service=g.service, edition=g.edition, published_text=ja_plain(g.published),
        providers=tuple(g.providers), notices=tuple(g.notices), terms=tuple(g.terms),
        introduction=tuple(g.introduction), materials_intro=g.materials_intro,
        application_materials=g.application_materials, usage_materials=g.usage_materials,
        materials_note=g.materials_note, revisions=tuple(Revision(r, ja_plain(r.date)) for r in g.revisions),
    )


def _flow(flow, actors: dict[str, str], values: dict[str, str],
          addresses: tuple[tuple[str, str], ...] = ()) -> Flow:
    notes = {}
    for note in flow.notes:
        note_values = dict(values)
        if note.contact:
            note_values["contact"] = values[f"contact:{note.contact}"]
        notes[note.id] = Note(note.id, fill(note.text, note_values))
    steps = tuple(
        Step(n, s.actor, actors[s.actor], s.action, tuple(notes[ref] for ref in s.notes))
        for n, s in enumerate(flow.steps, 1)
    )
    return Flow(flow.title, flow.intro, flow.reconstructed, steps, tuple(notes.values()), addresses)


def _contract(c, documents, calendar, engine: Engine, actors: dict[str, str]) -> Contract:
    lead = c.softbank_option.lead_time.model_dump()
    lead_text = lead_time_text(lead)
    option = SoftBankOption(c.softbank_option.name, lead_text, c.softbank_option.counted_from,
                            option_example(engine, calendar.examples.accepted, lead))
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
    notice = c.account_notice
    sections = tuple(NoticeSection(s, max([len(s.header or [])] + [len(r) for r in s.rows]))
                     for s in notice.sections)
    return Contract(
        overview=tuple(c.overview), plans=tuple(c.contract_plans), delivery_methods=c.delivery_methods,
        softbank_option=option, flows={f.id: _flow(f, actors, {"lead_time": lead_text}) for f in c.flows},
        plan_columns=documents.plans, documents=tuple(rows), test_account=c.test_account,
        notice_intro=notice.intro, notice_title=notice.title, notice_sections=sections,
    )


def _contact_values(contacts: dict[str, model.Contact]) -> dict[str, str]:
    return {f"contact:{c.id}": c.email or c.name for c in contacts.values()}


def _changes(ch, documents, calendar, engine: Engine, contacts, actors) -> Changes:
    names = {d.id: d.name for d in documents.documents}
    accepted = calendar.examples.accepted
    items = []
    for item in ch.items:
        data = item.model_dump()
        items.append(ChangeItem(
            no=item.no, title=item.title, documents=tuple(names[d] for d in item.documents),
            lead_time_text=lead_time_text(data["lead_time"]), kind=item.lead_time.kind,
            setting_fee=item.setting_fee, fee_mark="○" if item.setting_fee else "—",
            example=change_example(engine, accepted, data),
        ))
    by_no = {i.no: i for i in items}
    groups = tuple(ChangeGroup(g.title, tuple(by_no[n] for n in g.items)) for g in ch.groups)
    values = _contact_values(contacts)
    notes = []
    for note in ch.notes:
        note_values = {"contact": values[f"contact:{note.contact}"]} if note.contact else {}
        notes.append(Note(note.id, fill(note.text, note_values)))
    counted = [i for i in items if i.kind == "business_days"]
    # The walk-through uses the first single-day item, like the seed's own
    # first row; note ① pairs it with the item that takes longest.
    walk = next((i for i in counted if i.example.low == i.example.high), items[0])
    longest = max(counted, key=lambda i: (i.example.high, -i.no)) if counted else items[-1]
    pair = sorted({walk.no, longest.no})
    return Changes(
        intro=ch.intro, submit_to=contacts[ch.submit_to], items=tuple(items),
        groups=groups, notes=tuple(notes), flow=_flow(ch.flow, actors, values),
        example_accepted_text=ja_date(accepted), example=walk,
        combined=combined_example(engine, accepted, pair),
    )


def _cancellation(c, documents, calendar, engine: Engine, contacts, actors) -> Cancellation:
    names = {d.id: d.name for d in documents.documents}
    cut = c.cutoff
    addresses = []
    for actor, text in c.flow.contacts.items():
        shown = contacts[text].email if text in contacts else text
        addresses.append((actors[actor], shown))
    return Cancellation(
        intro=fill(c.intro, {"desk": contacts[c.submit_to].name}), submit_to=contacts[c.submit_to],
        conditions=tuple(c.conditions),
        documents=tuple(names[d] for d in c.documents), after_cancellation=tuple(c.after_cancellation),
        rule_text=cutoff_rule(cut.cutoff_day, cut.months_if_by_cutoff, cut.months_if_after_cutoff),
        examples=tuple(cancel_example(engine, day) for day in calendar.examples.cancel_applied),
        flow=_flow(c.flow, actors, _contact_values(contacts), tuple(addresses)),
    )


def month_word(months: int) -> str:
    return {1: "翌月", 2: "翌々月"}.get(months, f"N+{months}月")


def cutoff_rule(day: int, by_cutoff: int, after_cutoff: int) -> str:
    """The seed's 3.2 sentence, from the cut-off numbers."""
    return (f"毎月{day}日までの解約申し込みで、{month_word(by_cutoff)}ご利用分からの解約となります。"
            f"{day + 1}日以降の解約申し込みとなった場合は、（申し込み月をN月とすると）"
            f"N+{after_cutoff}月ご利用分からの解約となりますのでご注意ください。")


def _maintenance(mt) -> Maintenance:
    m, t = mt.maintenance, mt.targets
    return Maintenance(
        scope=mt.scope, intro=mt.intro, notification_intro=mt.notification.intro,
        channels=tuple(mt.notification.channels), fault_coverage=mt.fault_detection.coverage,
        fault_notes=tuple(mt.fault_detection.notes),
        planned=fill(m.planned, {"days": str(m.planned_notice_days)}), emergency=m.emergency,
        maintenance_notes=tuple(m.notes), targets_applies_to=t.applies_to,
        first_report_text=f"障害事象確認後{t.first_report_hours}時間以内",
        recovery_text=f"障害事象確認後{t.recovery_hours}時間以内",
        exception_text=fill(t.exception.text, {"start": str(t.exception.start_hour),
                                               "end": str(t.exception.end_hour)}),
    )


def address_label(contact: model.Contact) -> str:
    """「名前 (address)」 as the seed writes a desk with its address."""
    name = contact.formal_name or contact.name
    return f"{name} ({contact.email})" if contact.email else contact.name


def _template(t, contacts: dict[str, model.Contact]) -> MailTemplate:
    body = t.body.rstrip("\n")
    if t.inquiry_contact:
        body += f"\n\nお客様問い合わせ先: {contacts[t.inquiry_contact].email}"
    to_kddi = t.direction == "to_kddi"
    to = contacts[t.to_contact] if t.to_contact else None
    mailto = None
    if to_kddi and to and to.email:
        # RFC 6068: line breaks in a mailto body are CRLF.
        mailto = (f"mailto:{to.email}?subject={quote(t.subject, safe='')}"
                  f"&body={quote(body.replace(chr(10), chr(13) + chr(10)), safe='')}")
    return MailTemplate(
        id=t.id, title=t.title, section=t.section, intro=t.intro, to_kddi=to_kddi,
        from_text=contacts[t.from_contact].email if t.from_contact else None,
        to_text=address_label(to) if to else (t.to_text or ""), to_email=to.email if to else None,
        subject=t.subject, body=body, mailto=mailto,
    )


def _calendar(cal, engine: Engine) -> Calendar:
    c = engine.calendar
    closures = tuple(Closure(x.name, month_day_text(x.start), month_day_text(x.end), x.stated_in_seed)
                     for x in cal.closures)
    spans: dict[int, list[str]] = {}
    for year in range(c.start.year - 1, c.end.year + 1):
        for x in cal.closures:
            first = dt.date.fromisoformat(f"{year}-{x.start}")
            last = dt.date.fromisoformat(f"{year + (1 if x.end < x.start else 0)}-{x.end}")
            first, last = max(first, c.start), min(last, c.end)
            if first <= last:
                spans.setdefault(first.year, []).append(f"{x.name}: {ja_date(first)}～{ja_date(last)}")
    years = []
    for year in range(c.start.year, c.end.year + 1):
        holidays = tuple(Holiday(day, ja_date(day), name) for day, name in sorted(c.holidays.items())
                         if day.year == year)
        years.append(HolidayYear(year, holidays, tuple(spans.get(year, ()))))
    return Calendar(
        coverage_start_text=ja_plain(c.start), coverage_end_text=ja_plain(c.end),
        weekend_text="・".join(WEEKDAY_NAMES[w] for w in cal.weekend),
        closures=closures, years=tuple(years),
    )
