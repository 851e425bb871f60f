"""Loading, metadata, boilerplate and duplicate detection against the gold seeds."""
from __future__ import annotations

from pathlib import Path

import pytest

from viewer.ingest.loading import ArticleLoadError, load_article, load_paths
from viewer.model import BOILERPLATE, BODY

from conftest import SEEDS


def _load(name: str):
    return load_article(str(SEEDS / name))


def test_gold_paragraph_numbering_matches(gold):
    # Gold numbers blank-line blocks from 0; our paragraphs must use the same numbering.
    for name in gold["metadata"]:
        article = _load(name)
        blocks = [b.strip() for b in article.text.replace("\r\n", "\n").split("\n\n") if b.strip()]
        assert len(article.paragraphs) == len(blocks), name
        for p, block in zip(article.paragraphs, blocks):
            assert article.paragraph_text(p).strip() == block


@pytest.mark.parametrize("name", ["000_e65eb759a08d3853.txt", "001_1e5dd3f874457f56.txt",
                                  "002_da053de626068850.txt", "003_0ca16b3c0b738ea6.txt",
                                  "004_98f127979d69c2d2.txt"])
def test_boilerplate_found_and_body_untouched(gold, name):
    article = _load(name)
    expected = set(gold["boilerplate"].get(name, []))
    found = {p.index for p in article.paragraphs if p.kind == BOILERPLATE}
    assert expected <= found
    # every other marked paragraph must not be article text: only titles/bylines may differ
    assert found == expected


def test_duplicates_within_article(gold):
    for name, pairs in gold["duplicates_within_article"].items():
        if name == "about":
            continue
        article = _load(name)
        found = [[p.duplicate_of, p.index] for p in article.paragraphs if p.duplicate_of is not None]
        assert sorted(found) == sorted(pairs)


def test_metadata_matches_gold(gold):
    for name, expected in gold["metadata"].items():
        meta = _load(name).meta
        for key, value in expected.items():
            assert getattr(meta, key) == value, (name, key)


def test_header_lines_are_honoured(tmp_path):
    f = tmp_path / "a.md"
    f.write_text("Title: A headline\nOutlet: The Paper\nDate: 2021-09-10\nAuthors: Ann Lee, Bo Chen\n\n"
                 "# A headline\n\nBEIJING — The two leaders spoke on Friday.\n", encoding="utf-8")
    article = load_article(str(f))
    assert article.meta.title == "A headline"
    assert article.meta.outlet == "The Paper"
    assert article.meta.published == "2021-09-10"
    assert article.meta.authors == ["Ann Lee", "Bo Chen"]
    assert article.meta.dateline == "BEIJING"
    assert [p.kind for p in article.paragraphs][-1] == BODY


def test_html_main_text_and_metadata(tmp_path):
    f = tmp_path / "page.html"
    body = " ".join(["Leaders of the two countries spoke by phone on Thursday about trade."] * 4)
    f.write_text(f"""<!doctype html><html><head><title>Leaders talk | Daily Planet</title>
    <meta property="og:site_name" content="Daily Planet"><meta name="author" content="Lois Lane">
    <script>alert(1)</script></head><body><nav>Home | World | Sport</nav>
    <article><h1>Leaders talk</h1><p>{body}</p><p>Second paragraph with more detail about the call and what was said.</p></article>
    <footer>Comments</footer></body></html>""", encoding="utf-8")  # noqa: E501 (page as written)
    article = load_article(str(f))
    assert article.source_format == "html"
    assert "alert(1)" not in article.text and "Home | World" not in article.text
    assert "Second paragraph" in article.text
    assert article.meta.title.startswith("Leaders talk")
    assert article.meta.outlet == "Daily Planet"


def test_folder_and_errors(tmp_path):
    (tmp_path / "good.txt").write_text("Headline\n\nSome body text that is long enough.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    articles, errors = load_paths([str(tmp_path), str(tmp_path / "missing.txt")])
    assert [Path(a.path).name for a in articles] == ["good.txt"]
    messages = " ".join(e.message for e in errors)
    assert "empty.txt" in messages and "image.txt" in messages and "missing.txt" in messages


def test_missing_file_raises_clear_error(tmp_path):
    with pytest.raises(ArticleLoadError, match="nope.txt"):
        load_article(str(tmp_path / "nope.txt"))
