"""``python -m guidebuild``: the maintainers' commands (see guidebuild.cli)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
