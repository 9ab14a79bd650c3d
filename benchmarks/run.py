"""Measure foip-graph at scale, on every store, in one command.

    python benchmarks/run.py --scales 1 10 100

For each scale, :mod:`generate` writes the curated data scaled by that factor into a
temporary folder, and four jobs measure it, each in its own process (so each peak memory,
read from ``ru_maxrss``, is its own):

- ``memory`` and ``oxigraph``: load and validate; the query API's latencies (median of
  many calls); building the RDF view on that store; writing each RDF format; the example
  queries (``queries/*.rq``) through :func:`foip_graph.rdf.store.select`. The ``oxigraph``
  job also times a bare ``pyoxigraph.Store().load`` and ``bulk_load`` of the same quads
  (N-Quads; the fastest is the baseline, ``bare_pyoxigraph_loader`` says which) and the
  example queries run directly on that bare store, reading every row's values: the
  yardsticks of the targets.
- ``validate``: load and validate (:func:`foip_graph.load.load_dataset`, quotes checked
  against the corpus) beside a bare parse of the same files with PyYAML's C loader
  (``yaml.load(text, Loader=yaml.CSafeLoader)`` per file, keeping every document, as a
  reader must), taken in turns in the same process, median of ``--rounds`` rounds each;
  the bare parse is also timed with the garbage collector paused (as the loader parses);
  then ``foip-graph validate`` as a whole process, with its own peak memory.
- ``build``: ``foip-graph build`` but the site, as the command runs it (load, index, every
  step of :data:`foip_graph.build.WRITERS`, each timed, then the manifest, the change
  report and the move into place); then a bare ``pyoxigraph.Store().load`` of the
  ``graph.nq`` it wrote, the yardstick of the RDF step.
- ``site``: the static site, when :mod:`foip_graph.site` exists.

A job reports each figure as soon as it has it (a JSON line), so a job stopped by
``--timeout`` or by ``--memory-limit`` (it protects the machine) keeps what it measured. Results go to ``benchmarks/results/scale-K.json``,
the table to ``benchmarks/results/README.md`` and to ``docs/scale.md`` (between their
``benchmark`` markers: the notes around the table stay). Benchmarks measure; nothing here asserts.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import math
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
DOC = ROOT / "docs" / "scale.md"
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
JOBS = ("memory", "oxigraph", "validate", "build", "site")
RDF_STEPS = ("RDF", "reasoner's view")  # the build's steps whose writers name their parts
START, END = "<!-- benchmark table: written by benchmarks/run.py -->", "<!-- end of benchmark table -->"

sys.path.insert(0, str(HERE))


# ---------------------------------------------------------------- inside a job


FIGURES: dict = {}  # what this job reported


def emit(key: str, value) -> None:
    """Report one figure (and the peak memory so far) as a JSON line."""
    FIGURES[key] = value
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"key": key, "value": value, "peak_mb": round(peak_mb, 1)}), flush=True)


def timed(call: Callable):
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def steady(call: Callable, budget: float = 10.0, most: int = 5):
    """``call``'s result and its median time in seconds over up to ``most`` runs within
    ``budget`` seconds (at least one: a long step runs once)."""
    times, result = [], None
    deadline = time.perf_counter() + budget
    while len(times) < most and (not times or time.perf_counter() < deadline):
        result = None  # so two results never live at once (peak memory)
        result, seconds = timed(call)
        times.append(seconds)
    return result, round(statistics.median(times), 3)


def median_ms(calls: list[Callable], repeat: int) -> float:
    """The median latency in milliseconds of ``repeat`` rounds over ``calls``."""
    times = []
    for _ in range(repeat):
        for call in calls:
            start = time.perf_counter_ns()
            call()
            times.append(time.perf_counter_ns() - start)
    return round(statistics.median(times) / 1e6, 4)


def repeated_ms(call: Callable, budget: float = 10.0, most: int = 7) -> float:
    """Median milliseconds of ``call`` run up to ``most`` times within ``budget`` seconds
    (at least once)."""
    times = []
    deadline = time.perf_counter() + budget
    while len(times) < most and (not times or time.perf_counter() < deadline):
        times.append(timed(call)[1])
    return round(statistics.median(times) * 1000, 3)


def api_samples(kg, n: int = 50, seed: int = 9) -> dict[str, list[Callable]]:
    """Calls of the query API on arguments drawn from the data (same seed, same draw)."""
    rng = random.Random(seed)
    kb = kg.kb
    entities = sorted(kb.entities.values(), key=lambda e: e.id)
    names = [label for e in rng.sample(entities, min(n, len(entities)))
             for label in (e.id, e.name, *e.aliases[:1])]
    linked = sorted((c for c in kb.claims if c.object), key=lambda c: c.id)
    pairs = [(c.subject, c.object) for c in rng.sample(linked, min(n, len(linked)))]
    groups = sorted({c.object for c in kb.by_predicate.get("member_of", [])})
    ends = [(rng.choice(entities).id, rng.choice(entities).id) for _ in range(n)]
    return {
        "entity": [lambda x=x: kg.entity(x) for x in names],
        "between": [lambda a=a, b=b: kg.between(a, b) for a, b in pairs],
        "members_as_of": [lambda g=g: kg.members(g, as_of="2020-01-01") for g in groups[:n]],
        "path": [lambda a=a, b=b: kg.path(a, b) for a, b in ends],
    }


def measure_api(kg) -> None:
    emit("phase", "query API")
    gc.collect()  # start from a clean heap: a collection of the whole load is not a lookup's
    samples = api_samples(kg)
    first = next(iter(kg.kb.entities))
    _, seconds = timed(lambda: kg.path(first, first))
    emit("api.network_build_s", round(seconds, 3))
    for name, calls in samples.items():
        emit(f"api.{name}_ms", median_ms(calls, repeat=20 if name != "path" else 3))


def measure_store(data: Path, corpus: Path, store: str) -> None:
    """The ``memory`` and ``oxigraph`` jobs."""
    import pyoxigraph as ox

    import foip_graph
    from foip_graph.rdf import store as st
    from foip_graph.rdf.serialize import FORMATS

    kg, seconds = steady(lambda: foip_graph.load(data, corpus))
    kb = kg.kb
    emit("counts", {"entities": len(kb.entities), "claims": len(kb.claims),
                    "evidence": sum(len(c.evidence) for c in kb.claims), "sources": len(kb.sources)})
    emit("load_validate_s", seconds)
    measure_api(kg)
    ds, seconds = steady(lambda: st.rdf_dataset(kb, store))
    emit("quads", st.quad_count(ds))
    texts = {q.stem: q.read_text(encoding="utf-8") for q in QUERIES}
    bare = None
    if store == "oxigraph":
        # the view against the bare loads of its own N-Quads, in turns, medians of three
        # rounds: a first build alone would also pay for growing the process's heap
        nquads = st.oxigraph_of(ds).dump(format=ox.RdfFormat.N_QUADS)
        calls = {"view": lambda: st.rdf_dataset(kb, store),
                 "load": lambda: _loaded(ox.Store(), nquads, "load"),
                 "bulk_load": lambda: _loaded(ox.Store(), nquads, "bulk_load")}
        times: dict[str, list[float]] = {name: [] for name in calls}
        for _ in range(3):
            for name, call in calls.items():
                gc.collect()
                result, took = timed(call)
                del result
                times[name].append(took)
        median = {name: round(statistics.median(values), 3) for name, values in times.items()}
        seconds = median["view"]
        fastest = min(("load", "bulk_load"), key=median.get)
        emit("bare_pyoxigraph_load_s", median[fastest])  # the fastest of Store.load and bulk_load
        emit("bare_pyoxigraph_loader", fastest)
        bare = _loaded(ox.Store(), nquads, fastest)
        del nquads
    emit("rdf_build_s", seconds)
    for name, text in texts.items():
        emit("phase", f"SPARQL {name}")
        results, seconds = timed(lambda: st.select(ds, text))
        emit(f"sparql.{name}.rows", len(results.rows))
        emit(f"sparql.{name}_ms", repeated_ms(lambda: st.select(ds, text)) if seconds < 30
             else round(seconds * 1000, 3))
        if bare is not None:
            emit(f"raw_sparql.{name}_ms",
                 repeated_ms(lambda: [tuple(row) for row in bare.query(text)]))
    for fmt in FORMATS:
        emit("phase", f"writing {fmt}")
        data_bytes, seconds = steady(lambda: st.serialize(ds, fmt))
        emit(f"export.{fmt}_s", seconds)
        emit(f"export.{fmt}_mb", round(len(data_bytes) / 1e6, 1))
        del data_bytes
    emit("phase", "done")


def _loaded(store, nquads: bytes, loader: str = "load"):
    import pyoxigraph as ox

    getattr(store, loader)(nquads, ox.RdfFormat.N_QUADS)
    return store


def bare_parse(data: Path) -> list:
    """Every YAML file of the data folder parsed by PyYAML's C loader, and nothing more."""
    import yaml

    return [yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)  # noqa: S506
            for path in sorted(data.rglob("*.yaml"))]


