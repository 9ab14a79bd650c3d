"""``foip-graph build``: write every output of a KnowledgeBase into one folder, atomically,
and never over anything the user wrote.

The target folder is replaced only when it is absent, empty, or a previous build (it
carries the manifest of :mod:`foip_graph.manifest` and holds nothing the manifest does
not list); never when it is, holds or is inside the data or the corpus folder, is the
current folder or one above it, a file or a symbolic link. Each refusal is a
:class:`BuildError` whose message says why, and nothing is touched.

Outputs are written into a hidden staging folder beside the target (``.out.*.building``,
marked as this tool's with the process id that made it); only when all of them are
written is the previous build swapped out and the new one moved into place, so a failed
build leaves the previous ``out/`` as it was. A build that was killed leaves its staging
folder behind: the next successful build removes those whose process is gone, and no
other folder.

With two CPUs or more (``jobs``, by default one per CPU this process may use) and on
Linux, the RDF files, the longest step, are written by a child process forked at the
start (it shares the knowledge base's memory until either writes to it; nothing is
copied up front), while this process writes the other files, the reasoner's view of the
RDF among them; the site, which offers
them all, starts when both are done. The bytes and the order of the files are the same
as with ``jobs=1``, which writes everything here. An error in the child is raised here
as it would have been; a build that stops or is stopped ends the child first, and a
child whose build is killed is killed with it.
"""

from __future__ import annotations

import ctypes
import gc
import json
import multiprocessing
import os
import pickle
import shutil
import signal
import socket
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import partial
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from .exports.csv import write_tables_csv
from .exports.plover import write_plover
from .exports.sqlite import write_database
from .exports.tables import tables
from .kb import KnowledgeBase
from .load import collector_paused
from .loadcache import LoadCache
from .manifest import (CHANGES, DATASET, MANIFEST, compare, entry, foreign, read_dataset,
                       read_manifest, write_changes, write_manifest)
from .model import Claim
from .network import build_network, write_network
from .rdf.chunks import ChunkCache
from .rdf.export import write_reasoner, write_rdf
from .rdf.jsontext import dumps
from .site import build_site
from .site.cache import Previous

STAGING = ".foip-graph-staging"  # the marker inside a staging folder
SUFFIX = ".building"
CACHES = ".cache"  # the build's caches, inside it: not outputs of their own
CACHE = f"{CACHES}/site"  # the site's cache
LOAD_CACHE = f"{CACHES}/load"  # the load's (see foip_graph.loadcache)
RDF_CACHE = f"{CACHES}/rdf"  # the RDF files' chunk indexes (see foip_graph.rdf.chunks)


class BuildError(Exception):
    """A build was refused or could not be written; the message says why, in a sentence.
    The target folder is as it was."""


@dataclass(frozen=True)
class Built:
    """What a build wrote: the folder, every file in it, its manifest, the change report
    against the previous build, and the staging folders of stopped builds it removed."""

    folder: Path
    files: list[Path]
    manifest: dict
    changes: dict
    removed: list[Path]


def dataset_json(kb: KnowledgeBase) -> str:
    """The whole knowledge base as JSON: sources, entities, claims with their ids."""
    return "".join(_dataset_pieces(kb))


def _dataset_pieces(kb: KnowledgeBase) -> Iterator[str]:
    """:func:`dataset_json`'s text, a model at a time.

    The text is ``json.dumps(data, ensure_ascii=False, indent=2)`` of the models' JSON
    dumps; pydantic writes each model's text itself (three times faster than laying out
    its dump), indented here to its depth. A claim whose value is a float is laid out
    from its dump: pydantic writes some floats otherwise (``1e16``, not ``1e+16``)."""
    groups = {
        "sources": (s.model_dump_json(indent=2, exclude_none=True) for s in kb.sources.values()),
        "entities": (e.model_dump_json(indent=2, exclude_none=True, exclude_defaults=True)
                     for e in kb.entities.values()),  # its id and kind first, as fields
        "claims": (_claim_json(c) for c in kb.claims),
    }
    for n, (name, texts) in enumerate(groups.items()):
        yield f'{"{" if n == 0 else ","}\n  "{name}": ['
        separator = _ITEM
        for text in texts:
            yield separator + text.replace("\n", _ITEM)
            separator = "," + _ITEM
        yield "]" if separator == _ITEM else "\n  ]"
    yield "\n}\n"


