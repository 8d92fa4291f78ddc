"""Property: however a rule file is broken, validate and the build agree.

Hypothesis mutates the real rule files (values, types, keys, whole nodes, and
raw YAML text), then runs ``guidebuild.guide.build_guide``: the one function both
``python -m guidebuild validate`` and the MkDocs plugin call. The invariant:

* it either refuses with ``RulesError``, every line ``rules/<file>:<line>: ...``
  (no other exception, no traceback, no multi-line message), or
* it builds, and then every value that was written is published with the
  type and value written (no YAML 1.1 reinterpretation, no coercion).

Two real ``mkdocs build`` runs at the end check that the build's verdict is
the one validate gives. Derandomized with a fixed number of examples, so CI
sees the same cases every run and the file stays around a minute.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidebuild.rules.models import FILES
from guidebuild.guide import build_guide
from guidebuild.rules.yamlfile import RulesError, load_file
from guidebuild.today import today as current_day

from sitebuilds import visible_text
from .conftest import ROOT

NAMES = list(FILES)
ORIGINAL = {name: load_file(ROOT / "rules" / f"{name}.yaml", name).data for name in NAMES}
TEXT = {name: (ROOT / "rules" / f"{name}.yaml").read_text(encoding="utf-8") for name in NAMES}
LOCATED = re.compile(r"rules/[^\s:]+\.ya?ml:[1-9][0-9]*: \S.*")

FUZZ = settings(max_examples=int(os.environ.get("KMC_FUZZ_EXAMPLES", "70")), derandomize=True, deadline=None,
                database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Values that tempt a loader or a model into a meaning other than the one written.
TRICKY_SCALARS = [
    "010", "1:30", "yes", "off", "on", "no", "y", "2.0", "1e3", "0x10", "0o7", "+1", "-1", "1_000", ".inf", ".nan",
    "2026-02-30", "2026-11-24 10:00", "2026-11-24T00:00:00Z", "12-29", "02-29", "13-01", "null", "~", "",
    " ", "\u200b", "a\nb", "a\u202eb", "x\x07y", "{lead_time}", "{contact}", "{days}", "<script>", "*x*", "| a |",
    "https://a@b.example/", "javascript:alert(1)", "a..b@example.com", "kmc-support@kddi.com", "customer_desk",
    "business_days", "next_month", "softbank_option", "saturday", "required", "to_kddi", "carriers",
    0, 1, -5, 5, 250, 251, 24, 10**30, True, False, None, dt.date(2026, 11, 24), dt.date(9999, 12, 31),
    dt.date(1970, 1, 1), [], {}, ["x"], {"kind": "next_month"}, {"kind": "business_days", "min": 3, "max": 2},
]
RAW_TOKENS = [
    "010", "1:30", "yes", "off", "2.0", "0", "2028-02-30", "2026-11-24 10:00", '!!int "abc"', "!!str 5", "*nope",
    "&a x", "[a, [b]]", "{}", "~", "? [a, b]", "'\u202e'", '"x\\ny"', '"\\0"', "[" * 60 + "]" * 60, "'unterminated",
    "- a", "|\n  block", "{a: 1, a: 2}", "2026-11-24", "true", "!!binary aGk=", "!python/object:os.system x",
]


def _nodes(data, path=()):
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _nodes(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _nodes(value, path + (index,))


def _get(data, path):
    for step in path:
        data = data[step]
    return data


def _copy(data):
    if isinstance(data, dict):
        return {k: _copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data


@st.composite
def mutated_rules(draw):
    """(rule file name, new YAML text, path of a replaced scalar or None, that scalar)."""
    name = draw(st.sampled_from(NAMES))
    kind = draw(st.sampled_from(["value", "value", "delete", "rename", "add", "transplant", "raw"]))
    if kind == "raw":
        lines = TEXT[name].splitlines()
        candidates = [i for i, line in enumerate(lines) if re.match(r"^\s*(- )?[a-z_]+: \S", line)]
        index = draw(st.sampled_from(candidates))
        token = draw(st.sampled_from(RAW_TOKENS))
        head = re.match(r"^(\s*(?:- )?[a-z_]+: )", lines[index]).group(1)
        lines[index] = head + token
        return name, "\n".join(lines) + "\n", None, None
    data = _copy(ORIGINAL[name])
    nodes = [p for p, _ in _nodes(data) if p]
    path = draw(st.sampled_from(nodes))
    parent = _get(data, path[:-1])
    written = None
    if kind == "value":
        written = draw(st.sampled_from(TRICKY_SCALARS))
        parent[path[-1]] = _copy(written)
    elif kind == "delete":
        del parent[path[-1]]
    elif kind == "rename" and isinstance(parent, dict):
        new = draw(st.sampled_from(["min", "max", "id", "key", "kind", "notes", "text", "<<", "no", "true", "1", "x y"]))
        if new not in parent:
            parent[new] = parent.pop(path[-1])
    elif kind == "add" and isinstance(parent, dict):
        parent[draw(st.sampled_from(["extra", "lead_time", "contact", "key", "min"]))] = draw(st.sampled_from(TRICKY_SCALARS))
    elif kind == "transplant":
        other = draw(st.sampled_from(NAMES))
        donors = [v for p, v in _nodes(ORIGINAL[other]) if p]
        parent[path[-1]] = _copy(draw(st.sampled_from(donors)))
    header = TEXT[name].splitlines()[0]
    text = header + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    return name, text, (path if kind == "value" else None), written


def outcome(rules_dir: Path):
    """("built", Build) or ("refused", [messages]); anything else fails the test."""
    try:
        return "built", build_guide(rules_dir, ROOT / "docs", today=current_day())
    except RulesError as error:
        messages = [str(p) for p in error.problems]
        assert messages, "RulesError without a problem"
        for message in messages:
            assert LOCATED.fullmatch(message), f"not located: {message!r}"
            assert "Traceback" not in message and "\n" not in message
        return "refused", messages


def _same(written, published) -> bool:
    if isinstance(written, (dict, list)) or written is None:
        return True  # a node, not one value: its scalars are checked by their own examples
    if type(published).__name__ in ("HttpUrl", "Url"):
        return str(published).rstrip("/") == str(written).rstrip("/")
    return type(written) is type(published) and written == published


@FUZZ
@given(mutated_rules())
def test_validate_refuses_with_a_location_or_publishes_what_is_written(tmp_path_factory, case):
    name, text, path, written = case
    rules = tmp_path_factory.mktemp("fuzz") / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / f"{name}.yaml").write_text(text, encoding="utf-8")
    verdict, result = outcome(rules)
    if verdict == "built" and path is not None:
        published = _get(result.rules.models[name].model_dump(), path)
        assert _same(written, published), f"{name}.yaml {path}: wrote {written!r}, published {published!r}"


def _mkdocs(rules_dir: Path, site: Path) -> subprocess.CompletedProcess:
    # KMC_PDF=0, KMC_SEARCH=0: the verdict is about the rules; the PDF and
    # search tests check those steps.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", KMC_RULES_DIR=str(rules_dir), KMC_PDF="0", KMC_SEARCH="0")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                          cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600)


# One case that validate once passed and the build then crashed on, and one
# that once crashed the build and now builds: the real build must agree.
@pytest.mark.parametrize("case", ["calendar/example-too-near-window-end", "contract/contact-on-flow-note-builds"])
def test_the_real_build_agrees_with_validate(tmp_path, rules_copy, case):
    source = Path(__file__).parent / "corpus" / f"{case}.yaml"
    (rules_copy / f"{source.parent.name}.yaml").write_bytes(source.read_bytes())
    verdict, result = outcome(rules_copy)
    built = _mkdocs(rules_copy, tmp_path / "site")
    assert "Traceback" not in built.stderr
    if verdict == "refused":
        assert built.returncode != 0
        for message in result:
            assert message in built.stderr
        assert not (tmp_path / "site").exists()
    else:
        assert built.returncode == 0, built.stderr
        page = (tmp_path / "site" / "contract" / "flow-sms" / "index.html").read_text(encoding="utf-8")
        assert "かかります（kmc-support@kddi.com）" in visible_text(page)
