"""The CLI's calculator commands come from the list in ``calculators/forms.py``
and print what ``calculators.api.Engine.run`` answers the page: its view's
text, or with ``--json`` its dates.

Days are calendar.yaml's worked example (tests/testdates.py), never a typed
year; the expected text is the engine's view over the live rules."""

import datetime as dt
import json
from functools import cache

import pytest

from calculators.api import Engine
from calculators.errors import CalculatorError
from calculators.forms import CALCULATORS, DAY, ITEMS, MONTH, Calculator, Field
from guidebuild.calculate import option, request
from guidebuild.cli import build_parser
from guidebuild.rules import build_bundle, load_rules
from testdates import example_accepted, today_iso

from .conftest import run_module


@cache
def live_engine() -> Engine:
    return Engine(build_bundle(load_rules()))


def _commands(parser) -> dict:
    return next(a for a in parser._actions if a.dest == "command").choices


def _example(field: Field):
    """A value of the field's type from calendar.yaml's worked example."""
    day = dt.date.fromisoformat(example_accepted())
    if field.type == DAY:
        return day.isoformat()
    if field.type == MONTH:  # a few months on: a last usage month the example's day can still reach
        index = day.year * 12 + day.month - 1 + 3
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    numbers = [item["no"] for item in live_engine().bundle["rules"]["changes"]["items"]]
    return [numbers[0], numbers[-1]]


def _command_line(calc: Calculator, given: set[str]) -> tuple[list[str], dict]:
    """The command line and the engine request for the fields named in ``given``."""
    args, asked = [calc.name], {"calculator": calc.name, "today": today_iso()}
    for field in calc.fields:
        if field.name not in given:
            continue
        value = _example(field)
        asked[field.name] = value
        for one in value if isinstance(value, list) else [value]:
            args += [option(field), str(one)]
    return args, asked


def _view_text(view: dict) -> str:
    """The view as a reader reads it: the copied lines, then the day-by-day count."""
    lines = list(view["copy"])
    if view.get("calendar"):
        calendar = view["calendar"]
        lines += ["", calendar["heading"] + ":"] + [f"  {d['text']} {d['label']}" for d in calendar["days"]]
    return "\n".join(lines) + "\n"


def test_every_calculator_of_the_list_is_a_command():
    commands = _commands(build_parser())
    for calc in CALCULATORS:
        assert calc.name in commands
        assert {a.dest for a in commands[calc.name]._actions} >= {f"field_{f.name}" for f in calc.fields} | {"json"}


def test_a_calculator_added_to_the_list_is_a_command_with_its_fields():
    month = _example(Field("m", "m", MONTH))
    added = Calculator("transfer", (
        Field("asked", "asked_on", help="day the transfer is asked"),
        Field("signed", "signed", stands_for="asked", help="day the form is signed"),
        Field("first_month", "first_month", MONTH, help="first month billed to the new holder"),
        Field("lines", "line", ITEMS, error="line", help="line No"),
    ), help="when a contract moves to a new holder")
    assert "transfer" not in _commands(build_parser())
    parser = build_parser((*CALCULATORS, added))
    assert "transfer" in _commands(parser)

    args = parser.parse_args(["transfer", "--first-month", month, "--line", "2", "--line", "5"])
    assert args.calculator is added and args.json is False
    # A day left out is today, unless it stands for another; then it is not sent.
    assert request(added, args, today_iso()) == {
        "calculator": "transfer", "today": today_iso(), "asked": today_iso(), "first_month": month, "lines": [2, 5]}
    args = parser.parse_args(["transfer", "--asked", example_accepted(), "--signed", example_accepted(),
                              "--first-month", month, "--line", "2", "--json"])
    assert request(added, args, today_iso()) == {
        "calculator": "transfer", "today": today_iso(), "asked": example_accepted(), "signed": example_accepted(),
        "first_month": month, "lines": [2]}
    assert args.json is True
    with pytest.raises(SystemExit):  # a month and the items are required
        parser.parse_args(["transfer", "--line", "2"])


@pytest.mark.parametrize("calc", CALCULATORS, ids=lambda c: c.name)
def test_each_command_prints_the_engines_view_and_dates(calc):
    args, asked = _command_line(calc, {f.name for f in calc.fields if not f.stands_for})
    response = live_engine().run(asked)
    assert response["ok"] is True, response
    result = run_module("guidebuild", *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout == _view_text(response["result"]["view"])

    result = run_module("guidebuild", *args, "--json")
    assert result.returncode == 0, result.stderr
    dates = json.loads(result.stdout)
    assert dates == live_engine().run(asked, dates_only=True)["result"]
    # The dates are the page's result without its words.
    assert set(dates) < set(response["result"]) and "view" not in dates


@pytest.mark.parametrize(("calc", "field"), [(c, f) for c in CALCULATORS for f in c.fields if f.stands_for],
                         ids=lambda x: x.name)
def test_a_day_that_stands_for_another_is_sent_when_given(calc, field):
    args, asked = _command_line(calc, {f.name for f in calc.fields if f.name != field.stands_for})
    response = live_engine().run(asked)
    assert response["ok"] is True, response
    result = run_module("guidebuild", *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout == _view_text(response["result"]["view"])
    # Without it, the same command counts from the day it stands for (today here).
    without = [a for a in args if a not in (option(field), asked[field.name])]
    assert run_module("guidebuild", *without).stdout != result.stdout


@pytest.mark.parametrize("calc", CALCULATORS, ids=lambda c: c.name)
def test_a_refusal_names_the_option(calc):
    # Each field typed wrong in turn: the engine's message, after the option typed.
    for field in calc.fields:
        if field.type == ITEMS:
            continue  # not a number: argparse's own refusal names --item (test_validate.py)
        args, _ = _command_line(calc, {f.name for f in calc.fields if not f.stands_for} | {field.name})
        args[args.index(option(field)) + 1] = "2026-02-30" if field.type == DAY else "2026-13"
        result = run_module("guidebuild", *args)
        assert result.returncode == 2
        assert result.stderr.startswith(f"error: {option(field)}: 「{args[args.index(option(field)) + 1]}」")


def test_a_month_without_a_year_is_refused_by_the_command():
    # The page reads 「2」 as the next February; a script's month is YYYY-MM
    # only, so a typo is refused rather than read as another month.
    calc = next(c for c in CALCULATORS if any(f.type == MONTH for f in c.fields))
    month = next(f for f in calc.fields if f.type == MONTH)
    with pytest.raises(CalculatorError) as refused:
        request(calc, build_parser().parse_args([calc.name, option(month), "2"]), today_iso())
    assert str(refused.value).startswith("「2」は月として正しくありません")
