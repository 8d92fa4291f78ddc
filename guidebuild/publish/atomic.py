"""Publish all or nothing: build into a sibling temp dir, swap in on success.

``mkdocs build`` writes into ``<site_dir>.partial-*`` and only a build that
finished without errors (and, in strict mode, without warnings) replaces the
previous site; otherwise the previous good build stays. The plugin starts it
first in ``on_config`` and finishes it last in ``on_post_build``, after every
other step has written its output. ``mkdocs serve`` builds into its own temp
dir and is left alone.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path


class _Counter(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


class AtomicPublish:
    """One build's temp directory, and the warnings logged meanwhile."""

    def __init__(self):
        self.final: Path | None = None
        self.partial: Path | None = None
        self.counter = _Counter()

    def start(self, site_dir: str) -> str:
        """The directory to build into instead of ``site_dir``."""
        self.final = Path(site_dir).resolve()
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self.partial = Path(tempfile.mkdtemp(prefix=f"{self.final.name}.partial-", dir=self.final.parent))
        logging.getLogger("mkdocs").addHandler(self.counter)
        return str(self.partial)

    def finish(self, strict: bool) -> str | None:
        """Swap the finished build in; returns the published directory, or None
        when nothing was started or a strict build logged warnings (MkDocs then
        aborts, and the previous site stays)."""
        if self.final is None or self.partial is None:
            return None
        logging.getLogger("mkdocs").removeHandler(self.counter)
        if strict and self.counter.count:
            self.discard()
            return None
        old = self.final.with_name(self.final.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        if self.final.exists():
            self.final.rename(old)
        self.partial.rename(self.final)
        self.partial = None
        if old.exists():
            shutil.rmtree(old)
        return str(self.final)

    def discard(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.counter)
        if self.partial is not None:
            shutil.rmtree(self.partial, ignore_errors=True)
            self.partial = None
