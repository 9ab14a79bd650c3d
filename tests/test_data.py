"""The bundled dataset holds to the curation rules (docs/curation.md)."""

from __future__ import annotations

from collections import Counter

import pytest

from foip_graph.coverage import coverage
from foip_graph.evidence import IndexedText, Span
from foip_graph.kb import bundled_data_dir
from foip_graph.load import load_dataset
from foip_graph.resolve import name_key

# The share of substantive units each source's evidence covers: a floor that only goes up.
COVERAGE_FLOOR = {"roundtable-2020": 1.0, "dialogue-2026": 1.0, "briefing-2026": 1.0}
MAX_QUOTE = 300  # a phrase or a sentence, never a paragraph


def test_the_bundled_data_validates_with_the_corpus(corpus):
    report = load_dataset(bundled_data_dir(), corpus)
    assert report.problems == []
    assert report.notes == []


def test_the_bundled_data_validates_without_the_corpus(tmp_path):
    report = load_dataset(bundled_data_dir(), tmp_path / "no-corpus")
    assert report.problems == []
    assert len(report.notes) == 1


def test_every_quote_is_at_its_stored_span(kb, corpus):
    texts = {s.id: IndexedText((corpus / s.file).read_text(encoding="utf-8")) for s in kb.sources.values()}
    evidence = [e for c in kb.claims for e in c.evidence] + [
        e for ent in kb.entities.values() for e in ent.evidence]
    misplaced = [e.quote for e in evidence if not texts[e.source].matches(e.quote, Span(e.start, e.end))]
    assert misplaced == []
    assert len(evidence) > 900


def test_quotes_are_phrases_or_sentences_not_paragraphs(kb):
    long = [e.quote for c in kb.claims for e in c.evidence if len(e.quote) > MAX_QUOTE]
    assert long == []


def test_every_entity_takes_part_in_a_claim(kb):
    assert sorted(set(kb.entities) - set(kb.by_subject) - set(kb.by_object)) == []


def test_no_two_claims_are_the_same_statement(kb):
    assert [i for i, n in Counter(c.id for c in kb.claims).items() if n > 1] == []


def test_every_event_has_a_date(kb):
    assert [e.id for e in kb.entities.values() if e.kind == "event" and not (e.date or e.start)] == []


def test_every_office_holding_is_dated_or_says_why_not(kb):
    undated = [(c.subject, c.object) for c in kb.by_predicate["holds_office"]
               if not (c.start or c.end or c.started_by or c.ended_by or c.observed)
               and not (c.note and "undated" in c.note)]
    assert undated == []


def test_every_office_belongs_to_something(kb):
    offices = {e.id for e in kb.entities.values() if e.kind == "office"}
    assert offices - {c.subject for c in kb.by_predicate["office_of"]} == set()


def test_every_name_and_alias_resolves_to_exactly_one_entity(kb):
    for entity in kb.entities.values():
        for label in entity.labels:
            assert kb.entity(label).id == entity.id, label


def test_names_are_unique_once_normalised(kb):
    keys = Counter(name_key(label) for e in kb.entities.values() for label in {name_key(x): x for x in e.labels}.values())
    assert [k for k, n in keys.items() if n > 1] == []


def test_each_source_states_claims_and_bilateral_stances(kb):
    for source in kb.sources:
        stances = [c for c in kb.by_source[source] if c.predicate == "relations_with" and c.stance]
        assert len(kb.by_source[source]) >= 150, source
        assert len(stances) >= 3, source


@pytest.mark.parametrize("source", sorted(COVERAGE_FLOOR))
def test_coverage_does_not_fall_below_its_floor(kb, corpus, source):
    (result,) = [c for c in coverage(kb, corpus) if c.source == source]
    assert result.stale == []
    assert result.share >= COVERAGE_FLOOR[source], [u.text for u in result.missing]
