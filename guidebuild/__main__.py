"""``python -m guidebuild schemas``: regenerate rules/schema/ from the models."""

import sys

from .schemas import write_all


def main(argv: list[str]) -> int:
    if argv[:1] != ["schemas"]:
        print("usage: python -m guidebuild schemas", file=sys.stderr)
        return 2
    for path in write_all():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
