"""Rule text in the diff's Markdown: escaped so it cannot change the report's
structure, and a changed value shown whole with the changed part marked."""

from __future__ import annotations

import difflib
import re

# A value longer than this is shown on lines of its own, old and new, whole.
SHORT = 40

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def md(text: object) -> str:
    """Rule text as literal Markdown: it cannot open a heading, list, link or code span."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


def code(text: str) -> str:
    """A code span fenced with more backticks than the text holds in a row."""
    text = text.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if len(fence) > 1 else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def marked(old: str, new: str) -> tuple[str, str]:
    """Both texts whole, as Markdown, the parts that differ in <del> / <ins>."""
    old, new = " ".join(old.split()), " ".join(new.split())
    before, after = [], []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            before.append(md(old[a1:a2]))
            after.append(md(new[b1:b2]))
            continue
        if a2 > a1:
            before.append(f"<del>{md(old[a1:a2])}</del>")
        if b2 > b1:
            after.append(f"<ins>{md(new[b1:b2])}</ins>")
    return "".join(before), "".join(after)


MISSING = object()


def _show(value: object) -> str:
    return "（なし）" if value is MISSING else md(value)


def change_line(path: str, old: object, new: object) -> list[str]:
    head = f"- {code(path)}: "
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > SHORT:
        before, after = marked(old, new)
        return [head, f"  - 変更前: {before}", f"  - 変更後: {after}"]
    return [head + f"{_show(old)} → {_show(new)}"]
