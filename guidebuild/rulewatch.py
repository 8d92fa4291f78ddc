"""``mkdocs serve`` keeps watching rules/ when the directory is replaced.

MkDocs' polling watcher stops watching a directory that disappears, so a
rules/ moved away and back (a branch switch, a restore from a copy) was never
watched again: every later edit went unseen. The plugin watches the build's
rules directory itself, and the folder holding it (without descending), and
when the rules directory comes back it watches it afresh and asks for a
rebuild: the directory may hold other rules than the last build saw.

"Comes back" is either event the folder's poll can report: the directory
created (or moved in) when the poll ran while it was away, or only the
folder modified when it went and came back between two polls. The second
counts when this watch's own poll of the directory reported it gone, or when
the directory's change time differs from when it was last watched (a rename
sets it): MkDocs' own watch of rules/ polls on its own and may have seen the
directory gone, and stopped, while neither poll of this watch did.
"""

from __future__ import annotations

import os
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler


class RulesWatch(FileSystemEventHandler):
    def __init__(self, server, rules_dir: Path):
        self.server = server
        self.rules = Path(rules_dir).resolve()
        self.lost = False
        self.armed = self._changed_at()
        server.watch(str(self.rules))
        self.own = server.observer.schedule(self, str(self.rules), recursive=False)
        server.observer.schedule(self, str(self.rules.parent), recursive=False)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            return
        path = Path(os.fsdecode(event.src_path))
        arrived = Path(os.fsdecode(getattr(event, "dest_path", "") or event.src_path))
        if path == self.rules and event.event_type in ("deleted", "moved"):
            self.lost = True  # every watch on it has stopped
        if event.event_type in ("created", "moved") and arrived == self.rules:
            self.rearm()
        elif event.event_type == "modified" and path == self.rules.parent and (
                self.lost or self._changed_at() != self.armed):
            self.rearm()

    def _changed_at(self) -> int | None:
        try:
            return os.stat(self.rules).st_ctime_ns
        except OSError:
            return None

    def rearm(self) -> None:
        if not self.rules.is_dir():
            return
        self.lost = False
        self.armed = self._changed_at()
        self.server.unwatch(str(self.rules))
        self.server.watch(str(self.rules))
        self.server.observer.unschedule(self.own)
        self.own = self.server.observer.schedule(self, str(self.rules), recursive=False)
        # The fresh watch only sees changes after it has started, so ask for
        # the rebuild the way MkDocs' own watches do (mkdocs 1.6's
        # LiveReloadServer; tests/pages/test_serve.py fails if this changes).
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()
