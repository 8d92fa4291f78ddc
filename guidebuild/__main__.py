"""Maintenance commands.

``python -m guidebuild schemas``            regenerate rules/schema/ from the models
``python -m guidebuild check-schemas F...`` check rule files against their schema
``python -m guidebuild prerender OUT``      the project with every page filled from the
                                            rules, for builders that run no hooks (Zensical)
"""

import json
import sys
from pathlib import Path

import jsonschema

from .checkout import CheckoutError, build_rules_dir, find_root, require_own_code, rules_dir
from .schemas import write_all
from .yamlload import RulesError, load_file


def check_schemas(paths: list[str]) -> int:
    failed = 0
    for name in paths:
        path = Path(name)
        schema_path = path.parent / "schema" / f"{path.stem}.schema.json"
        try:
            data = load_file(path, name).data
        except RulesError as error:
            print(error, file=sys.stderr)
            failed += 1
            continue
        if not schema_path.exists():
            print(f"{name}:1: no schema at {schema_path}: rule files live in rules/ beside rules/schema/", file=sys.stderr)
            failed += 1
            continue
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        for error in jsonschema.Draft202012Validator(schema).iter_errors(json.loads(json.dumps(data, default=str))):
            where = "/".join(str(p) for p in error.absolute_path) or "(top)"
            print(f"{name}: {where}: {error.message}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


def prerender(out: Path) -> int:
    from .pages import PageRenderError
    from .prerender import load_guide, prerender_project

    if out.exists():
        print(f"error: {out} exists: give a new directory", file=sys.stderr)
        return 2
    try:
        root = find_root()
        require_own_code(root)
        config = prerender_project(root, out, load_guide(build_rules_dir(root)).context)
    except CheckoutError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (RulesError, PageRenderError) as error:
        print(error, file=sys.stderr)
        return 1
    print(config)
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["schemas"]:
        try:
            # The checkout this runs in, even from a subdirectory; never the
            # one the package was installed from.
            target = rules_dir()
        except CheckoutError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        for path in write_all(target):
            print(path)
        return 0
    if argv[:1] == ["check-schemas"]:
        return check_schemas(argv[1:])
    if argv[:1] == ["prerender"] and len(argv) == 2:
        return prerender(Path(argv[1]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
