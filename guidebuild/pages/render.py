"""Render a docs page's Markdown as a Jinja2 template over the page context.

Safety rules, all enforced here:

* Sandboxed, ``StrictUndefined``: a typo in a page is a build failure, never
  an empty cell.
* Autoescape on, and every value is also neutralised for Markdown (``*``,
  ``_``, ``[``, ``|``, ``{`` … become character references), so a rule text is
  shown exactly as written: it can neither inject HTML nor change the page's
  Markdown structure.
* Rule texts are values, never templates: they are not rendered again, so
  ``{{ 7*7 }}`` in YAML stays ``{{ 7*7 }}``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from calculators.viewparts import LATIN_NAME, name_pieces

from .phrases import words

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Macro files every page sees as a global of the same name (flows.flow(...)).
PARTIALS = ("blocks", "tables", "flows", "inquiry", "mail")

# Characters that Markdown (and its extensions) give a meaning to. '<', '>',
# '&' and quotes are already handled by HTML escaping.
_MARKDOWN_CHARS = {c: f"&#{ord(c)};" for c in "\\`*_[]{}|#~^!$"}


class PageRenderError(Exception):
    """A page template could not be rendered; the message says where and why."""


def markdown_escape(value: object) -> Markup:
    if isinstance(value, Markup):
        return value
    text = str(escape(value))
    return Markup("".join(_MARKDOWN_CHARS.get(c, c) for c in text))


# An e-mail address as the rules write one, after HTML and Markdown escaping,
# or a name of several Latin words (「KDDI Message Cast」).
_EMAIL = r"(?:[A-Za-z0-9.+-]|&#[0-9]+;)+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_WHOLE = re.compile(f"{_EMAIL}|{LATIN_NAME}")


def kept_whole(value: object) -> Markup:
    """Text for an element's content, each e-mail address and each name of
    several Latin words in it kept on one line (an address cut at its
    hyphen, 「kmc- / support@…」, is copied wrong; 「KDDI Message / Cast」
    reads as two things). Markup is already laid out and passes unchanged."""
    if isinstance(value, Markup):
        return value
    return Markup(_WHOLE.sub(lambda m: f'<span class="kmc-nowrap">{m.group(0)}</span>', markdown_escape(value)))


def word_breaks(value: object) -> Markup:
    """A name for a heading, with a break opportunity (<wbr>) between its
    words: a long name such as 「SoftBank送信元表示番号オプション」 is one
    phrase to the browser, and on a phone it would otherwise be cut anywhere
    (「…オプ / ション」). The menus' labels get theirs from the plugin."""
    return Markup("<wbr>".join(markdown_escape(w) for w in words(str(value))))


def name_breaks(value: object) -> Markup:
    """A change item's name with a ``<wbr>`` where its script changes, the
    same places its result's card may break (``calculators.viewparts``)."""
    return Markup("<wbr>".join(markdown_escape(p) for p in name_pieces(str(value))))


def _finalize(value: object) -> object:
    # Runs before autoescape: returning Markup stops a second escaping.
    if value is None:
        raise PageRenderError("a page printed an empty value (None): guard it with {% if %}")
    return markdown_escape(value)


def make_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # `{#id}` is attr_list's heading-id syntax in Markdown pages, so Jinja
        # comments are spelled {## ... ##} instead of {# ... #}.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["kept_whole"] = kept_whole
    env.filters["word_breaks"] = word_breaks
    env.filters["name_breaks"] = name_breaks
    for name in PARTIALS:
        env.globals[name] = env.get_template(f"{name}.md").module
    return env


_ENV: SandboxedEnvironment | None = None


def environment() -> SandboxedEnvironment:
    global _ENV
    if _ENV is None:
        _ENV = make_environment()
    return _ENV


@functools.lru_cache(maxsize=64)
def _compiled(source: str) -> Template:
    # A page's source compiles once per process: rebuilds under ``mkdocs
    # serve`` and the every-field test render the same pages many times.
    return environment().from_string(source)


def render_markdown(source: str, context: object, name: str = "<page>") -> str:
    """The page's Markdown with every ``{{ }}`` filled from ``context``.

    ``context`` is a ``GuideContext`` (its fields become top-level names) or a
    plain mapping. Raises ``PageRenderError`` naming the page and line.
    """
    names = context.names() if hasattr(context, "names") else dict(context)
    if not isinstance(names, Mapping):
        raise TypeError("context must be a GuideContext or a mapping")
    clash = sorted(set(names) & set(PARTIALS))
    if clash:
        # A context field would hide the macro file of the same name.
        raise PageRenderError(f"context names {clash} clash with the macro files in guidebuild/templates/")
    try:
        return _compiled(source).render(names)
    except PageRenderError as error:
        raise PageRenderError(f"{name}: {error}") from None
    except TemplateError as error:
        line = getattr(error, "lineno", None) or _template_line(error)
        where = f"{name}:{line}" if line else name
        raise PageRenderError(f"{where}: {type(error).__name__}: {error.message or error}") from None


def _template_line(error: BaseException) -> int | None:
    # Runtime errors (undefined names) carry the line only in the traceback.
    tb = error.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
