"""Time as the texts tell it: the loader's time rules, and the basis of as-of answers.

The loader cases edit one line of the mini dataset (see tests/fixtures/mini) and expect one
sentence at that line; the property test checks that no basis ever contradicts the
qualifiers it rests on.
"""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foip_graph import timing
from foip_graph.dates import PartialDate
from foip_graph.load import load_dataset
from foip_graph.model import Claim, Evidence, Observation

from .conftest import MINI, MINI_CORPUS

p = PartialDate.parse

# (the line of claims/memo.yaml to replace, its new text, the line reported, the message)
TIME_MISTAKES = {
    "a point date on a lasting predicate": (
        16, "    date: 2019", 16,
        "member_of is a lasting state, so it takes no point date (2019): write observed: [2019] "
        "if the text shows it holding then, start/end if the text states them, or ended_by for "
        "'before'/'former'"),
    "an observation of a happening": (
        54, "    object: port-azure\n    observed: [2021]", 55,
        "located_in is not a lasting state, so nothing is observed holding; give its date instead"),
    "a bound beside the value it bounds": (
        36, "    end: 2022\n    ended_by: 2023", 37,
        "ended_by 2023 is a bound and end 2022 a stated end: keep the one the text says"),
    "an observation after the document": (
        36, "    end: 2022\n    observed: [2021-07]", 37,
        "observation 2021-07 (memo) is after memo was published (2021-06); a document observes "
        "up to its own date"),
    "an observation before the stated start": (
        36, "    end: 2022\n    observed: [2019-05]", 37,
        "observation 2019-05 (memo) is before the stated start 2020-03-03"),
    "an observation from a source without evidence": (
        36, "    end: 2022\n    observed: [{date: 2021, source: letter}]", 37,
        "observation 2021 (letter) comes from 'letter', which gives no evidence for this claim "
        "(its sources: memo)"),
    "a derived predicate written in the data": (
        33, "    predicate: official_of", 33,
        "official_of is derived from other claims"),
}


def _mini_with(tmp_path, line: int, text: str):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    claims = data / "claims" / "memo.yaml"
    lines = claims.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = text
    claims.write_text("\n".join(lines), encoding="utf-8")
    return data


@pytest.mark.parametrize("case", sorted(TIME_MISTAKES))
def test_each_time_mistake_is_one_sentence_at_its_line(tmp_path, case):
    line, text, reported, message = TIME_MISTAKES[case]
    report = load_dataset(_mini_with(tmp_path, line, text), MINI_CORPUS)
    found = [(p.line, p.message) for p in report.problems if message in p.message]
    assert [line for line, _ in found] == [reported], [str(p) for p in report.problems]
    assert report.dataset is None


