"""The generated guide pages in Chromium: clean loads, the mail template's copy
button, and screenshots to look at."""

from __future__ import annotations

import re

from pathlib import Path

import pytest

from guidebuild.guide import build_guide
from testdates import example_cancel_applied
from waits import loaded


@pytest.fixture(scope="module")
def context():
    root = Path(__file__).resolve().parents[2]
    return build_guide(root / "rules", root / "docs").context


def test_home_and_change_items_load_clean(page, base_url, context):
    loaded(page, base_url)
    assert context.guide.notices[0] in page.locator("article").inner_text()
    loaded(page, base_url + "change/items/")
    rows = page.locator(".kmc-changes table tbody tr")
    assert rows.count() == len(context.changes.items)
    assert context.changes.example.example.summary in page.locator("article").inner_text()
    page.rec.assert_clean()


def test_copy_button_copies_the_mail_body(browser, site_server):
    context = browser.new_context(base_url=site_server.base_url, locale="ja-JP",
                                  permissions=["clipboard-read", "clipboard-write"])
    try:
        p = context.new_page()
        errors = []
        p.on("pageerror", lambda e: errors.append(str(e)))
        loaded(p, "support/contacts/")
        mail = p.locator(".kmc-mail").first
        body = mail.locator("pre > code").inner_text()
        button = mail.locator("pre button[data-md-type=copy]")
        assert button.count() == 1, "Material added no copy button to the mail body"
        mail.locator("pre").hover()
        button.click()
        copied = p.evaluate("navigator.clipboard.readText()")
        assert copied.strip() == body.strip()
        assert copied.startswith("KDDI株式会社")
        assert not errors
    finally:
        context.close()


def test_mailto_link_carries_subject_and_body(page, base_url, context):
    loaded(page, base_url + "support/contacts/")
    template = next(t for t in context.templates if t.to_kddi)
    href = page.locator(f"#mail-{template.id} a.md-button").get_attribute("href")
    assert href == template.mailto
    assert re.match(r"mailto:[^?]+\?subject=[^&]+&body=", href)


