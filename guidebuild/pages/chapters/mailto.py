"""mailto: links for the mail examples (RFC 6068)."""

from __future__ import annotations

from urllib.parse import quote


def mailto_link(address: str, subject: str, body: str) -> str:
    """A link that opens the reader's mail program with subject and body filled.

    Every reserved character is percent-encoded (``safe=''``) so ``&``, ``?``
    or ``#`` in a subject cannot end the field early, and line breaks in the
    body are CRLF as RFC 6068 requires.
    """
    crlf = body.replace("\n", "\r\n")
    return f"mailto:{address}?subject={quote(subject, safe='')}&body={quote(crlf, safe='')}"
