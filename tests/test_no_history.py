"""Code, comments and docstrings say what the code does, not how it came to
be: no tracker numbers, review labels, ticket codes or what the code did
before. That history belongs in commit messages. The rules' YAML and the
site's prose pages (docs/**/*.md) are outside the scan; they speak to
readers, not maintainers of the code."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("calculators", "guidebuild", "tests", "docs/assets", "overrides", "scripts", ".github")
# Spelled in pieces, so this file does not match itself.
HISTORY = re.compile("|".join([r"issue [0-9]", "review" + " defect", r"\bc" + r"11\b", "used" + " to"]),
                     re.IGNORECASE)
TEXT = {".py", ".mjs", ".js", ".css", ".html", ".sh", ".yml", ".yaml", ".toml", ".md", ".txt", ".json", ".expect"}


def _files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "--", *SCANNED], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    return [ROOT / name for name in listed if Path(name).suffix in TEXT and (ROOT / name).is_file()]


def find_history(paths: list[Path]) -> list[str]:
    return [f"{p.relative_to(ROOT) if p.is_relative_to(ROOT) else p}:{n}: {line.strip()}"
            for p in paths for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
            if HISTORY.search(line)]


def test_no_history_in_code_comments_or_docstrings():
    files = _files()
    assert len(files) > 100
    found = find_history(files)
    assert not found, "history belongs in commit messages:\n" + "\n".join(found)


def test_the_scan_sees_each_kind_of_history(tmp_path):
    sample = tmp_path / "sample.py"
    lines = ["# fixed for Issue " + "9 §2", "# review" + " defect 3", "# (c" + "11)", "# it used" + " to hang", "# fine"]
    sample.write_text("\n".join(lines), encoding="utf-8")
    assert len(find_history([sample])) == 4
