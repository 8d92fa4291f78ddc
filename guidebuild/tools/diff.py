"""``python -m guidebuild diff <ref>``: what a change to rules/ means for customers.

Loads rules/ as it was at a git ref and as it is in the working tree, and
prints a Markdown report for the pull request: change items added, removed or
changed (titles old → new, documents by name), the computed dates for a fixed
set of sample days, and every other value that changed, shown whole with the
changed part marked. Lists of entries with an id (``id``, ``no``, ``edition``
…) are compared by that id, so inserting an entry shows one addition, not a
shift of every entry after it.

When the base's rules no longer validate (a calendar window that was fine when
it was committed, say), their content is still compared and the report says
why the dates could not be; when the working tree's rules do not validate,
the diff fails like ``validate``.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from calculators.api import Engine
from calculators.errors import CalculatorError
from calculators.jformat import lead_time_text

from ..checkout import rules_dir as default_rules_dir
from ..rules import RulesError, build_bundle, load_file, load_rules
from ..rules.models import FILES
from .diffmarkdown import MISSING, change_line, md

# Sample days per year of the coverage window, chosen to cross the rules'
# usual edges: Golden Week, a plain mid-year day, the 10th/11th (the
# cancellation cut-off), a late-November day and the year-end closure.
SAMPLE_MONTH_DAYS = ("04-27", "06-15", "11-24", "12-10", "12-11", "12-25", "12-27")
CANCEL_MONTH_DAYS = ("01-31", "12-15")
# The field that names an entry of a list, in order of preference.
KEYS = ("id", "no", "edition", "key", "name", "heading", "title")


class DiffError(Exception):
    """The report cannot be made; the message says why and what to do."""


@dataclass
class Side:
    """One side of the comparison: what was written, and the bundle if it validates."""

    data: dict[str, object]
    bundle: dict | None = None
    problems: list[str] = field(default_factory=list)


def load_side(rules_dir: Path) -> Side:
    data = {}
    for name in FILES:
        path = rules_dir / f"{name}.yaml"
        try:
            data[name] = load_file(path, f"rules/{name}.yaml").data if path.is_file() else None
        except RulesError:
            data[name] = None
    try:
        return Side(data, build_bundle(load_rules(rules_dir)))
    except RulesError as error:
        return Side(data, None, [str(p) for p in error.problems])


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


def _entry_key(entry: object) -> str | None:
    if isinstance(entry, dict):
        for key in KEYS:
            value = entry.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                return f"No.{value}" if key == "no" else str(value)
    return None


def flatten(data: object, prefix: str = "") -> dict[str, object]:
    """Every leaf by its path; list entries with an id are addressed by it
    (``changes.items[No.7].lead_time.max``), others by position."""
    if isinstance(data, dict):
        out: dict[str, object] = {}
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(data, list):
        keys = [_entry_key(entry) for entry in data]
        by_id = all(keys) and len(set(keys)) == len(keys)
        out = {}
        for index, value in enumerate(data):
            out.update(flatten(value, f"{prefix}[{keys[index] if by_id else index}]"))
        return out
    return {prefix: data}


def _documents(data: dict) -> dict[str, str]:
    docs = (data.get("documents") or {}).get("documents") if isinstance(data.get("documents"), dict) else None
    return {d.get("id"): d.get("name") for d in docs or [] if isinstance(d, dict)}


def _items(data: dict) -> dict[int, dict]:
    changes = data.get("changes") if isinstance(data.get("changes"), dict) else {}
    return {item["no"]: item for item in changes.get("items") or []
            if isinstance(item, dict) and isinstance(item.get("no"), int)}


def _describe(item: dict, documents: dict[str, str]) -> str:
    try:
        lead = lead_time_text(item["lead_time"])
    except (KeyError, TypeError):
        lead = str(item.get("lead_time"))
    fee = "設定変更料あり" if item.get("setting_fee") else "設定変更料なし"
    names = [documents.get(d, d) for d in item.get("documents") or []]
    return md(f"{lead}, {fee}, 書類: {'、'.join(map(str, names))}")


def _item_lines(before: Side, after: Side) -> list[str]:
    old_items, new_items = _items(before.data), _items(after.data)
    old_docs, new_docs = _documents(before.data), _documents(after.data)
    lines = []
    for no in sorted(set(old_items) | set(new_items)):
        old, new = old_items.get(no), new_items.get(no)
        if old == new:
            continue
        if old is None:
            lines.append(f"- **追加** No.{no} {md(new.get('title'))}: {_describe(new, new_docs)}")
        elif new is None:
            lines.append(f"- **削除** No.{no} {md(old.get('title'))}: {_describe(old, old_docs)}")
        else:
            title = md(new.get("title")) if old.get("title") == new.get("title") else \
                f"{md(old.get('title'))} → {md(new.get('title'))}"
            was, now = _describe(old, old_docs), _describe(new, new_docs)
            lines.append(f"- **変更** No.{no} {title}: {was}" + (f" → {now}" if now != was else ""))
    return lines or ["- 変更なし"]


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


def _date_lines(before: dict, after: dict) -> list[str]:
    old_items, new_items = {i["no"] for i in before["rules"]["changes"]["items"]}, \
        {i["no"] for i in after["rules"]["changes"]["items"]}
    old_engine, new_engine = Engine(before), Engine(after)
    days = sample_days(before, after)
    lines = ["### 計算結果が変わる日付（受付受理日ごと）"]
    affected = sorted({no for no in old_items | new_items
                       for day in days if _dates(old_engine, day, no) != _dates(new_engine, day, no)})
    if affected:
        lines += ["", "| 受付受理日 | No. | 変更前 | 変更後 |", "|---|---|---|---|"]
        for day in days:
            for no in affected:
                old, new = _dates(old_engine, day, no), _dates(new_engine, day, no)
                if old != new:
                    lines.append(f"| {day.isoformat()} | {no} | {old} | {new} |")
    else:
        lines.append("- サンプル日付での計算結果に変化はありません。")
    lines += ["", "### 解約: お申し込み日ごとの最終ご利用月"]
    rows = []
    for day in sorted(days + sample_days(before, after, CANCEL_MONTH_DAYS)):
        old, new = _last_month(old_engine, day), _last_month(new_engine, day)
        if old != new:
            rows.append(f"| {day.isoformat()} | {old} | {new} |")
    if rows:
        lines += ["", "| お申し込み日 | 変更前 | 変更後 |", "|---|---|---|", *rows]
    else:
        lines.append("- サンプル日付での計算結果に変化はありません。")
    return lines


def _holidays(bundle: dict | None) -> dict:
    return {"calendar.holidays": bundle["calendar"]["holidays"]} if bundle else {}


def report(before: Side, after: Side, ref: str = "") -> str:
    lines = ["## ルール変更の影響 (rules diff)", ""]
    if before.bundle and after.bundle:
        lines += [f"ルール版: `{before.bundle['rules_version']}` → `{after.bundle['rules_version']}`", ""]
    lines += ["### 変更内容一覧 (2.1)", *_item_lines(before, after), ""]
    if before.bundle and after.bundle:
        lines += [*_date_lines(before.bundle, after.bundle), ""]
    else:
        lines += [f"### 計算結果", f"- {md(ref)} のルールは現在の検証に通らないため、日付は比較していません"
                  "（内容の違いは下に示します）。検証で見つかった点:", ""]
        lines += [f"  - {md(problem)}" for problem in before.problems] + [""]
    old_flat = flatten({k: v for k, v in before.data.items()})
    new_flat = flatten({k: v for k, v in after.data.items()})
    old_flat.update(flatten(_holidays(before.bundle)) if after.bundle else {})
    new_flat.update(flatten(_holidays(after.bundle)) if before.bundle else {})
    others = [key for key in sorted(set(old_flat) | set(new_flat))
              if not key.startswith("changes.items[") and old_flat.get(key, MISSING) != new_flat.get(key, MISSING)]
    lines.append("### その他の変更")
    for key in others:
        lines += change_line(key, old_flat.get(key, MISSING), new_flat.get(key, MISSING))
    if not others:
        lines.append("- なし")
    return "\n".join(lines) + "\n"


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
        before = load_side(base_dir)
    head = load_side(rules_dir)
    head.bundle = after
    print(report(before, head, ref), end="")
    return 0
