"""The steps that rewrite built HTML read it with a parser
(guidebuild/publish/markup.py): attributes in any order, quoted either way
or bare, names in any case, nothing from comments or script text; and what
they do not change stays byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidebuild.calculator.assets import CalculatorPageError, add_script, fill_page
from guidebuild.publish import csp, markup, pdf
from guidebuild.publish.address import SiteAddress


# -- the scanner ---------------------------------------------------------------

def test_tags_carry_their_exact_offsets():
    source = 'a\n<p  class=x\n data-y="1>2">t</p><!-- <b> --><br/><script>if (a<b) "</p>"</script>'
    tags = markup.scan(source)
    assert [(t.name, t.closing) for t in tags] == [("p", False), ("p", True), ("br", False),
                                                  ("script", False), ("script", True)]
    assert [source[t.start:t.end] for t in tags] == ['<p  class=x\n data-y="1>2">', "</p>", "<br/>",
                                                     "<script>", "</script>"]
    assert tags[0].get("data-y") == "1>2" and tags[0].classes == {"x"}


def test_an_element_ends_at_its_own_end_tag():
    source = "<div a><div>x</div><p>y</p></div><div>z</div>"
    first = next(markup.elements(source))
    assert source[first.start:first.end] == "<div a><div>x</div><p>y</p></div>"
    assert source[first.inner_start:first.inner_end] == "<div>x</div><p>y</p>"


# -- CSP -------------------------------------------------------------------------

def test_inline_scripts_are_found_however_they_are_written():
    page = ("<html><head><!-- <script>commented()</script> -->"
            "<SCRIPT>upper()</SCRIPT>"
            "<script type='module' data-x='a>b'>single()</script>"
            "<script src=x.js></script>"
            '<script type="application/json">{"a": 1}</script>'
            "<script>if (a < b) { '</div>' }</script></head></html>")
    assert csp.inline_script_hashes(page) == [csp.csp_hash("upper()"), csp.csp_hash("single()"),
                                              csp.csp_hash("if (a < b) { '</div>' }")]


def test_the_policy_meta_is_read_in_any_attribute_order_and_inserted_first():
    page = '<html><head lang="ja"><meta content="default-src &#39;self&#39;" http-equiv="content-security-policy"></head>'
    assert csp.meta_policy(page) == "default-src 'self'"
    bare = "<!doctype html><html><HEAD data-x='>'><title>t</title></HEAD><body><p>x</p></body></html>"
    out = csp.insert_policy(bare, "default-src 'self'")
    meta = csp.meta_tag("default-src 'self'")
    assert out == bare.replace("<HEAD data-x='>'>", "<HEAD data-x='>'>" + meta)


# -- the calculator page -------------------------------------------------------------

class _Assets:
    def attributes(self, page_url):
        return {"data-runtime-url": "../assets/pyodide/1/", "data-bundle-url": "../assets/calc/h/rules.json"}


@pytest.mark.parametrize("marker", ["data-kmc-calc", 'data-kmc-calc=""', "data-kmc-calc='data-kmc-calc'",
                                    "DATA-KMC-CALC", 'data-kmc-calc="data-kmc-calc"'])
def test_the_calculator_marker_is_found_however_it_is_written(marker):
    page = f'<!-- <div data-kmc-calc> --><p>前</p><div class="kmc-calc" {marker} id="c"><form></form></div><p>後</p>'
    out = fill_page(page, _Assets())
    assert out.startswith('<!-- <div data-kmc-calc> --><p>前</p><div ')
    [div] = [t for t in markup.scan(out) if t.has("data-kmc-calc")]
    assert div.get("data-bundle-url") == "../assets/calc/h/rules.json"
    assert div.get("class") == "kmc-calc" and div.get("id") == "c"
    assert out.endswith('<form></form></div><p>後</p>')


def test_two_markers_or_none_are_refused():
    with pytest.raises(CalculatorPageError, match="exactly one element with the data-kmc-calc attribute"):
        fill_page("<div data-kmc-calc></div><p data-kmc-calc></p>", _Assets())
    with pytest.raises(CalculatorPageError, match="found 0"):
        fill_page("<div data-kmc-calcs></div>", _Assets())


def test_the_script_goes_after_the_real_end_of_the_article():
    page = ("<article><script>document.write('</article>')</script><!-- </article> --><p>x</p></ARTICLE >"
            "<footer></footer>")
    out = add_script(page, "calculator/")
    assert out == page.replace("</ARTICLE >", '</ARTICLE >\n<script type="module" '
                               'src="../assets/javascripts/calculator/calculator.mjs"></script>')


# -- the PDF ---------------------------------------------------------------------------

def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    for url, article in pages.items():
        (tmp_path / url).mkdir(parents=True, exist_ok=True)
        (tmp_path / url / "index.html").write_text(
            f'<html><head></head><body><nav><a href="x">nav</a></nav><article class="md-content__inner">{article}'
            "</article></body></html>", encoding="utf-8")
    return tmp_path


def test_the_pdf_leaves_out_what_is_marked_and_rewrites_links_in_any_attribute_order(tmp_path):
    site = _site(tmp_path, {
        "a/": ('<h1 id="top">A<a class="headerlink" href="#top">¶</a></h1>'
               "<details class=note><summary>kept</summary>注記</details>"
               '<details data-pdf="omit" class="example"><summary>省略する例</summary>例</details>'
               '<div data-pdf=omit><p>画面のみ</p></div><p hidden>別表記</p>'
               "<p><a title=t href='../b/#x'>B へ</a> <a href=\"../calculator/#change\" class=md-button>計算</a>"
               ' <a href="https://example.jp/">https://example.jp/</a></p>'),
        "b/": '<h1>B</h1><h2 id=x>X</h2>',
        "calculator/": "<h1>計算</h1><form></form>",
    })
    pages = [pdf.Page("a/", "A", "1 章"), pdf.Page("b/", "B", "1 章"), pdf.Page("calculator/", "計算")]
    edition = pdf.Edition("題名（副題）", "1.0版", "2026年1月1日")
    address = SiteAddress("https://guide.example.jp/kmc/", "test")
    doc = pdf.guide_html(site, pages, edition, "", address)
    assert "kept" in doc and "注記" in doc
    for left_out in ("省略する例", "画面のみ", "別表記", "¶", "<form"):
        assert left_out not in doc, left_out
    tags = {t.get("id"): t for t in markup.scan(doc) if t.has("id")}
    assert {"p0-top", "p1-x", "c0", "p0", "p1"} <= set(tags)
    links = [t for t in markup.scan(doc) if t.name == "a" and t.has("href")]
    hrefs = [t.get("href") for t in links]
    assert "#p1-x" in hrefs
    assert "https://guide.example.jp/kmc/calculator/#change" in hrefs
    assert next(t for t in links if t.get("href") == "#p1-x").get("title") == "t"
    # Chapter in the contents and as its own page; each page headed by its web address.
    assert '<a href="#c0">1. 章</a>' in doc and '<section class="pdf-chapter" id="c0"><h1>1. 章</h1>' in doc
    assert 'Web版：<a class="kmc-url" href="https://guide.example.jp/kmc/a/">' in doc
    assert '<span class="pdf-phrase">題名</span><span class="pdf-phrase">（副題）</span>' in doc


def test_links_that_are_their_own_address_are_marked_in_any_attribute_order():
    page = ('<p><a title="x" href="https://a.jp/">https://a.jp/</a> <a href="mailto:k@a.jp">k@a.jp</a> '
            '<a href="https://a.jp/">サイト</a> <a class="y" href=\'https://b.jp/\'>https://b.jp/</a></p>')
    out = pdf.mark_url_links(page)
    marked = [t.get("href") for t in markup.scan(out) if "kmc-url" in t.classes]
    assert marked == ["https://a.jp/", "mailto:k@a.jp", "https://b.jp/"]
    assert markup.splice(out, []) == out and "サイト</a>" in out


def test_the_pdf_link_is_hidden_when_the_build_makes_no_pdf():
    page = '<p><a href="downloads/kmc-guide.pdf" download data-needs-pdf>PDF</a> <a href="x/">x</a></p>'
    out = pdf.hide_pdf_links(page)
    assert out == page.replace("<a href=\"downloads/kmc-guide.pdf\" download data-needs-pdf>",
                               '<a href="downloads/kmc-guide.pdf" download data-needs-pdf hidden>')
    assert pdf.hide_pdf_links(out) == out
