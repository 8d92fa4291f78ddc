"""Queries customers type, each with the page it must find in its top three
(or, where the guide states the same fact on several pages, a tuple of the
pages that state it: any of them in the top three counts).

Shared by the search test (tests/browser/test_search.py) and the engine
comparison (benchmarks/search_compare.py). Paths are site-relative page URLs.
Written from the words customers use (including katakana / English / kana
alternates of the guide's terms), not from the index: a query is here because
a customer would type it, whether or not the guide spells it that way.
"""

SOFTBANK = ("change/items/", "contract/flow-sms/", "contract/flow-plus/", "calculator/")

CASES: list[tuple[str, str | tuple[str, ...]]] = [
    # 3 cancellation
    ("解約申し込み", "cancel/notes/"),
    ("解約", "cancel/notes/"),
    ("解約申込書", "cancel/notes/"),
    ("契約解除料", "cancel/notes/"),
    ("解約後 配信ログ", "cancel/notes/"),
    ("解約 いつから", "cancel/flow/"),
    ("翌々月", "cancel/flow/"),
    # The cut-off rule is stated on 3.2 and in the calculator's rules.
    ("10日まで", ("cancel/flow/", "calculator/")),
    ("最終ご利用月", "cancel/flow/"),
    ("解約 期限", "calculator/"),
    # 2 changes
    ("IPアドレス", "change/items/"),
    ("グローバルIP", "change/items/"),
    ("IP", "change/items/"),
    ("アクセス可能", "change/items/"),
    ("変更内容一覧", "change/items/"),
    ("請求書宛先", "change/items/"),
    ("支払方法", "change/items/"),
    ("企業管理者", "change/items/"),
    ("担当者 変更", "change/items/"),
    ("住所変更", "change/items/"),
    ("住所", "change/items/"),
    ("社名 変更", "change/items/"),
    ("送信元表示番号", "change/items/"),
    ("設定変更料", "change/items/"),
    ("翌月適用", "change/items/"),
    # The SoftBank option's lead time is stated on 1.2, 1.3, 2.1 (No.13) and
    # the calculator.
    ("ソフトバンク", SOFTBANK),
    ("SoftBank", SOFTBANK),
    ("softbank", SOFTBANK),
    ("変更手続き", "change/flow/"),
    # The lead-time table ranks first for these words; its button opens the
    # calculator at the change form, which is one tap further.
    ("変更 日数 計算", ("calculator/", "change/items/")),
    # business days
    ("営業日", "business-days/"),
    ("起算日", "business-days/"),
    ("祝日", "business-days/"),
    ("年末年始", "business-days/"),
    ("振替休日", "business-days/"),
    # 1 new contracts
    ("プラスメッセージ", "contract/flow-plus/"),
    ("+メッセージ", "contract/flow-plus/"),
    ("＋メッセージ", "contract/flow-plus/"),
    ("SMSのみ", "contract/flow-sms/"),
    ("ソフトバンク オプション", SOFTBANK),
    ("入稿ポータル API", "contract/overview/"),
    ("申込書", "contract/documents/"),
    ("チェックシート", "contract/documents/"),
    ("リリースチェックリスト", "contract/documents/"),
    ("試験用アカウント", "contract/test-account/"),
    ("テストアカウント", "contract/test-account/"),
    ("nickname", "contract/test-account/"),
    ("アカウント通知書", "contract/account-notice/"),
    ("課金開始日", "contract/account-notice/"),
    ("楽天モバイル", "contract/account-notice/"),
    # 4 support
    ("障害 問い合わせ", "support/contacts/"),
    ("電話番号", "support/contacts/"),
    ("0120-921-439", "support/contacts/"),
    ("サービスコントロールセンター", "support/contacts/"),
    ("サポートWEB", "support/web/"),
    ("サポートサイト パスワード", "support/web/"),
    ("FAQ", "support/web/"),
    ("推奨ブラウザ", "support/web/"),
    ("メンテナンス", "support/maintenance/"),
    ("計画停止", "support/maintenance/"),
    ("復旧", "support/maintenance/"),
    ("誤配信防止", "support/maintenance/"),
    ("提供範囲", "support/scope/"),
    # the guide itself
    ("改版履歴", "history/"),
    ("守秘義務", ""),
    ("利用規約", ""),
    ("日付計算", "calculator/"),
]


def site_search(page, query: str) -> list[str]:
    """Put ``query`` into the site's search box the way a paste or voice input
    does (value set, one ``input`` event, no key events) and return the
    result links' hrefs once the results for that query are shown."""
    page.evaluate("() => { delete document.querySelector('[data-kmc-search]').dataset.kmcQuery; }")
    box = page.locator("input.md-search__input")
    box.fill(query)  # sets the value and fires `input`; no keydown/keyup
    expected = query.strip()
    page.wait_for_function(
        "(q) => document.querySelector('[data-kmc-search]').dataset.kmcQuery === q",
        arg=expected)
    return page.eval_on_selector_all(
        "[data-kmc-search-results] a", "els => els.map((e) => e.getAttribute('href'))")


