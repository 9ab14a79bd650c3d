"""What an analyst waits for on the site: page weight, time to interactive, a node click.

    python benchmarks/site_explore.py --label after            # scales 1 and 10, 3 runs each
    PYTHONPATH=/tmp/old/src python benchmarks/site_explore.py --label before   # an older tree
    python benchmarks/site_explore.py --label overview-after --overview-only --scales 10 100

(``git archive <commit> src | tar -x -C /tmp/old`` gives an older tree to measure "before".)

For each scale, :mod:`generate` scales the curated data (factor 1 is the data as it is)
and the site is built with the corpus, timed. Then, in Debian's Chromium (1280×800,
headless, pages opened from ``file://``), for the overview (``graph.html``) and Japan's
page (``entity/japan.html``), ``--runs`` times each:

- **page weight**: the bytes of the HTML and of every file the page loads before it is
  interactive (scripts, styles, the search index), read from the files it requested;
- **time to interactive**: from the start of navigation until the page's graph is drawn
  and answers input (``window.foipReady``), in the page's own clock;
- **a node click answered**: a node (China on the overview, the United States on Japan's
  page) is zoomed onto and clicked; the answer is whatever the site does with the click:
  a side panel showing the node's profile (``#panel[data-ready]``), or, on a site whose
  click opens the entity's page, the navigation's commit (and that page's graph drawn).

``--overview-only`` builds only the overview and what it loads (the assets, the search
index, the evidence, its groups' files), timing that page's data and layout apart from the
rest of the site, and measures the overview alone: at 100× the whole site takes ten
minutes, the overview a few. On a grouped overview (more than 1,000 entities) the click
opens the biggest group: the answer is its members drawn; then its best-connected member
is clicked (its panel).

Results go to ``benchmarks/results/site_explore.json`` under ``--label`` (other labels'
figures are kept, so "before" and "after" sit side by side). Measurements, not assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

import foip_graph
from foip_graph.evidence import default_corpus_dir
from foip_graph.kb import KnowledgeBase, bundled_data_dir
from foip_graph.query import KnowledgeGraph
from foip_graph.site import build as site_build
from foip_graph.site import build_site, paths
from foip_graph.site.pages import SiteData, graph_page
from foip_graph.site.records import FOLDER, shard_script, shards
from foip_graph.site.search import NAME as SEARCH, search_index

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "site_explore.json"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 800}
PAGES = {"overview": ("graph.html", "china"), "japan": ("entity/japan.html", "united-states")}

sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402


def page_weight(requested: list[str]) -> dict[str, int]:
    """Bytes of the page's HTML and of all it loaded, from the files behind the URLs."""
    files = [Path(unquote(urlparse(u).path)) for u in dict.fromkeys(requested) if u.startswith("file:")]
    sizes = [f.stat().st_size for f in files if f.is_file()]
    return {"html_bytes": sizes[0] if sizes else 0, "total_bytes": sum(sizes), "files": len(sizes)}


def open_page(browser, url: str) -> tuple:
    """A fresh page at ``url``, drawn; returns the page, what it requested, its errors and
    the time to interactive in seconds."""
    page = browser.new_page(viewport=VIEWPORT)
    requested, errors = [], []
    page.on("request", lambda r: requested.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="commit")
    ready_ms = page.wait_for_function("() => window.foipReady === true && performance.now()",
                                      timeout=120_000).json_value()
    return page, requested, errors, ready_ms / 1000


def click_node(page, node: str) -> dict:
    """Zoom onto ``node``, click it and time the site's answer."""
    page.locator("#graph").scroll_into_view_if_needed()
    target = page.evaluate("""(id) => {
        const net = window.foipNetwork;
        net.moveTo({position: net.getPositions([id])[id], scale: 1.5});
        const dom = net.canvasToDOM(net.getPositions([id])[id]);
        const box = net.canvas.frame.canvas.getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y, at: net.getNodeAt(dom)};
    }""", node)
    page.wait_for_timeout(300)  # the zoom's frame is painted before the click
    navigated = []
    page.on("framenavigated", lambda frame: navigated.append(time.perf_counter()))
    clicked = time.perf_counter()
    page.mouse.click(target["x"], target["y"])
    while time.perf_counter() - clicked < 30:
        if navigated:  # the old site: the click opens the entity's page, whose graph then draws
            page.wait_for_function("() => window.foipReady === true", timeout=60_000)
            return {"answer": "navigation", "clicked": target["at"],
                    "click_to_answer_s": round(navigated[0] - clicked, 3),
                    "click_to_entity_page_drawn_s": round(time.perf_counter() - clicked, 3)}
        try:
            if page.evaluate("() => document.querySelector('#panel[data-ready]:not([hidden])') !== null"):
                return {"answer": "panel", "clicked": target["at"],
                        "click_to_answer_s": round(time.perf_counter() - clicked, 3)}
        except PlaywrightError:
            pass  # the page is navigating away
        page.wait_for_timeout(5)
    raise RuntimeError(f"a click on {node} was not answered within 30 s")


