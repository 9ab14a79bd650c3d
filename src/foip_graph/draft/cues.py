"""Which predicate a sentence suggests for two entities, learnt from the graph's own quotes.

For every curated claim between two entities, the words of its evidence quote are counted
for its predicate: the words *between* the two names (``b:``) apart from the rest (``s:``),
stemmed, stop words and the names themselves left out. The kinds of subject and object
give a prior: among the predicates the vocabulary allows for those kinds, how often the
graph uses each. Each predicate's own label ("member of", "visited") seeds its cues, so a
predicate the vocabulary gains is suggested before any claim uses it.

A second model learns, from the claims whose quote states their date, which words before a
date make it a ``start`` ("since", "took office on"), an ``end`` ("until", "stepped down
in") or a plain ``date``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

import snowballstemmer
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from ..evidence import normalize_quote
from ..model import Claim, Entity, Source
from ..vocabulary import VOCABULARY, Predicate
from .bayes import NaiveBayes, softmax
from .dates import find_dates
from .gazetteer import Gazetteer, Hit
from .text import nlp

QUALIFIERS = ("date", "start", "end")
BETWEEN_WEIGHT = 2  # the words between two names say most about how they are related
PRIOR_SMOOTHING = 0.2  # pseudo-claims per predicate allowed for a pair of kinds


@cache
def _stemmer():
    return snowballstemmer.stemmer("english")


@cache
def stem(word: str) -> str:
    """A word's Snowball stem, so that "joined" and "joins" are one cue.

    >>> stem("joined"), stem("members"), stem("visits")
    ('join', 'member', 'visit')
    """
    return _stemmer().stemWord(word.lower())


def cue_words(tokens: Iterable, blocked: set[int] = frozenset()) -> list[str]:
    """The stems of the content words among ``tokens``, none of them part of a name."""
    return [stem(t.text) for t in tokens
            if t.is_alpha and t.lower_ not in STOP_WORDS and t.i not in blocked and len(t.text) > 1]


def features(doc: Doc, a: tuple[int, int] | None, b: tuple[int, int] | None,
             sentence: tuple[int, int], blocked: set[int]) -> list[str]:
    """Cue features of two names (token ranges) in a sentence (a token range)."""
    if a is None or b is None:
        return [f"s:{w}" for w in cue_words(doc[sentence[0]:sentence[1]], blocked)]
    first, second = sorted([a, b])
    between = doc[first[1]:second[0]]
    rest = [t for t in doc[sentence[0]:sentence[1]] if not first[1] <= t.i < second[0]]
    inner = [f"b:{w}" for w in cue_words(between, blocked)]
    return inner * BETWEEN_WEIGHT + [f"s:{w}" for w in cue_words(rest, blocked)]


def allowed(kind_a: str, kind_b: str) -> list[tuple[Predicate, bool]]:
    """Entity predicates the vocabulary allows between kinds, with the direction: True for
    a as subject. A symmetric predicate appears once."""
    out = []
    for p in VOCABULARY.predicates.values():
        if p.is_literal or p.derived:  # a derived link is computed, never written
            continue
        forward = kind_a in p.subject_kinds and kind_b in p.object_kinds
        backward = kind_b in p.subject_kinds and kind_a in p.object_kinds
        if p.symmetric and (forward or backward):
            out.append((p, True))
            continue
        if forward:
            out.append((p, True))
        if backward:
            out.append((p, False))
    return out


Quotes = dict[str, tuple[Doc, list[Hit]]]


def read_quotes(claims: Iterable[Claim], gazetteer: Gazetteer) -> Quotes:
    """Every evidence quote of the graph, tokenised, with the known names in it."""
    out: Quotes = {}
    for claim in claims:
        for evidence in claim.evidence:
            if evidence.quote not in out:
                doc = nlp().make_doc(normalize_quote(evidence.quote))
                out[evidence.quote] = (doc, gazetteer.find(doc))
    return out


class CueModel:
    """Predicate cues and the kinds' prior, counted from the graph's claims."""

    def __init__(self, entities: dict[str, Entity], claims: Iterable[Claim], quotes: Quotes) -> None:
        self.words = NaiveBayes(alpha=0.5)
        self.prior: Counter = Counter()
        self.examples = 0
        for p in VOCABULARY.predicates.values():
            if not p.is_literal and not p.derived:
                words = re.findall(r"[a-z]+", f"{p.label} {p.name}".lower())
                seeds = [stem(w) for w in words if w not in STOP_WORDS] or [stem(w) for w in words]
                self.words.add(p.name, [f"{part}:{w}" for w in seeds for part in "bs"])
        for claim in claims:
            if claim.object is None or claim.subject not in entities or claim.object not in entities:
                continue
            ks, ko = entities[claim.subject].kind, entities[claim.object].kind
            self.prior[claim.predicate, ks, ko] += 1
            for evidence in claim.evidence:
                self.words.add(claim.predicate, self._quote_features(*quotes[evidence.quote], claim),
                               1 / len(claim.evidence))
            self.examples += 1

    @staticmethod
    def _quote_features(doc: Doc, hits: list[Hit], claim: Claim) -> list[str]:
        blocked = {i for h in hits for i in range(h.start, h.end)}
        span = _nearest(hits, claim.subject, claim.object)
        a, b = span if span else (None, None)
        return features(doc, a, b, (0, len(doc)), blocked)

    def rank(self, kind_a: str, kind_b: str, cues: list[str]) -> list[tuple[str, bool, float]]:
        """(predicate, a is subject, probability) for every predicate the kinds allow,
        best first."""
        options = allowed(kind_a, kind_b)
        if not options:
            return []
        prior = {}
        for p, forward in options:
            ks, ko = (kind_a, kind_b) if forward else (kind_b, kind_a)
            seen = self.prior[p.name, ks, ko] + (self.prior[p.name, ko, ks] if p.symmetric else 0)
            prior[_key(p.name, forward)] = seen + PRIOR_SMOOTHING
        names = {_key(p.name, f): (p.name, f) for p, f in options}
        total = sum(prior.values())
        posterior = softmax({key: math.log(prior[key] / total) + self.words.log_likelihood(name, cues)
                             for key, (name, _) in names.items()})
        ranked = sorted(names, key=lambda k: (-posterior[k], k))
        return [(*names[k], posterior[k]) for k in ranked]


def _key(name: str, forward: bool) -> str:
    return f"{name}:{'>' if forward else '<'}"


def _nearest(hits: list[Hit], a: str, b: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The closest pair of hits naming ``a`` and ``b``."""
    best = None
    for x in hits:
        if x.entity != a:
            continue
        for y in hits:
            if y.entity != b:
                continue
            gap = abs(x.start - y.start)
            if best is None or gap < best[0]:
                best = (gap, (x.start, x.end), (y.start, y.end))
    return best[1:] if best else None


