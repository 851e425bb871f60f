"""Stage 4, compare: the articles of an event → a ``Comparison`` and its differences.

``align`` links passages that report the same point; ``comparison`` builds the
``Comparison`` (links, entity differences, quotes); ``diffing`` and ``wording`` give
the word-level diff of a linked pair; ``differences`` lists what a reader steps
through (changed wording, names or values one article lacks); ``highlights`` names
the marks both the window and the exports draw; ``key_differences`` ranks what the
finders report — ``figures``, ``names``, ``quote_ledger``, ``claims``, ``coverage``, all
over one ``sentence_pairs.SentenceSpace`` — as ``key_difference.KeyDifference``. A new
difference finder goes here, as a function of a ``Comparison``.
"""
