"""The pipeline's speed-ups change nothing: the fast attribute matcher gives spaCy's matches,
and the whole analysis equals the one spaCy's own pipeline (blis, ``Matcher``) gives."""
from __future__ import annotations

import pytest

from viewer.analysis import pipeline
from viewer.analysis.attrules import FastAttributeMatcher
from viewer.analysis.cache import encode_analysis
from viewer.analysis.nlp import MODEL_PACKAGE, PATTERNS_FILE, get_nlp
from viewer.ingest.loading import load_paths

ODD_TEXTS = [
    "I ain't gonna do it, y'all. Let's go! C'mon, it's nothin' but we gotta run.",
    "There is a cat and there are dogs. I gave it to you and you gave it to me.",
    "He gets it; he got it. She doesn't, they don't, we haven't, I'm here, you're there, it's his.",
    "Whether or not he comes, but if so, unless they leave, though it rains — that is that.",
    "  \n  ", "", "x", "U.S. President Joe Biden spoke with Chinese President Xi Jinping for 90 minutes.",
]


@pytest.fixture(scope="module")
def plain_nlp():
    """spaCy's own pipeline with our components: blis and the ruler's ``Matcher``."""
    import spacy
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=True):
        nlp = spacy.load(MODEL_PACKAGE, exclude=["parser"])
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.from_disk(str(PATTERNS_FILE))
    return nlp


def test_fast_matcher_gives_the_matchers_matches(plain_nlp, seed_paths):
    ruler = plain_nlp.get_pipe("attribute_ruler")
    assert "match" not in ruler.__dict__  # spaCy's own
    fast = FastAttributeMatcher(ruler)
    articles, _ = load_paths(seed_paths[:4])
    texts = ODD_TEXTS + [t for _, _, t in pipeline._units(articles)]
    with plain_nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "entity_ruler", "ner"]):
        docs = list(plain_nlp.pipe(texts))
    rare = set()
    for doc in docs:
        expected = sorted(ruler.match(doc))
        assert fast(doc) == expected, doc.text[:80]
        rare |= {rule for rule, *_ in expected if rule >= 147}
    assert len(rare) >= 8  # the two-token and regex rules were exercised


def test_analysis_equals_spacys_own(plain_nlp, seed_paths, monkeypatch):
    articles, _ = load_paths(seed_paths[:3])
    ours = pipeline.analyse_articles(articles, None, workers=1)
    monkeypatch.setattr(pipeline, "get_nlp", lambda: plain_nlp)
    theirs = pipeline.analyse_articles(articles, None, workers=1)
    for article in articles:
        assert encode_analysis(ours[article.path]) == encode_analysis(theirs[article.path])
    nlp = get_nlp()
    assert "match" in nlp.get_pipe("attribute_ruler").__dict__
