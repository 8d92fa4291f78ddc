"""Every row of every rule file appears on the page that shows it.

The expectations are walked from the loaded rule models, so a row added to a
YAML file is checked without touching this test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from calculators.jformat import ja_date, lead_time_text
from guidebuild.rules import build_bundle
from guidebuild.rules.placeholders import TOKEN

from .conftest import norm

Expect = tuple[str, str]  # (page URL path, text that must be visible there)


def literal_parts(text: str) -> list[str]:
    """The parts of a rule text around its {placeholders}."""
    return [norm(part) for part in TOKEN.split(text)[::2] if norm(part)]


def texts(page: str, *values) -> Iterator[Expect]:
    for value in values:
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            yield from texts(page, *value)
        elif isinstance(value, BaseModel):
            yield from texts(page, getattr(value, "name", None))
        else:
            for part in literal_parts(str(value)):
                yield page, part


def flow_expectations(page: str, flow) -> Iterator[Expect]:
    yield from texts(page, flow.intro)
    for step in flow.steps:
        yield from texts(page, step.action, step.notes)
    for note in flow.notes:
        yield from texts(page, note.id, note.text)


def guide(m) -> Iterator[Expect]:
    g = m["guide"]
    yield from texts("", g.notices, g.terms, g.introduction, g.materials_intro, g.materials_note)
    for material in [*g.application_materials, *g.usage_materials]:
        yield from texts("", material.name, material.parts)
    for r in g.revisions:
        yield from texts("history/", r.edition, ja_date(r.date, weekday=False), r.changes)


def documents(m) -> Iterator[Expect]:
    used_by_changes = {d.id for item in m["changes"].items for d in item.documents}
    used_by_cancel = {d.id for d in m["cancellation"].documents}
    for plan in m["documents"].plans:
        yield "contract/documents/", plan.name
    for d in m["documents"].documents:
        if d.applies:
            yield from texts("contract/documents/", d.name, d.timing, d.description, d.note, d.condition)
        if d.id in used_by_changes:
            yield "change/items/", d.name
        if d.id in used_by_cancel:
            yield "cancel/notes/", d.name


def changes(m) -> Iterator[Expect]:
    ch = m["changes"]
    yield from texts("change/items/", ch.intro)
    for item in ch.items:
        yield from texts("change/items/", item.title, lead_time_text(item.lead_time.model_dump()))
    for note in ch.notes:
        yield from texts("change/items/", note.id, note.text)
    yield from flow_expectations("change/flow/", ch.flow)


def contract(m) -> Iterator[Expect]:
    c = m["contract"]
    yield from texts("contract/overview/", c.overview, c.contract_plans, [d.name for d in c.delivery_methods])
    for flow in c.flows:
        yield from flow_expectations(f"contract/flow-{flow.id}/", flow)
        yield from texts(f"contract/flow-{flow.id}/", [c.actors[s.actor] for s in flow.steps])
    t = c.test_account
    yield from texts("contract/test-account/", t.intro, t.naming, t.purpose, t.cautions)
    notice = c.account_notice
    yield from texts("contract/account-notice/", notice.intro, notice.title)
    for section in notice.sections:
        yield from texts("contract/account-notice/", section.heading, section.header, section.rows)


def cancellation(m) -> Iterator[Expect]:
    c = m["cancellation"]
    yield from texts("cancel/notes/", c.intro, c.conditions, c.after_cancellation)
    yield from flow_expectations("cancel/flow/", c.flow)
    yield from texts("cancel/flow/", [v for v in c.flow.contacts.values() if "_" not in v])
    cut = c.cutoff
    yield "cancel/flow/", f"毎月{cut.cutoff_day}日まで"
    yield "cancel/flow/", f"N+{cut.months_if_after_cutoff}月"


def contacts(m) -> Iterator[Expect]:
    everything = "*"
    for c in m["contacts"].contacts:
        if c.scope:
            yield from texts("support/contacts/", c.name, c.reception, c.email, c.phone,
                             str(c.web) if c.web else None, c.hours, c.scope, c.examples, c.redirect)
            if c.discrepancy:
                yield from texts("support/contacts/", c.discrepancy.seen, c.discrepancy.note)
        if c.email:
            yield everything, c.email
    web = m["contacts"].support_web
    yield from texts("support/web/", web.description, str(web.url), web.password, web.browsers)
    for category in web.categories:
        yield from texts("support/web/", category.name, category.content)


def maintenance(m) -> Iterator[Expect]:
    mt = m["maintenance"]
    page = "support/maintenance/"
    yield from texts("support/scope/", mt.scope)
    yield from texts(page, mt.intro, mt.notification.intro, mt.notification.channels,
                     mt.fault_detection.coverage, mt.fault_detection.notes, mt.maintenance.planned,
                     mt.maintenance.emergency, mt.maintenance.notes, mt.targets.applies_to,
                     mt.targets.exception.text)
    yield page, f"{mt.maintenance.planned_notice_days}日前"
    yield page, f"{mt.targets.first_report_hours}時間以内"
    yield page, f"{mt.targets.recovery_hours}時間以内"
    yield page, f"{mt.targets.exception.start_hour}時-{mt.targets.exception.end_hour}時"


def templates(m) -> Iterator[Expect]:
    for t in m["templates"].templates:
        page = "support/contacts/" if t.direction == "to_kddi" else "support/maintenance/"
        yield from texts(page, t.title, t.intro, t.subject, t.body.splitlines(), t.to_text)
        for ref in (t.to_contact, t.from_contact, t.inquiry_contact):
            if ref:
                yield page, ref.email


def calendar(m, holidays: dict[str, str]) -> Iterator[Expect]:
    import datetime as dt

    for day, name in holidays.items():
        yield "business-days/", f"{ja_date(dt.date.fromisoformat(day))} {name}"
    for closure in m["calendar"].closures:
        yield "business-days/", closure.name


WALKERS = {"guide": guide, "documents": documents, "changes": changes, "contract": contract,
           "cancellation": cancellation, "contacts": contacts, "maintenance": maintenance,
           "templates": templates}


@pytest.mark.parametrize("rule_file", [*WALKERS, "calendar"])
def test_every_row_appears_on_its_page(site, rules, rule_file):
    if rule_file == "calendar":
        expected = list(calendar(rules.models, build_bundle(rules)["calendar"]["holidays"]))
    else:
        expected = list(WALKERS[rule_file](rules.models))
    assert expected, f"nothing expected from {rule_file}.yaml: the walker is broken"
    all_text = " ".join(site.text(p) for p in _pages(site))
    missing = []
    for page, text in expected:
        shown = all_text if page == "*" else site.text(page)
        if norm(text) not in shown:
            missing.append(f"{page or 'index'}: {text!r}")
    assert not missing, f"{len(missing)} texts of {rule_file}.yaml are not on their page:\n" + "\n".join(missing)


def test_every_rule_file_is_walked(rules):
    assert set(rules.models) == {*WALKERS, "calendar"}


def _pages(site) -> list[str]:
    return [p.removesuffix("index.html") for p in site.pages() if p.endswith("index.html")]


def test_worked_examples_are_the_calculators_answers(site, rules):
    """The 2.1 example is computed for calendar.yaml's example date, not typed."""
    from calculators.api import Engine

    engine = Engine(build_bundle(rules))
    accepted = rules.models["calendar"].examples.accepted
    text = site.text("change/items/")
    for item in rules.models["changes"].items:
        result = engine.changes.compute(accepted, [item.no]).items[0]
        assert f"{result.latest.month}月{result.latest.day}日" in text, item.no
    first = rules.models["changes"].items[0]
    result = engine.changes.compute(accepted, [first.no])
    assert f"{ja_date(accepted)}に受付 → 起算日 {result.start.month}月{result.start.day}日" in text
    for applied in rules.models["calendar"].examples.cancel_applied:
        answer = engine.cancellation.from_applied(applied)
        assert f"{ja_date(applied)}にお申し込み" in site.text("cancel/flow/")
        assert f"{answer.cancelled_from.ja()}ご利用分から解約" in site.text("cancel/flow/")
