"""guide.yaml, documents.yaml and contacts.yaml: the guide's front matter,
the forms, and the desks."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import Field, PlainSerializer, PlainValidator, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from .fields import ID_PATTERN, Email, Findings, HttpsUrl, Id, Phone, Strict, Text


class Revision(Strict):
    edition: Text
    date: dt.date
    changes: Annotated[list[Text], Field(min_length=1)]


class Material(Strict):
    name: Text
    parts: list[Text] = []


class GuideFile(Strict):
    title: Text
    service: Text
    edition: Text
    published: dt.date
    providers: list[Text]
    revisions: Annotated[list[Revision], Field(min_length=1)]
    # claim key -> the edition of the original it was last checked against
    claims: dict[Id, Text] = {}
    notices: list[Text]
    terms: list[Text]
    introduction: list[Text]
    materials_intro: Text
    application_materials: list[Material]
    usage_materials: list[Material]
    materials_note: Text

    @model_validator(mode="after")
    def _edition_is_the_newest(self) -> GuideFile:
        findings = Findings()
        findings.unique(self.revisions, "edition", ("revisions",))
        for index in range(1, len(self.revisions)):
            before, this = self.revisions[index - 1], self.revisions[index]
            if this.date < before.date:
                findings.add(f"revision {this.edition} ({this.date}) is dated before the one above it ({before.edition}, "
                             f"{before.date}): list the revisions oldest first with their real dates",
                             "revisions", index, "date")
        newest = self.revisions[-1].edition
        if self.edition != newest:
            findings.add(f"edition {self.edition} is not the newest revision ({newest}): a new edition adds its revision "
                         "entry at the end of revisions and sets edition to it (CONTRIBUTING.md#新しい版を公開する)", "edition")
        findings.raise_any()
        return self


class Plan(Strict):
    id: Id
    name: Text


class Document(Strict):
    """A form. One with ``applies`` is a contract document (the 1.4 table shows
    its ``timing``, ``description``, ``note`` and one mark per plan); one
    without is a change or cancellation form, shown by name only."""

    id: Id
    name: Text
    timing: Text | None = None
    description: Text | None = None
    note: Text | None = None
    applies: dict[Id, Literal["required", "conditional"]] = {}
    condition: Text | None = None

    @model_validator(mode="after")
    def _shown_fields(self) -> Document:
        findings = Findings()
        if self.applies:
            if self.timing is None:
                findings.add("a contract document (with applies) needs timing, shown in the 1.4 table: add timing: 契約時")
            conditional = "conditional" in self.applies.values()
            if conditional and self.condition is None:
                findings.add("applies has a conditional plan but no condition says when: add condition: (the text "
                             "shown beside the mark)", "applies")
            if not conditional and self.condition is not None:
                findings.add("condition is only shown for a conditional plan, and every plan here is required: "
                             "remove condition or mark the plan conditional", "condition")
        else:
            for key in ("timing", "description", "note", "condition"):
                if getattr(self, key) is not None:
                    findings.add(f"{key} is only shown in the 1.4 table of contract documents, and this document has "
                                 "no applies (a change or cancellation form, shown by name): remove it, or add "
                                 "applies: {plan: required} (CONTRIBUTING.md#書類を追加する)", key)
        findings.raise_any()
        return self


class DocumentsFile(Strict):
    plans: Annotated[list[Plan], Field(min_length=1)]
    documents: Annotated[list[Document], Field(min_length=1)]

    @model_validator(mode="after")
    def _ids(self) -> DocumentsFile:
        findings = Findings()
        plans = findings.unique(self.plans, "id", ("plans",))
        findings.unique(self.documents, "id", ("documents",))
        for index, doc in enumerate(self.documents):
            for plan in doc.applies:
                if plan not in plans:
                    findings.add(f"unknown plan {plan!r}: use one of {sorted(plans)}", "documents", index, "applies", plan)
        findings.raise_any()
        return self


class Discrepancy(Strict):
    seen: Email
    where: Text
    checked: Text  # the edition of the original the note was checked against
    note: Text


class Contact(Strict):
    id: Id
    name: Text
    reception: Text | None = None
    formal_name: Text | None = None
    email: Email | None = None
    phone: Phone | None = None
    web: HttpsUrl | None = None
    role: Text | None = None
    hours: list[Text] = []
    scope: Text | None = None
    examples: list[Text] = []
    redirect: Text | None = None
    discrepancy: Discrepancy | None = None


class Category(Strict):
    name: Text
    content: Annotated[list[Text], Field(min_length=1)]


def _contact_form_id(value: object) -> object:
    if not isinstance(value, str) or not re.fullmatch(ID_PATTERN, value):
        raise PydanticCustomError("string_pattern_mismatch", "not an id", {"pattern": ID_PATTERN})
    return value


class SupportWeb(Strict):
    name: Text
    description: Text
    url: HttpsUrl
    # The id of a contact of this file with a web address; the file's own
    # check makes it that Contact.
    contact_form: Annotated[Contact | str, PlainValidator(_contact_form_id),
                            PlainSerializer(lambda obj: obj.id if isinstance(obj, Contact) else obj, return_type=str),
                            WithJsonSchema({"type": "string", "pattern": ID_PATTERN,
                                            "description": "the id of a contact in contacts.yaml that has web"})]
    password: list[Text]
    browsers: Annotated[list[Text], Field(min_length=1)]
    categories: list[Category]


class ContactsFile(Strict):
    contacts: Annotated[list[Contact], Field(min_length=1)]
    support_web: SupportWeb

    @model_validator(mode="after")
    def _ids(self) -> ContactsFile:
        findings = Findings()
        findings.unique(self.contacts, "id", ("contacts",))
        from .refs import reference_problem  # refs builds on this module's Contact
        form = self.support_web.contact_form
        if isinstance(form, str):
            known = {c.id: c for c in self.contacts}
            problem = reference_problem("contact", form, known, "web")
            if problem:
                findings.add(problem, "support_web", "contact_form")
            else:
                self.support_web.contact_form = known[form]
        findings.raise_any()
        return self
