"""Change lead times (2.1), hand-worked against the 2026–2027 calendar.

Counting from an acceptance on Tue 2026-11-24: 起算日 Wed 11-25 is day 1;
business days 25,26,27,30 Nov, 1,2,3,4,7,8,9,10,11,14,15,16,17,18,21,22,23,24 Dec
are days 1..22 (no holiday in that stretch).
"""

import datetime as dt

import pytest

from calculators import InputError, OutOfCoverage

D = dt.date.fromisoformat


def change(engine, accepted, *items):
    return engine.changes.compute(D(accepted), list(items))


@pytest.mark.parametrize(
    "no, earliest, latest",
    [
        (1, "2026-12-01", "2026-12-01"),  # 5営業日
        (2, "2026-12-01", "2026-12-01"),
        (3, "2026-12-01", "2026-12-01"),  # 翌月適用: 起算日 11-25 -> 12-01
        (4, "2026-12-01", "2026-12-01"),
        (5, "2026-12-01", "2026-12-01"),
        (6, "2026-12-02", "2026-12-08"),  # 6～10営業日
        (7, "2026-12-08", "2026-12-18"),  # 10～18営業日
        (8, "2026-12-02", "2026-12-08"),
        (9, "2026-12-16", "2026-12-16"),  # 16営業日
        (10, "2026-12-02", "2026-12-08"),
        (11, "2026-12-01", "2026-12-01"),
        (12, "2026-12-10", "2026-12-24"),  # 12～22営業日
        (13, "2026-12-10", "2026-12-24"),
    ],
)
def test_every_seed_item_from_tuesday_24_november(engine, no, earliest, latest):
    result = change(engine, "2026-11-24", no)
    assert result.start == D("2026-11-25")
    assert (result.items[0].earliest, result.items[0].latest) == (D(earliest), D(latest))


def test_the_worked_example_of_the_issue(engine):
    result = change(engine, "2026-11-24", 1)
    assert result.start == D("2026-11-25")
    assert result.latest == D("2026-12-01")


def test_only_item_9_carries_the_setting_fee(engine):
    fees = {no: change(engine, "2026-11-24", no).setting_fee for no in range(1, 14)}
    assert fees == {no: no == 9 for no in range(1, 14)}


def test_several_items_follow_the_longest_note_1(engine):
    result = change(engine, "2026-11-24", 1, 3, 7)
    assert [i.no for i in result.items] == [1, 3, 7]
    assert result.earliest == D("2026-12-08")
    assert result.latest == D("2026-12-18")


def test_documents_are_merged_without_repeats(engine):
    result = change(engine, "2026-11-24", 1, 2, 6)
    assert result.documents == ("サービス利用変更申込書", "アカウントパラメータ変更申込書 企業管理者追加・削除")


def test_acceptance_on_a_saturday_counts_from_monday(engine):
    # Sat 11-28 -> accepted Mon 11-30 -> 起算日 Tue 12-01; day 5 = Mon 12-07.
    result = change(engine, "2026-11-28", 1)
    assert result.effective_accepted == D("2026-11-30")
    assert result.start == D("2026-12-01")
    assert result.latest == D("2026-12-07")


def test_acceptance_on_a_national_holiday(engine):
    # Mon 11-23 勤労感謝の日 -> accepted Tue 11-24 -> same as a Tuesday acceptance.
    result = change(engine, "2026-11-23", 1)
    assert result.effective_accepted == D("2026-11-24")
    assert result.latest == D("2026-12-01")
    assert result.explanation[0].reasons == ("勤労感謝の日",)


def test_acceptance_on_29_december_waits_for_the_new_year(engine):
    # 12-29..01-03 closed; accepted Mon 2027-01-04, 起算日 Tue 01-05;
    # 5,6,7,8 Jan are days 1-4, Mon 01-11 is 成人の日, day 5 = Tue 01-12.
    result = change(engine, "2026-12-29", 1)
    assert result.effective_accepted == D("2027-01-04")
    assert result.start == D("2027-01-05")
    assert result.latest == D("2027-01-12")


