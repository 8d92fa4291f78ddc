# The two reader-facing commands (see README.md). Both set everything up
# first, idempotently, through scripts/setup.sh.
SHELL := /bin/bash
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test

## make serve: set up, then serve the site with live reload on http://127.0.0.1:8000
serve:
	bash scripts/setup.sh
	.venv/bin/python -m mkdocs serve -a 127.0.0.1:8000

## make test: set up (also a browser + a Japanese font, see README), then run every test
## on PYTEST_WORKERS pytest-xdist workers (0: in one process). Whole files go to
## one worker (--dist loadfile), so module fixtures are made once, in the order
## tests/conftest.py gives them (--no-loadscope-reorder: the slow files first);
## the site builds are shared by all workers (tests/sitebuilds.py).
## KMC_TODAY=YYYY-MM-DD runs the suite as if on that day (default: today in Japan).
PYTEST_WORKERS ?= 2
test:
	bash scripts/setup.sh --browser
	.venv/bin/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)
