"""The digest of the package's own files and of the libraries' versions, for the build's
caches (:mod:`foip_graph.loadcache`, :mod:`foip_graph.site.cache`): an entry made by other
code, or with another version of a library it went through, is never reused."""

from __future__ import annotations

import functools
import hashlib
import platform
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # foip_graph: its code, templates and vocabulary


def package_digest(libraries: tuple[str, ...], *more: str) -> str:
    """The digest of every file of the package, of the Python it runs on, of the versions
    of ``libraries`` (distribution names; one that is not installed counts as such) and
    of ``more`` (what else the outcome depends on)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{platform.python_implementation()} {platform.python_version()}\0".encode())
    h.update(_files_digest())
    for name in libraries:
        try:
            h.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=-\0".encode())
    for part in more:
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest()


@functools.cache
def _files_digest() -> bytes:
    """The digest of every file of the package, read once a process (a build's load and
    site both ask)."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0")
        h.update(path.read_bytes())
    return h.digest()
