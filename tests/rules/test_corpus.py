"""Every broken or hostile rule file in corpus/ fails with exactly its message.

corpus/<rule file>/<case>.yaml replaces rules/<rule file>.yaml in a copy of
the real rules whose coverage window is the corpus's own (OWN_CALENDAR, around
tests/rules' fixed TODAY), so a case means the same as the real window moves;
<case>.expect holds the complete list of messages (empty for
the cases, named ...-builds, that once crashed the build and now build).
Each case runs the whole build path (``guidebuild.guide.build_guide``), as
``validate`` and the MkDocs hook do.
"""

import os
from pathlib import Path

import pytest

from guidebuild.guide import build_guide
from guidebuild.rules.yamlfile import MAX_BYTES, RulesError

from .conftest import OWN_CALENDAR, ROOT, TODAY, set_calendar

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(CORPUS.glob("*/*.yaml"))


def problems(rules_dir: Path) -> list[str]:
    try:
        build_guide(rules_dir, ROOT / "docs", today=TODAY)
    except RulesError as error:
        return [str(p) for p in error.problems]
    return []


@pytest.fixture
def rules_copy(rules_copy):
    """The copy with a coverage window of the corpus's own, around TODAY, so
    a case means the same as the real window moves (a calendar case
    replaces the whole file)."""
    set_calendar(rules_copy, **OWN_CALENDAR)
    return rules_copy


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_corpus_case(rules_copy, case):
    (rules_copy / f"{case.parent.name}.yaml").write_bytes(case.read_bytes())
    expected = case.with_suffix(".expect").read_text(encoding="utf-8").splitlines()
    assert problems(rules_copy) == expected


def test_a_very_large_file(rules_copy):
    text = (rules_copy / "guide.yaml").read_bytes()
    padding = 600 * 1024 - len(text)
    (rules_copy / "guide.yaml").write_bytes(text + (b"#" * 79 + b"\n") * (padding // 80) + b"#" * (padding % 80))
    assert MAX_BYTES < 600 * 1024
    assert problems(rules_copy) == ["rules/guide.yaml:1: file is 600 KB; a rule file may be at most 512 KB: split it or remove what is not a rule"]


def test_a_misnamed_rule_file(rules_copy):
    (rules_copy / "changes.yaml").rename(rules_copy / "change.yaml")
    assert problems(rules_copy) == [
        "rules/change.yaml:1: unknown rule file: expected one of guide.yaml, documents.yaml, contacts.yaml, contract.yaml, changes.yaml, cancellation.yaml, maintenance.yaml, templates.yaml, calendar.yaml",
        "rules/changes.yaml:1: file is missing: create changes.yaml (see rules/schema/changes.schema.json)",
    ]


def test_problems_in_several_files_are_all_reported(rules_copy):
    for name in ("calendar", "changes"):
        (rules_copy / f"{name}.yaml").write_text("# nothing\n", encoding="utf-8")
    assert problems(rules_copy) == [
        "rules/calendar.yaml:1: file is empty: it must hold the rules described in its schema",
        "rules/changes.yaml:1: file is empty: it must hold the rules described in its schema",
    ]


def test_a_rule_file_that_is_a_directory(rules_copy):
    (rules_copy / "guide.yaml").unlink()
    (rules_copy / "guide.yaml").mkdir()
    assert problems(rules_copy) == ["rules/guide.yaml:1: is a directory, not a file: a rule file must be a YAML file"]


def test_a_rule_file_that_links_to_a_device_is_not_read(rules_copy):
    # /dev/zero would never end: it must be refused before reading.
    (rules_copy / "guide.yaml").unlink()
    (rules_copy / "guide.yaml").symlink_to("/dev/zero")
    assert problems(rules_copy) == ["rules/guide.yaml:1: is a symbolic link: replace it with the rule file itself"]


def test_a_rule_file_that_links_to_another_file_is_refused(rules_copy, tmp_path):
    # Review shows only the link, never the rules the build would read.
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_bytes((rules_copy / "changes.yaml").read_bytes().replace(b"min: 5, max: 5", b"min: 1, max: 1"))
    (rules_copy / "changes.yaml").unlink()
    (rules_copy / "changes.yaml").symlink_to(elsewhere)
    assert problems(rules_copy) == ["rules/changes.yaml:1: is a symbolic link: replace it with the rule file itself"]


def test_a_fifo_rule_file_is_not_read(rules_copy):
    (rules_copy / "guide.yaml").unlink()
    os.mkfifo(rules_copy / "guide.yaml")
    assert problems(rules_copy) == [
        "rules/guide.yaml:1: is not a regular file (a device, pipe or socket): replace it with the YAML file"]


def test_a_yml_file_is_not_silently_ignored(rules_copy):
    (rules_copy / "changes.yml").write_text("x: 1\n", encoding="utf-8")
    assert problems(rules_copy) == [
        "rules/changes.yml:1: rule files end in .yaml, so this file would be ignored: rename it to changes.yaml"]
