"""Text encodings are detected, reported and can be overridden; line endings keep offsets."""
from __future__ import annotations

import codecs
import json
import subprocess
import sys

import pytest

from viewer.ingest.decoding import DecodeError, decode_bytes
from viewer.library.library import Library
from viewer.ingest.loading import load_article

from conftest import ROOT

ENGLISH = ("Biden and Xi spoke by phone on Thursday. “We discussed the responsibility of both "
           "nations,” an official said — café, naïve, résumé, Zürich.\n\n"
           "The call lasted ninety minutes and covered trade, climate and Taiwan.\n")
LATIN1 = ("Biden et Xi ont parlé au téléphone jeudi; «nous avons discuté», a déclaré un "
          "responsable à Genève.\n\nL'appel a duré quatre-vingt-dix minutes.\n")
SIMPLIFIED = ("拜登与习近平通电话。两国元首就中美关系以及双方关心的有关问题进行了坦诚、深入、"
              "广泛的战略性沟通和交流。\n\n"
              "习近平指出，一段时间以来，美国对华政策导致中美关系遭遇严重困难。\n")
TRADITIONAL = ("美國總統拜登與中國國家主席習近平通電話，雙方就中美關係以及共同關心的問題進行了坦誠、深入的溝通。\n\n"
               "習近平指出，一段時間以來，美國對華政策導致中美關係遭遇嚴重困難。\n")
JAPANESE = ("バイデン大統領と習近平国家主席が電話で会談した。両首脳は米中関係について率直に意見を交わした。\n\n"
            "会談は約九十分間続き、台湾や貿易についても話し合った。\n")

# (text, codec used to write the file, codecs we accept as the detected name)
CASES = {
    "utf8": (ENGLISH, "utf-8", {"utf-8"}),
    "utf8_bom": (ENGLISH, "utf-8-sig", {"utf-8-sig"}),
    "utf16_bom": (ENGLISH, "utf-16", {"utf-16"}),
    "utf16le_no_bom": (ENGLISH, "utf-16-le", {"utf-16-le", "utf-16"}),
    "cp1252": (ENGLISH, "cp1252", {"cp1252"}),
    "latin1": (LATIN1, "latin-1", {"cp1252", "iso8859-1", "latin-1"}),
    "gb18030": (SIMPLIFIED, "gb18030", {"gb18030", "gbk", "gb2312"}),
    "gbk": (SIMPLIFIED, "gbk", {"gb18030", "gbk", "gb2312"}),
    "big5": (TRADITIONAL, "big5", {"big5", "big5hkscs", "cp950"}),
    "shift_jis": (JAPANESE, "shift_jis", {"shift_jis", "cp932", "shift_jis_2004", "shift_jisx0213"}),
}


def _codec_name(name: str) -> str:
    return codecs.lookup(name).name


@pytest.mark.parametrize("case", sorted(CASES))
def test_encoding_detected_and_text_exact(tmp_path, case):
    text, codec, accepted = CASES[case]
    path = tmp_path / f"{case}.txt"
    path.write_bytes(text.encode(codec))
    article = load_article(str(path))
    assert article.text.lstrip("\ufeff") == text
    assert _codec_name(article.encoding) in {_codec_name(a) for a in accepted}, article.encoding
    assert len(article.paragraphs) == 2


def test_user_encoding_overrides_detection(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(ENGLISH.encode("cp1252"))
    forced = load_article(str(path), encoding="cp1250")  # a wrong but valid choice is honoured
    assert forced.encoding == "cp1250"
    assert "naďve" in forced.text
    library = Library.open([str(path)], use_cache=False, group=False,
                           encodings={str(path): "latin-1"})
    assert library.articles[0].encoding == "latin-1"


def test_user_encoding_that_does_not_fit_is_a_clear_error(tmp_path):
    path = tmp_path / "zh.txt"
    path.write_bytes(SIMPLIFIED.encode("gb18030"))
    library = Library.open([str(path)], use_cache=False, group=False, encodings={str(path): "utf-8"})
    assert not library.articles
    assert str(path) in library.errors[0].message and "utf-8" in library.errors[0].message
    with pytest.raises(DecodeError, match="unknown-codec"):
        decode_bytes(b"hello", "unknown-codec")
    # a chosen encoding never turns a binary file into "text"
    with pytest.raises(DecodeError, match="PNG"):
        decode_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "latin-1")
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(bytes(range(32)) * 50, "latin-1")


def test_cli_reports_and_accepts_encoding(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(ENGLISH.encode("cp1252"))
    b.write_bytes(ENGLISH.replace("ninety", "90").encode("utf-16"))
    run = subprocess.run([sys.executable, "-m", "viewer", "compare", str(a), str(b), "--json", "--no-cache"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    encodings = {x["path"]: x["encoding"] for x in json.loads(run.stdout)["articles"]}
    assert encodings == {str(a): "cp1252", str(b): "utf-16"}
    run = subprocess.run([sys.executable, "-m", "viewer", "groups", str(a), "--json", "--no-cache",
                          "--encoding", "utf-16"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    errors = json.loads(run.stdout)["errors"]
    assert [e["path"] for e in errors] == [str(a)] and "utf-16" in errors[0]["message"]


@pytest.mark.parametrize("newline", ["\r\n", "\r", "mixed"])
def test_line_endings_keep_offsets(tmp_path, newline):
    blocks = ["A headline about the call", "WASHINGTON — The two leaders spoke on Thursday.\nIt was long.",
              "A second paragraph about trade.", "A third one about climate."]
    if newline == "mixed":
        text = "A headline about the call\r\n\r\nWASHINGTON — The two leaders spoke on Thursday.\rIt was long.\n\n" \
               "A second paragraph about trade.\r\r\nA third one about climate.\r\n"
        blocks[1] = blocks[1].replace("\n", "\r")
    else:
        text = (newline * 2).join(b.replace("\n", newline) for b in blocks) + newline
        blocks[1] = blocks[1].replace("\n", newline)
    path = tmp_path / "endings.txt"
    path.write_bytes(text.encode("utf-8"))
    article = load_article(str(path))
    assert article.text == text  # never normalised: offsets point into the file's own text
    assert [article.paragraph_text(p) for p in article.paragraphs] == blocks
    assert article.meta.dateline == "WASHINGTON"
