"""Property-based fuzzing of the loaders, segmenter, aligner and diff.

Budget: VIEWER_FUZZ_EXAMPLES examples per property (30 by default, for CI);
e.g. ``VIEWER_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py`` for a long run.
"""
from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.compare.align import align_articles
from viewer.ingest.decoding import DecodeError, decode_bytes
from viewer.compare.diffing import DELETE, EQUAL, INSERT, side_spans, word_diff
from viewer.analysis.entities import build_entities
from viewer.ingest.htmlextract import extract_html
from viewer.ingest.loading import ArticleLoadError, build_article, load_article
from viewer.model import BODY, PARAGRAPH_KINDS, Analysis, Mention, Sentence
from viewer.ingest.segment import line_spans, paragraph_spans
from viewer.compare.comparison import compare_paths

EXAMPLES = int(os.environ.get("VIEWER_FUZZ_EXAMPLES", 30))
_QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=_QUIET)
# The full NLP pipeline costs ~0.3 s an example: a third of the budget.
FUZZ_PIPELINE = settings(max_examples=max(3, EXAMPLES // 3), deadline=None, suppress_health_check=_QUIET)

# Pieces that reach the interesting branches: headers, bylines, datelines, furniture,
# dates, quotes, every kind of line break and odd Unicode.
WORDS = ["Biden", "Xi", "Jinping", "said", "the", "call", "Taiwan", "trade", "on", "Thursday",
         "Title:", "Outlet:", "Date:", "By", "Source:", "Published:", "WASHINGTON", "BEIJING",
         "(Reuters)", "—", "-", ":", "Comments", "Share", "Photo:", "Read more", "2021-09-10",
         "March 3, 2020", "“", "”", '"', "'", ",", ".", "#", "90", "1,300", "café", "习近平",
         "\u200b", "\ufeff", "\x00", "\u0301", "🇨🇳", "\ud7ff", "<p>", "</div>", "&amp;"]
BREAKS = [" ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\r\r", "\n \n", "\x0c",
          "\x85", "\u2028", "\u2029", "\v"]
article_text = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(BREAKS), st.text(max_size=8)),
                        max_size=300).map("".join)
any_text = st.one_of(article_text, st.text(max_size=2000))

TAGS = ["html", "head", "body", "title", "article", "main", "div", "p", "span", "h1", "h2", "ul",
        "li", "table", "tr", "td", "script", "style", "iframe", "noscript", "nav", "footer",
        "header", "aside", "a", "b", "br", "img", "meta", "embed", "object", "svg", "template",
        "form", "pre", "blockquote", "figure", "figcaption", "time"]
ATTRS = ['', ' class="content"', ' id="main"', ' src="http://127.0.0.1:9/x"', ' onload="x()"',
         ' property="og:title" content="T"', ' name="author" content="A B"', ' style="x:url(y)"',
         ' type="application/ld+json"', ' href="/a"', ' class="comments"']


@st.composite
def html_pages(draw, depth: int = 0) -> str:
    """Random (often malformed) HTML from a small tag grammar."""
    parts = []
    for _ in range(draw(st.integers(0, 6 if depth < 3 else 2))):
        choice = draw(st.integers(0, 4))
        if choice == 0 or depth >= 4:
            parts.append(draw(article_text).replace("<", "&lt;"))
        elif choice == 1:
            tag = draw(st.sampled_from(TAGS))
            parts.append(f"<{tag}{draw(st.sampled_from(ATTRS))}>")  # unclosed on purpose
        elif choice == 2:
            parts.append(f"</{draw(st.sampled_from(TAGS))}>")  # stray close
        else:
            tag = draw(st.sampled_from(TAGS))
            inner = draw(html_pages(depth=depth + 1))
            parts.append(f"<{tag}{draw(st.sampled_from(ATTRS))}>{inner}</{tag}>")
    body = "".join(parts)
    if depth == 0 and draw(st.booleans()):
        body = f"<!DOCTYPE html><html><head><title>{draw(article_text)}</title></head><body>{body}</body></html>"
    return body


def _assert_article_consistent(article, text: str) -> None:
    assert article.text == text
    previous_end = 0
    for n, p in enumerate(article.paragraphs):
        assert p.index == n and p.kind in PARAGRAPH_KINDS
        assert previous_end <= p.start < p.end <= len(text)
        chunk = text[p.start:p.end]
        assert chunk == chunk.strip() and chunk
        assert p.duplicate_of is None or 0 <= p.duplicate_of < n
        previous_end = p.end


@FUZZ
@given(st.binary(max_size=4000))
def test_decoding_random_bytes(data):
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        assert str(exc)
        return
    assert isinstance(decoded.text, str) and decoded.text.strip()
    assert decoded.encoding