_ITEM = "\n    "  # a line break inside a list of the dataset, two levels deep


def _claim_json(claim: Claim) -> str:
    """A claim as JSON at the top level, its id first."""
    if type(claim.value) is float:
        return dumps({"id": claim.id, **claim.model_dump(mode="json", exclude_defaults=True)})
    text = claim.model_dump_json(indent=2, exclude_defaults=True)  # "{\n  ...": never empty
    return '{\n  "id": ' + encode_basestring(claim.id) + "," + text[1:]


def _write_dataset(kb: KnowledgeBase, folder: Path) -> list[Path]:
    """Write the dataset JSON a model at a time: the whole text is never in memory."""
    path = folder / DATASET
    with path.open("w", encoding="utf-8") as stream:
        stream.writelines(_dataset_pieces(kb))
    return [path]


def _write_tables(kb: KnowledgeBase, folder: Path) -> list[Path]:
    contents = tables(kb)  # once, for both
    return [write_database(contents, folder / "foip-graph.db"), *write_tables_csv(contents, folder)]


WRITERS: dict[str, Callable[..., list[Path]]] = {
    # every step of a build before the site, which offers their files as downloads: each
    # called with the knowledge base and the folder, those of CHUNKED_STEPS with cache= too
    "dataset JSON": _write_dataset,
    "network": lambda kb, folder: write_network(build_network(kb), folder),
    "RDF": write_rdf,
    "reasoner's view": write_reasoner,  # the RDF's OWL files: here while a child writes the RDF
    "PLOVER events": write_plover,
    "SQLite and CSV": _write_tables,
}
STEPS = (*WRITERS, "site")
FORKED = "RDF"  # the step written by a child process when there are two CPUs or more
CHUNKED_STEPS = ("RDF", "reasoner's view")  # the steps whose files are written in chunks
PR_SET_PDEATHSIG = 1  # Linux's prctl option: a signal for this process when its parent ends


def write_outputs(kb: KnowledgeBase, folder: Path, corpus: Path | None = None,
                  progress: Callable[[str], None] | None = None,
                  previous: Path | None = None, jobs: int | None = None,
                  load_cache: LoadCache | None = None,
                  digests: dict[Path, dict] | None = None) -> list[Path]:
    """Write every output into ``folder`` (which exists and is empty); return the files.

    ``corpus`` (the folder of source texts, optional) lets the site's source pages show
    each text with its quotes highlighted; the site's downloads page offers every other
    file written here (by :data:`WRITERS`). ``progress``, if given, is called with the
    name of each of the :data:`STEPS`, in their order, as it starts; when ``jobs`` allows,
    the :data:`FORKED` step is written by a child process from the start, and named last
    before the site, when this process has written the others and waits for it.
    ``previous``, a previous build's folder, lends the site the pages whose inputs
    did not change (see :mod:`foip_graph.site.cache`) and the RDF files the chunks
    whose lines did not change (see :mod:`foip_graph.rdf.chunks`); the caches go into
    ``folder/.cache/site`` and ``folder/.cache/rdf``. ``jobs`` processes at most write the files and draw the site's
    pages (by default one per CPU this process may use; 1 writes everything here).
    ``load_cache``, the cache the data was loaded with, is written into
    ``folder/.cache/load``.
    ``digests``, if given, receives each file of :data:`WRITERS` with its manifest entry
    (size and SHA-256, see :func:`foip_graph.manifest.entry`), made as soon as its step
    is done: the child hashes its own files, this process the others while the child
    still writes, so the manifest reads none of them again.

    The cyclic garbage collector is paused while the steps run: they make millions of
    short-lived containers, and each collection would walk the knowledge base. After
    each step, only what it made is searched for cycles, freed before the next.
    """
    step = progress or (lambda name: None)
    jobs = jobs or len(os.sched_getaffinity(0))
    parts: dict[str, tuple[list[Path], dict[Path, dict]]] = {}
    chunks = previous_chunks(folder / RDF_CACHE, previous)
    writers = {name: partial(write, cache=chunks) if name in CHUNKED_STEPS else write
               for name, write in WRITERS.items()}
    # the child's files are hashed when this process waits for them: by a thread per job
    forked = _forked(_hashed(writers[FORKED], jobs), kb, folder) if jobs > 1 and _can_fork() else nullcontext()
    with forked as child, collector_paused():
        for name, write in writers.items():
            if child is None or name != FORKED:
                step(name)
                parts[name] = _hashed(write)(kb, folder)
                gc.collect(0)  # the step's cycles (a networkx graph and its views), all young
        if child is not None:
            step(FORKED)
            parts[FORKED] = child()
    written = [path for name in WRITERS for path in parts[name][0]]
    if digests is not None:
        for name in WRITERS:
            digests.update(parts[name][1])
    entries = load_cache.write(folder / LOAD_CACHE) if load_cache is not None else []
    entries += sorted((folder / RDF_CACHE).iterdir()) if (folder / RDF_CACHE).is_dir() else []
    step(STEPS[-1])
    return [*written, *entries, *build_site(kb, folder / "site", corpus=corpus, downloads=written,
                                  cache=folder / CACHE, previous=previous_site(previous), jobs=jobs)]


