"""The site's one address (guidebuild/publish/address.py): where it comes from,
and what the build does with it: a sitemap of absolute addresses, a canonical
link on every page, a Japanese 404 page whose links work at any depth, and a
home page that links the PDF only when the build made it."""

from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from guidebuild.publish import address
from guidebuild.publish.address import AddressError, SiteAddress, site_address
from sitebuilds import ROOT, visible_text

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("link", "a", "label", "script"):
            self.links.append({"tag": tag, **dict(attrs)})


def _links(page_html: str) -> list[dict]:
    parser = _Links()
    parser.feed(page_html)
    return parser.links


@pytest.fixture(scope="module")
def site_url() -> str:
    # The build ran with this process's environment (tests/sitebuilds.py).
    return site_address(os.environ, ROOT).url


# -- where the address comes from ------------------------------------------

def test_the_variable_wins_and_gets_its_trailing_slash():
    env = {"KMC_SITE_URL": "https://guide.example.jp/kmc", "GITHUB_ACTIONS": "true",
           "GITHUB_REPOSITORY": "Owner/repo"}
    assert site_address(env) == SiteAddress("https://guide.example.jp/kmc/", "KMC_SITE_URL")


def test_on_github_actions_the_repositorys_pages_address():
    env = {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "KDDI-Docs/kmc-guide"}
    assert site_address(env).url == "https://kddi-docs.github.io/kmc-guide/"
    env["GITHUB_REPOSITORY"] = "kddi-docs/KDDI-Docs.github.io"
    assert site_address(env).url == "https://kddi-docs.github.io/"


@pytest.mark.parametrize("remote", ["https://github.com/Owner/kmc-guide.git", "git@github.com:Owner/kmc-guide.git",
                                    "ssh://git@github.com/Owner/kmc-guide", "https://github.com/Owner/kmc-guide/"])
def test_a_checkout_of_a_github_repository_uses_its_pages_address(tmp_path, remote):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", remote], check=True)
    assert site_address({}, tmp_path).url == "https://owner.github.io/kmc-guide/"


def test_without_any_the_local_preview_address_and_says_so(tmp_path):
    found = site_address({}, tmp_path)  # not a git checkout
    assert found.url == address.LOCAL == "http://127.0.0.1:8000/"
    assert "KMC_SITE_URL unset" in found.source


@pytest.mark.parametrize("value", ["guide.example.jp", "ftp://example.jp/", "https:///x", "https://exаmple.jp/",
                                   "https://user@example.jp/", "https://example.jp/?a=1", "https://example.jp/#top"])
def test_an_unusable_address_is_refused_with_what_to_set(value):
    with pytest.raises(AddressError, match=r"KMC_SITE_URL=.*set KMC_SITE_URL to the site's home page"):
        site_address({"KMC_SITE_URL": value})


def test_a_bad_address_stops_the_build_with_that_message(tmp_path):
    from sitebuilds import python

    env = dict(os.environ, KMC_SITE_URL="guide.example.jp", KMC_PDF="0", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([python(), "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode != 0
    assert "KMC_SITE_URL='guide.example.jp' is not an absolute http(s) address" in result.stderr + result.stdout
    assert not (tmp_path / "site" / "index.html").exists()


# -- what the build does with it --------------------------------------------

def _page_urls(site: Path) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() + "/" if p.parent != site else ""
                  for p in site.rglob("index.html")
                  if not p.relative_to(site).as_posix().startswith(("assets/", "search/")))


def test_the_sitemap_lists_every_page_at_its_absolute_address(builds, site_url):
    site = builds.main.site
    tree = ET.parse(site / "sitemap.xml")
    listed = sorted(loc.text for loc in tree.getroot().iter(SITEMAP_NS + "loc"))
    pages = _page_urls(site)
    assert len(pages) >= 18, pages
    assert listed == sorted(site_url + p for p in pages)


def test_every_page_names_its_canonical_address(builds, site_url):
    site = builds.main.site
    for page in _page_urls(site):
        canonical = [link["href"] for link in _links(builds.main.html(page))
                     if link["tag"] == "link" and link.get("rel") == "canonical"]
        assert canonical == [site_url + page], page


def test_the_404_page_is_japanese_and_offers_home_and_search(builds, site_url):
    page = (builds.main.site / "404.html").read_text(encoding="utf-8")
    text = visible_text(page)
    assert "ページが見つかりません" in text and "404 - Not found" not in text
    base = urlsplit(site_url).path
    links = _links(page)
    # Served at any depth (/a/b/c/), so every link and script starts from the site's path.
    home = [link for link in links if link["tag"] == "a" and "kmc-404-home" in (link.get("class") or "")]
    assert [link["href"] for link in home] == [base]
    assert any(link["tag"] == "label" and link.get("for") == "__search" and "kmc-404-search" in (link.get("class") or "")
               for link in links)
    for link in links:
        ref = link.get("href") or link.get("src")
        if ref and not ref.startswith(("#", "mailto:", "tel:", "http:", "https:", "data:")):
            assert ref.startswith(base), ref
            assert urljoin("http://h/x/y/z/", ref) == urljoin("http://h/", ref), ref


def test_the_home_page_links_the_pdf_only_when_the_build_made_it(builds):
    def pdf_links(page_html):
        return [link for link in _links(page_html) if link["tag"] == "a" and "data-needs-pdf" in link]

    made = pdf_links(builds.main.html(""))
    assert len(made) == 1 and "hidden" not in made[0] and made[0]["href"] == "downloads/kmc-guide.pdf"
    # The edited build runs with KMC_PDF=0, as `mkdocs serve` makes no PDF either.
    skipped = pdf_links(builds.edited.html(""))
    assert len(skipped) == 1 and "hidden" in skipped[0]
