"""Figures read from text and normalised: tables of cases written for the project."""
from __future__ import annotations

import pytest

from viewer.compare.figures import (DATE, DURATION, MONEY, PERCENT, PERIOD, COUNT, WEEKDAY, Figure, find_figures,
                                    parse_number)


@pytest.mark.parametrize("text, value", [
    ("three", 3), ("twenty-five", 25), ("three-and-a-half", 3.5), ("two and half", 2.5), ("1,333", 1333),
    ("6½", 6.5), ("0.5", 0.5), ("forty", 40), ("eleven", 11), ("banana", None),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text, kind, value, unit, qualifier", [
    ("The talks lasted more than three hours.", DURATION, 180, "", ">"),
    ("a three-and-a-half-hour meeting", DURATION, 210, "", "="),
    ("They spoke for 3 hours and 24 minutes.", DURATION, 204, "", "="),
    ("an hour and 40 minutes", DURATION, 100, "", "="),
    ("a nearly 50-minute exchange", DURATION, 50, "", "<"),
    ("just under 90 minutes", DURATION, 90, "", "<"),
    ("the first visit in five years", PERIOD, 5 * 365, "", "="),
    ("a 12 percent duty", PERCENT, 12, "", "="),
    ("a 7.5% levy", PERCENT, 7.5, "", "="),
    ("roughly $300 billion of wheat", MONEY, 300e9, "usd", "~"),
    ("40 million euros", MONEY, 40e6, "eur", "="),
    ("up to 9,000 sailors", COUNT, 9000, "sailor", "<"),
    ("the pause ends on Jan. 1", DATE, 101, "", "="),
    ("from 1 January", DATE, 101, "", "="),
    ("signed on March 3rd", DATE, 303, "", "="),
    ("They met on Sunday.", WEEKDAY, 6, "", "="),
])
def test_one_figure(text, kind, value, unit, qualifier):
    figures = [f for f in find_figures(text) if f.kind == kind]
    assert len(figures) == 1, find_figures(text)
    figure = figures[0]
    assert figure.value == pytest.approx(value)
    assert (figure.unit, figure.qualifier) == (unit, qualifier)
    assert text[figure.start:figure.end] == figure.text


@pytest.mark.parametrize("text, values", [
    ("duties rose from 12 to 30 percent", [12, 30]),   # the first number of a range takes the unit
    ("between $20 and $35 billion", [20e9, 35e9]),
])
def test_ranges(text, values):
    found = [f for f in find_figures(text) if f.kind in (PERCENT, MONEY)]
    assert [f.value for f in found] == pytest.approx(values)


@pytest.mark.parametrize("text", [
    "The dinner ran an hour longer than planned.",  # a difference of durations
    "Updated: October 5, 2020",  # a page stamp, not the event
    "They may 5 times",  # "may" the verb
    "in 2019 he said",  # a year is not a count
])
def test_not_figures(text):
    assert [f for f in find_figures(text) if f.kind in (DURATION, DATE, COUNT)] == []


def _fig(value, qualifier="=", kind=DURATION):
    return Figure("a", 0, 1, "x", kind, value, "", qualifier)


@pytest.mark.parametrize("a, b, compatible", [
    (_fig(180, ">"), _fig(204), True),    # "more than three hours" and "3 h 24 min"
    (_fig(180), _fig(210), False),        # "three-hour" and "three-and-a-half-hour"
    (_fig(120, "<"), _fig(100), True),    # "nearly two hours" and "an hour and 40 minutes"
    (_fig(150), _fig(240), False),
    (_fig(60, "~"), _fig(65), True),
])
def test_compatible(a, b, compatible):
    assert a.compatible(b) is compatible
    assert b.compatible(a) is compatible


@pytest.mark.parametrize("text, kind, shown", [
    # "late Tuesday" says when, not that the talks ran late
    ("The mayors met for more than three hours late Tuesday.", DURATION, "more than three hours"),
    ("They spoke for two hours early on Friday.", DURATION, "two hours"),
    # an offset is neither a duration nor a count of hours
    ("The ferry left three hours later.", None, None),
    ("The vote came an hour earlier than planned.", None, None),
])
def test_durations_and_offsets(text, kind, shown):
    found = [f for f in find_figures(text) if f.kind in (DURATION, COUNT)]
    assert [(f.kind, f.text) for f in found] == ([(kind, shown)] if kind else [])