def open_group(page) -> dict:
    """Click the biggest group of a grouped overview; time until its members are drawn,
    then click its best-connected member and time its panel."""
    page.locator("#graph").scroll_into_view_if_needed()
    target = page.evaluate("""() => {
        const net = window.foipNetwork, id = "group:0";
        net.moveTo({position: net.getPositions([id])[id], scale: 1});
        const dom = net.canvasToDOM(net.getPositions([id])[id]);
        const box = net.canvas.frame.canvas.getBoundingClientRect();
        const hub = JSON.parse(document.getElementById("graph-data").textContent).grouped.groups[0].hub;
        return {x: box.left + dom.x, y: box.top + dom.y, at: net.getNodeAt(dom), hub: hub};
    }""")
    page.wait_for_timeout(300)
    page.evaluate("""() => { window.foipDrawn = 0;
        foipNetwork.on("afterDrawing", () => { window.foipDrawn = performance.now(); }); }""")
    clicked = page.evaluate("performance.now()")
    page.mouse.click(target["x"], target["y"])
    page.wait_for_function("(hub) => foipNetwork.body.data.nodes.get(hub) !== null && window.foipDrawn > 0",
                           arg=target["hub"], timeout=60_000)
    drawn = page.evaluate("window.foipDrawn")
    opened = {"answer": "group opened", "clicked": target["at"],
              "click_to_answer_s": round((drawn - clicked) / 1000, 3),
              "nodes_after": page.evaluate("foipNetwork.body.data.nodes.length")}
    panel = click_node(page, target["hub"])
    return {**opened, "member_clicked": panel["clicked"], "member_click_to_panel_s": panel["click_to_answer_s"]}


def measure(site: Path, runs: int, pages: dict = PAGES) -> dict:
    results: dict = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, (path, node) in pages.items():
            samples = []
            for _ in range(runs):
                try:
                    page, requested, errors, ready = open_page(browser, (site / path).as_uri())
                except PlaywrightError as exc:  # the 100× overview before grouping
                    samples.append({"interactive_s": None, "click_to_answer_s": None, "answer": None,
                                    "html_bytes": (site / path).stat().st_size, "total_bytes": None,
                                    "error": str(exc).splitlines()[0]})
                    break
                weight = page_weight(requested)
                nodes = page.evaluate("foipNetwork.body.data.nodes.length")
                grouped = page.evaluate("document.getElementById('grouped-note') !== null")
                samples.append({"interactive_s": round(ready, 3), **weight, "nodes_drawn": nodes,
                                **(open_group(page) if grouped else click_node(page, node)), "console_errors": errors})
                page.close()
            def median(key):
                values = [s[key] for s in samples if s.get(key) is not None]
                return round(statistics.median(values), 3) if values else None
            results[name] = {
                "page": path,
                "median_interactive_s": median("interactive_s"),
                "median_click_to_answer_s": median("click_to_answer_s"),
                **({"median_member_click_to_panel_s": median("member_click_to_panel_s")}
                   if any("member_click_to_panel_s" in s for s in samples) else {}),
                "html_bytes": samples[0]["html_bytes"], "total_bytes": samples[0]["total_bytes"],
                "answer": samples[0]["answer"], "runs": samples,
            }
        results["chromium"] = browser.version
        browser.close()
    return results


