"""guidebuild/publish/search.py and search_terms.py: what a page's search text
gets, what a query's words become, and the calculator's restated rules."""

import json
import re
from pathlib import Path

from guidebuild.publish import search
from guidebuild.publish.search_terms import TERMS, hiragana, normalise, query_words, words_for

ROOT = Path(__file__).resolve().parents[2]


def test_katakana_and_latin_spellings_join():
    assert search.alternates_for("SoftBank送信元表示番号オプション")[:2] == ["SoftBank", "ソフトバンク"]
    assert "プラスメッセージ" in search.alternates_for("+メッセージ利用")


def test_latin_word_must_stand_alone():
    assert search.alternates_for("KDDI × Supership") == []
    assert "IPアドレス" in search.alternates_for("アクセス可能グローバルIPアドレス")



def test_a_number_glued_to_the_word_before_it_stands_alone():
    """Pagefind cuts 「毎月10日までの」 as 「毎月10」…, so 「10日まで」 would miss it."""
    words = words_for("毎月１０日までの解約申し込みで、翌々月です。11日以降の場合は")
    assert "10 日 までの" in words and "11 日以降 の" in words
    # Bare dates of a list, and numbers after Latin text, add nothing.
    assert words_for("2026年11月10日(火) No.13") == []
    text = '<p>受付は毎月5日までです</p><h2 id="rules">締め日</h2><p>毎月10日までの</p>'
    assert "10 日 までの" not in search.alternates_for(text, "受付は毎月5日までです")

def test_full_and_half_width_words_get_their_nfkc_form():
    assert words_for("ログインＩＤ") == ["ログインID"]
    assert words_for("ｶﾅ表記") == ["カナ表記"]
    assert words_for("半角のABC") == []


def test_page_without_any_term_gets_nothing(monkeypatch):
    monkeypatch.delenv("KMC_SEARCH_ALTERNATES", raising=False)
    assert search.add_alternates("<p>営業日</p>") == "<p>営業日</p>"
    out = search.add_alternates("<p>SoftBank</p>")
    assert ('<p hidden class="kmc-search-alternates" data-pagefind-meta="kmc_terms">'
            "SoftBank ソフトバンク</p>") in out


def test_query_words_lead_to_the_guides_word():
    words = query_words()
    assert words["かいやく"] == "解約" and words["キャンセル"] == "解約"
    assert words["違約金"] == "契約解除料"
    assert words[normalise("ＴＥＬ").lower()] == "お電話"
    # Every key is stored as the browser compares it: NFKC, lower case.
    assert all(k == normalise(k).lower() for k in words)


def test_katakana_is_looked_up_in_hiragana():
    """search.mjs looks a katakana query word up as hiragana (ｶｲﾔｸ is the
    reading かいやく); a katakana spelling in hiragana leads to itself, so
    the guide's katakana words (テスト, ソフトバンク) stay as typed."""
    assert hiragana(normalise("ｶｲﾔｸ")) == "かいやく" and hiragana("ヴァヵヶー") == "ゔぁゕゖー"
    assert hiragana("解約ABC") == "解約ABC"
    words = query_words()
    assert words["めんてなんす"] == "メンテナンス" and words["てすと"] == "テスト"
    assert words["そふとばんく"] == "ソフトバンク" and words[hiragana("ドコモ")] == "ドコモ"
    assert words[hiragana("カイヤク")] == "解約"


def test_readings_are_hiragana_and_words_are_not_spellings():
    spellings = {normalise(w).lower() for t in TERMS for w in t.spellings}
    for term in TERMS:
        assert term.spellings
        for reading in term.readings:
            assert re.fullmatch(r"[\u3041-\u309fー]+", reading), reading
        for word in term.readings + term.everyday:
            assert normalise(word).lower() not in spellings, word


def test_no_everyday_word_is_the_guides_own(site):
    """A query word the browser replaces must not be a word the guide uses,
    or the customer's query would lose the pages that use it."""
    text = normalise(" ".join(site.text(p.removesuffix("index.html")) for p in site.pages()
                              if p.endswith("index.html") and not p.startswith(("pagefind/", "calculator/"))))
    used = sorted(word for word in query_words() if word in text.lower())
    assert not used, f"words the guide uses, remove them from guidebuild/publish/search_terms.py: {used}"


def test_the_built_site_carries_the_query_words(site):
    shipped = json.loads((site.site / "pagefind" / search.TERMS_FILE).read_text(encoding="utf-8"))
    assert shipped == query_words()


def test_the_calculators_restated_rules_weigh_less():
    html = ('<h1 id="t">t</h1>\n<p>解約</p>\n<h2 id="cancel">解約となる月</h2>\n<form><h2>x</h2></form>\n'
            '<h2 id="rules">計算に使う規則</h2>\n<p>a<br>b</p>\n'
            '<div class="x"><table><tr><th data-pagefind-weight="4">解約</th></tr></table></div>\n<h3 id="s">s</h3>')
    out = search.weigh_restated_rules(html)
    low = f'data-pagefind-weight="{search.RESTATED_RULES_WEIGHT}"'
    assert out.count(low) == 5  # four blocks and the item title inside one
    assert out.startswith('<h1 id="t">t</h1>\n<p>解約</p>\n'
                          f'<h2 data-pagefind-weight="{search.FORM_HEADING_WEIGHT}" id="cancel">')
    assert '<form><h2>x</h2></form>' in out  # only top-level headings
    assert f'<th {low}>解約</th>' in out and f'<p {low}>a<br>b</p>' in out
    assert search.weigh_restated_rules("<p>x</p>") == "<p>x</p>"


def test_the_calculator_page_is_built_with_its_rules_weighed(site):
    html = site.html("calculator/")
    heading = '<h2 data-pagefind-weight="0.2" id="rules"'
    assert heading in html
    assert 'data-pagefind-weight="0.2"' not in html[:html.index(heading)]
    assert html[html.index(heading):].count('data-pagefind-weight="0.2"') >= 5


def test_readings_and_everyday_words_from_the_second_review():
    words = query_words()
    assert words["けいやく"] == "契約" and words["しょるい"] == "ドキュメント"
    assert "書類" in words_for("ご提出いただくドキュメントです")
    for word, term in (("値段", "料金"), ("費用", "料金"), ("締め切り", "期限"), ("締切", "期限"),
                       ("〆切", "期限"), ("やめたい", "解約"), ("やめる", "解約"),
                       ("連休", "休業日"), ("定休日", "休業日")):
        assert words[word] == term, word
