"""Chapter 4, support: maintenance terms and targets (4.4) and the mail examples."""

from __future__ import annotations

from dataclasses import dataclass

from ...rules import models as model
from ...rules.placeholders import fill
from .mailto import mailto_link
from .wording import address_label, within_hours


@dataclass(frozen=True)
class MaintenanceChapter:
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


@dataclass(frozen=True)
class MailTemplateRow:
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


def maintenance_chapter(mt: model.MaintenanceFile) -> MaintenanceChapter:
    m, t = mt.maintenance, mt.targets
    return MaintenanceChapter(
        scope=mt.scope, intro=mt.intro, notification_intro=mt.notification.intro,
        channels=tuple(mt.notification.channels), fault_coverage=mt.fault_detection.coverage,
        fault_notes=tuple(mt.fault_detection.notes),
        planned=fill(m.planned, {"days": str(m.planned_notice_days)}), emergency=m.emergency,
        maintenance_notes=tuple(m.notes), targets_applies_to=t.applies_to,
        first_report_text=within_hours(t.first_report_hours),
        recovery_text=within_hours(t.recovery_hours),
        exception_text=fill(t.exception.text, {"start": str(t.exception.start_hour),
                                               "end": str(t.exception.end_hour)}),
    )


def mail_template_row(t: model.Template, contacts: dict[str, model.Contact]) -> MailTemplateRow:
    body = t.body.rstrip("\n")
    if t.inquiry_contact:
        body += f"\n\nお客様問い合わせ先: {t.inquiry_contact.email}"
    to_kddi = t.direction == "to_kddi"
    to = t.to_contact
    mailto = mailto_link(to.email, t.subject, body) if to_kddi and to and to.email else None
    return MailTemplateRow(
        id=t.id, title=t.title, section=t.section, intro=t.intro, to_kddi=to_kddi,
        from_text=address_label(t.from_contact) if t.from_contact else None,
        to_text=address_label(to) if to else (t.to_text or ""), to_email=to.email if to else None,
        subject=t.subject, body=body, mailto=mailto,
    )
