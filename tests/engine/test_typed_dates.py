"""Dates as people write them: a month and day without a year is read as
the such day nearest to today in Japan (a form accepted yesterday is
yesterday, not a year ahead), and the result says which year was assumed.
``today`` is pinned in the request."""

import pytest

from calculators.api import parse_date
from calculators.errors import InputError


def change(engine, today, **fields):
    return engine.run({"calculator": "change", "items": [1], "today": today, **fields})


@pytest.mark.parametrize("typed, today, day", [
    ("12/28", "2026-12-05", "2026-12-28"),
    ("12月28日", "2026-12-05", "2026-12-28"),
    ("１２／２８", "2026-12-05", "2026-12-28"),
    ("12-28", "2026-12-05", "2026-12-28"),
    (" 1/4 ", "2026-12-05", "2027-01-04"),      # across the new year
    ("12/28", "2026-12-29", "2026-12-28"),      # yesterday: this year's
    ("12/5", "2026-12-05", "2026-12-05"),       # today itself
    ("6/5", "2026-12-05", "2027-06-05"),        # 182 days ahead, 183 gone: the one to come
    ("6/6", "2026-12-05", "2026-06-06"),        # 183 days ahead, 182 gone: the one gone
    ("2/29", "2026-12-05", "2028-02-29"),       # the nearest leap day
    ("12/30", "2027-01-03", "2026-12-30"),      # back across the new year
    # Four digits, as a phone's numeric keypad (no "/") types a month and day.
    ("1228", "2026-12-05", "2026-12-28"),
    ("0104", "2026-12-05", "2027-01-04"),
    ("１２０５", "2026-12-05", "2026-12-05"),
    ("1204", "2026-12-05", "2026-12-04"),       # yesterday: this year's
    ("0229", "2026-12-05", "2028-02-29"),
])
def test_a_day_without_a_year_is_the_nearest_such_day(engine, typed, today, day):
    reply = change(engine, today, accepted=typed)
    assert reply["ok"], reply
    result = reply["result"]
    assert result["accepted"] == day
    # The page writes the day it used back into the field.
    assert result["inputs"] == {"accepted": day}
    line = result["view"]["assumptions"]["items"][0]
    assert f"「{typed.strip()}」" in line and "年の指定がない" in line
    assert "本日（" in line and "今日" not in line
    y, m, d = (int(x) for x in day.split("-"))
    assert f"{y}年{m}月{d}日" in line
    assert f"  ・{line}" in result["view"]["copy"]


def test_the_sent_day_and_the_other_forms_read_it_too(engine):
    reply = change(engine, "2026-12-05", accepted="2026-12-01", sent="12/8")
    assert reply["result"]["inputs"] == {"sent": "2026-12-08"} and reply["result"]["accepted"] == "2026-12-08"
    cancel = engine.run({"calculator": "cancel", "applied": "1月10日", "today": "2026-12-05"})["result"]
    assert (cancel["applied"], cancel["inputs"]) == ("2027-01-10", {"applied": "2027-01-10"})
    option = engine.run({"calculator": "option", "applied": "12/28", "today": "2026-12-05"})["result"]
    assert option["inputs"] == {"applied": "2026-12-28"}


def test_a_full_date_assumes_nothing(engine):
    result = change(engine, "2026-12-05", accepted="2026-12-08")["result"]
    assert result["inputs"] == {} and result["view"]["assumptions"] is None


@pytest.mark.parametrize("typed", ["13/1", "2/30", "0/5", "12/32", "1301", "0230", "1232", "126", "12061"])
def test_no_such_day_is_refused_as_typed(engine, typed):
    reply = change(engine, "2026-12-05", accepted=typed)
    assert reply == {"ok": False, "field": "accepted",
                     "message": f"「{typed}」は存在しない日付か、形式が正しくありません（例：2026-12-05）。"}


def test_the_example_in_a_refusal_is_today_or_else_the_form(engine):
    # An example fixed in the code would be a day already past for most readers.
    assert change(engine, "2027-08-31", accepted="abc")["message"].endswith("（例：2027-08-31）。")
    with pytest.raises(InputError) as refused:
        parse_date("abc", "accepted")
    assert str(refused.value).endswith("（年-月-日の形で入力してください）。")


def test_eight_digits_are_a_day(engine):
    # The numeric keypad has no "-": 20261208 is 2026-12-08.
    result = change(engine, "2026-12-05", accepted="20261208")["result"]
    assert result["accepted"] == "2026-12-08" and result["view"]["assumptions"] is None


