"""Load rules/*.yaml into validated models, or fail with every problem located.

``load_rules`` checks each file on its own (strict YAML, then its pydantic
model) and then the rules that span files (``checks``). The build's other
steps (bundle, worked examples, pages) are run over the result by
``guidebuild.validate``, so that ``validate`` passing means the build passes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..checkout import rules_dir as default_rules_dir
from ..today import today as current_day
from .checks import check
from .messages import closest, data_path, message_for
from .models import FILES, Strict, refs_context
from .yamlfile import LoadedFile, Problem, RulesError, load_file

@dataclass
class Rules:
    dir: Path
    files: dict[str, LoadedFile]
    models: dict[str, Strict]
    warnings: list[Problem] = field(default_factory=list)
    # The day the rules were checked against (KMC_TODAY, else today in Japan):
    # what the pages take as today.
    today: dt.date | None = None

    def data(self) -> dict[str, dict]:
        """JSON-safe plain data, as the calculators and the browser get it."""
        return {name: model.model_dump(mode="json") for name, model in self.models.items()}

    def display(self, name: str) -> str:
        return self.files[name].name


def _validate(name: str, loaded: LoadedFile, context: dict) -> tuple[Strict | None, list[Problem]]:
    model = FILES[name]
    if not isinstance(loaded.data, dict):
        return None, [Problem(loaded.name, 1, "the file must be a mapping of keys to values at the top level")]
    try:
        return model.model_validate(loaded.data, context=context), []
    except ValidationError as error:
        errors = error.errors()
    # A misspelt key shows as an unknown key and a missing one: report it once.
    typos = {(e["loc"][:-1], closest(str(e["loc"][-1]), [m["loc"][-1] for m in errors
                                                          if m["type"] == "missing" and m["loc"][:-1] == e["loc"][:-1]]))
             for e in errors if e["type"] == "extra_forbidden"}
    problems = []
    for item in errors:
        if item["type"] == "missing" and (item["loc"][:-1], item["loc"][-1]) in typos:
            continue
        if item["type"] == "rules":  # several findings of one model's own check
            for message, below, first in item["ctx"]["found"]:
                if first is not None:
                    message = message.replace("{first_line}", str(loaded.line_of(data_path(loaded.data, item["loc"] + first))))
                problems.append(Problem(loaded.name, loaded.line_of(data_path(loaded.data, item["loc"] + below)), message))
            continue
        path, message = message_for(item, loaded.data, model)
        problems.append(Problem(loaded.name, loaded.line_of(path), message))
    return None, problems


def _strays(rules_dir: Path) -> list[Problem]:
    """Files beside the rules that look like rules but would be ignored."""
    problems = []
    for extra in sorted(rules_dir.iterdir()):
        stem, suffix = extra.stem, extra.suffix
        if extra.name == "schema" or extra.name.startswith("."):
            continue
        if suffix == ".yaml" and stem not in FILES:
            problems.append(Problem(_display(rules_dir, extra), 1, f"unknown rule file: expected one of {', '.join(f + '.yaml' for f in FILES)}"))
        elif suffix.lower() in (".yml", ".yaml") and suffix != ".yaml":
            problems.append(Problem(_display(rules_dir, extra), 1, f"rule files end in .yaml, so this file would be ignored: rename it to {stem}.yaml"))
    return problems


def load_rules(rules_dir: Path | None = None, today: dt.date | None = None) -> Rules:
    """Every rule file, validated; raises RulesError listing all problems.

    Without ``rules_dir``: ``KMC_RULES_DIR``, else the rules of the checkout
    the command runs in (``guidebuild.checkout``)."""
    rules_dir = Path(rules_dir) if rules_dir else default_rules_dir()
    problems: list[Problem] = []
    files: dict[str, LoadedFile] = {}
    if not rules_dir.is_dir():
        raise RulesError([Problem(f"{rules_dir.name}/", 1, f"the rules directory {rules_dir} does not exist: check --rules or KMC_RULES_DIR")])
    for name in FILES:
        path = rules_dir / f"{name}.yaml"
        display = _display(rules_dir, path)
        if not path.exists() and not path.is_symlink():
            problems.append(Problem(display, 1, f"file is missing: create {name}.yaml (see rules/schema/{name}.schema.json)"))
            continue
        if path.is_symlink():
            # A link shows nothing of the rules in review and can point at any
            # file: the build reads only real files.
            problems.append(Problem(display, 1, "is a symbolic link: replace it with the rule file itself"))
            continue
        try:
            loaded = load_file(path, display)
        except RulesError as error:
            problems.extend(error.problems)
            continue
        files[name] = loaded
    problems.extend(_strays(rules_dir))
    return rules_from_files(rules_dir, files, today, problems)


def rules_from_files(rules_dir: Path, files: dict[str, LoadedFile], today: dt.date | None = None,
                     problems: list[Problem] = ()) -> Rules:
    """The rules from files already read: each validated by its model, then
    the checks across files; raises RulesError with ``problems`` and every
    problem found here."""
    problems = list(problems)
    models: dict[str, Strict] = {}
    # FILES lists documents and contacts before the files that refer to them:
    # each file's references resolve to what the files before it define.
    for name in FILES:
        if name not in files:
            continue
        model, found = _validate(name, files[name], refs_context(models))
        problems.extend(found)
        if model is not None:
            models[name] = model
    if problems:
        raise RulesError(problems)
    rules = Rules(rules_dir, files, models, today=today or current_day())
    problems, rules.warnings = check(files, models, rules.today)
    if problems:
        raise RulesError(problems)
    return rules


def _display(rules_dir: Path, path: Path) -> str:
    # "rules/changes.yaml" whether the rules live in the repo or in a temporary
    # copy, so messages read the same for maintainers, CI and tests.
    return f"{rules_dir.name}/{path.name}"
