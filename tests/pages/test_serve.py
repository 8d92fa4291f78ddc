"""`mkdocs serve` follows rule edits, and keeps serving through broken ones."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

from sitebuilds import project_copy


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


# A rebuild takes seconds; polling every 0.1 s costs next to nothing and
# notices it within 0.1 s (the test waits on events, never a fixed time).
POLL = 0.1


def wait_for(url: str, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if needle in fetch(url):
            return True
        time.sleep(POLL)
    return False


def wait_for_log(log, needle: str, seconds: float, times: int = 1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if log.read_text(encoding="utf-8", errors="replace").count(needle) >= times:
            return True
        time.sleep(POLL)
    return False


RELOADED = "Reloading browsers"  # MkDocs logs it once a rebuild has finished


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serve_follows_rule_edits_and_survives_broken_ones(tmp_path):
    # A project copy whose rules/ and docs/ we may edit; code and theme are the repo's.
    project = project_copy(tmp_path / "project")
    port = free_port()
    # KMC_SEARCH=0: no Pagefind run on each of the rebuilds; this is about rules.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", KMC_SEARCH="0")
    env.pop("KMC_RULES_DIR", None)
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as sink:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, env=env, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/change/items/"
    history = f"http://127.0.0.1:{port}/history/"
    changes = project / "rules" / "changes.yaml"
    try:
        assert wait_for(url, "10～18営業日", 120), "mkdocs serve did not come up"
        # The maintainers' preview names the YAML a page is made from (there
        # is no edit button without a configured repository).
        assert "このページの内容は <code>rules/changes.yaml</code> から作られています" in fetch(url)

        # A broken rule: the message names file and line, and every page
        # still answers at once with the last good content, without waiting
        # for the file to be fixed.
        reloads = log.read_text(encoding="utf-8").count(RELOADED)
        _edit(changes, "min: 10, max: 18", "min: 10, max: eighteen")
        assert wait_for_log(log, "still serving the last good pages", 120), log.read_text()
        # Requests wait for a rebuild in progress (as they should); after it,
        # they must not wait for the file to be fixed.
        assert wait_for_log(log, RELOADED, 120, times=reloads + 1), log.read_text()
        line = 1 + changes.read_text(encoding="utf-8").splitlines().index(
            next(x for x in changes.read_text(encoding="utf-8").splitlines() if "eighteen" in x))
        assert f"rules/changes.yaml:{line}: 'max' must be a whole number" in log.read_text()
        started = time.monotonic()
        assert "10～18営業日" in fetch(url)  # fetch gives up after 5 s
        assert "改版履歴" in fetch(history)
        assert time.monotonic() - started < 10

        # Fixed: the next good edit is picked up as usual.
        _edit(changes, "min: 10, max: eighteen", "min: 10, max: 19")
        assert wait_for(url, "10～19営業日", 120), "the page was not rebuilt after the rule was fixed"
        assert "10～18営業日" not in fetch(url)

        # A broken page: the same, with the page and its line in the message.
        page = project / "docs" / "history.md"
        reloads = log.read_text(encoding="utf-8").count(RELOADED)
        page.write_text(page.read_text(encoding="utf-8") + "\n{{ no_such_name }}\n", encoding="utf-8")
        assert wait_for_log(log, "still serving the last good pages", 120, times=2), log.read_text()
        assert wait_for_log(log, RELOADED, 120, times=reloads + 1), log.read_text()
        assert "history.md" in log.read_text() and "no_such_name" in log.read_text()
        assert "改版履歴" in fetch(history) and "10～19営業日" in fetch(url)
        page.write_text(page.read_text(encoding="utf-8").replace("\n{{ no_such_name }}\n", ""), encoding="utf-8")

        # rules/ replaced (moved away and back): still watched afterwards.
        away = tmp_path / "rules-away"
        (project / "rules").rename(away)
        assert wait_for_log(log, "does not exist", 120), log.read_text()
        away.rename(project / "rules")
        assert wait_for(url, "10～19営業日", 120)
        _edit(changes, "min: 10, max: 19", "min: 10, max: 17")
        assert wait_for(url, "10～17営業日", 120), "an edit after rules/ came back was not picked up"
    finally:
        server.terminate()
        server.wait(timeout=30)
