"""Polarity, modality and titles: tables of cases written for the project."""
from __future__ import annotations

import pytest

from viewer.compare.claims import HEDGE, NOT_DISCUSSED, asserts, discussed_object, negated_scope, opposite
from viewer.compare.key_difference import focused_snippets
from viewer.compare.names import _generic_suffix, given_name_before, office_before, same_shape
from viewer.compare.sentence_pairs import outlet_label
from viewer.model import Article, ArticleMeta


@pytest.mark.parametrize("a, b, why", [
    ("The court upheld the ban on Friday.", "The court has not upheld the ban on Friday.", "negation"),
    ("The mayor will sign the budget this week.", "The mayor may sign the budget this week.", "modality"),
    ("The mayor signed the budget this week.", "The mayor signed the city budget this week.", None),
    ("Nobody was hurt, police said.", "Nobody was hurt, the police said.", None),
    # what one denies, the other must assert: "no new strike" / "played down any new walkout" agree
    ("The mayor promised there will be no new strike at the port.",
     "The mayor tried to play down any new walkout at the port on Monday.", None),
    ("The mayor promised there will be no new strike at the port.",
     "The mayor promised there will be a new strike at the port.", "negation"),
    # both deny, in other words
    ("Rail and road have had a joint board for years, but the same cannot be said for the ferries.",
     "Rail and road have had a joint board for years, but that is not the case for the ferries.", None),
    # "might" as a noun, "May" as a month
    ("The union was asked about the council's growing might.",
     "The union had been asked about the council's increasing power.", None),
    ("Fares rise in May and June, the city said.", "Fares rise in June, the city said.", None),
    # reported speech shifts "can" to "could": no hedge
    ("\"Through joint efforts we can push the port to a new high,\" the statement quoted Holt as saying.",
     "The statement said Holt believed that through joint efforts they could push the port to a new high.", None),
])
def test_opposite(a, b, why):
    assert opposite(a, b) == why


@pytest.mark.parametrize("text, found", [
    ("The harbour dispute was not mentioned directly in the talks.", True),
    ("The minister did not raise the fishing quota.", True),
    ("Fishing quotas were not discussed.", True),
    ("The minister raised the fishing quota.", False),
    ("The road will not be smooth, she said.", False),
])
def test_not_discussed(text, found):
    assert bool(NOT_DISCUSSED.search(text)) is found


@pytest.mark.parametrize("text, what", [
    ("The harbour dispute was not mentioned directly in the talks.", "The harbour dispute"),
    ("The minister did not raise the fishing quota with her host.", "the fishing quota"),
    ("In her short statement, the mayor did not mention the Lisbon trip, aides said.", "the Lisbon trip"),
    ("Tolls were raised, but the bridge was not discussed.", "the bridge"),
    ("There was no mention of the ferry subsidy in the statement.", "the ferry subsidy"),
])
def test_discussed_object(text, what):
    span = discussed_object(text)
    assert span and text[span[0]:span[1]].strip() == what


@pytest.mark.parametrize("negated, other, asserted", [
    ("The court has not upheld the ban.", "The court upheld the ban on Friday.", True),
    ("There will be no new strike.", "Officials played down any new strike.", False),
    ("There will be no new strike.", "Officials denied a new strike was planned.", False),
    ("There will be no new strike.", "Talks on wages went on.", False),
])
def test_negated_point_asserted(negated, other, asserted):
    assert asserts(other, negated_scope(negated)) is asserted


@pytest.mark.parametrize("text, hedged", [
    ("The mayor might sign the budget.", True),
    ("They praised the navy's might.", False),
    ("It starts in May and ends in June.", False),
    ("Could the deal collapse?", True),
])
def test_hedge(text, hedged):
    assert bool(HEDGE.search(text)) is hedged


@pytest.mark.parametrize("text, office", [
    ("Chinese Premier Li Qiang", "premier"),
    ("U.S. Secretary of State Jane Roe", "secretary of state"),
    ("State Councilor Wang Yi", "state councillor"),
    ("the visiting President Ana Lima", "president"),
    ("Vice President Ana Lima", "vice president"),
    ("a reporter, Ana Lima", None),
])
def test_office_before(text, office):
    name_start = len(text) - len(" ".join(text.split()[-2:]))
    found = office_before(text, name_start)
    assert (found[0] if found else None) == office


@pytest.mark.parametrize("outlet, title, name, label", [
    ("Harbour Post", "Ferry strike ends", "a.txt", "Harbour Post"),
    (None, "Ferry strike ends", "a.txt", "Ferry strike ends"),
    (None, None, "a.txt", "a.txt"),
])
def test_outlet_label_never_the_file_name_when_known(outlet, title, name, label):
    article = Article(name, "", ArticleMeta(title=title, outlet=outlet), [], "h")
    assert outlet_label(article) == label


@pytest.mark.parametrize("a, b, close", [
    ("The council approved the new ferry timetable on Monday evening.",
     "The council approved the revised ferry timetable on Monday night.", True),
    ("The council approved the new ferry timetable on Monday evening.",
     "Boats will keep their old hours, a spokesman for the city hall told us.", False),
])
def test_close_rewrite_or_paraphrase(a, b, close):
    from viewer.compare.diffing import word_diff
    from viewer.compare.wording import is_close_rewrite, quiet_wording_spans
    diff = word_diff(a, b)
    assert is_close_rewrite(diff) is close
    assert bool(quiet_wording_spans(diff, 0, True)) is close


@pytest.mark.parametrize("a, b, same", [
    ("Mamallapuram", "Mahabalipuram", True),  # one town, two transliterations
    ("Thiruvananthapuram", "Tiruvanantapuram", True),
    ("Austria", "Australia", False),
    ("Stockholm", "Stockport", False),
    ("Port Louis", "Port Lewis", False),  # several words: the plain ratio decides
])
def test_same_shape(a, b, same):
    assert same_shape(a, b) is same


@pytest.mark.parametrize("text, given", [
    ("Harbour Master Annabel Quist arrived", "Annabel"),
    ("The talks with Mayor Quist ended", None),  # an office, not a given name
    ("The fleet sailed. Quist said so", None),
])
def test_given_name_before(text, given):
    assert given_name_before(text, text.index("Quist")) == given


@pytest.mark.parametrize("a, b, generic", [
    ("the Harbour Cooperation Forum", "the Harbour Cooperation Forum Summit", True),
    ("Kilmore Gardens", "Kilmore", True),
    ("the Harbour Foreign Affairs Office", "the Harbour Party Foreign Affairs Office", False),  # a word inside
])
def test_generic_suffix(a, b, generic):
    assert _generic_suffix(a, b) is generic


@pytest.mark.parametrize("a, b, shown_a, shown_b", [
    # "That's" is "That is": the snippets start where the wordings really part
    ("That's not the same thing we run at the harbour with the formal pilot scheme, which is older",
     "That is not the same thing we run at the port with the formal pilot scheme that is far older",
     "…run at the harbour", "…run at the port"),
    ("Short and sweet", "Short and sour", "Short and sweet", "Short and sour"),
])
def test_focused_snippets(a, b, shown_a, shown_b):
    sa, sb = focused_snippets(a, b)
    assert sa.startswith(shown_a) and sb.startswith(shown_b)
