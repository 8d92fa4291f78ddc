"""Value types shared by every rule file, and the strict base model.

Strict: a value's type comes from the model alone. The YAML loader hands over
text as written, and only canonical ints, true/false, null and real dates as
anything else, so "010", "1:30", "yes" or "2.0" reach a number or flag field
as text and are refused here instead of changing meaning.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, HttpUrl, StringConstraints
from pydantic_core import PydanticCustomError

from calculators.businesscalendar import parse_month_day


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


def rule_error(message: str, *path: str | int) -> PydanticCustomError:
    """A refusal raised by a model's own check; ``path`` is where, below the model."""
    return PydanticCustomError("rule", "{message}", {"message": message, "path": path})


class Findings:
    """Several problems one model's own check found, reported together.

    ``{first_line}`` in a message is filled with the line of ``first`` (a
    path below the model), which only the loader knows.
    """

    def __init__(self):
        self.found: list[tuple[str, tuple, tuple | None]] = []

    def add(self, message: str, *path: str | int, first: tuple | None = None) -> None:
        self.found.append((message, path, first))

    def unique(self, rows: list, key: str, where: tuple) -> set:
        """The distinct values of ``key`` over ``rows``; each repeat is a finding.

        Text compares after NFKC, so 「①」 and 「1」 or a full-width and an
        ASCII letter, which read alike on a page, are one value."""
        seen: dict = {}
        values = set()
        for index, row in enumerate(rows):
            value = getattr(row, key)
            if value is None:
                continue
            same = unicodedata.normalize("NFKC", value) if isinstance(value, str) else value
            if same in seen:
                self.add(f"duplicate {key} {value!r} (already used on line {{first_line}}): give each entry its own {key}",
                         *where, index, key, first=where + (seen[same], key))
            else:
                seen[same] = index
                values.add(value)
        return values

    def no_repeats(self, refs: list, what: str, where: tuple) -> None:
        """Each reference in one list once: a repeat shows the same thing twice."""
        seen: dict = {}
        for index, ref in enumerate(getattr(ref, "id", ref) for ref in refs):
            if ref in seen:
                self.add(f"{what} {ref!r} is listed twice (already on line {{first_line}}): remove the repeat",
                         *where, index, first=where + (seen[ref],))
            else:
                seen[ref] = index

    def raise_any(self) -> None:
        if self.found:
            raise PydanticCustomError("rules", "{count} problems", {"count": len(self.found), "found": self.found})


def _text_error(message: str) -> PydanticCustomError:
    return PydanticCustomError("rule_text", "{message}", {"message": message})


# Characters that would let one line of YAML change the page around it, or
# read differently from what is stored.
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that print nothing (zero widths, soft hyphen, the Hangul fillers,
# the blank Braille pattern): a title of only these looks empty on the page.
_INVISIBLE = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u034f\u115f\u1160\u180e\u3164\uffa0\u2800"


def _check_text(value: str, lines: bool) -> str:
    for char in value:
        if char in _LINE_BREAKS and not (lines and char == "\n"):
            raise _text_error("must be one line: remove the line break")
        if char in _BIDI:
            raise _text_error(f"contains the invisible direction control U+{ord(char):04X}: delete it")
        if char != "\n" and unicodedata.category(char) == "Cc":
            raise _text_error(f"contains the control character U+{ord(char):04X}: delete it")
    if not value.strip().strip(_INVISIBLE).strip():
        raise _text_error("must not be empty or only spaces and invisible characters")
    return value


def _one_line(value: str) -> str:
    return _check_text(value, lines=False)


def _lines(value: str) -> str:
    return _check_text(value, lines=True)


def _cell(value: str) -> str:
    # A table cell may be empty (the seed's tables have blank cells).
    return _check_text(value, lines=False) if value else value


# One line of text: every rule text except mail bodies.
Text = Annotated[str, AfterValidator(_one_line)]
# Several lines (a mail template's body).
Body = Annotated[str, AfterValidator(_lines)]
Cell = Annotated[str, AfterValidator(_cell)]
ID_PATTERN = r"^[a-z][a-z0-9_]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Phone = Annotated[str, StringConstraints(pattern=r"^[0-9][0-9-]{5,}$")]


def _month_day(value: str) -> str:
    try:
        parse_month_day(value)
    except ValueError as error:
        if "not a day" in str(error):
            raise _text_error(f"{value} is not a day of the year: write a real month and day (MM-DD)") from None
        raise PydanticCustomError("month_day", "not MM-DD") from None
    return value


MonthDay = Annotated[str, AfterValidator(_month_day)]

# No '%': mail programs read it as an escape or a routing mark, so the address
# shown is not the one a customer's mail goes to.
_ATOM = r"[A-Za-z0-9_+-]+"
_LOCAL = re.compile(rf"^{_ATOM}(?:\.{_ATOM})*$")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def _email(value: str) -> str:
    local, at, domain = value.rpartition("@")
    labels = domain.split(".")
    if not (at and _LOCAL.match(local) and len(local) <= 64 and len(value) <= 254 and len(labels) >= 2
            and all(_LABEL.match(label) for label in labels) and re.fullmatch(r"[A-Za-z]{2,}", labels[-1])):
        raise PydanticCustomError("email", "not an e-mail address")
    return value


Email = Annotated[str, AfterValidator(_email)]


def _https_only(value: HttpUrl) -> HttpUrl:
    # A link on the site must never run script (javascript:, data:), leak over
    # plain http, or show one host while going to another (user@host).
    if value.scheme != "https":
        raise PydanticCustomError("url_scheme", "only https:// URLs are allowed")
    if value.username is not None or value.password is not None:
        raise PydanticCustomError("url_userinfo", "a URL must not have a user part")
    return value


def _ascii_host(value: object) -> object:
    # A host written with non-ASCII letters (a Cyrillic о for an o) is turned
    # into another, punycode host that looks the same on the page.
    if isinstance(value, str):
        host = urlsplit(value.strip()).hostname or ""
        if not host.isascii():
            raise PydanticCustomError("url_host", "the host must be written in ASCII letters")
    return value


HttpsUrl = Annotated[HttpUrl, BeforeValidator(_ascii_host), AfterValidator(_https_only)]
