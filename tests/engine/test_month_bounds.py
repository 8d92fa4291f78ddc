"""Months far outside the calendar get a message, in the browser as on the CLI.

``deadline`` once raised a bare ValueError for 0000-05 and 99999-01, which the
page showed as 「計算中にエラーが発生しました」. These run in Pyodide too.
"""

import pytest


@pytest.mark.parametrize("month", ["0000-05", "0001-01", "9999-12", "1000-01"])
def test_a_month_far_outside_the_window_is_refused_with_the_window(engine, month):
    answer = engine.run({"calculator": "deadline", "last_usage_month": month})
    assert answer["ok"] is False and answer["field"] == "last_usage_month"
    assert answer["message"].startswith("最終ご利用月（")
    assert "営業日カレンダーの対象期間" in answer["message"] and answer["message"].endswith("の月を入力してください。")


@pytest.mark.parametrize("month", ["99999-01", "27-01", "2027-1", "２０２７-01", "2027-01-01"])
def test_a_month_not_written_yyyy_mm_is_refused(engine, month):
    answer = engine.run({"calculator": "deadline", "last_usage_month": month, "today": "2027-12-15"})
    assert answer == {"ok": False, "field": "last_usage_month",
                      "message": f"「{month}」は月として正しくありません（例：2028-01）。"}


def test_an_empty_date_is_refused_not_read_as_today(engine):
    answer = engine.run({"calculator": "change", "accepted": "", "items": [1]})
    assert answer == {"ok": False, "field": "accepted", "message": "日付を入力してください。"}


@pytest.mark.parametrize("month", ["2024-01", "2024-12", "2029-05", "2029-12"])
def test_a_month_whose_deadline_is_outside_the_window_names_no_date(engine, month):
    # 2024-01's deadline would be 2023-12-10, before the calendar: the
    # calculator never shows a date it cannot justify, so no date is named
    # but the window's own ends.
    answer = engine.run({"calculator": "deadline", "last_usage_month": month})
    assert answer["ok"] is False and answer["field"] == "last_usage_month"
    y, m = month.split("-")
    assert answer["message"].startswith(f"最終ご利用月（{int(y)}年{int(m)}月）は、お申し込みの締め日が営業日カレンダーの対象期間")
    assert "期限" not in answer["message"]


@pytest.mark.parametrize("month", ["2025-01", "2029-02"])
def test_a_refused_month_names_the_months_that_can_be_computed(engine, month):
    # Window 2025-01-01..2028-12-31, cut-off the 10th, two months: 2025-02's
    # deadline is 2025-01-10 and 2029-01's 2028-12-10, the first and last in
    # the window; the months either side (deadlines 2024-12-10, 2029-01-10)
    # are refused with those two.
    for inside in ("2025-02", "2029-01"):
        assert engine.run({"calculator": "deadline", "last_usage_month": inside})["ok"] is True
    answer = engine.run({"calculator": "deadline", "last_usage_month": month})
    assert answer["ok"] is False
    assert answer["message"].endswith("2025年2月～2029年1月の月を入力してください。"), answer["message"]
