"""Reviewing a draft: accept, reject or edit each item still marked ``review: proposed``.

The file is edited in place, keeping its comments and layout (ruamel.yaml round trip), and
written atomically after every decision, so a review stopped halfway keeps what was
decided. Accepting drops the ``review`` line; rejecting drops the item, and rejecting an
entity drops the proposed claims that name it too; accepting an alternative puts its
predicate, subject and object in place of the claim's.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from .write import replace_file

REVIEW = "proposed"


@dataclass(frozen=True)
class Item:
    """A proposed entity or claim of a draft."""

    section: str  # "entities" or "claims"
    node: CommentedMap

    @property
    def alternatives(self) -> list:
        return list((self.node.get("draft") or {}).get("alternatives") or [])

    def describe(self) -> str:
        """Two or three lines for a terminal."""
        n, notes = self.node, self.node.get("draft") or {}
        if self.section == "entities":
            aliases = f"; also {', '.join(n.get('aliases') or [])}" if n.get("aliases") else ""
            mentions = len(notes.get("mentions") or [])
            return (f"entity {n.get('id')} ({n.get('kind')}): {n.get('name')}{aliases}; "
                    f"{mentions} mention{'' if mentions == 1 else 's'}, confidence {notes.get('confidence')}")
        qualifiers = "".join(f" {q}={n[q]}" for q in ("date", "start", "end") if q in n)
        quote = (n.get("evidence") or [{}])[0].get("quote", "")
        lines = [f"claim {n.get('subject')} {n.get('predicate')} {n.get('object')}{qualifiers}, "
                 f"confidence {notes.get('confidence')}", f"  quote: {quote}"]
        for number, alt in enumerate(self.alternatives, start=1):
            lines.append(f"  [{number}] {alt['subject']} {alt['predicate']} {alt['object']} "
                         f"(confidence {alt['confidence']})")
        return "\n".join(lines)


class Review:
    """A draft file open for review."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.yaml = YAML(typ="rt")
        self.yaml.preserve_quotes = True
        self.yaml.width = 4096
        self.yaml.indent(mapping=2, sequence=4, offset=2)
        self.doc = self.yaml.load(self.path.read_text(encoding="utf-8"))
        if not isinstance(self.doc, CommentedMap) or "claims" not in self.doc:
            raise ValueError(f"{self.path}: not a claims file (a mapping with source: and claims:)")

    @property
    def pending(self) -> list[Item]:
        """The items still proposed: entities first, then claims, in file order."""
        return [Item(section, node) for section in ("entities", "claims")
                for node in (self.doc.get(section) or []) if node.get("review") == REVIEW]

    def accept(self, item: Item, alternative: int | None = None) -> list[str]:
        """Accept an item (or its alternative number ``alternative``, from 1); returns the
        ids of proposed entities the accepted claim still names."""
        if alternative is not None:
            chosen = item.alternatives[alternative - 1]
            for key in ("subject", "predicate", "object"):
                item.node[key] = chosen[key]
        del item.node["review"]
        self.save()
        if item.section == "claims":
            waiting = {e.node.get("id") for e in self.pending if e.section == "entities"}
            return [ref for ref in (item.node.get("subject"), item.node.get("object")) if ref in waiting]
        return []

    def reject(self, item: Item) -> int:
        """Drop an item; for an entity, also the proposed claims naming it. Returns how
        many claims went with it."""
        self.doc[item.section].remove(item.node)
        dropped = 0
        if item.section == "entities":
            entity = item.node.get("id")
            for claim in [c for c in self.pending if c.section == "claims"]:
                if entity in (claim.node.get("subject"), claim.node.get("object")):
                    self.doc["claims"].remove(claim.node)
                    dropped += 1
        self.save()
        return dropped

    def save(self) -> None:
        buffer = io.StringIO()
        self.yaml.dump(self.doc, buffer)
        replace_file(self.path, buffer.getvalue().encode("utf-8"))
