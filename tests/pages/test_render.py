"""guidebuild.pages and guidebuild.prerender, without building the site."""

from __future__ import annotations

import pytest

from guidebuild.pages.render import PageRenderError, render_markdown
from guidebuild.pages.prerender import edit_url

from .conftest import ROOT


def test_values_are_escaped_for_html_and_markdown():
    out = render_markdown("x {{ v }} y", {"v": "<b>*a*</b> [l](u) | {{ 7*7 }}"})
    assert "<b>" not in out and "*a*" not in out and "[l]" not in out and "|" not in out
    assert "49" not in out and "&#123;&#123; 7&#42;7 &#125;&#125;" in out


def test_undefined_name_raises_with_the_line():
    with pytest.raises(PageRenderError, match=r"page\.md:2: UndefinedError"):
        render_markdown("ok\n{{ missing }}\n", {}, "page.md")


def test_syntax_error_raises():
    with pytest.raises(PageRenderError, match="TemplateSyntaxError"):
        render_markdown("{% if %}", {}, "page.md")


def test_sandbox_blocks_python_internals():
    with pytest.raises(PageRenderError):
        render_markdown("{{ v.__class__.__mro__ }}", {"v": "x"})


def test_printing_none_fails_instead_of_showing_None():
    with pytest.raises(PageRenderError, match="None"):
        render_markdown("{{ v }}", {"v": None})


def test_context_field_may_not_hide_a_macro_file():
    with pytest.raises(PageRenderError, match="clash"):
        render_markdown("x", {"flows": 1})


def test_edit_link_points_at_the_rules_file():
    assert edit_url("https://github.com/example/kmc-guide", "changes") == \
        "https://github.com/example/kmc-guide/edit/main/rules/changes.yaml"
    assert edit_url("https://github.com/example/kmc-guide/", None) is None
    assert edit_url(None, "changes") is None


def test_declared_rules_files_exist():
    import re

    declared = 0
    for page in sorted((ROOT / "docs").rglob("*.md")):
        match = re.match(r"---\n(?:.*\n)*?rules: (\w+)\n(?:.*\n)*?---\n", page.read_text(encoding="utf-8"))
        if match:
            declared += 1
            assert (ROOT / "rules" / f"{match.group(1)}.yaml").exists(), page
    assert declared >= 17  # every guide page but the calculator


def test_markdown_heading_ids_are_not_jinja_comments():
    assert render_markdown("## A {#a}\n{## note ##}x", {}) == "## A {#a}\nx"


def _hints(markdown: str) -> dict[str, str]:
    """The calculator page's field hints by id, as text."""
    import re

    return {hint_id: re.sub(r"<[^>]+>", "", text)
            for hint_id, text in re.findall(r'<p class="kmc-hint" id="([^"]+)">(.*?)</p>', markdown)}


def test_calculator_hints_take_their_typed_examples_from_the_builds_today():
    from guidebuild.guide import build_guide
    from guidebuild.today import today

    # Two days of this year (the calendar's window covers it): each build's
    # hints show its own today in digits, never a fixed day that will pass.
    days = [today(), today().replace(month=1 if today().month > 6 else 12, day=15)]
    seen = []
    for day in days:
        hints = _hints(build_guide(ROOT / "rules", ROOT / "docs", today=day).pages["calculator/index.md"])
        ahead = (day.year * 12 + day.month + 2)
        month = f"{ahead // 12:04d}{ahead % 12 + 1:02d}"
        assert len(hints) == 5
        for hint_id, text in hints.items():
            # Only digits, as a phone's numeric keypad (no "/", no "-") types them.
            if hint_id == "calc-last-usage-month-hint":
                assert f"{month} のように" in text and f"、{int(month[4:])} のように月だけでも" in text, text
            else:
                assert f"{day:%Y%m%d} " in text and f"{day:%m%d}（{day.month}月{day.day}日" in text, text
                assert f"{day.month}/{day.day}" not in text, text
        seen.append(hints)
    assert seen[0] != seen[1]
    # The cancellation's day is the お申し込み日, in the seed's word (3.2).
    assert seen[0]["calc-applied-hint"].startswith("解約をお申し込みいただいた日")


