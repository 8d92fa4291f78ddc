"""Cancellation cut-off (3.2): by the 10th -> N+2, from the 11th -> N+3."""

import datetime as dt

import pytest

from calculators import OutOfCoverage, YearMonth

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    "applied, last, cancelled",
    [
        ("2026-11-10", "2026-12", "2027-01"),  # the 10th: still N+2
        ("2026-11-11", "2027-01", "2027-02"),  # the 11th: N+3
        ("2026-11-01", "2026-12", "2027-01"),
        ("2026-11-30", "2027-01", "2027-02"),
        ("2026-12-10", "2027-01", "2027-02"),  # December crosses the year
        ("2026-12-11", "2027-02", "2027-03"),
        ("2027-01-10", "2027-02", "2027-03"),  # January
        ("2027-01-31", "2027-03", "2027-04"),
        ("2027-04-10", "2027-05", "2027-06"),  # the 10th on a Saturday still counts
        ("2026-10-11", "2026-12", "2027-01"),
    ],
)
def test_cut_off(engine, applied, last, cancelled):
    result = engine.cancellation.from_applied(D(applied))
    assert result.to_json() == {"applied": applied, "last_usage_month": last, "cancelled_from": cancelled}


def test_deadline_for_a_wanted_last_month(engine):
    result = engine.cancellation.deadline_for(YearMonth(2027, 1))
    assert result.deadline == D("2026-12-10")
    assert result.deadline_closed == ()


def test_deadline_on_a_saturday_says_so(engine):
    result = engine.cancellation.deadline_for(YearMonth(2027, 5))
    assert result.deadline == D("2027-04-10")
    assert result.deadline_closed == ("土曜",)


def test_deadline_outside_the_window_is_refused(engine):
    with pytest.raises(OutOfCoverage):
        engine.cancellation.deadline_for(YearMonth(2024, 12))


def test_application_outside_the_window_is_refused(engine):
    with pytest.raises(OutOfCoverage):
        engine.cancellation.from_applied(D("2029-01-01"))
