"""MkDocs hook: the guide's pages are generated from rules/*.yaml.

* ``on_config`` loads the rules (``KMC_RULES_DIR``, default rules/ beside
  mkdocs.yml: the checkout being built, never the one the code was installed
  from) and builds the page context once per build; a rules error fails the
  build with its ``file:line: message`` lines.
* ``on_page_markdown`` renders each page through ``guidebuild.pages``; a page
  that declares ``rules: <file>`` in its front matter gets its edit link
  pointed at that YAML file, because that is where its content lives.

A page can opt out of rendering with ``jinja: false`` in its front matter.
"""

from __future__ import annotations

import logging

from mkdocs.exceptions import PluginError

from guidebuild.bundle import build_bundle
from guidebuild.context import build_context
from guidebuild.pages import PageRenderError, render_markdown
from guidebuild.checkout import CheckoutError, build_rules_dir, config_root
from guidebuild.rules import load_rules
from guidebuild.yamlload import RulesError

log = logging.getLogger("mkdocs.hooks.rules")

# Styles for the generated blocks (flows, mail examples, tables); shipped with
# the pages that need them rather than in the theme's shared stylesheet.
STYLESHEET = "assets/stylesheets/guide.css"

_state: dict = {}


def on_config(config, **kwargs):
    try:
        rules = load_rules(build_rules_dir(config_root(config.config_file_path)))
    except CheckoutError as error:
        raise PluginError(str(error)) from None
    except RulesError as error:
        raise PluginError(str(error)) from None
    for warning in rules.warnings:
        # Advisory only (e.g. "extend the calendar before the year turns"):
        # a warning would fail the strict build before anything is wrong.
        log.info("rules WARNING (CI's weekly strict run fails on this): %s", warning)
    _state["context"] = build_context(rules, build_bundle(rules))
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    return config


def edit_url(repo_url: str | None, rules_file: object) -> str | None:
    if not repo_url or not isinstance(rules_file, str) or not rules_file:
        return None
    return f"{repo_url.rstrip('/')}/edit/main/rules/{rules_file}.yaml"


def on_page_markdown(markdown, page, config, files, **kwargs):
    url = edit_url(config.repo_url, page.meta.get("rules"))
    if url:
        page.edit_url = url
    if page.meta.get("jinja") is False:
        return markdown
    try:
        return render_markdown(markdown, _state["context"], page.file.src_uri)
    except PageRenderError as error:
        raise PluginError(f"page could not be rendered: {error}") from None
