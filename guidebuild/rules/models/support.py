"""maintenance.yaml and templates.yaml: chapter 4's terms and mail examples."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .fields import Body, Findings, Id, Strict, Text, rule_error
from .refs import MailDesk


class Notification(Strict):
    intro: Text
    channels: list[Text]


class FaultDetection(Strict):
    coverage: Text
    notes: list[Text] = []


class MaintenanceTerms(Strict):
    planned_notice_days: Annotated[int, Field(gt=0, le=365)]
    planned: Text
    emergency: Text
    notes: list[Text] = []


Hour = Annotated[int, Field(ge=0, le=24)]


class TargetException(Strict):
    text: Text
    start_hour: Hour
    end_hour: Hour

    @model_validator(mode="after")
    def _ordered(self) -> TargetException:
        if self.start_hour >= self.end_hour:
            raise rule_error("start_hour must be before end_hour", "start_hour")
        return self


class Targets(Strict):
    applies_to: Text
    first_report_hours: Annotated[int, Field(gt=0, le=720)]
    recovery_hours: Annotated[int, Field(gt=0, le=720)]
    exception: TargetException


class MaintenanceFile(Strict):
    scope: Text
    intro: Text
    notification: Notification
    fault_detection: FaultDetection
    maintenance: MaintenanceTerms
    targets: Targets


class Template(Strict):
    id: Id
    title: Text
    section: Text
    intro: Text
    direction: Literal["to_kddi", "from_kddi"]
    to_contact: MailDesk | None = None
    to_text: Text | None = None
    from_contact: MailDesk | None = None
    subject: Text
    body: Body
    inquiry_contact: MailDesk | None = None

    @model_validator(mode="after")
    def _addressed(self) -> Template:
        if self.direction == "to_kddi" and not self.to_contact:
            raise rule_error("a to_kddi template needs to_contact")
        if self.direction == "from_kddi" and not (self.from_contact and self.to_text):
            raise rule_error("a from_kddi template needs from_contact and to_text")
        return self


class TemplatesFile(Strict):
    templates: Annotated[list[Template], Field(min_length=1)]

    @model_validator(mode="after")
    def _ids(self) -> TemplatesFile:
        findings = Findings()
        findings.unique(self.templates, "id", ("templates",))
        findings.raise_any()
        return self