def checked(report, corpus: Path) -> None:
    """Stop the job unless the data validated with every quote checked against the texts
    (a load that skips the quotes would not be the load measured)."""
    if report.problems:
        raise SystemExit(f"the scaled data does not validate: {report.problems[0]}")
    if not report.quotes_checked:
        raise SystemExit(f"no corpus at {corpus}: the quotes were not checked (pass --corpus)")


def measure_validate(data: Path, corpus: Path, rounds: int) -> None:
    """The ``validate`` job: load + validate against the bare parse, in turns."""
    from foip_graph.load import collector_paused, load_dataset

    def paused() -> list:
        with collector_paused():
            return bare_parse(data)

    times: dict[str, list[float]] = {"bare": [], "bare_paused": [], "load": []}
    for _ in range(rounds):
        for name, call in (("bare", lambda: bare_parse(data)), ("bare_paused", paused),
                           ("load", lambda: load_dataset(data, corpus))):
            gc.collect()
            result, seconds = timed(call)
            if name == "load":
                checked(result, corpus)
                ds = result.dataset
                counts = {"sources": len(ds.sources), "entities": len(ds.entities),
                          "claims": len(ds.claims), "evidence": sum(len(c.evidence) for c in ds.claims)}
                del ds
            del result
            times[name].append(seconds)
    emit("counts", counts)
    bare, load = statistics.median(times["bare"]), statistics.median(times["load"])
    emit("bare_parse_s", round(bare, 3))
    emit("bare_parse_paused_s", round(statistics.median(times["bare_paused"]), 3))
    emit("load_validate_s", round(load, 3))
    emit("load_over_bare", round(load / bare, 2))
    emit("phase", "foip-graph validate, whole process")
    command = [str(Path(sys.executable).with_name("foip-graph")), "validate", "--data", str(data),
               "--corpus", str(corpus)]
    done, seconds = timed(lambda: subprocess.run(command, capture_output=True, text=True))
    if done.returncode != 0:
        raise SystemExit(f"foip-graph validate failed: {done.stderr.strip()[-300:]}")
    emit("validate_process_s", round(seconds, 3))
    emit("validate_process_mb", round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1))


