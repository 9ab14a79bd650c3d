"""The second reading's rules hold over the whole bundled dataset (issue 15).

Each test is a rule of docs/curation.md ("The second reading") applied to every claim or
entity; where the data keeps an exception, it is listed here with its reason, so a new
exception is a decision someone wrote down.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

import foip_graph
from foip_graph.evidence import IndexedText
from foip_graph.resolve import name_key

ACTORS = frozenset({"country", "person", "organization", "framework"})

# Issues the texts name only as the subject matter of a meeting, an agreement, a project or
# a broader issue, with no state or body behind them; and one event told in the passive.
TOPICS_WITHOUT_AN_ACTOR = {
    **dict.fromkeys([
        "african-development", "agricultural-forestry-and-fishery-products", "automobile-trade",
        "connectivity", "development", "digital-technology", "disarmament-and-non-proliferation",
        "disaster-recovery", "downside-risks-to-the-world-economy", "electronics",
        "fourth-industrial-revolution", "freedom-to-decide-for-themselves", "global-governance",
        "globalization", "human-rights", "illegal-fishing", "indo-pacific-resilience", "iot",
        "maritime-order", "maritime-security", "maritime-smuggling", "quotas",
        "restructuring-of-global-value-chains", "robots", "safety-of-japanese-nationals", "sdgs",
        "terrorism", "un-security-council-reform", "us-beef-losing-out",
    ], "a topic: what a meeting, agreement, project or wider issue addresses; no actor is named"),
    "detention-of-japanese-researcher-in-china-2019": "told in the passive: the text names no detaining authority",
}


@pytest.fixture(scope="module")
def kg():
    return foip_graph.load()


def _other(claim, me):
    return claim.object if claim.subject == me else claim.subject


def test_every_issue_and_event_is_linked_to_an_actor(kg):
    kb = kg.kb
    unlinked = sorted(e.id for e in kb.entities.values() if e.kind in ("issue", "event")
                      and not any(c.object and kb.entities[_other(c, e.id)].kind in ACTORS
                                  for c in kb.claims_of(e.id)))
    assert unlinked == sorted(TOPICS_WITHOUT_AN_ACTOR)


def test_no_two_entities_differ_only_by_a_possessive_or_word_order(kg):
    groups = defaultdict(list)
    for e in kg.kb.entities.values():
        words = re.sub(r"[’']s\b", "", e.name.casefold()).replace("-", " ").split()
        groups[tuple(sorted(words))].append(e.id)
    assert [ids for ids in groups.values() if len(ids) > 1] == []


def _labels_in(text: str, entities) -> set[str]:
    """Ids of the entities whose name or alias the text contains as whole words (case as
    written for short acronyms, so "US" is not "us")."""
    found = set()
    for e in entities:
        for label in e.labels:
            if len(label) < 3:
                continue
            flags = 0 if label.isupper() else re.I
            if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text, flags):
                found.add(e.id)
                break
    return found


# Notes that name an entity the claim does not hold, kept because they only explain:
# (subject, predicate, object, the entity named) -> why.
NOTES_THAT_NAME_AN_ENTITY = {
    **{(s, "funds", o, "development"): "'development aid' names the kind of aid, not the issue"
       for s, o in [("japan", "bakamla-capacity-project"), ("japan", "pohnpei-port-expansion"),
                    ("japan", "palau-international-airport-support")]},
    ("japan", "supports", "multilateral-international-order", "tanaka-akihiko"): "who says it",
    **{(s, "benefits", o, speaker): "who says it: the speakers' words the reading rests on"
       for s in ("foip", "bri") for o in ("southeast-asia", "south-asia")
       for speaker in ("tanaka-akihiko", "motegi-toshimitsu")},
}


def test_notes_explain_and_carry_no_fact(kg):
    """An entity a note names is the claim's subject or object, or linked to one of them
    by a claim: a note never holds a relationship that no claim holds."""
    kb = kg.kb
    carried = []
    for c in kb.claims:
        if not c.note:
            continue
        ends = {c.subject, c.object} - {None}
        linked = {_other(x, end) for end in ends for x in kb.claims_of(end) if x.object} | ends
        for named in sorted(_labels_in(c.note, kb.entities.values()) - linked):
            if (c.subject, c.predicate, c.object, named) not in NOTES_THAT_NAME_AN_ENTITY:
                carried.append((kb.where[c.id].file, kb.where[c.id].line, named, c.note))
    assert carried == []


def _is_question(text: IndexedText, start: int, end: int) -> bool:
    """Whether the sentence around the span ends with a question mark."""
    stop = re.compile(r"[.?!](?=\s|$)")
    match = stop.search(text.raw, end - 1)
    return bool(match) and match.group() == "?"


def test_no_concern_rests_only_on_a_question(kg, corpus):
    kb = kg.kb
    texts = {s.id: IndexedText((corpus / s.file).read_text(encoding="utf-8")) for s in kb.sources.values()}
    questions = [(c.subject, c.object) for c in kb.by_predicate.get("concerned_about", [])
                 if all(_is_question(texts[e.source], e.start, e.end) for e in c.evidence)]
    assert questions == []


FULL_NAMES = ("Motegi Toshimitsu", "Abe Shinzo", "Marco Rubio", "Donald Trump", "Xi Jinping",
              "Anwar Ibrahim", "Ngozi Okonjo-Iweala", "Robert Lighthizer", "Tanaka Akihiko",
              "Hosoya Yuichi", "Takaichi Sanae", "Kang Kyung-wha")


def test_a_person_is_found_by_the_full_name_the_texts_give(kg, corpus):
    texts = " ".join((corpus / s.file).read_text(encoding="utf-8") for s in kg.kb.sources.values())
    for name in FULL_NAMES:
        assert name in texts, name
        assert kg.entity(name).kind == "person", name


def test_names_are_one_entity_each(kg):
    owners = defaultdict(set)
    for e in kg.kb.entities.values():
        for label in e.labels:
            owners[name_key(label)].add(e.id)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


@pytest.mark.parametrize("a, b, predicate, stance", [
    ("Russia", "russian-invasion-of-ukraine", "carried_out_by", None),  # the actor behind an issue
    ("Israel", "gaza-conflict", "carried_out_by", None),
    ("FOIP", "BRI", "relations_with", "compatible"),  # "absolutely not in opposition"
    ("northern-territories-issue", "four-northern-islands", "located_in", None),  # an issue about a place
    ("strait-of-hormuz-meetings-2026", "strait-of-hormuz", "addresses", None),
])
def test_the_relations_the_first_reading_missed(kg, a, b, predicate, stance):
    assert (predicate, stance) in {(c.predicate, c.stance) for c in kg.between(a, b, derived=False)}
