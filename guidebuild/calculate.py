"""The calculator commands of ``python -m guidebuild``, made from the list in
``calculators/forms.py``: one command per calculator, one option per field.

An option is named for the field's slot (``Field.slot``: where the engine
reports a refusal of it, the form's ``data-error-for``), with dashes:
``--accepted``, ``--sent``, ``--item``, ``--applied``, ``--last-usage-month``.
So a refusal points back at the option the reader typed, the items field
(request key ``items``, one number per ``--item``) reads as singular, and the
option calculator's day is ``--applied`` as the engine calls it, not its page
input ``contract_applied``. A day is ``YYYY-MM-DD`` and, left out, today in
Japan (or ``$KMC_TODAY``), unless it stands for another field (a sent day for
the acceptance day): then it is sent only when given. A month is ``YYYY-MM``
and items ``--item N`` (repeatable); both required. The request goes through
``Engine.run``, as the page's does, and the command prints the view's text,
or with ``--json`` the dates alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from calculators.api import Engine, parse_date, parse_month
from calculators.errors import CalculatorError
from calculators.forms import DAY, ITEMS, MONTH, Calculator, Field

from .rules import RulesError, build_bundle, load_rules
from .today import today as current_day

TODAY_DEFAULT = "default: today in Japan, or $KMC_TODAY"


def option(field: Field) -> str:
    """The command-line option of a field: its slot, with dashes."""
    return "--" + field.slot.replace("_", "-")


def _dest(field: Field) -> str:
    # Apart from the parser's own names (command, rules, json, calculator).
    return f"field_{field.name}"


def _item_no(text: str) -> int:
    """A change item No as plain decimal digits (int() would take 1_3 as 13)."""
    if not text.isascii() or not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not an item number: write the No of 2.1 in digits, e.g. --item 7")
    return int(text)


def _argument(calc: Calculator, field: Field) -> dict:
    """add_argument's keywords for one field, by its type."""
    if field.type == DAY:
        stood = next((f for f in calc.fields if f.name == field.stands_for), None)
        default = f"given, counted as {option(stood)}" if stood else TODAY_DEFAULT
        return {"metavar": "YYYY-MM-DD", "help": f"{field.help} ({default})"}
    if field.type == MONTH:
        return {"metavar": "YYYY-MM", "required": True, "help": field.help}
    if field.type == ITEMS:
        return {"metavar": "N", "type": _item_no, "action": "append", "required": True,
                "help": f"{field.help} (repeatable)"}
    raise ValueError(f"calculator {calc.name}: field {field.name} has unknown type {field.type!r}")


def add_calculators(sub: argparse._SubParsersAction, calculators: Iterable[Calculator]) -> None:
    """One command per calculator, one option per field, plus ``--json``."""
    for calc in calculators:
        command = sub.add_parser(calc.name, help=calc.help, description=calc.help)
        for field in calc.fields:
            command.add_argument(option(field), dest=_dest(field), **_argument(calc, field))
        command.add_argument("--json", action="store_true", help="print the dates alone, as JSON")
        command.set_defaults(calculator=calc)


def request(calc: Calculator, args: argparse.Namespace, today: str) -> dict:
    """The engine's request from the command's options. A day is read as
    YYYY-MM-DD only, a month as YYYY-MM: the page's other forms (a phone's
    eight digits, a day or a month without a year) are for typing on a
    phone, and a script wants its typo refused, not read as another day."""
    built = {"calculator": calc.name, "today": today}
    for field in calc.fields:
        value = getattr(args, _dest(field))
        if field.type == DAY:
            if value is None and field.stands_for:
                continue
            value = parse_date(today if value is None else value, field.slot, keypad=False,
                               today=dt.date.fromisoformat(today)).isoformat()
        elif field.type == MONTH and value is not None:
            value = parse_month(value, field.slot, dt.date.fromisoformat(today)).iso()
        built[field.name] = value
    return built


def _refused(calc: Calculator, slot: str | None, message: str) -> int:
    """The engine's message, after the option it is about."""
    where = {f.slot: f"{option(f)}: " for f in calc.fields}.get(slot or "", "")
    print(f"error: {where}{message}", file=sys.stderr)
    return 2


def calculate(calc: Calculator, args: argparse.Namespace, rules: Path) -> int:
    try:
        asked = request(calc, args, current_day().isoformat())
    except CalculatorError as error:
        return _refused(calc, error.field, error.message)
    try:
        engine = Engine(build_bundle(load_rules(rules)))
    except RulesError as error:
        print(error, file=sys.stderr)
        return 1
    response = engine.run(asked, dates_only=args.json)
    if not response["ok"]:
        return _refused(calc, response["field"], response["message"])
    if args.json:
        print(json.dumps(response["result"], ensure_ascii=False))
    else:
        print("\n".join(view_lines(response["result"]["view"])))
    return 0


def view_lines(view: dict) -> list[str]:
    """The engine's worded result as plain lines: what a reader copies, then the
    day-by-day count (the same words the page lays out)."""
    lines = list(view["copy"])
    calendar = view.get("calendar")
    if calendar:
        lines += ["", f"{calendar['heading']}:", *(f"  {d['text']} {d['label']}" for d in calendar["days"])]
    return lines
