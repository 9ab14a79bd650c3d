"""The model keeps everything the YAML says: YAML -> model -> dict gives the YAML back."""

from __future__ import annotations

import pytest
import yaml
from pydantic import ValidationError

from foip_graph.model import Claim, Entity, Evidence
from foip_graph.vocabulary import VOCABULARY

from .conftest import MINI


def test_entities_round_trip(mini):
    for path in sorted((MINI / "entities").glob("*.yaml")):
        kind = VOCABULARY.kind_for_plural(path.stem)
        for raw in yaml.load(path.read_text(), Loader=yaml.BaseLoader):
            entity = mini.entities[raw["id"]]
            dumped = entity.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
            assert dumped == {**_normalise(raw), "kind": kind}


def test_claims_round_trip(mini):
    raw_claims = yaml.load((MINI / "claims" / "memo.yaml").read_text(), Loader=yaml.BaseLoader)["claims"]
    assert len(raw_claims) == len(mini.claims)
    for raw, claim in zip(raw_claims, mini.claims):
        dumped = claim.model_dump(mode="json", exclude_defaults=True)
        expected = _normalise(raw)
        expected["evidence"] = [{"source": "memo", **e} for e in expected["evidence"]]
        assert dumped == expected


def _normalise(raw: dict) -> dict:
    """BaseLoader reads every scalar as text; give numbers back their type."""
    out = {}
    for key, value in raw.items():
        if key == "evidence":
            value = [{k: int(v) if k in ("start", "end") else v for k, v in e.items()} for e in value]
        elif key in ("birth_year",):
            value = int(value)
        out[key] = value
    return out


def test_claim_ids_depend_on_content_not_order():
    ev = (Evidence(source="s", quote="quote one"),)
    a = Claim(subject="x", predicate="allied_with", object="y", evidence=ev)
    b = Claim(subject="y", predicate="allied_with", object="x", evidence=(Evidence(source="t", quote="other"),))
    c = Claim(subject="x", predicate="member_of", object="y", evidence=ev)
    assert a.id == b.id  # symmetric: the same statement either way round, whatever the evidence
    assert a.id != c.id
    assert a.id.startswith("c-") and len(a.id) == 18


def test_a_copy_of_a_claim_has_the_id_of_its_own_content():
    """The id is made once per claim; a copy that states something else gets its own."""
    claim = Claim(subject="japan", predicate="allied_with", object="united-states",
                  evidence=[Evidence(source="briefing-2026", quote="Japan's sole ally")])
    assert claim.id == "c-33ee6160aea543c5"
    moved = claim.model_copy(update={"object": "australia"})
    assert moved.id == Claim(**{**claim.model_dump(), "object": "australia"}).id != claim.id
    assert claim.model_copy(update={"note": "the alliance"}).id == claim.id
    later = claim.model_copy()
    later._term = 2  # as identify() numbers a second claim of the same identity
    assert (later.id, claim.id) == ("c-33ee6160aea543c5-2", "c-33ee6160aea543c5")
    assert "id" not in claim.model_dump() and claim == Claim(**claim.model_dump())


def test_a_claim_needs_evidence():
    with pytest.raises(ValidationError, match="at least 1 item"):
        Claim(subject="x", predicate="member_of", object="y", evidence=())


def test_entity_ids_are_slugs():
    with pytest.raises(ValidationError, match="String should match pattern"):
        Entity(id="South Korea", kind="country", name="South Korea", description="A state.")


def test_readable_reprs(mini):
    assert repr(mini.entities["anna-berg"]) == "<Entity anna-berg (person): Anna Berg>"
    holding = mini.by_predicate["holds_office"][0]
    assert repr(holding) == ("<Claim anna-berg holds_office foreign-minister-of-ruritania "
                             "start=2020-03-03 end=2022 [memo]>")
