"""Load rules/*.yaml into validated models, or fail with every problem located."""

from __future__ import annotations

import difflib
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .checkout import rules_dir as default_rules_dir
from .model import FILES, Strict
from .yamlload import LoadedFile, Problem, RulesError, load_file


@dataclass
class Rules:
    dir: Path
    files: dict[str, LoadedFile]
    models: dict[str, Strict]
    warnings: list[Problem] = field(default_factory=list)

    def data(self) -> dict[str, dict]:
        """JSON-safe plain data, as the calculators and the browser get it."""
        return {name: model.model_dump(mode="json") for name, model in self.models.items()}

    def display(self, name: str) -> str:
        return self.files[name].name


def _all_models() -> list[type[Strict]]:
    found: list[type[Strict]] = []
    pending = list(FILES.values())
    while pending:
        model = pending.pop()
        if model in found:
            continue
        found.append(model)
        for info in model.model_fields.values():
            pending.extend(t for t in _walk_types(info.annotation) if isinstance(t, type) and issubclass(t, Strict))
    return found


def _walk_types(annotation):
    yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _walk_types(arg)
    origin = getattr(annotation, "__origin__", None)
    if origin is not None:
        yield from _walk_types(origin)


MODELS = _all_models()


def allowed_keys(mapping: dict, unknown: str) -> list[str]:
    """The keys allowed where ``unknown`` was found: those of the model that
    best fits the mapping's other keys."""
    others = set(mapping) - {unknown}
    best = max(MODELS, key=lambda m: (len(others & set(m.model_fields)), -len(m.model_fields)))
    return list(best.model_fields)


def closest(word: str, choices) -> str | None:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


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


def _at(data: object, path: tuple) -> object:
    for step in path:
        data = data[step]
    return data


def _describe(loc: tuple) -> str:
    names = [str(s) for s in loc if not isinstance(s, int)]
    return names[-1] if names else "value"


def message_for(error: dict, data: object) -> tuple[tuple, str]:
    """(path, message with a fix) for one pydantic error."""
    kind, loc, ctx = error["type"], error["loc"], error.get("ctx") or {}
    path = data_path(data, loc)
    key = _describe(loc)
    value = error.get("input")
    if kind == "missing":
        return path, f"missing required field '{loc[-1]}': add it (see the file's schema)"
    if kind == "extra_forbidden":
        parent = _at(data, path[:-1])
        allowed = allowed_keys(parent, str(loc[-1])) if isinstance(parent, dict) else []
        close = closest(str(loc[-1]), allowed)
        hint = f"did you mean '{close}'?" if close else f"remove it (allowed here: {', '.join(allowed)})"
        return path, f"unknown key '{loc[-1]}': {hint}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return path, f"'{key}' must be a whole number, not {value!r}"
    if kind in ("bool_type", "bool_parsing"):
        return path, f"'{key}' must be true or false, not {value!r}"
    if kind in ("string_type",):
        return path, f"'{key}' must be text, not {type(value).__name__} {value!r}: quote it"
    if kind in ("list_type",):
        return path, f"'{key}' must be a list (lines starting with '- ')"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return path, f"'{key}' must be a mapping of keys to values"
    if kind.startswith("date"):
        return path, f"'{key}' must be a date written YYYY-MM-DD, not {value!r}"
    if kind == "greater_than":
        return path, f"'{key}' must be greater than {ctx.get('gt')}, not {value!r}"
    if kind == "greater_than_equal":
        return path, f"'{key}' must be {ctx.get('ge')} or more, not {value!r}"
    if kind == "less_than_equal":
        return path, f"'{key}' must be {ctx.get('le')} or less, not {value!r}"
    if kind == "string_too_short":
        return path, f"'{key}' must not be empty"
    if kind == "too_short":
        return path, f"'{key}' needs at least {ctx.get('min_length', 1)} entry"
    if kind == "literal_error":
        return path, f"'{key}' must be one of {ctx.get('expected')}, not {value!r}"
    if kind == "union_tag_invalid":
        return path, f"unknown {ctx.get('discriminator')} {ctx.get('tag')}: use one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return path, f"'{key}' needs a 'kind' (business_days or next_month)"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if "[a-z]" in pattern and "@" not in pattern:
            return path, f"'{key}' must be an id of lower-case letters, digits and _ (like customer_desk), not {value!r}"
        if "@" in pattern:
            return path, f"'{key}' must be an e-mail address like name@example.com, not {value!r}"
        if "0[1-9]" in pattern:
            return path, f"'{key}' must be a month and day written MM-DD in quotes (like \"12-29\"), not {value!r}"
        return path, f"'{key}' has the wrong format: {value!r}"
    if kind.startswith("url") or (kind == "value_error" and "https" in error["msg"]):
        return path, f"'{key}' must be an https:// URL, not {value!r}"
    return path, f"'{key}': {error['msg']}"


def load_rules(rules_dir: Path | None = None, today: dt.date | None = None) -> Rules:
    """Every rule file, validated; raises RulesError listing all problems.

    Without ``rules_dir``: ``KMC_RULES_DIR``, else the rules of the checkout
    the command runs in (``guidebuild.checkout``)."""
    rules_dir = Path(rules_dir) if rules_dir else default_rules_dir()
    problems: list[Problem] = []
    files: dict[str, LoadedFile] = {}
    models: dict[str, Strict] = {}
    for name, model in FILES.items():
        path = rules_dir / f"{name}.yaml"
        display = _display(rules_dir, path)
        if not path.exists():
            problems.append(Problem(display, 1, f"file is missing: create {name}.yaml (see rules/schema/{name}.schema.json)"))
            continue
        try:
            loaded = load_file(path, display)
        except RulesError as error:
            problems.extend(error.problems)
            continue
        files[name] = loaded
        if not isinstance(loaded.data, dict):
            problems.append(Problem(display, 1, "the file must be a mapping of keys to values at the top level"))
            continue
        try:
            models[name] = model.model_validate(loaded.data)
        except ValidationError as error:
            errors = error.errors()
            typos = {(e["loc"][:-1], closest(str(e["loc"][-1]), [m["loc"][-1] for m in errors if m["type"] == "missing" and m["loc"][:-1] == e["loc"][:-1]]))
                     for e in errors if e["type"] == "extra_forbidden"}
            for item in errors:
                if item["type"] == "missing" and (item["loc"][:-1], item["loc"][-1]) in typos:
                    continue  # reported once, as the misspelt key
                path_, message = message_for(item, loaded.data)
                problems.append(Problem(display, loaded.line_of(path_), message))
    for extra in sorted(rules_dir.glob("*.yaml")):
        if extra.stem not in FILES:
            problems.append(Problem(_display(rules_dir, extra), 1, f"unknown rule file: expected one of {', '.join(f + '.yaml' for f in FILES)}"))
    if problems:
        raise RulesError(problems)
    rules = Rules(rules_dir, files, models)
    from .checks import check

    problems, rules.warnings = check(rules, today)
    if problems:
        raise RulesError(problems)
    return rules


def _display(rules_dir: Path, path: Path) -> str:
    # "rules/changes.yaml" whether the rules live in the repo or in a temporary
    # copy, so messages read the same for maintainers, CI and tests.
    return f"{rules_dir.name}/{path.name}"
