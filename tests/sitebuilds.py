"""The site builds that the page and browser tests share.

Every variant (the real rules, edited copies, a broken page) is a real
``mkdocs build --strict`` in a subprocess, all launched in parallel once per
test run (``SessionBuilds``, used by tests/conftest.py): tests/pages reads the
HTML, tests/browser serves the same directories to Chromium. They start as
soon as pytest has collected a test that needs them and finish while the
tests that need no built site run; under pytest-xdist the first worker builds
and the others read its record.
"""

from __future__ import annotations

import fcntl
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"

# Markup, script, Jinja and Markdown at once: shown literally everywhere, never run.
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>{{ 7*7 }} **bold** [link](javascript:alert(3))"
NEW_EMAIL = "kmc-desk-renamed@example.com"
# Shared by the project copies (the content-addressed caches are the user's, guidebuild/cache.py).
SHARED = ("overrides", "calculators", "guidebuild", "node_modules", "pyproject.toml")


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
    # Inline markup joins its text to what surrounds it (「KDDI Message Cast」
    # kept on one line is a <span> inside a sentence); other tags separate.
    body = re.sub(r"</?(?:span|wbr|a|strong|em|b|i|code|time|abbr|mark|small|sub|sup)\b[^>]*>", "", body)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(body))


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def project_copy(where: Path, *, rules: bool = True) -> Path:
    """A project at ``where`` with its own docs/ (and rules/), sharing the
    repository's code, theme and caches through links."""
    where.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", where / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", where / "docs")
    names = SHARED + (() if rules else ("rules",))
    if rules:
        shutil.copytree(RULES, where / "rules")
    for name in names:
        if (ROOT / name).exists():
            (where / name).symlink_to(ROOT / name)
    return where


