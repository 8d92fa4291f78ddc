"""What a reader in a hurry sees in the calculator's results, in both colour
schemes: a date or an address is never cut across two lines, and the marks
that carry meaning (the completion window's frame, a refused field's border)
stand out from what surrounds them (WCAG 1.4.11, 3:1)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from calculators.wording import VERSION_LABEL, version_text
from guidebuild.rules import load_rules
from testdates import this_year, next_year

BOOT_MS = 45_000
PHONE = {"width": 390, "height": 844}
# A change with a range, a cancellation and a deadline on a closed day, all
# from one shared address (every result on screen).
URL = (f"calculator/?accepted={this_year('12-07')}&items=1,9,12&applied={this_year('12-15')}"
       f"&last_usage_month={next_year('02')}#change-result")
KINDS = ("change", "cancel", "deadline")


def open_results(open_page, scheme):
    p = open_page(viewport=PHONE, color_scheme=scheme)
    p.goto(URL)
    for kind in KINDS:
        p.wait_for_function(f"() => document.querySelector('form[data-calculator=\"{kind}\"]').dataset.computedFor",
                            timeout=BOOT_MS)
    return p


# Each piece whose box is cut into more than one line box.
SPLIT = """() => [...document.querySelectorAll('.kmc-result time:not([hidden]), .kmc-result a[href^="mailto:"]')]
  .filter((el) => new Set([...el.getClientRects()].map((r) => Math.round(r.top))).size > 1)
  .map((el) => el.textContent)"""


def test_dates_and_addresses_are_never_split_on_a_phone(open_page):
    p = open_results(open_page, "light")
    try:
        assert p.evaluate("document.querySelectorAll('.kmc-result time').length") > 10
        assert p.evaluate(SPLIT) == []
        # Nothing is pushed out sideways instead.
        assert p.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        p.rec.assert_clean()
    finally:
        p.release()


# Where each line of the 「ご提出」 block starts, and whether the address's
# closing bracket shares a line with the particle after it.
SUBMIT = """(kind) => {
  const next = document.querySelector(`form[data-calculator="${kind}"] .kmc-next`);
  const starts = (el) => {
    const r = document.createRange();
    r.selectNodeContents(el);
    return Math.round(r.getClientRects()[0].left);
  };
  const link = next.querySelector('[data-result="send"] a[href^="mailto:"]');
  const tail = link.nextSibling;
  // An item's line starts with its mark, drawn at the item's own left edge.
  return {documents: [...next.querySelectorAll('[data-result="documents"] > li')]
            .map((li) => Math.round(li.getBoundingClientRect().left)),
          send: starts(next.querySelector('[data-result="send"]')),
          glued: tail.nodeType === 1 && getComputedStyle(tail).whiteSpace === 'nowrap' && tail.textContent.startsWith('\uff09')};
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_documents_and_where_to_send_them_start_at_one_edge(open_page, width):
    """The 「ご提出」 block's lines all start at one edge: the documents
    (each after a hanging 「・」) and the address to send them to; the
    address's closing bracket keeps its particle 「へ」 on its line."""
    p = open_page(viewport={"width": width, "height": 900})
    try:
        p.goto(URL)
        for kind in ("change", "cancel"):
            p.wait_for_function(f"() => document.querySelector('form[data-calculator=\"{kind}\"]').dataset.computedFor",
                                timeout=BOOT_MS)
            laid = p.evaluate(SUBMIT, kind)
            assert laid["documents"] and all(abs(x - laid["send"]) <= 1 for x in laid["documents"]), (kind, laid)
            assert laid["glued"], (kind, laid)
        p.rec.assert_clean()
    finally:
        p.release()



CONTRAST = """([a, b]) => {
  const rgb = (s) => s.match(/[0-9.]+/g).slice(0, 3).map(Number);
  const lum = (c) => { const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((m, n) => n - m);
  return (x + 0.05) / (y + 0.05);
}"""

# The frame's colour (the box-shadow's) and the cell's background, for every framed cell.
FRAMES = """() => [...document.querySelectorAll('.kmc-cal td.kmc-window')].map((td) => {
  const cs = getComputedStyle(td);
  return [cs.boxShadow.match(/rgba?\\([^)]*\\)/)[0], cs.backgroundColor];
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_window_frame_and_a_refused_field_stand_out(open_page, scheme):
    p = open_results(open_page, scheme)
    try:
        frames = p.evaluate(FRAMES)
        assert frames
        for frame, cell in set(map(tuple, frames)):
            ratio = p.evaluate(CONTRAST, [frame, cell])
            assert ratio >= 3, (scheme, frame, cell, round(ratio, 2))
        field = p.locator('input[name="applied"]')
        field.fill(this_year("02-30"))
        field.press("Tab")
        p.wait_for_selector('input[name="applied"][aria-invalid="true"]')
        border, page = p.evaluate("""() => [getComputedStyle(document.querySelector('input[name="applied"]')).borderTopColor,
          getComputedStyle(document.body).backgroundColor]""")
        ratio = p.evaluate(CONTRAST, [border, page])
        assert ratio >= 3, (scheme, border, page, round(ratio, 2))
        p.rec.assert_clean()
    finally:
        p.release()


# Characters Japanese typesetting never puts at the start of a line.
NO_LINE_START = "ー、。，．）」』】〕・：；？！ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
# Every character that starts a new line inside one text node, with its text.
LINE_STARTS = """(sel) => {
  const out = [];
  for (const root of document.querySelectorAll(sel)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.parentElement.checkVisibility()) continue;
      const range = document.createRange();
      let top = null;
      for (let i = 0; i < n.length; i++) {
        range.setStart(n, i); range.setEnd(n, i + 1);
        const r = range.getClientRects()[0];
        if (!r) continue;
        if (top !== null && r.top > top + r.height / 2) out.push([n.data[i], n.data]);
        top = r.top;
      }
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_no_line_starts_with_a_mark_japanese_never_starts_one(open_page, width):
    """The calculator page as a whole, with its navigation and results (on a
    phone the navigation is in the drawer, checked open)."""
    p = open_results(open_page, "light") if width == 390 else open_page(viewport={"width": 1280, "height": 900})
    try:
        if width == 1280:
            p.goto(URL)
            p.wait_for_function("() => document.querySelector('form[data-calculator=\"change\"]').dataset.computedFor",
                                timeout=BOOT_MS)
        else:
            p.locator(".md-header label[for=__drawer]").click()
            p.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")
        bad = [(c, text) for c, text in p.evaluate(LINE_STARTS, ".md-sidebar, .md-content")
               if c in NO_LINE_START]
        assert bad == []
    finally:
        p.release()


# For each value of a stacked table's card that takes more than one line:
# where each of its lines starts (its label is drawn before it, ::before).
VALUE_LINES = """() => [...document.querySelectorAll(':is(.kmc-changes, .kmc-schedule) td[data-label]')]
  .filter((td) => td.checkVisibility())
  .map((td) => {
    const range = document.createRange();
    range.selectNodeContents(td);
    const lines = new Map();
    for (const r of range.getClientRects()) {
      const top = Math.round(r.top);
      if (r.width && !lines.has(top)) lines.set(top, Math.round(r.left));
    }
    return [td.textContent, [...lines.values()]];
  })
  .filter(([, lefts]) => lefts.length > 1)"""


def test_a_long_value_in_a_card_wraps_under_itself(open_page):
    """On a phone the rules' tables are cards of label and value; a value
    that wraps (「アカウントパラメータ変更申込書 送信元表示番号」) continues
    under its own first line, not under the label."""
    p = open_page(viewport=PHONE)
    try:
        p.goto("calculator/#rules")
        wrapped = p.evaluate(VALUE_LINES)
        assert wrapped, "a value that wraps on a phone"
        for text, lefts in wrapped:
            assert max(lefts) - min(lefts) <= 1, (text, lefts)
    finally:
        p.release()


# Each block of text matching ``sel`` whose last line holds ``most``
# characters or fewer (「…最後の営業 / 日）」, 「…計算しまし / た。」), not
# counting a side note after it (「…オプショ / ン（12～22営業日）」).
SHORT_LAST = """([sel, most]) => [...document.querySelectorAll(sel)]
  .filter((el) => el.checkVisibility() && !el.querySelector('ul, ol, dl, table, p'))
  .map((el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const chars = [];
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      // A side note after the text (an item's lead time) is not the text's line.
      if (!n.parentElement.checkVisibility() || n.parentElement.closest('.kmc-sub')) continue;
      for (let i = 0; i < n.length; i++) {
        range.setStart(n, i); range.setEnd(n, i + 1);
        const r = range.getClientRects()[0];
        if (r && n.data[i].trim()) chars.push(Math.round(r.top));
      }
    }
    const tops = [...new Set(chars)];
    const last = chars.filter((t) => t === tops[tops.length - 1]).length;
    return [el.textContent.trim(), tops.length, last];
  })
  .filter(([, lines, last]) => lines > 1 && last <= most)"""


def test_no_result_line_ends_with_a_lone_character(open_page):
    p = open_results(open_page, "light")
    try:
        assert p.evaluate(SHORT_LAST, [".kmc-result :is(dd, li, p)", 2]) == []
    finally:
        p.release()


# Every text of the calculator page a reader reads (the screen-reader-only
# live summaries aside): the status box (each of its messages: the hidden
# ones keep its height), the hints, a refusal, the
# results of all four forms (one counted from a 送付日, one on a closed day)
# and the rules below them.
PAGE_TEXTS = "article :is(dd, li, p):not(.kmc-sr)"
# The items to tick: a name wrapped before its lead time (「…オプショ / ン」).
TICK_LABELS = ".kmc-check > span"
# A Saturday: the 送付日 is moved to the next business day, and says so.
SATURDAY = next(d for d in (dt.date.fromisoformat(this_year("12-01")) + dt.timedelta(days=n) for n in range(7))
                if d.weekday() == 5).isoformat()
ALL_FOUR = (f"calculator/?accepted={SATURDAY}&sent={SATURDAY}&items=1,9,12"
            f"&applied={this_year('12-15')}&last_usage_month={next_year('02')}"
            f"&contract_applied={this_year('12-29')}#change-result")


def open_all_four(p) -> None:
    """ALL_FOUR, once each form shows its result."""
    p.goto(ALL_FOUR)
    for kind in (*KINDS, "option"):
        p.wait_for_function(f"() => document.querySelector('form[data-calculator=\"{kind}\"]').dataset.computedFor",
                            timeout=BOOT_MS)


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_status_hint_or_result_leaves_a_word_end_alone(open_page, scheme, width):
    """No last line holds only a word's tail: up to three characters
    (「た。」, 「さい。」, 「ます）」); no item's name leaves its last character
    alone before its lead time."""
    p = open_page(viewport={"width": width, "height": 844}, color_scheme=scheme)
    try:
        open_all_four(p)
        field = p.locator('input[name="last_usage_month"]')
        field.fill(f"{next_year('13')}")
        field.press("Tab")
        p.wait_for_selector('input[name="last_usage_month"][aria-invalid="true"]')
        p.wait_for_function("() => document.fonts.status === 'loaded'")
        assert p.evaluate("(sel) => document.querySelectorAll(sel).length", PAGE_TEXTS) > 60
        assert p.evaluate(SHORT_LAST, [PAGE_TEXTS, 3]) == []
        assert p.evaluate(SHORT_LAST, [TICK_LABELS, 1]) == []
        p.rec.assert_clean()
    finally:
        p.release()


# Text outside a <time> that writes a day or a month (「2026年12月 / 7日」 could
# then be cut across two lines), in a result's facts, assumptions and warning.
UNTIMED = """() => [...document.querySelectorAll('.kmc-result :is(.kmc-facts dd, .kmc-assumptions li, .kmc-warning)')]
  .flatMap((el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const out = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.parentElement.closest('time') && /[0-9]{4}年[0-9]{1,2}月/.test(n.data)) out.push(n.data);
    }
    return out;
  })"""


def test_every_date_in_a_results_sentences_is_kept_in_one_piece(open_page):
    p = open_page(viewport=PHONE)
    try:
        open_all_four(p)
        # The 送付日 on a closed day is said in the assumptions, with its dates.
        assert p.locator(".kmc-assumptions li time").count() >= 2
        assert p.evaluate(UNTIMED) == []
        assert p.evaluate(SPLIT) == []
        p.rec.assert_clean()
    finally:
        p.release()


# [how many matches of ``pattern`` the visible text under ``sel`` holds, the
# matches whose characters sit on more than one line] (「当社(kmc- /
# support@…」, 「KDDI / Message Cast」, 「1.8 / 版-c…」).
MATCHES_SPLIT = """([sel, pattern]) => {
  let seen = 0;
  const out = [];
  for (const root of document.querySelectorAll(sel)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.parentElement.checkVisibility()) continue;
      for (const m of n.data.matchAll(new RegExp(pattern, 'g'))) {
        seen++;
        const range = document.createRange();
        range.setStart(n, m.index); range.setEnd(n, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width).map((r) => Math.round(r.top)));
        if (tops.size > 1) out.push(m[0]);
      }
    }
  }
  return [seen, out];
}"""
ADDRESS = r"[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+"
LATIN_NAME = r"[A-Za-z][A-Za-z0-9]*(?: [A-Za-z][A-Za-z0-9]*)+"


def test_addresses_in_the_pages_rules_are_never_split_on_a_phone(open_page):
    """The rules below the calculator quote the seed's note with the desk's
    address in its text."""
    p = open_page(viewport=PHONE)
    try:
        p.goto("calculator/#rules")
        p.wait_for_function("() => document.fonts.status === 'loaded'")
        assert p.evaluate("() => document.querySelector('article').innerText.includes('@')")
        assert p.evaluate(MATCHES_SPLIT, ["article", ADDRESS])[1] == []
    finally:
        p.release()


# Each cell of the page's tables whose lines break inside a word, as the
# browser's own Japanese word segmentation (Intl.Segmenter) finds words:
# 「サービス・障害な / どの連絡用情報」. [cell text, the word cut].
CUT_WORDS = """(sel) => [...document.querySelectorAll(sel)]
  .filter((el) => el.checkVisibility())
  .flatMap((el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let text = '';
    const tops = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (let i = 0; i < n.length; i++) {
        range.setStart(n, i); range.setEnd(n, i + 1);
        const r = range.getClientRects()[0];
        tops.push(r && n.data[i].trim() ? Math.round(r.top) : null);
      }
      text += n.data;
    }
    const cuts = [];
    const words = new Intl.Segmenter('ja', {granularity: 'word'}).segment(text);
    for (const w of words) {
      if (!w.isWordLike) continue;
      const lines = new Set(tops.slice(w.index, w.index + w.segment.length).filter((t) => t !== null));
      if (lines.size > 1) cuts.push([text.trim(), w.segment]);
    }
    return cuts;
  })"""


@pytest.mark.parametrize("width", [390, 1280])
def test_no_table_cell_breaks_inside_a_word(open_page, width):
    """The rules' tables below the forms: a cell wraps between words."""
    p = open_page(viewport={"width": width, "height": 844})
    try:
        p.goto("calculator/")
        p.wait_for_function("() => document.fonts.status === 'loaded'")
        assert p.evaluate("(sel) => document.querySelectorAll(sel).length", "article :is(td, th)") > 20
        assert p.evaluate(CUT_WORDS, "article :is(td, th)") == []
        p.rec.assert_clean()
    finally:
        p.release()


@pytest.mark.parametrize("width", [1024, 1280, 1600])
def test_the_rules_table_fits_its_column_on_a_desktop(open_page, width):
    """No sideways scrolling to reach 設定変更料, and its mark is explained."""
    p = open_page(viewport={"width": width, "height": 800})
    try:
        p.goto("calculator/")
        p.wait_for_function("() => document.fonts.status === 'loaded'")
        over = p.evaluate("""() => [...document.querySelectorAll('article .md-typeset__scrollwrap')]
          .filter((w) => w.querySelector('table') && w.scrollWidth > w.clientWidth)
          .map((w) => [w.querySelector('thead').textContent, w.scrollWidth, w.clientWidth])""")
        assert over == []
        fee_items = "・".join(f"No.{i.no}" for i in load_rules().models["changes"].items if i.setting_fee)
        assert f"設定変更料がかかる（○）のは{fee_items}のみです。" in p.locator("article").inner_text()
        p.rec.assert_clean()
    finally:
        p.release()


def test_the_rules_have_one_name_on_the_page(open_page):
    """「計算に使う規則」 in the heading, the status and every result's note,
    never 「ルール」 beside it."""
    p = open_results(open_page, "light")
    try:
        text = p.locator("article").inner_text()
        assert f"{VERSION_LABEL}：" in text and f"{VERSION_LABEL}：" in p.locator(".kmc-result").first.inner_text()
        assert "ルール" not in text
        p.rec.assert_clean()
    finally:
        p.release()


def test_the_side_menus_break_between_words_on_a_desktop(open_page):
    """「契約手続きフ / ロー」, 「ご提供範 / 囲」 in the narrow side menus, and
    the option's long name in the page's own contents on the right
    (「SoftBank送信元表示番号オプ / ション」)."""
    p = open_page(viewport={"width": 1280, "height": 800})
    try:
        p.goto("calculator/")
        p.wait_for_function("() => document.fonts.status === 'loaded'")
        assert p.evaluate("(sel) => document.querySelectorAll(sel).length", ".md-sidebar .md-nav__link") > 20
        option = load_rules().models["contract"].softbank_option.name
        assert option in p.locator(".md-sidebar--secondary").inner_text()
        cuts = p.evaluate(CUT_WORDS, ".md-sidebar .md-nav__link")
        assert not cuts, cuts
        p.rec.assert_clean()
    finally:
        p.release()


def test_the_menu_drawer_breaks_between_words_on_a_phone(open_page):
    """The drawer on a phone: 「お申し込み内容変更手続 / き」, and no line
    holding a section's number alone (「2」)."""
    p = open_page(viewport=PHONE)
    try:
        p.goto("calculator/")
        p.locator(".md-header label[for=__drawer]").click()
        p.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")
        p.wait_for_function("() => document.fonts.status === 'loaded'")
        assert p.evaluate("(sel) => document.querySelectorAll(sel).length", ".md-sidebar .md-nav__link") > 20
        cuts = p.evaluate(CUT_WORDS, ".md-sidebar .md-nav__link")
        assert not cuts, cuts
        alone = p.evaluate(SHORT_LAST, [".md-sidebar .md-nav__link", 1])
        assert not alone, alone
        p.rec.assert_clean()
    finally:
        p.release()


@pytest.mark.parametrize("width", [390, 1280])
def test_no_heading_breaks_inside_a_word(open_page, width):
    """「SoftBank送信元表示番号オプ / ション」 on a phone."""
    p = open_page(viewport={"width": width, "height": 844})
    try:
        p.goto("calculator/")
        p.wait_for_function("() => document.fonts.status === 'loaded'")
        assert p.evaluate(CUT_WORDS, "article :is(h1, h2, h3)") == []
        p.rec.assert_clean()
    finally:
        p.release()


# An item applied from the next month (翌月適用).
NEXT_MONTH = next(i.no for i in load_rules().models["changes"].items if i.lead_time.kind == "next_month")


def _tenth_on_a_weekend() -> str:
    """The first 10th from this December on that falls on a Saturday or a
    Sunday: a cancellation applied for then is received after the cut-off."""
    year, month = int(this_year("12-01")[:4]), 12
    while dt.date(year, month, 10).weekday() < 5:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dt.date(year, month, 10).isoformat()


@pytest.mark.parametrize("width", [390, 600, 1280])
def test_no_result_cuts_a_name_or_leaves_a_word_alone_in_a_cell(open_page, width):
    """「KDDI / Message Cast」 in the warning of a cancellation applied for on
    a closed day; 「2027年1月1日(金)から / 適用」 in an item's cell."""
    p = open_page(viewport={"width": width, "height": 844})
    try:
        p.goto(ALL_FOUR.replace(f"&applied={this_year('12-15')}", f"&applied={_tenth_on_a_weekend()}")
               .replace("items=1,9,12", f"items=1,{NEXT_MONTH},9,12"))
        for kind in (*KINDS, "option"):
            p.wait_for_function(f"() => document.querySelector('form[data-calculator=\"{kind}\"]').dataset.computedFor",
                                timeout=BOOT_MS)
        p.wait_for_function("() => document.fonts.status === 'loaded'")
        assert "KDDI Message Cast" in p.locator(".kmc-result .kmc-warning").first.inner_text()
        assert "から適用" in p.locator(".kmc-result table").first.inner_text()
        split = p.evaluate(MATCHES_SPLIT, [".kmc-result", LATIN_NAME])[1]
        alone = p.evaluate(SHORT_LAST, [".kmc-result td", 2])
        assert not split and not alone, (split, alone)
        p.rec.assert_clean()
    finally:
        p.release()


def test_the_rules_version_is_never_split_on_a_phone(open_page):
    """「原本1.8 / 版に準拠（識別番号 c1234ea7d317）」 in the status, the rules'
    list and each result's note: a version is read and compared as one thing."""
    p = open_results(open_page, "light")
    try:
        p.wait_for_function("() => document.fonts.status === 'loaded'")
        version = version_text(p.locator("[data-kmc-calc]").get_attribute("data-rules-version"))
        lines = p.evaluate("""(version) => [...document.querySelectorAll('article .kmc-unit')]
          .filter((e) => e.checkVisibility() && e.textContent === version)
          .map((e) => {
            const range = document.createRange();
            range.selectNodeContents(e);
            return new Set([...range.getClientRects()].filter((r) => r.width).map((r) => Math.round(r.top))).size;
          })""", version)
        assert len(lines) >= 4
        assert set(lines) == {1}, lines
        p.rec.assert_clean()
    finally:
        p.release()


# Where a line starts right after a typed example in digits (「20261207」,
# 「202703」): the particle or word that follows it, with the example.
AFTER_DIGITS = """() => {
  const out = [];
  for (const hint of document.querySelectorAll('.kmc-hint')) {
    const walker = document.createTreeWalker(hint, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const range = document.createRange();
      for (const m of n.data.matchAll(/([0-9]{4,8})(\\s*)(\\S)/g)) {
        const end = m.index + m[1].length + m[2].length;
        range.setStart(n, end - m[2].length - 1); range.setEnd(n, end - m[2].length);
        const digit = range.getClientRects()[0];
        range.setStart(n, end); range.setEnd(n, end + 1);
        const next = range.getClientRects()[0];
        if (digit && next && next.top > digit.top + digit.height / 2) out.push(`${m[1]}／${m[3]}`);
      }
    }
  }
  return out;
}"""


def test_a_typed_example_or_a_link_keeps_the_word_after_it_on_its_line(open_page):
    """「20261207 や 1207（12月7日）のように…」: at no phone width does a line
    start with the 「や」 or 「のように」 that belongs to the example before it,
    nor with the 「を」 or 「に」 after a link (「営業日の数え方｜をご覧ください」)."""
    p = open_page(viewport=PHONE)
    try:
        p.goto("calculator/")
        broken = set()
        for width in range(320, 481, 4):
            p.set_viewport_size({"width": width, "height": 844})
            broken |= {f"{width}: {pair}" for pair in p.evaluate(AFTER_DIGITS)}
            broken |= {f"{width}: {pair}" for pair in p.evaluate(AFTER_ELEMENTS, "article a")}
        assert not broken, sorted(broken)
    finally:
        p.release()


# An element (a date in a result, a link) and the character written right
# after it (「…(月)｜の受付受理」, 「営業日の数え方｜をご覧ください」) on two
# lines: a line would start with the particle that belongs to it.
AFTER_ELEMENTS = """(selector) => {
  const out = [];
  const range = document.createRange();
  const rect = (node, i) => { range.setStart(node, i); range.setEnd(node, i + 1); return range.getClientRects()[0]; };
  for (const t of document.querySelectorAll(selector)) {
    if (!t.checkVisibility() || !t.textContent) continue;
    let last = t;
    while (last.lastChild) last = last.lastChild;
    const next = t.nextSibling;
    if (!next || next.nodeType !== Node.TEXT_NODE || !next.data || /^\\s/.test(next.data)) continue;
    const a = rect(last, last.data.length - 1), b = rect(next, 0);
    if (a && b && b.top > a.top + a.height / 2) out.push(`${t.textContent}｜${next.data[0]}`);
  }
  return out;
}"""


def test_a_date_in_a_result_keeps_the_word_after_it_on_its_line(open_page):
    """Every result on screen, at each phone width from 320 to 480 px and on
    a desktop: no line starts with what follows a date (「の」, 「から」, 「）」),
    and nothing is wider than the screen (the rules version in each result)."""
    p = open_page(viewport=PHONE)
    try:
        open_all_four(p)
        broken = set()
        for width in [*range(320, 481, 8), 1280]:
            p.set_viewport_size({"width": width, "height": 844})
            broken |= {f"{width}: {pair}" for pair in p.evaluate(AFTER_ELEMENTS, ".kmc-result time")}
            # (At 1280 the theme's search box is still widening from the phone
            # layout just after the resize, for a quarter of a second.)
            wide = p.evaluate("document.documentElement.scrollWidth")
            if wide > width and width <= 480:
                out = p.evaluate("""(w) => [...document.querySelectorAll('body *')]
                  .filter((e) => e.getBoundingClientRect().right > w + 1).slice(-3)
                  .map((e) => `${e.tagName}.${e.className}: ${e.textContent.trim().slice(0, 30)}`)""", width)
                broken.add(f"{width}: the page is {wide} px wide: {out}")
        assert not broken, sorted(broken)
    finally:
        p.release()


def test_item_cards_fit_a_320_px_phone_and_break_names_between_words(open_page):
    """Every item ticked, on a 320 px phone: 「SoftBank送信元表示番号オプション」
    was one phrase wider than its card, so the cards scrolled sideways; each
    card's number reads 「No.13」, as the form's labels do."""
    p = open_page(viewport={"width": 320, "height": 700})
    try:
        p.goto(f"calculator/?accepted={this_year('12-07')}&items={','.join(map(str, range(1, 14)))}#change-result")
        p.wait_for_function("() => document.querySelector('form[data-calculator=\"change\"]').dataset.computedFor",
                            timeout=BOOT_MS)
        p.wait_for_function("() => document.fonts.status === 'loaded'")
        box = p.locator('form[data-calculator="change"] .kmc-scroll')
        assert box.evaluate("(s) => s.scrollWidth <= s.clientWidth"), box.evaluate("(s) => [s.scrollWidth, s.clientWidth]")
        assert p.evaluate(CUT_WORDS, ".kmc-calc-items th") == []
        numbers = p.evaluate("""() => [...document.querySelectorAll('.kmc-calc-items td:first-child')]
          .map((td) => getComputedStyle(td, '::before').content.replace(/"/g, '') + td.textContent)""")
        assert numbers == [f"No.{n}" for n in range(1, 14)], numbers
        p.rec.assert_clean()
    finally:
        p.release()


def test_a_facts_label_keeps_its_bracketed_aside_whole_on_a_320_px_phone(open_page):
    """「送付日（受付受理日として数えま / す）」, 「お手続き完了の目安（12～22営業 /
    日）」: a label's short aside in brackets moves to the next line whole."""
    p = open_page(viewport={"width": 320, "height": 700})
    try:
        open_all_four(p)
        p.wait_for_function("() => document.fonts.status === 'loaded'")
        asides = p.evaluate("""() => [...document.querySelectorAll('.kmc-result dt .kmc-nowrap')].map((s) => {
            const range = document.createRange();
            range.selectNodeContents(s);
            return [s.textContent, new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
          })""")
        assert any(text.startswith("（") for text, _ in asides), asides
        assert [text for text, lines in asides if lines > 1] == []
        assert p.evaluate(CUT_WORDS, ".kmc-result dt") == []
        p.rec.assert_clean()
    finally:
        p.release()
