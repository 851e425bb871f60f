"""Source identification: the outlet comes only from the places a text names its source."""
from __future__ import annotations

import pytest

from viewer.ingest.loading import build_article
from viewer.ingest.sources import (byline_outlet, closing_credit, copyright_line, identify_outlet, title_suffix,
                                   wire_dateline)


@pytest.mark.parametrize("paragraph, outlet", [
    ("LISBON (AP) — The two ministers met for four hours on Tuesday.", "Associated Press"),
    ("OSLO (Reuters) - Talks resumed after a pause.", "Reuters"),
    ("March 3 (UPI) -- The envoy said the talks were useful.", "UPI"),
    ("Mar 3, (GNA) – The delegation arrived in Accra.", "Ghana News Agency"),
    ("(CNN) -- Officials from both sides spoke late on Monday.", "CNN"),
    ("HANOI, Jan. 9 (Xinhua) -- The premier held talks with his counterpart.", "Xinhua"),
    ("Kathmandu [Nepal], May 2 (ANI): The meeting ended without a statement.", "ANI"),
    ("QUITO (NPA) – An agency the table does not know, in an agency's place.", "NPA"),
    ("DENVER, May 2, 2024 /PRNewswire/ -- A company announces a product.", "PR Newswire"),
    # not datelines: a name in parentheses elsewhere, an explanation in brackets
    ("The ministers met (for the first time since 2019) in Lisbon.", None),
    ("LISBON (local time) — The ministers met.", None),
])
def test_wire_dateline(paragraph, outlet):
    found = wire_dateline(paragraph)
    assert (found.outlet if found else None) == outlet


@pytest.mark.parametrize("paragraph, outlet", [
    ("© 2024 Reuters", "Reuters"),
    ("Copyright 2019 The Associated Press. All rights reserved.", "Associated Press"),
    ("™ & © 2019 Cable News Network, Inc. All rights reserved.", "CNN"),
    ("© Harbour Daily Record", "Harbour Daily Record"),
    ("Written by Valley Radio News All Rights Reserved on May 2, 2024", "Valley Radio News"),
    # a photo caption ending in a credit is not the source
    ("The two leaders shake hands before their talks in Lisbon on May 2. © Reuters", None),
    ("© 2024", None),
])
def test_copyright_line(paragraph, outlet):
    found = copyright_line(paragraph)
    assert (found.outlet if found else None) == outlet


@pytest.mark.parametrize("paragraph, outlet", [
    ("The talks will resume next month, the ministry said. (ANI)", "ANI"),
    ("“We will meet again soon,” he said. AFP", "AFP"),
    ("— AFP", "AFP"),
    # photo credits and outlets that are not wire agencies
    ("The minister arrives in Lisbon. (Photo by Ana Lima / AFP)", None),
    ("The minister arrives in Lisbon. ANA LIMA/AFP/Getty Images", None),
    ("The talks will resume next month, he told CNN", None),
    ("He met the President (PM)", None),
])
def test_closing_credit(paragraph, outlet):
    found = closing_credit(paragraph)
    assert (found.outlet if found else None) == outlet


@pytest.mark.parametrize("title, outlet", [
    ("Ministers agree to resume talks | Reuters", "Reuters"),
    ("Ministers agree to resume talks - The Straits Times", "The Straits Times"),
    ("Ministers agree to resume talks - analysis", None),
    ("Ministers agree to resume talks", None),
])
def test_title_suffix(title, outlet):
    found = title_suffix(title)
    assert (found.outlet if found else None) == outlet


@pytest.mark.parametrize("line, outlet", [
    ("Reuters", "Reuters"), ("— AFP", "AFP"), ("(ANI)", "ANI"), ("By Reuters", "Reuters"),
    # a newspaper's name alone is a masthead or a link, and prose is prose
    ("The Guardian", None), ("Reuters reported on Tuesday that the talks ended.", None),
])
def test_a_line_that_is_only_a_wire_name_credits_it(line, outlet):
    from viewer.ingest.sources import credit_line
    found = credit_line(line)
    assert (found.outlet if found else None) == outlet


def test_byline_with_outlet_after_the_separator():
    found = byline_outlet("by ANA LIMA, SENIOR REPORTER · Mail OnlineThe ministers met on Tuesday.")
    assert found and found.outlet == "Daily Mail"
    assert byline_outlet("By Ana Lima and Bo Chen") is None


def test_outlets_the_story_reports_on_are_never_its_source():
    paragraphs = ["Ministers meet in Lisbon",
                  "The ministers met for four hours, according to Xinhua, while a spokesman told Reuters "
                  "the mood was good.",
                  "With reporting by AP, AFP and Reuters",
                  "“It was useful,” the spokesman said."]
    assert identify_outlet(paragraphs[0], paragraphs, [1, 2, 3]) is None


