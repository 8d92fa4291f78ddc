"""The guide's pages as plain files, with no site generator in the loop.

``render_pages`` fills every page of a docs directory from the rules (the
guide's ``pages``, which the MkDocs plugin serves); ``prerender_project``
writes them out with a config that needs no plugin, so any builder that reads
``mkdocs.yml`` and Markdown (MkDocs without our plugin, Zensical) publishes
the same words. Nothing here imports MkDocs.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from .context import GuideContext
from .render import PageRenderError, render_markdown
from ..rules import Problem, Rules, RulesError

# Styles for the generated blocks (flows, mail examples, tables); shipped with
# the pages that need them rather than in the theme's shared stylesheet.
STYLESHEET = "assets/stylesheets/guide.css"
# The MkDocs plugin's name in mkdocs.yml (pyproject.toml entry point).
PLUGIN = "kmc-guide"

# MkDocs' own front-matter syntax (mkdocs.utils.meta), so both readers agree
# on where a page's Markdown starts.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


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


def render_pages(context: GuideContext, rules: Rules, docs_dir: Path) -> dict[str, str]:
    """Every page of ``docs_dir`` filled from the rules, by docs-relative path;
    ``RulesError`` when a page uses something these rules no longer provide."""
    pages: dict[str, str] = {}
    problems = []
    for page in sorted(docs_dir.rglob("*.md")):
        name = page.relative_to(docs_dir).as_posix()
        _, meta, body = split_front_matter(page.read_text(encoding="utf-8"))
        try:
            pages[name] = page_markdown(body, meta, f"docs/{name}", context)
        except PageRenderError as error:
            # Point at the rule file the page declares: that is where a
            # maintainer removed or renamed what the page prints.
            file = meta.get("rules") if meta.get("rules") in rules.files else "guide"
            problems.append(Problem(rules.files[file].name, 1,
                                    f"the page docs/{name} cannot be built from these rules ({error}): "
                                    "restore what the page uses, or change the page with it"))
    if problems:
        raise RulesError(problems)
    return pages


def edit_url(repo_url: str | None, rules_file: object) -> str | None:
    """A generated page's edit link points at its rules file: that is where its words live."""
    if not repo_url or not isinstance(rules_file, str) or not rules_file:
        return None
    return f"{repo_url.rstrip('/')}/edit/main/rules/{rules_file}.yaml"


def prerender_project(root: Path, out: Path, guide) -> Path:
    """A copy of the project at ``out`` that needs none of our plugin.

    ``out/docs`` holds the guide's filled pages (front matter kept as written)
    and the docs' other files, ``out/mkdocs.yml`` is the project's config
    without our plugin and ``watch``, with the site's name, description and
    the stylesheet the plugin would add, and the theme overrides are copied
    beside it. Paths stay relative: Zensical 0.0.73 panics on an absolute
    ``docs_dir``. Returns the config file. The calculator's assets (wheel,
    bundle, Pyodide) are not included: ``guidebuild.calculator.assets.
    install_calculator`` adds them to the built site.
    """
    from .site import site_description

    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("watch", None)
    config["plugins"] = [p for p in config.get("plugins") or [] if p != PLUGIN]
    source = root / config.get("docs_dir", "docs")
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["site_name"] = guide.title
    config["site_description"] = site_description(guide.context.guide)
    extra_css = config.setdefault("extra_css", [])
    if STYLESHEET not in extra_css:
        extra_css.append(STYLESHEET)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, out / "docs")
    for name, markdown in guide.pages.items():
        page = out / "docs" / name
        head, _, _ = split_front_matter(page.read_text(encoding="utf-8"))
        page.write_text(head + markdown, encoding="utf-8")
    custom_dir = config.get("theme", {}).get("custom_dir")
    if custom_dir:
        shutil.copytree(root / custom_dir, out / custom_dir)
    path = out / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
