"""clean_surface (viewer/analysis/entities.py): the surface form of a mention with articles,
possessives, titles and stray punctuation removed, so that mentions of one person, place or
organisation meet under one key. One row per rule; every expected value is what a reader
would call the name."""
from __future__ import annotations

import pytest

from viewer.analysis.entities import clean_surface


@pytest.mark.parametrize("surface, label, expected", [
    # titles in front of a person go, however many
    ("President Ana Lima", "PERSON", "Ana Lima"),
    ("Chinese President Bo Chen", "PERSON", "Bo Chen"),
    ("Former President Ana Lima", "PERSON", "Ana Lima"),
    ("Prime Minister Bo Chen", "PERSON", "Bo Chen"),
    ("Vice President Ana Lima", "PERSON", "Ana Lima"),
    ("Secretary of State Ana Lima", "PERSON", "Ana Lima"),
    ("Treasury Secretary Bo Chen", "PERSON", "Bo Chen"),
    ("Mr. Chen", "PERSON", "Chen"),
    ("Mrs Lima", "PERSON", "Lima"),
    ("Gen. Ana Lima", "PERSON", "Ana Lima"),
    # a hyphenated qualifier of the title ("then-President")
    ("then-President Bo Chen", "PERSON", "Bo Chen"),
    ("ex-Premier Bo Chen", "PERSON", "Bo Chen"),
    # office words spaCy pulls into the span, also when a title follows them
    ("National Intelligence Ana M. Lima", "PERSON", "Ana M. Lima"),
    ("Chief of Staff Bo Chen", "PERSON", "Bo Chen"),
    ("Deputy Secretary of State Ana Lima", "PERSON", "Ana Lima"),
    ("White House Chief of Staff Bo Chen", "PERSON", "Bo Chen"),
    # possessives, quotes, commas and spacing
    ("Lima's", "PERSON", "Lima"),
    ("Chen’s", "PERSON", "Chen"),
    ("Ana Lima'", "PERSON", "Ana Lima"),
    ("“Bo Chen,”", "PERSON", "Bo Chen"),
    ("  Ana \n Lima ", "PERSON", "Ana Lima"),
    ("(Harbour Times)", "ORG", "Harbour Times"),
    # a leading article goes from any name, the possessive after a trailing dot too
    ("the White House", "ORG", "White House"),
    ("the United States", "GPE", "United States"),
    ("the U.S.'s", "GPE", "U.S."),
    # a title alone stays (nothing else to call it); names that start like a title stay whole
    ("President", "PERSON", "President"),
    ("Kingsley Amis", "PERSON", "Kingsley Amis"),
    ("Usman Khan", "PERSON", "Usman Khan"),
    ("Deputy Leader", "PERSON", "Deputy Leader"),
    # titles are only stripped from people: "General Motors" is a company
    ("General Motors", "ORG", "General Motors"),
    ("President Hotel", "FAC", "President Hotel"),
    # values keep their words, articles included
    ("the 90 minutes", "TIME", "the 90 minutes"),
    ("three days", "DATE", "three days"),
    ("50%", "PERCENT", "50%"),
])
def test_clean_surface(surface, label, expected):
    assert clean_surface(surface, label) == expected