def measure_build(data: Path, corpus: Path, processes: int | None = None) -> None:
    """``foip-graph build`` without the site: :func:`foip_graph.build.build` as the command
    calls it (staging folder, manifest, change report, the move into place), every step
    of :data:`~foip_graph.build.WRITERS` timed, and the site left out. The RDF step runs
    in a child process beside the others when there are two CPUs (its figures are its
    own); ``build_cpu_s`` counts the CPU seconds of both, ``child_peak_mb`` the child's
    peak memory (``peak_mb`` is this process's). ``processes`` is the build's ``jobs``
    (``--build-processes``; by default one per CPU, as the command builds): 1 keeps every
    step in this process, in half the memory of two."""
    from unittest import mock

    import pyoxigraph as ox

    from foip_graph import build as build_module
    from foip_graph.kb import KnowledgeBase
    from foip_graph.load import load_dataset

    start = time.perf_counter()
    report, seconds = timed(lambda: load_dataset(data, corpus))
    checked(report, corpus)
    emit("load_validate_s", round(seconds, 3))
    kb, seconds = timed(lambda: KnowledgeBase(report.dataset))
    del report
    emit("knowledge_base_s", round(seconds, 3))
    emit("processes", processes or len(os.sched_getaffinity(0)))

    def step(name: str, write: Callable) -> Callable:
        def timed_write(*args, **options):
            emit("phase", f"writing {name}")
            extra = {"progress": rdf_part} if name in RDF_STEPS else {}
            written, seconds = timed(lambda: write(*args, **options, **extra))
            if name in RDF_STEPS:
                rdf_part(None)
            emit(f"step.{name}_s", round(seconds, 3))
            return written
        return timed_write

    part: list = [None, 0.0, 0.0]  # the RDF step's part under way, its wall and CPU start

    def rdf_part(name: str | None) -> None:
        """Time each part of the RDF step (write_rdf's progress): wall and CPU seconds."""
        wall, cpu = time.perf_counter(), time.process_time()
        if part[0] is not None:
            emit(f"rdf.{part[0]}_s", [round(wall - part[1], 3), round(cpu - part[2], 3)])
        part[:] = [name, wall, cpu]

    steps = {name: step(name, write) for name, write in build_module.WRITERS.items()}
    written: list = []  # when the site would start: every writer done, the RDF child's too

    def no_site(*args, **kwargs) -> list:
        written.append(time.perf_counter())
        return []

    with tempfile.TemporaryDirectory(prefix="foip-bench-out-") as out:
        folder = Path(out) / "out"
        began, cpu = time.perf_counter(), time.process_time()
        with (mock.patch.dict(build_module.WRITERS, steps),
              mock.patch.object(build_module, "build_site", no_site)):
            build_module.build(kb, folder, corpus, quotes_checked=True, jobs=processes)
        ended, child = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        emit("writers_s", round(written[0] - began, 3))
        emit("rest_s", round(ended - written[0], 3))
        emit("total_s", round(ended - start, 3))
        emit("build_cpu_s", round(time.process_time() - cpu + child.ru_utime + child.ru_stime, 3))
        if child.ru_maxrss:  # none with one process
            emit("child_peak_mb", round(child.ru_maxrss / 1024, 1))
        emit("phase", "bare pyoxigraph load of graph.nq")
        del kb
        gc.collect()
        _, seconds = timed(lambda: ox.Store().load(path=folder / "graph.nq", format=ox.RdfFormat.N_QUADS))
        emit("bare_pyoxigraph_load_s", round(seconds, 3))