def _hashed(write: Callable[[KnowledgeBase, Path], list[Path]], threads: int = 1
            ) -> Callable[[KnowledgeBase, Path], tuple[list[Path], dict[Path, dict]]]:
    """``write``, returning its files and each file's manifest entry, hashed right after
    by ``threads`` threads (hashlib lets go of the interpreter while it hashes)."""
    def write_and_hash(kb: KnowledgeBase, folder: Path) -> tuple[list[Path], dict[Path, dict]]:
        files = write(kb, folder)
        with ThreadPoolExecutor(threads) as pool:
            return files, dict(zip(files, pool.map(entry, files)))
    return write_and_hash


def _can_fork() -> bool:
    """Whether a writer can run in a forked child that dies with its parent (Linux)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


@contextmanager
def _forked(write: Callable[[KnowledgeBase, Path], Any], kb: KnowledgeBase,
            folder: Path) -> Iterator[Callable[[], Any]]:
    """Run ``write(kb, folder)`` in a forked child; yield a function that waits for it and
    returns what it returned or raises its error. Leaving the block early ends the child."""
    receive, send = multiprocessing.Pipe(duplex=False)
    gc.freeze()  # the collector would otherwise touch, and so copy, every shared object
    try:
        child = multiprocessing.get_context("fork").Process(
            target=_child, args=(write, kb, folder, os.getpid(), send), daemon=True)
        child.start()
        send.close()

        def result() -> Any:
            try:
                ok, value, where = receive.recv()
            except EOFError:  # the child ended without a word: killed
                child.join()
                raise ChildProcessError(f"the process writing the {FORKED} files was stopped "
                                        f"({_ended(child.exitcode)})") from None
            child.join()
            if ok:
                return value
            raise value from _ChildTraceback(where)

        try:
            yield result
        finally:
            if child.is_alive():
                child.kill()
            child.join()
    finally:
        receive.close()
        gc.unfreeze()


class _ChildTraceback(Exception):
    """Where, in the child process, the error raised in its place arose."""


def _child(write: Callable[[KnowledgeBase, Path], Any], kb: KnowledgeBase, folder: Path,
           parent: int, send) -> None:
    """The forked child: dies with its parent, leaves Ctrl+C to it, sends back what
    ``write`` returned or raised (an error that cannot be sent, as its text)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the line above
        os._exit(1)
    try:
        send.send((True, write(kb, folder), None))
    except BaseException as exc:
        where = traceback.format_exc()
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        send.send((False, exc, where))


