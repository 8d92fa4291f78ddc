"""Strict YAML loading that remembers where every value came from.

A value's type comes from the rules' models alone, never from YAML's
implicit typing: YAML 1.1 would read ``010`` as 8, ``1:30`` as 90, ``yes`` as
true and ``2.0`` as a float, silently. Here a plain scalar becomes an int,
``true``/``false``, null or a date only when written in exactly that one
canonical form; everything else (quoted or not) stays the text as written,
and the strict models refuse it where a number, flag or date is expected.

Nothing is read before its type and size are checked, nothing is composed
before its nesting depth is bounded, and every refusal names the file and
line. Tags (``!!int``), merge keys (``<<``), non-text keys and duplicate keys
are refused rather than interpreted.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Path_ = tuple[str | int, ...]

MAX_BYTES = 512 * 1024
MAX_NODES = 50_000
MAX_DEPTH = 40


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class RulesError(Exception):
    """One or more problems in the rules; str() is one ``file:line: message`` per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class LoadedFile:
    name: str  # as shown in messages, e.g. rules/changes.yaml
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """Line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


class _Loader(yaml.SafeLoader):
    """Scans, parses and composes only; values are built by ``_Builder``."""


# No implicit resolution at all: every untagged scalar composes as a string
# node, and ``_Builder`` alone decides the few canonical forms.
_Loader.yaml_implicit_resolvers = {}

_INT = re.compile(r"^(?:0|-?[1-9][0-9]*)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# Control characters YAML itself refuses or that can hide in text; tab, LF and
# CR are the only ones a rule file may hold.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Characters YAML reads as a line break although editors, ``git diff`` and
# ``grep`` show one line: a value hidden behind one passes review unseen, and
# every line number after it would disagree with ``grep -n``. A lone CR is the
# same (CR LF is one break everywhere).
_HIDDEN_BREAKS = {"\x85": "next-line character NEL", "\u2028": "line separator", "\u2029": "paragraph separator"}
_HIDDEN_BREAK = re.compile(r"[\x85\u2028\u2029]|\r(?!\n)")
# Code points that are not characters: lone surrogates (only reachable through
# a "\ud800" escape) and the noncharacters U+FDD0-FDEF and U+xFFFE/xFFFF.
_NONCHARACTER = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                           + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(1, 17)) + "]")


def _fail(display: str, line: int, message: str):
    raise RulesError([Problem(display, line, message)])


def read_bounded(path: Path, display: str) -> bytes:
    """The file's bytes, after checking it is a regular file of bounded size."""
    try:
        info = os.stat(path)  # follows a symlink: what would be read
    except OSError as error:
        _fail(display, 1, f"cannot read the file ({error.strerror}): check that it exists and is readable")
    if stat.S_ISDIR(info.st_mode):
        _fail(display, 1, "is a directory, not a file: a rule file must be a YAML file")
    if not stat.S_ISREG(info.st_mode):
        _fail(display, 1, "is not a regular file (a device, pipe or socket): replace it with the YAML file")
    if info.st_size > MAX_BYTES:
        _fail(display, 1, f"file is {info.st_size // 1024} KB; a rule file may be at most {MAX_BYTES // 1024} KB: split it or remove what is not a rule")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        _fail(display, 1, f"cannot read the file ({error.strerror}): check that it is readable")
    if len(raw) > MAX_BYTES:  # grew since stat
        _fail(display, 1, f"file is larger than {MAX_BYTES // 1024} KB: split it or remove what is not a rule")
    return raw


