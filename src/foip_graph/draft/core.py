"""Draft a new text against the graph: mentions, candidate entities, dates and claims."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..dates import PartialDate
from . import DEFAULT_MIN_CONFIDENCE
from ..evidence import Span as RawSpan
from ..evidence import sha256_text
from ..kb import KnowledgeBase
from ..model import Evidence, Source
from .claims import (FIRST_PERSON_PLURAL, FIRST_PERSON_SINGULAR, SECOND_PERSON, Named, Proposal, between,
                     pair_features, pairs, propose)
from .cues import CueModel, QualifierModel, RelatednessModel, read_quotes
from .dates import DateMention, find_dates
from .gazetteer import Gazetteer, Hit
from .names import Candidate, Found, NameModel, context, find_candidates, is_heading, key, merge, slug
from .text import DraftText, Sentence


@dataclass(frozen=True)
class Mention:
    """A name in the text, at raw offsets ``[start, end)``, as the text writes it."""

    entity: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class StatedDate:
    """A date the text states, resolved to a partial ISO date."""

    text: str
    value: PartialDate
    start: int
    end: int
    note: str | None


@dataclass
class DraftEntity:
    """A candidate new entity with its mentions; ``date`` and its evidence for events."""

    id: str
    kind: str
    name: str
    aliases: list[str]
    rule: str
    confidence: float
    mentions: list[Mention]
    date: PartialDate | None = None
    date_evidence: Evidence | None = None


@dataclass
class DraftClaim:
    """A candidate claim, its quote the sentence it was read from."""

    subject: str
    predicate: str
    object: str
    evidence: Evidence
    confidence: float
    qualifiers: dict[str, PartialDate] = field(default_factory=dict)
    note: str | None = None
    alternatives: list[tuple[str, str, str, float]] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """Everything drafted from one text."""

    source: Source
    mentions: list[Mention]
    entities: list[DraftEntity]
    dates: list[StatedDate]
    claims: list[DraftClaim]
    seconds: float = 0.0


def draft(raw: str, source: Source, kb: KnowledgeBase, corpus: Path | None = None, *,
          min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> Draft:
    """Draft ``raw`` (the text of ``source``) against the graph in ``kb``.

    With ``corpus`` (the folder of the graph's source texts), which pairs of names make
    claims is learnt from the graph's own documents; without it, from how close they are.
    Candidate claims less likely than ``min_confidence`` are left out.
    """
    began = time.perf_counter()
    text = DraftText(raw)
    gazetteer = Gazetteer(kb.entities.values())
    hits = [gazetteer.find(doc) for _, doc in text.docs]
    quotes = read_quotes(kb.claims, gazetteer)
    names = NameModel(kb.entities.values(), kb.claims)
    for doc, doc_hits in [*quotes.values(), *((doc, h) for (_, doc), h in zip(text.docs, hits))]:
        names.learn_contexts(doc, doc_hits, gazetteer.kinds)
    lower_words = {t.lower_ for _, doc in text.docs for t in doc if t.is_alpha and t.text.islower()}
    headings = [is_heading(doc) for _, doc in text.docs]
    breaks = [text.line_breaks(base, doc) for base, doc in text.docs]
    mid_capitals = {t.text for (_, doc), heading, lines in zip(text.docs, headings, breaks) if not heading
                    for t in doc[1:] if t.is_alpha and t.text[0].isupper() and doc[t.i - 1].is_alpha
                    and t.i not in lines}
    found = [find_candidates(doc, doc_hits, names, lower_words, mid_capitals, lines, heading)
             for (_, doc), doc_hits, heading, lines in zip(text.docs, hits, headings, breaks)]
    candidates = _candidates(found, [doc for _, doc in text.docs], names)
    cand_gazetteer = Gazetteer(candidates)
    layers = [_layer(doc, doc_hits, cand_gazetteer.find(doc)) for (_, doc), doc_hits in zip(text.docs, hits)]
    kinds = {**gazetteer.kinds}
    _vote_kinds(candidates, layers, text, kinds)
    kinds.update({c.id: c.kind for c in candidates})
    dates = {s.index: find_dates(s.text, source.date) for s in text.sentences}
    cues = CueModel(kb.entities, kb.claims, quotes)
    qualifiers = QualifierModel(kb.claims, kb.sources)
    related = _relatedness(kb, corpus, gazetteer, source.id) if corpus is not None else None

    def chance(a: Named, b: Named, named: list[Named]) -> float:
        if related is None:
            return 1 / (1 + between(a, b, named))
        return related.probability(pair_features(a, b, named))

    mentions, cand_mentions, proposals = [], defaultdict(list), []
    for d, ((base, doc), layer) in enumerate(zip(text.docs, layers)):
        mentions += [_mention(text, base, doc, h) for h in hits[d]]
        for h in layer:
            if h.entity not in gazetteer.kinds:
                cand_mentions[h.entity].append(_mention(text, base, doc, h))
    for doc, sentence, named in _sentence_names(text, layers, gazetteer, kinds, _voice(hits, gazetteer)):
        proposals += propose(doc, sentence, named, dates[sentence.index], cues, qualifiers, chance)
    entities = _finish_entities(candidates, cand_mentions, text, dates, set(kb.entities), source)
    ids = {m.entity: e.id for e in entities for m in e.mentions}
    entities = [_renamed(e, ids) for e in entities]
    claims = [c for c in _claims(proposals, text, source, ids) if c.confidence >= min_confidence]
    stated = sorted({StatedDate(d.text, d.value, *_raw(text, s, d), d.note)
                     for s in text.sentences for d in dates[s.index]}, key=lambda d: (d.start, d.end))
    return Draft(source, mentions, entities, stated, claims, time.perf_counter() - began)


# ---------------------------------------------------------------- helpers


def _sentence_names(text: DraftText, layers: list[list[Hit]], gazetteer: Gazetteer,
                    kinds: dict[str, str], voice: str | None):
    """(doc, sentence, the entities it names or speaks for) for every sentence.

    An interview turn ("Motegi: ...") goes on until the next one; in an interview of two,
    "you" in one's turn is the other.
    """
    sentences_of = _sentences_by_doc(text)
    labels = [_speaker(doc, layer, kinds) for (_, doc), layer in zip(text.docs, layers)]
    speakers = list(dict.fromkeys(label.entity for label in labels if label is not None))
    current = None
    for d, ((_, doc), layer) in enumerate(zip(text.docs, layers)):
        parts = _parts(doc, gazetteer, layer)
        current = labels[d].entity if labels[d] is not None else current
        other = next((s for s in speakers if s != current), None) if len(speakers) == 2 else None
        for sentence in sentences_of[d]:
            yield doc, sentence, _named(doc, sentence, layer, parts, kinds, voice, labels[d],
                                        current, other)


def _relatedness(kb: KnowledgeBase, corpus: Path, gazetteer: Gazetteer,
                 drafted: str) -> RelatednessModel | None:
    """The relatedness model, from every other source whose text is in the corpus."""
    model = RelatednessModel()
    quoted: dict[str, list[tuple[frozenset, int, int]]] = defaultdict(list)
    for claim in kb.claims:
        for ev in claim.evidence if claim.object else ():
            quoted[ev.source].append((frozenset((claim.subject, claim.object)), ev.start, ev.end))
    for source in kb.sources.values():
        path = Path(corpus) / source.file
        if source.id == drafted or not path.is_file() or sha256_text(path) != source.sha256:
            continue
        text = DraftText(path.read_text(encoding="utf-8"))
        hits = [gazetteer.find(doc) for _, doc in text.docs]
        for _, sentence, named in _sentence_names(text, hits, gazetteer, gazetteer.kinds,
                                                  _voice(hits, gazetteer)):
            for a, b in pairs(named):
                pair = frozenset((a.entity, b.entity))
                yes = any(p == pair and s < sentence.end and sentence.start < e
                          for p, s, e in quoted[source.id])
                model.add(pair_features(a, b, named), yes)
    return model if model.pairs else None


def _sentences_by_doc(text: DraftText) -> list[list[Sentence]]:
    index = {id(doc): d for d, (_, doc) in enumerate(text.docs)}
    out: list[list[Sentence]] = [[] for _ in text.docs]
    for sentence in text.sentences:
        out[index[id(sentence.span.doc)]].append(sentence)
    return out


def _raw(text: DraftText, sentence: Sentence, d: DateMention) -> tuple[int, int]:
    span = text.raw_span(sentence.norm_start + d.start, sentence.norm_start + d.end)
    return span.start, span.end


def _mention(text: DraftText, base: int, doc: Doc, hit: Hit) -> Mention:
    a = base + doc[hit.start].idx
    b = base + doc[hit.end - 1].idx + len(doc[hit.end - 1].text)
    span = text.raw_span(a, b)
    return Mention(hit.entity, text.clean(a, b), span.start, span.end)


def _layer(doc: Doc, known: list[Hit], candidates: list[Hit]) -> list[Hit]:
    """Known and candidate names together, longest first, none inside another."""
    spans = [Span(doc, h.start, h.end, label=h.entity) for h in known + candidates]
    return [Hit(s.label_, s.start, s.end) for s in sorted(filter_spans(spans), key=lambda s: s.start)]


def _parts(doc: Doc, gazetteer: Gazetteer, layer: list[Hit]) -> dict[tuple[int, int], list[Hit]]:
    """The known names a hyphenated compound is made of ("Japan-U.S.-ROK")."""
    out = {}
    for hit in layer:
        inner = doc[hit.start:hit.end]
        if not any(t.text == "-" and not t.whitespace_ for t in inner):
            continue
        sub = gazetteer.find(inner.as_doc())
        pieces = [Hit(h.entity, h.start + hit.start, h.end + hit.start) for h in sub if h.entity != hit.entity]
        if len(pieces) >= 2:
            out[hit.start, hit.end] = pieces
    return out


def _speaker(doc: Doc, layer: list[Hit], kinds: dict[str, str]) -> Hit | None:
    """The person whose turn a unit is ("Motegi: ..."), named first and followed by a colon."""
    if layer and layer[0].start == 0 and kinds.get(layer[0].entity) == "person" \
            and layer[0].end < len(doc) and doc[layer[0].end].text == ":":
        return layer[0]
    return None


def _named(doc: Doc, sentence: Sentence, layer: list[Hit], parts: dict, kinds: dict[str, str],
           voice: str | None, label: Hit | None, speaker: str | None, listener: str | None) -> list[Named]:
    start, end = sentence.span.start, sentence.span.end
    named = []
    for hit in layer:
        if not (start <= hit.start and hit.end <= end) or hit == label:
            continue
        named.append(Named(hit.entity, kinds[hit.entity], hit.start, hit.end))
        for part in parts.get((hit.start, hit.end), []):
            named.append(Named(part.entity, kinds[part.entity], part.start, part.end))
    present = {n.entity for n in named}
    for token in doc[start:end]:
        if token.lower_ in FIRST_PERSON_PLURAL or token.text == "us":  # "US" is a country
            who = voice
        elif token.lower_ in FIRST_PERSON_SINGULAR:
            who = speaker
        elif token.lower_ in SECOND_PERSON:
            who = listener
        else:
            continue
        if who and who not in present:
            named.append(Named(who, kinds[who], token.i, token.i + 1, via=f"'{token.text}' read as {who}"))
            present.add(who)
    return sorted(named, key=lambda n: n.start)


def _voice(hits: list[list[Hit]], gazetteer: Gazetteer) -> str | None:
    """The country the text names most: who "we" are."""
    counts = Counter(h.entity for doc_hits in hits for h in doc_hits if gazetteer.kinds[h.entity] == "country")
    return min(counts, key=lambda e: (-counts[e], e)) if counts else None


def _candidates(found: list[list[Found]], docs: list[Doc], names: NameModel) -> list[Candidate]:
    """One candidate per distinct new name (acronyms joined to their expansion), in order of
    first appearance, with its kind from its words and the words around it; none the graph
    already knows."""
    flat = [f for doc_found in found for f in doc_found]
    order = {id(f): n for n, f in enumerate(flat)}
    contexts = {id(f): context(doc, f.start, f.end) for doc, doc_found in zip(docs, found) for f in doc_found}
    out = []
    for items in sorted(merge(flat).values(), key=lambda items: min(order[id(i)] for i in items)):
        labels = list(dict.fromkeys([*[i.name for i in items], *[i.alias for i in items if i.alias]]))
        if any(key(label) in names.known_keys for label in labels):
            continue
        acronym = next((i for i in items if i.rule == "acronym"), None)
        name = acronym.name if acronym else items[0].name
        forced = next((i.kind for i in items if i.kind), None)
        kind, confidence = (forced, 0.9) if forced else names.kind_of(
            name, [c for i in items for c in contexts[id(i)]])
        aliases = [label for label in labels if key(label) != key(name)]
        candidate = Candidate(name, kind, (acronym or items[0]).rule, aliases,
                              confidence=round(confidence, 4))
        candidate.key = f"candidate-{len(out) + 1}"
        candidate.base = slug(acronym.alias) if acronym else slug(name)
        out.append(candidate)
    return out


_LIST_GLUE = {",", "and", "or", "/", "&", "the", "(", ")", ";"}


def _vote_kinds(candidates: list[Candidate], layers: list[list[Hit]], text: DraftText,
                kinds: dict[str, str]) -> None:
    """A candidate listed beside known names takes their kind when the name model is unsure
    ("Bahrain, Saudi Arabia, Oman" among known countries are countries)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for (_, doc), layer in zip(text.docs, layers):
        for n, hit in enumerate(layer):
            for other in (layer[n - 1] if n else None, layer[n + 1] if n + 1 < len(layer) else None):
                if other is None or other.entity not in kinds:
                    continue
                a, b = sorted([(hit.start, hit.end), (other.start, other.end)])
                if all(t.text in _LIST_GLUE for t in doc[a[1]:b[0]]) and b[0] > a[1]:
                    votes[hit.entity][kinds[other.entity]] += 1
    for candidate in candidates:
        tally = votes.get(candidate.key)
        if candidate.rule in {"title", "speaker", "topic"} or not tally:
            continue
        kind, n = min(tally.items(), key=lambda kv: (-kv[1], kv[0]))
        share = n / sum(tally.values())
        if kind != candidate.kind and share * 0.9 > candidate.confidence:
            candidate.kind, candidate.confidence = kind, round(share * 0.9, 4)


def _renamed(entity: DraftEntity, ids: dict[str, str]) -> DraftEntity:
    entity.mentions = [Mention(ids[m.entity], m.text, m.start, m.end) for m in entity.mentions]
    return entity


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _finish_entities(candidates: list[Candidate], mentions: dict[str, list[Mention]], text: DraftText,
                     dates: dict[int, list[DateMention]], known_ids: set[str],
                     source: Source) -> list[DraftEntity]:
    """Ids in the graph's style (an event's with its date), and an event's stated date with
    the sentence that states it."""
    taken = set(known_ids)
    out = []
    for c in candidates:
        own = sorted(set(mentions.get(c.key, [])), key=lambda m: m.start)
        if not own:  # every occurrence lies inside a longer name
            continue
        date, evidence, base = None, None, c.base or "entity"
        if c.kind == "event" and own:
            sentence = text.sentence_at(own[0].start)
            stated = dates.get(sentence.index, []) if sentence else []
            if stated:
                date = stated[0].value
                span = RawSpan(sentence.start, sentence.end)
                prefix, suffix = text.context(span)
                evidence = Evidence(source=source.id, quote=sentence.text, start=span.start,
                                    end=span.end, prefix=prefix, suffix=suffix)
                base = f"{base}-{slug(str(date))}" if not base.endswith(str(date.year)) else base
        out.append(DraftEntity(_unique(base, taken), c.kind, c.name, c.aliases, c.rule, c.confidence,
                               own, date, evidence))
    return out


def _claims(proposals: list[Proposal], text: DraftText, source: Source,
            ids: dict[str, str]) -> list[DraftClaim]:
    out, seen = [], set()
    for p in proposals:
        p.subject, p.object = ids.get(p.subject, p.subject), ids.get(p.object, p.object)
        p.alternatives = [(q, ids.get(a, a), ids.get(b, b), x) for q, a, b, x in p.alternatives]
        key = (p.subject, p.predicate, p.object, p.sentence.index)
        if key in seen:
            continue
        seen.add(key)
        span = RawSpan(p.sentence.start, p.sentence.end)
        prefix, suffix = text.context(span)
        evidence = Evidence(source=source.id, quote=p.sentence.text, start=span.start, end=span.end,
                            prefix=prefix, suffix=suffix)
        out.append(DraftClaim(p.subject, p.predicate, p.object, evidence, p.confidence,
                              dict(p.qualifiers), "; ".join(dict.fromkeys(p.notes)) or None,
                              p.alternatives, p.cues))
    return out
