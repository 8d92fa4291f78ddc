"""The MkDocs plugin finds its checkout from mkdocs.yml (config.config_file_path,
through guidebuild.checkout.config_root), never from where its own file lies:
with an editable .venv shared between worktrees, ``__file__`` can be another
checkout's. It keeps its state on its instance, never in module globals."""

import ast
from pathlib import Path

PLUGIN = Path(__file__).resolve().parents[1] / "guidebuild" / "plugin.py"


def test_the_plugin_takes_no_path_from_its_own_file():
    assert "__file__" not in PLUGIN.read_text(encoding="utf-8")


def test_the_plugin_keeps_no_module_level_state():
    tree = ast.parse(PLUGIN.read_text(encoding="utf-8"))
    assigned = [target.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                if isinstance(target, ast.Name)]
    # Constants only (UPPER_CASE) and the logger.
    assert all(name.isupper() or name == "log" for name in assigned), assigned
