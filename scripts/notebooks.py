"""Run the notebooks and store their outputs, so a reader of the repository sees results.

    python scripts/notebooks.py            re-run every notebook and write its outputs
    python scripts/notebooks.py --check    exit 1, naming each notebook whose stored outputs
                                           differ from what it prints now

Run it (with the virtualenv active: `. .venv/bin/activate`) after any change to the data
or the code that changes what a notebook prints; tests/test_notebooks.py fails until you
do. Each notebook runs on a fresh kernel of this Python, in a temporary folder, offline.
What is stored is what a reader needs and nothing that changes from run to run: outputs
(text printed in one go, however the kernel split it) and execution counts, no timings,
no kernel version. A cell tagged `remove-output` runs
but keeps no output (the inline network view: 700 KB of script that a repository page
does not run anyway).
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
REMOVE_OUTPUT = "remove-output"
TIMEOUT = 300  # seconds per cell


def notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def execute(path: Path) -> nbformat.NotebookNode:
    """The notebook at ``path`` run top to bottom on a fresh kernel, outputs as stored."""
    nb = nbformat.read(path, as_version=4)
    metadata = copy.deepcopy(nb.metadata)
    with tempfile.TemporaryDirectory(prefix="foip-notebook-") as folder:
        NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3", record_timing=False,
                       allow_errors=True, resources={"metadata": {"path": folder}}).execute()
    nb.metadata = metadata
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [] if REMOVE_OUTPUT in cell.metadata.get("tags", []) else _coalesced(cell.outputs)
    return nb


def _coalesced(outputs: list) -> list:
    """Outputs with each run of text printed to one stream as one output: how the kernel
    splits it depends on timing."""
    merged: list = []
    for output in outputs:
        if (output.output_type == "stream" and merged and merged[-1].output_type == "stream"
                and merged[-1].name == output.name):
            merged[-1].text += output.text
        else:
            merged.append(output)
    return merged


def errors(nb: nbformat.NotebookNode) -> list[str]:
    """Each error a cell raised, as "ExceptionName: message"."""
    return [f"{o.ename}: {o.evalue}" for cell in nb.cells if cell.cell_type == "code"
            for o in cell.outputs if o.output_type == "error"]


def stored(nb: nbformat.NotebookNode) -> list[tuple]:
    """What a notebook stores, cell by cell: execution count and outputs."""
    return [(cell.get("execution_count"), cell.outputs) for cell in nb.cells if cell.cell_type == "code"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a notebook's stored outputs are stale")
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: notebooks/*.ipynb)")
    args = parser.parse_args(argv)
    failed = False
    for path in args.paths or notebooks():
        nb = execute(path)
        if errors(nb):
            print(f"{path.name}: the notebook fails: {'; '.join(errors(nb))}", file=sys.stderr)
            failed = True
        elif stored(nb) == stored(nbformat.read(path, as_version=4)):
            print(f"{path.name}: current")
        elif args.check:
            print(f"{path.name}: stored outputs are stale; run `python scripts/notebooks.py`", file=sys.stderr)
            failed = True
        else:
            nbformat.write(nb, path)
            print(f"{path.name}: outputs written")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
