"""Site search with Pagefind (Japanese segmentation), served by the site itself.

* ``add_alternates`` adds, to each page's content that uses a word of an
  ALTERNATES group, a hidden line with the other spellings of that group
  (SoftBank / ソフトバンク, +メッセージ / プラスメッセージ ...), so a reader
  finds the page by the word they type, not only by the guide's spelling. The
  line has the ``hidden`` attribute: not shown, not read out, not printed.
* ``build_index`` runs Pagefind's extended binary (PyPI ``pagefind[extended]``)
  over the built pages (``<article>`` only: no navigation, no footer) into
  ``<site>/pagefind/``, then removes Pagefind's own UI bundles, which the site
  does not use (assets/javascripts/search.mjs draws Material's dialog).

Chosen over Material's lunr + TinySegmenter by measurement:
benchmarks/search_compare.py, figures in BENCHMARKS.md.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

OUTPUT_SUBDIR = "pagefind"
# Pagefind's ready-made UIs: not used here (and their inline styles would
# need a CSP exception).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js",
          "pagefind-component-ui.css", "pagefind-highlight.js")

# Words customers type for the guide's terms. A page containing any member of
# a group (case-insensitive) is also found by the others.
ALTERNATES: tuple[tuple[str, ...], ...] = (
    ("SoftBank", "ソフトバンク"),
    ("+メッセージ", "＋メッセージ", "プラスメッセージ"),
    ("IPアドレス", "IP", "グローバルIP"),
    ("試験用", "テスト", "テストアカウント"),
    ("お電話", "電話", "電話番号"),
    ("申込書", "申し込み書", "申込用紙"),
    ("お問い合わせ", "問い合わせ", "問合せ"),
    ("障害", "不具合", "トラブル"),
    ("FAQ", "よくあるご質問", "よくある質問"),
    ("サポートWEB", "サポートサイト", "サポートウェブ"),
    ("楽天モバイル", "楽天"),
    ("docomo", "ドコモ"),
)

_TAGS = re.compile(r"<[^>]+>")


def _uses(text: str, word: str) -> bool:
    # A Latin word counts only as a word of its own: "IP" is not in "Supership".
    if word.isascii():
        return re.search(rf"(?<![a-z]){re.escape(word.lower())}(?![a-z])", text) is not None
    return word.lower() in text


def alternates_for(text: str) -> list[str]:
    """The spellings to add for a page whose text is ``text``."""
    low = text.lower()
    out: list[str] = []
    for group in ALTERNATES:
        if any(_uses(low, word) for word in group):
            out += [w for w in group if w not in out]
    return out


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the message says why and what to do."""


def add_alternates(html_text: str) -> str:
    """A page's content HTML with its hidden line of other spellings, if any.

    Page content (not the whole page): the nav's titles must not count, and an
    engine that indexes page content (Material's lunr) sees the line too."""
    if os.environ.get("KMC_SEARCH_ALTERNATES") == "0":  # benchmarks only
        return html_text
    words = alternates_for(html.unescape(_TAGS.sub(" ", html_text)))
    if not words:
        return html_text
    return html_text + f'\n<p hidden class="kmc-search-alternates">{html.escape(" ".join(words))}</p>\n'


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
    shutil.rmtree(out / "playground", ignore_errors=True)