def expected_pages(expected: str | tuple[str, ...]) -> tuple[str, ...]:
    return (expected,) if isinstance(expected, str) else expected


# Held out from the list of readings and everyday words: queries written as
# customers type them, by class, each with its page. None is one
# of CASES; several combine a listed word with another word or width, or
# hold it inside a longer word (お試しアカウント).
HELD_OUT: dict[str, list[tuple[str, str | tuple[str, ...]]]] = {
    "half-width katakana": [
        ("ｱｶｳﾝﾄ通知書", "contract/account-notice/"),
        ("ﾒﾝﾃﾅﾝｽ", "support/maintenance/"),
        ("ｻﾎﾟｰﾄWEB ﾊﾟｽﾜｰﾄﾞ", "support/web/"),
        ("ｷｬﾝｾﾙ", "cancel/notes/"),
        ("ﾌﾟﾗｽﾒｯｾｰｼﾞ", "contract/flow-plus/"),
    ],
    "full-width Latin": [
        ("ＩＰアドレス", "change/items/"),
        ("ＦＡＱ", "support/web/"),
        ("ＳＭＳのみ", "contract/flow-sms/"),
        ("ｄｏｃｏｍｏ", "contract/account-notice/"),
    ],
    "hiragana reading": [
        ("えいぎょうび", "business-days/"),
        ("けいやくかいじょりょう", "cancel/notes/"),
        ("ねんまつねんし", "business-days/"),
        ("しょうがい でんわ", "support/contacts/"),
        ("せいきゅうしょ", "change/items/"),
        ("かいはんりれき", "history/"),
        ("けいやく", "contract/overview/"),
        ("しょるい", "contract/documents/"),
        ("きゅうぎょうび", "business-days/"),
        # A katakana spelling written in hiragana.
        ("めんてなんす", "support/maintenance/"),
        ("てすとあかうんと", "contract/test-account/"),
        ("どきゅめんと", "contract/documents/"),
    ],
    # A reading typed in katakana (full or half width) is the reading.
    "katakana reading": [
        ("ｶｲﾔｸ", ("cancel/notes/", "cancel/flow/")),
        ("カイヤク", ("cancel/notes/", "cancel/flow/")),
        ("ｹｲﾔｸ", "contract/overview/"),
        ("ﾍﾝｺｳ", ("change/items/", "change/flow/")),
        ("ｼｮﾙｲ", "contract/documents/"),
        ("ｷｻﾝﾋﾞ", "business-days/"),
        ("ネンマツネンシ", "business-days/"),
        ("ｾｲｷｭｳｼｮ", "change/items/"),
        ("フッキュウ", "support/maintenance/"),
        ("ｼｮｳｶﾞｲ ﾃﾞﾝﾜ", "support/contacts/"),
    ],
    # The guide's own katakana words still find their pages.
    "katakana word": [
        ("ﾃｽﾄ", "contract/test-account/"),
        ("アカウント通知", "contract/account-notice/"),
        ("ﾒﾝﾃﾅﾝｽ 計画停止", "support/maintenance/"),
        ("ﾄﾞｷｭﾒﾝﾄ", "contract/documents/"),
        ("ソフトバンク 送信元表示番号", SOFTBANK),
    ],
    "everyday word": [
        ("解約金", "cancel/notes/"),
        ("退会", "cancel/notes/"),
        ("お正月", "business-days/"),
        ("故障", "support/contacts/"),
        ("発信者番号", "change/items/"),
        ("お試しアカウント", "contract/test-account/"),
        ("対応ブラウザ", "support/web/"),
        ("値段", "contract/documents/"),
        ("費用", "contract/documents/"),
        ("解約 締め切り", "cancel/flow/"),
        ("締切", ("cancel/flow/", "cancel/notes/", "calculator/")),
        ("〆切", ("cancel/flow/", "cancel/notes/", "calculator/")),
        ("やめたい", "cancel/notes/"),
        ("やめる 手続き", ("cancel/notes/", "cancel/flow/")),
        ("連休", "business-days/"),
        ("定休日", "business-days/"),
    ],
}

# Questions about a rule: the guide's page that states it must rank above the
# calculator page (which restates the rules for readers without JavaScript).
RULE_QUESTIONS: list[tuple[str, str]] = [
    ("解約 締め日", "cancel/flow/"),
    ("キャンセル 翌々月", "cancel/flow/"),
    ("IPアドレス 必要日数", "change/items/"),
    ("送信元表示番号 変更", "change/items/"),
    ("最終ご利用月", "cancel/flow/"),
]

# Questions about the cancellation cut-off written with its day: 3.2 states
# the rule (「毎月10日までの…11日以降の…」), so it ranks first, above the
# business-day calendar (whose dates hold the same numbers) and the
# calculator. The day is read from rules/cancellation.yaml by the test, so
# these are written with {day} and {next} in place of the numbers.
CUTOFF_QUESTIONS: list[str] = [
    "{day}日まで",
    "{next}日以降",
    "毎月{day}日",
    "解約 {day}日",
    "{day}日までに申し込み",
    "{next}日以降 解約",
    "毎月{day}日 締め日",
]