def decode(raw: bytes, display: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        _fail(display, 1, "file starts with a byte-order mark (BOM): save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        _fail(display, raw[: error.start].count(b"\n") + 1, "file is not valid UTF-8: save it as UTF-8")
    hidden = _HIDDEN_BREAK.search(text)
    if hidden:
        line = text.count("\n", 0, hidden.start()) + 1
        char = hidden.group()
        what = f"{_HIDDEN_BREAKS[char]} U+{ord(char):04X}" if char in _HIDDEN_BREAKS else "carriage return (CR) without a line feed"
        _fail(display, line, f"{what} in the file: YAML reads it as a line break that editors, git diff and grep do not show; "
                             "delete it or use an ordinary line break")
    nonchar = _NONCHARACTER.search(text)
    if nonchar:
        line = text.count("\n", 0, nonchar.start()) + 1
        _fail(display, line, f"U+{ord(nonchar.group()):04X} is not a character: delete it")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        _fail(display, line, f"control character U+{ord(bad.group()):04X} in the file: delete it (only spaces, tabs in text and line breaks are allowed)")
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            _fail(display, number, "tab used for indentation: YAML needs spaces, replace the tab with spaces")
    return text


def _scan(text: str, display: str) -> int:
    """Walk the event stream (no recursion) and refuse what must not be composed;
    returns how many aliases the file uses."""
    depth = aliases = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                _fail(display, line, f"values nested more than {MAX_DEPTH} levels deep: a rule file is never this deep, flatten it")
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        elif isinstance(event, AliasEvent):
            aliases += 1
        if isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.tag is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            _fail(display, line, f"YAML tag {tag} is not allowed: remove it (the schema decides each value's type; quote text)")
    return aliases


def _expanded_size(node: Node, memo: dict[int, int]) -> int:
    # Aliases share nodes, so a few lines can stand for billions of values
    # ("billion laughs"); count what validation would have to walk.
    key = id(node)
    if key not in memo:
        memo[key] = 0  # a cycle counts once
        if isinstance(node, MappingNode):
            size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
        elif isinstance(node, SequenceNode):
            size = 1 + sum(_expanded_size(v, memo) for v in node.value)
        else:
            size = 1
        memo[key] = size
    return memo[key]


class _Builder:
    """Python values from the composed nodes, recording a line for every path."""

    def __init__(self, display: str):
        self.display = display
        self.lines: dict[Path_, int] = {}
        self.active: set[int] = set()

    def build(self, node: Node, path: Path_) -> object:
        line = node.start_mark.line + 1
        self.lines.setdefault(path, line)
        if id(node) in self.active:
            _fail(self.display, line, "a YAML alias (*name) refers to the value that contains it: write the value out")
        if isinstance(node, ScalarNode):
            self.check_scalar(node)
            return self.scalar(node)
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
            return self.mapping(node, path)
        finally:
            self.active.discard(id(node))

    def mapping(self, node: MappingNode, path: Path_) -> dict:
        out: dict[str, object] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                _fail(self.display, line, "a key must be plain text, not a list or mapping (`? [...]`): write the key as text")
            self.check_scalar(key_node)
            key = key_node.value
            if key == "<<" and key_node.style is None:
                _fail(self.display, line, "YAML merge key '<<' is not supported: write the keys out in full")
            if key in first:
                _fail(self.display, line, f"YAML syntax error: duplicate key '{key}' (first defined on line {first[key]}): remove or rename one of them")
            first[key] = line
            self.lines[path + (key,)] = line
            out[key] = self.build(value_node, path + (key,))
        return out

    def check_scalar(self, node: ScalarNode) -> None:
        """Refuse what an escape can smuggle in, and text YAML would fold."""
        line = node.start_mark.line + 1
        bad = _NONCHARACTER.search(node.value)
        if bad:
            _fail(self.display, line, f"the escape for U+{ord(bad.group()):04X} is not a character: delete it")
        last = node.end_mark.line + 1
        # YAML joins wrapped lines with a space: 「ご提出 ください」 for a
        # Japanese sentence. One-line text is written on one line.
        if node.style == ">":
            _fail(self.display, line, "a folded block ('>') joins its lines with a space: write the text on one line after the key")
        if node.style != "|" and last > line:
            _fail(self.display, line, f"text wrapped over lines {line}-{last}: YAML would join the lines with a space; "
                                      "write it on one line (only a '|' block keeps line breaks, for a mail body)")

    @staticmethod
    def scalar(node: ScalarNode) -> object:
        text = node.value
        if node.style is not None:  # quoted or block scalar: always text
            return text
        if text in _NULL:
            return None
        if text in _BOOL:
            return _BOOL[text]
        if _INT.match(text):
            return int(text)
        if _DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return text  # not a real day: the model refuses it with the text as written
        return text


def load_text(text: str, display: str) -> LoadedFile:
    try:
        aliases = _scan(text, display)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = error.problem or "invalid YAML"
        if error.context:
            what = f"{error.context}, {what}"
        _fail(display, line, f"YAML syntax error: {what}")
    except yaml.YAMLError as error:
        _fail(display, 1, f"YAML error: {error}")
    if node is None:
        _fail(display, 1, "file is empty: it must hold the rules described in its schema")
    if _expanded_size(node, {}) > MAX_NODES:
        if aliases:
            _fail(display, 1, f"file expands to more than {MAX_NODES} values through YAML aliases (&/*): write the values out instead")
        _fail(display, 1, f"file holds more than {MAX_NODES} values: a rule file is never this large, split it or remove what is not a rule")
    builder = _Builder(display)
    data = builder.build(node, ())
    if data is None:
        _fail(display, 1, "file is empty: it must hold the rules described in its schema")
    return LoadedFile(display, data, builder.lines)


def load_file(path: Path, display: str) -> LoadedFile:
    return load_text(decode(read_bounded(Path(path), display), display), display)
