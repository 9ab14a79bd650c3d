#!/usr/bin/env bash
# Install everything the test suite needs, then run all of it.
# Uses the same virtualenv as build.sh (.venv, made if missing). On a fresh Debian machine
# (as root) this also installs Debian's chromium for the browser tests; extra arguments
# go to pytest (after -n auto, so a later -n wins).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The browser tests need Debian's chromium: run 'apt-get install chromium' as root." >&2
    exit 1
  fi
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

. scripts/venv.sh
python -m pip install --quiet --disable-pip-version-check -e ".[test]"
# One worker per CPU (pytest-xdist); -n 0 runs every test in this one process.
python -m pytest -n auto "$@"
