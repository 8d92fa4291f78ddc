"""Break opportunities between the words of a short Japanese label.

The site's text breaks between phrases (CSS ``word-break: auto-phrase``). A
label whose one phrase is wider than its box (a side menu's
「お申し込み内容変更手続き」, a heading's 「SoftBank送信元表示番号オプション」)
would then be cut anywhere (「…手続 / き」, 「…オプ / ション」). Such labels
get a ``<wbr>`` between their words, found with Janome's dictionary, so a
line ends at a word when it cannot end at a phrase.

A word keeps what cannot begin a line or cannot end one: particles,
auxiliaries and suffixes stay with the word before (「契約の」, 「営業日」),
prefixes and opening brackets with the word after (「お申し込み」,
「（新規契約）」), and a section's number with its title (「2 お申し…」)."""

from __future__ import annotations

import html
import re
from functools import cache

from markupsafe import Markup, escape

from calculators.viewparts import name_pieces

# Parts of speech (Janome's first two fields) that never start a word of their own.
_JOINS_BEFORE = ("助詞", "助動詞", "名詞,接尾", "動詞,接尾", "動詞,非自立", "記号,括弧閉", "記号,句点",
                 "記号,読点", "記号,一般", "記号,空白")
# ... and that never end one.
_JOINS_AFTER = ("接頭詞", "記号,括弧開", "記号,一般")
_KANJI = re.compile(r"[\u4e00-\u9fff]+")
_ASCII = re.compile(r"[\x21-\x7e]+")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*) ")
# The longest compound of kanji words kept in one piece.
_COMPOUND = 4


@cache
def _tokenizer():
    from janome.tokenizer import Tokenizer  # a dictionary of ~20 MB, loaded on first use

    return Tokenizer()


@cache
def words(text: str) -> tuple[str, ...]:
    """``text`` as the pieces a line may end between; joined, they are ``text``
    (a leading section number is glued to its title with a no-break space)."""
    text = _NUMBERED.sub(lambda m: f"{m.group(1)}\u00a0", text)
    pieces: list[str] = []
    previous = None
    for token in _tokenizer().tokenize(text):
        tag = ",".join(token.part_of_speech.split(",")[:2])
        surface = token.surface
        joined = (not pieces
                  or tag.startswith(_JOINS_BEFORE)
                  # A kanji prefix after a noun ends it: 「送信元」.
                  or (tag == "接頭詞,名詞接続" and previous is not None and previous.startswith("名詞")
                      and _KANJI.fullmatch(surface))
                  or (previous is not None and previous.startswith(_JOINS_AFTER))
                  or (_ASCII.fullmatch(surface) and _ASCII.search(pieces[-1][-1]))
                  # A space is a break already (and a no-break space none).
                  or pieces[-1][-1:].isspace() or surface.isspace())
        if joined and pieces:
            pieces[-1] += surface
        else:
            pieces.append(surface)
        previous = "名詞" if joined and tag == "接頭詞,名詞接続" and _KANJI.fullmatch(surface) else tag
    # Two short kanji words make one compound a reader does not expect cut
    # (「留意事項」, 「表示番号」); longer runs still break between words.
    merged: list[str] = []
    for piece in pieces:
        if merged and _KANJI.fullmatch(piece) and _KANJI.fullmatch(merged[-1]) \
                and len(merged[-1]) + len(piece) <= _COMPOUND:
            merged[-1] += piece
        else:
            merged.append(piece)
    return _bracketed(merged)


# The longest bracketed aside kept in one piece: 「（送信元表示番号名称）」.
_ASIDE = 12


def _bracketed(pieces: list[str]) -> tuple[str, ...]:
    """``pieces`` with a short aside in brackets made one piece: a line
    break inside 「（送信元 / 表示番号名称）」 parts a term the brackets hold."""
    out: list[str] = []
    i = 0
    while i < len(pieces):
        j = i
        if pieces[i].startswith("（"):
            while j < len(pieces) and "）" not in pieces[j]:
                j += 1
        if j > i and j < len(pieces) and sum(map(len, pieces[i:j + 1])) <= _ASIDE:
            out.append("".join(pieces[i:j + 1]))
            i = j + 1
        else:
            out.append(pieces[i])
            i += 1
    return tuple(out)


def with_breaks(text: str) -> Markup:
    """Escaped ``text`` with a ``<wbr>`` between its words."""
    return Markup("<wbr>".join(str(escape(w)) for w in words(text)))


