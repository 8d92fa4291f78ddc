"""Reading and editing built HTML with a parser, not with patterns.

The steps after the page templates (the CSP, the calculator page's wiring,
the PDF) find elements by what the HTML parser of the standard library
(``html.parser``) reads: a tag's attributes in any order, quoted either way
or bare, names in any case; nothing inside comments; a script's text exactly
as the browser gets it. ``scan`` reports each tag with its offsets in the
source, and ``splice`` replaces only the ranges a step changes, so every other
byte of the page stays as it was (a CSP hash covers an inline script's text
byte for byte).

The standard library's parser rather than a library that builds a tree
(lxml, selectolax): those serialise the whole document again on output, so
the untouched parts would not stay byte for byte, and none of them reports
where in the source an element starts and ends.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

# Elements that have no end tag.
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


@dataclass(frozen=True)
class Tag:
    """One start or end tag, at ``source[start:end]``."""

    name: str                               # lower case
    attrs: tuple[tuple[str, str | None], ...]  # names lower case, values unescaped (None: bare)
    start: int
    end: int
    closing: bool = False                   # an end tag (</p>)
    self_closing: bool = False              # written <x ... />

    def has(self, name: str) -> bool:
        return any(k == name for k, _ in self.attrs)

    def get(self, name: str, default: str | None = None) -> str | None:
        for k, v in self.attrs:
            if k == name:
                return "" if v is None else v
        return default

    @property
    def classes(self) -> frozenset[str]:
        return frozenset((self.get("class") or "").split())


class _Scanner(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.lines = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
        self.tags: list[Tag] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def _start(self, tag, attrs, self_closing):
        start = self._offset()
        raw = self.get_starttag_text() or ""
        self.tags.append(Tag(tag, tuple(attrs), start, start + len(raw), self_closing=self_closing))

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, True)

    def handle_endtag(self, tag):
        start = self._offset()
        # html.parser ends an end tag at the first ">" after "</", as browsers do.
        end = self.source.find(">", start) + 1 or len(self.source)
        self.tags.append(Tag(tag, (), start, end, closing=True))


def scan(source: str) -> list[Tag]:
    """Every start and end tag of ``source`` in document order (none from
    inside comments, or from inside a script or style element's text)."""
    scanner = _Scanner(source)
    scanner.feed(source)
    scanner.close()
    return scanner.tags


def closing_index(tags: list[Tag], i: int) -> int | None:
    """The index in ``tags`` of the end tag that closes the start tag
    ``tags[i]``; None for a void or self-closed element, or one left open."""
    opening = tags[i]
    if opening.closing or opening.self_closing or opening.name in VOID:
        return None
    depth = 0
    for j in range(i + 1, len(tags)):
        t = tags[j]
        if t.name != opening.name or t.self_closing:
            continue
        if not t.closing:
            depth += 1
        elif depth == 0:
            return j
        else:
            depth -= 1
    return None


@dataclass(frozen=True)
class Element:
    """A whole element: ``source[start:end]``, its content ``source[inner_start:inner_end]``."""

    tag: Tag
    start: int
    inner_start: int
    inner_end: int
    end: int


def elements(source: str, tags: list[Tag] | None = None) -> Iterator[Element]:
    """Every element (start tag to matching end tag) in document order."""
    tags = scan(source) if tags is None else tags
    for i, tag in enumerate(tags):
        if tag.closing:
            continue
        j = closing_index(tags, i)
        if j is None:
            yield Element(tag, tag.start, tag.end, tag.end, tag.end)
        else:
            yield Element(tag, tag.start, tag.end, tags[j].start, tags[j].end)


def start_tag(name: str, attrs: Iterable[tuple[str, str | None]], self_closing: bool = False) -> str:
    """A start tag written from its attributes (values escaped, bare ones bare)."""
    parts = [name] + [k if v is None else f'{k}="{html.escape(v)}"' for k, v in attrs]
    return "<" + " ".join(parts) + (" />" if self_closing else ">")


def splice(source: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """``source`` with each ``(start, end, text)`` range replaced; ranges
    inside an earlier replaced range are ignored (dropping an element drops
    what is in it)."""
    out, at = [], 0
    for start, end, text in sorted(edits, key=lambda e: (e[0], -e[1])):
        if start < at:
            continue
        out += [source[at:start], text]
        at = end
    out.append(source[at:])
    return "".join(out)


def outermost(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ranges not inside another one, in order."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(ranges, key=lambda r: (r[0], -r[1])):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end))
    return kept


def inside(position: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether ``position`` lies in one of the sorted, disjoint ``ranges``."""
    i = bisect.bisect_right([r[0] for r in ranges], position) - 1
    return i >= 0 and ranges[i][0] <= position < ranges[i][1]
