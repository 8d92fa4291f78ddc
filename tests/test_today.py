"""KMC_TODAY: the one setting for "today" in the build, the CLIs and the tests."""

from __future__ import annotations

import datetime as dt

import pytest

from guidebuild import today as today_module
from guidebuild.rules import load_rules
from guidebuild.rules import RulesError
from rules.conftest import run_module


@pytest.fixture
def kmc_today(monkeypatch):
    def set_(value: str | None):
        if value is None:
            monkeypatch.delenv(today_module.ENV, raising=False)
        else:
            monkeypatch.setenv(today_module.ENV, value)
    return set_


def test_kmc_today_is_today(kmc_today):
    kmc_today("2027-12-15")
    assert today_module.today() == dt.date(2027, 12, 15)


def test_unset_or_empty_is_today_in_japan(kmc_today, monkeypatch):
    monkeypatch.setattr(today_module, "today_in_japan", lambda: dt.date(2031, 1, 2))
    kmc_today(None)
    assert today_module.today() == dt.date(2031, 1, 2)
    kmc_today("")
    assert today_module.today() == dt.date(2031, 1, 2)


@pytest.mark.parametrize("value", ["2027-02-30", "2027/12/15", "20271215", "tomorrow", "2027-12-15T00:00", "２０２７-１２-１５"])
def test_a_bad_value_names_the_variable_and_the_format(kmc_today, value):
    kmc_today(value)
    with pytest.raises(today_module.TodayError) as error:
        today_module.today()
    assert str(error.value).startswith(f"KMC_TODAY={value!r} is not a day: write it as YYYY-MM-DD")


def test_the_window_check_reads_it(kmc_today):
    # The window must cover this year and next: a today past the window's
    # last-but-one year is an error of calendar.yaml, today never a guess.
    end = load_rules().models["calendar"].coverage.end
    kmc_today(f"{end.year}-06-01")
    with pytest.raises(RulesError, match=r"rules/calendar.yaml:\d+: coverage ends"):
        load_rules()
    kmc_today(f"{end.year - 1}-12-15")
    load_rules()


def test_the_cli_defaults_to_it(kmc_today):
    kmc_today("2027-03-01")
    result = run_module("guidebuild", "cancel", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('{"applied": "2027-03-01"')


def test_the_cli_refuses_a_bad_value(kmc_today):
    kmc_today("2027-13-01")
    result = run_module("guidebuild", "cancel")
    assert result.returncode == 2
    assert result.stderr.startswith("error: KMC_TODAY='2027-13-01' is not a day: write it as YYYY-MM-DD")
    assert "Traceback" not in result.stderr
