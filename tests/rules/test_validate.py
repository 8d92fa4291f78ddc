"""The real rules, their schemas, the coverage safety net and the CLI."""

import datetime as dt
import json

import jsonschema
import pytest

from guidebuild.rules.models import FILES
from calculators.months import YearMonth
from guidebuild.rules import load_rules
from guidebuild.rules.schemas import render
from guidebuild.rules.yamlfile import load_file
from guidebuild.today import today as current_day

from testdates import example_accepted

from .conftest import ROOT, TODAY, run_module


def test_the_real_rules_are_valid_without_warnings():
    assert load_rules(today=TODAY).warnings == []


@pytest.mark.parametrize("name", list(FILES))
def test_each_yaml_names_its_schema_on_the_first_line(name):
    first = (ROOT / "rules" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=./schema/{name}.schema.json"


@pytest.mark.parametrize("name", list(FILES))
def test_published_schema_is_up_to_date(name):
    published = (ROOT / "rules" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert published == render(name), "run: python -m guidebuild schemas"


@pytest.mark.parametrize("name", list(FILES))
def test_editors_schema_accepts_the_real_file(name):
    # What an editor checks as you type must agree with the build.
    schema = json.loads((ROOT / "rules" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    data = load_file(ROOT / "rules" / f"{name}.yaml", name).data
    jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)


def test_editors_schema_rejects_an_unknown_key():
    schema = json.loads((ROOT / "rules" / "schema" / "changes.schema.json").read_text(encoding="utf-8"))
    data = load_file(ROOT / "rules" / "changes.yaml", "changes").data
    data["items"][0]["lead_tme"] = 5
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)


def _line(path, needle):
    return next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in t)


def test_pre_commit_schema_check(rules_copy):
    result = run_module("guidebuild", "check-schemas", *sorted(map(str, rules_copy.glob("*.yaml"))))
    assert result.returncode == 0, result.stderr
    edit = rules_copy / "changes.yaml"
    edit.write_text(edit.read_text(encoding="utf-8").replace("setting_fee: true", "setting_fee: 1"), encoding="utf-8")
    result = run_module("guidebuild", "check-schemas", str(edit))
    assert result.returncode == 1
    assert "items/8/setting_fee: 1 is not of type 'boolean'" in result.stderr


def test_window_ending_within_next_year_warns_a_year_ahead(rules_copy):
    # On 2027-06-01 a window to 2028-12-31 still works but must grow before 2028.
    rules = load_rules(rules_copy, today=dt.date(2027, 6, 1))
    line = _line(rules_copy / "calendar.yaml", "end: 2028-12-31")
    assert [str(w) for w in rules.warnings] == [
        f"rules/calendar.yaml:{line}: coverage ends 2028-12-31; extend it to 2029-12-31 before the year turns, or the build will fail on 1 January",
    ]


def test_window_starting_this_year_warns(rules_copy):
    calendar = rules_copy / "calendar.yaml"
    calendar.write_text(calendar.read_text(encoding="utf-8").replace("start: 2025-01-01", "start: 2026-01-01"), encoding="utf-8")
    rules = load_rules(rules_copy, today=TODAY)
    line = _line(calendar, "start: 2026-01-01")
    assert [str(w) for w in rules.warnings] == [
        f"rules/calendar.yaml:{line}: coverage should start on 2025-01-01 so last year's applications can be checked",
    ]


def test_strict_validate_fails_on_a_warning(rules_copy):
    # A window starting after 1 January of last year (the run's: KMC_TODAY) warns.
    calendar = rules_copy / "calendar.yaml"
    start = f"start: {current_day().year - 1}-01-02"
    calendar.write_text(calendar.read_text(encoding="utf-8").replace("start: 2025-01-01", start), encoding="utf-8")
    result = run_cli("--rules", str(rules_copy), "validate")
    assert result.returncode == 0 and "coverage should start on" in result.stderr
    assert run_cli("--rules", str(rules_copy), "validate", "--strict").returncode == 1


def run_cli(*args, cwd=ROOT):
    return run_module("guidebuild", *args, cwd=cwd)


def test_cli_validate_ok():
    result = run_cli("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "rules OK: 9 files, 18 pages"


def test_cli_validate_reports_file_and_line(rules_copy):
    text = (rules_copy / "changes.yaml").read_text(encoding="utf-8")
    (rules_copy / "changes.yaml").write_text(text.replace("min: 10, max: 18", "min: 18, max: 10"), encoding="utf-8")
    result = run_cli("--rules", str(rules_copy), "validate")
    assert result.returncode == 1
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "min: 10, max: 18" in t)
    assert result.stderr.strip() == f"rules/changes.yaml:{line}: lead time min 18 is greater than max 10: swap them or fix the numbers"


# The CLI's days are calendar.yaml's worked example (inside the coverage
# window by the rules' own checks), and what it prints is checked against the
# engine over the live rules: the arithmetic itself is tested on a frozen
# bundle (tests/engine).
def live_engine():
    from calculators.api import Engine
    from guidebuild.rules import build_bundle

    return Engine(build_bundle(load_rules()))


def test_cli_change_json():
    day = example_accepted()
    result = run_cli("change", "--accepted", day, "--item", "6", "--item", "7", "--json")
    computed = live_engine().changes.compute(dt.date.fromisoformat(day), [6, 7])
    items = [{"no": i.no, "earliest": i.earliest.isoformat(), "latest": i.latest.isoformat()} for i in computed.items]
    assert [i["no"] for i in items] == [6, 7] and computed.start > dt.date.fromisoformat(day)
    assert json.loads(result.stdout) == {
        "accepted": day, "start": computed.start.isoformat(), "items": items,
        # Note ①: the longest wins, for the earliest and the latest day alike.
        "earliest": max(i["earliest"] for i in items), "latest": max(i["latest"] for i in items),
    }


def test_cli_cancel_json():
    day = example_accepted()
    result = run_cli("cancel", "--applied", day, "--json")
    computed = live_engine().cancellation.from_applied(dt.date.fromisoformat(day))
    last, start = computed.last_usage_month, computed.cancelled_from
    assert (start.year * 12 + start.month) - (last.year * 12 + last.month) == 1
    assert json.loads(result.stdout) == {"applied": day, "last_usage_month": last.iso(), "cancelled_from": start.iso()}


def test_cli_japanese_output_explains():
    from calculators.jformat import ja_date

    day = dt.date.fromisoformat(example_accepted())
    result = run_cli("change", "--accepted", day.isoformat(), "--item", "1")
    computed = live_engine().changes.compute(day, [1])
    assert f"起算日：{ja_date(computed.start)}" in result.stdout
    assert f"{ja_date(computed.items[0].latest)} 5営業日目" in result.stdout
    # Five business days from the start always span a weekend but when the
    # start is a Monday; each weekend day on the way is said to be skipped.
    saturdays = [computed.start + dt.timedelta(days=n) for n in range((computed.items[0].latest - computed.start).days)
                 if (computed.start + dt.timedelta(days=n)).weekday() == 5]
    assert saturdays or computed.start.weekday() == 0
    for saturday in saturdays:
        assert f"{ja_date(saturday)} 休業日（土曜）のため数えません" in result.stdout


def test_cli_bad_date_is_a_message_not_a_traceback():
    result = run_cli("cancel", "--applied", "2026-02-30")
    assert result.returncode == 2
    assert result.stderr.startswith("error: --applied: 「2026-02-30」は存在しない日付")


@pytest.mark.parametrize("flag", ["--accepted", "--applied"])
def test_cli_refuses_an_empty_date_instead_of_using_today(flag):
    command = "change" if flag == "--accepted" else "cancel"
    extra = ["--item", "1"] if command == "change" else []
    result = run_cli(command, flag, "", *extra)
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {flag}: 日付を入力してください。"


@pytest.mark.parametrize(("month", "message"), [
    ("0000-05", "error: --last-usage-month: 最終ご利用月（0年5月）は、お申し込みの締め日が営業日カレンダーの対象期間"),
    ("99999-01", "error: --last-usage-month: 「99999-01」は月として正しくありません"
                 f"（例：{YearMonth.of(current_day()).plus(1).iso()}）。"),
])
def test_cli_out_of_range_month_is_a_message_not_a_traceback(month, message):
    result = run_cli("deadline", "--last-usage-month", month)
    assert result.returncode == 2
    assert result.stderr.startswith(message) and "Traceback" not in result.stderr


def test_cli_validate_runs_the_pages_too(rules_copy):
    # A contract flow id the pages name (contract.flows.plus) is only known to
    # the pages: validate must still catch it, as the build would.
    contract = rules_copy / "contract.yaml"
    text = contract.read_text(encoding="utf-8")
    contract.write_text(text.replace("id: plus", "id: plus_message", 1), encoding="utf-8")
    result = run_cli("--rules", str(rules_copy), "validate")
    assert result.returncode == 1
    assert result.stderr == ("rules/contract.yaml:62: flow 'plus_message' has no page docs/contract/flow-plus_message.md, "
                             "so it would be published nowhere: add the page (copy flow-sms.md) or remove the flow "
                             "(the pages are for plus)\n")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("typed", ["2026-W48-2", "20261124", "2026-11-24T00:00", " 2026-1-5"])
def test_cli_dates_are_yyyy_mm_dd_only(typed):
    result = run_cli("cancel", "--applied", typed)
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: --applied: 「{typed}」は存在しない日付か、形式が正しくありません（例：{current_day().isoformat()}）。"


@pytest.mark.parametrize("typed", ["1_3", "７", "+7", "7.0"])
def test_cli_item_numbers_are_plain_decimals(typed):
    result = run_cli("change", "--accepted", example_accepted(), "--item", typed)
    assert result.returncode == 2
    assert f"{typed!r} is not an item number" in result.stderr


def test_cli_rules_naming_a_file_says_it_is_a_file():
    result = run_cli("--rules", str(ROOT / "rules" / "guide.yaml"), "validate")
    assert result.returncode == 2
    assert result.stderr.startswith("error: --rules names a file (")


def test_cli_into_a_closed_pipe_stops_without_a_traceback():
    import subprocess
    import sys

    reader = subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    writer = subprocess.run([sys.executable, "-m", "guidebuild", "change", "--accepted", example_accepted(),
                             "--item", "7"], cwd=ROOT, stdout=reader.stdin, stderr=subprocess.PIPE, text=True)
    reader.stdin.close()
    reader.wait()
    assert "Traceback" not in writer.stderr and "BrokenPipe" not in writer.stderr


@pytest.mark.parametrize(("request_", "field"), [
    ({"calculator": "change", "accepted": "2026-11-24", "items": [1.5]}, "item"),
    ({"calculator": "change", "accepted": "2026-11-24", "items": ["1_3"]}, "item"),
    ({"calculator": "change", "accepted": "2026-11-24", "items": [True]}, "item"),
    ({"calculator": "cancel", "applied": "2026-11-24", "today": "2026-W48-2"}, "today"),
    ({"calculator": "cancel", "applied": "2026-11-24", "today": "tomorrow"}, "today"),
])
def test_the_json_api_answers_bad_items_and_today_with_ok_false(request_, field):
    from calculators.api import Engine
    from guidebuild.rules import build_bundle, load_rules

    response = Engine(build_bundle(load_rules(ROOT / "rules", TODAY))).run(request_)
    assert response["ok"] is False and response["field"] == field
