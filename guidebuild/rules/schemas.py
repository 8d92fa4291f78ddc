"""JSON Schemas for rules/*.yaml, generated from the models.

Editors pick them up through each YAML's first line
(``# yaml-language-server: $schema=./schema/<name>.schema.json``).
"""

from __future__ import annotations

import json
from pathlib import Path

from .models import FILES


def schema_for(name: str) -> dict:
    schema = FILES[name].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"rules/{name}.yaml"
    return schema


def render(name: str) -> str:
    return json.dumps(schema_for(name), ensure_ascii=False, indent=2) + "\n"


def write_all(rules_dir: Path) -> list[Path]:
    out = rules_dir / "schema"
    out.mkdir(exist_ok=True)
    written = []
    for name in FILES:
        path = out / f"{name}.schema.json"
        path.write_text(render(name), encoding="utf-8")
        written.append(path)
    return written
