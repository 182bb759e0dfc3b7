#!/usr/bin/env bash
# The project's two commands, each setting up everything it needs first:
#   ./dev.sh run  [ARGS...]   serve the dashboard (bundled data) on http://127.0.0.1:8050
#   ./dev.sh test [ARGS...]   run the whole test suite, browser tests included
#   (./dev.sh catalogue writes the translation template after texts change)
# Needs a Debian/Ubuntu machine with Python 3.11+; installs system packages with
# apt-get (through sudo when not root) only when they are missing.
set -euo pipefail
cd "$(dirname "$0")"
VENV=${VENV:-.venv}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  echo "==> installing system packages: $*"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_python() {
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "error: Python 3.11 or newer is needed as python3 (found: $(python3 --version 2>&1))" >&2
    exit 1
  fi
  if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    apt_install python3-venv python3-pip
  fi
}

# Install a requirements file into the virtualenv, once per change of the file.
ensure_requirements() {
  local file=$1 stamp="$VENV/.installed-$(basename "$1")"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  if [ ! -f "$stamp" ] || ! cmp -s "$stamp" <(cat "$file" requirements.txt pyproject.toml); then
    echo "==> installing Python packages from $file"
    "$VENV/bin/python" -m pip install -qq --upgrade pip
    "$VENV/bin/python" -m pip install -qq -r "$file"
    "$VENV/bin/python" -m pip install -qq --no-deps --no-build-isolation -e . 2>/dev/null \
      || "$VENV/bin/python" -m pip install -qq --no-deps -e .
    cat "$file" requirements.txt pyproject.toml > "$stamp"
  fi
}

ensure_browser() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    apt_install chromium chromium-driver
  fi
}

# redis-server: several app instances share one figure cache; wrk: the short load test;
# java: Spark in local mode, the distributed engine the view-equivalence tests run on.
ensure_services() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v java >/dev/null || missing+=(default-jre-headless)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

# Fonts with every script the dashboard writes in (Armenian, Cyrillic, Azerbaijani's Latin) for the images
# the server draws: Noto (fonts-noto-core has Noto Sans Armenian).
ensure_fonts() {
  if [ -z "$(fc-list 'Noto Sans Armenian' family 2>/dev/null)" ]; then
    apt_install fonts-noto-core fontconfig
  fi
}

# axe-core (accessibility checks injected by the browser tests), pinned in package-lock.json.
ensure_node_tools() {
  command -v npm >/dev/null || apt_install nodejs npm
  if [ ! -f node_modules/.installed ] || ! cmp -s node_modules/.installed package-lock.json; then
    echo "==> installing test tools from package-lock.json"
    npm ci --no-audit --no-fund --silent
    cp package-lock.json node_modules/.installed
  fi
}

command=${1:-}
shift || true
case "$command" in
  run)
    ensure_python
    ensure_fonts
    ensure_requirements requirements.txt
    # the curation workbench's editor mode, on loopback only: a token for this run, said once
    case " $* " in
      *" --host"*) ;;
      *) if [ -z "${DASHBOARD_EDITOR_TOKEN:-}" ] && [ "${HOST:-127.0.0.1}" = 127.0.0.1 ]; then
           DASHBOARD_EDITOR_TOKEN=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(12))')
           export DASHBOARD_EDITOR_TOKEN
           echo "==> /curate's editor mode is on for this run (loopback); the editor's token: $DASHBOARD_EDITOR_TOKEN"
         fi ;;
    esac
    exec "$VENV/bin/python" -m dashboard serve "$@"
    ;;
  test)
    ensure_python
    ensure_browser
    ensure_services
    ensure_fonts
    ensure_node_tools
    ensure_requirements requirements-dev.txt
    # two processes, each test file in one of them (its fixtures, servers and browsers shared by its tests),
    # the longest files first (tests/conftest.py's SLOW_FIRST, not xdist's order by count of tests); the
    # slowest tests listed at the end (where the suite's time goes)
    exec "$VENV/bin/python" -m pytest --headless -n "${TEST_PROCESSES:-2}" --dist loadfile --no-loadscope-reorder \
      --durations=30 "$@"
    ;;
  catalogue)
    ensure_python
    ensure_requirements requirements.txt
    exec "$VENV/bin/python" -m dashboard.language.catalogue
    ;;
  *)
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
