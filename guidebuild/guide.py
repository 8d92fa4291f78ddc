"""The guide, built once: the one call every step of the build takes.

``build_guide`` loads and checks the rules, makes the calculators' bundle and
the engine over it, computes every worked example and the page context, and
fills every page. The MkDocs plugin, the calculator's assets, search, the PDF,
``validate`` and ``diff`` all take the ``Guide`` it returns, so nothing is
computed twice and ``validate`` passing means the build passes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from calculators.api import Engine

from .pages.context import GuideContext, build_context
from .pages.examples import WorkedExamples, worked_examples
from .pages.prerender import render_pages
from .rules import Problem, Rules, RulesError, build_bundle, load_rules


@dataclass(frozen=True)
class Guide:
    rules: Rules
    bundle: dict                # what the calculators read, at build time and in the browser
    engine: Engine              # the calculators over ``bundle``
    examples: WorkedExamples
    context: GuideContext       # what the page templates see
    pages: dict[str, str]       # docs-relative path -> the page's Markdown, filled

    @property
    def title(self) -> str:
        return self.rules.models["guide"].title

    @property
    def edition(self) -> str:
        return self.rules.models["guide"].edition

    @property
    def rules_version(self) -> str:
        return self.bundle["rules_version"]


def flow_pages(rules: Rules, docs_dir: Path) -> None:
    """Each contract flow has its page ``docs/contract/flow-<id>.md`` and each
    such page its flow: a flow without a page would be published nowhere."""
    flows = rules.models["contract"].flows
    pages = {path.stem.removeprefix("flow-") for path in (docs_dir / "contract").glob("flow-*.md")}
    contract = rules.files["contract"]
    problems = [Problem(contract.name, contract.line_of(("flows", index, "id")),
                        f"flow {flow.id!r} has no page docs/contract/flow-{flow.id}.md, so it would be published nowhere: "
                        f"add the page (copy flow-sms.md) or remove the flow"
                        + (f" (the pages are for {', '.join(sorted(pages - {f.id for f in flows}))})"
                           if pages - {f.id for f in flows} else ""))
                for index, flow in enumerate(flows) if flow.id not in pages]
    if problems:
        raise RulesError(problems)


def build_guide(rules_dir: Path, docs_dir: Path, today: dt.date | None = None) -> Guide:
    """Everything the site is made of, or ``RulesError`` with every problem located."""
    return guide_from_rules(load_rules(rules_dir, today), docs_dir)


def guide_from_rules(rules: Rules, docs_dir: Path) -> Guide:
    """The guide from rules already loaded and checked (``build_guide`` after reading)."""
    flow_pages(rules, Path(docs_dir))
    bundle = build_bundle(rules)
    engine = Engine(bundle)
    examples = worked_examples(rules, engine)
    context = build_context(rules, bundle, engine, examples)
    return Guide(rules, bundle, engine, examples, context, render_pages(context, rules, Path(docs_dir)))
