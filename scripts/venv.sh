# Sourced by build.sh and test.sh: create (or reuse) the project's virtualenv in .venv and
# activate it. Debian and Ubuntu mark their system Python "externally managed" (PEP 668),
# so nothing is ever pip-installed outside this virtualenv.
# PYTHON picks the interpreter that makes it (default: python3, version 3.10 or newer).

PYTHON="${PYTHON:-python3}"
VENV="${FOIP_VENV:-.venv}"

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "error: $PYTHON was not found; install Python 3.10 or newer (Debian: apt-get install python3 python3-venv)" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
  echo "error: foip-graph needs Python 3.10 or newer; $PYTHON is $("$PYTHON" -V 2>&1)" >&2
  exit 1
fi

if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    # Debian ships venv's pip bootstrap separately, in python3-venv.
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "Installing Debian's python3-venv (needed to make a virtualenv)..."
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    else
      echo "error: $PYTHON cannot make a virtualenv; install python3-venv (as root: apt-get install python3-venv)" >&2
      exit 1
    fi
  fi
  echo "Making a virtualenv in $VENV with $("$PYTHON" -V 2>&1)..."
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
fi

# shellcheck disable=SC1091
. "$VENV/bin/activate"
