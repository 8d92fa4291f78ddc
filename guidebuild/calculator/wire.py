"""What a static host sends for a file: its bytes on the wire.

GitHub Pages gzips some types on the fly (tests/static_host.py serves them
so); the calculator's progress weighs each boot file's share arrived by
these bytes (``assets.CalculatorAssets.boot_bytes``), so it moves with the
time a steady link takes.
"""

from __future__ import annotations

import functools
import gzip
from pathlib import Path

# The types a static host (GitHub Pages) gzips on the fly, by file name, and
# the level it uses.
HOST_GZIPPED = (".mjs", ".js", ".json", ".wasm")
HOST_GZIP_LEVEL = 6


def wire_bytes(name: str, data: bytes) -> int:
    """The bytes a static host sends for file ``name``: gzipped if it
    compresses that type, else the file as it is."""
    if not name.endswith(HOST_GZIPPED):
        return len(data)
    return len(gzip.compress(data, compresslevel=HOST_GZIP_LEVEL, mtime=0))


@functools.lru_cache(maxsize=32)
def _file_sizes(path: Path, size: int, mtime_ns: int) -> tuple[int, int]:
    return size, wire_bytes(path.name, path.read_bytes())


def file_sizes(path: Path) -> tuple[int, int]:
    """(bytes, wire bytes) of a file, compressed once per process while it
    is unchanged (Pyodide's wasm takes a while)."""
    stat = path.stat()
    return _file_sizes(path, stat.st_size, stat.st_mtime_ns)
