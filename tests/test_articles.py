"""Inputs: what is read, what is skipped and why; nothing is lost."""

from __future__ import annotations

import json

import pytest

from watchlist_extractor.articles import decode_text, discover_inputs, iter_articles
from watchlist_extractor.errors import InputError


@pytest.mark.parametrize(("raw", "text", "reason"), [
    (b"plain text", "plain text", ""),
    ("Xi’an".encode("utf-8-sig"), "Xi’an", ""),
    ("Xi’an".encode("utf-16"), "Xi’an", ""),
    (b"", None, "empty file"),
    (b"  \n ", None, "empty file (whitespace only)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", None, "binary file (contains NUL bytes)"),
    (b"caf\xe9 au lait", None,
     "not UTF-8 text (invalid byte 0xe9 at offset 3); convert it to UTF-8"),
    (bytes(range(1, 9)) * 20, None, "binary file (mostly control characters)"),
])
def test_decode(raw, text, reason):
    assert decode_text(raw) == (text, reason)


def test_folder_walk_names_and_skips(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text("DJI drones", encoding="utf-8")
    (tmp_path / "in" / "sub" / "b.md").write_text("# Title\nText", encoding="utf-8")
    (tmp_path / "in" / "c.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "latin1.txt").write_bytes(b"caf\xe9")
    (tmp_path / "in" / ".hidden.txt").write_text("x", encoding="utf-8")
    items = discover_inputs([tmp_path / "in"])
    assert [i.document for i in items] == ["a.txt", "c.pdf", "empty.txt", "latin1.txt",
                                           "sub/b.md"]
    results = list(iter_articles(items))
    read = [a.document for a, _ in results if a is not None]
    skipped = {s.document: s.reason for _, s in results if s is not None}
    assert read == ["a.txt", "sub/b.md"]
    assert skipped["c.pdf"].startswith("unsupported file type '.pdf'")
    assert skipped["empty.txt"] == "empty file"
    assert skipped["latin1.txt"].startswith("not UTF-8 text")


def test_size_limit_skips_without_loading(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("x" * 2000, encoding="utf-8")
    ((article, skipped),) = list(iter_articles(discover_inputs([big]), max_bytes=1000))
    assert article is None
    assert skipped.reason.startswith("larger than the 1,000-byte limit (2,000 bytes)")


def test_explicit_file_with_other_suffix_is_scanned(tmp_path):
    f = tmp_path / "story.text"
    f.write_text("DJI", encoding="utf-8")
    ((article, _),) = list(iter_articles(discover_inputs([f])))
    assert article.document == "story.text" and article.text == "DJI"


def test_same_names_under_two_roots_are_qualified(tmp_path):
    for root in ("feed1", "feed2"):
        (tmp_path / root).mkdir()
        (tmp_path / root / "a.txt").write_text("x", encoding="utf-8")
    items = discover_inputs([tmp_path / "feed1", tmp_path / "feed2"])
    assert [i.document for i in items] == ["feed1/a.txt", "feed2/a.txt"]


def test_missing_input_is_an_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        discover_inputs([tmp_path / "nope"])


def test_jsonl_corpus(tmp_path):
    corpus = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": "n1", "text": "DJI drones"}), "", "{not json",
             json.dumps({"id": "n2", "body": "Other text"}), json.dumps({"id": "n3"}),
             json.dumps([1, 2]), json.dumps({"id": "n4", "text": 5})]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(iter_articles(discover_inputs([corpus])))
    docs = [(a.document if a else s.document, a is not None, "" if a else s.reason)
            for a, s in results]
    assert docs[0] == ("feed.jsonl#n1", True, "")
    assert docs[1][0] == "feed.jsonl#line-3" and docs[1][2].startswith("not valid JSON")
    assert docs[2] == ("feed.jsonl#n2", True, "")
    assert docs[3] == ("feed.jsonl#n3", False, "no 'text' field (or 'content', 'body')")
    assert docs[4] == ("feed.jsonl#line-6", False, "not a JSON object")
    assert docs[5] == ("feed.jsonl#n4", False, "'text' is not a string")


def test_jsonl_lone_surrogate_is_replaced_not_fatal(tmp_path):
    corpus = tmp_path / "feed.jsonl"
    corpus.write_text(json.dumps({"id": "x", "text": "DJI \ud800 drones"}) + "\n", encoding="utf-8")
    ((article, skipped),) = list(iter_articles(discover_inputs([corpus])))
    assert skipped is None and article.text == "DJI ? drones"