def test_the_same_holding_observed_in_two_files_is_one_claim_with_both_observations(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    sources = (data / "sources.yaml").read_text(encoding="utf-8")
    (data / "sources.yaml").write_text(
        sources + sources.replace("- id: memo", "- id: memo-reprint").replace("2021-06", "2021-09"),
        encoding="utf-8")
    memo = (data / "claims" / "memo.yaml").read_text(encoding="utf-8")
    freedonia = memo[memo.index("  - subject: freedonia"):memo.index("  - subject: anna-berg")]
    observed = "    observed: [{at}]\n    evidence:"
    (data / "claims" / "memo.yaml").write_text(
        memo.replace(freedonia, freedonia.replace("    evidence:", observed.format(at="2021-06"))),
        encoding="utf-8")
    (data / "claims" / "memo-reprint.yaml").write_text(
        "source: memo-reprint\nclaims:\n" + freedonia.replace("    evidence:", observed.format(at="2021-09")),
        encoding="utf-8")
    report = load_dataset(data, MINI_CORPUS)
    assert report.problems == []
    (member,) = [c for c in report.dataset.claims if c.subject == "freedonia"]
    assert [str(o) for o in member.observed] == ["2021-06 (memo)", "2021-09 (memo-reprint)"]
    assert member.sources == ("memo-reprint", "memo")  # files are read in name order


# ---------------------------------------------------------------- the basis of an answer

EV = (Evidence(source="doc", quote="a quote"),)


def claim(**qualifiers) -> Claim:
    return Claim(subject="a", predicate="holds_office", object="b", evidence=EV, **qualifiers)


def obs(*dates: str) -> tuple[Observation, ...]:
    return tuple(Observation(date=p(d), source="doc") for d in dates)


@pytest.mark.parametrize("qualifiers, at, kind", [
    ({"start": p("2019-09-11"), "end": p("2021")}, "2021", "stated"),
    ({"start": p("2019-09-11"), "end": p("2021")}, "2019-09", "stated"),
    ({"start": p("2019-09-11"), "end": p("2021")}, "2021-12-31", None),  # he may have left in January
    ({"start": p("2019"), "end": p("2021")}, "2019-09-10", None),  # he may have started in December
    ({"start": p("2019"), "end": p("2019")}, "2019", "stated"),
    ({"start": p("2019"), "end": p("2019")}, "2019-06", None),
    ({"start": p("2024")}, "2024-06", None),
    ({"start": p("2024")}, "2024", "open"),
    ({"observed": obs("2025-10")}, "2025-10-28", None),
    ({"observed": obs("2025-10")}, "2025", "observed"),
    ({"start": p("2019-09-11"), "end": p("2021")}, "2022-01-01", None),
    ({"start": p("2019-09-11"), "end": p("2021")}, "2019-09-10", None),
    ({"observed": obs("2019-12-11", "2020-01-17")}, "2019-12-11", "observed"),
    ({"observed": obs("2019-12-11", "2020-01-17")}, "2020-01-01", "inferred"),
    ({"observed": obs("2019-12-11", "2020-01-17")}, "2020-01-18", None),
    ({"observed": obs("2019-12-11")}, "2019-12-10", None),
    ({"start": p("2025-10-21"), "observed": obs("2026-01-08")}, "2025-12", "inferred"),
    ({"start": p("2025-10-21"), "observed": obs("2026-01-08")}, "2026-03", "open"),
    ({"start": p("2024")}, "2025", "open"),
    ({"start": p("2024")}, "2020", None),
    ({"ended_by": p("2019")}, "1985", None),
    ({"ended_by": p("2019")}, "2020", None),
    ({"ended_by": p("2026-01-08"), "observed": obs("2019-12-11", "2020-01-17")}, "2026-02", None),
    ({}, "2020", None),
])
def test_basis_of_each_kind(qualifiers, at, kind):
    found = timing.basis(claim(**qualifiers), p(at))
    assert (found.kind if found else None) == kind


def test_a_stated_date_answers_on_that_date_only():
    met = Claim(subject="a", predicate="met_with", object="b", date=p("2025-10-28"), evidence=EV)
    assert str(timing.basis(met, p("2025-10"))) == "stated: stated date 2025-10-28"
    assert timing.basis(met, p("2025-10-29")) is None
    in_october = Claim(subject="a", predicate="met_with", object="b", date=p("2025-10"), evidence=EV)
    assert timing.basis(in_october, p("2025-10-28")) is None


dates = st.builds(lambda y, m, d, precision: PartialDate(y, *((m, d) if precision == 2 else (m,) if precision == 1 else ())),
                  st.integers(1990, 2030), st.integers(1, 12), st.integers(1, 28), st.integers(0, 2))


@settings(max_examples=400, deadline=None)
@given(start=st.none() | dates, end=st.none() | dates, ended_by=st.none() | dates,
       observed=st.lists(dates, max_size=3), at=dates)
def test_no_basis_contradicts_its_qualifiers(start, end, ended_by, observed, at):
    """For any qualifiers the loader accepts and any date, a basis never places the claim
    before its start, after its end or bound, and names a kind that its anchors allow."""
    if end is not None and ended_by is not None:
        ended_by = None  # the loader refuses both together
    if start is not None and end is not None and end < start:
        start, end = end, start
    limits = [d for d in (end, ended_by) if d is not None]
    observed = [o for o in observed if (start is None or o.last_day >= start.first_day)
                and all(o.first_day <= limit.last_day for limit in limits)]
    c = claim(start=start, end=end, ended_by=ended_by, observed=obs(*map(str, observed)))
    found = timing.basis(c, at)
    if found is None:
        return
    d0, d1 = at.first_day, at.last_day
    assert start is None or d1 >= start.first_day
    assert all(d0 <= limit.last_day for limit in limits)
    if found.kind == "stated":
        assert start is not None and end is not None
        for s, e in _extremes(start, end):
            assert max(s, d0) <= min(e, d1), (s, e)
    elif found.kind == "observed":
        assert any(d0 <= o.first_day and o.last_day <= d1 for o in observed)
    elif found.kind == "inferred":
        befores = [*observed, *([start] if start else [])]
        afters = [*observed, *([end] if end else [])]
        assert any(all(max(s, d0) <= min(e, d1) for s, e in _extremes(a, b))
                   for i, a in enumerate(befores) for j, b in enumerate(afters)
                   if not (i < len(observed) and i == j) and a.first_day <= b.last_day)
    else:
        assert found.kind == "open" and start is not None and end is None and d1 >= start.last_day


def _extremes(start: PartialDate, end: PartialDate):
    """The days a start and an end can be that are hardest to hold for: the latest start
    with the earliest end, or, where the two periods overlap, a one-day holding at either
    end of the overlap."""
    if start.last_day <= end.first_day:
        return [(start.last_day, end.first_day)]
    lo, hi = max(start.first_day, end.first_day), min(start.last_day, end.last_day)
    return [(lo, lo), (hi, hi)]


def test_a_holding_two_documents_describe_is_inferred_across_them_but_not_across_a_new_term():
    dialogue = claim(start=p("2025-10-21"), observed=obs("2026-01-08"))
    briefing = claim(observed=obs("2026-06-08"))
    assert timing.basis(dialogue, p("2026-03")).kind == "open"
    assert timing.holding_basis([dialogue, briefing], p("2026-03")).kind == "inferred"
    first_term = claim(observed=obs("2019-12-11"), end=p("2021"))
    second_term = claim(start=p("2025-10-21"), observed=obs("2026-01-08"))
    assert timing.holding_basis([first_term, second_term], p("2023")) is None
    assert timing.holding_basis([claim(observed=obs("2019-12-11")), claim(observed=obs("2020-01-17"))],
                                p("2020-01-01")).kind == "inferred"


def test_a_start_bound_and_an_end_state_the_years_between_and_nothing_before_the_bound():
    first_term = claim(started_by=p("2019"), end=p("2021"))  # "between 2019 and 2021"
    assert str(timing.basis(first_term, p("2020-01-01"))) == (
        "stated: after the start bound (begun by 2019) and up to the stated end 2021")
    assert timing.basis(first_term, p("2019")).kind == "stated"  # held on 2019-12-31 at the latest
    assert timing.basis(first_term, p("2019-06")) is None  # begun by the end of 2019: perhaps not yet
    assert timing.basis(first_term, p("2022")) is None
    bound_then_seen = claim(started_by=p("2019"), observed=obs("2020-06-01"))
    assert str(timing.basis(bound_then_seen, p("2020-03"))) == (
        "inferred: between the start bound (begun by 2019) and the observation on 2020-06-01 by doc, "
        "nothing stated in between")


def test_an_open_start_is_closed_by_the_end_another_document_states_for_the_same_holding():
    roundtable = claim(start=p("2019-09-11"), observed=obs("2019-12-11"))
    dialogue = claim(started_by=p("2019"), end=p("2021"))
    assert timing.basis(roundtable, p("2023")).kind == "open"
    assert timing.holding_basis([roundtable, dialogue], p("2023")) is None
    second_term = claim(start=p("2025-10-21"))
    assert timing.holding_basis([roundtable, dialogue, second_term], p("2026")).kind == "open"
