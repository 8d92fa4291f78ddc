"""MkDocs hook: the guide's pages are generated from rules/*.yaml.

A thin adapter over ``guidebuild.prerender``, which does the work without
MkDocs:

* ``on_config`` loads the rules (``KMC_RULES_DIR``, default rules/ beside
  mkdocs.yml: the checkout being built, never the one the code was installed
  from) and builds the page context once per build; a rules error fails the
  build with its ``file:line: message`` lines.
* ``on_page_markdown`` renders each page; a page that declares
  ``rules: <file>`` in its front matter gets its edit link pointed at that
  YAML file, because that is where its content lives.

A page can opt out of rendering with ``jinja: false`` in its front matter.
Under ``mkdocs serve`` a broken rule file or page keeps the last good pages
and prints the located message (``guidebuild.lastgood``): MkDocs' server
would otherwise hold every page request until the error was fixed.
"""

from __future__ import annotations

import logging
import os

from mkdocs.exceptions import PluginError

from guidebuild.checkout import CheckoutError, build_rules_dir, config_root
from guidebuild.lastgood import LastGood
from guidebuild.pages import PageRenderError
from guidebuild.prerender import STYLESHEET, edit_url, load_guide, page_markdown
from guidebuild.today import TodayError
from guidebuild.yamlload import RulesError

log = logging.getLogger("mkdocs.hooks.rules")

REPO_ENV = "KMC_REPO_URL"

_state: dict = {}
_guide = LastGood((RulesError,), "pages")
_pages = LastGood((PageRenderError,), "version of this page")


def on_startup(command, dirty=False, **kwargs):
    _state["serve"] = _guide.serving = _pages.serving = command == "serve"


def on_config(config, **kwargs):
    try:
        root = config_root(config.config_file_path)
        guide = _guide.get(lambda: load_guide(build_rules_dir(root)))
    except (CheckoutError, RulesError, TodayError) as error:
        raise PluginError(str(error)) from None
    for warning in guide.rules.warnings:
        # Advisory only (e.g. "extend the calendar before the year turns"):
        # a warning would fail the strict build before anything is wrong.
        log.info("rules WARNING (CI's weekly strict run fails on this): %s", warning)
    _state["context"] = guide.context
    # The one setting for the repository link and edit buttons: customers
    # must not be sent to a repository that does not exist, so it is off
    # unless KMC_REPO_URL names a real public one.
    repo = os.environ.get(REPO_ENV, "").strip()
    if repo:
        config.repo_url = repo
        config.repo_name = repo.rstrip("/").rsplit("/", 1)[-1]
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    return config


def on_page_markdown(markdown, page, config, files, **kwargs):
    rules_file = page.meta.get("rules")
    url = edit_url(config.repo_url, rules_file)
    if url:
        page.edit_url = url
    if isinstance(rules_file, str) and rules_file:
        # Without a public repository (repo_url unset, the default) there is
        # no edit button: maintainers find the YAML in the build log, and in
        # the `mkdocs serve` preview on the page itself (overrides/main.html).
        log.info("%s is made from rules/%s.yaml", page.file.src_uri, rules_file)
        if _state.get("serve"):
            page.meta["kmc_rules_file"] = f"rules/{rules_file}.yaml"
    context = _state["context"]
    try:
        return _pages.get(lambda: page_markdown(markdown, page.meta, page.file.src_uri, context),
                          key=page.file.src_uri)
    except PageRenderError as error:
        raise PluginError(f"page could not be rendered: {error}") from None