class QualifierModel:
    """Whether a stated date is a claim's ``date``, ``start`` or ``end``, by the words
    before it, counted from the claims whose quote states their own date."""

    WINDOW = 3

    def __init__(self, claims: Iterable[Claim], sources: dict[str, Source]) -> None:
        self.words = NaiveBayes(alpha=0.5)
        self.prior: Counter = Counter({q: 1 for q in QUALIFIERS})
        for claim in claims:
            wanted = {str(getattr(claim, q)): q for q in QUALIFIERS if getattr(claim, q) is not None}
            for evidence in claim.evidence if wanted else ():
                source = sources.get(evidence.source)
                if source is None:
                    continue
                quote = normalize_quote(evidence.quote)
                for mention in find_dates(quote, source.date):
                    qualifier = wanted.get(str(mention.value))
                    if qualifier:
                        self.prior[qualifier] += 1
                        self.words.add(qualifier, self.before(quote, mention.start))

    @classmethod
    def before(cls, text: str, start: int) -> list[str]:
        words = re.findall(r"[A-Za-z]+", text[:start])[-cls.WINDOW:]
        return [stem(w) for w in words]

    def qualifier(self, text: str, start: int) -> str:
        total = sum(self.prior.values())
        posterior = self.words.posterior(self.before(text, start), QUALIFIERS,
                                         {q: n / total for q, n in self.prior.items()})
        return max(QUALIFIERS, key=lambda q: (posterior[q], q == "date"))


class RelatednessModel:
    """How likely two names of a sentence are to be a claim's subject and object, counted
    over the graph's own documents: every pair of names in a sentence of a curated text
    is a yes when a curated claim links the two with a quote in that sentence."""

    def __init__(self) -> None:
        self.words = NaiveBayes(alpha=0.5)
        self.prior: Counter = Counter()

    def add(self, features: list[str], related: bool) -> None:
        label = "yes" if related else "no"
        self.prior[label] += 1
        self.words.add(label, features)

    @property
    def pairs(self) -> int:
        return sum(self.prior.values())

    def probability(self, features: list[str]) -> float:
        total = sum(self.prior.values())
        prior = {k: (self.prior[k] + 1) / (total + 2) for k in ("yes", "no")}
        return self.words.posterior(features, ("yes", "no"), prior)["yes"]
