"""References between rule files are objects once loaded, and ids once shipped."""

from __future__ import annotations

import re

from guidebuild.guide import build_guide
from guidebuild.rules.models import Contact, Document, Plan
from guidebuild.today import today

from .conftest import ROOT

GUIDE = build_guide(ROOT / "rules", ROOT / "docs", today=today())
M = GUIDE.rules.models


def test_every_reference_is_the_object_it_names():
    contacts = {c.id: c for c in M["contacts"].contacts}
    documents = {d.id: d for d in M["documents"].documents}
    desks = [M["changes"].submit_to, M["cancellation"].submit_to]
    desks += [note.contact for note in M["changes"].notes if note.contact]
    desks += [getattr(t, key) for t in M["templates"].templates
              for key in ("to_contact", "from_contact", "inquiry_contact") if getattr(t, key)]
    assert len(desks) >= 6
    for desk in desks:
        assert isinstance(desk, Contact) and desk is contacts[desk.id] and desk.email
    forms = [d for item in M["changes"].items for d in item.documents] + list(M["cancellation"].documents)
    assert forms and all(isinstance(d, Document) and d is documents[d.id] for d in forms)
    assert all(isinstance(flow.plan, Plan) for flow in M["contract"].flows)


def test_the_bundle_and_the_schema_keep_the_ids_written():
    rules = GUIDE.bundle["rules"]
    assert rules["changes"]["submit_to"] == "customer_desk"
    assert rules["changes"]["items"][0]["documents"] == ["service_change_form"]
    assert [f["plan"] for f in rules["contract"]["flows"]] == ["sms", "plus"]
    assert rules["templates"]["templates"][0]["to_contact"] == "fault_desk"


def test_no_page_prints_an_id():
    ids = [c.id for c in M["contacts"].contacts] + [d.id for d in M["documents"].documents]
    ids += [t.id for t in M["templates"].templates]
    for name, markdown in GUIDE.pages.items():
        text = re.sub(r'(id|href|name|value|for|aria-[a-z]+|data-[a-z-]+)="[^"]*"', "", markdown)
        found = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
        assert not found, f"docs/{name} prints {found}"
