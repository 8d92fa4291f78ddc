"""The rules diff on a real two-commit history in a temporary git repo."""

import shutil

import pytest
import subprocess

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


def test_lead_time_change_shows_before_after_and_sample_dates(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo / "rules" / "changes.yaml", "min: 10, max: 18", "min: 10, max: 20")
    git(repo, "commit", "-qam", "item 7 takes longer")
    report = diff(repo)
    assert "- **変更** No.7 アクセス可能グローバルIPアドレス: 10～18営業日" in report
    assert "→ 10～20営業日" in report
    # Accepted 2026-11-24: day 18 is 12-18, day 20 is 12-22.
    assert "| 2026-11-24 | 7 | 2026-12-08 ～ 2026-12-18 | 2026-12-08 ～ 2026-12-22 |" in report
    assert "| 2026-11-24 | 6 |" not in report


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
    assert "| 2026-11-24 | 14 | — | 2026-12-01 |" in report
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
    # Received 12-11: by the old cut-off (10th) N+3 -> last usage 2027-02;
    # by the new one (15th) N+2 -> last usage 2027-01.
    assert "| 2026-12-11 | 2027-02 | 2027-01 |" in report


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
