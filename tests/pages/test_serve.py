"""`mkdocs serve` rebuilds the pages when a file under rules/ changes."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from .conftest import ROOT


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


def wait_for(url: str, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if needle in fetch(url):
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_a_rule_changes(tmp_path):
    # A project copy whose rules/ we may edit; code and theme are the repo's.
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "rules", project / "rules")
    for name in ("hooks", "overrides", "calculators", "guidebuild", "node_modules", "pyproject.toml"):
        (project / name).symlink_to(ROOT / name)
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", KMC_RULES_DIR=str(project / "rules"))
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/change/items/"
    try:
        assert wait_for(url, "10～18営業日", 120), "mkdocs serve did not come up"
        changes = project / "rules" / "changes.yaml"
        text = changes.read_text(encoding="utf-8")
        changes.write_text(text.replace("min: 10, max: 18", "min: 10, max: 19"), encoding="utf-8")
        assert wait_for(url, "10～19営業日", 120), "the page was not rebuilt after the rule changed"
        assert "10～18営業日" not in fetch(url)
    finally:
        server.terminate()
        server.wait(timeout=30)
