"""The words customers type for the guide's key terms: one reviewed list.

Used by guidebuild/publish/search.py in two ways:

* the index: a page that uses any spelling of a term gets, in a hidden line of
  its search text, the term's other spellings (SoftBank / ソフトバンク), and the
  NFKC form of its own full- and half-width words;
* the query: the build writes ``query_words()`` beside the index, and the
  browser (assets/javascripts/search.mjs) replaces a word of the query that
  is a reading (かいやく) or an everyday word (キャンセル, 違約金) by the term's
  spelling (解約, 契約解除料) before searching, so it ranks the pages as if the
  customer had typed the guide's word.
  A word all in katakana is looked up in hiragana (``hiragana()``), so
  ｶｲﾔｸ is the reading かいやく.

Width is normalised on both sides (NFKC), so ｿﾌﾄﾊﾞﾝｸ, ＩＰ and ＦＡＱ meet
ソフトバンク, IP and FAQ.

Reviewing: each everyday word must mean the term in the guide's context (a
customer typing it wants that page), never merely be related to it, and must
not be a word the guide itself uses (平日, 連絡先): the query would lose it
(tests/pages/test_search_alternates.py checks the built pages). Readings are
the standard ones. Nothing here is a rule, a date or an address.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    spellings: tuple[str, ...]      # as the guide (or a customer) writes the term; any one marks a page
    readings: tuple[str, ...] = ()  # in hiragana
    everyday: tuple[str, ...] = ()  # words customers use for it; they do not mark a page


TERMS: tuple[Term, ...] = (
    # 3 cancellation
    Term(("解約",), ("かいやく",), ("キャンセル", "退会", "契約終了", "やめたい", "やめる")),
    Term(("契約解除料",), ("けいやくかいじょりょう",), ("違約金", "解約金", "解約料", "解約手数料")),
    Term(("最終ご利用月",), ("さいしゅうごりようづき",), ("最終月", "最後の月")),
    Term(("翌々月",), ("よくよくげつ",)),
    Term(("期限",), ("きげん",), ("締め切り", "締切", "〆切", "しめきり")),
    # 2 changes
    Term(("申込書", "申し込み書", "申込用紙"), ("もうしこみしょ",), ("申請書",)),
    Term(("変更",), ("へんこう",)),
    Term(("必要日数", "納期"), ("ひつようにっすう", "のうき"), ("所要日数", "何日")),
    Term(("IPアドレス", "IP", "グローバルIP"), (), ("接続元IP", "IP制限")),
    # A company's address or name is part of its 企業情報 (2.1, No.1).
    Term(("企業情報",), ("きぎょうじょうほう",), ("住所", "所在地", "社名", "会社名")),
    Term(("請求書",), ("せいきゅうしょ",), ("請求先",)),
    Term(("支払方法",), ("しはらいほうほう",), ("支払い方法", "払い方")),
    Term(("担当者",), ("たんとうしゃ",)),
    Term(("送信元表示番号",), ("そうしんもとひょうじばんごう",), ("発信者番号", "発信番号")),
    Term(("設定変更料",), ("せっていへんこうりょう",), ("手数料", "変更手数料")),
    Term(("翌月適用",), ("よくげつてきよう",)),
    # business days
    Term(("営業日",), ("えいぎょうび",), ("稼働日",)),
    Term(("祝日",), ("しゅくじつ",), ("祝祭日", "休み")),
    Term(("年末年始",), ("ねんまつねんし",), ("正月", "お正月")),
    Term(("起算日",), ("きさんび",), ("数え始め",)),
    Term(("休業日",), ("きゅうぎょうび",), ("連休", "定休日")),
    # 1 new contracts
    Term(("契約",), ("けいやく",)),
    Term(("ドキュメント", "書類"), ("しょるい",)),
    Term(("料金",), ("りょうきん",), ("値段", "費用")),
    Term(("試験用", "テスト", "テストアカウント"), ("しけんよう",), ("お試し",)),
    Term(("通知書",), ("つうちしょ",)),
    Term(("課金開始日",), ("かきんかいしび",), ("料金発生日", "課金日")),
    Term(("SoftBank", "ソフトバンク"), ("そふとばんく",)),
    Term(("+メッセージ", "＋メッセージ", "プラスメッセージ"), ("ぷらすめっせーじ",)),
    Term(("楽天モバイル", "楽天"), ("らくてん",)),
    Term(("docomo", "ドコモ"), ("どこも",)),
    # 4 support
    Term(("障害", "不具合", "トラブル"), ("しょうがい", "ふぐあい"), ("故障", "不通")),
    Term(("お問い合わせ", "問い合わせ", "問合せ"), ("といあわせ",), ("相談",)),
    Term(("お電話", "電話", "電話番号"), ("でんわ",), ("TEL", "フリーダイヤル")),
    Term(("メンテナンス", "保守"), ("ほしゅ",), ("点検", "工事")),
    Term(("計画停止",), ("けいかくていし",)),
    Term(("復旧",), ("ふっきゅう",), ("回復",)),
    Term(("誤配信防止",), ("ごはいしんぼうし",), ("誤送信防止",)),
    Term(("FAQ", "よくあるご質問", "よくある質問"), ()),
    Term(("サポートWEB", "サポートサイト", "サポートウェブ"), (), ("サポートページ",)),
    Term(("推奨ブラウザ",), ("すいしょうぶらうざ",), ("対応ブラウザ", "動作環境")),
    Term(("パスワード",), ("ぱすわーど",)),
    # the guide itself
    Term(("改版履歴",), ("かいはんりれき",), ("変更履歴", "更新履歴")),
)

# A run of letters, digits or kana/kanji: the unit whose width-normalised
# form is added when it differs (ＫＤＤＩ -> KDDI, ｿﾌﾄ -> ソフト).
_WORD = re.compile(r"[\w＋+]+")


def normalise(text: str) -> str:
    """The form both the index and the query are compared in."""
    return unicodedata.normalize("NFKC", text)


def hiragana(text: str) -> str:
    """Katakana as hiragana (U+30A1-U+30F6 minus 0x60; the long-vowel mark
    stays): the form a katakana query is looked up in, as search.mjs does."""
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


_KATAKANA = re.compile(r"[\u30a1-\u30f6\u30fc]+")


def _uses(text: str, word: str) -> bool:
    # A Latin word counts only as a word of its own: "IP" is not in "Supership".
    word = normalise(word).lower()
    if word.isascii():
        return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text) is not None
    return word in text


# A number written straight after a Japanese character or punctuation mark
# (毎月10日までの, 。11日以降の, 11月10日):
# Pagefind's Japanese segmenter may cut it as part of the word before it
# (毎月10), so a query that starts at the number (10日まで) does not find the
# page. Captured: the number, the kanji/katakana after it, then the kana
# after those (10日までの, 11日以降の), as a query would start: only where
# kana follow, as in a sentence that states a rule; a bare date of a list
# (2026年11月10日) would only add noise to every question with a number.
_SCRIPT_RUN = re.compile(r"[0-9]+|[\u3005\u30a0-\u30ff\u4e00-\u9fff]+|[\u3040-\u309f]+")
_GLUED_NUMBER = re.compile(r"(?<=[^\x00-\x7f])[0-9]+[\u3005\u30a0-\u30ff\u4e00-\u9fff]*[\u3040-\u309f]+")


def words_for(text: str, numbers_from: str | None = None) -> list[str]:
    """The words to add to the search text of a page whose text is ``text``:
    for every term the page uses, its spellings, then the width-normalised
    form of any of the page's own words that NFKC changes, then each number
    the page writes straight after a Japanese character, with the words after it, standing
    on its own (毎月10日までの -> 10日までの), read from ``numbers_from``
    if given (the part of the page whose numbers may count fully), else from
    ``text``."""
    low = normalise(text).lower()
    out: list[str] = []
    for term in TERMS:
        if len(term.spellings) > 1 and any(_uses(low, word) for word in term.spellings):
            out += [w for w in term.spellings if w not in out]
    for word in _WORD.findall(text):
        plain = normalise(word)
        if plain != word and plain not in out:
            out.append(plain)
    for phrase in _GLUED_NUMBER.findall(normalise(text if numbers_from is None else numbers_from)):
        # Cut where the script changes (10 日 までの), as a query that starts
        # at the number is cut: each part is then a word of the index.
        word = " ".join(_SCRIPT_RUN.findall(phrase))
        if word not in out:
            out.append(word)
    return out


def query_words() -> dict[str, str]:
    """A query word (NFKC, lower case) that is a reading or an everyday word
    of a term -> the term's first spelling, the word the guide uses; and a
    katakana spelling written in hiragana (めんてなんす) -> that spelling.
    The browser looks a katakana query word up in hiragana (hiragana()), so
    a reading typed in katakana (ｶｲﾔｸ) counts as the reading."""
    out: dict[str, str] = {}
    owner: dict[str, Term] = {}
    for term in TERMS:
        for word in term.readings + term.everyday:
            key = normalise(word).lower()
            if owner.setdefault(key, term) is not term:
                raise ValueError(f"search_terms: {word!r} is given for both {out[key]!r} and "
                                 f"{term.spellings[0]!r}: keep it under one term")
            out[key] = term.spellings[0]
    for term in TERMS:
        for word in term.spellings:
            if _KATAKANA.fullmatch(word):
                key = hiragana(word)
                if owner.setdefault(key, term) is not term:
                    raise ValueError(f"search_terms: {word!r} in hiragana is also a word of "
                                     f"{owner[key].spellings[0]!r}: keep it under one term")
                # Over the term's reading (そふとばんく): a katakana query
                # (ソフトバンク) then stays the spelling it is.
                out[key] = word
    return out
