"""Site search with Pagefind (Japanese segmentation), served by the site itself.

* ``add_alternates`` adds, to each page that uses a term of
  guidebuild/publish/search_terms.py, a hidden line with the term's other spellings
  (SoftBank / ソフトバンク, +メッセージ / プラスメッセージ ...) and the NFKC form
  of the page's full- and half-width words, so a reader finds the page by the
  word they type, not only by the guide's spelling; on the calculator page it
  weighs the rules it restates low, so the guide's own page ranks first. The line has the
  ``hidden`` attribute: not shown, not read out, not printed.
* ``build_index`` runs Pagefind's extended binary (PyPI ``pagefind[extended]``)
  over the built pages (``<article>`` only: no navigation, no footer) into
  ``<site>/pagefind/``, then removes Pagefind's own UI bundles, which the site
  does not use (assets/javascripts/search.mjs draws Material's dialog), and
  writes the readings and everyday words the browser puts in a query in
  place of the guide's word (``kmc-terms.json``).

Chosen over Material's lunr + TinySegmenter by measurement:
benchmarks/search_compare.py, figures in BENCHMARKS.md.

``KMC_SEARCH=0`` skips the index (about a CPU-second of Pagefind per build):
only for the tests' builds that are not about search (hostile or broken
rules, ``mkdocs serve`` under test, the build-verdict checks); production
leaves it unset.

"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from .search_terms import query_words, words_for

OUTPUT_SUBDIR = "pagefind"
SWITCH = "KMC_SEARCH"
# Beside the index: readings and everyday words -> the guide's word, which
# search.mjs puts in the query in their place (guidebuild/publish/search_terms.py).
TERMS_FILE = "kmc-terms.json"
# Pagefind's ready-made UIs: not used here (and their inline styles would
# need a CSP exception).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js",
          "pagefind-component-ui.css", "pagefind-highlight.js")

_TAGS = re.compile(r"<[^>]+>")


def alternates_for(text: str, numbers_from: str | None = None) -> list[str]:
    """The words to add for a page whose text is ``text`` (the list and its
    rules: guidebuild/publish/search_terms.py)."""
    return words_for(text, numbers_from)


class _TopLevel(HTMLParser):
    """Offsets of the start tags at the top level of a page's content."""

    VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.depth, self.starts = 0, []
        self._lines = [0]
        for line in text.splitlines(keepends=True):
            self._lines.append(self._lines[-1] + len(line))
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            line, col = self.getpos()
            self.starts.append((self._lines[line - 1] + col, tag, dict(attrs)))
        if tag not in self.VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            line, col = self.getpos()
            self.starts.append((self._lines[line - 1] + col, tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag not in self.VOID:
            self.depth = max(0, self.depth - 1)


# The calculator page repeats the guide's rules under this heading so that
# they can be read without JavaScript; for a question about a rule the guide's
# own page is the better answer, so that part counts for less in the ranking,
# and its forms' headings (which name the guide's subjects: 変更手続き, 解約,
# SoftBank送信元表示番号オプション) count as plain text, not as headings.
RESTATED_RULES_ID = "rules"
RESTATED_RULES_WEIGHT = "0.2"
FORM_HEADING_WEIGHT = "1"


def weigh_restated_rules(html_text: str) -> str:
    """Give every top-level block from the restated rules' heading on a low
    Pagefind weight, and the h2 headings before it plain text's (Pagefind
    weighs an element's words by its ``data-pagefind-weight``, headings
    higher by default)."""
    blocks = _TopLevel(html_text).starts
    first = next((i for i, (_, tag, attrs) in enumerate(blocks)
                  if tag == "h2" and attrs.get("id") == RESTATED_RULES_ID), None)
    if first is None:
        return html_text
    weights = [(b, FORM_HEADING_WEIGHT) for b in blocks[:first] if b[1] == "h2"]
    weights += [(b, RESTATED_RULES_WEIGHT) for b in blocks[first:]]
    out, last = [], 0
    for (offset, tag, attrs), weight in weights:
        if "data-pagefind-weight" in attrs:
            continue
        cut = offset + 1 + len(tag)
        out += [html_text[last:cut], f' data-pagefind-weight="{weight}"']
        last = cut
    html_text = "".join(out) + html_text[last:]
    # Inside the restated rules, a weight of their own (2.1's item titles
    # weigh 4 on the guide's page) is lowered too: the innermost one counts.
    tail = html_text.index(f'id="{RESTATED_RULES_ID}"')
    return html_text[:tail] + re.sub(r'data-pagefind-weight="[^"]*"',
                                     f'data-pagefind-weight="{RESTATED_RULES_WEIGHT}"', html_text[tail:])


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the message says why and what to do."""


def add_alternates(html_text: str, page_url: str = "") -> str:
    """A page's content HTML with its hidden line of other spellings, if any.

    Page content (not the whole page): the nav's titles must not count, and an
    engine that indexes page content (Material's lunr) sees the line too."""
    if page_url == "calculator/":
        html_text = weigh_restated_rules(html_text)
    if os.environ.get("KMC_SEARCH_ALTERNATES") == "0":  # benchmarks only
        return html_text
    # The calculator's restated rules weigh low: their numbers (10日までの)
    # are not repeated at full weight in the hidden line.
    rules_at = html_text.find(f'id="{RESTATED_RULES_ID}"') if page_url == "calculator/" else -1
    numbers_from = None if rules_at < 0 else html.unescape(_TAGS.sub(" ", html_text[:rules_at]))
    words = alternates_for(html.unescape(_TAGS.sub(" ", html_text)), numbers_from)
    if not words:
        return html_text
    # data-pagefind-meta: the browser learns which text of the page is this
    # line, so that a result's excerpt never shows it.
    return html_text + ('\n<p hidden class="kmc-search-alternates" data-pagefind-meta="kmc_terms">'
                        f'{html.escape(" ".join(words))}</p>\n')


def wanted() -> bool:
    """Whether this build makes the search index (``KMC_SEARCH``); any value but 0 or 1 is refused."""
    switch = os.environ.get(SWITCH, "1")
    if switch not in ("0", "1"):
        raise ValueError(f"{SWITCH}={switch!r}: set it to 0 (no search index, for test builds) or 1, or leave it unset")
    return switch == "1"


def build_index(site_dir: Path) -> None:
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
           "--output-subdir", OUTPUT_SUBDIR, "--root-selector", "article",
           # Each heading's permalink (¶) is chrome: it showed in result titles.
           "--exclude-selectors", ".headerlink", "--silent"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except FileNotFoundError as error:  # pragma: no cover - python itself missing
        raise SearchIndexError(f"search index: cannot run Pagefind: {error}") from None
    if proc.returncode != 0:
        raise SearchIndexError(
            "search index: Pagefind failed (is pagefind[extended] installed? "
            f"run the setup: make serve / make test):\n{proc.stdout}{proc.stderr}")
    out = site_dir / OUTPUT_SUBDIR
    if not (out / "pagefind.js").is_file():
        raise SearchIndexError(f"search index: Pagefind wrote no {out / 'pagefind.js'}")
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    (out / TERMS_FILE).write_text(json.dumps(query_words(), ensure_ascii=False, sort_keys=True), encoding="utf-8")
    shutil.rmtree(out / "playground", ignore_errors=True)

