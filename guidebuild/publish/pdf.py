"""The PDF edition: the whole guide as one PDF, made from the built pages.

``guide_html`` joins the ``<article>`` of every page in navigation order into
one HTML document (cover with 版数 and 改版日, table of contents, one section
per page). Links between pages become links inside the PDF; links to pages
the PDF leaves out (the interactive calculator) become plain text; ids get a
per-page prefix so they stay unique. ``write_pdf`` renders it with WeasyPrint
(CSS Paged Media: running header with the edition, page numbers, TOC page
numbers, fonts embedded) and caches the result by content hash, so an
unchanged rebuild copies the cached file instead of rendering again.

``mark_url_links`` marks links whose text already is their address
(``kmc-url``), so print and the PDF do not repeat the address after them.

WeasyPrint needs Pango and a Japanese font from the system (Debian:
libpango-1.0-0, libpangoft2-1.0-0, fonts-noto-cjk); scripts/setup.sh installs
them. ``KMC_PDF=0`` skips the PDF: only for the tests' builds of edited,
hostile or broken rules, which are not about it; production leaves it unset.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

PDF_NAME = "kmc-guide.pdf"
PDF_DIR = "downloads"
CSS = Path(__file__).resolve().parent / "pdf.css"

# "0": no PDF this build; unset or "1": make it (the default, always in production).
SWITCH = "KMC_PDF"

# Pages that only work on screen (a form that computes in the browser).
SCREEN_ONLY = ("calculator/",)

_ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.DOTALL)
_DROP = (
    re.compile(r'<a\b[^>]*class="headerlink"[^>]*>.*?</a>', re.DOTALL),
    re.compile(r'<a\b[^>]*class="md-content__button[^"]*"[^>]*>.*?</a>', re.DOTALL),
    re.compile(r'<a\b[^>]*class="md-button[^"]*"[^>]*>.*?</a>', re.DOTALL),
    re.compile(r"<details\b.*?</details>", re.DOTALL),
    re.compile(r"<p hidden\b[^>]*>.*?</p>", re.DOTALL),
    re.compile(r"<form\b.*?</form>", re.DOTALL),
    re.compile(r'<p class="kmc-maintainer-note">.*?</p>', re.DOTALL),
)
_ID = re.compile(r'\bid="([^"]*)"')
_HREF = re.compile(r'<a\b([^>]*?)\bhref="([^"]*)"([^>]*)>')


@dataclass(frozen=True)
class Edition:
    title: str
    edition: str          # 版数, e.g. 1.8版
    published_text: str   # 改版日, e.g. 2024年9月5日
    providers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    url: str    # site-relative, e.g. "change/items/" ("" for the home page)
    title: str


def wanted() -> bool:
    """Whether this build makes the PDF (``KMC_PDF``); any value but 0 or 1 is refused."""
    switch = os.environ.get(SWITCH, "1")
    if switch not in ("0", "1"):
        raise ValueError(f"{SWITCH}={switch!r}: set it to 0 (no PDF, for test builds) or 1, or leave it unset")
    return switch == "1"


_LINK = re.compile(r'<a href="((?:mailto:)?)([^"]+)">([^<]+)</a>')


def mark_url_links(html_text: str) -> str:
    """Links whose text is their own address get ``class="kmc-url"``."""
    def mark(m: re.Match) -> str:
        scheme, address, text = m.groups()
        if html.unescape(text).strip() == html.unescape(address):
            return f'<a class="kmc-url" href="{scheme}{address}">{text}</a>'
        return m.group(0)

    return _LINK.sub(mark, html_text)


def pdf_pages(pages: list[Page]) -> list[Page]:
    return [p for p in pages if p.url not in SCREEN_ONLY]


def _article(site: Path, page: Page) -> str:
    path = site / page.url / "index.html"
    m = _ARTICLE.search(path.read_text(encoding="utf-8"))
    if m is None:
        raise ValueError(f"{path}: no <article> to put in the PDF")
    body = m.group(1)
    for pattern in _DROP:
        body = pattern.sub("", body)
    return body


def _rewrite(body: str, n: int, page: Page, index: dict[str, int]) -> str:
    body = _ID.sub(lambda m: f'id="p{n}-{m.group(1)}"', body)

    def link(m: re.Match) -> str:
        before, href, after = m.groups()
        target = html.unescape(href)
        parts = urlsplit(target)
        if parts.scheme in ("http", "https", "mailto", "tel"):
            return m.group(0)
        if target.startswith("#"):
            return f'<a{before}href="#p{n}-{html.escape(target[1:])}"{after}>'
        resolved = urlsplit(urljoin("/" + page.url, target))
        path = resolved.path.lstrip("/").removesuffix("index.html")
        if path in index:
            anchor = f"p{index[path]}" + (f"-{resolved.fragment}" if resolved.fragment else "")
            return f'<a{before}href="#{html.escape(anchor)}"{after}>'
        return f"<a{before}{after}>"  # a page the PDF leaves out: text only

    return _HREF.sub(link, body)


def guide_html(site: Path, pages: list[Page], edition: Edition, css: str) -> str:
    pages = pdf_pages(pages)
    index = {p.url: n for n, p in enumerate(pages)}
    toc = "\n".join(f'<li><a href="#p{n}">{html.escape(p.title)}</a></li>' for n, p in enumerate(pages))
    sections = "\n".join(
        f'<section class="pdf-page" id="p{n}">{_rewrite(_article(site, p), n, p, index)}</section>'
        for n, p in enumerate(pages))
    running = f"{edition.title} {edition.edition}"
    providers = " × ".join(edition.providers)
    return f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8">
<title>{html.escape(edition.title)} {html.escape(edition.edition)}</title>
<meta name="author" content="{html.escape(providers)}">
<style>@page {{ @top-left {{ content: "{html.escape(running)}"; }} }}
{css}</style></head>
<body class="md-typeset">
<section class="pdf-cover">
<p class="pdf-providers">{html.escape(providers)}</p>
<h1>{html.escape(edition.title)}</h1>
<table class="pdf-edition"><tbody>
<tr><th scope="row">版数</th><td>{html.escape(edition.edition)}</td></tr>
<tr><th scope="row">改版日</th><td>{html.escape(edition.published_text)}</td></tr>
</tbody></table>
<p class="pdf-note">本書はWeb版（利用手続きガイドのWebサイト）と同じページから作成したPDF版です。フロー図の手順、営業日の数え方、日付の計算例は本Web版で追加・再構成したもので、各ページにその旨を記載しています。</p>
</section>
<nav class="pdf-toc"><h2>目次</h2><ol>{toc}</ol></nav>
{sections}
</body></html>"""


def content_hash(document: str, weasyprint_version: str) -> str:
    return hashlib.sha256(f"{weasyprint_version}\n{document}".encode()).hexdigest()[:20]


def write_pdf(document: str, out: Path, cache_dir: Path) -> bool:
    """Render ``document`` to ``out``; returns True if it was rendered, False
    if the cached PDF of the same content was copied."""
    try:
        import weasyprint
    except OSError as error:  # the Python package is there, Pango is not
        raise ImportError(f"{error} (WeasyPrint needs Pango: on Debian, "
                          "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk)") from None

    cached = cache_dir / f"{content_hash(document, weasyprint.__version__)}.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    if cached.is_file():
        shutil.copyfile(cached, out)
        return False
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    weasyprint.HTML(string=document, base_url=str(out.parent)).write_pdf(tmp)
    tmp.replace(cached)
    for old in cache_dir.glob("*.pdf"):  # keep the cache to the newest few
        if old != cached and old.stat().st_mtime < cached.stat().st_mtime - 7 * 86400:
            old.unlink(missing_ok=True)
    shutil.copyfile(cached, out)
    return True
