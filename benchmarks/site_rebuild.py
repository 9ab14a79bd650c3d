"""The site's build time at scale, clean and after one edited claim (issue 20).

    python benchmarks/site_rebuild.py --factor 10 --baseline-src /tmp/main-src

For each factor: the scaled data (``generate.py``), then, in turns in one run,

1. a clean site build (``build_site`` with its cache, the pages drawn in a process per CPU),
   wall and CPU seconds (this process and its drawing processes);
2. the same with ``--baseline-src`` (a checkout's ``src`` folder, e.g. ``main``'s before the
   change) in a process of its own, when given;
3. one claim edited in a copy of the data (the note of ``jpic located_in tokyo``, an
   entity of the curated data with few links, whose ``tokyo`` the copies link to), the
   knowledge base loaded again (not timed: it is the load's, not the site's), and the
   site built again from the first build (``previous``): wall and CPU seconds, pages
   drawn and pages linked; with ``--verify``, a clean build of the edited data to compare
   with, file by file; with ``--profile``, the rebuild again under cProfile, its parts
   (:data:`PARTS`, cumulative seconds under the profiler, which slows them) in
   ``rebuild_parts``.

Writes ``benchmarks/results/site-rebuild-<factor>.json``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

EDITED = ("jpic", "located_in", "tokyo")
NOTE = "The imprint of a book in the biography reads 'Tokyo: JPIC'."
BASELINE = """
import json, resource, sys, time
from foip_graph.kb import KnowledgeBase
from foip_graph.query import KnowledgeGraph
from foip_graph.site import build_site
kb = KnowledgeBase.from_path(sys.argv[1], sys.argv[2])
kg = KnowledgeGraph(kb)
wall, cpu = time.perf_counter(), time.process_time()
files = build_site(kg, sys.argv[3], corpus=sys.argv[2])
print(json.dumps({"wall_s": round(time.perf_counter() - wall, 1), "cpu_s": round(time.process_time() - cpu, 1),
                  "files": len(files), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
"""

PARTS = {  # the parts of a rebuild: (module, function) as the profiler names them
    "shared look-ups (SiteData)": ("pages.py", "__init__"),
    "  facts (kept_facts)": ("cache.py", "kept_facts"),
    "  PLOVER codings": ("plover.py", "claim_codings"),
    "  relationships": ("pages.py", "relationships"),
    "search index": ("search.py", "search_index"),
    "evidence shards": ("records.py", "shards"),
    "page keys": ("cache.py", "__init__"),
    "index page": ("pages.py", "index_page"),
    "overview page": ("pages.py", "graph_page"),
    "  grouping (partition)": ("overview.py", "partition"),
    "  group layout (_arrange)": ("overview.py", "_arrange"),
    "  members' layouts (_members)": ("overview.py", "_members"),
    "timeline page": ("pages.py", "timeline_page"),
    "templates (render)": ("build.py", "render"),
    "pages drawn (draw)": ("build.py", "draw"),
    "cache written": ("cache.py", "write"),
}


def parts(profile: cProfile.Profile) -> dict[str, float]:
    """The cumulative seconds of each of :data:`PARTS` in ``profile`` (the site's own
    modules only) and the whole."""
    stats = pstats.Stats(profile).stats
    found = {name: 0.0 for name in PARTS}
    for (file, _, function), (_, _, _, cumulative, _) in stats.items():
        if "foip_graph" not in file:
            continue
        for name, (module, wanted) in PARTS.items():
            if function == wanted and file.endswith(module) and ("exports" in file) == (module == "plover.py"):
                found[name] = max(found[name], round(cumulative, 1))
    return {"whole": round(max(s[3] for s in stats.values()), 1), **found}


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(call):
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = call()
    return result, round(time.perf_counter() - wall, 1), round(cpu_seconds() - cpu, 1)


def edit(data: Path) -> Path:
    """A copy of ``data`` with the note of :data:`EDITED` changed; the copy's folder."""
    copy = data.parent / "edited"
    shutil.copytree(data, copy)
    edit_in_place(copy)
    return copy


def edit_in_place(data: Path) -> None:
    """Change the note of :data:`EDITED` in ``data`` itself, as a curator would."""
    path = data / "claims" / "dialogue-2026.yaml"
    document = generate.read(path)
    found = [c for c in document["claims"] if (c["subject"], c["predicate"], c.get("object")) == EDITED]
    if len(found) != 1:
        raise SystemExit(f"{path}: expected one claim {' '.join(EDITED)}, found {len(found)}")
    found[0]["note"] = NOTE
    generate.write(path, document)


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*.html")}


def same_files(a: Path, b: Path) -> bool:
    names = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    if names != sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()):
        return False
    return all((a / n).read_bytes() == (b / n).read_bytes() for n in names)


def measure(factor: int, corpus: Path, baseline: Path | None, verify: bool, profile: bool) -> dict:
    from foip_graph.kb import KnowledgeBase
    from foip_graph.site import build_site
    from foip_graph.site.cache import Previous

    figures: dict = {"factor": factor}
    with tempfile.TemporaryDirectory(prefix=f"foip-site-rebuild-x{factor}-") as tmp:
        work = Path(tmp)
        data = Path(subprocess.run([sys.executable, str(HERE / "generate.py"), "--factor", str(factor),
                                    "--out", str(work)], check=True, capture_output=True,
                                   text=True).stdout.strip())
        kb = KnowledgeBase.from_path(data, corpus)
        first = work / "first"
        files, figures["clean_wall_s"], figures["clean_cpu_s"] = timed(
            lambda: build_site(kb, first / "site", corpus, cache=first / "cache"))
        figures["files"] = len(files)
        print(f"x{factor}: clean build {figures['clean_wall_s']} s ({figures['clean_cpu_s']} CPU s)", flush=True)
        if baseline is not None:
            env = {**os.environ, "PYTHONPATH": str(baseline)}
            done = subprocess.run([sys.executable, "-c", BASELINE, str(data), str(corpus), str(work / "baseline")],
                                  env=env, capture_output=True, text=True, check=True)
            figures["baseline"] = json.loads(done.stdout.strip().splitlines()[-1])
            shutil.rmtree(work / "baseline")
            print(f"x{factor}: baseline {figures['baseline']}", flush=True)
        marker = first / "written"  # the manifest's part: written once the site is
        marker.write_text("", encoding="utf-8")
        sizes = {p.relative_to(first / "site").as_posix(): p.stat().st_size
                 for p in (first / "site").rglob("*") if p.is_file()}
        before = inodes(first / "site")
        del kb
        edited = KnowledgeBase.from_path(edit(data), corpus)
        again = work / "again"

        def rebuild():
            previous = Previous.read(first / "site", first / "cache", sizes, marker.stat().st_mtime_ns)
            return build_site(edited, again / "site", corpus, cache=again / "cache", previous=previous)

        _, figures["rebuild_wall_s"], figures["rebuild_cpu_s"] = timed(rebuild)
        after = inodes(again / "site")
        figures["pages"] = len(after)
        figures["pages_drawn"] = sum(after[p] != before.get(p) for p in after)
        figures["pages_linked"] = figures["pages"] - figures["pages_drawn"]
        print(f"x{factor}: rebuild {figures['rebuild_wall_s']} s ({figures['rebuild_cpu_s']} CPU s), "
              f"{figures['pages_drawn']} of {figures['pages']} pages drawn", flush=True)
        if profile:
            shutil.rmtree(again)
            profiler = cProfile.Profile()
            profiler.runcall(rebuild)
            figures["rebuild_parts"] = parts(profiler)
            print(f"x{factor}: rebuild under cProfile, s: {figures['rebuild_parts']}", flush=True)
        if verify:
            clean = work / "clean"
            build_site(edited, clean / "site", corpus, cache=clean / "cache")
            figures["rebuild_equals_clean_build"] = same_files(again, clean)
            print(f"x{factor}: the rebuild equals a clean build: {figures['rebuild_equals_clean_build']}", flush=True)
    figures["peak_mb"] = round(max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factor", type=int, nargs="+", default=[10])
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("FOIP_CORPUS", "../shared/corpus")))
    parser.add_argument("--baseline-src", type=Path, help="a checkout's src folder to time the same clean build with")
    parser.add_argument("--verify", action="store_true", help="compare the rebuild with a clean build")
    parser.add_argument("--profile", action="store_true", help="profile the rebuild again, part by part")
    args = parser.parse_args()
    for factor in args.factor:
        save(f"site-rebuild-{factor}.json",
             measure(factor, args.corpus.resolve(), args.baseline_src, args.verify, args.profile))


def save(name: str, figures: dict) -> None:
    """Write ``figures`` to ``results/name`` after the commit, the CPUs and the Python they
    were measured with."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True,
                            text=True).stdout.strip()
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / name
    about = {"commit": commit, "cpus": len(os.sched_getaffinity(0)), "python": platform.python_version()}
    path.write_text(json.dumps({**about, **figures}, indent=2) + "\n", encoding="utf-8")
    print(path)


if __name__ == "__main__":
    main()
