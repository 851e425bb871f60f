"""Quotation marks as real pages type them: tables of cases written for the project."""
from __future__ import annotations

import pytest

from viewer.analysis.quotes import find_quotes


@pytest.mark.parametrize("text, quoted", [
    ("“The ferries will sail,” Holt said.", ["The ferries will sail,"]),
    ('"The ferries will sail," Holt said.', ["The ferries will sail,"]),
    # one mark straight, the other curly: still one quote
    ('Holt was calm. "Given the weather we do not always agree,” Holt said.',
     ["Given the weather we do not always agree,"]),
    ('“Given the weather we do not always agree," Holt said.', ["Given the weather we do not always agree,"]),
    # never across a paragraph
    ('Holt said "the ferries\n\nwill sail” on Monday.', []),
    # a pair of straight quotes is not split by a curly quote elsewhere
    ('"Fair deal," she said, and “fair pay” too.', ["Fair deal,", "fair pay"]),
])
def test_quote_marks(text, quoted):
    assert [q.text for q in find_quotes(text, [], [])] == quoted
