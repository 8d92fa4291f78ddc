"""Build a deterministic pure-Python wheel of the ``calculators`` package.

The site ships this wheel to Pyodide, and the wheel's sha256 ends up in the
site's pyodide-lock.json and in a content-hashed URL. So identical sources must
give byte-identical wheels: entries are sorted, every zip timestamp is fixed
(1980-01-01, the zip epoch), file modes are normalised and compression settings
are pinned. Only the standard library is used so this also runs in a bare venv.

Version strings: a PEP 440 local label such as ``0.1.0+1a2b3c4`` is legal in a
wheel filename (PEP 427 only escapes ``-`` runs; ``+`` is kept, as e.g. the
``torch-2.0.0+cpu`` wheels show), and pyodide-lock / pkginfo accept it (checked
by tests/test_pyodide_runtime.py). We require the *normalised* form (lower
case, ``+`` then dot-separated alphanumerics) instead of normalising silently,
so the caller's version and the file name can never disagree.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from pathlib import Path

__all__ = ["build_calculators_wheel", "wheel_filename"]

DIST_NAME = "calculators"
PACKAGE = "calculators"
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_VERSION_RE = re.compile(r"^[0-9]+(\.[0-9]+)*(\+[a-z0-9]+(\.[a-z0-9]+)*)?$")
_SKIP_DIRS = {"__pycache__"}
_SKIP_SUFFIXES = {".pyc", ".pyo"}


def wheel_filename(version: str) -> str:
    """Return ``calculators-<version>-py3-none-any.whl`` after validating ``version``."""
    if not _VERSION_RE.match(version):
        raise ValueError(
            f"version {version!r} is not a normalised release[+local] version "
            "(e.g. '0.1.0' or '0.1.0+1a2b3c4', lower case)"
        )
    return f"{DIST_NAME}-{version}-py3-none-any.whl"


def _package_dir(src_dir: Path) -> Path:
    # Accept either the project root (containing calculators/) or the package dir itself.
    src_dir = Path(src_dir)
    if (src_dir / PACKAGE / "__init__.py").is_file():
        return src_dir / PACKAGE
    if src_dir.name == PACKAGE and (src_dir / "__init__.py").is_file():
        return src_dir
    raise FileNotFoundError(f"no {PACKAGE}/__init__.py under {src_dir}")


def _package_files(pkg_dir: Path) -> list[tuple[str, bytes]]:
    files = []
    for path in pkg_dir.rglob("*"):
        rel = path.relative_to(pkg_dir)
        if not path.is_file() or path.suffix in _SKIP_SUFFIXES:
            continue
        if any(part in _SKIP_DIRS or part.startswith(".") for part in rel.parts):
            continue
        files.append((f"{PACKAGE}/{rel.as_posix()}", path.read_bytes()))
    return sorted(files)


def _record_hash(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def build_calculators_wheel(src_dir: Path, out_dir: Path, version: str) -> Path:
    """Write ``out_dir/calculators-<version>-py3-none-any.whl`` and return its path.

    ``src_dir`` is the project root or the ``calculators`` package directory.
    Output is byte-identical for identical input files and version.
    """
    name = wheel_filename(version)
    files = _package_files(_package_dir(src_dir))
    dist_info = f"{DIST_NAME}-{version}.dist-info"
    metadata = (
        "Metadata-Version: 2.1\n"
        f"Name: {DIST_NAME}\n"
        f"Version: {version}\n"
        "Summary: Business-day calculators for the procedures guide (stdlib only)\n"
        "Requires-Python: >=3.12\n"
    ).encode()
    wheel_meta = (
        "Wheel-Version: 1.0\n"
        "Generator: guidebuild.wheel\n"
        "Root-Is-Purelib: true\n"
        "Tag: py3-none-any\n"
    ).encode()
    files += [(f"{dist_info}/METADATA", metadata), (f"{dist_info}/WHEEL", wheel_meta)]
    record_name = f"{dist_info}/RECORD"
    record = "".join(f"{arc},{_record_hash(data)},{len(data)}\n" for arc, data in files)
    record += f"{record_name},,\n"
    files.append((record_name, record.encode()))

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / name
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for arcname, data in files:  # package files sorted, dist-info last, RECORD last
            info = zipfile.ZipInfo(arcname, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # unix, so external_attr means the same everywhere
            zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    tmp.replace(target)
    return target