def measure_site(data: Path, corpus: Path) -> None:
    from foip_graph.kb import KnowledgeBase
    from foip_graph.query import KnowledgeGraph
    from foip_graph.site import build_site

    kb, seconds = timed(lambda: KnowledgeBase.from_path(data, corpus))
    emit("load_validate_s", round(seconds, 3))
    with tempfile.TemporaryDirectory(prefix="foip-bench-site-") as out:
        files, seconds = timed(lambda: build_site(KnowledgeGraph(kb), Path(out) / "site", corpus))
        emit("site_build_s", round(seconds, 3))
        emit("site_files", len(files))


def run_job(job: str, data: Path, corpus: Path, memory_limit_gb: float, rounds: int,
            build_processes: int | None = None) -> None:
    limit = int(memory_limit_gb * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if job in ("memory", "oxigraph"):
        measure_store(data, corpus, job)
    elif job == "validate":
        measure_validate(data, corpus, rounds)
    elif job == "build":
        measure_build(data, corpus, build_processes)
    else:
        measure_site(data, corpus)


# ---------------------------------------------------------------- the runner


def job_process(job: str, data: Path, corpus: Path, timeout: float, memory_limit_gb: float,
                rounds: int, build_processes: int | None = None) -> dict:
    """Run one job in a child process; collect its figures until it ends or times out."""
    command = [sys.executable, str(Path(__file__).resolve()), "--job", job,
               "--data", str(data), "--corpus", str(corpus),
               "--memory-limit", str(memory_limit_gb), "--rounds", str(rounds),
               *(["--build-processes", str(build_processes)] if build_processes else [])]
    log = tempfile.TemporaryFile(mode="w+")  # a file, so a chatty job never blocks on a pipe
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True)
    figures: dict = {}

    def read() -> None:
        for line in child.stdout:
            record = json.loads(line)
            figures[record["key"]] = record["value"]
            figures["peak_mb"] = record["peak_mb"]

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    started = time.perf_counter()
    try:
        child.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        figures["stopped"] = f"stopped after the {timeout:g} s timeout"
    reader.join(timeout=10)
    log.seek(0)
    errors = log.read().strip().splitlines()
    log.close()
    if any(e.startswith("MemoryError") or "memory allocation of" in e for e in errors[-3:]):
        figures["stopped"] = f"stopped at the {memory_limit_gb:g} GB memory limit"
    elif child.returncode not in (0, -9) and "stopped" not in figures:
        figures["error"] = errors[-1] if errors else f"exit status {child.returncode}"
    if "stopped" in figures and figures.get("phase"):
        figures["stopped"] += f", while {figures['phase']}"
    figures["wall_s"] = round(time.perf_counter() - started, 2)
    return figures


