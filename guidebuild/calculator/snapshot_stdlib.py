"""The standard library the snapshot is made with, written inside Pyodide.

``guidebuild/snapshot.mjs modules`` runs this file in the pinned Pyodide
(its Python parses and compiles what it ships) after the calculators package
is imported, with the output directory mounted at ``/out``. It writes:

- ``/out/modules.json``: the standard-library files then in ``sys.modules``
  (all the runtime needs: everything imported later is already in memory);
- ``/out/source/<file>``: each file with its docstrings blanked out, every
  line number kept (``benchmarks/snapshot_size.py`` measures the zip they
  would make; the site serves no sources);
- ``/out/compiled/<file>c``: that source compiled as the zip importer would
  compile it (same file name), for the snapshot's boot, which then compiles
  nothing and leaves no compiler garbage in the heap.

``blank_docstrings`` is plain Python, also tested on CPython.
"""

from __future__ import annotations

import ast
import sys


def blank_docstrings(text: str) -> str:
    """``text`` with each docstring (module, class, function) an empty string
    literal on the same lines: a one-line docstring becomes ``""``, a longer
    one a triple-quoted string holding only its line breaks."""
    spans = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                spans.append(first.value)
    # ast's columns count UTF-8 bytes and its lines end at "\n" only (a form
    # feed inside a line is no line break to it): edit bytes, last span first.
    lines = text.encode().split(b"\n")
    for span in sorted(spans, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        first, last = span.lineno - 1, span.end_lineno - 1
        empty = b'""' if first == last else b'"""' + b"\n" * (last - first) + b'"""'
        edited = lines[first][:span.col_offset] + empty + lines[last][span.end_col_offset:]
        lines[first:last + 1] = edited.split(b"\n")
    out = b"\n".join(lines).decode()
    if out.count("\n") != text.count("\n"):
        raise ValueError("blanking the docstrings changed the line count")
    return out


def _write(path: str, data: bytes) -> None:
    import os

    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main(out: str = "/out") -> None:
    zip_path = "/lib/python%d%d.zip" % sys.version_info[:2]
    # Listed before this function imports anything itself.
    files = sorted({m.__file__[len(zip_path) + 1:] for m in list(sys.modules.values())
                    if (getattr(m, "__file__", None) or "").startswith(zip_path + "/")})
    import json
    import zipfile
    from importlib._bootstrap_external import _code_to_timestamp_pyc

    with zipfile.ZipFile(zip_path) as src:
        for name in files:
            text = blank_docstrings(src.read(name).decode("utf-8"))
            # As zipimport compiles a source: normalised line ends, the path in the zip.
            code = compile(text.replace("\r\n", "\n").replace("\r", "\n"), f"{zip_path}/{name}", "exec",
                           dont_inherit=True)
            _write(f"{out}/source/{name}", text.encode())
            _write(f"{out}/compiled/{name}c", bytes(_code_to_timestamp_pyc(code)))
    _write(f"{out}/modules.json", json.dumps(files).encode())
