#!/usr/bin/env bash
# Set up foip-graph in a virtualenv (.venv) and build everything into out/.
# Extra arguments go to `foip-graph build` (for example --out DIR).
# Afterwards, `. .venv/bin/activate` puts the foip-graph command on your PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh

python -m pip install --quiet --disable-pip-version-check -e .
foip-graph build "$@"