def machine() -> dict:
    from importlib.metadata import version

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "commit": commit,
            "packages": {p: version(p) for p in ("rdflib", "pyoxigraph", "oxrdflib", "networkx")}}


def run_scale(scale: int, corpus: Path, jobs: list[str], timeout: float,
              memory_limit_gb: float, rounds: int, commit: str,
              build_processes: int | None = None) -> dict:
    from generate import generate

    with tempfile.TemporaryDirectory(prefix=f"foip-bench-x{scale}-") as tmp:
        data, seconds = timed(lambda: generate(scale, Path(tmp)))
        result = {"scale": scale, "generate_s": round(seconds, 2), "jobs": {}}
        for job in jobs:
            print(f"x{scale}: {job} ...", file=sys.stderr, flush=True)
            result["jobs"][job] = {**job_process(job, data, corpus, timeout, memory_limit_gb, rounds,
                                                 build_processes), "commit": commit}
            print(f"x{scale}: {job}: {json.dumps(result['jobs'][job])}", file=sys.stderr, flush=True)
    return result


# ---------------------------------------------------------------- the table


ROWS = [
    ("quads", "RDF quads, in the store jobs", ("memory", "quads"), "{:,}"),
    ("claims", "claims, in the store jobs", ("memory", "counts", "claims"), "{:,}"),
    ("claims_now", "claims, in the validate and build jobs", ("validate", "counts", "claims"), "{:,}"),
    ("bare_yaml", "bare C-YAML parse of the files (s)", ("validate", "bare_parse_s"), "{:.2f}"),
    ("bare_yaml_paused", "the same, collector paused (s)", ("validate", "bare_parse_paused_s"), "{:.2f}"),
    ("load", "load + validate (s)", ("validate", "load_validate_s"), "{:.2f}"),
    ("load_ratio", "load + validate ÷ bare parse", ("validate", "load_over_bare"), "{:.2f}"),
    ("validate_process", "`foip-graph validate`, whole process (s)", ("validate", "validate_process_s"), "{:.1f}"),
    ("validate_mb", "`foip-graph validate`, peak (MB)", ("validate", "validate_process_mb"), "{:,.0f}"),
    ("build", "`build` without site (s)", ("build", "total_s"), "{:.1f}"),
    ("build_procs", "`build` without site, processes it builds in", ("build", "processes"), "{}"),
    ("build_cpu", "`build` without site, CPU of its processes (s)", ("build", "build_cpu_s"), "{:.1f}"),
    ("build_mb", "`build` without site, peak (MB)", ("build", "peak_mb"), "{:,.0f}"),
    ("build_child_mb", "`build` without site, peak of its RDF child (MB)", ("build", "child_peak_mb"), "{:,.0f}"),
    ("build_load", "  load + validate (s)", ("build", "load_validate_s"), "{:.1f}"),
    ("build_kb", "  knowledge base (s)", ("build", "knowledge_base_s"), "{:.1f}"),
    ("build_json", "  dataset JSON (s)", ("build", "step.dataset JSON_s"), "{:.1f}"),
    ("build_network", "  network (s)", ("build", "step.network_s"), "{:.1f}"),
    ("build_rdf", "  RDF files (s)", ("build", "step.RDF_s"), "{:.1f}"),
    ("build_reasoner", "  the reasoner's view (s)", ("build", "step.reasoner's view_s"), "{:.1f}"),
    ("build_plover", "  PLOVER events (s)", ("build", "step.PLOVER events_s"), "{:.1f}"),
    ("build_tables", "  SQLite and CSV (s)", ("build", "step.SQLite and CSV_s"), "{:.1f}"),
    ("build_rest", "  manifest, change report, move (s)", ("build", "rest_s"), "{:.1f}"),
    ("build_bare", "  bare pyoxigraph load of its graph.nq (s)", ("build", "bare_pyoxigraph_load_s"), "{:.1f}"),
    ("rdf_mem", "RDF build, memory store (s)", ("memory", "rdf_build_s"), "{:.2f}"),
    ("rdf_ox", "RDF build, Oxigraph store (s)", ("oxigraph", "rdf_build_s"), "{:.2f}"),
    ("bare", "bare pyoxigraph load of the quads (s)", ("oxigraph", "bare_pyoxigraph_load_s"), "{:.2f}"),
    ("peak_mem", "peak, memory-store job (MB)", ("memory", "peak_mb"), "{:,.0f}"),
    ("peak_ox", "peak, Oxigraph job (MB)", ("oxigraph", "peak_mb"), "{:,.0f}"),
    ("entity", "API `entity()` median (ms)", ("oxigraph", "api.entity_ms"), "{:.4f}"),
    ("between", "API `between()` median (ms)", ("oxigraph", "api.between_ms"), "{:.3f}"),
    ("members", "API `members(as_of=)` median (ms)", ("oxigraph", "api.members_as_of_ms"), "{:.3f}"),
    ("path", "API `path()` median (ms)", ("oxigraph", "api.path_ms"), "{:.3f}"),
    ("network", "network build, first `path()` (s)", ("oxigraph", "api.network_build_s"), "{:.2f}"),
    ("site", "site build (s)", ("site", "site_build_s"), "{:.1f}"),
]


