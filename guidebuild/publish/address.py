"""The site's one web address: where the published guide lives.

MkDocs' ``site_url`` is set from it (``guidebuild.plugin``), so the sitemap
lists every page with its absolute address, every page has its canonical
link, the 404 page's links start from its path, and the PDF edition gives
the web address of each chapter and of the calculator.

It is not a fact of the guide (the same rules can be published at several
addresses), so it lives outside ``rules/``, in this order:

1. ``KMC_SITE_URL``, when set: an absolute ``https://`` (or ``http://``)
   address of the site's home page, e.g. a custom domain.
2. On GitHub Actions, GitHub Pages' address of the repository being built
   (``GITHUB_REPOSITORY`` = ``owner/name``): ``https://owner.github.io/name/``,
   or ``https://owner.github.io/`` for a repository named ``owner.github.io``.
3. The same address for the checkout's ``origin`` remote, when it is on
   github.com.
4. Otherwise ``LOCAL``, the address ``mkdocs serve`` uses, for a build that
   is only looked at on this machine; the build log says so.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ENV = "KMC_SITE_URL"
LOCAL = "http://127.0.0.1:8000/"

_REMOTE = re.compile(r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)"
                     r"([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?/?$")
_REPOSITORY = re.compile(r"^([A-Za-z0-9-]+)/([A-Za-z0-9._-]+)$")


class AddressError(ValueError):
    """The site address that was set cannot be used."""


@dataclass(frozen=True)
class SiteAddress:
    url: str      # absolute, ends with "/"
    source: str   # where it came from, for the build log

    def page(self, page_url: str) -> str:
        """The absolute address of a page given by its site path ("change/items/")."""
        return self.url + page_url.lstrip("/")


def pages_address(owner: str, name: str) -> str:
    """GitHub Pages' default address of repository ``owner/name``."""
    host = f"{owner.lower()}.github.io"
    if name.lower() == host:
        return f"https://{host}/"
    return f"https://{host}/{name}/"


def checked(url: str, origin: str) -> str:
    """``url`` as the site's address (ending with "/"), or an AddressError
    that names ``origin`` and what to set."""
    parts = urlsplit(url.strip())
    fix = f"set {ENV} to the site's home page, e.g. https://example.github.io/kmc-guide/"
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise AddressError(f"{origin}={url!r} is not an absolute http(s) address: {fix}")
    if not parts.hostname.isascii() or parts.username or parts.password:
        raise AddressError(f"{origin}={url!r}: the host must be plain ASCII with no user part: {fix}")
    if parts.query or parts.fragment:
        raise AddressError(f"{origin}={url!r} has a query or fragment: {fix}")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def _origin_remote(root: Path) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), "remote", "get-url", "origin"],
                                capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def site_address(environ: Mapping[str, str], root: Path | None = None) -> SiteAddress:
    """The site's address for a build of checkout ``root`` (see the module's docstring)."""
    explicit = environ.get(ENV, "")
    if explicit.strip():
        return SiteAddress(checked(explicit, ENV), ENV)
    if environ.get("GITHUB_ACTIONS") == "true":
        m = _REPOSITORY.match(environ.get("GITHUB_REPOSITORY", ""))
        if m:
            return SiteAddress(pages_address(*m.groups()), "GitHub Pages of GITHUB_REPOSITORY")
    remote = _origin_remote(root) if root is not None else None
    m = _REMOTE.match(remote or "")
    if m:
        return SiteAddress(pages_address(*m.groups()), "GitHub Pages of the origin remote")
    return SiteAddress(LOCAL, f"{ENV} unset and no GitHub repository: the local preview's address")
