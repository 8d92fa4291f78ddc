"""Every field of the rules means something a reader sees, or is refused.

Generated from the real rules, not from a list: for every leaf value of every
rule file, a changed value must either change the published output (every
page's Markdown, which the site, search and the PDF are made from, and what
the calculator shows for a fixed set of requests) or be refused by the same
code ``validate`` runs. A field that can be edited with no visible effect
fails here with its file and path.

Fast by construction: the files are read once, each change is validated by
its file's model first (a refusal there is a verdict), the text changes that
pass are tried together, one build per file, each with its own marker that
must appear in the output; other values are built one by one. Everything runs
in-process through ``guide_from_rules``, never a MkDocs build.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from guidebuild.guide import Guide, guide_from_rules
from guidebuild.pages.site import site_description
from guidebuild.rules.load import rules_from_files
from guidebuild.rules.models import FILES
from guidebuild.rules.yamlfile import LoadedFile, RulesError, load_file
from guidebuild.today import today as current_day

from .conftest import ROOT

FILES_READ = {name: load_file(ROOT / "rules" / f"{name}.yaml", f"rules/{name}.yaml") for name in FILES}


def leaves(data: object, path: tuple = ()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, path + (index,))
    else:
        yield path, data


def put(data: object, path: tuple, value: object) -> object:
    data = copy.deepcopy(data)
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


def marker(number: int) -> str:
    return f"検{number:04d}証"


def changed(value: object, number: int) -> object:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, str) and value.startswith("https://"):
        return value + f"m{number:04d}z"  # a URL keeps ASCII as written
    if isinstance(value, str):
        return value + marker(number)
    return marker(number)  # an empty value given text


def build(name: str, data: object) -> Guide:
    files = dict(FILES_READ)
    files[name] = LoadedFile(files[name].name, data, files[name].lines)
    return guide_from_rules(rules_from_files(ROOT / "rules", files, current_day()), ROOT / "docs")


def published(guide: Guide) -> str:
    """What readers see: the site's name and description, the pages (the
    navigation takes their headings) and the calculator's answers."""
    calendar = guide.rules.models["calendar"]
    today = calendar.examples.accepted.isoformat()
    items = [item.no for item in guide.rules.models["changes"].items]
    requests = [{"calculator": "change", "accepted": today, "items": [no]} for no in items]
    requests.append({"calculator": "change", "accepted": today, "items": items})
    requests += [{"calculator": "cancel", "applied": day.isoformat()} for day in calendar.examples.cancel_applied]
    requests += [{"calculator": "deadline", "last_usage_month": today[:7]},
                 {"calculator": "option", "applied": today}]
    answers = [guide.engine.run({**request, "today": today}) for request in requests]
    text = json.dumps([guide.title, site_description(guide.context.guide), guide.pages, answers, guide.engine.info(calendar.examples.accepted)], ensure_ascii=False,
                      sort_keys=True, default=str)
    # The version ends in a hash of all the rules: it changes with anything.
    digest = guide.rules_version.rpartition("-")[2]
    return text.replace(guide.rules_version, "<rules_version>").replace(digest, "<digest>")


def model_refuses(name: str, data: object) -> bool:
    try:
        FILES[name].model_validate(data)
    except ValidationError:
        return True
    return False


def refused(name: str, data: object) -> bool:
    try:
        build(name, data)
    except RulesError:
        return True
    return False


BASELINE = published(build("guide", FILES_READ["guide"].data))


def _silent_texts(name: str, batch: list[tuple[tuple, int]]) -> list[tuple]:
    """Paths of the text changes in ``batch`` whose marker nobody sees."""
    data = FILES_READ[name].data
    for path, number in batch:
        data = put(data, path, changed(_value(name, path), number))
    try:
        output = published(build(name, data))
    except RulesError:
        if len(batch) == 1:
            return []  # refused: a verdict
        half = len(batch) // 2
        return _silent_texts(name, batch[:half]) + _silent_texts(name, batch[half:])
    return [path for path, number in batch if marker(number) not in output and f"m{number:04d}z" not in output]


def _value(name: str, path: tuple) -> object:
    value = FILES_READ[name].data
    for step in path:
        value = value[step]
    return value


@pytest.mark.parametrize("name", list(FILES))
def test_every_field_is_seen_or_refused(name):
    data = FILES_READ[name].data
    texts, others = [], []
    for number, (path, value) in enumerate(leaves(data)):
        new = put(data, path, changed(value, number))
        if model_refuses(name, new):
            continue
        (texts if isinstance(value, str) else others).append((path, number))
    silent = _silent_texts(name, texts) if texts else []
    for path, number in others:
        new = put(data, path, changed(_value(name, path), number))
        try:
            if published(build(name, new)) == BASELINE:
                silent.append(path)
        except RulesError:
            pass
    shown = [f"rules/{name}.yaml {'.'.join(map(str, path))} = {_value(name, path)!r}" for path in silent]
    assert not shown, "changed, and nothing a reader sees changed:\n" + "\n".join(shown)
