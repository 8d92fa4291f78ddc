"""The guide's pages as plain files, with no site generator in the loop.

MkDocs' hook (``hooks/rules.py``) calls ``page_markdown`` page by page;
``prerender_docs`` does the same for a whole docs directory and writes the
filled Markdown out, so any builder that reads ``mkdocs.yml`` and Markdown
(MkDocs without our hooks, Zensical) publishes the same words. Nothing here
imports MkDocs.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from .context import GuideContext
from .pages import render_markdown
from .rules import Rules

# Styles for the generated blocks (flows, mail examples, tables); shipped with
# the pages that need them rather than in the theme's shared stylesheet.
STYLESHEET = "assets/stylesheets/guide.css"

# MkDocs' own front-matter syntax (mkdocs.utils.meta), so both readers agree
# on where a page's Markdown starts.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


@dataclass(frozen=True)
class Guide:
    """The validated rules and everything the pages show, loaded once a build."""

    rules: Rules
    bundle: dict
    context: GuideContext


def load_guide(rules_dir: Path) -> Guide:
    """Raises ``RulesError`` listing every problem in ``rules_dir``.

    Runs ``guidebuild.validate.build``, exactly what ``validate`` runs, so a
    build never meets a rules problem that validate passed."""
    from .validate import build

    built = build(rules_dir)
    return Guide(built.rules, built.bundle, built.context)


def split_front_matter(text: str) -> tuple[str, dict, str]:
    """(front matter as written, its values, the Markdown after it)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return "", {}, text
    meta = yaml.safe_load(match.group(1)) or {}
    return match.group(0), meta if isinstance(meta, dict) else {}, text[match.end():]


def page_markdown(body: str, meta: dict, src_uri: str, context: GuideContext) -> str:
    """A page's Markdown filled from the rules; ``jinja: false`` opts out.

    Raises ``PageRenderError`` naming the page and line."""
    if meta.get("jinja") is False:
        return body
    return render_markdown(body, context, src_uri)


def edit_url(repo_url: str | None, rules_file: object) -> str | None:
    """A generated page's edit link points at its rules file: that is where its words live."""
    if not repo_url or not isinstance(rules_file, str) or not rules_file:
        return None
    return f"{repo_url.rstrip('/')}/edit/main/rules/{rules_file}.yaml"


def prerender_docs(docs_dir: Path, out: Path, context: GuideContext) -> list[Path]:
    """Copy ``docs_dir`` to ``out`` with every page filled from the rules.

    Front matter is kept as written. Returns the pages written. Raises
    ``PageRenderError`` on the first page that cannot be rendered (``out`` is
    then incomplete: write it to a fresh directory).
    """
    shutil.copytree(docs_dir, out)
    pages = []
    for page in sorted(out.rglob("*.md")):
        head, meta, body = split_front_matter(page.read_text(encoding="utf-8"))
        src_uri = page.relative_to(out).as_posix()
        page.write_text(head + page_markdown(body, meta, src_uri, context), encoding="utf-8")
        pages.append(page)
    return pages


def prerender_project(root: Path, out: Path, context: GuideContext) -> Path:
    """A copy of the project at ``out`` that needs none of our hooks.

    ``out/docs`` holds the filled pages (``prerender_docs``), ``out/mkdocs.yml``
    is the project's config without ``hooks``/``watch`` and with the stylesheet
    the rules hook would add, and the theme overrides are copied beside it.
    Paths stay relative: Zensical 0.0.73 panics on an absolute ``docs_dir``.
    Returns the config file. The calculator's assets (wheel, bundle, Pyodide)
    are not included: ``guidebuild.calcsite.install_calculator`` adds them to
    the built site (``hooks/calculator.py`` does the same for MkDocs).
    """
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "watch"):
        config.pop(key, None)
    source = root / config.get("docs_dir", "docs")
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    extra_css = config.setdefault("extra_css", [])
    if STYLESHEET not in extra_css:
        extra_css.append(STYLESHEET)
    out.mkdir(parents=True, exist_ok=True)
    prerender_docs(source, out / "docs", context)
    custom_dir = config.get("theme", {}).get("custom_dir")
    if custom_dir:
        shutil.copytree(root / custom_dir, out / custom_dir)
    path = out / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
