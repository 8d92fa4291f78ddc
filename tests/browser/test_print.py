"""Printing pages from Chromium (print.css): A4, content only, the 2.1 page on
at most three sheets, link addresses after the link text, and the calculator
printing only the reader's result."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pypdf

from contrast import text_contrast
from testdates import example_cancel_applied, this_year
from waits import loaded

CONTENT_ONLY_HIDDEN = [".md-header", ".md-sidebar--primary", ".md-footer", ".md-search",
                       ".md-typeset .md-button"]


def _nfkc(s: str) -> str:
    # Chromium's PDFs map some glyphs to look-alike code points (⼀ for 一,
    # 〜 for ～) and cells wrap: compare in NFKC, without spaces, on both sides.
    return "".join(unicodedata.normalize("NFKC", s).replace("〜", "~").split())


def _text(pdf: pypdf.PdfReader) -> str:
    return _nfkc("".join(p.extract_text() for p in pdf.pages))


def _ja(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def _printed(page) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))


def test_change_items_prints_on_at_most_three_a4_pages(page, base_url):
    loaded(page, base_url + "change/items/")
    pdf = _printed(page)
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages}
    assert sizes == {(595, 842)}, sizes  # A4 in points
    assert len(pdf.pages) <= 3, f"2.1 prints on {len(pdf.pages)} A4 pages"
    text = _text(pdf)
    assert _nfkc("アクセス可能グローバルIPアドレス") in text and _nfkc("10～18営業日") in text
    # Content only: no navigation, search box or calculator button on paper.
    assert _nfkc("1.1 ご契約手続きの概要") not in text
    assert _nfkc("受付受理日から完了日を計算する") not in text
    page.rec.assert_clean()


def test_print_shows_content_only_and_link_addresses(page, base_url):
    loaded(page, base_url + "support/contacts/")
    page.emulate_media(media="print")
    for selector in CONTENT_ONLY_HIDDEN:
        loc = page.locator(selector)
        # On the page at all, or the check below passes on nothing.
        assert loc.count() > 0, f"{selector} is not on the page: update CONTENT_ONLY_HIDDEN"
        assert all(not loc.nth(i).is_visible() for i in range(loc.count())), selector
    after = page.evaluate("""() => [...document.querySelectorAll('article a[href^="mailto:"], article a[href^="http"]')]
        .map((a) => [a.className, a.getAttribute('href'), getComputedStyle(a, '::after').content])""")
    assert after
    for cls, href, content in after:
        if "kmc-url" in cls:  # the text is the address already
            assert content in ("none", "normal"), (href, content)
        else:
            assert href in content, (href, content)
    assert any("kmc-url" not in cls for cls, _, _ in after)
    page.rec.assert_clean()


def test_calculator_prints_only_the_readers_result(page, base_url):
    accepted = example_cancel_applied()[0]
    page.goto(base_url + f"calculator/?accepted={accepted}&items=1,9,12", wait_until="load")
    result = page.locator("form[data-calculator='change'] .kmc-result")
    result.locator(".kmc-key time[data-result='latest']").wait_for(state="attached", timeout=90_000)
    page.emulate_media(media="print")
    assert result.is_visible()
    for selector in ("#calc-accepted", "form[data-calculator='change'] fieldset.kmc-items",
                     "#rules", ".kmc-calc-status", ".md-header", ".md-sidebar--primary"):
        assert not page.locator(selector).first.is_visible(), selector
    # Only the reader's form prints: not the ones the calculator computed by
    # itself from today's date, nor the empty one, nor their headings.
    for form in ("cancel", "deadline", "option"):
        assert not page.locator(f"form[data-calculator='{form}']").is_visible(), form
        assert not page.locator(f"#{form}").is_visible(), form
    text = _text(_printed(page))
    assert _nfkc("受付受理日") in text and _nfkc(_ja(accepted)) in text
    assert _nfkc("変更する項目") not in text
    assert _nfkc("解約となる月") not in text
    # The reader now uses the cancellation form too: both results print.
    page.emulate_media(media="screen")
    box = page.locator("#calc-applied")
    applied = this_year("11-09")
    box.fill(applied)
    box.dispatch_event("change")
    page.locator("form[data-calculator='cancel'] .kmc-result").filter(has_text=_ja(applied)).wait_for()
    page.emulate_media(media="print")
    assert page.locator("form[data-calculator='cancel'] .kmc-result").is_visible()
    assert page.locator("#cancel").is_visible() and result.is_visible()
    assert not page.locator("form[data-calculator='option']").is_visible()
    page.rec.assert_clean()


def test_printed_calculator_has_no_day_list_toggle(page, base_url):
    """The folded 「1日ずつの説明」 bar cannot be opened on paper."""
    page.goto(base_url + f"calculator/?accepted={example_cancel_applied()[0]}&items=1,9,12", wait_until="load")
    result = page.locator("form[data-calculator='change'] .kmc-result")
    result.locator(".kmc-key time[data-result='latest']").wait_for(state="attached", timeout=90_000)
    toggle = result.locator("details.kmc-daylist > summary")
    label = toggle.inner_text().strip()
    assert label and toggle.is_visible()
    page.emulate_media(media="print")
    assert not toggle.is_visible()
    assert _nfkc(label) not in _text(_printed(page))
    page.rec.assert_clean()


def test_dark_scheme_prints_dark_text_on_white_without_screen_feedback(open_page):
    """A reader on the dark scheme prints a result: every text at 4.5:1 or
    more on a light background (not the pale text meant for a dark screen),
    and what the buttons said on screen is not printed."""
    p = open_page(color_scheme="dark", permissions=["clipboard-read", "clipboard-write"])
    try:
        p.goto(f"calculator/?accepted={this_year('12-28')}&items=1,3,7", wait_until="load")
        result = p.locator("form[data-calculator='change'] .kmc-result")
        result.locator(".kmc-key time[data-result='latest']").wait_for(state="attached", timeout=90_000)
        assert p.locator("body").get_attribute("data-md-color-scheme") == "slate"
        result.locator("[data-action='link']").click()
        status = result.locator(".kmc-action-status")
        p.wait_for_function("() => document.querySelector(\"form[data-calculator='change'] .kmc-action-status\").textContent.trim()")
        # The pointer may rest on a link when the reader prints.
        result.locator("a[href^='mailto:']").first.hover()
        p.emulate_media(media="print")
        assert not status.is_visible()
        measured = text_contrast(p, ".kmc-result *", own_text=True)
        assert len(measured) > 20, measured
        assert [m for m in measured if m[1] < 4.5 or not m[2]] == []
        p.rec.assert_clean()
    finally:
        p.release()
