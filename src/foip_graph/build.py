"""``foip-graph build``: write every output of a KnowledgeBase into one folder, atomically.

Outputs are first written into a fresh temporary folder beside the target; only when all
of them are written is it moved into place, so a failed build leaves the previous ``out/``
as it was.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from .exports.plover import write_plover
from .rdf.export import write_rdf
from .kb import KnowledgeBase
from .network import build_network, write_network
from .site import build_site


def dataset_json(kb: KnowledgeBase) -> str:
    """The whole knowledge base as JSON: sources, entities, claims with their ids."""
    data = {
        "sources": [s.model_dump(mode="json", exclude_none=True) for s in kb.sources.values()],
        "entities": [{"id": e.id, "kind": e.kind,
                      **e.model_dump(mode="json", exclude_none=True, exclude_defaults=True)}
                     for e in kb.entities.values()],
        "claims": [{"id": c.id, **c.model_dump(mode="json", exclude_defaults=True)} for c in kb.claims],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_outputs(kb: KnowledgeBase, folder: Path, corpus: Path | None = None) -> list[Path]:
    """Write every output into ``folder`` (which exists and is empty); return the files.

    ``corpus`` (the folder of source texts, optional) lets the site's source pages show
    each text with its quotes highlighted.
    """
    path = folder / "foip-graph.json"
    path.write_text(dataset_json(kb), encoding="utf-8")
    return [path, *write_network(build_network(kb), folder), *write_rdf(kb, folder),
            *write_plover(kb, folder), *build_site(kb, folder / "site", corpus=corpus)]


def build(kb: KnowledgeBase, out: Path | str, corpus: Path | str | None = None) -> list[Path]:
    """Write all outputs to ``out``, replacing it as a whole; return the written paths."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent)).resolve()
    try:
        written = write_outputs(kb, staging, Path(corpus) if corpus is not None else None)
        previous = out.with_name(f".{out.name}.old")
        if previous.exists():
            shutil.rmtree(previous)
        if out.exists():
            out.rename(previous)
        staging.rename(out)
        shutil.rmtree(previous, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out / p.resolve().relative_to(staging) for p in written]
