"""The PDF edition: the whole guide as one PDF, made from the built pages.

``guide_html`` joins the ``<article>`` of every page in navigation order into
one HTML document (cover with 版数, 改版日, the web edition's address and a QR
code of the calculator's; a table of contents with the chapters as the
original numbers them, "1. 新規契約手続き"; a divider page per chapter; one
section per page, headed by its web address). The articles are read with a
parser (``guidebuild.publish.markup``): what the pages mark ``data-pdf="omit"``,
``hidden`` elements, forms and the theme's permalink and edit buttons are left
out. Links between pages become links inside the PDF; links to anything else
of the site (the interactive calculator) go to its web address; ids get a
per-page prefix so they stay unique. The chapters and headings are the PDF's
bookmarks. ``write_pdf`` renders it with WeasyPrint
(CSS Paged Media: running header with the edition, page numbers, TOC page
numbers, fonts embedded) as tagged PDF/UA-1 (structure, language, title) and caches the result in the user's
cache (``guidebuild/cache.py``) by a hash of the document and of what renders it (``renderer``: WeasyPrint,
pydyf, the font files), so an unchanged rebuild, in this clone or another, copies the cached file instead of
rendering again.

``mark_url_links`` marks links whose text already is their address
(``kmc-url``), so print and the PDF do not repeat the address after them.

WeasyPrint needs Pango and a Japanese font from the system (Debian:
libpango-1.0-0, libpangoft2-1.0-0, fonts-noto-cjk); scripts/setup.sh installs
them. ``KMC_PDF=0`` skips the PDF: only for the tests' builds of edited,
hostile or broken rules, which are not about it; production leaves it unset.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from . import markup
from .address import SiteAddress
from .pdfkey import VARIANT, content_hash, renderer

PDF_NAME = "kmc-guide.pdf"
PDF_DIR = "downloads"
CSS = Path(__file__).resolve().parent / "pdf.css"

# "0": no PDF this build; unset or "1": make it (the default, always in production).
SWITCH = "KMC_PDF"

# Pages that only work on screen (a form that computes in the browser).
CALCULATOR = "calculator/"
SCREEN_ONLY = (CALCULATOR,)

# Screen-only parts the theme and Markdown write, known by their documented
# classes: heading permalinks (Markdown's toc extension) and Material's
# edit/view buttons. What the guide's own pages and templates leave out of the
# PDF carries data-pdf="omit" instead.
THEME_SCREEN_ONLY = frozenset({"headerlink", "md-content__button"})
OMIT = "data-pdf"
# Marks a link to the PDF itself: hidden when the build makes no PDF.
NEEDS_PDF = "data-needs-pdf"


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
    chapter: str | None = None  # its navigation section, e.g. "1 新規契約手続き"


def wanted() -> bool:
    """Whether this build makes the PDF (``KMC_PDF``); any value but 0 or 1 is refused."""
    switch = os.environ.get(SWITCH, "1")
    if switch not in ("0", "1"):
        raise ValueError(f"{SWITCH}={switch!r}: set it to 0 (no PDF, for test builds) or 1, or leave it unset")
    return switch == "1"


def _with_attrs(tag: markup.Tag, attrs: list[tuple[str, str | None]]) -> str:
    return markup.start_tag(tag.name, attrs, tag.self_closing)


def hide_pdf_links(html_text: str) -> str:
    """Elements marked ``data-needs-pdf`` (the home page's PDF link) get the
    ``hidden`` attribute: for a build that makes no PDF (``mkdocs serve``,
    ``KMC_PDF=0``), so no page links a file that is not there."""
    edits = [(t.start, t.end, _with_attrs(t, [*t.attrs, ("hidden", None)]))
             for t in markup.scan(html_text) if not t.closing and t.has(NEEDS_PDF) and not t.has("hidden")]
    return markup.splice(html_text, edits)


def mark_url_links(html_text: str) -> str:
    """Links whose text is their own address get the class ``kmc-url``."""
    edits = []
    tags = markup.scan(html_text)
    for el in markup.elements(html_text, tags):
        tag = el.tag
        if tag.name != "a" or tag.get("href") is None or "kmc-url" in tag.classes:
            continue
        inner = html_text[el.inner_start:el.inner_end]
        if "<" in inner:
            continue
        href = tag.get("href") or ""
        if html.unescape(inner).strip() == href.removeprefix("mailto:"):
            classes = " ".join(filter(None, [tag.get("class"), "kmc-url"]))
            attrs = [(k, v) for k, v in tag.attrs if k != "class"]
            edits.append((tag.start, tag.end, _with_attrs(tag, [("class", classes), *attrs])))
    return markup.splice(html_text, edits)


def pdf_pages(pages: list[Page]) -> list[Page]:
    return [p for p in pages if p.url not in SCREEN_ONLY]


def chapter_label(section: str) -> str:
    """A navigation section's title as the original's table of contents
    writes it: "1 新規契約手続き" → "1. 新規契約手続き"."""
    number, space, name = section.partition(" ")
    return f"{number}. {name}" if space and number.isdigit() else section


def _article(site: Path, page: Page) -> str:
    """The content of the page's <article>, without what the PDF leaves out."""
    path = site / page.url / "index.html"
    source = path.read_text(encoding="utf-8")
    tags = markup.scan(source)
    article = next((el for el in markup.elements(source, tags) if el.tag.name == "article"), None)
    if article is None:
        raise ValueError(f"{path}: no <article> to put in the PDF")
    body = source[article.inner_start:article.inner_end]
    drop = [(el.start, el.end) for el in markup.elements(body)
            if el.tag.get(OMIT) == "omit" or el.tag.has("hidden") or el.tag.name == "form"
            or el.tag.classes & THEME_SCREEN_ONLY]
    return markup.splice(body, [(start, end, "") for start, end in drop])


def _rewrite(body: str, n: int, page: Page, index: dict[str, int], site_address: SiteAddress) -> str:
    """Ids prefixed per page; links to a page in the PDF go to its section,
    links to anything else of the site to its web address."""
    edits = []
    for tag in markup.scan(body):
        if tag.closing or not (tag.has("id") or (tag.name == "a" and tag.has("href"))):
            continue
        attrs = []
        for k, v in tag.attrs:
            if k == "id" and v is not None:
                v = f"p{n}-{v}"
            elif k == "href" and tag.name == "a" and v is not None:
                v = _link(v, n, page, index, site_address)
            attrs.append((k, v))
        edits.append((tag.start, tag.end, _with_attrs(tag, attrs)))
    return markup.splice(body, edits)


def _link(target: str, n: int, page: Page, index: dict[str, int], site_address: SiteAddress) -> str:
    if urlsplit(target).scheme:
        return target
    if target.startswith("#"):
        return f"#p{n}-{target[1:]}"
    resolved = urlsplit(urljoin("/" + page.url, target))
    path = resolved.path.lstrip("/").removesuffix("index.html")
    if path in index:
        return f"#p{index[path]}" + (f"-{resolved.fragment}" if resolved.fragment else "")
    # A page the PDF leaves out (the calculator) or a file: read on the web.
    return site_address.page(path) + (f"#{resolved.fragment}" if resolved.fragment else "")


def _web_line(url: str) -> str:
    link = html.escape(url)
    return f'<p class="pdf-web">Web版：<a class="kmc-url" href="{link}">{link}</a></p>'


def _after_h1(body: str, insert: str) -> str:
    """``insert`` right after the body's first <h1> (its start when there is none)."""
    tags = markup.scan(body)
    end = next((t.end for t in tags if t.closing and t.name == "h1"), 0)
    return body[:end] + insert + body[end:]


def title_phrases(title: str) -> str:
    """The title as phrases that a line never breaks inside: words split at
    spaces, a bracketed part kept whole (「（入稿ポータル）」)."""
    parts = re.split(r"(\s+|[（(][^）)]*[）)])", title)
    return "".join(html.escape(p) if not p.strip() else f'<span class="pdf-phrase">{html.escape(p)}</span>'
                   for p in parts if p)


def qr_data_uri(url: str) -> str:
    """A QR code of ``url`` as an SVG data URI (segno, pure Python)."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def guide_html(site: Path, pages: list[Page], edition: Edition, css: str, site_address: SiteAddress) -> str:
    pages = pdf_pages(pages)
    index = {p.url: n for n, p in enumerate(pages)}
    chapters = list(dict.fromkeys(p.chapter for p in pages if p.chapter))
    toc, sections, open_chapter = [], [], None
    for n, p in enumerate(pages):
        if p.chapter != open_chapter:
            if open_chapter is not None:
                toc.append("</ol></li>")
            if p.chapter is not None:
                c = chapters.index(p.chapter)
                label = html.escape(chapter_label(p.chapter))
                toc.append(f'<li class="pdf-toc-chapter"><a href="#c{c}">{label}</a><ol>')
                sections.append(f'<section class="pdf-chapter" id="c{c}"><h1>{label}</h1></section>')
            open_chapter = p.chapter
        toc.append(f'<li><a href="#p{n}">{html.escape(p.title)}</a></li>')
        body = _after_h1(_rewrite(_article(site, p), n, p, index, site_address), _web_line(site_address.page(p.url)))
        kind = "pdf-page pdf-in-chapter" if p.chapter else "pdf-page"
        sections.append(f'<section class="{kind}" id="p{n}">{body}</section>')
    if open_chapter is not None:
        toc.append("</ol></li>")
    toc_html, sections_html = "".join(toc), "\n".join(sections)
    running = f"{edition.title} {edition.edition}"
    providers = " × ".join(edition.providers)
    home = html.escape(site_address.url)
    calculator = site_address.page(CALCULATOR)
    calc = html.escape(calculator)
    return f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8">
<title>{html.escape(edition.title)} {html.escape(edition.edition)}</title>
<meta name="author" content="{html.escape(providers)}">
<style>@page {{ @top-left {{ content: "{html.escape(running)}"; }} }}
{css}</style></head>
<body class="md-typeset">
<section class="pdf-cover">
<p class="pdf-providers">{html.escape(providers)}</p>
<h1>{title_phrases(edition.title)}</h1>
<table class="pdf-edition"><tbody>
<tr><th scope="row">版数</th><td>{html.escape(edition.edition)}</td></tr>
<tr><th scope="row">改版日</th><td>{html.escape(edition.published_text)}</td></tr>
</tbody></table>
<p class="pdf-note">本書はWeb版（<a class="kmc-url" href="{home}">{home}</a>）と同じページから作成したPDF版です。フロー図の手順、営業日の数え方、日付の計算例は本Web版で追加・再構成したもので、各ページにその旨を記載しています。各ページの先頭に、そのページのWeb版のアドレスを記載しています。</p>
<div class="pdf-calculator">
<img src="{qr_data_uri(calculator)}" alt="日付計算ツールのアドレスのQRコード" width="96" height="96">
<p>変更の完了日、解約となる月、解約の申し込み期限は、Web版の日付計算ツールで計算できます（PDF版には含まれません）。<br>
<a class="kmc-url" href="{calc}">{calc}</a></p>
</div>
</section>
<nav class="pdf-toc"><h2>目次</h2><ol>{toc_html}</ol></nav>
{sections_html}
</body></html>"""


def write_pdf(document: str, out: Path, cache_dir: Path) -> bool:
    """Render ``document`` to ``out``; returns True if it was rendered, False
    if the cached PDF of the same content was copied."""
    try:
        import weasyprint
    except OSError as error:  # the Python package is there, Pango is not
        raise ImportError(f"{error} (WeasyPrint needs Pango: on Debian, "
                          "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk)") from None

    cached = cache_dir / f"{content_hash(document, renderer())}.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    if cached.is_file():
        shutil.copyfile(cached, out)
        return False
    cache_dir.mkdir(parents=True, exist_ok=True)
    # A name of its own, renamed into place: builds running at the same time
    # (other clones share the cache) never read or write a half-written PDF.
    fd, name = tempfile.mkstemp(dir=cache_dir, prefix=".tmp-", suffix=".pdf")
    os.close(fd)
    tmp = Path(name)
    try:
        weasyprint.HTML(string=document, base_url=str(out.parent)).write_pdf(tmp, pdf_variant=VARIANT)
        tmp.replace(cached)
    finally:
        tmp.unlink(missing_ok=True)
    for old in cache_dir.glob("*.pdf"):  # keep the cache to the newest few
        if old != cached and old.stat().st_mtime < cached.stat().st_mtime - 7 * 86400:
            old.unlink(missing_ok=True)
    shutil.copyfile(cached, out)
    return True
