"""Bad input files give a clear message naming the file; the rest of the library loads."""
from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path


from viewer.analysis.cache import AnalysisCache
from viewer.ingest.decoding import MAX_FILE_BYTES
from viewer.library.library import Library
from viewer.ingest.loading import MAX_PARAGRAPHS, MAX_TEXT_CHARS, load_paths

from conftest import ROOT, seed

GOOD = ("Leaders talk trade\n\nWASHINGTON — The two leaders spoke by phone on Thursday about trade, "
        "climate and Taiwan, officials said.\n\nThe call lasted ninety minutes.\n")
ARTICLE_HTML = ("<article><h1>Leaders talk</h1><p>Leaders of the two countries spoke by phone on "
                "Thursday about trade, climate and the pandemic, officials in both capitals said.</p>"
                "<p>The call lasted ninety minutes and covered Taiwan and technology, according to "
                "the readout published afterwards.</p></article>")


def _zip_bytes() -> bytes:
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello " * 100)
    return buffer.getvalue()


# name -> (bytes, words the error message must contain); None: must load.
BAD_FILES = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (b" \n\n\t \r\n  ", "whitespace"),
    "image.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "PNG"),
    "document.txt": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + bytes(range(256)) * 4, "PDF"),
    "archive.txt": (_zip_bytes(), "ZIP"),
    "noise.txt": (bytes((i * 7919 + 13) % 256 for i in range(6000)), "binary"),
    "nul.txt": (b"hello\x00world\x00" * 200, "binary"),
    "no_article.html": (b"<html><head><title>Home</title></head><body><nav><a href=/>Home</a> "
                        b"<a href=/w>World</a></nav><footer>(c) 2024</footer></body></html>", "no article text"),
    "script_only.html": (b"<html><body><div id=app></div><script>document.body.innerHTML="
                         b"'<p>' + 'text '.repeat(500) + '</p>'</script></body></html>", "no article text"),
}


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (folder / name).write_bytes(data)


def test_bad_files_are_reported_and_the_rest_loads(tmp_path):
    _write(tmp_path, {name: data for name, (data, _) in BAD_FILES.items()})
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    articles, errors = load_paths([str(tmp_path)])
    assert [a.name for a in articles] == ["good.txt"]
    by_name = {Path(e.path).name: e.message for e in errors}
    assert set(by_name) == set(BAD_FILES)
    for name, (_, expected) in BAD_FILES.items():
        assert str(tmp_path / name) in by_name[name]
        assert expected.lower() in by_name[name].lower(), by_name[name]


def test_malformed_and_hostile_html_loads_as_text_only(tmp_path):
    unclosed = "<html><body><div><p>" + ARTICLE_HTML.replace("</p>", "").replace("</article>", "")
    hostile = (f"<html><head><script>alert('boom')</script><style>p{{color:red}}</style>"
               f"<link rel=stylesheet href=http://127.0.0.1:9/x.css></head><body onload=alert(2)>"
               f"<iframe src=http://127.0.0.1:9/frame>inside frame</iframe><img src=http://127.0.0.1:9/a.png>"
               f"<object data=x.swf>object text</object>{ARTICLE_HTML}<script>var secret=1</script></body></html>")
    _write(tmp_path, {"unclosed.html": unclosed.encode(), "hostile.html": hostile.encode(),
                      "fragment.txt": (ARTICLE_HTML[:-10]).encode()})
    articles, errors = load_paths([str(tmp_path)])
    assert not errors
    for article in articles:
        assert "Leaders of the two countries spoke by phone" in article.text
        for leaked in ("alert", "color:red", "secret", "inside frame", "object text", "<", "127.0.0.1"):
            assert leaked not in article.text, (article.name, leaked)