def build_overview(kb: KnowledgeBase, out: Path, corpus: Path) -> tuple[list[Path], float, float]:
    """The overview page and all it loads, as ``build_site`` writes them; returns the
    files and the wall and CPU seconds of the overview page itself (its data, layout,
    groups and HTML)."""
    kg = KnowledgeGraph(kb)
    site = SiteData(kg, corpus)
    written = site_build.copy_assets(out)
    written.append(site_build._write(out, f"{paths.ASSETS}/{SEARCH}", search_index(kg, site.claims_of, site.relationships)))
    for n, records in shards(kg, site.passage, site.claims_of, site.events, site.shard_ids).items():
        written.append(site_build._write(out, f"{paths.ASSETS}/{FOLDER}/{n}.js", shard_script(n, records)))
    started, cpu = time.perf_counter(), time.process_time()
    page = graph_page(site)
    written.append(site_build._write(out, page.path, site_build.render(site_build.environment(site), page, kg)))
    written.extend(site_build._write(out, path, text) for path, text in getattr(page, "files", ()))
    return written, time.perf_counter() - started, time.process_time() - cpu


def scale(factor: int, runs: int, corpus: Path, build_only: bool, overview_only: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"foip-explore-x{factor}-") as tmp:
        data = generate(factor, Path(tmp))
        kb = KnowledgeBase.from_path(data, corpus)
        if overview_only:
            written, page_s, page_cpu = build_overview(kb, Path(tmp) / "site", corpus)
            figures = {"claims": len(kb.claims), "entities": len(kb.entities), "overview_page_s": round(page_s, 2),
                       "overview_page_cpu_s": round(page_cpu, 2),
                       "overview_files": sum(1 for p in written if p.name == "graph.html" or p.parent.name == "groups"),
                       "overview_files_bytes": sum(p.stat().st_size for p in written
                                                   if p.name == "graph.html" or p.parent.name == "groups")}
            return figures if build_only else {**figures, **measure(Path(tmp) / "site", runs,
                                                                    {"overview": PAGES["overview"]})}
        started, cpu = time.perf_counter(), time.process_time()
        written = build_site(kb, Path(tmp) / "site", corpus=corpus)
        built, cpu = time.perf_counter() - started, time.process_time() - cpu
        figures = {"claims": len(kb.claims), "entities": len(kb.entities), "site_build_s": round(built, 2),
                   "site_build_cpu_s": round(cpu, 2), "site_files": len(written),
                   "site_bytes": sum(p.stat().st_size for p in written)}
        return figures if build_only else {**figures, **measure(Path(tmp) / "site", runs)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label", required=True, help='what is measured, e.g. "before" or "after"')
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build-only", action="store_true",
                        help="only build the site and time it (wall clock and CPU); keep the browser figures")
    parser.add_argument("--overview-only", action="store_true",
                        help="build and measure only the overview page and what it loads")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        sys.exit(f"error: this benchmark drives Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    corpus = default_corpus_dir(bundled_data_dir().resolve().parent)
    if not corpus.is_dir():
        sys.exit(f"error: the corpus is not at {corpus}; set FOIP_CORPUS")
    package = Path(foip_graph.__file__).parent  # "before" can be an older tree on PYTHONPATH
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=package).stdout.strip() or f"the tree at {package}"
    everything = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    figures = everything.setdefault(args.label, {})
    figures.update(commit=commit, machine={"cpus": os.cpu_count(), "python": platform.python_version(),
                                           "load_average": os.getloadavg()[0]})
    for f in args.scales:
        figures.setdefault(f"{f}x", {}).update(scale(f, args.runs, corpus, args.build_only, args.overview_only))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(everything, indent=2) + "\n", encoding="utf-8")
    for f in args.scales:
        s = figures[f"{f}x"]
        if args.overview_only:
            print(f"{f:>3}x overview page {s['overview_page_s']:.1f} s (CPU {s['overview_page_cpu_s']:.1f} s), "
                  f"{s['overview_files']} files, {s['overview_files_bytes']:,} bytes")
        else:
            print(f"{f:>3}x site build {s['site_build_s']:.1f} s (CPU {s['site_build_cpu_s']:.1f} s), "
                  f"{s['site_files']} files, {s['site_bytes']:,} bytes")
        for name in (n for n in PAGES if n in s):
            r = s[name]
            print(f"{f:>3}x {name:<9} html {r['html_bytes']:>10,} B  total {r['total_bytes'] or 0:>10,} B  "
                  f"interactive {r['median_interactive_s']} s  click→{r['answer']} {r['median_click_to_answer_s']} s")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
