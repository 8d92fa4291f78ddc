"""The PDF edition (guidebuild/publish/pdf.py), read back with pypdf:
cover, table of contents with the right page numbers, running header and
page numbers, embedded Japanese fonts, working links, and every fact of the
rules in its text."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from guidebuild.publish.pdf import PDF_DIR, PDF_NAME, write_pdf
from guidebuild.guide import build_guide

ROOT = Path(__file__).resolve().parents[2]
A4 = (595.0, 842.0)  # points, ±1


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def guide():
    return build_guide(ROOT / "rules", ROOT / "docs")


@pytest.fixture(scope="module")
def pdf(built_site) -> pypdf.PdfReader:
    path = built_site / PDF_DIR / PDF_NAME
    assert path.is_file(), f"no {PDF_DIR}/{PDF_NAME} in the build"
    return pypdf.PdfReader(path)


@pytest.fixture(scope="module")
def pages_text(pdf) -> list[str]:
    return [p.extract_text() for p in pdf.pages]


def test_a4_cover_with_edition_and_date(pdf, pages_text, guide):
    g = guide.context.guide
    for page in pdf.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1, (w, h)
    cover = _norm(pages_text[0])
    assert _norm(g.title) in cover
    assert "版数" + g.edition in cover and "改版日" + g.published_text in cover


def test_toc_page_numbers_point_at_the_sections(pages_text):
    toc = pages_text[1]
    assert toc.lstrip().startswith("目次")
    entries = re.findall(r"^(\S.*?)\s*\.{3,}\s*(\d+)\s*$", toc, re.MULTILINE)
    titles = dict(entries)
    assert "2.1 変更内容一覧" in titles and "4.4 保守・運用条件" in titles, toc
    assert "日付計算ツール" not in titles  # screen only
    for title, number in entries:
        body = pages_text[int(number) - 1]
        first_heading = body.split("\n", 1)[0]  # the page's h1 comes first
        assert _norm(first_heading) == _norm(title), (title, number, body[:120])


def test_running_header_and_page_numbers(pages_text, guide):
    g = guide.context.guide
    total = len(pages_text)
    for n, text in enumerate(pages_text[1:], start=2):
        # margin boxes are drawn after the page's content
        tail = text.rstrip().splitlines()[-2:]
        assert tail == [f"{g.title} {g.edition}", f"{n} / {total}"], (n, tail)


def test_japanese_fonts_are_embedded(pdf):
    fonts = {}
    for page in pdf.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            desc = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fd = desc["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert any("CJK" in name or "JP" in name for name in fonts), fonts
    assert all(fonts.values()), fonts


def test_links_work_inside_and_out(pdf, guide):
    internal, external = 0, set()
    names = set(pdf.named_destinations)
    for page in pdf.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") != "/Link":
                continue
            action = a.get("/A")
            if action is not None and action.get("/S") == "/URI":
                external.add(str(action["/URI"]))
            elif a.get("/Dest") is not None or (action is not None and action.get("/S") == "/GoTo"):
                dest = a.get("/Dest") if a.get("/Dest") is not None else action["/D"]
                if isinstance(dest, str):
                    assert dest in names, dest
                internal += 1
    assert internal >= 20  # TOC entries and links between pages
    support = guide.context.support_web
    assert str(support.url) in external
    assert any(u.startswith("mailto:") for u in external)


def _leaves(x, path=()):
    if isinstance(x, dict):
        for k, v in x.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(x, list):
        for i, v in enumerate(x):
            yield from _leaves(v, path + (i,))
    else:
        yield path, x


# Texts in rules/ that are the site's own labels for the calculator, not facts
# of the guide, and so are not in the guide's pages.
NOT_IN_THE_GUIDE = {
    ("changes", "groups"),    # the calculator's grouping of the change items
}


def test_every_fact_of_the_rules_is_in_the_pdf(pages_text, guide):
    text = _norm("".join(pages_text))
    missing, checked = [], 0
    shown_contacts = {c.name for c in guide.context.desks} | {guide.context.changes.submit_to.name}
    for name, data in guide.rules.data().items():
        for path, value in _leaves(data):
            if (name, path[0]) in NOT_IN_THE_GUIDE or not isinstance(value, str):
                continue
            if re.fullmatch(r"[a-z0-9_.\-]+", value):  # ids, kinds, ISO dates (checked below)
                continue
            if name == "contacts" and path[-1] == "name" and value not in shown_contacts:
                continue  # a sender's label: its address is the fact, checked as a leaf
            checked += 1
            for part in re.split(r"\{[a-z_]+\}", value):  # placeholders are filled on the page
                if _norm(part) and _norm(part) not in text:
                    missing.append(f"rules/{name}.yaml {'.'.join(map(str, path))}: {value[:60]}")
                    break
    # Numbers and dates as the pages write them.
    ctx = guide.context
    for item in ctx.changes.items:
        checked += 1
        if _norm(f"{item.no}{item.title}") not in text or _norm(item.lead_time_text) not in text:
            missing.append(f"change item No.{item.no}: {item.title} {item.lead_time_text}")
    for r in ctx.guide.revisions:
        checked += 1
        if _norm(r.revision.edition + r.date_text) not in text:
            missing.append(f"revision {r.revision.edition} {r.date_text}")
    assert checked > 300
    assert not missing, f"{len(missing)} of {checked} facts are not in the PDF:\n" + "\n".join(missing)


def test_unchanged_content_is_not_rendered_again(tmp_path):
    doc = "<!doctype html><html lang='ja'><body><p>営業日</p></body></html>"
    out, cache = tmp_path / "out" / "a.pdf", tmp_path / "cache"
    assert write_pdf(doc, out, cache) is True
    first = out.read_bytes()
    out.unlink()
    assert write_pdf(doc, out, cache) is False  # copied from the cache
    assert out.read_bytes() == first
    assert write_pdf(doc.replace("営業日", "起算日"), out, cache) is True


def test_home_page_links_the_pdf(built_site, site_server):
    import urllib.request

    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert f'href="{PDF_DIR}/{PDF_NAME}"' in home
    with urllib.request.urlopen(site_server.base_url + f"{PDF_DIR}/{PDF_NAME}") as r:
        assert r.headers["Content-Type"] == "application/pdf"
        assert r.read(5) == b"%PDF-"


# -- the cover, tagging, chapters and the way back to the web edition ---------

ORIGINAL_CHAPTERS = ["1. 新規契約手続き", "2. お申し込み内容変更手続き", "3. 解約申し込み手続き",
                     "4. サービスお問い合わせおよび保守・運用"]


@pytest.fixture(scope="module")
def site_url() -> str:
    import os

    from guidebuild.publish.address import site_address

    return site_address(os.environ, ROOT).url  # the build ran with this environment


def test_the_cover_title_keeps_its_phrases_whole(pages_text, guide):
    title = guide.context.guide.title
    phrases = re.findall(r"[（(][^）)]*[）)]|[^\s（(]+", title)
    assert "（入稿ポータル）" in phrases
    lines = [_norm(line) for line in pages_text[0].splitlines()]
    for phrase in phrases:
        assert any(_norm(phrase) in line for line in lines), (phrase, lines)


def test_the_pdf_is_tagged_with_its_language_and_title(pdf, guide):
    g = guide.context.guide
    root = pdf.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).lower().startswith("ja")
    assert pdf.metadata.title == f"{g.title} {g.edition}"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfuaid:part(=\"|>)1", xmp), xmp  # declares PDF/UA-1


def _struct_alts(node, found):
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for kid in node:
            _struct_alts(kid, found)
    elif isinstance(node, dict):
        if "/Alt" in node:
            found.append(str(node["/Alt"]))
        if "/K" in node:
            _struct_alts(node["/K"], found)
    return found


def _outline(items):
    """pypdf's outline as (title, children) pairs."""
    out, last = [], None
    for item in items:
        if isinstance(item, list):
            last[1].extend(_outline(item))
        else:
            last = (item.title, [])
            out.append(last)
    return out


