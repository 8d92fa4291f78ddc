"""guidebuild.pages and guidebuild.prerender, without building the site."""

from __future__ import annotations

import pytest

from guidebuild.pages.render import PageRenderError, render_markdown
from guidebuild.pages.prerender import edit_url

from .conftest import ROOT


def test_values_are_escaped_for_html_and_markdown():
    out = render_markdown("x {{ v }} y", {"v": "<b>*a*</b> [l](u) | {{ 7*7 }}"})
    assert "<b>" not in out and "*a*" not in out and "[l]" not in out and "|" not in out
    assert "49" not in out and "&#123;&#123; 7&#42;7 &#125;&#125;" in out


def test_undefined_name_raises_with_the_line():
    with pytest.raises(PageRenderError, match=r"page\.md:2: UndefinedError"):
        render_markdown("ok\n{{ missing }}\n", {}, "page.md")


def test_syntax_error_raises():
    with pytest.raises(PageRenderError, match="TemplateSyntaxError"):
        render_markdown("{% if %}", {}, "page.md")


def test_sandbox_blocks_python_internals():
    with pytest.raises(PageRenderError):
        render_markdown("{{ v.__class__.__mro__ }}", {"v": "x"})


def test_printing_none_fails_instead_of_showing_None():
    with pytest.raises(PageRenderError, match="None"):
        render_markdown("{{ v }}", {"v": None})


def test_context_field_may_not_hide_a_macro_file():
    with pytest.raises(PageRenderError, match="clash"):
        render_markdown("x", {"flows": 1})


def test_edit_link_points_at_the_rules_file():
    assert edit_url("https://github.com/example/kmc-guide", "changes") == \
        "https://github.com/example/kmc-guide/edit/main/rules/changes.yaml"
    assert edit_url("https://github.com/example/kmc-guide/", None) is None
    assert edit_url(None, "changes") is None


def test_declared_rules_files_exist():
    import re

    declared = 0
    for page in sorted((ROOT / "docs").rglob("*.md")):
        match = re.match(r"---\n(?:.*\n)*?rules: (\w+)\n(?:.*\n)*?---\n", page.read_text(encoding="utf-8"))
        if match:
            declared += 1
            assert (ROOT / "rules" / f"{match.group(1)}.yaml").exists(), page
    assert declared >= 17  # every guide page but the calculator


def test_markdown_heading_ids_are_not_jinja_comments():
    assert render_markdown("## A {#a}\n{## note ##}x", {}) == "## A {#a}\nx"
