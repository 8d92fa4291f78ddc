"""The typed shape of every file in rules/: one root model per file.

These models are the single description of the rules' structure and of every
rule that one file can check on its own (min <= max, real MM-DD days, hour
order, the coverage window's shape). Loading validates against them, and
rules/schema/*.schema.json is generated from them (``python -m guidebuild
schemas``), so editors and the build agree. Checks that need several files
live in ``guidebuild.checks``.
"""

from .calendar import CalendarFile, Closure, Coverage, Examples, Weekday
from .changes import CancellationFile, CancellationFlow, ChangeItem, ChangesFile, Cutoff, ItemGroup
from .contract import (AccountNotice, Actors, ContractFile, ContractFlow, DeliveryMethod, NoticeSection,
                       SoftBankOption, TrialAccount)
from .fields import Body, Cell, Email, HttpsUrl, Id, MonthDay, Phone, Strict, Text, rule_error
from .flows import Actor, BusinessDays, Flow, LeadTime, NextMonth, Note, Step
from .refs import DocumentRef, MailDesk, PlanRef, refs_context
from .guide import (Category, Contact, ContactsFile, Discrepancy, Document, DocumentsFile, GuideFile, Material,
                    Plan, Revision, SupportWeb)
from .support import (FaultDetection, MaintenanceFile, MaintenanceTerms, Notification, Targets, TargetException,
                      Template, TemplatesFile)

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

__all__ = [name for name in dir() if not name.startswith("_")]
