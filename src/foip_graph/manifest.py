"""The build manifest, which marks a folder as a build, and the change report.

Every build writes :data:`MANIFEST` (``foip-graph-build.json``) into its folder: the
tool and its version, the dataset's fingerprint (the SHA-256 of ``foip-graph.json``) and
counts, whether the quotes were checked against the source texts, and every file it
wrote with its size and SHA-256. ``build`` replaces a folder only when it carries this
marker (or is absent or empty), and only when it holds no file the marker does not list.

:func:`compare` tells what changed between two builds' datasets, keyed by claim id:
claims, entities, sources and evidence quotes added, removed and changed, in total and
per source. ``build`` writes it as :data:`CHANGES` (``changes.json``) and prints
:func:`summary`; ``foip-graph diff OLD NEW`` does the same for any two builds.

>>> old = {"sources": [{"id": "memo"}], "entities": [{"id": "a"}, {"id": "b"}],
...        "claims": [{"id": "c-1", "subject": "a", "object": "b",
...                    "evidence": [{"source": "memo", "quote": "A and B"}]}]}
>>> new = {**old, "claims": []}
>>> changes = compare(old, new)
>>> changes["claims"]["removed"], changes["totals"]["evidence"]
(['c-1'], {'added': 0, 'removed': 1, 'changed': 0})
>>> summary(changes)
['claims: 1 removed; evidence quotes: 1 removed', '  memo: claims: 1 removed; evidence quotes: 1 removed']
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from . import __version__
from .rdf.jsontext import dumps

MANIFEST = "foip-graph-build.json"
CHANGES = "changes.json"
DATASET = "foip-graph.json"
TOOL = "foip-graph"
FORMAT = 1
KINDS = ("sources", "entities", "claims", "evidence")
NOUNS = {"sources": "sources", "entities": "entities", "claims": "claims", "evidence": "evidence quotes"}
VERBS = ("added", "removed", "changed")


def write_manifest(folder: Path, dataset_bytes: bytes, dataset: dict,
                   quotes_checked: bool | None, known: dict[str, dict] | None = None,
                   hashed: dict[Path, dict] | None = None) -> dict:
    """Write the manifest of the build in ``folder`` (every file but the manifest and the
    change report, which depends on the previous build) and return it.

    ``known`` gives the entries of files whose content is known (a previous build's
    file linked into this one), which are not read again; a file linked twice into the
    folder (an export and its download) is read once. ``hashed`` gives the :func:`entry`
    of files hashed as they were written, by path: neither they nor the links to them
    are read again."""
    files = {}
    seen: dict[tuple[int, int], dict] = {}
    for path, made in (hashed or {}).items():
        st = path.stat()
        seen[(st.st_dev, st.st_ino)] = made
    root = os.path.join(folder, "")
    for name, regular in sorted(_walk(str(folder)), key=lambda found: found[0].split("/")):  # as Paths sort
        if not regular or name in (MANIFEST, CHANGES):
            continue
        if known and name in known:
            files[name] = known[name]
            continue
        st = os.stat(root + name)
        inode = (st.st_dev, st.st_ino)
        if inode not in seen:
            seen[inode] = entry(Path(root + name))
        files[name] = seen[inode]
    manifest = {
        "tool": TOOL, "format": FORMAT, "version": __version__,
        "dataset": {"sha256": hashlib.sha256(dataset_bytes).hexdigest(),
                    **{kind: len(list(_items(dataset, kind))) for kind in KINDS}},
        "quotes_checked": quotes_checked,
        "files": files,
    }
    _write_json(folder / MANIFEST, manifest)
    return manifest


def read_manifest(folder: Path) -> dict | None:
    """The manifest of the build in ``folder``, or None when it is not a build."""
    path = folder / MANIFEST
    try:
        if path.is_symlink() or not path.is_file():
            return None
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("tool") != TOOL or not isinstance(data.get("files"), dict):
        return None
    return data


def foreign(folder: Path, manifest: dict) -> list[str]:
    """Paths under ``folder`` that its manifest does not list: files a build did not
    write (a symbolic link or a pipe is never one a build wrote)."""
    listed = set(manifest["files"]) | {MANIFEST, CHANGES}
    return sorted(name for name, regular in _walk(str(folder)) if not regular or name not in listed)


def _walk(folder: str, prefix: str = "") -> Iterator[tuple[str, bool]]:
    """Every entry under ``folder`` but its folders (links not followed), by its path
    below ``folder`` with whether it is a regular file (not a link, a pipe...). A site
    has tens of thousands of files: ``os.scandir`` has their kinds without a stat each."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(entry.path, f"{prefix}{entry.name}/")
            else:
                yield prefix + entry.name, entry.is_file(follow_symlinks=False)


