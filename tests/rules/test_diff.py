"""The rules diff on a real two-commit history in a temporary git repo."""

import shutil

import pytest
import subprocess

from calculators.api import Engine
from calculators.errors import OutOfCoverage
from guidebuild.rules import build_bundle, load_rules
from guidebuild.tools.diff import SAMPLE_MONTH_DAYS, sample_days

from .conftest import ROOT, run_module


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   cwd=repo, check=True, capture_output=True)


def make_repo(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "rules", repo / "rules")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "rules")
    git(repo, "commit", "-qm", "base")
    return repo


def run_diff(repo, ref):
    return run_module("guidebuild", "--rules", str(repo / "rules"), "diff", "--", ref)


def diff(repo, ref="HEAD~1"):
    result = run_diff(repo, ref)
    assert result.returncode == 0, result.stderr
    return result.stdout


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# The report's sample days come from the coverage window, so the expected
# rows are taken from it too, never typed: the test means the same after the
# window moves.
def engines(repo):
    """The engines over the real rules (the base) and the repo's edited ones."""
    before, after = (build_bundle(load_rules(d)) for d in (ROOT / "rules", repo / "rules"))
    return Engine(before), Engine(after), sample_days(before, after)


def window(engine, day, no):
    """An item's completion as the report writes it: earliest ～ latest, or
    None past the window's end."""
    try:
        item = engine.changes.compute(day, [no]).items[0]
    except OutOfCoverage:
        return None
    return item.latest.isoformat() if item.earliest == item.latest else \
        f"{item.earliest.isoformat()} ～ {item.latest.isoformat()}"


def test_lead_time_change_shows_before_after_and_sample_dates(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo / "rules" / "changes.yaml", "min: 10, max: 18", "min: 10, max: 20")
    git(repo, "commit", "-qam", "item 7 takes longer")
    report = diff(repo)
    assert "- **変更** No.7 アクセス可能グローバルIPアドレス: 10～18営業日" in report
    assert "→ 10～20営業日" in report
    old, new, days = engines(repo)
    assert days and {d.strftime("%m-%d") for d in days} == set(SAMPLE_MONTH_DAYS)
    counted = [day for day in days if window(new, day, 7)]
    assert len(counted) > len(days) // 2  # all but those near the window's end
    for day in counted:
        was, now = window(old, day, 7), window(new, day, 7)
        # Same earliest (day 10), a later latest (day 20 instead of 18).
        assert was.split(" ～ ")[0] == now.split(" ～ ")[0] and was.split(" ～ ")[1] < now.split(" ～ ")[1]
        assert f"| {day.isoformat()} | 7 | {was} | {now} |" in report
        assert f"| {day.isoformat()} | 6 |" not in report


def test_added_and_removed_items(tmp_path):
    repo = make_repo(tmp_path)
    path = repo / "rules" / "changes.yaml"
    edit(path, "  - title: 送信元表示番号の変更\n    items: [11, 12, 13]",
         "  - title: 送信元表示番号の変更\n    items: [11, 12, 13, 14]")
    edit(path, "\n# Groups follow", """
  - no: 14
    title: 新しい変更項目
    documents: [service_change_form]
    lead_time: {kind: next_month}
    setting_fee: true

# Groups follow""")
    git(repo, "commit", "-qam", "add item 14")
    report = diff(repo)
    assert "- **追加** No.14 新しい変更項目: 翌月適用, 設定変更料あり, 書類: サービス利用変更申込書" in report
    _, new, days = engines(repo)
    counted = [day for day in days if window(new, day, 14)]
    assert len(counted) > len(days) // 2
    for day in counted:
        first_of_next_month = f"{day.year + day.month // 12}-{day.month % 12 + 1:02d}-01"
        assert window(new, day, 14) >= first_of_next_month
        assert f"| {day.isoformat()} | 14 | — | {window(new, day, 14)} |" in report
    reverse = diff(repo, "HEAD")  # working tree == HEAD: nothing changed
    assert "- 変更なし" in reverse


def test_contact_change_is_listed_with_its_path(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo / "rules" / "contacts.yaml", "phone: 0120-921-439", "phone: 0120-000-000")
    git(repo, "commit", "-qam", "new phone")
    report = diff(repo)
    # Contacts are compared by id, not by their place in the list.
    assert "- `contacts.contacts[fault_desk].phone`: 0120\\-921\\-439 → 0120\\-000\\-000" in report
    assert "- サンプル日付での計算結果に変化はありません。" in report


def test_uncommitted_edit_against_head(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo / "rules" / "cancellation.yaml", "cutoff_day: 10", "cutoff_day: 15")
    report = diff(repo, "HEAD")
    assert "- `cancellation.cutoff.cutoff_day`: 10 → 15" in report
    # Received on the 11th to the 15th: by the old cut-off (10th) N+3, by
    # the new one (15th) N+2; the last usage month is the one before.
    old, new, days = engines(repo)
    between = [day for day in days if 10 < day.day <= 15]
    assert between
    for day in between:
        was = old.cancellation.from_applied(day).last_usage_month
        now = new.cancellation.from_applied(day).last_usage_month
        n = day.year * 12 + day.month - 1
        assert (was.year * 12 + was.month - 1, now.year * 12 + now.month - 1) == (n + 2, n + 1)
        assert f"| {day.isoformat()} | {was.iso()} | {now.iso()} |" in report


