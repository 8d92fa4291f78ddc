"""``python -m guidebuild diff <ref>``: what a change to rules/ means for customers.

Loads rules/ as it was at a git ref and as it is in the working tree, and
prints a Markdown report for the pull request: change items added, removed
or changed, lead times before and after, the computed dates for a fixed set
of sample days, and every other value that changed.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from calculators.api import Engine
from calculators.errors import CalculatorError
from calculators.jformat import lead_time_text

from ..rules.bundle import build_bundle
from ..rules.models import FILES
from ..checkout import rules_dir as default_rules_dir
from ..rules.load import load_rules
from ..rules.yamlfile import RulesError

# Sample days per year of the coverage window, chosen to cross the rules'
# usual edges: Golden Week, a plain mid-year day, the 10th/11th (the
# cancellation cut-off), a late-November day and the year-end closure.
SAMPLE_MONTH_DAYS = ("04-27", "06-15", "11-24", "12-10", "12-11", "12-25", "12-27")
CANCEL_MONTH_DAYS = ("01-31", "12-15")


class DiffError(Exception):
    """The report cannot be made; the message says why and what to do."""


def sample_days(before: dict, after: dict, month_days=SAMPLE_MONTH_DAYS) -> list[dt.date]:
    """The sample days inside both windows, so they move with the calendar."""
    start = max(dt.date.fromisoformat(b["calendar"]["start"]) for b in (before, after))
    end = min(dt.date.fromisoformat(b["calendar"]["end"]) for b in (before, after))
    days = [dt.date.fromisoformat(f"{year}-{md}") for year in range(start.year, end.year + 1) for md in month_days]
    return [day for day in days if start <= day <= end]


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True)


def rules_at(ref: str, rules_dir: Path, into: Path) -> Path:
    if not ref.strip():
        raise DiffError("no git ref given: name the base to compare with, e.g. origin/main")
    if ref.startswith("-"):
        raise DiffError(f"{ref!r} is not a git ref (it starts with '-'): name a branch, tag or commit")
    top = _git(["rev-parse", "--show-toplevel"], rules_dir)
    if top.returncode != 0:
        raise DiffError(f"{rules_dir} is not inside a git checkout: run the diff in the guide's checkout")
    repo = Path(top.stdout.decode().strip())
    found = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], repo)
    if found.returncode != 0:
        raise DiffError(f"unknown git ref {ref!r}: check the name (git fetch it first if it is remote)")
    commit = found.stdout.decode().strip()
    prefix = rules_dir.resolve().relative_to(repo.resolve()).as_posix()
    target = into / "rules"
    target.mkdir()
    copied = 0
    for name in FILES:
        shown = _git(["show", f"{commit}:{prefix}/{name}.yaml"], repo)
        if shown.returncode == 0:
            (target / f"{name}.yaml").write_bytes(shown.stdout)
            copied += 1
    if not copied:
        raise DiffError(f"{ref!r} has no rule files under {prefix}/ (it is from before rules/ existed): compare with a later ref")
    return target


def flatten(data: object, prefix: str = "") -> dict[str, object]:
    if isinstance(data, dict):
        out: dict[str, object] = {}
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(data, list):
        out = {}
        for index, value in enumerate(data):
            out.update(flatten(value, f"{prefix}[{index}]"))
        return out
    return {prefix: data}


def _items(bundle: dict) -> dict[int, dict]:
    return {item["no"]: item for item in bundle["rules"]["changes"]["items"]}


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def md(text: object) -> str:
    """Rule text as literal Markdown: it cannot open a heading, list, link or code span."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


def _describe(item: dict) -> str:
    fee = "設定変更料あり" if item["setting_fee"] else "設定変更料なし"
    return md(f"{lead_time_text(item['lead_time'])}, {fee}, 書類: {', '.join(item['documents'])}")


def _dates(engine: Engine, day: dt.date, no: int) -> str:
    try:
        result = engine.changes.compute(day, [no]).items[0]
    except (CalculatorError, KeyError):
        return "—"
    if result.earliest == result.latest:
        return result.latest.isoformat()
    return f"{result.earliest.isoformat()} ～ {result.latest.isoformat()}"


def _last_month(engine: Engine, day: dt.date) -> str:
    try:
        return engine.cancellation.from_applied(day).last_usage_month.iso()
    except CalculatorError:
        return "—"


