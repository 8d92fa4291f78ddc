"""The maintainers' commands: ``python -m guidebuild COMMAND``.

    validate [--strict]           check rules/ exactly as the build does; file:line: what : fix
    diff REF                      Markdown: what a rules change does to customers' dates
    change --item N [--accepted YYYY-MM-DD] [--json]
    cancel [--applied YYYY-MM-DD] [--json]
    deadline --last-usage-month YYYY-MM [--json]
    option [--applied YYYY-MM-DD] [--json]
    schemas                       regenerate rules/schema/ from the models
    check-schemas FILE...         check rule files against their schema
    prerender OUT                 the project with every page filled (builders without plugins)
    holiday-check SITE|BUNDLE     the built calendar against the installed `holidays`
    browser                       the Chromium/Chrome the tests and benchmarks use

``--rules DIR`` (before the command) names the rules directory; the default is
rules/ of the git checkout holding the current directory.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import jsonschema

from calculators.api import Engine, parse_date, parse_month
from calculators.errors import CalculatorError

from .checkout import CheckoutError, code_root, find_root, require_own_code, rules_dir
from .rules import RulesError, build_bundle, load_file, load_rules
from .today import TodayError
from .today import today as current_day


def _item_no(text: str) -> int:
    """A change item No as plain decimal digits (int() would take 1_3 as 13)."""
    if not text.isascii() or not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not an item number: write the No of 2.1 in digits, e.g. --item 7")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m guidebuild", description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=Path, default=None,
                        help="rules directory (default: rules/ of the git checkout holding the current directory)")
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check rules/ as the build does; prints file:line: message, exit 1 on problems")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors (scheduled CI)")
    diff = sub.add_parser("diff", help="Markdown report of what a rules change means for customers")
    diff.add_argument("base", help="git ref to compare the working tree's rules/ against")

    change = sub.add_parser("change", help="when is a change (2.1) done")
    change.add_argument("--accepted", help="acceptance day YYYY-MM-DD (default: today in Japan, or $KMC_TODAY)")
    change.add_argument("--item", type=_item_no, action="append", required=True, help="change item No (repeatable)")
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

    sub.add_parser("schemas", help="regenerate rules/schema/ from the models")
    check = sub.add_parser("check-schemas", help="check rule files against their JSON Schema")
    check.add_argument("files", nargs="*")
    prerender = sub.add_parser("prerender", help="write the project with every page filled from the rules")
    prerender.add_argument("out", type=Path)
    holiday = sub.add_parser("holiday-check", help="exit 1 if `holidays` knows holidays a built calendar lacks")
    holiday.add_argument("target", help="a built site directory or a rules bundle (rules.json)")
    sub.add_parser("browser", help="print the Chromium/Chrome the tests and benchmarks use")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:  # every command's "today" (the window check, the default dates)
        current_day()
    except TodayError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.command == "check-schemas":
        return check_schemas(args.files)
    if args.command == "holiday-check":
        from .tools.holiday_check import main as holiday_main

        return holiday_main([args.target])
    if args.command == "browser":
        from .tools.browser import main as browser_main

        return browser_main()
    try:
        chosen = rules_dir(args.rules)
    except CheckoutError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.command == "validate":
        return validate(chosen, args.strict)
    if args.command == "diff":
        from .tools.diff import main as diff_main

        return diff_main(args.base, chosen)
    if args.command == "schemas":
        from .rules.schemas import write_all

        for path in write_all(chosen):
            print(path)
        return 0
    if args.command == "prerender":
        return prerender(chosen, args.out)
    return calculate(args, chosen)


def _docs_dir(rules: Path) -> Path:
    """The docs beside the rules' checkout, else the running code's own."""
    try:
        return find_root(rules) / "docs"
    except CheckoutError:
        return code_root() / "docs"


def validate(rules: Path, strict: bool) -> int:
    """Everything the build does with the rules (models, cross-file checks,
    bundle, worked examples, page data, pages): passing here means the build passes."""
    from .guide import build_guide

    try:
        guide = build_guide(rules, _docs_dir(rules))
    except RulesError as error:
        print(error, file=sys.stderr)
        return 1
    for warning in guide.rules.warnings:
        print(f"{warning.file}:{warning.line}: warning: {warning.message}", file=sys.stderr)
    if strict and guide.rules.warnings:
        return 1
    print(f"rules OK: {len(guide.rules.files)} files, {len(guide.pages)} pages")
    return 0


def calculate(args: argparse.Namespace, rules: Path) -> int:
    try:
        engine = Engine(build_bundle(load_rules(rules)))
    except RulesError as error:
        print(error, file=sys.stderr)
        return 1
    today = current_day().isoformat()
    try:
        if args.command == "change":
            accepted = parse_date(today if args.accepted is None else args.accepted, "accepted", keypad=False)
            request = {"calculator": "change", "accepted": accepted.isoformat(), "items": args.item}
        elif args.command in ("cancel", "option"):
            applied = parse_date(today if args.applied is None else args.applied, "applied", keypad=False)
            request = {"calculator": args.command, "applied": applied.isoformat()}
        else:
            request = {"calculator": "deadline", "last_usage_month": args.last_usage_month}
    except CalculatorError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 2
    response = engine.run({**request, "today": today})
    if not response["ok"]:
        print(f"error: {response['message']}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(_short_json(engine, request), ensure_ascii=False))
    else:
        print("\n".join(view_lines(response["result"]["view"])))
    return 0


def _short_json(engine: Engine, request: dict) -> dict:
    """The dates alone, as scripts want them (the result's ``to_json``)."""
    kind = request["calculator"]
    if kind == "change":
        result = engine.changes.compute(parse_date(request["accepted"], "accepted"), request["items"])
    elif kind == "cancel":
        result = engine.cancellation.from_applied(parse_date(request["applied"], "applied"))
    elif kind == "option":
        result = engine.option.compute(parse_date(request["applied"], "applied"))
    else:
        result = engine.cancellation.deadline_for(parse_month(request["last_usage_month"], "last_usage_month"))
    return result.to_json()


def view_lines(view: dict) -> list[str]:
    """The engine's worded result as plain lines: what a reader copies, then the
    day-by-day count (the same words the page lays out)."""
    lines = list(view["copy"])
    calendar = view.get("calendar")
    if calendar:
        lines += ["", f"{calendar['heading']}:", *(f"  {d['text']} {d['label']}" for d in calendar["days"])]
    return lines


def check_schemas(paths: list[str]) -> int:
    failed = 0
    for name in paths:
        path = Path(name)
        schema_path = path.parent / "schema" / f"{path.stem}.schema.json"
        try:
            data = load_file(path, name).data
        except RulesError as error:
            print(error, file=sys.stderr)
            failed += 1
            continue
        if not schema_path.exists():
            print(f"{name}:1: no schema at {schema_path}: rule files live in rules/ beside rules/schema/", file=sys.stderr)
            failed += 1
            continue
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        for error in jsonschema.Draft202012Validator(schema).iter_errors(json.loads(json.dumps(data, default=str))):
            where = "/".join(str(p) for p in error.absolute_path) or "(top)"
            print(f"{name}: {where}: {error.message}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


def prerender(rules: Path, out: Path) -> int:
    from .guide import build_guide
    from .pages.prerender import prerender_project

    if out.exists():
        print(f"error: {out} exists: give a new directory", file=sys.stderr)
        return 2
    try:
        root = find_root()
        require_own_code(root)
        guide = build_guide(rules, root / "docs")
        config = prerender_project(root, out, guide)
    except CheckoutError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except RulesError as error:
        print(error, file=sys.stderr)
        return 1
    print(config)
    return 0
