"""RulesWatch's decisions, on the events a polling watcher reports (the
whole serve loop is tests/pages/test_serve.py)."""

from __future__ import annotations

import threading
from pathlib import Path

from watchdog.events import DirCreatedEvent, DirDeletedEvent, DirModifiedEvent, DirMovedEvent
from watchdog.observers.polling import PollingObserver

from guidebuild.rulewatch import RulesWatch


class Server:
    """What RulesWatch uses of mkdocs' LiveReloadServer; the observer is not
    started, so scheduling runs no thread."""

    def __init__(self):
        self.observer = PollingObserver()
        self.watched: list[str] = []
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False

    def watch(self, path):
        self.watched.append(path)

    def unwatch(self, path):
        self.watched.remove(path)


def _watch(tmp_path: Path) -> tuple[Server, RulesWatch, Path]:
    rules = tmp_path / "rules"
    rules.mkdir()
    server = Server()
    return server, RulesWatch(server, rules), rules


def test_rules_created_again_is_watched_afresh_with_a_rebuild(tmp_path):
    server, watch, rules = _watch(tmp_path)
    watch.on_any_event(DirDeletedEvent(str(rules)))
    watch.on_any_event(DirCreatedEvent(str(rules)))
    assert server._want_rebuild and server.watched == [str(rules)] and not watch.lost


def test_rules_gone_and_back_between_two_polls_of_its_folder(tmp_path):
    """The folder's poll saw only itself modified; the directory's own watch
    had reported it gone."""
    server, watch, rules = _watch(tmp_path)
    watch.on_any_event(DirDeletedEvent(str(rules)))
    assert not server._want_rebuild
    watch.on_any_event(DirModifiedEvent(str(tmp_path)))
    assert server._want_rebuild and server.watched == [str(rules)] and not watch.lost


def test_rules_gone_and_back_unseen_by_either_poll_of_this_watch(tmp_path):
    """Only MkDocs' own watch of rules/ saw it gone (and stopped); this
    watch's folder poll saw only the folder modified and its own poll of
    the directory nothing: the rename shows in the directory's change time."""
    server, watch, rules = _watch(tmp_path)
    aside = tmp_path / "rules.bak"
    rules.rename(aside)
    aside.rename(rules)
    watch.on_any_event(DirModifiedEvent(str(tmp_path)))
    assert server._want_rebuild and server.watched == [str(rules)]
    # Watched afresh: the next folder change is no rebuild.
    server._want_rebuild = False
    watch.on_any_event(DirModifiedEvent(str(tmp_path)))
    assert not server._want_rebuild


def test_the_folder_modified_while_rules_stayed_is_no_rebuild(tmp_path):
    server, watch, _ = _watch(tmp_path)
    watch.on_any_event(DirModifiedEvent(str(tmp_path)))
    assert not server._want_rebuild


def test_rules_moved_aside_is_no_rebuild_until_it_is_back(tmp_path):
    server, watch, rules = _watch(tmp_path)
    aside = tmp_path / "rules.bak"
    rules.rename(aside)
    watch.on_any_event(DirMovedEvent(str(rules), str(aside)))
    watch.on_any_event(DirModifiedEvent(str(tmp_path)))
    assert not server._want_rebuild and watch.lost
    aside.rename(rules)
    watch.on_any_event(DirMovedEvent(str(aside), str(rules)))
    assert server._want_rebuild and not watch.lost
