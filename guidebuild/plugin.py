"""The MkDocs plugin: MkDocs' events, each handed to a step of the build.

Registered as ``kmc-guide`` (pyproject.toml entry point) and named in
mkdocs.yml. Everything it keeps lives on the instance; MkDocs keeps one
instance across ``mkdocs serve``'s rebuilds.

* ``on_config``: the guide, built once (``guidebuild.guide.build_guide``) for
  the checkout mkdocs.yml is in, gives the site its name and description and
  the calculator its files (``guidebuild.calculator``); the site's address
  (``guidebuild.publish.address``) gives ``site_url``, hence the sitemap,
  canonical links and the 404 page's links.
* page events: each page's Markdown is the guide's, filled from the rules; the
  calculator page gets its URLs and script; every page its search alternates
  and its marked address links.
* ``on_post_build``: content-named assets and the service worker, CSP, search
  index, PDF, then publishing all or nothing.

Under ``mkdocs serve`` a broken rule file or page keeps the last good guide
and prints the located message (``guidebuild.lastgood``): MkDocs' server would
otherwise hold every page request until the error was fixed.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from .calculator.assets import (PAGE, SCRIPT, CalculatorPageError, add_preloads, add_script, add_shared_links,
                                calculator_assets, fill_page)
from .cache import cache_dir
from .calculator.snapshot import SnapshotError
from .checkout import CheckoutError, build_rules_dir, config_root
from .guide import build_guide
from .lastgood import LastGood
from .pages.phrases import glue_particles, glue_section_numbers, heading_breaks, keep_addresses_whole, menu_breaks
from .pages.prerender import STYLESHEET, edit_url
from .pages.site import site_description
from .publish import address, pdf, search
from .publish.atomic import AtomicPublish
from .publish.csp import secure_site
from .publish.offline import ServiceWorkerError, write_service_worker
from .publish.versioned import CALC_DIR, VersioningError, version_site
from .rules import RulesError
from .today import today
from .rulewatch import RulesWatch

log = logging.getLogger("mkdocs.plugins.kmc-guide")

REPO_ENV = "KMC_REPO_URL"


class GuideConfig(Config):
    # Off only in benchmarks/search_compare.py, which measures Material's lunr instead.
    pagefind = c.Type(bool, default=True)


class GuidePlugin(BasePlugin[GuideConfig]):
    def on_startup(self, command, dirty=False, **kwargs):
        self.serving = command == "serve"
        self.command = command
        self.guides = LastGood((RulesError,), "pages")
        self.guides.serving = self.serving
        self.atomic: AtomicPublish | None = None
        self.nav = None

    def on_config(self, config, **kwargs):
        if self.command == "build" and self.atomic is None:
            self.atomic = AtomicPublish()
            config.site_dir = self.atomic.start(config.site_dir)
        try:
            self.make_pdf = pdf.wanted() and not self.serving
            self.make_search = self.config.pagefind and search.wanted()
            root = config_root(config.config_file_path)
            self.guide = self.guides.get(
                lambda: build_guide(build_rules_dir(root), Path(config.docs_dir), today()))
            self.assets = calculator_assets(root, self.guide.bundle)
        except (CheckoutError, RulesError, FileNotFoundError, ValueError) as error:
            raise PluginError(str(error)) from None
        except SnapshotError as error:
            raise PluginError(f"Pyodide snapshot: {error}") from None
        self.cache = cache_dir("pdf")
        for warning in self.guide.rules.warnings:
            # Advisory only (e.g. "extend the calendar before the year turns"):
            # a warning would fail the strict build before anything is wrong.
            log.info("rules WARNING (CI's weekly strict run fails on this): %s", warning)
        config.site_name = self.guide.title
        if not self.serving:  # `mkdocs serve` gives its own address
            try:
                found = address.site_address(os.environ, root)
            except address.AddressError as error:
                raise PluginError(str(error)) from None
            config.site_url = found.url
            log.info("site address %s (%s)", found.url, found.source)
        self.address = address.SiteAddress(config.site_url or address.LOCAL, "site_url")
        config.site_description = site_description(self.guide.context.guide)
        # The repository link and edit buttons: customers must not be sent to
        # a repository that does not exist, so they are off unless
        # KMC_REPO_URL names a real public one.
        repo = os.environ.get(REPO_ENV, "").strip()
        if repo:
            config.repo_url = repo
            config.repo_name = repo.rstrip("/").rsplit("/", 1)[-1]
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    def on_serve(self, server, config, builder, **kwargs):
        # The build's rules directory (KMC_RULES_DIR or rules/ beside
        # mkdocs.yml), watched so that it is watched again after being replaced.
        self.rules_watch = RulesWatch(server, build_rules_dir(config_root(config.config_file_path)))
        return server

    def on_files(self, files, config, **kwargs):
        for path, data in self.assets.generated.items():
            files.append(File.generated(config, path, content=data))
        for path, source in self.assets.copied.items():
            files.append(File.generated(config, path, abs_src_path=str(source)))
        return files

    def on_nav(self, nav, config, files, **kwargs):
        self.nav = nav  # its titles are the pages' headings, known once each page is rendered
        return nav

    def on_page_markdown(self, markdown, page, config, files, **kwargs):
        rules_file = page.meta.get("rules")
        url = edit_url(config.repo_url, rules_file)
        if url:
            page.edit_url = url
        if isinstance(rules_file, str) and rules_file:
            # Without a public repository there is no edit button: maintainers
            # find the YAML in the build log, and in the `mkdocs serve` preview
            # on the page itself (overrides/main.html).
            log.info("%s is made from rules/%s.yaml", page.file.src_uri, rules_file)
            if self.serving:
                page.meta["kmc_rules_file"] = f"rules/{rules_file}.yaml"
        try:
            return self.guide.pages[page.file.src_uri]
        except KeyError:
            raise PluginError(f"{page.file.src_uri} is not a page of the guide's docs directory") from None

    def on_page_content(self, html, page, config, files, **kwargs):
        if page.file.src_uri == PAGE:
            try:
                html = fill_page(html, self.assets, page.url)
            except CalculatorPageError as error:
                raise PluginError(str(error)) from None
        if not self.make_pdf:
            html = pdf.hide_pdf_links(html)
        for step in (glue_particles, glue_section_numbers, keep_addresses_whole, heading_breaks):
            html = step(html)
        return pdf.mark_url_links(search.add_alternates(html, page.url))

    def on_post_page(self, output, page, config, **kwargs):
        output = menu_breaks(output)
        if page.file.src_uri != PAGE:
            return output
        script = Path(config.docs_dir) / SCRIPT
        if not script.is_file():
            raise PluginError(f"docs/{SCRIPT} is missing: the calculator page has no script")
        try:
            modules = [p.name for p in script.parent.glob("*.mjs")]
            html = add_preloads(add_script(output, page.url), self.assets, modules, page.url)
            return add_shared_links(html, self.assets, page.url)
        except CalculatorPageError as error:
            raise PluginError(str(error)) from None

    def on_post_build(self, config, **kwargs):
        site = Path(config.site_dir)
        # Content-named files and the service worker that relies on them
        # (guidebuild/publish/versioned.py, offline.py); not under `mkdocs
        # serve`, whose pages must not outlive an edit in a browser's cache.
        if not self.serving:
            try:
                calc = version_site(site, urlsplit(config.site_url or "/").path or "/")[CALC_DIR]
                modules = sorted(f"{calc}/{p.name}" for p in (site / calc).iterdir())
                write_service_worker(site, [*modules, *self.assets.boot_files()])
            except (VersioningError, ServiceWorkerError) as error:
                raise PluginError(str(error)) from None
        secure_site(site, dev_inline=self.serving)
        if self.make_search:
            try:
                search.build_index(site)
            except search.SearchIndexError as error:
                raise PluginError(str(error)) from None
        if self.make_pdf:
            self._pdf(site)
        else:
            log.info("PDF edition: not made (%s)", "mkdocs serve" if self.serving else f"{pdf.SWITCH}=0")
        if self.atomic is not None:
            published = self.atomic.finish(config.strict)
            if published:
                config.site_dir = published

    def on_build_error(self, error, **kwargs):
        if self.atomic is not None:
            self.atomic.discard()

    def _pdf(self, site: Path) -> None:
        started = time.monotonic()
        g = self.guide.context.guide
        edition = pdf.Edition(g.title, g.edition, g.published_text, tuple(g.providers))
        pages = [pdf.Page(p.url, p.title, p.parent.title if p.parent else None) for p in self.nav.pages]
        document = pdf.guide_html(site, pages, edition, pdf.CSS.read_text(encoding="utf-8"), self.address)
        try:
            rendered = pdf.write_pdf(document, site / pdf.PDF_DIR / pdf.PDF_NAME, self.cache)
        except ImportError as error:
            raise PluginError(f"PDF: WeasyPrint cannot be loaded ({error}); run the setup "
                              "(make serve / make test installs weasyprint, Pango and a Japanese font)") from None
        except OSError as error:
            raise PluginError(f"PDF: WeasyPrint could not render the guide: {error}") from None
        log.info("PDF edition %s/%s: %s in %.1f s", pdf.PDF_DIR, pdf.PDF_NAME,
                 "rendered" if rendered else "unchanged, copied from the cache", time.monotonic() - started)
