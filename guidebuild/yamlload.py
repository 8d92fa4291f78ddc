"""Strict YAML loading that remembers where every value came from.

PyYAML silently keeps the last of two duplicate keys and reports tabs and
BOMs in terms maintainers do not recognise; this loader refuses both with the
file and line, and records a line for every path so that later checks
(pydantic, cross-references) can point at the exact line too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Path_ = tuple[str | int, ...]


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
    pass


# YAML 1.1 reads `no`, `yes`, `on` and `off` as booleans, which turns the key
# `no:` of a change item into False. Keep YAML 1.2's rule: only true/false.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _no_duplicates(loader: _Loader, node: MappingNode, deep: bool = False):
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise ConstructorError(
                None, None,
                f"duplicate key '{key}' (first defined on line {seen[key]}): remove or rename one of them",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


MAX_BYTES = 512 * 1024
MAX_NODES = 50_000


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


def _record_lines(node: Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode):
                child = path + (key_node.value,)
                lines[child] = key_node.start_mark.line + 1
                _record_lines(value_node, child, lines)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, path + (index,), lines)


def load_file(path: Path, display: str) -> LoadedFile:
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise RulesError([Problem(display, 1, f"file is {len(raw) // 1024} KB; a rule file may be at most {MAX_BYTES // 1024} KB: split it or remove what is not a rule")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raise RulesError([Problem(display, 1, "file starts with a byte-order mark (BOM): save it as UTF-8 without BOM")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise RulesError([Problem(display, line, "file is not valid UTF-8: save it as UTF-8")]) from None
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise RulesError([Problem(display, number, "tab used for indentation: YAML needs spaces, replace the tab with spaces")])
    try:
        node = yaml.compose(text, Loader=_Loader)
        if node is not None and _expanded_size(node, {}) > MAX_NODES:
            raise RulesError([Problem(display, 1, f"file expands to more than {MAX_NODES} values through YAML aliases (&/*): write the values out instead")])
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = error.problem or "invalid YAML"
        if error.context and "duplicate key" not in what:
            what = f"{error.context}, {what}"
        raise RulesError([Problem(display, line, f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as error:
        raise RulesError([Problem(display, 1, f"YAML error: {error}")]) from None
    if node is None or data is None:
        raise RulesError([Problem(display, 1, "file is empty: it must hold the rules described in its schema")])
    lines: dict[Path_, int] = {}
    _record_lines(node, (), lines)
    return LoadedFile(display, data, lines)
