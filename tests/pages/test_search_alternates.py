"""guidebuild/publish/search.py: which other spellings a page gets for the site search."""

from guidebuild.publish import search


def test_katakana_and_latin_spellings_join():
    assert search.alternates_for("SoftBank送信元表示番号オプション")[:2] == ["SoftBank", "ソフトバンク"]
    assert "プラスメッセージ" in search.alternates_for("+メッセージ利用")


def test_latin_word_must_stand_alone():
    assert search.alternates_for("KDDI × Supership") == []
    assert "IPアドレス" in search.alternates_for("アクセス可能グローバルIPアドレス")


def test_page_without_any_term_gets_nothing(monkeypatch):
    monkeypatch.delenv("KMC_SEARCH_ALTERNATES", raising=False)
    assert search.add_alternates("<p>営業日</p>") == "<p>営業日</p>"
    out = search.add_alternates("<p>SoftBank</p>")
    assert '<p hidden class="kmc-search-alternates">SoftBank ソフトバンク</p>' in out