@pytest.mark.parametrize("typed, today, month", [
    ("2", "2026-12-05", "2027-02"),
    ("2月", "2026-12-05", "2027-02"),
    ("２月", "2026-12-05", "2027-02"),
    ("02", "2026-12-05", "2027-02"),
    (" 12 ", "2026-12-05", "2026-12"),          # this month itself
    ("11", "2026-12-05", "2027-11"),            # gone by this year: next year's
    ("1月", "2027-01-31", "2027-01"),
])
def test_a_month_without_a_year_is_the_next_such_month(engine, typed, today, month):
    reply = engine.run({"calculator": "deadline", "last_usage_month": typed, "today": today})
    assert reply["ok"], reply
    result = reply["result"]
    assert result["last_usage_month"] == month
    # The page writes the month it used back into the field, and the result says so.
    assert result["inputs"] == {"last_usage_month": month}
    y, m = (int(x) for x in month.split("-"))
    line = result["view"]["assumptions"]["items"][0]
    assert line.startswith(f"「{typed.strip()}」は年の指定がないため、") and f"{y}年{m}月として計算しました。" in line
    assert f"  ・{line}" in result["view"]["copy"]


@pytest.mark.parametrize("typed", ["13", "0", "13月", "123", "2026", "2/1"])
def test_no_such_month_is_refused_as_typed(engine, typed):
    reply = engine.run({"calculator": "deadline", "last_usage_month": typed, "today": "2026-12-05"})
    assert reply == {"ok": False, "field": "last_usage_month",
                     "message": f"「{typed}」は月として正しくありません（例：2027-01）。"}


def test_a_full_month_assumes_nothing(engine):
    result = engine.run({"calculator": "deadline", "last_usage_month": "2027-02", "today": "2026-12-05"})["result"]
    assert result["inputs"] == {} and not any("年の記載" in line for line in result["view"]["copy"])


@pytest.mark.parametrize("typed, today, day", [
    ("2026-12-28(月)", "2026-12-05", "2026-12-28"),      # as the page passes 2026年12月28日(月) on
    ("12/28(月)", "2026-12-05", "2026-12-28"),
    ("12月28日（月曜日）", "2026-12-05", "2026-12-28"),
    ("1/8 (金)", "2026-12-05", "2027-01-08"),
])
def test_a_weekday_written_after_the_day_is_checked_and_then_dropped(engine, typed, today, day):
    result = change(engine, today, accepted=typed)["result"]
    assert result["accepted"] == day and result["inputs"] == {"accepted": day}


@pytest.mark.parametrize("typed, told", [
    ("2026-12-28(火)", "2026年12月28日は月曜日です"),
    ("2027年1月8日(木)", None),
])
def test_a_weekday_that_is_not_the_days_is_refused_not_ignored(engine, typed, told):
    reply = change(engine, "2026-12-05", accepted=typed)
    assert not reply["ok"] and reply["field"] == "accepted", reply
    if told:
        # The page keeps the field as typed, so the message need not quote it.
        assert reply["message"] == f"曜日が日付と合いません（{told}）。日付をご確認ください。"
    else:
        assert f"「{typed}」" in reply["message"] and "曜日" not in reply["message"]


@pytest.mark.parametrize("typed, today, told, meant", [
    # 2027-12-28 is a Tuesday, a year on; 2021's is one too, but further away.
    ("12/28(火)", "2026-12-05", "2026年12月28日は月曜日です", "2027年12月28日(火)"),
    # The nearest Sunday 28 December is the one past, as a day without a year is read.
    ("12/28(日)", "2026-12-05", "2026年12月28日は月曜日です", "2025年12月28日(日)"),
    # A 29 February on a Thursday: 2024's, the only one within four years.
    ("2/29(木)", "2026-12-05", "2028年2月29日は火曜日です", "2024年2月29日(木)"),
])
def test_a_weekday_that_fits_another_year_names_that_day(engine, typed, today, told, meant):
    reply = change(engine, today, accepted=typed)
    assert not reply["ok"] and reply["field"] == "accepted", reply
    assert reply["message"] == f"曜日が日付と合いません（{told}）。{meant}のことでしたら、年も入力してください。"


def test_a_weekday_no_year_near_has_is_only_told(engine):
    # 29 February is a Tuesday in 2028 and a Thursday in 2024; no leap day
    # from 2022 to 2030 is a Monday.
    reply = change(engine, "2026-12-05", accepted="2/29(月)")
    assert reply["message"] == "曜日が日付と合いません（2028年2月29日は火曜日です）。日付をご確認ください。"


def test_a_bracketed_tail_that_is_no_weekday_is_refused_as_typed(engine):
    reply = change(engine, "2026-12-05", accepted="2026-12-28(x)")
    assert not reply["ok"] and "「2026-12-28(x)」は存在しない日付" in reply["message"]
