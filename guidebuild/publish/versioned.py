"""Content-named assets: a deploy never shares a file name with another deploy
unless the bytes are the same.

GitHub Pages ignores ``_headers`` and sends every file with
``Cache-Control: max-age=600``; a browser or proxy may then hold last
deploy's ``calculator.css`` or ``engine-client.mjs`` beside this deploy's page.
``version_site(site)`` removes the chance over any directory of built HTML:

* the calculator's ES modules (``assets/javascripts/calculator/``), which
  import each other by relative name, move as one directory to
  ``assets/javascripts/calculator-<hash>/``, ``<hash>`` covering every
  file's name and bytes, so their imports (and the worker's URL) need no
  rewriting and still cannot reach a module of another deploy;
* our own stylesheets and scripts beside the theme's
  (``assets/stylesheets/*.css``, ``assets/javascripts/*.mjs``) get
  ``name.<hash>.ext``; the theme's ``*.min.css``/``*.min.js`` are already
  content-named by Material;
* every ``href``/``src`` of every HTML page that points at one of them is
  rewritten, relative as before.

The rules bundle, wheel and lock (``assets/calc/<hash>/``) and the Pyodide
runtime and snapshot (``assets/pyodide/<version>/snapshot/<key>/``) are
content-named where they are made (``guidebuild.calculator.assets``).
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
import shutil
from pathlib import Path

CALC_DIR = "assets/javascripts/calculator"
_SINGLE = (("assets/stylesheets", ".css"), ("assets/javascripts", ".mjs"))
_THEME = re.compile(r"\.[0-9a-f]{8}\.min\.(?:css|js)$")
_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
HASH_LEN = 12


class VersioningError(ValueError):
    """A versioned file is missing or the site was versioned already."""


def _digest(parts: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in sorted(parts):
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()[:HASH_LEN]


def calculator_dir(files: dict[str, bytes]) -> str:
    """The content-named directory (site path, no trailing slash) of the
    calculator modules ``files`` (file name -> bytes)."""
    return f"{CALC_DIR}-{_digest(list(files.items()))}"


def single_name(path: str, data: bytes) -> str:
    stem, ext = posixpath.splitext(path)
    return f"{stem}.{_digest([('', data)])}{ext}"


def _rewrite(page_html: str, page: str, renames: dict[str, str], base_path: str = "/") -> str:
    """``page_html`` (site path ``page``) with its links to renamed files
    pointing at the new names. A link from the site's path (``base_path``, as
    the 404 page writes them, for any depth) stays one."""
    here = posixpath.dirname(page)

    def sub(m: re.Match) -> str:
        raw = html.unescape(m.group(2))
        if not raw or re.match(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", raw, re.IGNORECASE):
            return m.group(0)
        path, sep, rest = _split(raw)
        rooted = path.startswith(base_path)
        if path.startswith("/") and not rooted:
            return m.group(0)
        target = posixpath.normpath(path[len(base_path):] if rooted else posixpath.join(here, path))
        new = renames.get(target)
        if new is None:
            return m.group(0)
        link = base_path + new if rooted else posixpath.relpath(new, here or ".")
        return m.group(1) + html.escape(link + sep + rest) + m.group(3)

    return _ATTR.sub(sub, page_html)


def _split(url: str) -> tuple[str, str, str]:
    m = re.search(r"[?#]", url)
    if m is None:
        return url, "", ""
    return url[: m.start()], url[m.start()], url[m.start() + 1 :]


def version_site(site_dir: str | Path, base_path: str = "/") -> dict[str, str]:
    """Rename the assets above in ``site_dir`` and rewrite the pages' links.
    Returns {old site path: new site path} (for the calculator, the module
    directory)."""
    site = Path(site_dir)
    calc = site / CALC_DIR
    if not calc.is_dir():
        raise VersioningError(f"{calc} is missing: the site has no calculator modules")
    modules = {p.name: p.read_bytes() for p in sorted(calc.iterdir()) if p.is_file()}
    if not modules:
        raise VersioningError(f"{calc} is empty")
    new_calc = calculator_dir(modules)
    if (site / new_calc).exists():
        shutil.rmtree(site / new_calc)
    calc.rename(site / new_calc)
    renames = {f"{CALC_DIR}/{name}": f"{new_calc}/{name}" for name in modules}
    for folder, ext in _SINGLE:
        for p in sorted((site / folder).glob(f"*{ext}")):
            if _THEME.search(p.name):
                continue
            old = p.relative_to(site).as_posix()
            new = single_name(old, p.read_bytes())
            p.rename(site / new)
            renames[old] = new
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        text = page.read_text(encoding="utf-8")
        out = _rewrite(text, rel, renames, base_path)
        if out != text:
            page.write_text(out, encoding="utf-8")
    return {**{k: v for k, v in renames.items() if not k.startswith(CALC_DIR + "/")}, CALC_DIR: new_calc}