@pytest.mark.parametrize("path,name,width", [
    ("change/items/", "change-items-mobile", 390),
    ("contract/flow-plus/", "flow-plus-mobile", 390),
    ("support/contacts/", "contacts-desktop", 1280),
])
def test_page_screenshots(page, base_url, screenshot, path, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    loaded(page, base_url + path)
    shot = screenshot(page, name)
    assert shot is None or shot.stat().st_size > 10_000
    # nothing on a phone may be wider than the screen, except scrolling tables
    overflow = page.evaluate("""() => [...document.querySelectorAll('article *')]
        .filter(e => !e.closest('.md-typeset__scrollwrap, pre'))
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert not overflow, overflow
    page.rec.assert_clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["", "change/items/", "contract/flow-sms/", "support/maintenance/"])
def test_screenshots_both_schemes(open_page, screenshot, path, width, scheme):
    """Screenshots to look at (test-results/screen-*.png): phone and desktop,
    light and dark. Material's palette follows the system scheme."""
    page = open_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        loaded(page, path or ".")
        body = page.locator("body")
        assert body.get_attribute("data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
        name = f"screen-{path.strip('/').replace('/', '-') or 'home'}-{width}-{scheme}"
        shot = screenshot(page, name, full_page=False)
        assert shot is None or shot.stat().st_size > 10_000
        wide = page.evaluate("""() => document.documentElement.scrollWidth > window.innerWidth + 1""")
        assert not wide, "the page scrolls sideways"
        page.rec.assert_clean()
    finally:
        page.release()


def _article_text(html: str) -> str:
    body = re.search(r"<article\b.*?</article>", html, re.DOTALL).group(0)
    return re.sub(r"<[^>]+>", "", body)


def test_calculator_one_tap_from_every_lead_time_or_deadline(built_site, context):
    """A page stating a change lead time, the cancellation cut-off or the
    SoftBank option's lead time has a button to the matching calculator form,
    and that form's anchor exists on the calculator page."""
    calc = (built_site / "calculator" / "index.html").read_text(encoding="utf-8")
    leads = {i.lead_time_text for i in context.changes.items}
    cancel_rule = context.cancellation.rule_text
    option = context.contract.softbank_option.lead_time_text
    stating: set[str] = set()
    for f in sorted(built_site.rglob("index.html")):
        rel = f.relative_to(built_site).as_posix()
        if rel.startswith(("calculator/", "history/", "pagefind/")) or rel == "index.html":
            continue  # the calculator itself; the change log; the home page's tasks link it
        html = f.read_text(encoding="utf-8")
        text = _article_text(html)
        want = set()
        if any(lead in text for lead in leads if "営業日" in lead) and not rel.startswith("contract/"):
            want.add("change")  # (1.2/1.3 quote the option's days, not a change's)
        if cancel_rule in text:
            want.add("cancel")
        if option in text and rel.startswith("contract/flow-"):
            want.add("option")
        buttons = set(re.findall(r'<a class="md-button kmc-calc-link" href="[./]*calculator/#(\w+)"', html))
        assert want <= buttons, f"{rel}: states {sorted(want)}, buttons to {sorted(buttons)}"
        if want:
            stating.add(rel.removesuffix("index.html"))
        for anchor in buttons:
            assert f'id="{anchor}"' in calc, anchor
    assert {"change/items/", "business-days/", "cancel/flow/", "contract/flow-sms/",
            "contract/flow-plus/"} <= stating, stating


def _page(built_site, rel: str) -> str:
    return (built_site / rel / "index.html").read_text(encoding="utf-8")


def test_fidelity_notes_of_issue_11(built_site, context):
    # 4.4: the seed's row label whose content the source lacks.
    maint = _article_text(_page(built_site, "support/maintenance"))
    assert "通知基準詳細" in maint and "内容は原本のテキストに含まれていませんでした" in maint
    # 改版履歴 is the seed's, not a page the site added.
    home = _article_text(_page(built_site, "."))
    added = home.split("Web版で追加したページ")[1]
    assert "改版履歴" not in added and "改版履歴" in home.split("Web版で追加したページ")[0]
    # 2.1's merged cells, read on the page (No.12–13 share 12～22営業日).
    items = _article_text(_page(built_site, "change/items"))
    assert "原本の表の読み方（本サイトの解釈）" in items
    assert "No.12・13の必要日数：「12～22営業日」" in items
    assert "No.1～5の必要書類：「サービス利用変更申込書」" in items
    # The rcc/rcs note points to the fault desk's phone line.
    fault = context.contacts["fault_desk"]
    contacts = _page(built_site, "support/contacts")
    note = re.search(r'kmc-discrepancy">(.*?)</div>', contacts, re.DOTALL).group(1)
    assert f'href="tel:{fault.phone.replace("-", "")}"' in note
    # Steps written by the site are marked, on every reconstructed flow.
    for rel in ("contract/flow-sms", "contract/flow-plus", "change/flow", "cancel/flow"):
        html = _page(built_site, rel)
        steps = html.count('<li class="kmc-step ')
        assert steps and html.count('class="kmc-reconstructed-mark"') == steps, rel
    # The two wording changes.
    assert "の休業日は本サイトの前提です" in _article_text(_page(built_site, "business-days"))
    calc = _article_text(_page(built_site, "calculator"))
    assert "初期値は本日（日本時間）です" in calc and "今日" not in calc


def test_desktop_reading_fixes(page, base_url):
    """At 1280 px: no sticky site title over はじめに in the sidebar, and every
    row of the 2.1 table has its line, row header included."""
    loaded(page, base_url + "change/items/")
    assert not page.locator(".md-nav--primary > .md-nav__title").is_visible()
    first = page.locator(".md-nav--primary .md-nav__link").first
    box = first.bounding_box()
    hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('a, label')?.textContent.trim()",
                        [box["x"] + 5, box["y"] + box["height"] / 2])
    assert hit == "はじめに", hit
    widths = page.eval_on_selector_all(
        ".kmc-changes tbody tr > *", "els => els.map((e) => getComputedStyle(e).borderTopWidth)")
    assert widths and all(w != "0px" for w in widths), set(widths)
    page.rec.assert_clean()


def test_home_first_screen_on_a_phone_offers_the_tasks(open_page):
    """On a 390 px phone the first screen shows 「ご用件から探す」 and its first
    task whole; the notes about the web edition come after the tasks."""
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        loaded(page, ".")
        title = page.locator(".kmc-tasks-title").bounding_box()
        first = page.locator(".kmc-tasks li").first.bounding_box()
        assert title["y"] < 844 and first["y"] + first["height"] <= 844, (title, first)
        after = page.evaluate("""() => {
            const tasks = document.querySelector('.kmc-tasks');
            const note = [...document.querySelectorAll('article p')].find((p) => p.textContent.includes('のWeb版です'));
            return Boolean(note) && Boolean(tasks.compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING);
        }""")
        assert after, "the notes about the web edition must follow the tasks"
        page.rec.assert_clean()
    finally:
        page.release()


def test_home_table_of_contents_names_mokuji_once(page, base_url):
    loaded(page, base_url)
    toc = page.locator(".md-sidebar--secondary")
    assert toc.is_visible()
    assert toc.inner_text().count("目次") == 1, toc.inner_text()
    page.rec.assert_clean()


def test_change_items_keeps_each_document_name_on_one_line_on_desktop(page, base_url, context):
    """「サービス利用変更申込書」 must not break as 申込 / 書 at 1280 px."""
    # A name with a space in it may break at the space: each part is checked.
    names = sorted({part for i in context.changes.items for d in i.documents for part in d.split()},
                   key=len, reverse=True)
    loaded(page, base_url + "change/items/")
    broken = page.evaluate("""(names) => {
        const bad = [];
        for (const td of document.querySelectorAll('.kmc-changes td[data-label="必要書類"]')) {
            const walk = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
            for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                for (const name of names) {
                    for (let i = n.data.indexOf(name); i >= 0; i = n.data.indexOf(name, i + name.length)) {
                        const r = document.createRange();
                        r.setStart(n, i);
                        r.setEnd(n, i + name.length);
                        const tops = new Set([...r.getClientRects()].map((x) => Math.round(x.top)));
                        if (tops.size > 1) bad.push(name);
                    }
                }
            }
        }
        return bad;
    }""", names)
    checked = page.locator('.kmc-changes td[data-label="必要書類"]').count()
    assert checked == len(context.changes.items)
    assert not broken, broken
    page.rec.assert_clean()


def test_without_javascript_no_calculator_button_leads_to_a_dead_calculator(open_page):
    page = open_page(java_script_enabled=False)
    try:
        for path in ("change/items/", "cancel/flow/", "business-days/", "contract/flow-sms/"):
            page.goto(path, wait_until="load")
            buttons = page.locator("a.kmc-calc-link")
            assert buttons.count() > 0, path
            shown = [buttons.nth(i).inner_text() for i in range(buttons.count()) if buttons.nth(i).is_visible()]
            assert all("JavaScript" in text for text in shown), (path, shown)
    finally:
        page.release()


def _site_marks(html: str) -> list[str]:
    """The text following each of the site's own-words marks."""
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(
        r'<span class="kmc-reconstructed-mark kmc-site-mark"[^>]*>.*?</span>(.*?)</(?:p|li|div)>', html, re.DOTALL)]


def test_the_sites_own_words_are_marked(built_site, context):
    """Where the site words something the 1.8版 does not say, it
    says so with the site's mark."""
    fault = context.contacts["fault_desk"]
    contacts = _page(built_site, "support/contacts")
    for rel in ("support/contacts", "contract/documents", "cancel/flow", "business-days"):
        assert not re.search(r"\{[#%{]", _article_text(_page(built_site, rel))), f"template syntax shown on {rel}"
    marks = _site_marks(contacts)
    # 4.2's ※ left out 「左記」: said next to it.
    assert any("左記" in m for m in marks), marks
    # The advice to phone is the site's, with the line's hours from the rules.
    phone_hours = [h.split("：", 1)[1] for h in fault.hours if h.startswith("お電話")]
    assert phone_hours
    advice = [m for m in marks if fault.phone in m]
    assert advice and all(phone_hours[0] in m for m in advice), marks
    # 1.4's ○ and 3.2's worked examples are the site's words.
    assert any("○" in m for m in _site_marks(_page(built_site, "contract/documents")))
    flow = _site_marks(_page(built_site, "cancel/flow"))
    assert any("ご利用いただけます" in m for m in flow), flow
    # Holidays after the official list are computed by rule, said per year.
    days = _page(built_site, "business-days")
    last = context.calendar.official_holidays_through
    for year in context.calendar.years:
        section = re.search(rf'<h3 id="{year.year}"[^>]*>.*?(?=<h[23]|</article>)', days, re.DOTALL).group(0)
        computed = "計算" in " ".join(_site_marks(section))
        assert computed == (year.year > last), year.year


MAILTO_PAGES = ["change/items/", "change/flow/", "cancel/notes/", "cancel/flow/", "support/contacts/"]


def test_mail_addresses_are_never_split_on_a_phone(open_page, built_site):
    """「（kmc- / support@kddi.com）」 on a 390 px screen reads as two words:
    every address in the guide stays on one line, and nothing is pushed out
    sideways, not even inside a table's frame."""
    assert sorted(MAILTO_PAGES) == sorted(f.parent.relative_to(built_site).as_posix() + "/"
                                          for f in built_site.rglob("index.html")
                                          if 'href="mailto:' in f.read_text(encoding="utf-8")
                                          and f.parent.name != "calculator")
    p = open_page(viewport={"width": 390, "height": 844})
    try:
        for path in MAILTO_PAGES:
            p.goto(path)
            p.wait_for_selector("article h1")
            assert p.locator('.md-typeset a[href^="mailto:"]').count(), path
            # A desk's name with the address in brackets may break before the
            # brackets; the address itself (its own span there) never.
            split = p.evaluate("""() => [...document.querySelectorAll('.md-typeset a[href^="mailto:"]')]
              .map((a) => a.querySelector('.kmc-nowrap') || a)
              .filter((el) => el.getClientRects().length && new Set([...el.getClientRects()].map((r) => Math.round(r.top))).size > 1)
              .map((el) => el.textContent)""")
            assert split == [], (path, split)
            assert p.evaluate("document.documentElement.scrollWidth") <= 390, path
            assert p.evaluate("""() => [...document.querySelectorAll('article .md-typeset__scrollwrap')]
              .filter((s) => s.querySelector('a[href^="mailto:"]') && s.scrollWidth > s.clientWidth).length""") == 0, path
        p.rec.assert_clean()
    finally:
        p.release()


LINK_PAGES = ["", "calculator/", "business-days/", "cancel/flow/", "change/items/", "support/contacts/",
              "support/web/", "support/maintenance/"]


# Where a link that fits on a line was cut: 「the text before｜the next character」.
LINK_CUTS = """(width) => [...document.querySelectorAll('article :is(a:not(.headerlink, .md-button), .kmc-address)')]
  .filter((a) => a.checkVisibility() && a.textContent.trim().length * 17 < width - 40)
  .flatMap((a) => {
    const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let text = '', last = null;
    const cuts = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (let i = 0; i < n.length; i++) {
        range.setStart(n, i); range.setEnd(n, i + 1);
        const r = range.getClientRects()[0];
        const top = r && n.data[i].trim() ? Math.round(r.top) : null;
        if (top !== null && last !== null && top !== last) cuts.push(text + '｜' + n.data[i]);
        if (top !== null) last = top;
        text += n.data[i];
      }
    }
    return cuts;
  })"""


def _open(p, path: str) -> None:
    """Go to ``path`` and wait until its fonts are in and its article is there:
    line breaks are measured only then."""
    p.goto(path)
    p.wait_for_function("() => document.fonts.status === 'loaded' && document.querySelector('article h1')")


def test_short_links_and_phone_numbers_are_never_split_on_a_phone(open_page):
    """「営業日の数え / 方」, 「0120-921- / 439」, 「当社(kmc- / support@kddi.com)」:
    a link, or an address written in the text, that fits on a line is
    never cut across two, at any phone width, but after a 「・」 between its
    words (「保守・ / 運用条件」) or before an opening bracket (「…ツールの /
    「解約申し込みの期限」」)."""
    p = open_page(viewport={"width": 390, "height": 844})
    try:
        for path in LINK_PAGES:
            _open(p, path)
            for width in range(320, 441, 20):
                p.set_viewport_size({"width": width, "height": 844})
                split = [cut for cut in p.evaluate(LINK_CUTS, width) if not re.search("・｜|｜[「（]", cut)]
                assert split == [], (path, width, split)
                assert p.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
        p.rec.assert_clean()
    finally:
        p.release()


# Where a line ends with an opening bracket or starts with a closing one, in
# the article's text: 「窓口（ / kmc-support@kddi.com）」, 「…kddi.com / ）へ」.
BRACKET_EDGES = """() => {
  const chars = [];
  const range = document.createRange();
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.parentElement.checkVisibility()) continue;
    for (let i = 0; i < n.length; i++) {
      if (!n.data[i].trim()) continue;
      range.setStart(n, i); range.setEnd(n, i + 1);
      const r = range.getClientRects()[0];
      if (r) chars.push([n.data[i], Math.round(r.top), r.height]);
    }
  }
  const found = [];
  for (let i = 1; i < chars.length; i++) {
    const [a, top, height] = chars[i - 1], [b, next] = chars[i];
    const newLine = next > top + height / 2;
    if (newLine && ('（('.includes(a) || '）)'.includes(b))) {
      found.push(chars.slice(Math.max(0, i - 8), i).map((c) => c[0]).join('') + '｜' + chars.slice(i, i + 8).map((c) => c[0]).join(''));
    }
  }
  return found;
}"""


def test_no_line_ends_with_an_opening_bracket_or_starts_with_a_closing_one(open_page):
    """Round an address (the desk's, in the guide and in a cancellation's
    result) the brackets stay on the address's lines, at any width."""
    applied = example_cancel_applied()[0]
    pages = ["change/items/", "support/contacts/", "support/maintenance/", "cancel/flow/",
             f"calculator/?applied={applied}&last_usage_month={applied[:7]}#cancel-result"]
    p = open_page(viewport={"width": 390, "height": 844})
    try:
        found = {}
        for path in pages:
            _open(p, path)
            if "#" in path:
                p.locator('form[data-calculator="cancel"] [data-output] [data-result="send"]').wait_for()
                p.locator('form[data-calculator="deadline"] [data-output] [data-result="send"]').wait_for()
            for width in (320, 360, 390, 1280):
                p.set_viewport_size({"width": width, "height": 844})
                edges = p.evaluate(BRACKET_EDGES)
                if edges:
                    found[(path, width)] = edges
        assert found == {}
        p.rec.assert_clean()
    finally:
        p.release()


# An element's visible text, line by line as its characters lie; text nodes
# ``skip`` accepts are left out.
LINES_OF = """(el, skip = () => false) => {
  const lines = new Map();
  const range = document.createRange();
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (skip(n)) continue;
    for (let i = 0; i < n.length; i++) {
      if (!n.data[i].trim()) continue;
      range.setStart(n, i); range.setEnd(n, i + 1);
      const top = Math.round(range.getClientRects()[0].top);
      lines.set(top, (lines.get(top) || '') + n.data[i]);
    }
  }
  return [...lines.values()];
}"""

# Each line of a guide page's calculator buttons.
BUTTON_LINES = f"""() => {{
  const linesOf = {LINES_OF};
  return [...document.querySelectorAll('article a.md-button.kmc-calc-link')].filter((a) => a.checkVisibility())
    .map((a) => linesOf(a));
}}"""


def test_a_guide_buttons_label_breaks_between_phrases_on_a_phone(open_page):
    """「受付受理日から完了日を計算す / る」: a calculator button narrower than
    its label breaks between its phrases, never leaving a character alone."""
    p = open_page(viewport={"width": 320, "height": 700})
    try:
        for path in ["change/items/", "change/flow/", "business-days/"]:
            _open(p, path)
            for width in (320, 340, 360):
                p.set_viewport_size({"width": width, "height": 700})
                buttons = p.evaluate(BUTTON_LINES)
                assert buttons, path
                assert any(len(lines) > 1 for lines in buttons) or width > 320, (path, width, buttons)
                assert all(len(line) > 2 for lines in buttons for line in lines), (path, width, buttons)
        p.rec.assert_clean()
    finally:
        p.release()


# A heading's lines, when one of them is a single character (its permanent
# link's ¶ aside).
HEADING_ORPHANS = f"""() => {{
  const linesOf = {LINES_OF};
  return [...document.querySelectorAll('article :is(h1, h2, h3)')].filter((h) => h.checkVisibility())
    .map((h) => linesOf(h, (n) => n.parentElement.closest('.headerlink')))
    .filter((lines) => lines.length > 1 && lines.some((line) => line.length < 2))
    .map((lines) => lines.join('｜'));
}}"""


def test_no_heading_leaves_one_character_on_a_line_on_a_phone(open_page, built_site):
    """「1.6 アカウント通知書サンプ / ル」: a title one phrase wider than a
    phone's line breaks between its words."""
    pages = sorted(f"{f.parent.relative_to(built_site).as_posix()}/".removeprefix("./")
                   for f in built_site.rglob("index.html"))
    assert "contract/account-notice/" in pages
    p = open_page(viewport={"width": 390, "height": 700})
    try:
        orphans = {}
        for path in pages:
            _open(p, path)
            for width in (320, 390):
                p.set_viewport_size({"width": width, "height": 700})
                found = p.evaluate(HEADING_ORPHANS)
                if found:
                    orphans[(path, width)] = found
        assert orphans == {}
        p.rec.assert_clean()
    finally:
        p.release()


def test_no_table_scrolls_sideways_on_a_320_px_phone(open_page, built_site):
    """Tables stacked as cards on a phone fit the narrowest one: on the
    calculator's rules, a label's column and a document's name kept whole
    made the cards 16 px wider than the screen."""
    pages = sorted(f.parent.relative_to(built_site).as_posix() + "/"
                   for f in built_site.rglob("index.html") if "<table" in f.read_text(encoding="utf-8"))
    assert "calculator/" in pages and "change/items/" in pages
    p = open_page(viewport={"width": 320, "height": 700})
    try:
        wide = {}
        for path in pages:
            _open(p, "" if path == "./" else path)
            # (A table of columns, such as the edition history, scrolls inside its
            # frame by design; the stacked ones are laid out to fit.)
            found = p.evaluate("""() => [...document.querySelectorAll('article .md-typeset__scrollwrap')]
              .filter((s) => s.querySelector(':is(.kmc-stack, .kmc-kv) table') || s.closest('.kmc-stack, .kmc-kv'))
              .filter((s) => s.scrollWidth > s.clientWidth).map((s) => s.querySelector('table').textContent.slice(0, 20))""")
            if found:
                wide[path] = found
        assert not wide, wide
        p.rec.assert_clean()
    finally:
        p.release()