def test_size_limits_are_stated_and_nothing_hangs(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as out:  # 50 MB without holding it in memory
        chunk = (GOOD * 200).encode()
        while out.tell() < 50 * 1024 * 1024:
            out.write(chunk)
    (tmp_path / "one_line.txt").write_bytes(b"word " * 1_000_000)  # 5 MB, a single line
    (tmp_path / "many_paragraphs.txt").write_text("\n\n".join(f"Item {i}." for i in range(MAX_PARAGRAPHS + 1)))
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    articles, errors = load_paths([str(tmp_path)])
    assert [a.name for a in articles] == ["good.txt"]
    messages = {Path(e.path).name: e.message for e in errors}
    assert f"limit for one article file is {MAX_FILE_BYTES // 1_048_576} MB" in messages["big.txt"]
    assert re.search(r"file is 50\.\d MB", messages["big.txt"])
    assert f"{MAX_TEXT_CHARS:,} characters" in messages["one_line.txt"]
    assert f"{MAX_PARAGRAPHS:,} paragraphs" in messages["many_paragraphs.txt"]


def test_large_web_page_is_refused_with_its_limit(tmp_path):
    from viewer.ingest.htmlextract import MAX_PAGE_TEXT_CHARS
    paragraph = "<p>Leaders of the two countries spoke by phone on Thursday about trade.</p>\n"
    page = "<html><body><article>" + paragraph * (MAX_PAGE_TEXT_CHARS // 60) + "</article></body></html>"
    (tmp_path / "huge.html").write_text(page, encoding="utf-8")
    articles, errors = load_paths([str(tmp_path / "huge.html")])
    assert not articles and f"{MAX_PAGE_TEXT_CHARS:,}" in errors[0].message


def test_special_files_are_refused(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    articles, errors = load_paths([str(fifo)])
    assert not articles and "not a regular file" in errors[0].message


def test_cli_names_bad_files_on_stderr_and_in_json(tmp_path):
    _write(tmp_path, {"empty.txt": b"", "image.txt": BAD_FILES["image.txt"][0]})
    shutil.copy(seed("002"), tmp_path / "a.txt")
    shutil.copy(seed("003"), tmp_path / "b.txt")
    for command in ("groups", "compare", "topics"):
        run = subprocess.run([sys.executable, "-m", "viewer", command, str(tmp_path), "--json"],
                             capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert run.returncode == 0, run.stderr
        data = json.loads(run.stdout)
        assert sorted(Path(e["path"]).name for e in data["errors"]) == ["empty.txt", "image.txt"]
        for name in ("empty.txt", "image.txt"):
            assert str(tmp_path / name) in run.stderr
    run = subprocess.run([sys.executable, "-m", "viewer", "compare", str(tmp_path / "empty.txt"),
                          str(tmp_path / "image.txt"), "--json"], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    assert run.returncode == 2 and "no readable articles" in run.stderr
    assert "Traceback" not in run.stderr


def test_library_with_no_readable_article_opens_empty(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    library = Library.open([str(tmp_path)], use_cache=False)
    assert library.articles == [] and library.events == [] and len(library.errors) == 1


def test_corrupt_cache_is_set_aside_and_rebuilt(tmp_path):
    path = tmp_path / "analysis.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    cache = AnalysisCache(path)
    library = Library.open([seed("002")], use_cache=False)
    analysis = library.analyses[seed("002")]
    cache.put("key", analysis)
    cache.commit()
    assert cache.get("key") == analysis
    cache.close()
    assert (tmp_path / "analysis.corrupt").read_bytes().startswith(b"this is not")


def test_bad_rows_and_unusable_cache_only_cost_time(tmp_path):
    path = tmp_path / "analysis.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE analysis (key TEXT PRIMARY KEY, data BLOB)")
    db.execute("INSERT INTO analysis VALUES ('garbled', x'00ff00ff')")
    db.commit()
    db.close()
    assert AnalysisCache(path).get("garbled") is None
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("x")
    unusable = AnalysisCache(blocker / "analysis.sqlite")  # its folder cannot be created
    assert unusable.get("anything") is None
    unusable.close()


def test_cache_deleted_while_in_use_loses_nothing(tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("VIEWER_CACHE_DIR", str(cache_dir))
    first = Library.open([seed("002"), seed("003")])
    assert (cache_dir / "analysis.sqlite").exists()
    shutil.rmtree(cache_dir)
    again = Library.open([seed("002"), seed("003")])
    assert again.analyses == first.analyses
    assert (cache_dir / "analysis.sqlite").exists()  # rebuilt


def test_cache_damaged_while_in_use_is_rebuilt(tmp_path):
    path = tmp_path / "analysis.sqlite"
    analysis = Library.open([seed("002")], use_cache=False).analyses[seed("002")]
    cache = AnalysisCache(path)
    for n in range(50):
        cache.put(f"key{n}", analysis)
    cache.commit()
    cache.close()
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)  # keep the header page, scribble over the rest
    path.write_bytes(bytes(data))
    cache = AnalysisCache(path)
    for n in range(50):
        found = cache.get(f"key{n}")
        assert found is None or found == analysis  # a damaged row is a miss, never an error
    assert (tmp_path / "analysis.corrupt").exists()  # the damaged file was set aside
    cache.put("fresh", analysis)
    cache.commit()
    assert cache.get("fresh") == analysis
    cache.close()


def test_page_with_a_huge_inline_script_keeps_its_article(tmp_path):
    # libxml2 stops at a 10 MB text node by default, which would cut the article off.
    script = "var data = 1;" * (12 * 1024 * 1024 // 13)
    page = f"<html><head><script>{script}</script></head><body>{ARTICLE_HTML}</body></html>"
    (tmp_path / "heavy.html").write_text(page, encoding="utf-8")
    articles, errors = load_paths([str(tmp_path / "heavy.html")])
    assert not errors
    assert "The call lasted ninety minutes" in articles[0].text and "var data" not in articles[0].text
