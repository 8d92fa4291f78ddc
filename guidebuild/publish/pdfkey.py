"""The PDF cache's key: a hash of the document and of everything else that
decides the PDF's bytes (guidebuild/publish/pdf.py keeps the rendered PDF
under this name in the user's cache, guidebuild/cache.py)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess

# Tagged for assistive technology: structure tree, document language, title
# shown by viewers.
VARIANT = "pdf/ua-1"

# The families pdf.css asks for: the fonts they resolve to are embedded in the PDF.
FONT_PATTERNS = ("Noto Sans CJK JP:lang=ja", "Noto Sans Mono CJK JP:lang=ja", "sans-serif:lang=ja", "monospace")


def renderer() -> str:
    """What besides the document decides the PDF's bytes: the versions of
    WeasyPrint and its PDF writer, and the font files Fontconfig picks for
    pdf.css's families (path and size; a font update changes the size)."""
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for package in ("weasyprint", "pydyf"):
        try:
            parts.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package} -")
    fc_match = shutil.which("fc-match")
    for pattern in FONT_PATTERNS if fc_match else ():
        found = subprocess.run([fc_match, "-f", "%{file}", pattern], capture_output=True, text=True).stdout
        size = os.stat(found).st_size if found and os.path.isfile(found) else -1
        parts.append(f"{pattern}: {found} {size}")
    return "\n".join(parts)


def content_hash(document: str, renderer_id: str) -> str:
    return hashlib.sha256(f"{renderer_id}\n{VARIANT}\n{document}".encode()).hexdigest()[:20]