# The side menus' and the contents' labels as Material writes them: plain
# text in a link's ellipsis span, or after the icon of a drawer's section title.
_LABELS = re.compile(r'(<span class="md-ellipsis">|<label class="md-nav__title"[^>]*>\s*'
                     r'<span class="md-nav__icon md-icon"></span>)([^<]+)(?=</)')


def menu_breaks(page_html: str) -> str:
    """A whole page with word breaks in its menus' labels."""
    def label(match: re.Match) -> str:
        text = match.group(2)
        if not text.strip():
            return match.group(0)
        lead = text[: len(text) - len(text.lstrip())]
        tail = text[len(text.rstrip()):]
        return f"{match.group(1)}{lead}{with_breaks(html.unescape(text.strip()))}{tail}"

    # The header's one-line title (cut with an ellipsis) is not a menu.
    end = page_html.find("</header>")
    start = end + len("</header>") if end >= 0 else 0
    return page_html[:start] + _LABELS.sub(label, page_html[start:])


# The end of a link, code or emphasis and the hiragana written right after it.
_PARTICLE_AFTER = re.compile(r"(</(?:a|code|em|strong|time)>)(?=[\u3041-\u3096])")
WORD_JOINER = "\u2060"


def glue_particles(content_html: str) -> str:
    """A page's content with a WORD JOINER (U+2060, invisible) between an
    inline element and the particle after it. The phrase breaking treats the
    element's end as a phrase's end, so a line could start with the particle
    that belongs to it (「営業日の数え方｜をご覧ください」); a no-wrap box
    round both would overflow a phone's line when the link is long."""
    return _PARTICLE_AFTER.sub(lambda m: m.group(1) + WORD_JOINER, content_html)


# A link that starts with a section's number and a space: 「4.4 保守・運用条件」.
_NUMBERED_LINK = re.compile(r"(<a\b[^>]*>)(\d+(?:\.\d+)*) (?=[^\s<])")


def glue_section_numbers(content_html: str) -> str:
    """A page's content with a no-break space after the section number a
    link starts with: a line never ends with 「4.4」 and starts the next with
    the title (a link's words already stay together, extra.css)."""
    return _NUMBERED_LINK.sub(lambda m: f"{m.group(1)}{m.group(2)}\u00a0", content_html)


# An e-mail address written out in the text, outside a link: 「当社(kmc-support@kddi.com)」.
_ADDRESS = re.compile(r"(?<![\w.@/:%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_TAG = re.compile(r"(<[^>]*>)")
# Elements whose text is not prose: an address there is left as it is.
_OPAQUE = re.compile(r"<(/?)(a|code|pre|script|style|template|textarea)\b", re.IGNORECASE)


def keep_addresses_whole(content_html: str) -> str:
    """A page's content with each e-mail address written in its prose (not a
    link, whose own style keeps it whole) in a ``kmc-address`` span: it moves
    to the next line whole instead of breaking at its hyphen
    (「kmc- / support@kddi.com」), which reads as part of the address."""
    parts = _TAG.split(content_html)
    depth = 0
    for i, part in enumerate(parts):
        if i % 2:
            tag = _OPAQUE.match(part)
            if tag and not part.endswith("/>"):
                depth = max(0, depth + (-1 if tag.group(1) else 1))
        elif depth == 0 and "@" in part:
            parts[i] = _ADDRESS.sub(lambda m: f'<span class="kmc-address">{m.group(0)}</span>', part)
    return "".join(parts)


def _words(text: str) -> list[str]:
    """``name_pieces``, a one-character piece joined to the one before it
    (「メール例」 never leaves 「例」 alone on a line)."""
    words: list[str] = []
    for piece in name_pieces(text):
        if words and (len(piece) < 2 or len(words[-1]) < 2):
            words[-1] += piece
        else:
            words.append(piece)
    return words


_HEADING = re.compile(r"(<h[1-3]\b[^>]*>)(.*?)(</h[1-3]>)", re.DOTALL)


def heading_breaks(content_html: str) -> str:
    """A page's content with a ``<wbr>`` in its headings' text where the
    script changes (「アカウント通知書<wbr>サンプル」): a title one phrase
    wider than a phone's line then breaks between its words, not
    「…サンプ / ル」 (``calculators.viewparts.name_pieces``, the rule the
    calculator's item names follow)."""
    def one(match: re.Match) -> str:
        parts = _TAG.split(match.group(2))
        parts[::2] = ["<wbr>".join(_words(text)) for text in parts[::2]]
        return match.group(1) + "".join(parts) + match.group(3)
    return _HEADING.sub(one, content_html)
