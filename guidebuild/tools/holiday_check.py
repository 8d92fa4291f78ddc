"""Does the installed ``holidays`` know Japanese holidays a built calendar lacks?

    .venv/bin/python -m guidebuild holiday-check site/          a built site
    .venv/bin/python -m guidebuild holiday-check rules.json     a rules bundle

The Cabinet Office publishes next year's holidays each February and the
``holidays`` package carries them in a later release. The weekly CI run builds
the site with the pinned ``holidays``, upgrades it to the newest release and
runs this: any holiday in the coverage window that the built calendar lacks
(or has but the package no longer lists) fails the run, so the pin gets
raised and the site rebuilt before a reader is given a wrong date.

Exit 0: the same days. Exit 1: they differ (listed). Exit 2: no bundle found.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import holidays

from ..rules.bundle import national_holidays

BUNDLE_NAME = "rules.json"  # what guidebuild/calcsite.py writes into the site


@dataclass(frozen=True)
class Difference:
    missing: list[tuple[str, str]]  # (day, name) the package knows, the bundle lacks
    extra: list[tuple[str, str]]    # (day, name) in the bundle, unknown to the package

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra)


def find_bundle(path: Path) -> Path:
    """``path`` itself, or the one rules bundle inside a built site."""
    if path.is_file():
        return path
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: no such file or directory")
    found = sorted(path.rglob(BUNDLE_NAME))
    if len(found) != 1:
        what = "none" if not found else ", ".join(map(str, found))
        raise FileNotFoundError(f"{path}: expected one {BUNDLE_NAME} in the built site, found {what}")
    return found[0]


def compare(calendar: dict) -> Difference:
    """The bundle's holidays against the installed package, over its window."""
    start, end = calendar["start"], calendar["end"]
    known = {day: name for day, name in
             national_holidays(date.fromisoformat(start).year, date.fromisoformat(end).year).items()
             if start <= day <= end}
    built = calendar["holidays"]
    return Difference(
        missing=sorted((d, n) for d, n in known.items() if d not in built),
        extra=sorted((d, n) for d, n in built.items() if d not in known),
    )


def report(bundle_path: Path, calendar: dict, diff: Difference) -> str:
    version = holidays.__version__
    window = f"{calendar['start']}..{calendar['end']}"
    if not diff:
        return (f"{bundle_path}: the built calendar has every Japanese holiday that "
                f"holidays {version} knows in {window} ({len(calendar['holidays'])} days)")
    lines = [f"{bundle_path}: the built calendar ({window}) differs from holidays {version}:"]
    lines += [f"  missing {day} {name}" for day, name in diff.missing]
    lines += [f"  not a holiday any more: {day} {name}" for day, name in diff.extra]
    lines.append(f"Fix: raise 'holidays' in pyproject.toml to >={version} (Dependabot's weekly "
                 "pull request does), check 'python -m guidebuild diff', merge, and let main redeploy the site.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python -m guidebuild holiday-check SITE_DIR|RULES_JSON", file=sys.stderr)
        return 2
    try:
        bundle_path = find_bundle(Path(args[0]))
        calendar = json.loads(bundle_path.read_text(encoding="utf-8"))["calendar"]
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyError:
        print(f"error: {bundle_path} is not a rules bundle (it has no 'calendar')", file=sys.stderr)
        return 2
    diff = compare(calendar)
    print(report(bundle_path, calendar, diff), file=sys.stderr if diff else sys.stdout)
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
