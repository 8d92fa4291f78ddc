"""Rule texts are data: shown literally, never run, never fetched from afar;
and a broken page or rule fails the build instead of shipping."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from .conftest import HOSTILE, visible_text

HOSTILE_PAGES = ["", "history/", "change/items/", "support/contacts/"]

RESOURCE = re.compile(
    r"<(script|link|img|source|iframe|embed|object|video|audio|track|input)\b[^>]*?\b"
    r"(src|href|srcset|data|poster)\s*=\s*[\"']?([^\"'\s>]+)[^>]*>", re.IGNORECASE)
# A <link> that only names a page (canonical, alternate) loads nothing.
NAMES_ONLY = re.compile(r"\brel\s*=\s*[\"']?(canonical|alternate)\b", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)


def _foreign(url: str) -> bool:
    return url.startswith("//") or bool(re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I)) and \
        not url.startswith(("data:", "blob:", "about:"))


def foreign_resources(page_html: str) -> list[str]:
    """What a page would load from another host: tags and CSS url()s."""
    found = []
    for match in RESOURCE.finditer(page_html):
        tag, attr, url = match.groups()
        if tag.lower() == "link" and NAMES_ONLY.search(match.group(0)):
            continue
        if _foreign(url):
            found.append(f"<{tag} {attr}={url}>")
    for match in CSS_URL.findall(page_html):
        url = match[0] or match[1]
        if _foreign(url):
            found.append(f"css url({url})")
    return found


def test_the_foreign_resource_check_finds_them():
    page = ('<link rel="canonical" href="https://example.com/a/">'
            '<link rel="stylesheet" href="https://cdn.example.com/x.css">'
            '<script src="//cdn.example.com/x.js"></script><img src="data:image/png;base64,AA">'
            '<img src="../assets/x.png"><style>@import "https://fonts.example.com/f.css";</style>')
    assert foreign_resources(page) == ["<link href=https://cdn.example.com/x.css>",
                                       "<script src=//cdn.example.com/x.js>",
                                       "css url(https://fonts.example.com/f.css)"]


def test_no_page_loads_anything_from_another_host(site):
    problems = []
    for name, page_html in site.pages().items():
        problems += [f"{name}: {found}" for found in foreign_resources(page_html)]
    for css in site.site.rglob("*.css"):
        for match in CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
            url = match[0] or match[1]
            if _foreign(url):
                problems.append(f"{css.name}: url({url})")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", HOSTILE_PAGES)
def test_hostile_rule_text_is_shown_literally(builds, page):
    html = builds.hostile.html(page)
    text = visible_text(html)
    assert HOSTILE in text, f"{page or 'index'}: the text is not shown as written"
    assert "<script>alert(1)" not in html
    # the page is not evaluated: 49 appears no more often than without the text
    assert text.count("49") == builds.main.text(page).count("49")


def test_hostile_text_stays_literal_in_navigation_and_mail_link(builds):
    html = builds.hostile.html("support/contacts/")
    toc = html[html.index('md-nav--secondary'):]
    assert "<script>alert(1)" not in toc
    link = re.search(r'href="(mailto:[^"]+)"', html[html.index("md-button"):]).group(1)
    assert quote(HOSTILE, safe="") in link


def test_hostile_text_in_the_copied_mail_body_is_the_text(builds):
    html = builds.hostile.html("support/contacts/")
    body = re.search(r"<pre[^>]*><code>(.*?)</code></pre>", html, re.DOTALL).group(1)
    assert HOSTILE in visible_text(f"<article>{body}</article>")


def test_undefined_name_in_a_page_fails_the_build(builds):
    result = builds.broken_page
    assert result.returncode != 0
    assert "history.md" in result.output and "no_such_name" in result.output


def test_rules_error_fails_the_build_with_file_and_line(builds):
    result = builds.broken_rules
    assert result.returncode != 0
    assert re.search(r"changes\.yaml:\d+: ", result.output), result.output