@pytest.mark.parametrize(("ref", "message"), [
    ("no-such-ref", "error: unknown git ref 'no-such-ref': check the name (git fetch it first if it is remote)"),
    ("", "error: no git ref given: name the base to compare with, e.g. origin/main"),
    ("--output=/tmp/x", "error: '--output=/tmp/x' is not a git ref (it starts with '-'): name a branch, tag or commit"),
    ("HEAD~1", "error: 'HEAD~1' has no rule files under rules/ (it is from before rules/ existed): compare with a later ref"),
])
def test_a_ref_that_cannot_be_compared_fails_with_a_message(tmp_path, ref, message):
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "docs" / "x.md").write_text("x", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "docs")
    git(repo, "commit", "-qm", "before rules")
    shutil.copytree(ROOT / "rules", repo / "rules")
    git(repo, "add", "rules")
    git(repo, "commit", "-qm", "rules")
    result = run_diff(repo, ref)
    assert result.returncode == 2
    assert result.stderr.strip() == message
    assert result.stdout == ""


def test_rule_text_cannot_fake_the_report_structure(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo / "rules" / "changes.yaml", "title: 企業情報", "title: '企業情報 ### 偽の見出し `x` [l](https://evil.example/)'")
    edit(repo / "rules" / "guide.yaml", "service: ", "service: '`` ` ``' # ")
    git(repo, "commit", "-qam", "hostile text")
    report = diff(repo)
    assert "No.1 企業情報 → 企業情報 \\#\\#\\# 偽の見出し \\`x\\` \\[l\\]\\(https://evil\\.example/\\)" in report
    assert "\n###" not in report.replace("\n### 変更内容一覧", "").replace("\n### 計算結果", "").replace("\n### 解約", "").replace("\n### その他", "")
    assert "- `guide.service`: KDDI Message Cast → \\`\\` \\` \\`\\`" in report


def test_sample_days_follow_the_coverage_window():
    from guidebuild.tools.diff import sample_days

    window = {"calendar": {"start": "2031-01-01", "end": "2032-12-31"}}
    days = sample_days(window, window)
    assert days[0].isoformat() == "2031-04-27" and days[-1].isoformat() == "2032-12-27"
    assert all(d.year in (2031, 2032) for d in days)


def test_an_entry_inserted_first_is_one_addition_not_a_shift_of_every_entry(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo / "rules" / "contacts.yaml", "contacts:\n", """contacts:
  - id: new_desk
    name: 新しい窓口
    email: new-desk@example.com
""")
    git(repo, "commit", "-qam", "a desk first")
    report = diff(repo)
    others = report.split("### その他の変更")[1]
    assert "- `contacts.contacts[new_desk].name`: （なし） → 新しい窓口" in others
    assert "contacts[fault_desk]" not in others and "contacts[1]" not in others


def test_a_long_text_is_shown_whole_with_the_changed_part_marked(tmp_path):
    repo = make_repo(tmp_path)
    path = repo / "rules" / "guide.yaml"
    old = "従って、本書および内容は貴社でご検討していただくための内部資料としてのみご利用ください。"
    edit(path, old, "従って、本書および内容は貴社でご検討していただくための社内資料としてのみご利用ください。")
    git(repo, "commit", "-qam", "wording far into a long notice")
    report = diff(repo)
    assert "  - 変更前: 当該資料には、" in report and "ための内<del>部</del>資料としてのみご利用ください。" in report
    assert "  - 変更後: 当該資料には、" in report and "ための<ins>社</ins>内資料としてのみご利用ください。" in report


def test_a_changed_title_shows_old_and_new_and_documents_by_name(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo / "rules" / "changes.yaml", "title: 企業情報", "title: ご契約企業の情報")
    git(repo, "commit", "-qam", "retitle item 1")
    report = diff(repo)
    assert "- **変更** No.1 企業情報 → ご契約企業の情報: 5営業日, 設定変更料なし, 書類: サービス利用変更申込書" in report


def test_a_base_that_no_longer_validates_is_still_compared(tmp_path):
    repo = make_repo(tmp_path)
    path = repo / "rules" / "changes.yaml"
    edit(path, "submit_to: customer_desk", "submit_to: no_such_desk")
    git(repo, "commit", "-qam", "a base with a broken reference")
    edit(path, "submit_to: no_such_desk", "submit_to: customer_desk")
    result = run_diff(repo, "HEAD")
    assert result.returncode == 0, result.stderr
    assert "比較できません" not in result.stdout
    assert "unknown contact 'no\\_such\\_desk'" in result.stdout
    assert "- `changes.submit_to`: no\\_such\\_desk → customer\\_desk" in result.stdout