def test_calculator_page_never_shows_a_seed_mark_alone():
    import re

    from guidebuild.guide import build_guide

    # A circled number (the seed's ①–③) says which list it belongs to.
    page = build_guide(ROOT / "rules", ROOT / "docs").pages["calculator/index.md"]
    marks = [m for m in re.finditer(r"[\u2460-\u2473]", page)]
    assert marks
    for m in marks:
        assert page[max(0, m.start() - 4):m.start()] == "留意事項", page[m.start() - 40:m.end() + 10]


def test_the_ready_status_says_the_results_must_fall_in_the_window_too():
    import re

    from guidebuild.guide import build_guide

    guide = build_guide(ROOT / "rules", ROOT / "docs")
    [ready] = re.findall(r'<p aria-hidden="true" data-message="ready">(.*?)</p>', guide.pages["calculator/index.md"])
    start, end = guide.engine.calendar.start, guide.engine.calendar.end
    first, last = (f'<span class="kmc-nowrap">{d.year}年{d.month}月{d.day}日</span>' for d in (start, end))
    # Each date kept on one line: at 1280 px the line broke in 「2028年12月｜31日」.
    assert ready == f"計算の準備ができました。入力する日付も計算結果も{first}から{last}までに収まる場合に計算できます。"


def test_paragraphs_keep_an_address_whole_and_still_escape():
    out = render_markdown('{{ blocks.paragraphs([t]) }}{{ blocks.bullets([t]) }}',
                          {"t": "当社(kmc-support@example.com)へ <b>*x*</b>"})
    assert out.count('<span class="kmc-nowrap">kmc-support@example.com</span>') == 2
    assert "<b>" not in out and "*x*" not in out


def test_addresses_and_latin_names_are_kept_whole():
    from guidebuild.pages.render import kept_whole

    out = str(kept_whole("KDDI Message Cast お客様窓口（kmc-support@kddi.com）へ。SoftBankの番号"))
    assert out.startswith('<span class="kmc-nowrap">KDDI Message Cast</span> お客様窓口（')
    assert '<span class="kmc-nowrap">kmc-support@kddi.com</span>' in out
    # One Latin word needs no keeping.
    assert "SoftBankの番号" in out and out.count("kmc-nowrap") == 2


def test_a_long_name_in_a_heading_may_break_between_its_words():
    from guidebuild.pages.render import word_breaks

    assert str(word_breaks("SoftBank送信元表示番号オプション")) == "SoftBank<wbr>送信元<wbr>表示番号<wbr>オプション"
    assert str(word_breaks("解約")) == "解約"
    # Markdown's characters stay escaped in each word.
    assert str(word_breaks("A*B")) == "A&#42;B"


@pytest.mark.parametrize(("label", "expected"), [
    # A section's number stays with its title; a prefix with its noun.
    ("2 お申し込み内容変更手続き", ("2\u00a0お申し込み", "内容変更", "手続き")),
    ("4 サービスお問い合わせおよび保守・運用", ("4\u00a0サービス", "お問い合わせ", "および", "保守・運用")),
    ("1.4 ご提供範囲", ("1.4\u00a0ご提供", "範囲")),
    # Particles and suffixes stay with the word before; a kanji prefix after
    # a noun ends it (「送信元」).
    ("営業日の数え方", ("営業日の", "数え方")),
    # A short aside in brackets is one piece (「（送信元 / 表示番号名称）」).
    ("SoftBank送信元表示番号オプション（新規契約）",
     ("SoftBank", "送信元", "表示番号", "オプション", "（新規契約）")),
    ("選択肢項目名（送信元表示番号名称）", ("選択肢", "項目名", "（送信元表示番号名称）")),
    # A long one still breaks between its words.
    ("手続き（新規契約をお申し込みいただいたお客様向け）",
     ("手続き", "（新規", "契約を", "お申し込みいただいた", "お客様向け）")),
    # Two two-kanji words are one compound (「留意 / 事項」 is read as a cut).
    ("3.1 解約手続きにおける留意事項", ("3.1\u00a0解約", "手続きにおける", "留意事項")),
    ("解約", ("解約",)),
])
def test_a_menu_label_breaks_only_between_words(label, expected):
    from guidebuild.pages.phrases import words

    assert words(label) == expected
    assert "".join(words(label)) == label.replace(" ", "\u00a0", 1) if label[0].isdigit() else label