def test_acceptance_on_the_last_business_day_of_the_year(engine):
    result = change(engine, "2026-12-28", 1)
    assert result.start == D("2027-01-04")
    assert result.latest == D("2027-01-08")


def test_range_across_the_year_end(engine):
    # 起算日 Tue 12-22: 22,23,24,25,28 Dec then 4..8 Jan -> day 10 = 01-08;
    # 12,13,14,15,18,19,20,21 Jan -> day 18 = 01-21.
    result = change(engine, "2026-12-21", 7)
    assert (result.earliest, result.latest) == (D("2027-01-08"), D("2027-01-21"))


def test_range_across_golden_week_2027(engine):
    # 04-29 昭和の日, 05-03..05 holidays. 起算日 Wed 04-28: 28, 30 Apr, 6, 7, 10,
    # 11 (day 6), 12, 13, 14, 17 May (day 10).
    result = change(engine, "2027-04-27", 6)
    assert (result.earliest, result.latest) == (D("2027-05-11"), D("2027-05-17"))


def test_golden_week_2026_with_its_substitute_holiday(engine):
    # 05-03 falls on a Sunday, so Wed 05-06 is 振替休日.
    result = change(engine, "2026-04-30", 1)
    assert result.start == D("2026-05-01")
    assert result.latest == D("2026-05-12")
    skipped = {d.date: d.reasons for d in result.explanation if d.kind == "skipped"}
    assert skipped[D("2026-05-06")] == ("振替休日",)


def test_next_month_when_accepted_on_the_months_last_business_day(engine):
    # Mon 11-30 is November's last business day: 起算日 is 12-01, so 翌月適用 = 01-01.
    assert change(engine, "2026-11-30", 3).latest == D("2027-01-01")
    assert change(engine, "2026-11-27", 3).latest == D("2026-12-01")


def test_next_month_across_the_year_end(engine):
    assert change(engine, "2026-12-28", 4).latest == D("2027-02-01")


def test_explanation_counts_and_names_skipped_days(engine):
    result = change(engine, "2026-12-25", 1)
    kinds = [(d.date.isoformat(), d.kind, d.count, d.reasons) for d in result.explanation]
    assert kinds[0] == ("2026-12-25", "accepted", None, ())
    assert ("2026-12-28", "counted", 1, ()) in kinds
    assert ("2027-01-01", "skipped", None, ("元日", "年末年始")) in kinds
    assert ("2027-01-02", "skipped", None, ("土曜", "年末年始")) in kinds
    assert kinds[-1] == ("2027-01-07", "counted", 5, ())


def test_no_item_is_refused(engine):
    with pytest.raises(InputError) as error:
        engine.changes.compute(D("2026-11-24"), [])
    assert error.value.field == "item"


def test_unknown_item_is_refused(engine):
    with pytest.raises(InputError, match="14"):
        engine.changes.compute(D("2026-11-24"), [14])


def test_acceptance_outside_the_window_is_refused(engine):
    with pytest.raises(OutOfCoverage, match="対象期間"):
        change(engine, "2024-12-31", 1)


def test_result_beyond_the_window_is_refused(engine):
    with pytest.raises(OutOfCoverage, match="超える"):
        change(engine, "2028-12-20", 13)


def test_cli_json_shape(engine):
    data = change(engine, "2026-11-24", 6, 7).to_json()
    assert data == {
        "accepted": "2026-11-24",
        "start": "2026-11-25",
        "items": [
            {"no": 6, "earliest": "2026-12-02", "latest": "2026-12-08"},
            {"no": 7, "earliest": "2026-12-08", "latest": "2026-12-18"},
        ],
        "earliest": "2026-12-08",
        "latest": "2026-12-18",
    }


def test_explanation_labels_are_what_the_page_shows(engine):
    days = {d["date"]: d for d in engine.run({"calculator": "change", "accepted": "2026-12-25", "items": [1]})
            ["result"]["explanation"]}
    assert days["2027-01-02"]["label"] == "休業日（土曜・年末年始）のため数えません"
    assert days["2026-12-28"]["label"] == "1営業日目（起算日）"