def lookup(result: dict, path: tuple):
    value = result["jobs"].get(path[0], {})
    for key in path[1:]:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def cell(value, fmt: str) -> str:
    return "—" if value is None else fmt.format(value)


def exponent(a: float | None, b: float | None, scale_a: int, scale_b: int) -> str:
    """How the figure grows: ``t ∝ scale^k`` between two scales (1 is linear)."""
    if not a or not b or a <= 0 or b <= 0:
        return "—"
    return f"{math.log(b / a) / math.log(scale_b / scale_a):.2f}"


def table(results: list[dict]) -> str:
    """The markdown table: one column per scale, then the growth exponents."""
    scales = [r["scale"] for r in results]
    steps = list(zip(results, results[1:]))
    head = ["", *[f"{s}×" for s in scales], *[f"k {a['scale']}→{b['scale']}×" for a, b in steps]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    rows = list(ROWS)
    for fmt in ("ttl", "nt", "nq", "trig", "jsonld", "xml"):
        rows.append((fmt, f"export {fmt}, memory / Oxigraph (s)", None, fmt))
    for query in QUERIES:
        rows.append((query.stem, f"SPARQL `{query.stem}`: memory / Oxigraph / raw pyoxigraph (ms)",
                     None, query.stem))
    processes = [lookup(r, ("build", "processes")) or r.get("machine", {}).get("cpus")
                 for r in results]  # figures from before the count was kept: one per CPU
    for key, label, path, fmt in rows:
        if path is not None:
            values = [lookup(r, path) for r in results]
            if key == "build_procs":
                values = [n if "build" in r["jobs"] else None for n, r in zip(processes, results)]
            cells = [cell(v, fmt) for v in values]
            grow = [exponent(values[i], values[i + 1], scales[i], scales[i + 1])
                    for i in range(len(steps))]
            if key in ("quads", "claims", "claims_now", "build_procs", "build_mb", "build_child_mb", "peak_mem", "peak_ox", "validate_mb", "load_ratio"):
                grow = [g if key in ("quads", "claims", "claims_now") else "" for g in grow]
            elif key in ("build", "build_cpu"):
                # a build in one process against one in two: no growth to read from the pair
                # (each step's own figures are comparable: it runs in one process either way)
                grow = [g if processes[i] == processes[i + 1] else "" for i, g in enumerate(grow)]
        elif key in ("ttl", "nt", "nq", "trig", "jsonld", "xml"):
            cells = [" / ".join(cell(lookup(r, (job, f"export.{key}_s")), "{:.2f}")
                                for job in ("memory", "oxigraph")) for r in results]
            ox = [lookup(r, ("oxigraph", f"export.{key}_s")) for r in results]
            grow = [exponent(ox[i], ox[i + 1], scales[i], scales[i + 1]) for i in range(len(steps))]
        else:
            cells = [" / ".join(cell(lookup(r, path_), "{:.1f}") for path_ in (
                ("memory", f"sparql.{key}_ms"), ("oxigraph", f"sparql.{key}_ms"),
                ("oxigraph", f"raw_sparql.{key}_ms"))) for r in results]
            ox = [lookup(r, ("oxigraph", f"sparql.{key}_ms")) for r in results]
            grow = [exponent(ox[i], ox[i + 1], scales[i], scales[i + 1]) for i in range(len(steps))]
        lines.append("| " + " | ".join([label, *cells, *grow]) + " |")
    notes = [f"- {r['scale']}× {job}: {r['jobs'][job][flag]}" for r in results
             for job in r["jobs"] for flag in ("stopped", "error") if flag in r["jobs"][job]]
    return "\n".join(lines + ([""] + notes if notes else [])) + "\n"


def write_tables(results: list[dict], about: dict) -> None:
    body = table(results)
    commits: dict[str, list[str]] = {}
    for job in dict.fromkeys(job for r in results for job in r["jobs"]):
        made = dict.fromkeys(r["jobs"][job].get("commit", "?") for r in results if job in r["jobs"])
        commits.setdefault(", ".join(made), []).append(job)
    header = (f"Measured on {about['cpus']} CPUs, Python {about['python']}; the figures of each "
              "job come from commit " + "; ".join(f"{commit} ({', '.join(jobs)})"
                                                   for commit, jobs in commits.items())
              + "; growth exponent k: time ∝ scale^k (for exports and SPARQL, on Oxigraph).\n\n")
    notes = RESULTS / "README.md"
    if not notes.is_file() or START not in notes.read_text(encoding="utf-8"):
        notes.write_text("# Benchmark results\n\nThe table is written by `python benchmarks/run.py`; "
                         "the figures behind it are in `scale-*.json`. What each row means: "
                         f"`docs/scale.md`.\n\n{START}\n{END}\n", encoding="utf-8")
    for path in (notes, DOC):  # the table between the markers; what is around them stays
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if START in text and END in text:
            before, rest = text.split(START, 1)
            after = rest.split(END, 1)[1]
            path.write_text(f"{before}{START}\n{header}{body}{END}{after}", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--jobs", nargs="+", choices=JOBS, default=list(JOBS))
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus",
                        help="the source texts (quotes are checked against them)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per job")
    parser.add_argument("--memory-limit", type=float, default=12,
                        help="GB of address space per job; a job needing more stops")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of the validate job's side-by-side timing (median)")
    parser.add_argument("--build-processes", type=int, metavar="N",
                        help="processes the build job builds with (the build's jobs; default: "
                             "one per CPU, as foip-graph build); 1 needs half the memory")
    parser.add_argument("--job", choices=JOBS, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.job:
        run_job(args.job, args.data, args.corpus, args.memory_limit, args.rounds, args.build_processes)
        return
    jobs = [j for j in args.jobs if j != "site" or importlib.util.find_spec("foip_graph.site")]
    about = machine()
    RESULTS.mkdir(exist_ok=True)
    for scale in sorted(args.scales):
        path = RESULTS / f"scale-{scale}.json"
        result = {**run_scale(scale, args.corpus, jobs, args.timeout, args.memory_limit,
                              args.rounds, about["commit"], args.build_processes), "machine": about}
        if path.is_file():  # the jobs not run this time keep their earlier figures
            result["jobs"] = {**json.loads(path.read_text())["jobs"], **result["jobs"]}
        path.write_text(json.dumps(result, indent=2) + "\n")
    results = [json.loads(p.read_text()) for p in sorted(
        RESULTS.glob("scale-*.json"), key=lambda p: int(p.stem.split("-")[1]))]
    write_tables(results, about)
    print((RESULTS / "README.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
