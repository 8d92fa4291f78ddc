"""Properties that must hold for every day of the coverage window."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import YearMonth

from .conftest import BUNDLE, examples

START = dt.date.fromisoformat(BUNDLE["calendar"]["start"])
# Leave room for the longest lead time (22 business days) before the window ends.
LAST = dt.date.fromisoformat(BUNDLE["calendar"]["end"]) - dt.timedelta(days=60)
ITEMS = {item["no"]: item for item in BUNDLE["rules"]["changes"]["items"]}
COUNTED = sorted(no for no, item in ITEMS.items() if item["lead_time"]["kind"] == "business_days")
days = st.dates(min_value=START, max_value=LAST)
items = st.sampled_from(sorted(ITEMS))
counted_items = st.sampled_from(COUNTED)


@settings(max_examples=examples(150))
@given(days, days, items)
def test_a_later_acceptance_never_gives_an_earlier_date(engine, a, b, no):
    a, b = sorted((a, b))
    first, second = engine.changes.compute(a, [no]), engine.changes.compute(b, [no])
    assert first.earliest <= second.earliest and first.latest <= second.latest


@settings(max_examples=examples(150))
@given(days, items)
def test_business_day_results_are_business_days(engine, accepted, no):
    result = engine.changes.compute(accepted, [no])
    assert engine.calendar.is_business_day(result.start)
    if result.items[0].kind == "business_days":
        assert engine.calendar.is_business_day(result.earliest)
        assert engine.calendar.is_business_day(result.latest)


@settings(max_examples=examples(150))
@given(days, counted_items)
def test_exactly_n_business_days_from_start_to_end(engine, accepted, no):
    item = ITEMS[no]
    result = engine.changes.compute(accepted, [no])
    counted = [d for d in engine.calendar.days(result.start, result.latest) if engine.calendar.is_business_day(d)]
    assert len(counted) == item["lead_time"]["max"]
    counted = [d for d in engine.calendar.days(result.start, result.earliest) if engine.calendar.is_business_day(d)]
    assert len(counted) == item["lead_time"]["min"]


@settings(max_examples=examples(150))
@given(days)
def test_start_is_the_next_business_day_after_acceptance(engine, accepted):
    result = engine.changes.compute(accepted, [1])
    between = list(engine.calendar.days(result.effective_accepted + dt.timedelta(days=1), result.start))
    assert [d for d in between if engine.calendar.is_business_day(d)] == [result.start]
    assert result.effective_accepted >= accepted


@settings(max_examples=examples(200))
@given(days)
def test_cancellation_is_two_or_three_months_on(engine, applied):
    result = engine.cancellation.from_applied(applied)
    month = YearMonth.of(applied)
    assert result.cancelled_from in (month.plus(2), month.plus(3))
    assert result.last_usage_month == result.cancelled_from.plus(-1)
    assert (result.cancelled_from == month.plus(2)) == (applied.day <= 10)


@settings(max_examples=examples(100))
@given(days)
def test_deadline_is_the_last_day_that_works(engine, applied):
    month = engine.cancellation.from_applied(applied).last_usage_month
    deadline = engine.cancellation.deadline_for(month).deadline
    assert engine.cancellation.from_applied(deadline).last_usage_month == month
    day_after = deadline + dt.timedelta(days=1)
    assert engine.cancellation.from_applied(day_after).last_usage_month > month