def test_the_menus_labels_get_word_breaks_and_nothing_else_does():
    from guidebuild.pages.phrases import menu_breaks

    page = ('<a class="md-nav__link"><span class="md-ellipsis">\n  営業日の数え方 &amp; 例\n</span></a>'
            '<label class="md-nav__title" for="__nav_3">\n<span class="md-nav__icon md-icon"></span>\n 契約手続き\n</label>'
            '<p>営業日の数え方</p>')
    # The header's title is one line cut with an ellipsis, not a menu label.
    header = '<header><div class="md-header__topic"><span class="md-ellipsis">営業日の数え方</span></div></header>'
    assert menu_breaks(header + page).startswith(header)
    assert menu_breaks(page) == (
        '<a class="md-nav__link"><span class="md-ellipsis">\n  営業日の<wbr>数え方 &amp; 例\n</span></a>'
        '<label class="md-nav__title" for="__nav_3">\n<span class="md-nav__icon md-icon"></span>\n 契約<wbr>手続き\n</label>'
        '<p>営業日の数え方</p>')


def test_a_particle_after_a_link_or_code_is_joined_to_it():
    from guidebuild.pages.phrases import glue_particles

    text = ('<p><a href="x">営業日の数え方</a>をご覧ください。<code>KMC</code>の'
            '<a href="y">2.1</a>、<strong>注意</strong> と<em>A</em>B</p>')
    assert glue_particles(text) == ('<p><a href="x">営業日の数え方</a>\u2060をご覧ください。<code>KMC</code>\u2060の'
                                    '<a href="y">2.1</a>、<strong>注意</strong> と<em>A</em>B</p>')


def test_a_links_section_number_is_joined_to_its_title():
    from guidebuild.pages.phrases import glue_section_numbers

    text = '<p><a href="x">4.4 保守・運用条件</a>、<a href="y">2.1</a> と <a href="z">A B</a></p>'
    assert glue_section_numbers(text) == ('<p><a href="x">4.4\u00a0保守・運用条件</a>、<a href="y">2.1</a> と '
                                          '<a href="z">A B</a></p>')


def test_an_address_in_the_prose_is_marked_to_stay_whole():
    from guidebuild.pages.phrases import keep_addresses_whole

    text = ('<p>当社(kmc-support@kddi.com)に送付し、<a href="mailto:a-b@c.jp">a-b@c.jp</a>'
            '<code>x-y@z.jp</code><img alt="" src="s.png"/>（cloud-rcc-support@kddi.com）</p>')
    assert keep_addresses_whole(text) == (
        '<p>当社(<span class="kmc-address">kmc-support@kddi.com</span>)に送付し、'
        '<a href="mailto:a-b@c.jp">a-b@c.jp</a><code>x-y@z.jp</code><img alt="" src="s.png"/>'
        '（<span class="kmc-address">cloud-rcc-support@kddi.com</span>）</p>')


def test_a_headings_words_are_break_opportunities_where_the_script_changes():
    from guidebuild.pages.phrases import heading_breaks

    text = ('<h1 id="16">1.6 アカウント通知書サンプル<a class="headerlink" href="#16" title="リンク">¶</a></h1>'
            '<p>アカウント通知書サンプル</p><h2 id="x">SoftBank送信元表示番号オプション &amp; 連絡用情報</h2>'
            '<h3>参考：障害通知メール例</h3>')
    assert heading_breaks(text) == (
        '<h1 id="16">1.6 アカウント<wbr>通知書<wbr>サンプル<a class="headerlink" href="#16" title="リンク">¶</a></h1>'
        '<p>アカウント通知書サンプル</p><h2 id="x">SoftBank<wbr>送信元表示番号<wbr>オプション &amp; 連絡用情報</h2>'
        '<h3>参考：障害通知<wbr>メール例</h3>')


def test_no_built_page_leaves_a_link_apart_from_its_particle(builds):
    import re

    loose = {}
    for page in builds.main.site.rglob("*.html"):
        found = re.findall(r"</(?:a|code|em|strong|time)>[\u3041-\u3096]{1,3}", page.read_text(encoding="utf-8"))
        if found:
            loose[str(page.relative_to(builds.main.site))] = found
    assert not loose, loose
