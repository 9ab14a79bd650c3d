"""Scale the curated data by a factor: a synthetic data folder with the same mix.

Factor 1 is the curated data as it is. Factor ``k`` adds ``k - 1`` replicas of it: replica
``i`` copies every source (``{id}-x{i}``, same text file and hash, so every quote still
verifies against the corpus), every entity (``{id}-x{i}``, named ``"{name} x{i}"``) and
every claim with its evidence (same quotes and offsets, the copied source). A claim's
subject is always the copy; its object is the original entity for about one claim in ten
(decided by a hash of the claim, so a claim stated in two sources stays one claim), which
links the replicas into one graph instead of ``k`` islands. Kinds, predicates,
qualifiers, evidence per claim and claims per source keep the curated proportions.

    python benchmarks/generate.py --factor 10 --out /tmp/foip-x10

writes ``/tmp/foip-x10/data/`` (sources.yaml, entities/, claims/) and prints its path.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import zlib
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data"
CROSS_LINK_PERCENT = 10

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Writes each value out: copies share their unchanged parts (an event's ``plover``),
    which the default dumper would write as anchors and aliases, and the loader refuses."""

    def ignore_aliases(self, data) -> bool:
        return True


class _TextDates(_Loader):
    """A safe loader that keeps dates as the text written (as the project's loader does)."""


_TextDates.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)


def read(path: Path):
    with path.open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=_TextDates)  # noqa: S506 - a safe loader


def write(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def copy_id(original: str, replica: int) -> str:
    """The id of an entity's or a source's copy in ``replica`` (0 is the original).

    >>> copy_id("japan", 0), copy_id("japan", 3)
    ('japan', 'japan-x3')
    """
    return original if replica == 0 else f"{original}-x{replica}"


def copy_source(source: dict, replica: int) -> dict:
    return {**source, "id": copy_id(source["id"], replica),
            "title": f"{source['title']} (synthetic copy {replica})"}


def copy_evidence(evidence: list[dict], replica: int) -> list[dict]:
    return [{**e, "source": copy_id(e["source"], replica)} if "source" in e else dict(e)
            for e in evidence]


def copy_entity(entity: dict, replica: int) -> dict:
    copy = {**entity, "id": copy_id(entity["id"], replica),
            "name": f"{entity['name']} x{replica}",
            "aliases": [f"{alias} x{replica}" for alias in entity.get("aliases", [])]}
    if not copy["aliases"]:
        del copy["aliases"]
    if "evidence" in entity:
        copy["evidence"] = copy_evidence(entity["evidence"], replica)
    return copy


def links_back(claim: dict, replica: int) -> bool:
    """Whether this claim's copy points at the original object (about one in ten)."""
    key = f"{replica}|{claim['subject']}|{claim['predicate']}|{claim.get('object')}"
    return zlib.crc32(key.encode("utf-8")) % 100 < CROSS_LINK_PERCENT


def copy_claim(claim: dict, replica: int) -> dict:
    copy = {**claim, "subject": copy_id(claim["subject"], replica),
            "evidence": copy_evidence(claim["evidence"], replica)}
    if "object" in claim and not links_back(claim, replica):
        copy["object"] = copy_id(claim["object"], replica)
    return copy


def generate(factor: int, out: Path, data: Path = DATA) -> Path:
    """Write the data scaled by ``factor`` into ``out/data`` (replaced); return that folder."""
    if factor < 1:
        raise ValueError(f"the factor must be 1 or more, not {factor}")
    target = out / "data"
    if target.exists():
        shutil.rmtree(target)
    sources = read(data / "sources.yaml")
    entity_files = {p.name: read(p) for p in sorted((data / "entities").glob("*.yaml"))}
    claim_files = [read(p) for p in sorted((data / "claims").glob("*.yaml"))]
    replicas = range(factor)
    write(target / "sources.yaml", [copy_source(s, r) if r else s for r in replicas for s in sources])
    for name, entities in entity_files.items():
        write(target / "entities" / name,
              [copy_entity(e, r) if r else e for r in replicas for e in entities or []])
    for claims in claim_files:
        for r in replicas:
            source = copy_id(claims["source"], r)
            items = [copy_claim(c, r) if r else c for c in claims["claims"] or []]
            write(target / "claims" / f"{source}.yaml", {"source": source, "claims": items})
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factor", type=int, required=True, help="1, 10, 100, ...")
    parser.add_argument("--out", type=Path, required=True, help="folder to write data/ into")
    parser.add_argument("--data", type=Path, default=DATA, help="the curated data folder")
    args = parser.parse_args(argv)
    try:
        print(generate(args.factor, args.out, args.data))
    except ValueError as exc:
        sys.exit(f"error: {exc}")


if __name__ == "__main__":
    main()
