"""Every ``CONTRIBUTING.md#<anchor>`` a validation message points to, and every
``](#<anchor>)`` link inside CONTRIBUTING.md, lands on one of its headings.

CONTRIBUTING.md is read on GitHub, so anchors are GitHub's: the heading's
text lower-cased, every character that is not a letter, digit, mark, space,
``-`` or ``_`` dropped (Japanese punctuation such as 「・」 and 「（）」
too), spaces made ``-``, and a repeated heading suffixed ``-1``, ``-2``…"""

import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
POINTER = re.compile(r"CONTRIBUTING\.md#([^\s)）」'\"]+)")


def github_anchor(heading: str) -> str:
    kept = "".join(c for c in heading.strip().lower()
                   if c in " -_" or unicodedata.category(c)[0] in "LNM")
    return kept.replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    seen: dict[str, int] = {}
    found = set()
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if fenced or not (m := re.match(r"#{1,6} (.+?)\s*#*\s*$", line)):
            continue
        slug = github_anchor(m.group(1))
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        found.add(slug if n == 0 else f"{slug}-{n}")
    return found


def test_github_anchor_of_japanese_headings():
    assert github_anchor("新しい版を公開する") == "新しい版を公開する"
    assert github_anchor("窓口を追加・変更する") == "窓口を追加変更する"
    assert github_anchor("コミット前の自動確認（pre-commit）") == "コミット前の自動確認pre-commit"
    assert github_anchor("週次チェック（毎週月曜 9:17 日本時間）") == "週次チェック毎週月曜-917-日本時間"
    assert anchors("# A\n## A\n```\n# not a heading\n```\n") == {"a", "a-1"}


def test_every_contributing_link_lands_on_a_heading():
    targets = anchors(CONTRIBUTING.read_text(encoding="utf-8"))
    pointers = {}
    for path in sorted([*(ROOT / "guidebuild").rglob("*.py"), *(ROOT / "calculators").rglob("*.py")]):
        for anchor in POINTER.findall(path.read_text(encoding="utf-8")):
            pointers.setdefault(anchor, path.relative_to(ROOT).as_posix())
    assert pointers, "no validation message points to CONTRIBUTING.md any more: drop or move this test"
    inside = {a: "CONTRIBUTING.md" for a in re.findall(r"\]\(#([^)]+)\)", CONTRIBUTING.read_text(encoding="utf-8"))}
    missing = {a: where for a, where in {**pointers, **inside}.items() if a not in targets}
    assert not missing, f"anchors with no heading in CONTRIBUTING.md: {missing}\nheadings: {sorted(targets)}"
