"""Where the build keeps its content-addressed results: the Pyodide memory
snapshot and the PDF edition.

Outside the checkout, so a fresh clone (CI, a new worktree) reuses what any
clone on the machine already made: ``$KMC_CACHE_DIR`` when set, else
``${XDG_CACHE_HOME:-~/.cache}/kmc-guide``. Each entry is named by a hash of
every input it was made from and written atomically (complete or absent), so
clones of different commits can share the directory, even while building at
the same time: an entry made from other inputs has another name.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "KMC_CACHE_DIR"


def cache_root(environ=os.environ) -> Path:
    """``$KMC_CACHE_DIR``, else ``${XDG_CACHE_HOME:-~/.cache}/kmc-guide`` (an
    empty value counts as unset, as the XDG specification says)."""
    value = environ.get(ENV, "").strip()
    if value:
        return Path(value).expanduser()
    xdg = environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "kmc-guide"


def cache_dir(kind: str, environ=os.environ) -> Path:
    """The directory of one kind of entry (``snapshot``, ``pdf``)."""
    return cache_root(environ) / kind
