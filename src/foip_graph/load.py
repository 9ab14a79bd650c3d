"""Read the curated YAML into the model, collecting every mistake with its file and line.

Nothing is half-loaded: :func:`load_dataset` returns a :class:`Report` whose ``dataset`` is
set only when there is no problem at all. Each problem prints as ``file:line: message``
and names the offending value and what would be valid.
"""

from __future__ import annotations

import difflib
import errno
import gc
import os
import re
import stat
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .dates import PartialDate
from .evidence import IndexedText, Span, default_corpus_dir, sha256_text
from .loadcache import ClaimLines, Entry, EntityLines, LoadCache, encode
from .model import KIND_FIELDS, KIND_SPECIFIC, Claim, Entity, Evidence, Source, identify
from .resolve import name_key
from .vocabulary import VOCABULARY, Predicate


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the data, at a file and line."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Located:
    """Where a loaded item was written."""

    file: str
    line: int


@dataclass
class Dataset:
    """Validated sources, entities and claims (claims stated twice are merged)."""

    root: Path
    sources: dict[str, Source]
    entities: dict[str, Entity]
    claims: list[Claim]
    where: dict[str, Located] = field(default_factory=dict)


@dataclass
class Proposed:
    """Drafted items of one file still marked ``review: proposed``: left out of the graph."""

    entities: int = 0
    claims: int = 0

    def __str__(self) -> str:
        parts = [f"{n} {one if n == 1 else many}" for n, one, many in
                 ((self.entities, "entity", "entities"), (self.claims, "claim", "claims")) if n]
        return " and ".join(parts) + " proposed, awaiting review (not in the graph)"


@dataclass
class Report:
    """The outcome of loading: problems, notes (such as a missing corpus) and the dataset.
    ``quotes_checked`` says whether every quote was found in its source's text."""

    problems: list[Problem]
    notes: list[str]
    dataset: Dataset | None
    corpus: Path | None = None
    proposed: dict[str, Proposed] = field(default_factory=dict)
    quotes_checked: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


# ---------------------------------------------------------------- YAML with lines

MAX_FILE_BYTES = 64 * 2**20  # the bundled data at 100 times its size has no file over 5 MB
MAX_VALUE_CHARS = 10_000  # a quote, a description or a note is a few sentences
MAX_DEPTH = 20  # the deepest the format goes: file, claims, claim, evidence, quote
SHOWN_CHARS = 200  # of a value echoed in a message
_BOOL_TAG = "tag:yaml.org,2002:bool"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_TEXT_TAGS = frozenset({_STR_TAG, "tag:yaml.org,2002:timestamp"})  # dates stay text
_VALUE_TAGS = frozenset({_BOOL_TAG, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                         "tag:yaml.org,2002:null"})


