"""``mkdocs serve`` keeps watching rules/ when the directory is replaced.

MkDocs' polling watcher stops watching a directory that disappears, so a
rules/ moved away and back (a branch switch, a restore from a copy) was never
watched again: every later edit went unseen. The plugin watches the build's
rules directory itself, and the folder holding it (without descending), and
when the rules directory comes back it watches it afresh and asks for a
rebuild: the directory may hold other rules than the last build saw.
"""

from __future__ import annotations

import os
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler


class RulesWatch(FileSystemEventHandler):
    def __init__(self, server, rules_dir: Path):
        self.server = server
        self.rules = Path(rules_dir).resolve()
        server.watch(str(self.rules))
        server.observer.schedule(self, str(self.rules.parent), recursive=False)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            return
        arrived = getattr(event, "dest_path", "") or event.src_path
        if event.event_type in ("created", "moved") and Path(os.fsdecode(arrived)) == self.rules:
            self.rearm()

    def rearm(self) -> None:
        if not self.rules.is_dir():
            return
        self.server.unwatch(str(self.rules))
        self.server.watch(str(self.rules))
        # The fresh watch only sees changes after it has started, so ask for
        # the rebuild the way MkDocs' own watches do (mkdocs 1.6's
        # LiveReloadServer; tests/pages/test_serve.py fails if this changes).
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()
