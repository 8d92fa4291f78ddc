"""``mkdocs serve`` keeps the last good pages while a rule or page is broken.

MkDocs' live-reload server answers page requests only once a rebuild has
succeeded, so a build error made every request hang until the file was fixed
(and the message scrolled away). While serving, a broken rules edit or page
therefore keeps the last good result and prints the located message; the
next good edit is picked up as usual. ``mkdocs build`` and the first build of
``serve`` still fail on the error: nothing half-made is ever published.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class LastGood(Generic[T]):
    """One remembered value per key, used in place of a failed rebuild."""

    def __init__(self, errors: tuple[type[Exception], ...], what: str):
        self.errors = errors
        self.what = what
        self.serving = False
        self._values: dict[str, T] = {}

    def get(self, make: Callable[[], T], key: str = "", report: bool = True) -> T:
        """``make()``; while serving, on one of ``errors`` the last good value."""
        try:
            value = make()
        except self.errors as error:
            if not self.serving or key not in self._values:
                raise
            if report:
                print(f"\nERROR - {error}\n  -> still serving the last good {self.what} until this is fixed\n",
                      file=sys.stderr, flush=True)
            return self._values[key]
        self._values[key] = value
        return value