class _LineDict(dict):
    """A mapping that remembers the line of itself and of each key (1-based), and the
    text of values YAML read as true or false (``NO``, ``yes``: most likely meant as text)."""

    line: int = 0
    key_lines: dict
    bools: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML this data format does not accept (an alias, a merge key, a huge value)."""


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """PyYAML's safe loader (no object construction), keeping line numbers and refusing
    duplicate keys; libyaml's parser when PyYAML has it (ten times faster).

    It refuses what the format has no use for and a hostile file could abuse: aliases
    (ten nested ones expand to a billion values), merge keys, keys that are lists or
    mappings, values over :data:`MAX_VALUE_CHARS` and nesting over :data:`MAX_DEPTH`.
    """

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self.depth = 0
        # The composer calls these two for every node; they only serve path resolvers,
        # which a safe loader has none of. Bound C methods are no-ops without a Python frame.
        self.descend_resolver = {}.get
        self.ascend_resolver = {}.clear

    def resolve(self, kind: type, value: str | None, implicit: Any) -> str:
        """The tag of an untagged node, as PyYAML's resolver gives it (the same table,
        read without its per-call list building: it runs for every node)."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], _ANY_FIRST):
                    if regexp.match(value):
                        return tag
            return _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Refused(None, None, "the value anchored here (&name) is repeated by an alias "
                           "(*name); this data has no use for anchors and aliases: write each "
                           "value out", node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            if len(node.value) > MAX_VALUE_CHARS:
                raise _Refused(None, None, f"a value of {len(node.value):,} characters "
                               f"({_shown(node.value)}); values are limited to "
                               f"{MAX_VALUE_CHARS:,} characters", node.start_mark)
            return super().construct_object(node, deep)
        if self.depth >= MAX_DEPTH:
            raise _Refused(None, None, f"values are nested more than {MAX_DEPTH} levels deep; "
                           "the data is a few levels of lists and mappings", node.start_mark)
        self.depth += 1
        try:
            return super().construct_object(node, deep)
        finally:
            self.depth -= 1


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    mapping = _LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    mapping.bools = {}
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE_TAG:
            raise _Refused(None, None, "a merge key (<<) copies another mapping's fields; this "
                           "data has no use for it: write each field out", key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Refused(None, None, "a key must be a plain name, not a list or a mapping",
                           key_node.start_mark)
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {_shown(key)} (first at line {mapping.key_lines[key]})",
                key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
        if value_node.tag == _BOOL_TAG:
            mapping.bools[key] = value_node.value
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay text, so an impossible one ("2021-02-30") gets the model's own explanation.
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
_ANY_FIRST = tuple(_LineLoader.yaml_implicit_resolvers.get(None, []))
_IMPLICIT = {first: (*resolvers, *_ANY_FIRST) for first, resolvers
             in _LineLoader.yaml_implicit_resolvers.items() if first is not None}
_BEFORE_NODE = frozenset("[]{},:?-\ufeff")  # besides white space


def _may_anchor(text: str) -> bool:
    """Whether ``text`` may hold an anchor (``&name`` where a node starts: after white
    space, a flow bracket or an indicator): text without one has no alias either. "R&D"
    and "Open RAN & Beyond" hold none. (A scan for ``&``: the texts have few.)"""
    at = text.find("&")
    while at != -1:
        before = text[at - 1] if at else " "
        if (before.isspace() or before in _BEFORE_NODE) and text[at + 1:at + 2].strip():
            return True
        at = text.find("&", at + 1)
    return False


class _NotPlain(Exception):
    """A node :func:`_plain` leaves to the full constructor, which accepts or refuses it
    with its own message: an unusual tag, a duplicate or merge key, a key that is not
    text, a value over :data:`MAX_VALUE_CHARS`, nesting over :data:`MAX_DEPTH`."""


def _plain(loader: _LineLoader, node: yaml.Node, depth: int) -> Any:
    """What :class:`_LineLoader` constructs from ``node``, for plain data (mappings with
    text keys, lists, text, numbers, booleans, nulls) read without aliases: the same
    values and lines, without a method call per node. Anything else raises
    :class:`_NotPlain`."""
    kind, tag = type(node), node.tag
    if kind is yaml.ScalarNode:
        if len(node.value) > MAX_VALUE_CHARS:
            raise _NotPlain
        if tag in _TEXT_TAGS:
            return node.value
        if tag in _VALUE_TAGS:
            return loader.yaml_constructors[tag](loader, node)
        raise _NotPlain
    if depth >= MAX_DEPTH:
        raise _NotPlain
    if kind is yaml.SequenceNode and tag == _SEQ_TAG:
        return [_plain(loader, item, depth + 1) for item in node.value]
    if kind is not yaml.MappingNode or tag != _MAP_TAG:
        raise _NotPlain
    mapping = _LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = key_lines = {}
    mapping.bools = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if (type(key_node) is not yaml.ScalarNode or key_node.tag != _STR_TAG or key in mapping
                or len(key) > MAX_VALUE_CHARS):
            raise _NotPlain
        if type(value_node) is yaml.ScalarNode and value_node.tag in _TEXT_TAGS:
            value = value_node.value
            if len(value) > MAX_VALUE_CHARS:
                raise _NotPlain
        else:
            value = _plain(loader, value_node, depth + 1)
            if value_node.tag == _BOOL_TAG:
                mapping.bools[key] = value_node.value
        mapping[key] = value
        key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _parse(text: str) -> Any:
    """The document in ``text`` as :class:`_LineLoader` constructs it. libyaml makes the
    nodes; plain data is then read by :func:`_plain`, the rest (and every refusal, with
    its message) by the loader's own constructor."""
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if not _may_anchor(text):
            try:
                return _plain(loader, node, 0)
            except _NotPlain:
                pass
        return loader.construct_document(node)
    finally:
        loader.dispose()


_FILE_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
               (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def read_bytes(path: Path, shown: str, problems: list[Problem]) -> bytes | None:
    """A data file's bytes, or None after a problem saying why it cannot be read: it is
    not a regular file (a folder, a FIFO: opened without blocking), a broken or looping
    symbolic link, unreadable, or over :data:`MAX_FILE_BYTES`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        problems.append(Problem(shown, 1, _unreadable(path, exc)))
        return None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((what for test, what in _FILE_KINDS if test(mode)), "not a regular file")
            problems.append(Problem(shown, 1, f"{kind}, not a file: a data file must be a "
                                    "plain YAML file (rename or move it out of the data folder)"))
            return None
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        problems.append(Problem(shown, 1, _unreadable(path, exc)))
        return None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        problems.append(Problem(shown, 1, f"over {MAX_FILE_BYTES // 2**20} MB: data files are "
                                f"limited to {MAX_FILE_BYTES // 2**20} MB (split the file)"))
        return None
    return data


def _unreadable(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return f"a symbolic link that loops (to {os.readlink(path)}): it leads to no file"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return f"a broken symbolic link: {os.readlink(path)} does not exist"
    return f"cannot be read: {exc.strerror}"


def read_yaml(path: Path, shown: str, problems: list[Problem], expected: str | None = None) -> Any:
    """Parse one YAML file safely; any problem with it becomes one :class:`Problem` and
    None. ``expected`` describes what the file should hold: an empty file (or one of
    comments only) is then a problem too."""
    data = read_bytes(path, shown, problems)
    return None if data is None else parse_yaml(data, shown, problems, expected)


def parse_yaml(data: bytes, shown: str, problems: list[Problem], expected: str | None = None) -> Any:
    """The document in a data file's bytes, as :func:`read_yaml` reads it."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        problems.append(Problem(shown, line, f"not UTF-8 text: byte 0x{data[exc.start]:02x} at "
                                f"column {column} ({exc.reason}); save the file as UTF-8"))
        return None
    try:
        document = _parse(text)
    except _Refused as exc:
        problems.append(Problem(shown, exc.problem_mark.line + 1, f"refused: {exc.problem}"))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(filter(None, [exc.context, exc.problem]))
        problems.append(Problem(shown, line, f"YAML syntax error: {what}"))
        return None
    except yaml.reader.ReaderError as exc:  # no mark: a control character, at a position
        line = text.count("\n", 0, exc.position) + 1
        problems.append(Problem(shown, line, f"YAML syntax error: character #x{exc.character:04x}: "
                                f"{exc.reason}; remove it"))
        return None
    except RecursionError:  # PyYAML's pure-Python parser, without libyaml
        problems.append(Problem(shown, 1, f"values are nested more than {MAX_DEPTH} levels deep"))
        return None
    if document is None and expected is not None:
        problems.append(Problem(shown, 1, f"the file is empty; it should hold {expected}"))
    return document


# Invisible characters that reorder or disguise text: bidirectional marks, embeddings,
# overrides and isolates, zero-width spaces and joiners. Refused in names and labels.
_HIDDEN = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def hidden_character(text: str) -> str | None:
    """The first invisible, text-reordering character in ``text``, named, or None.

    >>> hidden_character("\u202eevil"), hidden_character("Türkiye")
    ('U+202E RIGHT-TO-LEFT OVERRIDE', None)
    """
    found = _HIDDEN.search(text)
    if found is None:
        return None
    c = found.group()
    return f"U+{ord(c):04X} {unicodedata.name(c, 'FORMAT CHARACTER')}"


# ---------------------------------------------------------------- the loader


@dataclass
class _Made:
    """What a data file read from its YAML gives its cache entry (see
    :mod:`foip_graph.loadcache`): each item with its lines, its source."""

    key: str
    source: tuple[str, int] | None = None
    entities: list[tuple[Entity, EntityLines]] = field(default_factory=list)
    claims: list[tuple[Claim, ClaimLines]] = field(default_factory=list)
    proposed_entities: list[tuple[str, int]] = field(default_factory=list)


class _Loader:
    def __init__(self, root: Path, corpus: Path, cache: LoadCache | None = None) -> None:
        self.root = root
        self.corpus = corpus
        self.cache = cache
        self.texts = ""  # each source's id and the digest of its text, when checked: in each key
        self.made: dict[str, _Made] = {}  # by file: read from its YAML, with the cache on
        self.reused: dict[str, str] = {}  # by file: the key of the entry it was read from
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.sources: dict[str, Source] = {}
        self.source_lines: dict[str, Located] = {}
        self.entities: dict[str, Entity] = {}
        self.entity_at: dict[str, Located] = {}
        self.entity_evidence: dict[str, tuple[int, ...]] = {}  # the line of each evidence
        self.broken: set[str] = set()  # ids of entities that failed to load: not re-reported
        self.claims: list[tuple[Claim, ClaimLines, str, tuple]] = []  # with the claim's key()
        self.claim_files: list[tuple[str, str, list | Entry]] = []  # (file, source, items or entry)
        self.proposed: dict[str, Proposed] = {}
        self.proposed_entities: dict[str, Located] = {}  # awaiting review: not in the graph
        # Problems are sorted in data-flow order (sources, entities, claims), causes first:
        # a file that did not load is one problem, and the references to what it would
        # have defined are summed up in one line after it (self.summaries).
        self.stage: dict[str, int] = {}
        self.failed_entity_files: list[str] = []  # entity files that did not load
        self.lost_entities: dict[str, str] = {}  # entity id -> the file that did not load
        self.sources_failed: str | None = None  # sources.yaml, when it did not load
        self.lost_refs: Counter[tuple[str, str]] = Counter()  # (file, what) -> references
        self.summaries: dict[Problem, int] = {}  # in the order they are made

    # -- helpers
    def shown(self, path: Path) -> str:
        """The path as the user would write it: relative to the current folder when inside
        it, and a symbolic link by its own name, not its target's."""
        try:
            return str(Path(os.path.abspath(path)).relative_to(os.getcwd()))
        except ValueError:
            return str(path)

    def files(self, folder: Path, stage: int) -> list[Path]:
        """The ``*.yaml`` files of a data subfolder, in name order; hidden ones (editors'
        lock files) skipped and ``*.yml`` ones reported (they would be silently left out)."""
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "is missing"
            self.problem(self.shown(folder), 1, f"{what}: a dataset keeps its {folder.name} in "
                         f"{folder.name}/*.yaml (see docs/curation.md)")
            self.stage[self.shown(folder)] = stage
            return []
        for path in sorted(folder.glob("*.yml")):
            self.problem(self.shown(path), 1, f"not read: data files end in .yaml; rename it "
                         f"{path.stem}.yaml")
        paths = [p for p in sorted(folder.glob("*.yaml")) if not p.name.startswith(".")]
        self.stage.update((self.shown(p), stage) for p in paths)
        return paths

    def read_data(self, path: Path, file: str, expected: str, kind: str | None = None
                  ) -> tuple[Any, Entry | None]:
        """A data file's document, or its previous entry when the cache has one (then
        the document is None); (None, None) after a problem with the file. ``kind``: the
        entity kind of an entity file (None: a claims file)."""
        data = read_bytes(path, file, self.problems)
        if data is None:
            return None, None
        if self.cache is not None:
            key = self.cache.key(path.relative_to(self.root).as_posix(), data, self.texts)
            entry = self.cache.get(key, kind)
            if entry is not None:
                self.reused[file] = key
                return None, entry
            self.made[file] = _Made(key)
        return parse_yaml(data, file, self.problems, expected), None

    def keep_entries(self) -> None:
        """Give the cache the entry of every data file: the previous one, or one made
        from what its YAML gave (unless a value of it has no JSON form)."""
        for key in self.reused.values():
            self.cache.keep(key)
        for file, made in self.made.items():
            proposed = self.proposed.get(file)
            data = encode(made.key, source=made.source, proposed=proposed and (proposed.entities, proposed.claims),
                          proposed_entities=made.proposed_entities, entities=made.entities, claims=made.claims)
            if data is not None:
                self.cache.keep(made.key, data)

    def lost(self, ref: Any) -> bool:
        """Whether an unknown entity ``ref`` may be one of a file that did not load; if so,
        the reference is counted for that file's summary line instead of being reported
        (the file's ``id:`` lines tell which file; else it counts for the first one)."""
        if not isinstance(ref, str) or not self.failed_entity_files:
            return False
        if ref in self.lost_entities:
            self.lost_refs[self.lost_entities[ref], "entities"] += 1
        else:
            self.lost_refs[self.failed_entity_files[0], "unknown"] += 1
        return True

    def summarise_lost(self) -> None:
        """One line per file that did not load: how many references it left unchecked."""
        kinds = list(_LOST)
        for (file, what), n in sorted(self.lost_refs.items(),
                                      key=lambda item: (item[0][0], kinds.index(item[0][1]))):
            line = min((p.line for p in self.problems if p.file == file), default=1)
            summary = Problem(file, line, _LOST[what].format(
                refs=f"{n} reference{'s' if n != 1 else ''}", were="were" if n != 1 else "was"))
            self.problems.append(summary)
            self.summaries[summary] = len(self.summaries)

    def order(self, problem: Problem) -> tuple:
        return (self.stage.get(problem.file, 3), problem.file, problem.line,
                self.summaries.get(problem, -1), problem.message)

    def problem(self, file: str, line: int, message: str) -> None:
        self.problems.append(Problem(file, line, message))

    def check_visible(self, file: str, item: _LineDict, fields: Iterable[str]) -> bool:
        """Refuse names and labels that hold invisible, text-reordering characters (a
        "U+202E" in a name shows it reversed, and the text after it too)."""
        ok = True
        for key in fields:
            values = item.get(key)
            for value in values if isinstance(values, list) else [values]:
                bad = hidden_character(value) if isinstance(value, str) else None
                if bad:
                    self.problem(file, item.line_of(key),
                                 f"{key} {value!r} contains {bad}, an invisible character that reorders "
                                 "or disguises text; remove it (names and labels are plain text)")
                    ok = False
        return ok

    def build(self, model: type[BaseModel], raw: Any, file: str, what: str,
              fields: Iterable[str] | None = None, **extra: Any):
        """Validate ``raw`` into ``model``; report each field error at its key's line.

        ``fields`` are the valid fields named when a field is unknown (default: the model's).
        """
        if not isinstance(raw, dict):
            self.problem(file, getattr(raw, "line", 1),
                         f"{what} must be a mapping of fields, got {type(raw).__name__} {_shown(raw)}")
            return None
        try:
            return model.model_validate({**raw, **extra})
        except ValidationError as exc:
            for err in exc.errors():
                self.problem(file, _line_for(raw, err["loc"]), _explain(model, what, err, fields, raw))
            return None

    # -- sources
    def load_sources(self) -> None:
        path = self.root / "sources.yaml"
        file = self.shown(path)
        self.stage[file] = 0
        raw = None
        if not (path.exists() or path.is_symlink()):
            self.problem(file, 1, "missing: every dataset needs a sources.yaml listing its documents")
        else:
            raw = read_yaml(path, file, self.problems, "a list of sources (- id: ...)")
        if raw is not None and not isinstance(raw, list):
            self.problem(file, getattr(raw, "line", 1), "sources.yaml must be a list of sources (- id: ...)")
            raw = None
        elif raw == []:
            self.problem(file, 1, "sources.yaml lists no sources; a dataset needs at least one (- id: ...)")
        if not raw:
            self.sources_failed = file
            return
        for item in raw:
            source = self.build(Source, item, file, "a source")
            if source is None or not self.check_visible(file, item, ("title", "publisher")):
                continue
            if source.id in self.sources:
                first = self.source_lines[source.id]
                self.problem(file, item.line_of("id"),
                             f"duplicate source id {source.id!r} (first at line {first.line})")
                continue
            self.sources[source.id] = source
            self.source_lines[source.id] = Located(file, item.line)

    # -- entities
    def load_entities(self) -> None:
        folder = self.root / "entities"
        plurals = sorted(k.plural for k in VOCABULARY.kinds.values())
        paths = self.files(folder, 1)
        if not folder.is_dir():
            self.failed_entity_files.append(self.shown(folder))
        for path in paths:
            file = self.shown(path)
            kind = VOCABULARY.kind_for_plural(path.stem)
            if kind is None:
                self.problem(file, 1, f"{path.name!r} is not an entity kind file; name it one of: "
                             + ", ".join(f"{p}.yaml" for p in plurals))
                continue
            raw, entry = self.read_data(path, file, f"a list of {path.stem} (- id: ...)", kind)
            if entry is not None:
                self.add_cached_entities(entry, file)
                continue
            if raw is not None and not isinstance(raw, list):
                self.problem(file, getattr(raw, "line", 1),
                             f"{path.name} must be a list of entities (- id: ...)")
                raw = None
            if raw is None:
                self.failed_entity_files.append(file)
                for entity_id in _ids_in(path):
                    self.lost_entities.setdefault(entity_id, file)
                continue
            for item in raw:
                self.load_entity(item, kind, file)

    def load_entity(self, item: Any, kind: str, file: str, source: str | None = None) -> None:
        if isinstance(item, dict):
            allowed = KIND_FIELDS.get(kind, frozenset())
            for key in sorted(set(item) & (KIND_SPECIFIC - allowed)):
                valid = ", ".join(sorted(allowed)) or "none"
                self.problem(file, item.line_of(key),
                             f"{key!r} is not a field of a {kind} (its own fields: {valid})")
            if "kind" in item and source is None:
                self.problem(file, item.line_of("kind"),
                             f"'kind' comes from the file name ({kind}); remove it")
            if source is not None and isinstance(item.get("evidence"), list):
                item = _copy(item, evidence=[_copy(e, source=e.get("source", source))
                                             if isinstance(e, _LineDict) else e for e in item["evidence"]])
            item = _copy(item, drop=[k for k in item if k in ("kind", "draft")
                                     or (k in KIND_SPECIFIC and k not in allowed)])
        fields = [f for f in Entity.model_fields
                  if f != "kind" and (f not in KIND_SPECIFIC or f in KIND_FIELDS.get(kind, ()))]
        entity = self.build(Entity, item, file, f"a {kind}", fields, kind=kind)
        if entity is not None and not self.check_visible(file, item, ("name", "aliases")):
            entity = None
        if entity is None:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                self.broken.add(item["id"])
            return
        lines = (item.line, item.line_of("id"),
                 tuple(_nth_line(item.get("evidence"), n, item.line) for n in range(len(entity.evidence))))
        if self.duplicate(entity, file, lines):
            return
        if kind == "event" and entity.date is None and entity.start is None:
            self.problem(file, item.line, f"event {entity.id!r} has no date: give 'date' or 'start'")
        if entity.start and entity.end and entity.end < entity.start:
            self.problem(file, item.line_of("end"),
                         f"end {entity.end} is before start {entity.start}")
        dated = [f for f in ("date", "start", "end", "birth_year") if getattr(entity, f) is not None]
        if dated and not entity.evidence:
            self.problem(file, item.line_of(dated[0]),
                         f"{dated[0]} of {entity.id!r} needs evidence: add evidence: [{{source, quote}}]")
        self.add_entity(entity, file, lines)
        if file in self.made:
            self.made[file].entities.append((entity, lines))

    def duplicate(self, entity: Entity, file: str, lines: EntityLines) -> bool:
        """Whether an entity of that id was loaded before (a problem, at the id's line)."""
        if entity.id not in self.entities:
            return False
        first = self.entity_at[entity.id]
        self.problem(file, lines[1], f"duplicate id {entity.id!r} (first defined at {first.file}:{first.line})")
        return True

    def add_entity(self, entity: Entity, file: str, lines: EntityLines) -> None:
        """Put a valid entity in the graph, and check its evidence's sources."""
        self.entities[entity.id] = entity
        self.entity_at[entity.id] = Located(file, lines[0])
        self.entity_evidence[entity.id] = lines[2]
        for ev, line in zip(entity.evidence, lines[2]):
            self.check_evidence_source(ev, file, line)

    def add_cached_entities(self, entry: Entry, file: str) -> None:
        """The entities of a file's previous entry, checked against the other files'."""
        for entity, lines in zip(entry.entities, entry.entity_lines):
            if not self.duplicate(entity, file, lines):
                self.add_entity(entity, file, lines)

    def check_aliases(self) -> None:
        owners: dict[str, dict[str, str]] = defaultdict(dict)
        for entity in self.entities.values():
            for label in (entity.id, entity.name, *entity.aliases):
                owners[name_key(label)].setdefault(entity.id, label)
        for key, by_entity in sorted(owners.items()):
            if len(by_entity) < 2:
                continue
            ids = sorted(by_entity)
            for entity_id in ids[1:]:
                at = self.entity_at[entity_id]
                others = ", ".join(f"{i} ({self.entity_at[i].file}:{self.entity_at[i].line})"
                                   for i in ids if i != entity_id)
                self.problem(at.file, at.line,
                             f"name or alias {by_entity[entity_id]!r} of {entity_id!r} is also "
                             f"used by {others}; each name must point to one entity")

    # -- claims
    def read_claim_files(self) -> None:
        """Read every claims file (``<source>.yaml``, or ``<source>.draft.yaml`` as
        ``foip-graph draft`` writes it), loading the entities a file may carry; items marked
        ``review: proposed`` are counted and left out."""
        folder = self.root / "claims"
        layout = "a mapping with 'source: <id>' and 'claims: [...]'"
        for path in self.files(folder, 2):
            file = self.shown(path)
            raw, entry = self.read_data(path, file, layout)
            if entry is not None:
                self.add_cached_claims_file(entry, file)
                continue
            if raw is None:
                continue
            if not isinstance(raw, dict) or "claims" not in raw:
                self.problem(file, getattr(raw, "line", 1), f"a claims file is {layout}")
                continue
            source = raw.get("source")
            if not self.known_source(source, file, raw.line_of("source")):
                continue
            if file in self.made:
                self.made[file].source = (source, raw.line_of("source"))
            if path.name not in (f"{source}.yaml", f"{source}.draft.yaml"):
                self.problem(file, raw.line_of("source"),
                             f"the claims of source {source!r} belong in claims/{source}.yaml "
                             f"(or claims/{source}.draft.yaml for a draft)")
            for key in sorted(set(raw) - {"source", "claims", "entities", "draft"}):
                self.problem(file, raw.line_of(key),
                             f"unknown field {key!r}; valid fields: source, claims, entities, draft")
            if raw["claims"] is None:
                self.problem(file, raw.line_of("claims"), "'claims' is empty: list the claims "
                             "under it (- subject: ...), or write 'claims: []' for a source that "
                             "states none")
                continue
            if "draft" in raw and not isinstance(raw["draft"], dict):
                self.problem(file, raw.line_of("draft"), "'draft' holds the drafter's notes: a mapping")
            for items, what in ((raw.get("entities"), "entities"), (raw["claims"], "claims")):
                if items is not None and not isinstance(items, list):
                    self.problem(file, raw.line_of(what), f"{what!r} must be a list")
            entities = raw.get("entities") if isinstance(raw.get("entities"), list) else []
            for item in self.accepted(entities, file, "entities"):
                self.load_file_entity(item, file, source)
            claims = raw["claims"] if isinstance(raw["claims"], list) else []
            self.claim_files.append((file, source, self.accepted(claims, file, "claims")))

    def known_source(self, source: Any, file: str, line: int) -> bool:
        """Whether a claims file's source is one of sources.yaml (if not, a problem; or,
        when sources.yaml did not load, a reference counted for its summary)."""
        if source in self.sources:
            return True
        if self.sources_failed:
            self.lost_refs[self.sources_failed, "sources"] += 1
        else:
            self.problem(file, line, f"unknown source {_shown(source)}; "
                         f"known sources: {', '.join(sorted(self.sources))}")
        return False

    def add_cached_claims_file(self, entry: Entry, file: str) -> None:
        """A claims file's previous entry: its source, items awaiting review and
        entities, checked against the other files'; its claims for :meth:`load_claims`."""
        source, line = entry.source
        if not self.known_source(source, file, line):
            return
        if entry.proposed is not None:
            self.proposed[file] = Proposed(*entry.proposed)
        for entity_id, at in entry.proposed_entities:
            self.proposed_entities.setdefault(entity_id, Located(file, at))
        self.add_cached_entities(entry, file)
        self.claim_files.append((file, source, entry))

    def accepted(self, items: list, file: str, what: str) -> list:
        """The items not marked ``review: proposed``; a proposed one is counted."""
        kept = []
        for item in items:
            review = item.get("review") if isinstance(item, dict) else None
            if review is None:
                kept.append(item)
            elif review != "proposed":
                self.problem(file, item.line_of("review"),
                             f"review {review!r} is not a review state: 'proposed' marks a drafted item "
                             "awaiting review; delete the line to accept the item, the item to reject it")
            else:
                counts = self.proposed.setdefault(file, Proposed())
                if what == "entities":
                    counts.entities += 1
                    if isinstance(item.get("id"), str):
                        self.proposed_entities.setdefault(item["id"], Located(file, item.line))
                        if file in self.made:
                            self.made[file].proposed_entities.append((item["id"], item.line))
                else:
                    counts.claims += 1
        return kept

    def load_file_entity(self, item: Any, file: str, source: str) -> None:
        """An entity a claims file carries: its kind is a field, not its file's name."""
        kind = item.get("kind") if isinstance(item, dict) else None
        if kind not in VOCABULARY.kinds:
            line = item.line_of("kind") if isinstance(item, dict) else getattr(item, "line", 1)
            self.problem(file, line, f"an entity in a claims file needs 'kind': one of "
                         f"{', '.join(VOCABULARY.kinds)} (got {kind!r})")
            return
        self.load_entity(item, kind, file, source)

    def load_claims(self) -> None:
        for file, source, items in self.claim_files:
            if isinstance(items, Entry):  # a file without a duplicate claim when it was cached
                self.claims.extend((claim, lines, file, claim.key()) for claim, lines
                                   in zip(items.claims, items.claim_lines) if self.check_claim_refs(claim, lines, file))
                continue
            seen: dict[tuple, int] = {}
            for item in items:
                loaded = self.load_claim(item, source, file)
                if loaded is None:
                    continue
                claim, lines = loaded
                key = claim.key()
                if key in seen:
                    self.problem(file, item.line, f"duplicate claim: the same statement as line {seen[key]}")
                    continue
                seen[key] = item.line
                self.claims.append((claim, lines, file, key))
                if file in self.made:
                    self.made[file].claims.append((claim, lines))

    def load_claim(self, item: Any, source: str, file: str) -> tuple[Claim, ClaimLines] | None:
        """A claim of a claims file with its lines, or None after a problem with it."""
        if isinstance(item, dict) and "draft" in item:
            item = _copy(item, drop=["draft"])
        if isinstance(item, dict) and isinstance(item.get("evidence"), list):
            evidence = [_copy(e, source=e.get("source", source)) if isinstance(e, _LineDict) else e
                        for e in item["evidence"]]
            item = _copy(item, evidence=evidence)
        if isinstance(item, dict) and "observed" in item:
            item = _copy(item, observed=_observations(item["observed"], source))
        if isinstance(item, dict) and not item.get("evidence"):
            self.problem(file, item.line, "claim has no evidence: add evidence: [{quote: ...}]; "
                         "every claim needs a verbatim quote from its source")
            return None
        claim = self.build(Claim, item, file, "a claim")
        if claim is None:
            return None
        lines = (item.line, item.line_of("subject"), item.line_of("object"),
                 tuple(_nth_line(item["evidence"], n, item.line) for n in range(len(claim.evidence))),
                 tuple(_nth_line(item.get("observed"), n, item.line_of("observed"))
                       for n in range(len(claim.observed))))
        ok = self.check_claim(claim, item, file)
        ok = self.check_claim_refs(claim, lines, file) and ok
        return (claim, lines) if ok else None

    def check_claim(self, claim: Claim, item: _LineDict, file: str) -> bool:
        """Whether a claim passes the checks that read its own file alone (its
        predicate, value, qualifiers and times); each failure is a problem."""
        n_before = len(self.problems)
        self.check_visible(file, item, ("role", "unit"))
        predicate = VOCABULARY.predicates.get(claim.predicate)
        if predicate is None:
            close = difflib.get_close_matches(claim.predicate, list(VOCABULARY.predicates), n=3)
            hint = f"; did you mean: {', '.join(close)}?" if close else ""
            self.problem(file, item.line_of("predicate"),
                         f"unknown predicate {claim.predicate!r}{hint} (see docs/vocabulary.md)")
        if predicate is not None and predicate.derived:
            self.problem(file, item.line_of("predicate"),
                         f"{predicate.name} is derived from other claims ({predicate.description}); "
                         "it is never written in the data: write the claims it comes from")
            predicate = None
        if predicate is not None and predicate.is_literal:
            if claim.object is not None:
                self.problem(file, item.line_of("object"),
                             f"{predicate.name} takes a value, not an object; write value: ...")
            if claim.value is None:
                self.problem(file, item.line, f"{predicate.name} needs a value ({predicate.value_type})")
            else:
                self.check_value(claim, predicate.value_type, item, file)
        elif predicate is not None:
            if claim.value is not None or claim.unit is not None:
                self.problem(file, item.line_of("value" if claim.value is not None else "unit"),
                             f"{predicate.name} links two entities; it takes an object, not a value")
            if claim.object is None:
                self.problem(file, item.line, f"{predicate.name} needs an object (an entity id)")
        if claim.stance is not None and claim.stance not in VOCABULARY.stances:
            self.problem(file, item.line_of("stance"),
                         f"unknown stance {claim.stance!r}; valid stances: {', '.join(VOCABULARY.stances)}")
        if claim.start and claim.end and claim.end < claim.start:
            self.problem(file, item.line_of("end"), f"end {claim.end} is before start {claim.start}")
        if predicate is not None:
            self.check_time(claim, predicate, item, file)
        return len(self.problems) == n_before

    def check_claim_refs(self, claim: Claim, lines: ClaimLines, file: str) -> bool:
        """Whether a claim passes the checks against the other files: its subject and
        object are entities of kinds its predicate takes, its observations are not after
        their sources, its evidence's sources exist. A cached claim goes through them too."""
        n_before = len(self.problems)
        _, subject_line, object_line, evidence_lines, observed_lines = lines
        predicate = VOCABULARY.predicates.get(claim.predicate)
        if predicate is not None and predicate.derived:
            predicate = None
        subject = self.check_ref(claim.subject, "subject", file, subject_line)
        if predicate is not None and subject is not None and subject.kind not in predicate.subject_kinds:
            self.problem(file, subject_line,
                         f"{predicate.name} cannot have a {subject.kind} ({subject.id!r}) as subject; "
                         f"valid subject kinds: {', '.join(predicate.subject_kinds)}")
        if predicate is not None and not predicate.is_literal and claim.object is not None:
            obj = self.check_ref(claim.object, "object", file, object_line)
            if obj is not None and obj.kind not in predicate.object_kinds:
                self.problem(file, object_line,
                             f"{predicate.name} cannot have a {obj.kind} ({obj.id!r}) as object; "
                             f"valid object kinds: {', '.join(predicate.object_kinds)}")
        for o, line in zip(claim.observed if predicate is not None else (), observed_lines):
            source = self.sources.get(o.source)
            if o.source in claim.sources and source is not None and o.date.first_day > source.date.last_day:
                self.problem(file, line, f"observation {o} is after {o.source} was published "
                             f"({source.date}); a document observes up to its own date")
        ok = len(self.problems) == n_before
        for ev, line in zip(claim.evidence, evidence_lines):
            ok = self.check_evidence_source(ev, file, line) and ok
        return ok

    def check_time(self, claim: Claim, predicate: Predicate, item: _LineDict, file: str) -> None:
        """Time qualifiers say what the text says: a point date only for happenings, a
        bound never beside the value it bounds, observations inside what is stated."""
        name = predicate.name
        if predicate.lasting and claim.date is not None:
            self.problem(file, item.line_of("date"),
                         f"{name} is a lasting state, so it takes no point date ({claim.date}): "
                         f"write observed: [{claim.date}] if the text shows it holding then, "
                         "start/end if the text states them, or ended_by for 'before'/'former'")
        if claim.observed and not predicate.lasting:
            lasting = ", ".join(p.name for p in VOCABULARY.predicates.values() if p.lasting)
            self.problem(file, item.line_of("observed"),
                         f"{name} is not a lasting state, so nothing is observed holding; "
                         f"give its date instead (observed is for: {lasting})")
        for value, bound in (("start", "started_by"), ("end", "ended_by")):
            if getattr(claim, value) is not None and getattr(claim, bound) is not None:
                self.problem(file, item.line_of(bound),
                             f"{bound} {getattr(claim, bound)} is a bound and {value} "
                             f"{getattr(claim, value)} a stated {value}: keep the one the text says")
        if claim.start and claim.ended_by and claim.ended_by < claim.start:
            self.problem(file, item.line_of("ended_by"),
                         f"ended_by {claim.ended_by} is before start {claim.start}")
        for n, o in enumerate(claim.observed):
            line = _nth_line(item.get("observed"), n, item.line_of("observed"))
            if o.source not in claim.sources:  # one after its source's date: check_claim_refs
                self.problem(file, line, f"observation {o} comes from {o.source!r}, which gives "
                             f"no evidence for this claim (its sources: {', '.join(claim.sources)})")
            if claim.start is not None and o.date.last_day < claim.start.first_day:
                self.problem(file, line, f"observation {o} is before the stated start {claim.start}")
            for bound in ("end", "ended_by"):
                limit = getattr(claim, bound)
                if limit is not None and o.date.first_day > limit.last_day:
                    self.problem(file, line, f"observation {o} is after {bound} {limit}")

    def check_value(self, claim: Claim, value_type: str, item: _LineDict, file: str) -> None:
        value = claim.value
        if value_type == "number" and not isinstance(value, (int, float)):
            self.problem(file, item.line_of("value"),
                         f"value {value!r} is not a number (write 15 or 18.1; put the unit in 'unit')")
        elif value_type == "number":
            try:
                VOCABULARY.quantity(value, claim.unit)
            except ValueError as exc:
                self.problem(file, item.line_of("unit" if claim.unit else "value"), str(exc))
        elif value_type == "date" and not isinstance(value, PartialDate):
            try:
                PartialDate.parse(value)
            except ValueError as exc:
                self.problem(file, item.line_of("value"), str(exc))
        elif value_type == "string" and not isinstance(value, str):
            self.problem(file, item.line_of("value"), f"value {value!r} must be text")

    def check_ref(self, ref: str, key: str, file: str, line: int) -> Entity | None:
        entity = self.entities.get(ref)
        if entity is not None or ref in self.broken:
            return entity
        if ref in self.proposed_entities:
            at = self.proposed_entities[ref]
            self.problem(file, line, f"{key} {ref!r} is a proposed entity ({at.file}:{at.line}), "
                         "not yet in the graph: accept it too (delete its 'review: proposed' line)")
            return None
        if self.lost(ref):
            return None
        hints = self._suggest(ref)
        hint = f"; did you mean: {', '.join(hints)}?" if hints else ""
        self.problem(file, line, f"unknown entity {ref!r} in {key}{hint}")
        return None

    def _suggest(self, ref: str) -> list[str]:
        by_name = [e.id for e in self.entities.values()
                   if name_key(ref) in {name_key(label) for label in e.labels}]
        close = difflib.get_close_matches(ref, list(self.entities), n=3, cutoff=0.6)
        return list(dict.fromkeys(by_name + close))[:5]

    def check_evidence_source(self, ev: Evidence, file: str, line: int) -> bool:
        if ev.source not in self.sources and self.sources_failed:
            self.lost_refs[self.sources_failed, "sources"] += 1
            return False
        if ev.source not in self.sources:
            self.problem(file, line, f"unknown source {ev.source!r} in evidence; "
                         f"known sources: {', '.join(sorted(self.sources))}")
            return False
        return True

    # -- quotes against the corpus
    def evidence_holders(self):
        """(evidence, the line of each, file) for every claim and every entity read from
        its YAML: those of a cached file were checked as they are when it was cached."""
        for claim, lines, file, _ in self.claims:
            if file not in self.reused:
                yield claim.evidence, lines[3], file
        for entity_id, entity in self.entities.items():
            file = self.entity_at[entity_id].file
            if file not in self.reused:
                yield entity.evidence, self.entity_evidence[entity_id], file

    def check_quotes_in_corpus(self, texts: dict[str, IndexedText]) -> None:
        for evidence, lines, file in self.evidence_holders():
            for ev, line in zip(evidence, lines):
                text = texts.get(ev.source)
                if text is not None:
                    self.check_span(ev, text, file, line)

    def read_texts(self) -> dict[str, IndexedText]:
        texts = {}
        digests: dict[Path, str] = {}
        indexed: dict[str, IndexedText] = {}  # by digest: sources may share a text
        for source in self.sources.values():
            at = self.source_lines[source.id]
            path = self.corpus / source.file
            if not path.is_file():
                self.problem(at.file, at.line, f"{source.id}: text {source.file!r} is not in the corpus "
                             f"at {self.corpus}")
                continue
            digest = digests.get(path) or digests.setdefault(path, sha256_text(path))
            if digest != source.sha256:
                self.problem(at.file, at.line, f"{source.id}: {path} has sha256 {digest}, not the "
                             f"{source.sha256} in sources.yaml; it is a different text, so it was not used")
                continue
            if digest not in indexed:
                indexed[digest] = IndexedText(path.read_text(encoding="utf-8"))
            texts[source.id] = indexed[digest]
        return texts

    def check_span(self, ev: Evidence, text: IndexedText, file: str, line: int) -> None:
        spans = text.find_all(ev.quote)  # normalising quotes is most of the check's time:
        stored = Span(ev.start, ev.end)  # a stored span that is a found one needs no more
        if not spans:
            self.problem(file, line, f"quote not found in {ev.source}: {_short(ev.quote)!r}")
        elif ev.start is None or ev.end is None:
            self.problem(file, line, "evidence has no start/end offsets; run `foip-graph locate`")
        elif stored not in spans and not text.matches(ev.quote, stored):
            found = text.find(ev.quote, near=ev.start)
            self.problem(file, line, f"stored span {ev.start}-{ev.end} is not the quote in "
                         f"{ev.source} (it is at {found.start}-{found.end}); run `foip-graph locate`")
        elif text.raw[ev.start:ev.end] != ev.quote:
            self.problem(file, line, f"the quote is not the text at its span {ev.start}-{ev.end} "
                         f"character for character (the text has "
                         f"{_short(text.raw[ev.start:ev.end])!r}); run `foip-graph locate`")
        elif (ev.prefix, ev.suffix) != text.context(stored):
            self.problem(file, line, "evidence prefix/suffix are missing or out of date; "
                         "run `foip-graph locate`")

    def check_offsets_present(self) -> None:
        """Without the corpus, offsets can't be verified, but they must at least be there."""
        for evidence, lines, file in self.evidence_holders():
            for ev, line in zip(evidence, lines):
                if ev.start is None or ev.end is None:
                    self.problem(file, line,
                                 "evidence has no start/end offsets; run `foip-graph locate` "
                                 "with the corpus present")

    # -- assembly
    def merged_claims(self) -> tuple[list[Claim], dict[str, Located]]:
        """One claim per statement: the same statement from two files gets both evidences."""
        merged: dict[tuple, Claim] = {}
        first_at: dict[tuple, Located] = {}
        for claim, lines, file, key in self.claims:
            if key in merged:
                first = merged[key]
                evidence = first.evidence + tuple(e for e in claim.evidence if e not in first.evidence)
                observed = tuple(sorted(set(first.observed) | set(claim.observed),
                                        key=lambda o: (o.date, o.source)))
                merged[key] = first.model_copy(update={"evidence": evidence, "observed": observed,
                                                       "note": first.note or claim.note})
            else:
                merged[key] = claim
                first_at[key] = Located(file, lines[0])
        claims = identify(merged.values())  # in the order of merged
        return claims, {c.id: first_at[key] for key, c in zip(merged, claims)}


def load_dataset(data_dir: Path | str, corpus: Path | str | None = None, *,
                 quotes: bool = True, cache: LoadCache | None = None) -> Report:
    """Load and validate a data directory.

    ``corpus`` is the folder of source texts; by default ``$FOIP_CORPUS`` or
    ``../shared/corpus`` beside the project (see
    :func:`~foip_graph.evidence.default_corpus_dir`). When it is missing, quotes are not
    checked against the texts and the report says so in ``notes``. ``quotes=False``
    does not look for the texts at all (queries need no check), and notes nothing.

    ``cache`` (see :mod:`foip_graph.loadcache`) gives the data files' previous entries:
    a file whose entry it has is not parsed, validated or checked against the texts
    again, only against the other files; the problems are the same. When there is no
    problem, it is given every file's entry, to write.
    """
    with collector_paused():
        return _load_dataset(Path(data_dir), corpus, quotes, cache)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a bulk step, and as it was after.

    A load makes millions of containers (nodes, mappings, models) that live on, and no
    cycles to speak of; every collection pass walks all of them, which made half the
    time of reading the YAML at 10 times the data. Reference counting still frees what
    is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_dataset(root: Path, corpus: Path | str | None, quotes: bool, cache: LoadCache | None) -> Report:
    if cache is not None:
        cache.start()
    corpus_dir = Path(corpus) if corpus is not None else default_corpus_dir(root.resolve().parent)
    loader = _Loader(root, corpus_dir, cache)
    if not root.is_dir():
        what = "is a file, not a data folder" if root.exists() else "data folder not found"
        loader.problem(str(root), 1, what)
        return Report(loader.problems, loader.notes, None, corpus_dir)
    loader.load_sources()
    checked = quotes and corpus_dir.is_dir()
    texts = loader.read_texts() if checked else {}
    loader.texts = "\0".join(f"{s.id}:{s.sha256 if s.id in texts else '-'}" for s in loader.sources.values())
    loader.load_entities()
    loader.read_claim_files()
    loader.check_aliases()
    loader.load_claims()
    if checked:
        loader.check_quotes_in_corpus(texts)
    elif not quotes:
        loader.check_offsets_present()
    else:
        loader.notes.append(f"corpus not found at {corpus_dir}: quotes were not checked against "
                            "the texts (set FOIP_CORPUS or pass --corpus to check them)")
        loader.check_offsets_present()
    claims, where = loader.merged_claims()
    loader.summarise_lost()
    problems = sorted(set(loader.problems), key=loader.order)
    dataset = None
    if not problems:
        where.update(loader.entity_at)
        dataset = Dataset(root, loader.sources, loader.entities, claims, where)
        if cache is not None:
            loader.keep_entries()
    return Report(problems, loader.notes, dataset, corpus_dir, dict(sorted(loader.proposed.items())),
                  checked)


# ---------------------------------------------------------------- small helpers


def _copy(item: _LineDict, *, drop: Iterable[str] = (), **changes: Any) -> _LineDict:
    """A copy of a mapping, with its line numbers, less ``drop`` and with ``changes``."""
    out = _LineDict({k: v for k, v in item.items() if k not in set(drop)})
    out.update(changes)
    out.line, out.key_lines, out.bools = item.line, item.key_lines, item.bools
    return out


def _observations(raw: Any, source: str) -> Any:
    """``observed`` as a list of {date, source} mappings: a bare date (or a list of them)
    is an observation by the claims file's own source."""
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for entry in items:
        if isinstance(entry, _LineDict):
            out.append(_copy(entry, source=entry.get("source", source)))
        elif isinstance(entry, (str, int)) and not isinstance(entry, bool):
            out.append({"date": entry, "source": source})
        else:
            out.append(entry)
    return out


_LOST = {  # the summary line after a file that did not load
    "entities": "{refs} to entities of this file {were} not checked, since it did not load",
    "unknown": "{refs} to entities no file defines {were} not checked: this file did not "
               "load, and they may be its entities",
    "sources": "{refs} to sources {were} not checked, since this file did not load",
}
_ID_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?id:[ \t]*[\"']?([a-z0-9]+(?:-[a-z0-9]+)*)[\"']?[ \t]*(?:#.*)?$",
                      re.MULTILINE)


def _ids_in(path: Path) -> list[str]:
    """The ids a file that did not load seems to define (its ``id:`` lines), so that
    references to them are summed up rather than each reported as unknown."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return []
        return _ID_LINE.findall(path.read_bytes().decode("utf-8", "replace"))
    except OSError:
        return []


def _nth_line(items: Any, n: int, default: int) -> int:
    if isinstance(items, list) and n < len(items):
        return getattr(items[n], "line", default)
    return default


def _line_for(raw: Any, loc: tuple) -> int:
    """The line of the deepest mapping or key that a pydantic error location reaches."""
    line = getattr(raw, "line", 1)
    node = raw
    for part in loc:
        if isinstance(node, _LineDict) and isinstance(part, str):
            line = node.line_of(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            line = getattr(node, "line", line)
        else:
            break
    return line


def _bool_text(raw: Any, loc: tuple) -> str | None:
    """The text YAML read as true or false at a pydantic error location (``NO``, ``yes``)."""
    node = raw
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    bools = getattr(node, "bools", None)
    return bools.get(loc[-1]) if bools and loc else None


def _explain(model: type[BaseModel], what: str, err: dict, fields: Iterable[str] | None,
             raw: Any = None) -> str:
    field_path = ".".join(str(p) for p in err["loc"])
    kind = err["type"]
    written = _bool_text(raw, err["loc"]) if isinstance(err.get("input"), bool) else None
    if written is not None:
        return (f"{field_path}: YAML reads {written} as {str(err['input']).lower()}, not as text; "
                f"put it in quotes: {err['loc'][-1]}: \"{written}\"")
    if kind == "extra_forbidden":
        if "evidence" in err["loc"][:-1]:
            fields = Evidence.model_fields
        fields = list(fields if fields is not None else model.model_fields)
        close = difflib.get_close_matches(str(err["loc"][-1]), fields, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return f"unknown field {err['loc'][-1]!r} in {what}; {hint}valid fields: {', '.join(fields)}"
    if kind == "missing":
        return f"{what} is missing the required field {field_path!r}"
    value = _shown(err.get("input"))
    if kind == "string_pattern_mismatch" and err["loc"][-1] == "id":
        return f"id {value} is not a slug: use lowercase letters, digits and single hyphens (e.g. 'south-korea')"
    if kind == "string_pattern_mismatch":
        return f"{field_path} {value} does not have the expected form ({err['ctx']['pattern']})"
    if kind == "value_error":
        return f"{field_path}: {str(err['ctx']['error'])}"
    return f"{field_path}: {err['msg']} (got {value})"


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(value: Any) -> str:
    """``repr(value)``, cut to about :data:`SHOWN_CHARS` characters for a message."""
    text = repr(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"
