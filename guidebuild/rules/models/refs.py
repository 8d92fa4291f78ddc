"""References between rule files, resolved while the rules are validated.

A field that names a contact, a document or a plan is written as its id in
YAML and becomes that object in the model: ``changes.submit_to`` is a
``Contact``, ``item.documents`` are ``Document``s. The loader validates
documents.yaml and contacts.yaml first and passes what they define as the
validation context (``refs_context``); an unknown id is refused where it is
written, with a "did you mean" that offers only ids of the same kind that
would pass here (a contact with an e-mail address where one is needed).

Each reference serialises back to its id, so the bundle the calculators read
and the JSON Schemas keep the shape written in YAML.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, TypeAdapter, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..messages import closest
from .fields import ID_PATTERN, Text, rule_error
from .guide import Contact, Document, Plan

_ID = re.compile(ID_PATTERN)


def refs_context(models: dict) -> dict[str, dict]:
    """What later files may refer to, from the models validated so far."""
    context: dict[str, dict] = {}
    if "documents" in models:
        context["document"] = {d.id: d for d in models["documents"].documents}
        context["plan"] = {p.id: p for p in models["documents"].plans}
    if "contacts" in models:
        context["contact"] = {c.id: c for c in models["contacts"].contacts}
    return context


def _suggest(ref: str, fitting: list[str]) -> str:
    close = closest(ref, fitting)
    return f"did you mean {close!r}?" if close else f"use one of {', '.join(sorted(fitting))}"


_WHERE = {"contact": "contacts.yaml", "document": "documents.yaml", "plan": "documents.yaml"}


def reference_problem(kind: str, value: str, known: dict, need: str | None) -> str | None:
    """Why ``value`` names no fitting ``kind`` among ``known`` (None when it does)."""
    if value not in known:
        fitting = [ref for ref, target in known.items() if not need or getattr(target, need)]
        hint = _suggest(value, fitting) if fitting else f"add a {kind} with {need} to {_WHERE[kind]}"
        if kind == "document":
            return f"unknown document {value!r}: {hint} or define it in documents.yaml"
        if kind == "plan":
            return f"unknown plan {value!r}: use one of {sorted(known)}"
        return f"unknown {kind} {value!r}: {hint} ({kind}s are defined in {_WHERE[kind]})"
    if need and not getattr(known[value], need):
        fitting = [ref for ref, other in known.items() if getattr(other, need)]
        close = closest(value, fitting)
        other = f"refer to {close!r}" if close else f"refer to another {kind}"
        return f"{kind} {value!r} has no {need} in {_WHERE[kind]}: add one or {other}"
    return None


def _resolver(kind: str, need: str | None):
    def resolve(value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, str):
            raise PydanticCustomError("string_type", "Input should be a valid string")
        if not _ID.match(value):
            raise PydanticCustomError("string_pattern_mismatch", "not an id", {"pattern": ID_PATTERN})
        known = (info.context or {}).get(kind)
        if known is None:
            return value  # the file defining them did not validate: the rules are refused for that
        problem = reference_problem(kind, value, known, need)
        if problem:
            raise rule_error(problem)
        return known[value]
    return resolve


def _ref(target: type, kind: str, need: str | None = None):
    return Annotated[target, PlainValidator(_resolver(kind, need)),
                     PlainSerializer(lambda obj: obj.id if hasattr(obj, "id") else obj, return_type=str),
                     WithJsonSchema({"type": "string", "pattern": ID_PATTERN,
                                     "description": f"the id of a {kind} in {_WHERE[kind]}"
                                                    + (f" that has {need}" if need else "")})]


# A desk the customer writes to: the page shows its e-mail address.
MailDesk = _ref(Contact, "contact", need="email")
DocumentRef = _ref(Document, "document")
PlanRef = _ref(Plan, "plan")


_TEXT = TypeAdapter(Text)
_MAIL_DESK = _resolver("contact", "email")


def _desk_or_text(value: Any, info: ValidationInfo) -> Any:
    # Text that reads as an id names a desk (shown as its address); anything
    # else is shown as written. An id that names no desk with an e-mail
    # address is refused, or the page would print the id.
    if isinstance(value, str) and _ID.match(value):
        return _MAIL_DESK(value, info)
    return _TEXT.validate_python(value, strict=True)


# A desk the customer writes to, by id, or a line of text shown as written.
MailDeskOrText = Annotated[Contact | str, PlainValidator(_desk_or_text),
                           PlainSerializer(lambda obj: obj.id if isinstance(obj, Contact) else obj, return_type=str),
                           WithJsonSchema({"type": "string", "description": "the id of a contact in contacts.yaml "
                                           "that has email, or a line of text shown as written"})]
