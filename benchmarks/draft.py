"""How well `foip-graph draft` reads a document the graph has not seen: leave one out.

    python benchmarks/draft.py

For each curated document D: remove D's claims, D's evidence from every other claim (a
claim left with no evidence goes too) and from the entities, and the entities that only D's
claims name; draft D's text against what is left (the cue model, the gazetteer and the
kind model are learnt from the rest only); compare with the curated data of D.

- **mention recall**: a curated claim of D whose quote names its subject or object (a
  known entity, one of its labels in the quote, in any case, not inside a longer known
  label) counts once per quote and end; it is found when the draft has a mention of that
  entity inside the quote's span;
- **new-entity recall**: D's own entities (removed above) that a candidate names, its
  name or an alias equal to one of theirs (compared as `foip-graph` compares names);
  ``reachable`` counts those with a label written in the text at all;
- **pair recall**: D's curated subject-object pairs (either way round) among the drafted
  claims' pairs, candidates mapped to D's entities by name; **predicate right**: of the
  recalled pairs, those whose best drafted predicate (and direction, for an asymmetric
  one) is a curated one; **precision**: drafted claims whose pair is curated, and
  (``predicate precision``) whose predicate is right too;
- **seconds**: the draft's wall time, models built included, in this process.

Results go to ``benchmarks/results/draft.json`` and to the table in ``docs/curation.md``
(between its markers). Benchmarks measure; nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from foip_graph.draft import draft  # noqa: E402
from foip_graph.draft import DEFAULT_MIN_CONFIDENCE  # noqa: E402
from foip_graph.evidence import default_corpus_dir, normalize_quote  # noqa: E402
from foip_graph.kb import KnowledgeBase, bundled_data_dir  # noqa: E402
from foip_graph.load import Dataset, load_dataset  # noqa: E402
from foip_graph.draft.names import key  # noqa: E402
from foip_graph.vocabulary import VOCABULARY  # noqa: E402

RESULTS = HERE / "results" / "draft.json"
DOC = ROOT / "docs" / "curation.md"
START, END = "<!-- draft benchmark: written by benchmarks/draft.py -->", "<!-- end of draft benchmark -->"
THRESHOLDS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5)
TARGETS = {"mention_recall": 0.95, "new_entity_recall": 0.70, "pair_recall": 0.60,
           "precision": 0.40, "predicate_right": 0.50, "seconds": 10.0}


def leave_out(ds: Dataset, source_id: str) -> tuple[KnowledgeBase, set[str]]:
    """The graph without one document, and the ids of the entities only it names."""
    claims = []
    for claim in ds.claims:
        rest = tuple(e for e in claim.evidence if e.source != source_id)
        if rest:
            claims.append(claim.model_copy(update={"evidence": rest}))
    named = {c.subject for c in claims} | {c.object for c in claims if c.object}
    entities = {}
    for entity_id, entity in ds.entities.items():
        if entity_id in named:
            evidence = tuple(e for e in entity.evidence if e.source != source_id)
            fields = {"evidence": evidence}
            if not evidence:
                fields.update(date=None, start=None, end=None, birth_year=None)
            entities[entity_id] = entity.model_copy(update=fields)
    sources = {k: v for k, v in ds.sources.items() if k != source_id}
    own = set(ds.entities) - set(entities)
    return KnowledgeBase(Dataset(ds.root, sources, entities, claims)), own


def _occurs(label: str, text: str) -> list[tuple[int, int]]:
    needle = normalize_quote(label)
    if not needle:
        return []
    pattern = rf"(?<!\w){re.escape(needle)}(?!\w)"
    return [m.span() for m in re.finditer(pattern, text, re.I)]


def gold_mentions(ds: Dataset, source_id: str, known: KnowledgeBase) -> set[tuple[str, int, int]]:
    """(entity, quote start, quote end) for each known end of a claim its quote names."""
    labels = [(label, e.id) for e in known.entities.values() for label in e.labels]
    gold = set()
    for claim in ds.claims:
        for ev in claim.evidence:
            if ev.source != source_id:
                continue
            quote = normalize_quote(ev.quote)
            longer = [(span, owner) for label, owner in labels for span in _occurs(label, quote)]
            for end in (claim.subject, claim.object):
                if end not in known.entities:
                    continue
                for label in known.entities[end].labels:
                    for a, b in _occurs(label, quote):
                        inside = any(x <= a and b <= y and (y - x) > (b - a) and owner != end
                                     for (x, y), owner in longer)
                        if not inside:
                            gold.add((end, ev.start, ev.end))
    return gold


def score(ds: Dataset, source_id: str, corpus: Path) -> dict:
    source = ds.sources[source_id]
    known, own = leave_out(ds, source_id)
    raw = (corpus / source.file).read_text(encoding="utf-8")
    result = draft(raw, source, known, corpus, min_confidence=0)

    gold = gold_mentions(ds, source_id, known)
    by_entity = defaultdict(list)
    for m in result.mentions:
        by_entity[m.entity].append((m.start, m.end))
    found = {g for g in gold if any(g[1] <= a and b <= g[2] for a, b in by_entity[g[0]])}

    mapping = {}  # candidate id -> curated id
    for candidate in result.entities:
        keys = {key(label) for label in [candidate.name, *candidate.aliases]}
        for entity_id in sorted(own):
            if keys & _keys(ds.entities[entity_id]):
                mapping[candidate.id] = entity_id
                break
    text_lower = normalize_quote(raw)
    reachable = {e for e in own if any(_occurs(label, text_lower) for label in ds.entities[e].labels)}

    curated = defaultdict(set)  # pair -> {(predicate, subject)}
    for claim in ds.claims:
        if claim.object is not None and source_id in claim.sources:
            pair = frozenset((claim.subject, claim.object))
            symmetric = VOCABULARY.predicates[claim.predicate].symmetric
            curated[pair].add((claim.predicate, None if symmetric else claim.subject))
    claims = [c for c in result.claims if c.confidence >= DEFAULT_MIN_CONFIDENCE]
    drafted = defaultdict(list)
    for claim in claims:
        s, o = mapping.get(claim.subject, claim.subject), mapping.get(claim.object, claim.object)
        drafted[frozenset((s, o))].append((claim.predicate, s))
    recalled = set(curated) & set(drafted)
    right = {pair for pair in recalled
             if any((p, None if VOCABULARY.predicates[p].symmetric else s) in curated[pair]
                    for p, s in drafted[pair])}
    n_claims = len(claims)
    on_pair = sum(1 for c in claims
                  if frozenset((mapping.get(c.subject, c.subject), mapping.get(c.object, c.object))) in curated)
    on_predicate = sum(1 for c in claims if _right(c, mapping, curated))
    curve = {}
    for threshold in THRESHOLDS:
        kept = [c for c in result.claims if c.confidence >= threshold]
        pairs = {frozenset((mapping.get(c.subject, c.subject), mapping.get(c.object, c.object))) for c in kept}
        curve[str(threshold)] = {
            "claims": len(kept), "pairs_recalled": len(pairs & set(curated)),
            "on_curated_pair": sum(1 for c in kept if frozenset(
                (mapping.get(c.subject, c.subject), mapping.get(c.object, c.object))) in curated)}
    return {
        "source": source_id,
        "characters": len(raw),
        "sentences": len({c.evidence.start for c in claims}),
        "mentions_gold": len(gold), "mentions_found": len(found),
        "mention_recall": _ratio(len(found), len(gold)),
        "own_entities": len(own), "own_reachable": len(reachable), "own_found": len(set(mapping.values())),
        "new_entity_recall": _ratio(len(set(mapping.values())), len(own)),
        "candidates": len(result.entities),
        "pairs_curated": len(curated), "pairs_recalled": len(recalled), "pairs_predicate_right": len(right),
        "pair_recall": _ratio(len(recalled), len(curated)),
        "predicate_right": _ratio(len(right), len(recalled)),
        "claims_drafted": n_claims, "claims_on_curated_pair": on_pair, "claims_right": on_predicate,
        "precision": _ratio(on_pair, n_claims),
        "predicate_precision": _ratio(on_predicate, n_claims),
        "seconds": round(result.seconds, 2),
        "by_confidence": curve,
    }


def _keys(entity) -> set[str]:
    """An entity's labels compared as names, each also without a parenthesised date or
    qualifier ("G20 Osaka Summit (2019)" is named "G20 Osaka Summit") and without a
    leading "the"."""
    labels = [*entity.labels, *(re.sub(r"\s*\(.*?\)", "", label) for label in entity.labels)]
    labels += [re.sub(r"^the\s+", "", label, flags=re.I) for label in labels]
    return {key(label) for label in labels} - {""}


def _right(claim, mapping, curated) -> bool:
    s, o = mapping.get(claim.subject, claim.subject), mapping.get(claim.object, claim.object)
    symmetric = VOCABULARY.predicates[claim.predicate].symmetric
    return (claim.predicate, None if symmetric else s) in curated.get(frozenset((s, o)), set())


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 1.0


def overall(rows: list[dict]) -> dict:
    total = {k: sum(r[k] for r in rows) for k in rows[0] if isinstance(rows[0][k], int)}
    curve = {t: {k: sum(r["by_confidence"][t][k] for r in rows) for k in rows[0]["by_confidence"][t]}
             for t in rows[0]["by_confidence"]}
    return {
        **total, "source": "overall", "by_confidence": curve,
        "mention_recall": _ratio(total["mentions_found"], total["mentions_gold"]),
        "new_entity_recall": _ratio(total["own_found"], total["own_entities"]),
        "pair_recall": _ratio(total["pairs_recalled"], total["pairs_curated"]),
        "predicate_right": _ratio(total["pairs_predicate_right"], total["pairs_recalled"]),
        "precision": _ratio(total["claims_on_curated_pair"], total["claims_drafted"]),
        "predicate_precision": _ratio(total["claims_right"], total["claims_drafted"]),
        "seconds": max(r["seconds"] for r in rows),
    }


def table(rows: list[dict]) -> str:
    def pct(x: float) -> str:
        return f"{100 * x:.1f} %"

    head = ["", *[r["source"] for r in rows], "target", "met"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    total = rows[-1]
    specs = [
        ("known-entity mention recall", "mention_recall", lambda r: f"{pct(r['mention_recall'])} ({r['mentions_found']}/{r['mentions_gold']})", "≥ 95 %"),
        ("new-entity recall", "new_entity_recall", lambda r: f"{pct(r['new_entity_recall'])} ({r['own_found']}/{r['own_entities']}; {r['own_reachable']} in the text)", "≥ 70 %"),
        ("pair recall", "pair_recall", lambda r: f"{pct(r['pair_recall'])} ({r['pairs_recalled']}/{r['pairs_curated']})", "≥ 60 %"),
        ("precision of drafted claims (pair curated)", "precision", lambda r: f"{pct(r['precision'])} ({r['claims_on_curated_pair']}/{r['claims_drafted']})", "≥ 40 %"),
        ("predicate right, of recalled pairs", "predicate_right", lambda r: f"{pct(r['predicate_right'])} ({r['pairs_predicate_right']}/{r['pairs_recalled']})", "≥ 50 %"),
        ("precision with the predicate right", "predicate_precision", lambda r: pct(r["predicate_precision"]), ""),
        ("candidate entities proposed", "candidates", lambda r: str(r["candidates"]), ""),
        ("seconds per document (slowest)", "seconds", lambda r: f"{r['seconds']:.1f}", "< 10"),
    ]
    for label, figure, show, target in specs:
        met = ""
        if figure in TARGETS:
            ok = total[figure] < TARGETS[figure] if figure == "seconds" else total[figure] >= TARGETS[figure]
            met = "yes" if ok else "**no**"
        lines.append("| " + " | ".join([label, *[show(r) for r in rows], target, met]) + " |")
    return "\n".join(lines)


def curve_table(total: dict) -> str:
    """Pair recall and precision of the claims at or above each confidence, all documents."""
    lines = ["| claims kept, confidence at least | " + " | ".join(total["by_confidence"]) + " |",
             "|---|" + "---|" * len(total["by_confidence"])]
    rows = {"claims drafted": lambda c: f"{c['claims']}",
            "pair recall": lambda c: f"{100 * _ratio(c['pairs_recalled'], total['pairs_curated']):.1f} %",
            "precision": lambda c: f"{100 * _ratio(c['on_curated_pair'], c['claims']):.1f} %"}
    for label, show in rows.items():
        lines.append(f"| {label} | " + " | ".join(show(c) for c in total["by_confidence"].values()) + " |")
    return "\n".join(lines)


def write_doc(markdown: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    if START not in text:
        return
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    DOC.write_text(f"{before}{START}\n{markdown}\n{END}{after}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=bundled_data_dir())
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--no-write", action="store_true", help="Print only; write no file.")
    args = parser.parse_args()
    corpus = args.corpus or default_corpus_dir(args.data.resolve().parent)
    report = load_dataset(args.data, corpus)
    if report.dataset is None:
        sys.exit("the data does not validate:\n" + "\n".join(map(str, report.problems[:20])))
    ds = report.dataset
    rows = []
    for source_id in sorted(ds.sources, key=lambda s: (ds.sources[s].date, s)):
        row = score(ds, source_id, corpus)
        print(json.dumps(row), flush=True)
        rows.append(row)
    rows.append(overall(rows))
    markdown = table(rows) + "\n\n" + curve_table(rows[-1])
    print(markdown)
    if args.no_write:
        return
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=ROOT).stdout.strip()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"commit": commit, "python": platform.python_version(),
                                   "targets": TARGETS, "documents": rows[:-1], "overall": rows[-1]},
                                  indent=2) + "\n", encoding="utf-8")
    write_doc(markdown)


if __name__ == "__main__":
    main()
