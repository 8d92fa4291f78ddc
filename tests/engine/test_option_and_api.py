"""The SoftBank option of a new contract, the JSON API and today in Japan."""

import datetime as dt

from calculators.jst import today_in_japan
from calculators.months import YearMonth

D = dt.date.fromisoformat


def test_softbank_option_over_the_year_end(engine):
    # Fri 12-25 -> 起算日 Mon 12-28 (day 1), 4..8 Jan days 2-6, 01-11 成人の日,
    # 12..15 days 7-10, 18 day 11, 19 day 12; 20..22 13-15, 25..29 16-20,
    # 1 Feb 21, 2 Feb 22.
    result = engine.option.compute(D("2026-12-25"))
    assert result.start == D("2026-12-28")
    assert (result.earliest, result.latest) == (D("2027-01-19"), D("2027-02-02"))


def test_api_change(engine):
    reply = engine.run({"calculator": "change", "accepted": "2026-11-24", "items": ["1", 7]})
    assert reply["ok"] is True
    assert reply["result"]["latest"] == "2026-12-18"
    assert reply["result"]["documents"] == ["サービス利用変更申込書", "アカウントパラメータ変更申込書 グローバルIPアドレス"]


def test_api_impossible_date_is_a_message_next_to_the_field(engine):
    reply = engine.run({"calculator": "change", "accepted": "2026-02-30", "items": [1], "today": "2027-03-15"})
    assert reply == {"ok": False, "field": "accepted",
                     "message": "「2026-02-30」は存在しない日付か、形式が正しくありません（例：2027-03-15）。"}


def test_api_empty_items(engine):
    reply = engine.run({"calculator": "change", "accepted": "2026-11-24", "items": []})
    assert (reply["ok"], reply["field"]) == (False, "item")


def test_api_bad_month(engine):
    reply = engine.run({"calculator": "deadline", "last_usage_month": "2027-13"})
    assert (reply["ok"], reply["field"]) == (False, "last_usage_month")


def test_api_round_trips_json(engine):
    import json

    text = engine.run_json(json.dumps({"calculator": "cancel", "applied": "2026-11-11"}))
    assert json.loads(text)["result"]["cancelled_from"] == "2027-02"


def test_today_in_japan_is_utc_plus_nine():
    utc = dt.timezone.utc
    assert today_in_japan(dt.datetime(2026, 11, 27, 14, 59, tzinfo=utc)) == D("2026-11-27")
    assert today_in_japan(dt.datetime(2026, 11, 27, 15, 0, tzinfo=utc)) == D("2026-11-28")
    # New Year's Eve in UTC is already New Year's Day in Japan.
    assert today_in_japan(dt.datetime(2026, 12, 31, 20, 0, tzinfo=utc)) == D("2027-01-01")


def test_api_results_carry_the_worded_copy_and_no_separate_text(engine):
    # Results are worded once, in the view: the page copies view["copy"] and
    # the CLI prints it; there is no second rendering of the same result.
    for request in ({"calculator": "change", "accepted": "2026-12-29", "items": [3, 9]},
                    {"calculator": "cancel", "applied": "2026-11-10"},
                    {"calculator": "deadline", "last_usage_month": "2027-03"},
                    {"calculator": "option", "applied": "2026-12-26"}):
        reply = engine.run({**request, "today": "2026-11-01"})
        assert reply["ok"] is True and "text" not in reply["result"]
        assert all(isinstance(line, str) and line for line in reply["result"]["view"]["copy"])


def test_change_copy_names_what_a_reader_needs(engine):
    text = engine.run({"calculator": "change", "accepted": "2026-12-29", "items": [3, 9]})["result"]["view"]["copy"]
    assert "受付受理日：2026年12月29日(火)" in text
    assert "  休業日のため、2027年1月4日(月)の受付受理として数えます。" in text
    assert "起算日：2027年1月5日(火)" in text
    assert any(line.startswith("No.3 ") and line.endswith("2027年2月1日(月)から適用") for line in text)
    assert any(line.startswith("必要書類：") for line in text)
    assert "設定変更料：かかります（No.9）" in text


def test_text_is_not_part_of_the_cli_json(engine):
    reply = engine.run({"calculator": "cancel", "applied": "2026-11-10"})
    cli = engine.cancellation.from_applied(D("2026-11-10")).to_json()
    assert "text" not in cli and set(cli) < set(reply["result"])


def test_an_option_result_beyond_the_calendar_says_the_window_and_what_to_do(engine):
    # Applied a week before the window's last day: the 15 to 22 business
    # days end after it, as a late change's do.
    from calculators.jformat import ja_date

    calendar = engine.option.calendar
    applied = calendar.end - dt.timedelta(days=7)
    option = engine.run({"calculator": "option", "applied": applied.isoformat(), "today": applied.isoformat()})
    change = engine.run({"calculator": "change", "accepted": applied.isoformat(), "items": [7],
                         "today": applied.isoformat()})
    assert option["ok"] is False and option["field"] == "applied"
    assert f"（{ja_date(calendar.start)}～{ja_date(calendar.end)}）を超えるため計算できません。" in option["message"]
    assert option["message"].endswith("このお申し込み日での完了日は、KDDI Message Cast お客様窓口にお問い合わせください。")
    # Worded as the change form's, but for the option's own result and day,
    # each naming the last day that can be computed (hand-counted: 22 and 18
    # business days to 2028-12-28, the last one before 年末年始).
    assert option["message"].startswith(f"{engine.option.name}の完了の目安が")
    assert "このツールで計算できるのは、お申し込み日が2028年11月28日(火)までの場合です。" in option["message"]
    assert change["message"].startswith("No.7の完了の目安が")
    assert "このツールで計算できるのは、受付受理日が2028年12月4日(月)までの場合です。" in change["message"]


def test_a_sent_day_says_which_acceptance_day_it_stands_for(engine):
    """The page shows, in the locked 受付受理日, the day the 送付日 is counted
    as: Saturday 2026-12-05 is counted as accepted on Monday 12-07."""
    sent = engine.run({"calculator": "change", "sent": "2026-12-05", "items": [1], "today": "2026-12-01"})
    assert sent["result"]["stands"] == {"accepted": "2026-12-07"}
    accepted = engine.run({"calculator": "change", "accepted": "2026-12-05", "items": [1], "today": "2026-12-01"})
    assert accepted["result"]["stands"] == {}
