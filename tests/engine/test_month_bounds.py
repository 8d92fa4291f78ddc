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
    assert "営業日カレンダーの対象期間" in answer["message"] and answer["message"].endswith("対象期間内の月を入力してください。")


@pytest.mark.parametrize("month", ["99999-01", "27-01", "2027-1", "２０２７-01", "2027-01-01"])
def test_a_month_not_written_yyyy_mm_is_refused(engine, month):
    answer = engine.run({"calculator": "deadline", "last_usage_month": month, "today": "2027-12-15"})
    assert answer == {"ok": False, "field": "last_usage_month",
                      "message": f"「{month}」は月として正しくありません（例: 2028-01）。"}


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
    assert answer["message"].startswith(f"最終ご利用月（{int(y)}年{int(m)}月）は営業日カレンダーの対象期間")
    assert answer["message"].endswith("対象期間内の月を入力してください。")
    assert "期限" not in answer["message"]
