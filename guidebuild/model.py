"""The typed shape of every file in rules/: one root model per file.

These models are the single description of the rules' structure: loading
validates against them and rules/schema/*.schema.json is generated from them
(``python -m guidebuild schemas``), so editors and the build agree.
Cross-field and cross-file checks live in ``checks.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, StringConstraints

Text = Annotated[str, StringConstraints(min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
MonthDay = Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
Email = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")]
Phone = Annotated[str, StringConstraints(pattern=r"^[0-9][0-9-]{5,}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)


def _https_only(value: HttpUrl) -> HttpUrl:
    # A link on the site must never run script (javascript:, data:) or leak
    # over plain http when clicked.
    if value.scheme != "https":
        raise ValueError("only https:// URLs are allowed")
    return value


HttpsUrl = Annotated[HttpUrl, AfterValidator(_https_only)]


# --- lead times -----------------------------------------------------------

class BusinessDays(Strict):
    """Done on the min-th to max-th business day, the 起算日 being day 1."""

    kind: Literal["business_days"]
    min: Annotated[int, Field(gt=0, le=250, strict=True)]
    max: Annotated[int, Field(gt=0, le=250, strict=True)]


class NextMonth(Strict):
    """Applied from the 1st of the month after the 起算日's month (翌月適用)."""

    kind: Literal["next_month"]


LeadTime = Annotated[BusinessDays | NextMonth, Field(discriminator="kind")]


# --- flows ------------------------------------------------------------------

Actor = Literal["customer", "kddi", "carriers"]


class Note(Strict):
    id: Text
    text: Text
    lead_time: Literal["softbank_option"] | None = None
    contact: Id | None = None


class Step(Strict):
    actor: Actor
    action: Text
    notes: list[Text] = []


class Flow(Strict):
    title: Text
    intro: Text | None = None
    reconstructed: bool
    steps: Annotated[list[Step], Field(min_length=1)]
    notes: list[Note] = []


# --- guide.yaml -------------------------------------------------------------

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


# --- documents.yaml ---------------------------------------------------------

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


# --- contacts.yaml ----------------------------------------------------------

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


# --- contract.yaml ----------------------------------------------------------

class DeliveryMethod(Strict):
    name: Text
    covered: bool


class SoftBankOption(Strict):
    name: Text
    lead_time: LeadTime
    counted_from: Text


class ContractFlow(Flow):
    id: Id
    plan: Id


class TrialAccount(Strict):
    intro: list[Text]
    naming: Text
    suffix: Text
    purpose: list[Text]
    cautions: list[Text]


class NoticeSection(Strict):
    heading: Text
    header: list[str] | None = None
    rows: list[list[str]]


class AccountNotice(Strict):
    intro: Text
    title: Text
    sections: list[NoticeSection]


class ContractFile(Strict):
    actors: dict[Actor, Text]
    overview: list[Text]
    contract_plans: list[Text]
    delivery_methods: list[DeliveryMethod]
    softbank_option: SoftBankOption
    flows: Annotated[list[ContractFlow], Field(min_length=1)]
    test_account: TrialAccount
    account_notice: AccountNotice


# --- changes.yaml -----------------------------------------------------------

class ChangeItem(Strict):
    no: Annotated[int, Field(gt=0, strict=True)]
    title: Text
    documents: Annotated[list[Id], Field(min_length=1)]
    lead_time: LeadTime
    setting_fee: bool


class ItemGroup(Strict):
    title: Text
    items: Annotated[list[int], Field(min_length=1)]


class ChangesFile(Strict):
    submit_to: Id
    submit_by: Text
    intro: Text
    items: Annotated[list[ChangeItem], Field(min_length=1)]
    groups: Annotated[list[ItemGroup], Field(min_length=1)]
    notes: list[Note]
    flow: Flow


# --- cancellation.yaml ------------------------------------------------------

class Cutoff(Strict):
    cutoff_day: Annotated[int, Field(ge=1, le=31, strict=True)]
    months_if_by_cutoff: Annotated[int, Field(ge=1, le=12, strict=True)]
    months_if_after_cutoff: Annotated[int, Field(ge=1, le=12, strict=True)]


class CancellationFlow(Flow):
    contacts: dict[Actor, Text]


class CancellationFile(Strict):
    submit_to: Id
    intro: Text
    conditions: list[Text]
    documents: Annotated[list[Id], Field(min_length=1)]
    after_cancellation: list[Text]
    cutoff: Cutoff
    flow: CancellationFlow


# --- maintenance.yaml -------------------------------------------------------

class Notification(Strict):
    intro: Text
    channels: list[Text]


class FaultDetection(Strict):
    coverage: Text
    notes: list[Text] = []


class MaintenanceTerms(Strict):
    planned_notice_days: Annotated[int, Field(gt=0, strict=True)]
    planned: Text
    emergency: Text
    notes: list[Text] = []


class TargetException(Strict):
    subject: Text
    text: Text
    weekdays_only: bool
    start_hour: Annotated[int, Field(ge=0, le=24, strict=True)]
    end_hour: Annotated[int, Field(ge=0, le=24, strict=True)]


class Targets(Strict):
    applies_to: Text
    first_report_hours: Annotated[int, Field(gt=0, strict=True)]
    recovery_hours: Annotated[int, Field(gt=0, strict=True)]
    exception: TargetException


class MaintenanceFile(Strict):
    scope: Text
    intro: Text
    notification: Notification
    fault_detection: FaultDetection
    maintenance: MaintenanceTerms
    targets: Targets


# --- templates.yaml ---------------------------------------------------------

class Template(Strict):
    id: Id
    title: Text
    section: Text
    intro: Text
    direction: Literal["to_kddi", "from_kddi"]
    to_contact: Id | None = None
    to_text: Text | None = None
    from_contact: Id | None = None
    subject: Text
    body: Text
    inquiry_contact: Id | None = None


class TemplatesFile(Strict):
    templates: Annotated[list[Template], Field(min_length=1)]


# --- calendar.yaml ----------------------------------------------------------

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class Closure(Strict):
    name: Text
    start: MonthDay
    end: MonthDay
    stated_in_seed: bool


class Coverage(Strict):
    start: dt.date
    end: dt.date


class Examples(Strict):
    accepted: dt.date
    cancel_applied: Annotated[list[dt.date], Field(min_length=1)]


class CalendarFile(Strict):
    weekend: list[Weekday]
    closures: list[Closure]
    coverage: Coverage
    examples: Examples


FILES: dict[str, type[Strict]] = {
    "guide": GuideFile,
    "documents": DocumentsFile,
    "contacts": ContactsFile,
    "contract": ContractFile,
    "changes": ChangesFile,
    "cancellation": CancellationFile,
    "maintenance": MaintenanceFile,
    "templates": TemplatesFile,
    "calendar": CalendarFile,
}
