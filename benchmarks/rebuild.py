"""The whole `foip-graph build` at scale, clean and again after one edited claim (issue 20).

    python benchmarks/rebuild.py --factor 10 --verify

For each factor: the scaled data (``generate.py``) in a work folder, then

1. a clean ``foip-graph build --data DATA --out OUT`` (every output, the site too), as a
   process of its own: wall seconds, CPU seconds of it and its children, their peak;
2. the note of one claim edited in place in DATA (``site_rebuild.EDITED``, as a curator
   would edit it), and the same command again into the same OUT: the rebuild, with its
   caches (the load's and the site's, in ``OUT/.cache``);
3. with ``--verify``, a clean build of the edited data into another folder, compared with
   the rebuild file by file (the change report and the manifest aside: they describe the
   build before).

The peak (``ru_maxrss`` of the largest process) is the clean build's only.

Writes ``benchmarks/results/rebuild-<factor>.json``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from site_rebuild import edit_in_place, save  # noqa: E402

CLI = [sys.executable, "-c", "from foip_graph.cli import main; main()"]
ASIDE = {"changes.json", "foip-graph-build.json"}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_build(data: Path, out: Path, corpus: Path) -> dict:
    """One ``foip-graph build`` in a process of its own: wall and CPU seconds, its peak."""
    wall, cpu = time.perf_counter(), children_cpu()
    done = subprocess.run([*CLI, "build", "--data", str(data), "--corpus", str(corpus), "--out", str(out)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"foip-graph build failed ({done.returncode}):\n{done.stderr}")
    return {"wall_s": round(time.perf_counter() - wall, 1), "cpu_s": round(children_cpu() - cpu, 1),
            "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024}


def differing(a: Path, b: Path) -> list[str]:
    """The files that are not the same in ``a`` and ``b`` (either side), but :data:`ASIDE`."""
    names = {p.relative_to(root).as_posix() for root in (a, b) for p in root.rglob("*") if p.is_file()}
    return sorted(n for n in names - ASIDE
                  if not ((a / n).is_file() and (b / n).is_file() and (a / n).read_bytes() == (b / n).read_bytes()))


def measure(factor: int, corpus: Path, verify: bool) -> dict:
    figures: dict = {"factor": factor}
    with tempfile.TemporaryDirectory(prefix=f"foip-rebuild-x{factor}-") as tmp:
        work = Path(tmp)
        data = Path(subprocess.run([sys.executable, str(HERE / "generate.py"), "--factor", str(factor),
                                    "--out", str(work)], check=True, capture_output=True,
                                   text=True).stdout.strip())
        out = work / "out"
        figures["clean"] = run_build(data, out, corpus)
        print(f"x{factor}: clean build {figures['clean']}", flush=True)
        edit_in_place(data)
        figures["rebuild"] = run_build(data, out, corpus)
        del figures["rebuild"]["peak_mb"]  # the children's peak so far: the clean build's, or more
        print(f"x{factor}: rebuild after one edited note {figures['rebuild']}", flush=True)
        if verify:
            run_build(data, work / "clean", corpus)
            figures["differing_files"] = differing(out, work / "clean")
            print(f"x{factor}: files that differ from a clean build: {figures['differing_files']}", flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factor", type=int, nargs="+", default=[10])
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("FOIP_CORPUS", "../shared/corpus")))
    parser.add_argument("--verify", action="store_true", help="compare the rebuild with a clean build")
    args = parser.parse_args()
    for factor in args.factor:
        save(f"rebuild-{factor}.json", measure(factor, args.corpus.resolve(), args.verify))


if __name__ == "__main__":
    main()
