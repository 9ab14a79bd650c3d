"""The load's cache: each data file's validated items, keyed by content, so that a
rebuild parses, validates and checks against the texts only the files that changed.

An entry is the outcome of reading one data file (an entity file or a claims file):
its validated items (with the fields the file gave them), the lines the checks across
files report at, its source and its items awaiting review. Its key is the digest of
everything that outcome depends on: the entry's format, the code (every file of the
package, the Python, the versions of the libraries that parse and validate, and whether
PyYAML parses with libyaml), the file's name in
the data folder, its bytes, and each source's id with the SHA-256 of the text its
quotes were checked against (``-`` when they were not). What depends on other files
(references to entities, duplicate ids, names and aliases, the sources named) is
checked again on every load, from the entry.

In a build, the cache is ``.cache/load/`` (one ``<key>.json`` per data file), written
from the data alone, so a clean build writes the same bytes as a rebuild. A previous
build's entry is read only when it is as that build wrote it (a regular file of the
size and SHA-256 its manifest lists, not modified since), parses, names its own key and
holds what a file of its kind holds; anything else is ignored and the file read again
from its YAML. The cache is trusted as far as the build folder is: whoever may write
there may also rewrite the manifest, and the outputs themselves.
"""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from .codehash import package_digest
from .model import Claim, Entity

FORMAT = 1
LIBRARIES = ("pydantic", "pydantic-core", "PyYAML")

ClaimLines = tuple[int, int, int, tuple[int, ...], tuple[int, ...]]
"""A claim's line, its subject's and its object's, each evidence's, each observation's."""
EntityLines = tuple[int, int, tuple[int, ...]]
"""An entity's line, its id's, each evidence's."""


def code_digest() -> str:
    """The digest of every file of the package, of the Python and of the versions of
    :data:`LIBRARIES`, and whether PyYAML parses with libyaml (its pure-Python parser
    accepts some text libyaml refuses)."""
    return package_digest(LIBRARIES, f"libyaml={bool(getattr(yaml, '__with_libyaml__', False))}")


class Entry(BaseModel):
    """One data file's entry, as stored: its items with the fields its file gave them,
    validated again when it is read."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal[FORMAT]
    key: str
    source: tuple[str, int] | None = None  # a claims file's source and its line
    proposed: tuple[int, int] | None = None  # entities and claims awaiting review
    proposed_entities: tuple[tuple[str, int], ...] = ()  # their ids and lines
    entities: tuple[Entity, ...] = ()
    entity_lines: tuple[EntityLines, ...] = ()
    claims: tuple[Claim, ...] = ()
    claim_lines: tuple[ClaimLines, ...] = ()

    def consistent(self, kind: str | None) -> bool:
        """Whether it holds what the entry of an entity file of ``kind`` holds (entities of
        that kind alone), or with ``kind`` None a claims file's (its source), and every
        item has its lines: one per evidence and per observation."""
        if (self.source is None) != (kind is not None):  # a claims file's has its source
            return False
        if kind is not None and (self.claims or any(e.kind != kind for e in self.entities)):
            return False
        return (len(self.entities) == len(self.entity_lines) and len(self.claims) == len(self.claim_lines)
                and all(len(e.evidence) == len(lines[2]) for e, lines in zip(self.entities, self.entity_lines))
                and all(len(c.evidence) == len(lines[3]) and len(c.observed) == len(lines[4])
                        for c, lines in zip(self.claims, self.claim_lines)))


def encode(key: str, *, source: tuple[str, int] | None, proposed: tuple[int, int] | None,
           proposed_entities: list[tuple[str, int]], entities: list[tuple[Entity, EntityLines]],
           claims: list[tuple[Claim, ClaimLines]]) -> bytes | None:
    """An entry's bytes, from its validated items (each with the fields its file gave:
    read again, they are the same items); None when a value has no JSON form (an
    infinite figure: then the file is not cached)."""
    if any(isinstance(c.value, float) and not math.isfinite(c.value) for c, _ in claims):
        return None
    entry = Entry(format=FORMAT, key=key, source=source, proposed=proposed, proposed_entities=proposed_entities,
                  entities=[e for e, _ in entities], entity_lines=[lines for _, lines in entities],
                  claims=[c for c, _ in claims], claim_lines=[lines for _, lines in claims])
    return entry.model_dump_json(exclude_unset=True).encode("utf-8") + b"\n"


@dataclass
class LoadCache:
    """The entries of a previous build (in ``folder``, with the size and SHA-256 of each
    as its manifest lists them, by file name, and the time that manifest was written) and
    those of this load, to write into the new build (``kept``: made by it, or read from
    the previous build and unchanged)."""

    folder: Path | None = None
    listed: dict[str, dict] = field(default_factory=dict)  # {"bytes": ..., "sha256": ...}
    written_ns: int = 0
    code: str = field(default_factory=code_digest)
    read: dict[str, bytes] = field(default_factory=dict)
    kept: dict[str, bytes] = field(default_factory=dict)

    def start(self) -> None:
        """Begin a load: forget what an earlier load with this cache read and kept, so
        that only this load's entries are written."""
        self.read.clear()
        self.kept.clear()

    def key(self, name: str, data: bytes, texts: str) -> str:
        """The key of the data file ``name`` (its path in the data folder) holding
        ``data``, read with the texts ``texts`` (each source's id and checked digest)."""
        h = hashlib.blake2b(digest_size=16)
        for part in (str(FORMAT), self.code, texts, name):
            h.update(part.encode("utf-8") + b"\0")
        h.update(data)
        return h.hexdigest()

    def get(self, key: str, kind: str | None) -> Entry | None:
        """The previous build's entry of ``key``, the data file of an entity ``kind`` (None:
        a claims file), if it is untouched and sound, else None."""
        name = f"{key}.json"
        listed = self.listed.get(name)
        if self.folder is None or listed is None:
            return None
        path = self.folder / name
        try:
            st = path.lstat()
            if (not path.is_file() or path.is_symlink() or st.st_size != listed.get("bytes")
                    or st.st_mtime_ns > self.written_ns):
                return None
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != listed.get("sha256"):
                return None
            entry = Entry.model_validate_json(data)
        except (OSError, ValidationError):
            return None
        if entry.key != key or not entry.consistent(kind):
            return None
        self.read[key] = data
        return entry

    def keep(self, key: str, made: bytes | None = None) -> None:
        """Keep the entry of ``key`` for the new build: ``made``, or the previous
        build's entry that :meth:`get` read."""
        self.kept[key] = made if made is not None else self.read[key]

    def write(self, folder: Path) -> list[Path]:
        """Write the kept entries into ``folder``, each atomically (a hidden file renamed
        into place), and return their files, by name."""
        folder.mkdir(parents=True, exist_ok=True)
        files = []
        for key in sorted(self.kept):
            path, temporary = folder / f"{key}.json", folder / f".{key}.json.part"
            temporary.write_bytes(self.kept[key])
            os.replace(temporary, path)
            files.append(path)
        return files
