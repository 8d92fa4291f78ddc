"""The calculator's engine on CPython, for the browser tests of the page.

Tests of the page's behaviour (journeys, layout, a11y, print, hostile text,
most calculator tests) need the page, its script, the engine's views and the
CSP, not Pyodide: booting it costs seconds of CPU per page. ``route(site)``
is a ``static_host.serve(extra=...)`` route that

* serves ``cpython_worker.mjs`` in place of the site's
  ``assets/javascripts/calculator/worker.mjs`` (same messages), and
* answers that worker's ``POST /__kmc_engine__`` with
  ``calculators.api.Engine`` over the rules bundle the page names (the
  build's own ``assets/calc/<hash>/rules.json``).

A request without ``today`` is computed for ``KMC_TODAY`` (guidebuild.today),
the day the tests install on the page's clock. Real Pyodide boots stay where
Pyodide is the subject (tests/browser/conftest.py: ``pyodide=True``).
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

from calculators.api import Engine
from guidebuild.today import today

WORKER = Path(__file__).with_name("cpython_worker.mjs")
# The site's worker script, by its plain or content-hashed name.
WORKER_PATH = re.compile(r".*/javascripts/calculator(-[0-9a-f]+)?/worker\.mjs")
ENDPOINT = "/__kmc_engine__"


def route(site_dir: Path):
    engines: dict[Path, Engine] = {}
    lock = threading.Lock()
    worker = WORKER.read_bytes()

    def engine_for(bundle_url: str) -> Engine:
        path = (site_dir / urlsplit(bundle_url).path.lstrip("/")).resolve()
        if site_dir.resolve() not in path.parents or path.name != "rules.json":
            raise ValueError(f"not a rules bundle of this site: {bundle_url}")
        with lock:
            if path not in engines:
                engines[path] = Engine(json.loads(path.read_text(encoding="utf-8")))
            return engines[path]

    def answer(handler, status: int, body: bytes, ctype: str) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", ctype)
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("Cache-Control", "no-store")
        handler.end_headers()
        handler.wfile.write(body)

    def extra(handler, method: str, path: str) -> bool:
        if method in ("GET", "HEAD") and WORKER_PATH.fullmatch(path):
            answer(handler, 200, worker, "text/javascript; charset=utf-8")
            return True
        if method != "POST" or path != ENDPOINT:
            return False
        try:
            asked = json.loads(handler.rfile.read(int(handler.headers.get("Content-Length", "0"))))
            engine = engine_for(asked["bundle"])
            if asked.get("info"):
                out = engine.info(today())
            else:
                out = engine.run({"today": today().isoformat(), **asked["request"]})
        except Exception as error:  # shown by the page as an engine failure, and in the test's log
            answer(handler, 500, repr(error).encode(), "text/plain; charset=utf-8")
            return True
        answer(handler, 200, json.dumps(out, ensure_ascii=False).encode(), "application/json")
        return True

    return extra