def read_dataset(folder: Path) -> dict | None:
    """The dataset a build wrote (``foip-graph.json``), or None if it cannot be read."""
    try:
        data = json.loads((folder / DATASET).read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_changes(folder: Path, changes: dict) -> None:
    _write_json(folder / CHANGES, changes)


# ---------------------------------------------------------------- what changed


def compare(old: dict | None, new: dict, previous: dict | None = None) -> dict:
    """What changed from the dataset ``old`` (None: no previous build, so everything is
    added) to ``new``, as ``changes.json`` holds it. ``previous`` is the old build's
    manifest, whose version and fingerprint the report names."""
    report: dict[str, Any] = {
        "previous": None if old is None else {
            "version": (previous or {}).get("version"),
            "dataset_sha256": (previous or {}).get("dataset", {}).get("sha256")},
        "totals": {}, "by_source": {},
    }
    old = old or {}
    by_source: dict[str, dict[str, dict[str, int]]] = {}

    def count(source: str, kind: str, verb: str) -> None:
        tally = by_source.setdefault(source, {k: dict.fromkeys(VERBS, 0) for k in ("claims", "evidence")})
        tally[kind][verb] += 1

    for kind in ("sources", "entities", "claims"):
        before, after = _keyed(old, kind), _keyed(new, kind)
        added = [k for k in after if k not in before]
        removed = [k for k in before if k not in after]
        changed = {k: _fields(before[k], after[k]) for k in after if k in before and before[k] != after[k]}
        report[kind] = {"added": added, "removed": removed, "changed": changed}
        report["totals"][kind] = {"added": len(added), "removed": len(removed), "changed": len(changed)}
        if kind == "claims":
            for verb, ids, side in (("added", added, after), ("removed", removed, before)):
                for k in ids:
                    for source in _sources(side[k]):
                        count(source, "claims", verb)
            for k in changed:
                for source in dict.fromkeys(_sources(before[k]) + _sources(after[k])):
                    count(source, "claims", "changed")
    before, after = _quotes(old), _quotes(new)
    evidence = dict.fromkeys(VERBS, 0)
    for key in list(after) + [k for k in before if k not in after]:
        verb = ("added" if key not in before else "removed" if key not in after
                else "changed" if before[key] != after[key] else None)
        if verb is not None:
            evidence[verb] += 1
            count(key[1], "evidence", verb)
    report["totals"]["evidence"] = evidence
    order = [s["id"] for s in new.get("sources", [])] + [s["id"] for s in old.get("sources", [])]
    report["by_source"] = {s: by_source[s] for s in dict.fromkeys(order + sorted(by_source))
                           if s in by_source}
    return report


def summary(changes: dict) -> list[str]:
    """The change report in a few lines: the totals, then one line per source that changed."""
    if changes["previous"] is None:
        totals = changes["totals"]
        made = ", ".join(f"{totals[k]['added']:,} {NOUNS[k]}" for k in ("claims", "entities", "evidence"))
        return [f"no previous build to compare with: {made}"]
    head = _counts(changes["totals"])
    lines = [head or "no change since the previous build"]
    lines += [f"  {source}: {_counts(kinds)}" for source, kinds in changes["by_source"].items()
              if _counts(kinds)]
    return lines


def _counts(kinds: dict[str, dict[str, int]]) -> str:
    parts = []
    for kind in KINDS:
        counts = kinds.get(kind, {})
        said = ", ".join(f"{counts[verb]:,} {verb}" for verb in VERBS if counts.get(verb))
        if said:
            parts.append(f"{NOUNS[kind]}: {said}")
    return "; ".join(parts)


def _keyed(dataset: dict, kind: str) -> dict[str, dict]:
    return {item["id"]: item for item in dataset.get(kind, []) if isinstance(item, dict) and "id" in item}


def _fields(before: dict, after: dict) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def _sources(claim: dict) -> list[str]:
    return list(dict.fromkeys(e.get("source") for e in claim.get("evidence", [])))


def _items(dataset: dict, kind: str) -> Iterable:
    if kind != "evidence":
        return dataset.get(kind, [])
    return _quotes(dataset)


def _quotes(dataset: dict) -> dict[tuple, dict]:
    """Every claim's evidence quote, keyed by the claim, the source, the quote and its
    occurrence among equal ones; its offsets and context are what may change. (An
    entity's evidence is one of its fields: a change to it changes the entity.)"""
    quotes: dict[tuple, dict] = {}
    for claim in dataset.get("claims", []):
        for ev in claim.get("evidence", []):
            key = (claim.get("id"), ev.get("source"), ev.get("quote"))
            n = 0
            while (*key, n) in quotes:
                n += 1
            quotes[(*key, n)] = ev
    return quotes


def entry(path: Path) -> dict:
    """A file's entry in the manifest: its size and SHA-256."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return {"bytes": size, "sha256": digest.hexdigest()}


def _write_json(path: Path, data: dict) -> None:
    """``data`` as ``json.dumps(data, ensure_ascii=False, indent=2)`` writes it (a change
    report lists every claim of a first build), and a line break."""
    path.write_text(dumps(data) + "\n", encoding="utf-8")
