"""Command line: ``python -m calculators {change,cancel,deadline,option,validate,diff}``.

This module is for CPython at build and review time only. It reads rules/
through ``guidebuild`` (YAML, pydantic, holidays), which the browser never
needs: the browser gets the finished bundle and calls ``calculators.api``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .api import Engine, parse_date, parse_month
from .errors import CalculatorError


def _engine(rules_dir: Path | None) -> Engine:
    from guidebuild.bundle import build_bundle
    from guidebuild.rules import load_rules

    return Engine(build_bundle(load_rules(rules_dir)))


def _print(result, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        print("\n".join(result.ja_lines()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m calculators", description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=Path, default=None,
                        help="rules directory (default: rules/ of the git checkout holding the current directory)")
    sub = parser.add_subparsers(dest="command", required=True)

    change = sub.add_parser("change", help="when is a change (2.1) done")
    change.add_argument("--accepted", help="acceptance day YYYY-MM-DD (default: today in Japan, or $KMC_TODAY)")
    change.add_argument("--item", type=int, action="append", required=True, help="change item No (repeatable)")
    change.add_argument("--json", action="store_true")

    cancel = sub.add_parser("cancel", help="last usage month for a cancellation received on a day")
    cancel.add_argument("--applied", help="day the application is received YYYY-MM-DD (default: today in Japan, or $KMC_TODAY)")
    cancel.add_argument("--json", action="store_true")

    deadline = sub.add_parser("deadline", help="last day to apply for a wanted last usage month")
    deadline.add_argument("--last-usage-month", required=True, help="YYYY-MM")
    deadline.add_argument("--json", action="store_true")

    option = sub.add_parser("option", help="the SoftBank sender-number option of a new contract")
    option.add_argument("--applied", help="application day YYYY-MM-DD (default: today in Japan, or $KMC_TODAY)")
    option.add_argument("--json", action="store_true")

    validate = sub.add_parser("validate", help="check rules/; prints file:line: message and exits 1 on problems")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors (scheduled CI)")

    diff = sub.add_parser("diff", help="Markdown report of what a rules change means for customers")
    diff.add_argument("base", help="git ref to compare the working tree's rules/ against")

    args = parser.parse_args(argv)
    from guidebuild.today import TodayError
    from guidebuild.today import today as current_day

    try:  # every command's "today" (the window check, the default dates)
        today = current_day().isoformat()
    except TodayError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.rules is None:
        from guidebuild.checkout import CheckoutError, rules_dir

        try:
            args.rules = rules_dir()
        except CheckoutError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    if args.command == "validate":
        return _validate(args.rules, args.strict)
    if args.command == "diff":
        from guidebuild.diff import main as diff_main

        return diff_main(args.base, args.rules)

    from guidebuild.yamlload import RulesError

    try:
        engine = _engine(args.rules)
    except RulesError as error:
        print(error, file=sys.stderr)
        return 1
    try:
        if args.command == "change":
            result = engine.changes.compute(parse_date(today if args.accepted is None else args.accepted, "accepted"), args.item)
        elif args.command == "cancel":
            result = engine.cancellation.from_applied(parse_date(today if args.applied is None else args.applied, "applied"))
        elif args.command == "deadline":
            result = engine.cancellation.deadline_for(parse_month(args.last_usage_month, "last_usage_month"))
        else:
            result = engine.option.compute(parse_date(today if args.applied is None else args.applied, "applied"))
    except CalculatorError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 2
    _print(result, args.json)
    return 0


def _validate(rules_dir: Path | None, strict: bool) -> int:
    # Everything the build does with the rules (models, cross-file checks,
    # bundle, worked examples, page data, pages): passing here means the
    # build passes.
    from guidebuild.validate import build
    from guidebuild.yamlload import RulesError

    try:
        built = build(rules_dir)
    except RulesError as error:
        print(error, file=sys.stderr)
        return 1
    rules = built.rules
    for warning in rules.warnings:
        print(f"{warning.file}:{warning.line}: warning: {warning.message}", file=sys.stderr)
    if strict and rules.warnings:
        return 1
    print(f"rules OK: {len(rules.files)} files, {len(built.pages)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