def test_the_loader_fills_the_outlet_and_keeps_an_explicit_one(tmp_path):
    text = "Ministers meet in Lisbon\n\nLISBON (AP) — The ministers met for four hours on Tuesday.\n\n" \
           "“It was useful,” the spokesman said.\n"
    assert build_article(str(tmp_path / "a.txt"), text).meta.outlet == "Associated Press"
    header = "Title: Ministers meet\nOutlet: Harbour Daily Record\n\n" + text
    assert build_article(str(tmp_path / "b.txt"), header).meta.outlet == "Harbour Daily Record"


@pytest.mark.parametrize("first, is_title", [
    ("Harbour Board: Ministers Agree To Resume Talks.", True),
    ("Ministers agree to resume talks", True),
    ("The ministers met for four hours on Tuesday. They agreed to meet again.", False),
    ("The ministers of the two countries met for four hours on Tuesday in Lisbon to discuss trade, "
     "fishing rights and the port.", False),
])
def test_a_headline_may_end_with_a_full_stop(tmp_path, first, is_title):
    article = build_article(str(tmp_path / "a.txt"), first + "\n\nThe ministers met on Tuesday in Lisbon.\n")
    assert (article.meta.title == first) is is_title


@pytest.mark.parametrize("line, authors, published", [
    ("By Ana Lima, May 2, 2024 7:32 pm", ["Ana Lima"], "2024-05-02"),
    ("By Ana Lima and Bo Chen", ["Ana Lima", "Bo Chen"], None),
    ("By A and B Source:Harbour Times Published: 2020/3/27 16:14:48", ["A", "B"], "2020-03-27"),
    ("Reported by: Ana Lima", ["Ana Lima"], None),
    ("ByAna Lima", ["Ana Lima"], None),
    ("Ana Lima | May 2, 2024 | 4:04pm EST", ["Ana Lima"], "2024-05-02"),
])
def test_byline_names_and_date(line, authors, published):
    from viewer.ingest.metadata import parse_byline
    found = parse_byline(line)
    assert found["authors"] == authors and found.get("published") == published


@pytest.mark.parametrize("line, expected", [
    # a role or the outlet after the names is not an author
    ("By Ana Lima, Harbour Reporter", {"authors": ["Ana Lima"]}),
    ("By Ana Lima, Senior Correspondent", {"authors": ["Ana Lima"]}),
    ("By ANA LIMA, Staff Writer", {"authors": ["ANA LIMA"]}),
    ("By Ana Lima, Reuters", {"authors": ["Ana Lima"]}),
    ("By Ana Lima and Bo Chen, Associated Press", {"authors": ["Ana Lima", "Bo Chen"]}),
    # a byline naming only the agency is still a byline, with no author
    ("By Reuters", {"authors": []}),
    # separators between names
    ("By Ana Lima; Bo Chen & Carla Diaz", {"authors": ["Ana Lima", "Bo Chen", "Carla Diaz"]}),
    ("By: Ana Lima, Bo Chen", {"authors": ["Ana Lima", "Bo Chen"]}),
    ("Words by Bo Chen", {"authors": ["Bo Chen"]}),
    # outlet and date fields, with or without names
    ("By Ana Lima Source:Harbour Times Published: 2020/3/27 16:14:48",
     {"authors": ["Ana Lima"], "outlet": "Harbour Times", "published": "2020-03-27"}),
    ("Source: Harbour Times | Updated: 2021-05-04", {"outlet": "Harbour Times", "published": "2021-05-04"}),
    ("Posted on: 12 March 2021", {"published": "2021-03-12"}),
    ("By Ana Lima, Updated: March 3, 2021", {"authors": ["Ana Lima"], "published": "2021-03-03"}),
    # not bylines: a copyright line, a sentence that mentions posting, an impossible date, a long text
    ("Written by Valley Radio News All Rights Reserved on May 2, 2024", None),
    ("The ministers said the plan was posted on the ministry website on May 2, 2024 after the meeting.", None),
    ("Published: 2021-13-40", None),
    ("By Ana Lima " + "and more " * 40, None),
])
def test_byline_fields(line, expected):
    from viewer.ingest.metadata import parse_byline
    assert parse_byline(line) == expected


def test_a_copyright_line_is_set_aside_as_furniture(tmp_path):
    from viewer.model import BOILERPLATE
    text = ("Ministers meet in Lisbon\n\nWritten by Valley Radio News All Rights Reserved on May 2, 2024\n\n"
            "The ministers met for four hours on Tuesday.\n")
    article = build_article(str(tmp_path / "a.txt"), text)
    assert article.meta.outlet == "Valley Radio News"
    assert article.paragraphs[1].kind == BOILERPLATE and article.paragraphs[2].kind != BOILERPLATE


@pytest.mark.parametrize("line", ["By the way, the talks went on.", "Byzantine rules applied",
                                  "Harbour Board | Ministers", "Ana Lima | the minister"])
def test_lines_that_are_not_bylines(line):
    from viewer.ingest.metadata import parse_byline
    found = parse_byline(line)
    assert not found or not found.get("authors")
