"""Sentences about the original say which edition was read, and closures are
worded for what they are."""

from __future__ import annotations

import re

import pytest

from guidebuild.guide import build_guide
from guidebuild.rules.yamlfile import RulesError

from .conftest import OWN_CALENDAR, ROOT, TODAY, set_calendar


@pytest.fixture
def rules_copy(rules_copy):
    """The copy with a coverage window of these tests' own, around TODAY
    (ending 2028-12-31, inside the 12-29 to 01-03 closure), so they mean the
    same as the real window moves."""
    set_calendar(rules_copy, **OWN_CALENDAR)
    return rules_copy


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _grep_n(path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def _new_edition(rules) -> None:
    _edit(rules / "guide.yaml", "edition: 1.8版\n", "edition: 1.9版\n")
    _edit(rules / "guide.yaml", "\n# What the site says the original",
          "  - edition: 1.9版\n    date: 2025-04-01\n    changes: [4.2 お問い合わせ窓口を変更]\n\n# What the site says the original")
    _edit(rules / "guide.yaml", "published: 2024-09-05", "published: 2025-04-01")


def test_a_new_edition_warns_about_every_claim_checked_against_an_older_one(rules_copy):
    _new_edition(rules_copy)
    guide = build_guide(rules_copy, ROOT / "docs", today=TODAY)
    warned = [str(w) for w in guide.rules.warnings if "about the original" in w.message]
    keys = list(guide.rules.models["guide"].claims)
    assert len(keys) >= 5
    expected = [f"rules/guide.yaml:{_grep_n(rules_copy / 'guide.yaml', f'  {key}: 1.8版')}: the claim {key} about the "
                f"original was checked against 1.8版, and edition is now 1.9版: re-read the original for it, change the "
                f"page's sentence if it no longer holds, and set it to 1.9版 (CONTRIBUTING.md#新しい版を公開する)" for key in keys]
    expected.append(f"rules/contacts.yaml:{_grep_n(rules_copy / 'contacts.yaml', 'checked: 1.8版')}: the claim "
                    "fault_desk.discrepancy about the original was checked against 1.8版, and edition is now 1.9版: "
                    "re-read the original for it, change the page's sentence if it no longer holds, and set it to 1.9版 "
                    "(CONTRIBUTING.md#新しい版を公開する)")
    assert sorted(warned) == sorted(expected)
    # Until re-checked, the pages keep saying which edition was read.
    assert "原本（1.8版）には営業日そのものの定義の記載がない" in guide.pages["business-days.md"]
    assert "原本（1.8版）では4.2の表に" in guide.pages["support/contacts.md"]
    assert "原本（1.9版）" not in "".join(guide.pages.values())


def test_a_rechecked_claim_names_the_new_edition_and_no_longer_warns(rules_copy):
    _new_edition(rules_copy)
    _edit(rules_copy / "guide.yaml", "  business_days: 1.8版", "  business_days: 1.9版")
    guide = build_guide(rules_copy, ROOT / "docs", today=TODAY)
    assert not [w for w in guide.rules.warnings if "claim business_days " in w.message]
    assert "原本（1.9版）には営業日そのものの定義の記載がない" in guide.pages["business-days.md"]


def test_a_claim_checked_against_an_edition_that_does_not_exist_is_refused(rules_copy):
    _edit(rules_copy / "guide.yaml", "  next_month: 1.8版", "  next_month: 1.8")
    with pytest.raises(RulesError) as error:
        build_guide(rules_copy, ROOT / "docs", today=TODAY)
    line = _grep_n(rules_copy / "guide.yaml", "  next_month: 1.8")
    assert str(error.value) == (f"rules/guide.yaml:{line}: next_month is checked against 1.8, which is not an edition in "
                                "guide.yaml's revisions: write the edition whose text was read")


def test_only_the_customary_year_end_closure_is_called_customary(rules_copy):
    _edit(rules_copy / "calendar.yaml", "    stated_in_seed: false\n",
          "    stated_in_seed: false\n  - name: 夏季休業\n    start: \"08-13\"\n    end: \"08-15\"\n    stated_in_seed: false\n")
    page = build_guide(rules_copy, ROOT / "docs", today=TODAY).pages["business-days.md"]
    assert "本サイトでは、官公庁や通信事業者で一般的な12月29日～1月3日を休業日とみなして計算しています。" in page
    assert "本サイトでは、8月13日～8月15日を休業日とみなして計算しています。" in page
    assert page.count("一般的な") == 2  # the year-end closure and the page's opening sentence


def test_a_closure_cut_by_the_window_end_says_it_continues(rules_copy):
    # The window (rules_copy's) ends 2028-12-31, inside the 12-29 to 01-03 closure.
    guide = build_guide(rules_copy, ROOT / "docs", today=TODAY)
    assert guide.rules.models["calendar"].coverage.end.isoformat() == "2028-12-31"
    lines = re.findall(r"<li>年末年始：[^<]*</li>", guide.pages["business-days.md"])
    assert lines[-1] == ("<li>年末年始：2028年12月29日(金)～2028年12月31日(日)"
                         "（計算できる期間はここまでです。休業は2029年1月3日まで続きます）</li>")
    assert lines[-2] == "<li>年末年始：2027年12月29日(水)～2028年1月3日(月)</li>"
