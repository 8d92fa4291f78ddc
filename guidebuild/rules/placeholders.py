"""The only substitution rule texts get: ``{name}`` filled from sibling fields.

Rule texts are data, not templates: Jinja, HTML and anything else in them is
shown literally. A sentence that quotes a number defined elsewhere (for
example the SoftBank option's lead time inside a flow note) names it with a
placeholder so the number is written once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

TOKEN = re.compile(r"\{([a-z_]+)\}")


def tokens(text: str) -> set[str]:
    return set(TOKEN.findall(text))


def fill(text: str, values: Mapping[str, str]) -> str:
    return TOKEN.sub(lambda m: values[m.group(1)] if m.group(1) in values else m.group(0), text)


def problems(text: str, allowed: Iterable[str], required: Iterable[str] = ()) -> list[str]:
    allowed, found = set(allowed), tokens(text)
    messages = []
    for name in sorted(found - allowed):
        hint = f"allowed here: {', '.join('{' + a + '}' for a in sorted(allowed))}" if allowed else \
            "no placeholder is allowed here"
        messages.append(f"unknown placeholder {{{name}}} in text: {hint}")
    for name in sorted(set(required) - found):
        messages.append(f"text must contain the placeholder {{{name}}} where the value belongs")
    return messages
