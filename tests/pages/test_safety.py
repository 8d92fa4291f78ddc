"""Rule texts are data: shown literally, never run, never fetched from afar;
and a broken page or rule fails the build instead of shipping."""

from __future__ import annotations

import re

import pytest

from .conftest import HOSTILE, visible_text

HOSTILE_PAGES = ["", "history/", "change/items/", "support/contacts/"]

RESOURCE = re.compile(
    r"<(script|link|img|source|iframe|embed|object|video|audio|track|input)\b[^>]*?\b"
    r"(src|href|srcset|data|poster)\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)


def _foreign(url: str) -> bool:
    return url.startswith("//") or bool(re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I)) and \
        not url.startswith(("data:", "blob:", "about:"))


def test_no_page_loads_anything_from_another_host(site):
    problems = []
    for name, html in site.pages().items():
        for tag, attr, url in RESOURCE.findall(html):
            if tag.lower() == "link" and re.search(r"rel=[\"']?(canonical|alternate)", html[:0] or ""):
                continue
            if _foreign(url):
                problems.append(f"{name}: <{tag} {attr}={url}>")
        for match in CSS_URL.findall(html):
            url = match[0] or match[1]
            if _foreign(url):
                problems.append(f"{name}: css url({url})")
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
    assert "%3Cscript%3Ealert%281%29%3C%2Fscript%3E%7B%7B%207%2A7%20%7D%7D" in link


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