def start_build(site: Path, rules_dir: Path | None = None, config: Path = ROOT / "mkdocs.yml", *,
                pdf: bool = False, search: bool = True):
    """``mkdocs build`` in the background. ``pdf=False`` sets KMC_PDF=0 (no
    WeasyPrint render, seconds of CPU on a cold cache): only the build of the
    real rules, which tests/browser/test_pdf.py reads, needs the PDF.
    ``search=False`` sets KMC_SEARCH=0 (no Pagefind index, a CPU-second)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", KMC_PDF="1" if pdf else "0", KMC_SEARCH="1" if search else "0")
    env.pop("KMC_RULES_DIR", None)
    if rules_dir is not None:
        env["KMC_RULES_DIR"] = str(rules_dir)
    return subprocess.Popen(
        [python(), "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "-d", str(site)],
        cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def replace_once(path: Path, old: str, new: str) -> None:
    # Text edits, not a YAML round trip: PyYAML would turn the key `no` into
    # false and drop the comments the loader's line numbers rely on.
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: {old!r} must occur exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def single_source_rules(tmp: Path) -> Path:
    rules = tmp / "rules-edited"
    shutil.copytree(RULES, rules)
    replace_once(rules / "changes.yaml", "{kind: business_days, min: 10, max: 18}",
                 "{kind: business_days, min: 10, max: 19}")
    replace_once(rules / "contacts.yaml", "email: kmc-support@kddi.com", f"email: {NEW_EMAIL}")
    return rules


def hostile_rules(tmp: Path) -> Path:
    """HOSTILE in fields that reach the home page, history, 2.1 (and the
    calculator's item list), 3.1, 4.2 and its mail examples."""
    rules = tmp / "rules-hostile"
    shutil.copytree(RULES, rules)
    value = _quoted(HOSTILE)
    replace_once(rules / "guide.yaml", "changes: [初版作成]", f"changes: [{value}]")
    replace_once(rules / "guide.yaml", "  - 当該資料は守秘義務契約に基づく内容が含まれております。", f"  - {value}")
    replace_once(rules / "changes.yaml", "title: 企業情報", f"title: {value}")
    replace_once(rules / "changes.yaml", "text: 複数の項目を同時に変更する場合、項目比較で最長納期に準じます。", f"text: {value}")
    replace_once(rules / "cancellation.yaml", "  - 解約前に配信を行った場合でも、配信ログの確認はできません。", f"  - {value}")
    replace_once(rules / "contacts.yaml", "name: サービスお問い合わせ窓口", f"name: {value}")
    replace_once(rules / "contacts.yaml", "      - 提供ドキュメントに関する内容", f"      - {value}")
    replace_once(rules / "templates.yaml", "title: 障害お問い合わせメール例", f"title: {value}")
    replace_once(rules / "templates.yaml", "subject: 【KDDI Message Cast】 【障害問合せ】 ○○○できない", f"subject: {value}")
    replace_once(rules / "templates.yaml", "      KDDI株式会社 サービスコントロールセンター担当\n",
                 f"      KDDI株式会社 サービスコントロールセンター担当\n      {HOSTILE}\n")
    return rules


def broken_rules(tmp: Path) -> Path:
    rules = tmp / "rules-broken"
    shutil.copytree(RULES, rules)
    replace_once(rules / "changes.yaml", "min: 10, max: 18", "min: 10, max: eighteen")
    return rules


def broken_page_project(tmp: Path) -> Path:
    """A copy of the project whose history page names something undefined."""
    project = project_copy(tmp / "project-broken-page", rules=False)
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


def warm_snapshot_cache() -> None:
    """Make the Pyodide memory snapshot once, before the parallel builds
    would each make it (it is cached by a hash of its inputs; when warm this
    costs one wheel build)."""
    import tomllib

    from guidebuild.cache import cache_dir
    from guidebuild.calculator.snapshot import build_snapshot
    from guidebuild.calculator.wheel import build_calculators_wheel

    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_calculators_wheel(ROOT, Path(tmp), version)
        build_snapshot(ROOT / "node_modules" / "pyodide", wheel, cache_dir("snapshot"))


# A finished build of the real rules to test instead of building it again
# (the workflow builds the site it publishes first, then tests that build).
BUILT_SITE_ENV = "KMC_BUILT_SITE"


def built_site_from_env() -> Build | None:
    value = os.environ.get(BUILT_SITE_ENV, "").strip()
    if not value:
        return None
    site = Path(value).resolve()
    if not (site / "index.html").is_file():
        return Build(site, 1, f"{BUILT_SITE_ENV}={value}: no index.html in {site}; build it first "
                              f"(mkdocs build --strict -d {value}) or unset {BUILT_SITE_ENV}")
    return Build(site, 0, f"{BUILT_SITE_ENV}: {site}")


SEARCHED = ("main", "edited")


def start_all(tmp: Path) -> dict:
    """Every variant's build, started (not waited for)."""
    warm_snapshot_cache()
    project = broken_page_project(tmp)
    plans = {
        "main": (tmp / "main", None, ROOT / "mkdocs.yml"),
        "edited": (tmp / "edited", single_source_rules(tmp), ROOT / "mkdocs.yml"),
        "hostile": (tmp / "hostile", hostile_rules(tmp), ROOT / "mkdocs.yml"),
        "broken_rules": (tmp / "broken-rules", broken_rules(tmp), ROOT / "mkdocs.yml"),
        "broken_page": (tmp / "broken-page", None, project / "mkdocs.yml"),
    }
    given = built_site_from_env()
    if given is not None:
        plans.pop("main")
    # The search index only where a test reads it: the real rules (the
    # search tests) and the edited ones (no old value left in the index).
    started = {name: (start_build(site, rules, config, pdf=name == "main", search=name in SEARCHED), site, rules)
               for name, (site, rules, config) in plans.items()}
    return {"main": given, **started} if given is not None else started


def finish_all(started: dict) -> Builds:
    results = {}
    for name, entry in started.items():
        if isinstance(entry, Build):
            results[name] = entry
            continue
        proc, site, rules = entry
        output, _ = proc.communicate(timeout=600)
        results[name] = Build(site, proc.returncode, output, rules)
    return Builds(**results)


def build_all(tmp: Path) -> Builds:
    return finish_all(start_all(tmp))


class SessionBuilds:
    """The builds of one test run in ``where``, made once even when several
    pytest-xdist workers ask: whoever holds the lock file builds and writes
    ``builds.json``; the others wait for the lock, then read it.

    ``start()`` (from pytest_collection_modifyitems) launches the builds and
    waits for them in a thread, so the tests that need no site run meanwhile;
    ``result()`` (the ``builds`` fixture) waits for them, or builds then and
    there if nothing started them."""

    RECORD = "builds.json"

    def __init__(self, where: Path):
        self.where = where
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def _lock(self, blocking: bool):
        self.where.mkdir(parents=True, exist_ok=True)
        lock = open(self.where / "lock", "a")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            lock.close()
            return None
        return lock

    def start(self) -> None:
        lock = self._lock(blocking=False)
        if lock is None:  # another worker is building
            return
        if (self.where / self.RECORD).exists():
            lock.close()
            return
        try:
            started = start_all(self.where)
        except BaseException:
            lock.close()
            raise
        self._thread = threading.Thread(target=self._finish, args=(started, lock), name="site-builds", daemon=True)
        self._thread.start()

    def _finish(self, started: dict, lock) -> None:
        try:
            self._record(finish_all(started))
        except BaseException as error:  # re-raised by result() in this process
            self._error = error
        finally:
            lock.close()  # releases the lock for the other workers

    def _record(self, builds: Builds) -> None:
        data = {name: {k: str(v) if isinstance(v, Path) else v for k, v in asdict(build).items()}
                for name, build in vars(builds).items()}
        tmp = self.where / (self.RECORD + ".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(self.where / self.RECORD)

    def result(self) -> Builds:
        if self._thread is not None:
            self._thread.join()
            if self._error is not None:
                raise self._error
        with self._lock(blocking=True):
            record = self.where / self.RECORD
            if not record.exists():
                self._record(build_all(self.where))
            data = json.loads(record.read_text(encoding="utf-8"))
        return Builds(**{name: Build(Path(b["site"]), b["returncode"], b["output"],
                                     Path(b["rules_dir"]) if b["rules_dir"] else None)
                         for name, b in data.items()})
