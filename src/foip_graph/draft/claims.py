"""Candidate claims: for each sentence naming two entities, the predicate its words suggest.

Entities are the known and candidate names of the sentence, the parts of a hyphenated
compound ("Japan-U.S.-ROK" names Japan, the United States and the ROK), and the voices of
the text: "we" and "our" are the country the text names most, "I" and "my" the speaker of
an interview turn ("Motegi: ..."), "you" the other speaker of an interview of two. For every pair the vocabulary allows a predicate
between, the cue model ranks the predicates; pairs far apart in a long list are less
likely to be related, so each claim's confidence is the predicate's probability times a
closeness factor. Stated dates become ``date``, ``start`` or ``end`` of the claims nearest
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..dates import PartialDate
from .cues import CueModel, QualifierModel, features
from .dates import DateMention
from .text import Sentence

FIRST_PERSON_PLURAL = {"we", "our", "ours", "ourselves"}
FIRST_PERSON_SINGULAR = {"i", "my", "me", "myself"}
SECOND_PERSON = {"you", "your", "yourself"}
ALTERNATIVE_RATIO = 0.5  # an alternative is listed when at least half as likely as the best


@dataclass(frozen=True)
class Named:
    """An entity named (or spoken for) in a sentence: tokens ``[start, end)`` of its doc."""

    entity: str
    kind: str
    start: int
    end: int
    via: str | None = None  # how an implicit mention was read: "'we' read as japan"


@dataclass
class Proposal:
    """One candidate claim before it is written."""

    subject: str
    predicate: str
    object: str
    sentence: Sentence
    confidence: float
    alternatives: list[tuple[str, str, str, float]] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    qualifiers: dict[str, PartialDate] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def between(a: Named, b: Named, named: list[Named]) -> int:
    """How many other names lie between two."""
    first, second = sorted([a, b], key=lambda n: n.start)
    return sum(1 for n in named if first.end <= n.start and n.end <= second.start
               and n.entity not in {a.entity, b.entity})


def pair_features(a: Named, b: Named, named: list[Named]) -> list[str]:
    """What makes two names of a sentence likely to be related, for the relatedness model."""
    kinds = "+".join(sorted([a.kind, b.kind]))
    voice = "voice" if a.via or b.via else "named"
    n = len({x.entity for x in named})
    return [f"kinds:{kinds}", f"between:{min(between(a, b, named), 3)}", f"names:{min(n, 6)}",
            f"via:{voice}", f"kinds-between:{kinds}:{min(between(a, b, named), 2)}"]


def pairs(named: list[Named]) -> list[tuple[Named, Named]]:
    """Each two distinct entities of a sentence, at their first mention, in text order."""
    first: dict[str, Named] = {}
    for n in named:
        first.setdefault(n.entity, n)
    people = list(first.values())
    return [(a, b) for i, a in enumerate(people) for b in people[i + 1:]]


def propose(doc: Doc, sentence: Sentence, named: list[Named], dates: list[DateMention],
            cues: CueModel, qualifiers: QualifierModel, related) -> list[Proposal]:
    """Candidate claims of one sentence; ``related`` gives two names' chance of a claim."""
    start, end = sentence.span.start, sentence.span.end
    blocked = {i for n in named for i in range(n.start, n.end)}
    first = {}
    for n in named:
        first.setdefault(n.entity, n)
    out = []
    for a, b in pairs(named):
        ranked = cues.rank(a.kind, b.kind, features(doc, (a.start, a.end), (b.start, b.end),
                                                    (start, end), blocked))
        if not ranked:
            continue
        name, forward, probability = ranked[0]
        subject, obj = (a, b) if forward else (b, a)
        chance = related(a, b, named)
        alternatives = [(p, (a if f else b).entity, (b if f else a).entity, round(q * chance, 4))
                        for p, f, q in ranked[1:4] if q >= ALTERNATIVE_RATIO * probability]
        proposal = Proposal(subject.entity, name, obj.entity, sentence, round(probability * chance, 4),
                            alternatives, notes=[n.via for n in (subject, obj) if n.via])
        proposal.cues = sorted({f.split(":", 1)[1] for f in features(
            doc, (a.start, a.end), (b.start, b.end), (start, end), blocked) if f.startswith("b:")})
        out.append(proposal)
    _date(out, doc, sentence, dates, qualifiers, first)
    return out


def _date(proposals: list[Proposal], doc: Doc, sentence: Sentence, dates: list[DateMention],
          qualifiers: QualifierModel, first: dict[str, Named]) -> None:
    """Give each stated date to the claims whose names lie nearest it."""
    def span(p: Proposal) -> tuple[int, int]:
        ends = [first[p.subject], first[p.object]]
        chars = [(doc[n.start].idx, doc[n.end - 1].idx + len(doc[n.end - 1].text))
                 for n in ends if not n.via]
        if not chars:
            return (sentence.norm_start - sentence.base, sentence.norm_start - sentence.base)
        return (min(c[0] for c in chars), max(c[1] for c in chars))

    offset = sentence.norm_start - sentence.base  # sentence-text offsets -> doc character offsets
    for mention in dates:
        at = mention.start + offset
        distance = {id(p): max(0, span(p)[0] - at, at - span(p)[1]) for p in proposals}
        if not distance:
            return
        nearest = min(distance.values())
        qualifier = qualifiers.qualifier(sentence.text, mention.start)
        for p in proposals:
            if distance[id(p)] == nearest and qualifier not in p.qualifiers:
                p.qualifiers[qualifier] = mention.value
                if mention.note:
                    p.notes.append(mention.note)
