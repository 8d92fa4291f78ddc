"""Which checkout a command works on: the one it runs in, never the one the
code happens to be installed from.

With an editable install, ``.venv`` can import ``guidebuild`` from checkout A
while the command runs in checkout B (a ``git worktree`` for a review). Paths
therefore come from where the command runs: the MkDocs hooks from the config
file's directory, the CLIs from the git work tree that holds the current
directory (or an explicit ``--rules DIR``). If the imported code is not that
checkout's own, we stop: B's rules published with A's calculator would be a
site that disagrees with itself.
"""

from __future__ import annotations

import os
from pathlib import Path

RULES_ENV = "KMC_RULES_DIR"
PACKAGES = ("guidebuild", "calculators")


class CheckoutError(Exception):
    """The command cannot tell, or must not use, the checkout it runs in."""


def env_rules_dir() -> Path | None:
    """``KMC_RULES_DIR``: one switch for every hook and CLI (tests point it at
    edited copies), so pages and calculator describe the same rules."""
    value = os.environ.get(RULES_ENV, "").strip()
    return Path(value) if value else None


def find_root(start: Path | None = None) -> Path:
    """The git work tree holding ``start`` (default: the current directory).

    A linked worktree has a ``.git`` file rather than a directory; both count.
    """
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    raise CheckoutError(f"{here} is not inside a git checkout of the guide: run the command from "
                        "the checkout, or name the rules directory with --rules DIR")


def require_own_code(root: Path) -> None:
    """Fail unless ``guidebuild`` and ``calculators`` are imported from ``root``."""
    import calculators
    import guidebuild

    for package in (guidebuild, calculators):
        used = Path(package.__file__).resolve().parent
        expected = (root / package.__name__).resolve()
        if used != expected:
            raise CheckoutError(
                f"this command runs in {root} but Python imported {package.__name__} from {used}: "
                f"the rules of one checkout would be built with the code of another. "
                f"Use {root}'s own environment (cd {root} && bash scripts/setup.sh, then "
                f"{root}/.venv/bin/...), or run `python -m ...` from {root} itself so its packages "
                f"are imported first.")


def rules_dir(explicit: Path | None = None, start: Path | None = None) -> Path:
    """The rules a CLI works on: ``--rules DIR``, else ``KMC_RULES_DIR``, else
    ``rules/`` of the checkout holding the current directory (whose code must
    be the code running)."""
    chosen = explicit or env_rules_dir()
    if chosen is not None:
        where = "--rules" if explicit else RULES_ENV
        if Path(chosen).is_file():
            raise CheckoutError(f"{where} names a file ({chosen}): give the rules directory, the one "
                                "that holds guide.yaml, changes.yaml and the others")
        return Path(chosen)
    root = find_root(start)
    require_own_code(root)
    found = root / "rules"
    if not found.is_dir():
        raise CheckoutError(f"{root} has no rules/ directory: run the command from the guide's "
                            "checkout, or name the rules directory with --rules DIR")
    return found


def code_root() -> Path:
    """The checkout the running ``guidebuild`` was imported from: only for what
    a command outside any checkout still needs (the docs of ``--rules DIR``)."""
    return Path(__file__).resolve().parent.parent


def config_root(config_file_path: str | os.PathLike) -> Path:
    """The checkout of a MkDocs build: the directory of its mkdocs.yml, whose
    code must be the code running."""
    root = Path(config_file_path).parent.resolve()
    require_own_code(root)
    return root


def build_rules_dir(root: Path) -> Path:
    """The rules a build of ``root`` uses: ``KMC_RULES_DIR`` or ``root/rules``."""
    return env_rules_dir() or root / "rules"
