"""The maintainers' commands: ``python -m guidebuild COMMAND``.

    validate [--strict]           check rules/ exactly as the build does; file:line: what : fix
    diff REF                      Markdown: what a rules change does to customers' dates
    CALCULATOR [--FIELD ...] [--json]
                                  one command per calculator of calculators/forms.py, one
                                  option per field (guidebuild/calculate.py), e.g.
                                  change --item N [--accepted YYYY-MM-DD] [--sent YYYY-MM-DD]
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
from collections.abc import Iterable
from pathlib import Path

import jsonschema

from calculators.forms import CALCULATORS, Calculator

from .calculate import add_calculators, calculate
from .checkout import CheckoutError, code_root, find_root, require_own_code, rules_dir
from .rules import RulesError, load_file
from .today import TodayError
from .today import today as current_day


def build_parser(calculators: Iterable[Calculator] = CALCULATORS) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m guidebuild", description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=Path, default=None,
                        help="rules directory (default: rules/ of the git checkout holding the current directory)")
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check rules/ as the build does; prints file:line: message, exit 1 on problems")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors (scheduled CI)")
    diff = sub.add_parser("diff", help="Markdown report of what a rules change means for customers")
    diff.add_argument("base", help="git ref to compare the working tree's rules/ against")

    add_calculators(sub, calculators)

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
    args = build_parser().parse_args(argv)
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
    return calculate(args.calculator, args, chosen)


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
