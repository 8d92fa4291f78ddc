"""Pydantic's errors as ``what : fix`` messages a maintainer can act on."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from collections import defaultdict
from types import UnionType

from pydantic import BaseModel

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def closest(word: str, choices) -> str | None:
    found = difflib.get_close_matches(word, [c for c in choices if c != word], n=1, cutoff=0.6)
    return found[0] if found else None


def shown(value: object) -> str:
    """A value as the maintainer wrote it in YAML (never a Python repr)."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value)
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return "'" + text.encode("unicode_escape").decode("ascii").replace("'", "\\'") + "'" \
            if not text.isprintable() else f"'{text}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _kind_of(value: object) -> str:
    if isinstance(value, bool):
        return f"{shown(value)} (a true/false value)"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value}"
    return shown(value)


def data_path(data: object, loc: tuple) -> tuple:
    """Pydantic's loc without the union-tag and validator steps it inserts."""
    path = []
    for step in loc:
        if isinstance(data, dict) and step in data:
            data = data[step]
            path.append(step)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
            path.append(step)
    return tuple(path)


def _unwrap(annotation):
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def model_at(root: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model that validated the mapping at ``loc`` (union tags included)."""
    current: object = root
    for step in loc:
        current = _unwrap(current)
        origin = typing.get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if step not in current.model_fields:
                return None
            current = current.model_fields[step].annotation
        elif origin is list:
            current = typing.get_args(current)[0]
        elif origin is dict:
            current = typing.get_args(current)[1]
        elif origin in (typing.Union, UnionType):
            members = [m for m in typing.get_args(current) if isinstance(m, type) and issubclass(m, BaseModel)
                       and typing.get_args(m.model_fields.get("kind").annotation if "kind" in m.model_fields else None)
                       == (step,)]
            if not members:
                return None
            current = members[0]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


# Errors worded "'<key>' <what>, not <the value as written>"; {...} are taken
# from the error's context.
_MUST = {
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "greater_than": "must be greater than {gt}",
    "greater_than_equal": "must be {ge} or more",
    "less_than_equal": "must be {le} or less",
    "literal_error": "must be one of {expected}",
    "month_day": 'must be a month and day written MM-DD in quotes (like "12-29")',
    "email": "must be an e-mail address like name@example.com",
}


def _name(loc: tuple) -> str:
    names = [str(s) for s in loc if not isinstance(s, int)]
    return names[-1] if names else "value"


def message_for(error: dict, data: object, root: type[BaseModel]) -> tuple[tuple, str]:
    """(path, message with a fix) for one pydantic error."""
    kind, loc, ctx = error["type"], error["loc"], error.get("ctx") or {}
    path = data_path(data, loc)
    key = _name(path or loc)
    value = error.get("input")
    if kind == "rule":
        path = data_path(data, loc + tuple(ctx.get("path", ())))
        return path, ctx["message"]
    if kind == "rule_text":
        if ctx["message"].split(" ")[0][:2].isdigit():  # "02-30 is not a day of the year"
            return path, ctx["message"]
        return path, f"'{key}' {ctx['message']}"
    if kind == "missing":
        return path, f"missing required field '{loc[-1]}': add it (see the file's schema)"
    if kind == "extra_forbidden":
        model = model_at(root, loc[:-1])
        allowed = list(model.model_fields) if model else []
        close = closest(str(loc[-1]), allowed)
        hint = f"did you mean '{close}'?" if close else f"remove it (allowed here: {', '.join(allowed)})"
        return path, f"unknown key '{loc[-1]}': {hint}"
    if kind in _MUST:
        return path, f"'{key}' {_MUST[kind].format_map(defaultdict(lambda: None, ctx))}, not {shown(value)}"
    if kind == "string_type":
        if value is None:
            return path, f"'{key}' must not be empty: write the text or remove the key"
        if isinstance(value, (list, dict)):
            return path, f"'{key}' must be text, not {shown(value)}: write the text on the same line as '{key}:'"
        return path, f"'{key}' must be text, not {_kind_of(value)}: quote it"
    if kind == "list_type":
        return path, f"'{key}' must be a list (lines starting with '- '), not {shown(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return path, f"'{key}' must be a mapping of keys to values, not {shown(value)}"
    if kind.startswith("date"):
        if isinstance(value, str) and _DATE.match(value):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return path, f"'{key}' is not a real date: {shown(value)}: write a day that exists (YYYY-MM-DD)"
            return path, f"'{key}' must be a date written YYYY-MM-DD without quotes, not {shown(value)}"
        return path, f"'{key}' must be a date written YYYY-MM-DD, not {shown(value)}"
    if kind == "string_too_short":
        return path, f"'{key}' must not be empty"
    if kind == "too_short":
        return path, f"'{key}' needs at least {ctx.get('min_length', 1)} entry"
    if kind == "union_tag_invalid":
        return path, f"unknown {ctx.get('discriminator')} {shown(ctx.get('tag'))}: use one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return path, f"'{key}' needs a 'kind' (business_days or next_month)"
    if kind == "string_pattern_mismatch":
        return path, f"'{key}' must be an id of lower-case letters, digits and _ (like customer_desk), not {shown(value)}" \
            if "[a-z]" in ctx.get("pattern", "") else f"'{key}' has the wrong format: {shown(value)}"
    if kind == "url_userinfo":
        return path, f"'{key}' must not have a user part before '@' (the link would go to the host after it): remove it from {shown(str(value))}"
    if kind == "url_host":
        return path, f"'{key}' has a host with non-ASCII letters, which the link would send to another host: type the host in ASCII, not {shown(value)}"
    if kind.startswith("url"):
        return path, f"'{key}' must be an https:// URL, not {shown(value if isinstance(value, str) else str(value))}"
    return path, f"'{key}': {error['msg']}"
