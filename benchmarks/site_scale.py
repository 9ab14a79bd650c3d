"""The site at scale: a synthetic graph of N entities, built, then drawn in headless Chromium.

    python benchmarks/site_scale.py --nodes 5000

1. Generates a scale-free graph (Barabási–Albert, two claims per new entity, fixed seed):
   kinds spread evenly over the vocabulary's kinds, each claim a predicate the registry
   allows between its two kinds, one evidence quote from one of three synthetic sources.
   It is a KnowledgeBase built in memory (no YAML, no corpus), so only the site is timed.
2. Builds the whole site (every entity page too), timing the overview's layout apart.
3. Opens ``graph.html`` from disk in Debian's Chromium (/usr/bin/chromium) and measures,
   ``--runs`` times: the time from navigation to the network's first drawing (the page
   is usable then: physics is off), a zoom's redraw, and a click: on the overview of
   every entity (up to 1,000), a double click on a node until the entity page's
   navigation commits and until that page has drawn its own graph; on a grouped
   overview, a click on the biggest group until its members are drawn.

Writes ``benchmarks/results/site_<N>.json``. Measurements, not assertions: the target is
an overview drawn and answering a click within 3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import sync_playwright

from foip_graph.kb import KnowledgeBase
from foip_graph.load import Dataset
from foip_graph.model import Claim, Entity, Evidence, Source
from foip_graph.network import build_network
from foip_graph.site import build_site
from foip_graph.site.layout import force
from foip_graph.vocabulary import VOCABULARY

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_explore import open_group  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run"]
RESULTS = Path(__file__).resolve().parent / "results"
SEED = 2026


def synthetic(nodes: int, seed: int = SEED) -> KnowledgeBase:
    """A valid knowledge base shaped like a scale-free network of ``nodes`` entities."""
    rng = random.Random(seed)
    kinds = list(VOCABULARY.kinds)
    sources = {f"synthetic-{i}": Source(id=f"synthetic-{i}", title=f"Synthetic document {i}",
                                        publisher="foip-graph benchmarks", date=f"{2019 + 3 * i}",
                                        kind="synthetic", file=f"synthetic-{i}.txt", sha256="0" * 64)
               for i in range(3)}
    entities = {}
    for i in range(nodes):
        kind = kinds[i % len(kinds)]
        dated = {"date": f"{2019 + i % 8}-{1 + i % 12:02d}"} if kind == "event" else {}
        entities[f"e{i}"] = Entity(id=f"e{i}", kind=kind, name=f"Entity {i} ({kind})",
                                   aliases=(f"E{i}",), description=f"Synthetic {kind} number {i}.",
                                   **dated)
    claims = []
    for n, (u, v) in enumerate(nx.barabasi_albert_graph(nodes, 2, seed=seed).edges()):
        a, b = f"e{u}", f"e{v}"
        for s, o in ((a, b), (b, a)):
            fits = [p.name for p in VOCABULARY.predicates.values() if not p.is_literal
                    and entities[s].kind in p.subject_kinds and entities[o].kind in p.object_kinds]
            if fits:
                break
        else:
            continue
        source = f"synthetic-{n % 3}"
        quote = f"Synthetic statement {n} about {entities[s].name} and {entities[o].name}."
        dated = {"date": f"{2019 + n % 8}"} if n % 5 == 0 else {}
        claims.append(Claim(subject=s, predicate=rng.choice(fits), object=o, **dated,
                            evidence=(Evidence(source=source, quote=quote, start=0, end=len(quote)),)))
    return KnowledgeBase(Dataset(Path("synthetic"), sources, entities, claims))


def measure(site: Path, runs: int) -> list[dict]:
    """Open the overview ``runs`` times in a fresh browser page; time draw, zoom, click."""
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        version = browser.version
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            errors = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            started = time.perf_counter()
            page.goto((site / "graph.html").as_uri(), wait_until="commit")
            drawn_ms = page.wait_for_function("() => window.foipReady === true && performance.now()",
                                              timeout=120_000).json_value()
            wall_drawn = time.perf_counter() - started
            counts = page.evaluate("[foipNetwork.body.data.nodes.length, foipNetwork.body.data.edges.length]")
            zoom_ms = page.evaluate("""() => new Promise(done => {
                const net = window.foipNetwork, t0 = performance.now();
                net.once("afterDrawing", () => done(performance.now() - t0));
                net.moveTo({scale: net.getScale() * 2});
            })""")
            if page.evaluate("document.getElementById('grouped-note') !== null"):
                results.append({"drawn_s": round(drawn_ms / 1000, 3), "drawn_wall_s": round(wall_drawn, 3),
                                 "zoom_redraw_ms": round(zoom_ms, 1), **open_group(page),
                                 "nodes_drawn": counts[0], "edges_drawn": counts[1], "console_errors": errors})
                page.close()
                continue
            target = page.evaluate("""() => {
                const net = window.foipNetwork;
                const id = net.body.data.nodes.getIds().at(-1);  // a late, peripheral entity
                net.moveTo({position: net.getPositions([id])[id], scale: 1.5});
                const dom = net.canvasToDOM(net.getPositions([id])[id]);
                const box = net.canvas.frame.canvas.getBoundingClientRect();
                return {id: id, x: box.left + dom.x, y: box.top + dom.y, at: net.getNodeAt(dom)};
            }""")
            page.wait_for_timeout(200)  # let the zoom's frame paint before clicking
            clicked = time.perf_counter()
            page.mouse.dblclick(target["x"], target["y"])
            page.wait_for_url(f"**/entity/{target['at']}.html", wait_until="commit")
            committed = time.perf_counter() - clicked
            page.wait_for_function("() => window.foipReady === true", timeout=60_000)
            entity_drawn = time.perf_counter() - clicked
            results.append({
                "drawn_s": round(drawn_ms / 1000, 3),
                "drawn_wall_s": round(wall_drawn, 3),
                "zoom_redraw_ms": round(zoom_ms, 1),
                "click_to_navigation_s": round(committed, 3),
                "click_to_entity_page_drawn_s": round(entity_drawn, 3),
                "clicked_node": target["at"],
                "nodes_drawn": counts[0], "edges_drawn": counts[1],
                "console_errors": errors,
            })
            page.close()
        browser.close()
    for r in results:
        r["chromium"] = version
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=5000, help="how many entities (default 5000)")
    parser.add_argument("--runs", type=int, default=3, help="browser measurements (default 3)")
    parser.add_argument("--out", type=Path, help="where to build the site (default: a temporary folder)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        sys.exit(f"error: this benchmark drives Debian's Chromium at {CHROMIUM} (apt-get install chromium)")

    started = time.perf_counter()
    kb = synthetic(args.nodes)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    force(build_network(kb))
    layout = time.perf_counter() - started

    folder = args.out or Path(tempfile.mkdtemp(prefix="foip-site-scale-"))
    site = folder / "site"
    if site.exists():
        shutil.rmtree(site)
    started = time.perf_counter()
    written = build_site(kb, site)
    built = time.perf_counter() - started
    runs = measure(site, args.runs)

    result = {
        "what": "overview (graph.html) of a synthetic scale-free graph, opened from file:// in headless Chromium",
        "nodes": len(kb.entities), "edges": len(kb.claims),
        "generate_s": round(generated, 2), "overview_layout_s": round(layout, 2),
        "site_build_s": round(built, 2), "site_files": len(written),
        "overview_bytes": (site / "graph.html").stat().st_size,
        "median": {key: round(statistics.median(r[key] for r in runs), 3)
                   for key in ("drawn_s", "drawn_wall_s", "zoom_redraw_ms", "click_to_navigation_s",
                               "click_to_entity_page_drawn_s", "click_to_answer_s", "member_click_to_panel_s")
                   if key in runs[0]},
        "target_s": 3.0,
        "runs": runs,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "system": platform.platform()},
    }
    click = result["median"].get("click_to_navigation_s", result["median"].get("click_to_answer_s"))
    result["within_target"] = result["median"]["drawn_s"] < 3.0 and click < 3.0
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"site_{args.nodes}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result["median"], indent=2))
    print(f"wrote {path}; site in {site}")


if __name__ == "__main__":
    main()