def report(before: dict, after: dict) -> str:
    lines = ["## ルール変更の影響 (rules diff)", ""]
    old_items, new_items = _items(before), _items(after)
    lines.append(f"ルール版: `{before['rules_version']}` → `{after['rules_version']}`")
    lines.append("")
    lines.append("### 変更内容一覧 (2.1)")
    changed_items = []
    for no in sorted(set(old_items) | set(new_items)):
        old, new = old_items.get(no), new_items.get(no)
        if old == new:
            continue
        changed_items.append(no)
        if old is None:
            lines.append(f"- **追加** No.{no} {md(new['title'])}: {_describe(new)}")
        elif new is None:
            lines.append(f"- **削除** No.{no} {md(old['title'])}: {_describe(old)}")
        else:
            lines.append(f"- **変更** No.{no} {md(new['title'])}: {_describe(old)} → {_describe(new)}")
    if not changed_items:
        lines.append("- 変更なし")
    lines.append("")

    old_engine, new_engine = Engine(before), Engine(after)
    days = sample_days(before, after)
    affected = sorted({no for no in set(old_items) | set(new_items)
                       for day in days if _dates(old_engine, day, no) != _dates(new_engine, day, no)})
    lines.append("### 計算結果が変わる日付（受付受理日ごと）")
    if affected:
        lines.append("")
        lines.append("| 受付受理日 | No. | 変更前 | 変更後 |")
        lines.append("|---|---|---|---|")
        for day in days:
            for no in affected:
                old, new = _dates(old_engine, day, no), _dates(new_engine, day, no)
                if old != new:
                    lines.append(f"| {day.isoformat()} | {no} | {old} | {new} |")
    else:
        lines.append("- サンプル日付での計算結果に変化はありません。")
    lines.append("")

    lines.append("### 解約: お申し込み日ごとの最終ご利用月")
    rows = []
    for day in sorted(days + sample_days(before, after, CANCEL_MONTH_DAYS)):
        old, new = _last_month(old_engine, day), _last_month(new_engine, day)
        if old != new:
            rows.append(f"| {day.isoformat()} | {old} | {new} |")
    if rows:
        lines += ["", "| お申し込み日 | 変更前 | 変更後 |", "|---|---|---|", *rows]
    else:
        lines.append("- サンプル日付での計算結果に変化はありません。")
    lines.append("")

    old_flat = flatten({k: v for k, v in before["rules"].items() if k != "changes"})
    new_flat = flatten({k: v for k, v in after["rules"].items() if k != "changes"})
    old_flat.update(flatten(before["calendar"], "calendar"))
    new_flat.update(flatten(after["calendar"], "calendar"))
    old_flat.update(flatten({k: v for k, v in before["rules"]["changes"].items() if k != "items"}, "changes"))
    new_flat.update(flatten({k: v for k, v in after["rules"]["changes"].items() if k != "items"}, "changes"))
    others = [key for key in sorted(set(old_flat) | set(new_flat)) if old_flat.get(key) != new_flat.get(key)]
    lines.append("### その他の変更")
    if others:
        for key in others:
            lines.append(f"- `{key}`: {_show(old_flat.get(key, '（なし）'))} → {_show(new_flat.get(key, '（なし）'))}")
    else:
        lines.append("- なし")
    return "\n".join(lines) + "\n"


def _show(value: object) -> str:
    # A code span fenced with more backticks than the text holds in a row, so
    # a backtick in rule text cannot close it early; '|' is escaped for tables.
    text = " ".join(str(value).split())[:120].replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if len(fence) > 1 else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def main(ref: str, rules_dir: Path | None = None) -> int:
    rules_dir = Path(rules_dir) if rules_dir else default_rules_dir()
    try:
        after = build_bundle(load_rules(rules_dir))
    except RulesError as error:
        print(error, file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        try:
            base_dir = rules_at(ref, rules_dir, Path(tmp))
        except DiffError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        try:
            before = build_bundle(load_rules(base_dir))
        except RulesError as error:
            print(f"## ルール変更の影響 (rules diff)\n\n{md(ref)} のルールは検証できないため比較できません:\n\n````\n{error}\n````")
            return 0
    print(report(before, after), end="")
    return 0
