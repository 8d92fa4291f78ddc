"""Issue 12: a hook finds its checkout from mkdocs.yml (config.config_file_path,
through guidebuild.checkout.config_root), never from where its own file lies:
with an editable .venv shared between worktrees, ``__file__`` can be another
checkout's."""

from pathlib import Path

HOOKS = Path(__file__).resolve().parents[1] / "hooks"


def test_no_hook_takes_a_path_from_its_own_file():
    hooks = sorted(HOOKS.glob("*.py"))
    assert hooks
    offenders = [h.name for h in hooks if "__file__" in h.read_text(encoding="utf-8")]
    assert offenders == [], f"hooks deriving paths from __file__: {offenders}; use config_root(config.config_file_path)"