def _ended(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"killed by {signal.Signals(-exitcode).name}"
    return f"exit code {exitcode}"


def _vouched(folder: Path | None) -> tuple[dict[str, dict], int] | None:
    """The files the manifest of the build in ``folder`` lists, with their entries (size
    and SHA-256), and the time it was written: what the caches trust a previous file by;
    None when there is no build there."""
    manifest = read_manifest(folder) if folder is not None else None
    if manifest is None:
        return None
    try:
        written_ns = (folder / MANIFEST).stat().st_mtime_ns
    except OSError:
        return None
    return {name: entry for name, entry in manifest["files"].items() if isinstance(entry, dict)}, written_ns


def previous_site(folder: Path | None) -> Previous | None:
    """The site of the previous build in ``folder`` with its cache, as far as its
    manifest vouches for it; None when there is none."""
    vouched = _vouched(folder)
    if vouched is None:
        return None
    files, written_ns = vouched
    sizes = {name.removeprefix("site/"): entry.get("bytes") for name, entry in files.items()
             if name.startswith("site/")}
    return Previous.read(folder / "site", folder / CACHE, sizes, written_ns)


def previous_chunks(folder: Path, previous: Path | None) -> ChunkCache:
    """The RDF files' chunk cache of a build, which writes its indexes into ``folder``,
    with those of the previous build in ``previous`` as far as its manifest vouches for
    them (none when there is no build there)."""
    vouched = _vouched(previous)
    if vouched is None:
        return ChunkCache(folder, RDF_CACHE)
    return ChunkCache(folder, RDF_CACHE, previous, *vouched)


def previous_load(folder: Path | None) -> LoadCache:
    """The load's cache with the entries of the previous build in ``folder``, as far as
    its manifest vouches for them (none when there is no build there)."""
    vouched = _vouched(folder)
    if vouched is None:
        return LoadCache()
    files, written_ns = vouched
    prefix = f"{LOAD_CACHE}/"
    listed = {name.removeprefix(prefix): entry for name, entry in files.items() if name.startswith(prefix)}
    return LoadCache(folder / LOAD_CACHE, listed, written_ns)


def check_target(out: Path | str, protect: Iterable[tuple[Path | str | None, str]] = ()) -> Path:
    """The absolute folder a build into ``out`` would replace, or a :class:`BuildError`
    saying why it may not. ``protect`` pairs folders the build must keep clear of with
    their names (``(data_dir, "data")``)."""
    given = Path(out)
    if given.is_symlink():
        raise BuildError(f"the output folder {given} is a symbolic link to {os.readlink(given)}; "
                         "give a real folder, so the build cannot replace what the link points to")
    target = Path(os.path.abspath(given)).resolve()  # "x/.." is the folder holding x
    here = Path.cwd().resolve()
    if target == here or target in here.parents:
        which = "the current folder" if target == here else f"{target}, which holds the current folder"
        raise BuildError(f"the output folder {given} is {which}; a build replaces its folder "
                         "as a whole, so give it one of its own (the default is out)")
    for folder, name in protect:
        if folder is None:
            continue
        kept = Path(folder).resolve()
        relation = ("is" if target == kept else "is inside" if kept in target.parents
                    else "holds" if target in kept.parents else None)
        if relation is not None:
            raise BuildError(f"the output folder {given} {relation} the {name} folder {folder}; "
                             "a build replaces its folder as a whole, so give it one of its "
                             "own (the default is out)")
    try:
        return _replaceable(given, target)
    except OSError as exc:
        raise BuildError(f"cannot look into the output folder {given}: {_reason(exc)}") from None


def _replaceable(given: Path, target: Path) -> Path:
    above = next(p for p in (target, *target.parents) if p.exists() or p.is_symlink())
    if not above.is_dir():
        where = f"{given} is a file" if above == target else f"{above} is a file"
        raise BuildError(f"the output folder cannot be made: {where}, not a folder")
    if target.is_dir() and any(target.iterdir()):
        manifest = read_manifest(target)
        if manifest is None:
            raise BuildError(f"{given} is not empty and is not a previous build (it has no "
                             f"{MANIFEST}); a build replaces only a previous build, so nothing "
                             "was touched: empty or move the folder, or give another --out")
        extra = foreign(target, manifest)
        if extra:
            more = f" and {len(extra) - 1} more" if len(extra) > 1 else ""
            raise BuildError(f"{given} holds {extra[0]}{more}, which the build did not write; a "
                             "build replaces the whole folder, so nothing was touched: move "
                             f"{'them' if more else 'it'} out of {given} first")
    return target


def build(kb: KnowledgeBase, out: Path | str = "out", corpus: Path | str | None = None, *,
          quotes_checked: bool | None = None, progress: Callable[[str], None] | None = None,
          reuse: bool = True, jobs: int | None = None, load_cache: LoadCache | None = None) -> Built:
    """Write all outputs to ``out``, replacing it as a whole if it is a previous build
    (see :func:`check_target`; the data and the corpus folder are protected).

    ``quotes_checked`` (whether validation found every quote in its text) goes into the
    manifest; ``progress`` is as in :func:`write_outputs`. ``reuse`` lets the site take
    from the previous build the pages whose inputs did not change, and the RDF files the
    chunks whose lines did not change (``False`` draws every page and writes every chunk;
    the files are the same; the load's cache is ``load_cache``'s business). ``jobs``
    is the most processes the build runs at once (see :func:`write_outputs`; 1 keeps it in
    this process). ``load_cache``, the cache the
    data was loaded with (:func:`previous_load`), goes into the build. Raises :class:`BuildError`
    when the build is refused or cannot be written.
    """
    corpus_dir = Path(corpus) if corpus is not None else None
    target = check_target(out, [(kb.root, "data"), (corpus_dir, "corpus")])
    previous = read_manifest(target) if target.is_dir() else None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=SUFFIX, dir=target.parent))
    except OSError as exc:
        raise BuildError(f"cannot write in {target.parent}: {_reason(exc)}") from None
    new, old = work / "new", work / "old"
    try:
        (work / STAGING).write_text(json.dumps({"tool": "foip-graph", "pid": os.getpid(),
                                                "host": socket.gethostname()}), encoding="utf-8")
        new.mkdir()  # the mode the user's umask gives, not mkdtemp's 0700
        digests: dict[Path, dict] = {}
        written = write_outputs(kb, new, corpus_dir, progress, target if previous and reuse else None,
                                jobs, load_cache, digests)
        with collector_paused():  # two datasets of millions of containers, and no cycles
            dataset_bytes = (new / DATASET).read_bytes()
            dataset = json.loads(dataset_bytes)
            manifest = write_manifest(new, dataset_bytes, dataset, quotes_checked,
                                      linked(target, new, previous) if previous and reuse else None,
                                      digests)
            changes = compare(read_dataset(target) if previous else None, dataset, previous)
            write_changes(new, changes)
        if target.exists():
            target.rename(old)
        new.rename(target)
    except BaseException as exc:
        if old.exists() and not target.exists():
            old.rename(target)
        shutil.rmtree(work, ignore_errors=True)
        if isinstance(exc, OSError):
            raise BuildError(f"could not write the build: {_reason(exc)}; {out} is as it "
                             "was") from exc
        raise
    shutil.rmtree(work, ignore_errors=True)
    inside = len(os.path.join(new, ""))  # each file's path below the folder, as text
    files = [target / str(p)[inside:] for p in written] + [target / MANIFEST, target / CHANGES]
    return Built(target, files, manifest, changes, remove_stale(target))


