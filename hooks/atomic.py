"""Publish all or nothing: build into a sibling temp dir, swap in on success.

A broken rule or page used to leave ``site/`` half-written. Now ``mkdocs
build`` writes into ``<site_dir>.partial-*`` and only a build that finished
without errors (and, in strict mode, without warnings) replaces the previous
site; otherwise the previous good build stays. Keep this hook LAST in
mkdocs.yml so every other hook's post-build output lands in the temp dir.
``mkdocs serve`` builds into its own temp dir and is left alone.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

_state: dict = {}


class _Counter(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def on_startup(command, dirty):
    _state["command"] = command


def on_config(config):
    if _state.get("command") != "build" or _state.get("final"):
        return config
    final = Path(config.site_dir).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f"{final.name}.partial-", dir=final.parent))
    _state.update(final=final, partial=partial, counter=_Counter())
    logging.getLogger("mkdocs").addHandler(_state["counter"])
    config.site_dir = str(partial)
    return config


def on_post_build(config):
    final, partial = _state.get("final"), _state.get("partial")
    if final is None:
        return
    if config.strict and _state["counter"].count:
        _discard()  # mkdocs aborts right after this event; keep the old site
        return
    old = final.with_name(final.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    partial.rename(final)
    config.site_dir = str(final)
    if old.exists():
        shutil.rmtree(old)
    _state.pop("partial")


def on_build_error(error):
    _discard()


def _discard():
    partial = _state.pop("partial", None)
    if partial is not None:
        shutil.rmtree(partial, ignore_errors=True)
