#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian or Ubuntu machine, and quick when nothing changed.
#   scripts/bootstrap.sh run    Python virtualenv, Heard and its front-end assets
#   scripts/bootstrap.sh test   the same plus the test tools, PostgreSQL server binaries
#                               and Chromium (from Debian's packages)
# Debian packages are installed with apt-get (as root, or through sudo).
set -euo pipefail
mode="${1:-run}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

say() { printf '==> %s\n' "$*"; }

apt_updated=0
apt_install() {
  # apt_install PACKAGE... : install the Debian packages that are missing.
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  say "Installing Debian packages: ${missing[*]}"
  if [ $apt_updated -eq 0 ]; then $sudo apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- system packages -----------------------------------------------------------------------
python_ok() { command -v python3 >/dev/null && python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }
python_ok || apt_install python3 python3-venv python3-dev
command -v npm >/dev/null || apt_install nodejs npm
# WeasyPrint lays out letters with Pango; Liberation gives them a font whatever the machine has.
apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2
if [ "$mode" = test ]; then
  # PostgreSQL server binaries for the throwaway test cluster; Chromium for browser tests.
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
  command -v setpriv >/dev/null || apt_install util-linux
  [ -x /usr/bin/chromium ] || apt_install chromium
  # pdftoppm, for the letters' pictures under docs/ (scripts/letter_pictures).
  apt_install poppler-utils
fi

# --- Python ----------------------------------------------------------------------------------
if [ ! -x .venv/bin/python ]; then
  say "Creating .venv"
  python3 -m venv .venv
fi
extra=""; [ "$mode" = test ] && extra="[test]"
stamp=".venv/.heard-installed-${mode}"
want="$(cat pyproject.toml requirements.lock | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  # pyproject.toml names what Heard needs; requirements.lock pins everything those pull in.
  say "Installing Python packages (pinned in pyproject.toml and requirements.lock)"
  PIP_DISABLE_PIP_VERSION_CHECK=1 .venv/bin/python -m pip install -q -c requirements.lock -e ".${extra}"
  echo "$want" > "$stamp"
fi

# --- front-end assets ------------------------------------------------------------------------
lock_sum="$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)"
if [ ! -f node_modules/.heard-installed ] || [ "$(cat node_modules/.heard-installed)" != "$lock_sum" ]; then
  say "Installing front-end packages (pinned in package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.heard-installed
fi
if [ ! -f src/heard/static/heard/build/heard.css ] || [ -n "$(find src/heard/static/heard -name '*.scss' -newer src/heard/static/heard/build/heard.css)" ]; then
  say "Building the stylesheet"
  npm run --silent build
fi
say "Set-up complete ($mode)"
