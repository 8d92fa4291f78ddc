"""MM-DD closure bounds: one parser and one year-wrapping rule, hand-worked."""

import datetime as dt

import pytest

from calculators.businesscalendar import ClosedPeriod, parse_month_day

D = dt.date


@pytest.mark.parametrize(("text", "expected"), [("12-29", (12, 29)), ("01-03", (1, 3)), ("02-29", (2, 29))])
def test_parse_month_day(text, expected):
    assert parse_month_day(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("02-30", "02-30 is not a day of the year"), ("13-01", "13-01 is not a day of the year"),
    ("1-3", "'1-3' is not written MM-DD"), ("12-29 ", "'12-29 ' is not written MM-DD"), (1229, "1229 is not written MM-DD"),
])
def test_parse_month_day_refuses(text, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        parse_month_day(text)


def test_year_end_closure_wraps_and_is_cut_at_the_window():
    closure = ClosedPeriod("年末年始", (12, 29), (1, 3))
    assert closure.spans(D(2025, 1, 1), D(2026, 12, 31)) == [
        (D(2025, 1, 1), D(2025, 1, 3)), (D(2025, 12, 29), D(2026, 1, 3)), (D(2026, 12, 29), D(2026, 12, 31))]


def test_a_leap_day_closure_in_a_common_year_is_only_march_1():
    closure = ClosedPeriod("x", (2, 29), (3, 1))
    assert closure.spans(D(2027, 1, 1), D(2028, 12, 31)) == [
        (D(2027, 3, 1), D(2027, 3, 1)), (D(2028, 2, 29), D(2028, 3, 1))]
    assert not closure.contains(D(2027, 2, 28)) and closure.contains(D(2028, 2, 29))