def test_the_chapters_head_the_contents_and_the_bookmarks(pdf, pages_text):
    toc = _norm(pages_text[1])
    for chapter in ORIGINAL_CHAPTERS:
        assert _norm(chapter) in toc, chapter
    outline = _outline(pdf.outline)
    top = [title for title, _ in outline]
    assert [t for t in top if t in ORIGINAL_CHAPTERS] == ORIGINAL_CHAPTERS, top
    children = dict(outline)
    assert [title for title, _ in children["2. お申し込み内容変更手続き"]] == ["2.1 変更内容一覧", "2.2 変更手続きフロー"]
    assert len(children["1. 新規契約手続き"]) == 6 and len(children["4. サービスお問い合わせおよび保守・運用"]) == 4
    assert "はじめに" in top and "改版履歴" in top


def test_the_pdf_gives_the_web_address_of_the_calculator_and_of_each_page(pdf, pages_text, built_site, site_url):
    calculator = site_url + "calculator/"
    assert _norm(calculator) in _norm(pages_text[0])  # on the cover
    text = _norm("".join(pages_text))
    pages = sorted("" if p.parent == built_site else p.parent.relative_to(built_site).as_posix() + "/"
                   for p in built_site.rglob("index.html"))
    pages = [p for p in pages if not p.startswith(("assets/", "search/", "calculator/"))]
    assert len(pages) >= 17
    for page in pages:
        assert _norm("Web版：" + site_url + page) in text, page
    uris = {str(a.get_object()["/A"]["/URI"]) for page in pdf.pages for a in page.get("/Annots") or []
            if "/A" in a.get_object() and a.get_object()["/A"].get("/S") == "/URI"}
    # The guide's calculator buttons lead to the web calculator, at its form.
    assert {calculator, calculator + "#change", calculator + "#cancel"} <= uris, sorted(uris)
    # The QR code of the calculator's address, described for screen readers.
    alts = _struct_alts(pdf.trailer["/Root"]["/StructTreeRoot"], [])
    assert "日付計算ツールのアドレスのQRコード" in alts, alts
