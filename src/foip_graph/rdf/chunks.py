"""Incremental RDF files: a rebuild copies, from the previous build's file, the bytes of
every chunk of lines that did not change, and writes only the others.

The big files made from sorted lines (:class:`~.serialize.CanonicalQuads`: Turtle, TriG,
JSON-LD and RDF/XML, the reasoner's two files too) are fixed text (a header, the opening
and closing of each named graph) around **chunks**: runs of whole subjects of a graph's
sorted N-Triples lines, cut before every subject whose CRC-32 is a multiple of
:data:`CUT`. The cuts depend on the lines alone, so an edit moves none but its own, and
a chunk's text depends only on its lines and on how its file is written (the format, the
indent, the prefixes, the base IRI, this package's code and pyoxigraph's version: the
file's *salt*).

Each such file has an index, ``<file>.json`` in the build's ``.cache/rdf/``: the digest of
its salt and, per chunk, its key (the SHA-256 of its lines, cut to 32 hex digits, and the
width of its indent), where its bytes are in the file and how many. A rebuild takes a chunk's bytes from the previous
build's file when the previous index is as that build wrote it (the SHA-256 its manifest
lists), has the same salt and lists the chunk's key, and the file is a regular file of
the size the manifest lists, not modified since the manifest was written (as the site's
cache trusts a page); every other chunk is written again. Either way the bytes are the
same, and a clean build writes the same files and indexes as a rebuild.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from zlib import crc32

from ..codehash import package_digest

FORMAT = 1
CUT = 64  # a chunk starts at a subject whose CRC-32 is a multiple of this: 1 in 64
LIBRARIES = ("pyoxigraph",)  # its RDF/XML writer writes the chunks of graph.rdf, graph.owl


class Chunk:
    """A run of whole subjects of sorted N-Triples lines; :attr:`key`, its digest."""

    __slots__ = ("lines", "_key")

    def __init__(self, lines: list[bytes]) -> None:
        self.lines = lines
        self._key: str | None = None

    @property
    def key(self) -> str:
        if self._key is None:
            self._key = hashlib.sha256(b"\n".join(self.lines)).hexdigest()[:32]
        return self._key


def chunks(lines: list[bytes]) -> list[Chunk]:
    """``lines`` (sorted N-Triples lines, no final ``" ."``) cut into chunks: a new one
    before every subject whose CRC-32 is a multiple of :data:`CUT`; no lines, no chunk.

    >>> from zlib import crc32
    >>> crc32(b"<s128>") % CUT, crc32(b"<s2>") % CUT
    (0, 22)
    >>> lines = [b"<s1> <p> 1", b"<s128> <p> 2", b"<s128> <p> 3", b"<s2> <p> 4"]
    >>> [len(c.lines) for c in chunks(lines)]
    [1, 3]
    """
    starts = [0]
    subject = None
    for i, line in enumerate(lines):
        s = line[:line.index(b" ")]
        if s != subject:
            if i and crc32(s) % CUT == 0:
                starts.append(i)
            subject = s
    if not lines:
        return []
    ends = [*starts[1:], len(lines)]
    return [Chunk(lines[a:b]) for a, b in zip(starts, ends)]


def salt(*parts: str) -> str:
    """The digest of how a file is written (``parts``: its format, prefixes, base IRI),
    with the package's code and pyoxigraph's version."""
    h = hashlib.sha256(package_digest(LIBRARIES).encode())
    for part in parts:
        h.update(b"\0" + part.encode("utf-8"))
    return h.hexdigest()[:32]


Render = Callable[[list[bytes]], bytes]


class ChunkedFile:
    """One file being written: fixed text and chunks to ``out``, each chunk's bytes read
    from ``source`` (the previous build's file, open) where ``old`` (its index: each
    chunk's offset and length, by key) has the chunk, else rendered; :meth:`index` is
    the new file's index."""

    def __init__(self, out: BinaryIO, salt: str, old: dict[str, tuple[int, int]] | None = None,
                 source: BinaryIO | None = None) -> None:
        self.out = out
        self.salt = salt
        self.offset = 0
        self.entries: list[tuple[str, int, int]] = []
        self._old = old or {}
        self._source = source

    def text(self, data: bytes) -> None:
        self.out.write(data)
        self.offset += len(data)

    def chunk(self, chunk: Chunk, indent: str, render: Render) -> None:
        key = f"{chunk.key}:{len(indent)}"
        data = self._previous(key)
        if data is None:
            data = render(chunk.lines)
        self.entries.append((key, self.offset, len(data)))
        self.text(data)

    def _previous(self, key: str) -> bytes | None:
        found = self._old.get(key)
        if found is None or self._source is None:
            return None
        try:
            self._source.seek(found[0])
            data = self._source.read(found[1])
        except (OSError, ValueError):
            return None
        return data if len(data) == found[1] else None

    def close(self) -> None:
        """Close the previous file (the file written is the caller's)."""
        if self._source is not None:
            self._source.close()

    def index(self) -> bytes:
        return (json.dumps({"format": FORMAT, "salt": self.salt, "chunks": self.entries},
                           separators=(",", ":")) + "\n").encode()


@dataclass
class ChunkCache:
    """The chunk indexes of a build, written into ``folder``, which is ``cache`` (a path
    like ``.cache/rdf``) inside the build; and those of the previous build in ``previous``
    (in its own ``cache``), with the size and SHA-256 of each of its files as its
    manifest lists them, by name, and the time that manifest was written."""

    folder: Path
    cache: str
    previous: Path | None = None
    listed: dict[str, dict] = field(default_factory=dict)
    written_ns: int = 0

    def open(self, name: str, out: BinaryIO, file_salt: str) -> ChunkedFile:
        """A :class:`ChunkedFile` for the file ``name`` of the build, written to ``out``
        with ``file_salt``, lent the chunks of the previous build's file of that name
        when the manifest vouches for it and its index."""
        old = self._old(name, file_salt)
        if old is not None:
            try:
                return ChunkedFile(out, file_salt, old, open(self.previous / name, "rb"))
            except OSError:
                pass
        return ChunkedFile(out, file_salt)

    def save(self, name: str, written: ChunkedFile) -> Path:
        """Write the index of the file ``name`` (atomically) and return its path."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path, temporary = self.folder / f"{name}.json", self.folder / f".{name}.json.part"
        temporary.write_bytes(written.index())
        os.replace(temporary, path)
        return path

    def _old(self, name: str, file_salt: str) -> dict[str, tuple[int, int]] | None:
        """The previous index of the file ``name``, if both are as the previous build
        wrote them and the index has ``file_salt``."""
        if self.previous is None:
            return None
        index_name = f"{self.cache}/{name}.json"
        index, file = self.listed.get(index_name), self.listed.get(name)
        if index is None or file is None:
            return None
        try:
            data = (self.previous / index_name).read_bytes()
            st = (self.previous / name).lstat()
        except OSError:
            return None
        if (hashlib.sha256(data).hexdigest() != index.get("sha256") or not stat.S_ISREG(st.st_mode)
                or st.st_size != file.get("bytes") or st.st_mtime_ns > self.written_ns):
            return None
        try:
            found = json.loads(data)
            if found.get("format") != FORMAT or found.get("salt") != file_salt:
                return None
            return {key: (offset, length) for key, offset, length in found["chunks"]}
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
