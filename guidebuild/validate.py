"""Everything the build does with the rules, as one function: validate = build.

``python -m calculators validate`` and the MkDocs hook both call ``build``:
the models and cross-file checks (``load_rules``), the bundle, every worked
example the pages show, the page data and every page rendered from it. So
``validate`` passing means the build passes, and a rules problem the build
would meet is reported as ``rules/<file>:<line>: what : fix`` before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from calculators.api import Engine
from calculators.errors import CalculatorError

from .bundle import build_bundle
from .context import GuideContext, build_context
from .examples import cancel_example, change_example, option_example
from .pages import PageRenderError
from .prerender import page_markdown, split_front_matter
from .rules import Rules, load_rules
from .yamlload import Problem, RulesError

DOCS_DIR = Path(__file__).resolve().parent.parent / "docs"


@dataclass
class Build:
    rules: Rules
    bundle: dict
    context: GuideContext
    pages: dict[str, str]  # docs-relative path -> rendered Markdown


def _problem(rules: Rules, file: str, path: tuple, message: str) -> Problem:
    loaded = rules.files[file]
    return Problem(loaded.name, loaded.line_of(path), message)


def _examples(rules: Rules, engine: Engine) -> list[Problem]:
    """Every worked example the pages compute, each refused at its date's line."""
    calendar = rules.models["calendar"]
    accepted = calendar.examples.accepted
    found = []
    tries = [(("examples", "accepted"), lambda item=item: change_example(engine, accepted, item.model_dump()))
             for item in rules.models["changes"].items]
    lead = rules.models["contract"].softbank_option.lead_time.model_dump()
    tries.append((("examples", "accepted"), lambda: option_example(engine, accepted, lead)))
    tries += [(("examples", "cancel_applied", n), lambda day=day: cancel_example(engine, day))
              for n, day in enumerate(calendar.examples.cancel_applied)]
    failed = set()
    for path, compute in tries:
        if path in failed:
            continue  # one message per example date
        try:
            compute()
        except CalculatorError as error:
            failed.add(path)
            found.append(_problem(rules, "calendar", path,
                                  f"the worked example from {path and _day(calendar, path)} cannot be computed "
                                  f"({error.message}): pick a date well inside the coverage window"))
    return sorted(set(found))


def _day(calendar, path: tuple) -> dt.date:
    return calendar.examples.accepted if path[1] == "accepted" else calendar.examples.cancel_applied[path[2]]


def render_pages(context: GuideContext, rules: Rules, docs_dir: Path) -> dict[str, str]:
    pages: dict[str, str] = {}
    problems = []
    for page in sorted(docs_dir.rglob("*.md")):
        name = page.relative_to(docs_dir).as_posix()
        _, meta, body = split_front_matter(page.read_text(encoding="utf-8"))
        try:
            pages[name] = page_markdown(body, meta, f"docs/{name}", context)
        except PageRenderError as error:
            # The page uses something these rules no longer provide (an id it
            # names, a value it prints): point at the rule file it declares.
            file = meta.get("rules") if meta.get("rules") in rules.files else "guide"
            problems.append(Problem(rules.files[file].name, 1,
                                    f"the page docs/{name} cannot be built from these rules ({error}): "
                                    "restore what the page uses, or change the page with it"))
    if problems:
        raise RulesError(problems)
    return pages


def build(rules_dir: Path | None = None, docs_dir: Path | None = None, today: dt.date | None = None) -> Build:
    """Everything the site is made of, or RulesError with every problem located."""
    rules = load_rules(rules_dir, today)
    bundle = build_bundle(rules)
    engine = Engine(bundle)
    problems = _examples(rules, engine)
    if problems:
        raise RulesError(problems)
    context = build_context(rules, bundle)
    pages = render_pages(context, rules, Path(docs_dir or DOCS_DIR))
    return Build(rules, bundle, context, pages)
