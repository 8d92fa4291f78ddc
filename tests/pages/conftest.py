"""Builds of the site for the page tests, all started at once.

Every variant (the real rules, edited copies, a broken page) is a real
``mkdocs build --strict`` in a subprocess, launched in parallel in one
session fixture, so the suite costs about one build of wall time.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"

HOSTILE = "<script>alert(1)</script>{{ 7*7 }}"
NEW_EMAIL = "kmc-desk-renamed@example.com"


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


@dataclass
class Build:
    site: Path
    returncode: int
    output: str
    rules_dir: Path | None = None

    def html(self, page: str) -> str:
        """Raw HTML of a page given as its URL path ("change/items/", "")."""
        return (self.site / page / "index.html").read_text(encoding="utf-8")

    def text(self, page: str) -> str:
        return visible_text(self.html(page))

    def pages(self) -> dict[str, str]:
        """Every built HTML file by its path in the site."""
        return {p.relative_to(self.site).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(self.site.rglob("*.html"))}


def visible_text(page_html: str) -> str:
    """The article's text as a reader sees it: no tags, entities decoded,
    whitespace collapsed."""
    match = re.search(r"<article\b.*?</article>", page_html, re.DOTALL)
    body = match.group(0) if match else page_html
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.DOTALL)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(body))


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _start(site: Path, rules_dir: Path | None = None, config: Path = ROOT / "mkdocs.yml"):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("KMC_RULES_DIR", None)
    if rules_dir is not None:
        env["KMC_RULES_DIR"] = str(rules_dir)
    return subprocess.Popen(
        [python(), "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "-d", str(site)],
        cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def _replace(path: Path, old: str, new: str) -> None:
    # Text edits, not a YAML round trip: PyYAML would turn the key `no` into
    # false and drop the comments the loader's line numbers rely on.
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: {old!r} must occur exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _single_source_rules(tmp: Path) -> Path:
    rules = tmp / "rules-edited"
    shutil.copytree(RULES, rules)
    _replace(rules / "changes.yaml", "{kind: business_days, min: 10, max: 18}",
             "{kind: business_days, min: 10, max: 19}")
    _replace(rules / "contacts.yaml", "email: kmc-support@kddi.com", f"email: {NEW_EMAIL}")
    return rules


def _hostile_rules(tmp: Path) -> Path:
    rules = tmp / "rules-hostile"
    shutil.copytree(RULES, rules)
    value = _quoted(HOSTILE)
    _replace(rules / "guide.yaml", "changes: [初版作成]", f"changes: [{value}]")
    _replace(rules / "guide.yaml", "  - 当該資料は守秘義務契約に基づく内容が含まれております。", f"  - {value}")
    _replace(rules / "changes.yaml", "title: 企業情報", f"title: {value}")
    _replace(rules / "changes.yaml", "text: 複数の項目を同時に変更する場合、項目比較で最長納期に準じます。", f"text: {value}")
    _replace(rules / "contacts.yaml", "name: サービスお問い合わせ窓口", f"name: {value}")
    _replace(rules / "contacts.yaml", "      - 提供ドキュメントに関する内容", f"      - {value}")
    _replace(rules / "templates.yaml", "title: 障害お問い合わせメール例", f"title: {value}")
    _replace(rules / "templates.yaml", "subject: 【KDDI Message Cast】 【障害問合せ】 ○○○できない", f"subject: {value}")
    _replace(rules / "templates.yaml", "      KDDI株式会社 サービスコントロールセンター担当\n",
             f"      KDDI株式会社 サービスコントロールセンター担当\n      {HOSTILE}\n")
    return rules


def _broken_rules(tmp: Path) -> Path:
    rules = tmp / "rules-broken"
    shutil.copytree(RULES, rules)
    text = (rules / "changes.yaml").read_text(encoding="utf-8")
    (rules / "changes.yaml").write_text(text.replace("min: 10, max: 18", "min: 10, max: eighteen"), encoding="utf-8")
    return rules


def _broken_page_project(tmp: Path) -> Path:
    """A copy of the project whose history page names something undefined."""
    project = tmp / "project-broken-page"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    for name in ("hooks", "overrides", "rules", "calculators", "guidebuild", "node_modules", "pyproject.toml"):
        (project / name).symlink_to(ROOT / name)
    page = project / "docs" / "history.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ no_such_name }}\n", encoding="utf-8")
    return project


@dataclass
class Builds:
    main: Build
    edited: Build
    hostile: Build
    broken_rules: Build
    broken_page: Build


@pytest.fixture(scope="session")
def builds(tmp_path_factory) -> Builds:
    tmp = tmp_path_factory.mktemp("page-builds")
    project = _broken_page_project(tmp)
    plans = {
        "main": (tmp / "main", None, ROOT / "mkdocs.yml"),
        "edited": (tmp / "edited", _single_source_rules(tmp), ROOT / "mkdocs.yml"),
        "hostile": (tmp / "hostile", _hostile_rules(tmp), ROOT / "mkdocs.yml"),
        "broken_rules": (tmp / "broken-rules", _broken_rules(tmp), ROOT / "mkdocs.yml"),
        "broken_page": (tmp / "broken-page", None, project / "mkdocs.yml"),
    }
    procs = {name: _start(site, rules, config) for name, (site, rules, config) in plans.items()}
    results = {}
    for name, proc in procs.items():
        output, _ = proc.communicate(timeout=300)
        results[name] = Build(plans[name][0], proc.returncode, output, plans[name][1])
    for name in ("main", "edited", "hostile"):
        if results[name].returncode != 0:
            pytest.fail(f"build {name} failed:\n{results[name].output}", pytrace=False)
    return Builds(**results)


@pytest.fixture(scope="session")
def site(builds) -> Build:
    return builds.main


@pytest.fixture(scope="session")
def rules():
    from guidebuild.rules import load_rules

    return load_rules()
