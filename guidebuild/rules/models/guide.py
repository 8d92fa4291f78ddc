"""guide.yaml, documents.yaml and contacts.yaml: the guide's front matter,
the forms, and the desks."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .fields import Email, Findings, HttpsUrl, Id, Phone, Strict, Text


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
    notices: list[Text]
    terms: list[Text]
    introduction: list[Text]
    materials_intro: Text
    application_materials: list[Material]
    usage_materials: list[Material]
    materials_note: Text


class Plan(Strict):
    id: Id
    name: Text


class Document(Strict):
    id: Id
    name: Text
    timing: Text
    description: Text | None = None
    note: Text | None = None
    applies: dict[Id, Literal["required", "conditional"]] = {}
    condition: Text | None = None


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


class SupportWeb(Strict):
    name: Text
    description: Text
    url: HttpsUrl
    contact_form: Id
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
        findings.raise_any()
        return self
