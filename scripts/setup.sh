#!/usr/bin/env bash
# Idempotent setup for `make serve` and `make test` (called by the Makefile).
#
#   bash scripts/setup.sh            Python venv + deps, npm packages, Pyodide test wheels
#   bash scripts/setup.sh --browser  the same, plus Chromium and a Japanese font (for tests)
#
# Each step is skipped when already done: the pip install is stamped with the
# hash of pyproject.toml, `npm ci` with the hash of package-lock.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

want_browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    *) die "unknown option: $arg" ;;
  esac
done

hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

# Run as root, or through passwordless sudo, or fail with $1 as the reason.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else die "need root or passwordless sudo to run: $*"
  fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  log "apt-get install -y $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- Python >= 3.12 -----------------------------------------------------------
# Prints the real interpreter path (not a pyenv shim) of the first candidate
# that runs and is new enough.
real_python() {
  env "$@" -c 'import sys; assert sys.version_info >= (3, 12); print(sys.executable)' 2>/dev/null
}

find_python() {
  local c v
  if [ -n "${PYTHON:-}" ] && real_python "$PYTHON"; then return; fi
  for c in python3.13 python3.12 python3; do
    command -v "$c" >/dev/null 2>&1 && real_python "$c" && return
  done
  if command -v pyenv >/dev/null 2>&1; then
    for v in 3.12.1 $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9])(\.[0-9]+)?$' | sort -rV); do
      real_python PYENV_VERSION="$v" python3 && return
    done
  fi
  return 1
}

venv_ok() {
  [ -x .venv/bin/python ] && real_python .venv/bin/python >/dev/null
}

if ! venv_ok; then
  PY="$(find_python)" || die "no Python >= 3.12 found (tried \$PYTHON, python3.13, python3.12, python3, pyenv 3.12+); install one, or set PYTHON=/path/to/python3.12"
  if [ -e .venv ]; then
    log ".venv is missing its Python or is older than 3.12: recreating it"
    rm -rf .venv
  fi
  log "creating .venv with $PY"
  "$PY" -m venv .venv
fi

stamp=.venv/.kmc-pip-stamp
want="$(hash_of pyproject.toml)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "pip install -e '.[dev]'"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
  echo "$want" > "$stamp"
fi

# --- PDF edition: WeasyPrint needs Pango and a Japanese font -------------------
# The build (make serve / make test) renders the guide's PDF with WeasyPrint.
if command -v dpkg-query >/dev/null 2>&1; then
  pdf_need=()
  for pkg in libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || pdf_need+=("$pkg")
  done
  if [ "${#pdf_need[@]}" -gt 0 ]; then
    apt_install "${pdf_need[@]}"
  fi
fi

# --- npm ----------------------------------------------------------------------
if [ -f package-lock.json ]; then
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  stamp=node_modules/.kmc-npm-stamp
  want="$(hash_of package.json package-lock.json)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
  fi
fi

# --- Pyodide test wheels (their script is idempotent itself) ------------------
if [ -f scripts/fetch_pyodide_wheels.sh ]; then
  bash scripts/fetch_pyodide_wheels.sh
elif [ -f scripts/fetch_pyodide_wheels.py ]; then
  .venv/bin/python scripts/fetch_pyodide_wheels.py >/dev/null
fi

# --- Browser for the tests: a working Chromium or Chrome + a Japanese font ----
# guidebuild/tools/browser.py is the one place that decides which browser the tests
# use ($KMC_CHROMIUM, else chromium-headless-shell, chromium, google-chrome, ...
# on PATH, checked by running --version). On Debian, without $KMC_CHROMIUM,
# Debian's chromium-headless-shell is installed: the suite's CPU time is about
# a third lower on it than on the full browser. Without root, or on other
# systems, the tests use what is there (on Ubuntu the chromium package is a
# snap transition stub).
os_id() { ( . /etc/os-release 2>/dev/null && printf '%s' "${ID:-}" ); }
have_root() { [ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; }
find_browser() { .venv/bin/python -m guidebuild browser 2>"$1"; }

if [ "$want_browser" -eq 1 ]; then
  need=()
  why="$(mktemp)"
  trap 'rm -f "$why"' EXIT
  if [ -z "${KMC_CHROMIUM:-}" ] && [ "$(os_id)" = debian ] && have_root \
     && ! command -v chromium-headless-shell >/dev/null 2>&1; then
    need+=(chromium-headless-shell)
  elif ! browser="$(find_browser "$why")"; then
    die "$(cat "$why")"
  fi
  if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=ja family 2>/dev/null)" ]; then
    command -v apt-get >/dev/null 2>&1 \
      || die "the browser tests need a Japanese font: install Noto Sans CJK JP (or another font covering Japanese)"
    need+=(fonts-noto-cjk)
  fi
  if [ "${#need[@]}" -gt 0 ]; then
    have_root || die "the browser tests need ${need[*]}: run 'sudo apt-get install -y ${need[*]}' or run 'make test' as root"
    apt_install "${need[@]}"
  fi
  if [ -z "${browser:-}" ]; then
    browser="$(find_browser "$why")" || die "$(cat "$why")"
  fi
  log "browser for the tests: $browser ($(cat "$why"))"
fi

log "ready"