@FUZZ
@given(st.one_of(st.binary(max_size=3000), any_text.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       st.sampled_from([".txt", ".md", ".html"]))
def test_load_article_random_files(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"article{suffix}"
    path.write_bytes(data)
    try:
        article = load_article(str(path))
    except ArticleLoadError as exc:
        assert str(path) in str(exc)
        return
    _assert_article_consistent(article, article.text)
    assert path.read_bytes() == data  # loading never changes the source


@FUZZ
@given(any_text, st.sampled_from(["text", "markdown", "html"]))
def test_build_article_random_text(text, fmt):
    try:
        article = build_article("fuzz.txt", text, fmt)
    except ArticleLoadError as exc:
        assert "fuzz.txt" in str(exc) and not text.strip() or "limit" in str(exc)
        return
    _assert_article_consistent(article, text)


@FUZZ
@given(html_pages())
def test_extract_html_random_pages(html):
    try:
        text, meta = extract_html(html)
    except ValueError as exc:
        assert str(exc)
        return
    assert text.strip()
    # (markup inside <title> is text by HTML's rules, so tags may legitimately appear here)
    _assert_article_consistent(build_article("page.html", text, "html", meta), text)


@FUZZ
@given(any_text)
def test_segmenter_offsets(text):
    spans = paragraph_spans(text)
    covered = set()
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        block = text[start:end]
        assert block == block.strip()
        # a block never contains a blank line (that would be a paragraph break)
        assert not re.search(r"(?:\r\n|\r(?!\n)|\n)[^\S\r\n]*(?:\r\n|\r(?!\n)|\n)", block)
        covered.update(range(start, end))
        for ls, le in line_spans(text, start, end):
            assert start <= ls < le <= end and "\n" not in text[ls:le] and "\r" not in text[ls:le]
        last = end
    # nothing but whitespace is left out
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


@FUZZ
@given(any_text, any_text, st.integers(0, 50), st.integers(0, 50))
def test_word_diff_reconstructs_both_texts(a, b, a_start, b_start):
    diffs = word_diff(a, b)
    assert "".join(t for op, t in diffs if op in (EQUAL, DELETE)) == a
    assert "".join(t for op, t in diffs if op in (EQUAL, INSERT)) == b
    assert all(t for _, t in diffs)
    a_spans, b_spans = side_spans(diffs, a_start, b_start)
    for start, end, op in a_spans:
        assert op == DELETE and a_start <= start < end <= a_start + len(a)
    for start, end, op in b_spans:
        assert op == INSERT and b_start <= start < end <= b_start + len(b)


def _fake_analysis(article) -> Analysis:
    """Sentences = body paragraphs, lemmas = lower-cased words, mentions = capitalised words:
    enough for the aligner, without running spaCy on thousands of random texts."""
    sentences, lemmas, mentions = [], [], []
    for p in article.paragraphs:
        sentences.append(Sentence(p.start, p.end, p.index))
        for match in re.finditer(r"\w+", article.text[p.start:p.end]):
            offset = p.start + match.start()
            lemmas.append((offset, match.group().lower()))
            if match.group()[:1].isupper():
                mentions.append(Mention(offset, offset + len(match.group()), match.group(), "PERSON"))
    return Analysis(sentences, mentions, [], lemmas, len(lemmas))


@FUZZ
@given(st.lists(article_text, min_size=2, max_size=4))
def test_aligner_on_random_articles(texts):
    articles = []
    for n, text in enumerate(texts):
        try:
            articles.append(build_article(f"a{n}.txt", text))
        except ArticleLoadError:
            continue
    analyses = {a.path: _fake_analysis(a) for a in articles}
    index = build_entities(analyses)
    links = align_articles(articles, analyses, index)
    by_path = {a.path: a for a in articles}
    for (pa, pb), pair in links.items():
        for link in pair:
            a, b = by_path[pa], by_path[pb]
            assert a.paragraphs[link.a_paragraph].span == tuple(link.a_span)
            assert b.paragraphs[link.b_paragraph].span == tuple(link.b_span)
            assert a.paragraphs[link.a_paragraph].kind in (BODY, "title")
            assert 0.0 <= link.score <= 1.0


@FUZZ_PIPELINE
@given(st.lists(article_text, min_size=2, max_size=3))
def test_real_pipeline_on_random_articles(texts):
    """Analysis (spaCy), entities, events, comparison and the CLI's JSON on random articles."""
    from viewer.analysis.pipeline import analyse_articles
    from viewer.cli import compare_json, groups_json
    from viewer.analysis.entities import EntityIndex
    from viewer.library.library import Library

    articles = []
    for n, text in enumerate(texts):
        try:
            articles.append(build_article(f"r{n}.txt", text))
        except ArticleLoadError:
            continue
    analyses = analyse_articles(articles)
    for article in articles:
        analysis = analyses[article.path]
        size = len(article.text)
        assert all(0 <= s.start < s.end <= size for s in analysis.sentences)
        assert all(0 <= m.start < m.end <= size and article.text[m.start:m.end] == m.text
                   for m in analysis.mentions)
        assert all(0 <= q.start <= q.end <= size for q in analysis.quotes)
        assert all(0 <= offset < size for offset, _ in analysis.lemmas)
    library = Library(articles, [], analyses, EntityIndex([]))
    library.regroup()
    assert sorted(p for e in library.events for p in e.articles) == sorted(a.path for a in articles)
    groups_json(library)
    if len(articles) >= 2:
        comparison = compare_paths(library, [a.path for a in articles])
        data = compare_json(library, comparison)
        for pair in data["alignments"]:
            for link in pair["pairs"]:
                a_text = library.article(pair["a"]).text[link["a"][0]:link["a"][1]]
                assert "".join(t for op, t in link["diff"] if op <= 0) == a_text