def linked(old: Path, new: Path, manifest: dict) -> dict[str, dict]:
    """The entries of ``manifest`` (the previous build's, in ``old``) for the site's files
    that the new build in ``new`` linked from it: the same file, untouched since."""
    try:
        written_ns = (old / MANIFEST).stat().st_mtime_ns
    except OSError:
        return {}
    found = {}
    old_root, new_root = os.path.join(old, ""), os.path.join(new, "")  # as text: a stat per file, no Path
    for name, entry in manifest["files"].items():
        if not name.startswith("site/"):
            continue
        try:
            before, after = os.lstat(old_root + name), os.lstat(new_root + name)
        except OSError:
            continue
        if (before.st_ino, before.st_dev) == (after.st_ino, after.st_dev) and before.st_mtime_ns <= written_ns:
            found[name] = entry
    return found


def remove_stale(target: Path) -> list[Path]:
    """Remove the staging folders beside ``target`` left by builds that were stopped:
    those holding this tool's marker, made on this machine by a process that is gone."""
    removed = []
    for folder in sorted(target.parent.glob(f".{target.name}.*{SUFFIX}")):
        try:
            marker = json.loads((folder / STAGING).read_text(encoding="utf-8"))
            ours = (not folder.is_symlink() and marker.get("tool") == "foip-graph"
                    and marker.get("host") == socket.gethostname()
                    and not _alive(int(marker["pid"])))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
        if ours:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _reason(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{(exc.strerror or str(exc)).rstrip('.')}{where}"
