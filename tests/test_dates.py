"""Partial ISO dates parse strictly and compare as periods."""

from __future__ import annotations

import datetime as dt

import pytest

from foip_graph.dates import PartialDate

p = PartialDate.parse


@pytest.mark.parametrize("text, precision, first, last", [
    ("2019", "year", dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
    ("2020-02", "month", dt.date(2020, 2, 1), dt.date(2020, 2, 29)),
    ("2019-09-11", "day", dt.date(2019, 9, 11), dt.date(2019, 9, 11)),
])
def test_parse_and_period(text, precision, first, last):
    d = p(text)
    assert (str(d), d.precision, d.first_day, d.last_day) == (text, precision, first, last)


@pytest.mark.parametrize("value", [2019, "2019", dt.date(2019, 1, 1), dt.datetime(2019, 1, 1, 12)])
def test_accepts_what_yaml_gives(value):
    assert p(value).year == 2019


@pytest.mark.parametrize("text, message", [
    ("2019-13", "'2019-13' is not a real date (month must be in 1..12)"),
    ("2019-02-29", "'2019-02-29' is not a real date (day is out of range for month)"),
    ("19-09-11", "'19-09-11' is not a date"),
    ("September 2019", "'September 2019' is not a date"),
])
def test_bad_dates_are_refused_with_the_form_to_use(text, message):
    with pytest.raises(ValueError) as info:
        p(text)
    assert str(info.value).startswith(message)
    assert str(info.value).endswith("write YYYY, YYYY-MM or YYYY-MM-DD")


def test_order_is_by_first_day_then_precision():
    dates = [p("2019-01-02"), p("2019-01"), p("2020"), p("2019"), p("2019-01-01")]
    assert [str(d) for d in sorted(dates)] == ["2019", "2019-01", "2019-01-01", "2019-01-02", "2020"]


def test_equality_and_hash_follow_the_text():
    assert p("2019-09") == p("2019-09") and p("2019-09") != p("2019-09-01")
    assert len({p("2019"), p("2019"), p("2019-01")}) == 2
