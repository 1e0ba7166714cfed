"""The scan pipeline: document results, parallel = serial, crash isolation, repeats, suppressions."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest

from watchlist_extractor import compile_rules, load_rules, scan
from watchlist_extractor import scanning
from watchlist_extractor.loading import load_files
from watchlist_extractor.suppressions import suppressions_from

RULES = """\
rules:
  - id: entity.dji
    category: entity
    terms: [{term: DJI, case_sensitive: true}]
  - id: good.uav
    category: good
    terms: [drone]
"""


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    for i in range(12):
        (root / f"doc{i:02}.txt").write_text(f"Story {i}. DJI sold {i} drones.\n" * (i % 3 + 1),
                                             encoding="utf-8")
    (root / "bad.txt").write_bytes(b"\xff\xfe\x00")
    return root


def test_every_input_reported(compile_yaml, corpus):
    result = scan([corpus], compile_yaml(RULES))
    statuses = {d.document: d.status for d in result.documents}
    assert len(statuses) == 13 and statuses["doc00.txt"] == "scanned"
    assert [d.document for d in result.skipped] == ["bad.txt"]
    assert sum(d.match_count for d in result.documents) == len(result.matches)


@pytest.fixture
def force_pool(monkeypatch):
    """Small test corpora would be scanned in-process; these tests need the worker pool."""
    monkeypatch.setattr(scanning, "SMALL_RUN_FILES", 0)


def test_small_run_skips_the_pool(compile_yaml, corpus, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for a handful of small files")

    monkeypatch.setattr(scanning, "_new_pool", no_pool)
    result = scan([corpus], compile_yaml(RULES), jobs=2)
    assert len(result.documents) == 13 and result.matches


def test_parallel_rows_equal_serial(compile_yaml, corpus, force_pool):
    compiled = compile_yaml(RULES)
    serial = scan([corpus], compiled, jobs=1)
    parallel = scan([corpus], compiled, jobs=2)
    assert parallel.matches == serial.matches
    assert parallel.documents == serial.documents


def test_parallel_rows_equal_serial_for_a_jsonl_corpus(compile_yaml, tmp_path, force_pool):
    lines = [json.dumps({"id": f"a{i}", "text": f"Story {i}. DJI sold {i} drones."})
             for i in range(150)]
    corpus = tmp_path / "feed.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    compiled = compile_yaml(RULES)
    serial = scan([corpus], compiled, jobs=1)
    parallel = scan([corpus], compiled, jobs=2)
    assert len(serial.documents) == 150 and len(serial.matches) == 300
    assert parallel.matches == serial.matches
    assert parallel.documents == serial.documents


def test_repeated_passages_marked(compile_yaml, tmp_path):
    (tmp_path / "a.txt").write_text("DJI sold drones. Other. DJI sold drones.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Syndicated: DJI sold drones.", encoding="utf-8")
    result = scan([tmp_path], compile_yaml(RULES))
    assert [(m.document, m.matched_text, m.duplicate_of) for m in result.matches] == [
        ("a.txt", "DJI", ""), ("a.txt", "drones", ""),
        ("a.txt", "DJI", "a.txt:1"), ("a.txt", "drones", "a.txt:1"),
        ("b.txt", "DJI", ""), ("b.txt", "drones", ""),  # a different sentence: not a repeat
    ]


def test_suppressions(compile_yaml, write_rules, tmp_path):
    path = write_rules("""\
        suppressions:
          - rule: good.uav
            document: "doc0*"
            by: A. Analyst
            reason: toy drones in these stories
        """, "suppressions.yaml")
    suppressions = suppressions_from(load_files([path]))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "doc01.txt").write_text("DJI sold drones.", encoding="utf-8")
    (docs / "doc11.txt").write_text("DJI sold drones.", encoding="utf-8")
    result = scan([docs], compile_yaml(RULES), suppressions=suppressions)
    assert [(m.document, m.rule_id) for m in result.matches] == [
        ("doc01.txt", "entity.dji"), ("doc11.txt", "entity.dji"), ("doc11.txt", "good.uav")]
    (s,) = result.suppressed
    assert (s.match.document, s.by, s.reason) == ("doc01.txt", "A. Analyst",
                                                  "toy drones in these stories")
    assert {d.document: d.suppressed_count for d in result.documents} == {"doc01.txt": 1,
                                                                          "doc11.txt": 0}


def _crash_on_doc03(article, compiled):
    if article.document == "doc03.txt":
        os._exit(13)  # a hard crash, as an out-of-memory kill would be
    return _real_scan_article(article, compiled)


_real_scan_article = scanning.scan_article


def test_worker_crash_fails_one_document_and_run_completes(compile_yaml, corpus, monkeypatch,
                                                           force_pool):
    compiled = compile_yaml(RULES)
    expected = scan([corpus], compiled, jobs=1)
    monkeypatch.setattr(scanning, "scan_article", _crash_on_doc03)
    result = scan([corpus], compiled, jobs=2)
    statuses = {d.document: (d.status, d.reason) for d in result.documents}
    assert statuses["doc03.txt"] == ("failed", "worker process crashed while scanning it")
    assert [m for m in expected.matches if m.document != "doc03.txt"] == result.matches


def test_exception_on_one_document_fails_only_it(compile_yaml, corpus, monkeypatch):
    def broken(article, compiled):
        if article.document == "doc05.txt":
            raise ValueError("boom")
        return _real_scan_article(article, compiled)

    monkeypatch.setattr(scanning, "scan_article", broken)
    result = scan([corpus], compile_yaml(RULES), jobs=1)
    failed = [replace(d, sha256="") for d in result.documents if d.status == "failed"]
    assert [(d.document, d.reason) for d in failed] == [("doc05.txt",
                                                         "scan failed: ValueError: boom")]


def test_library_four_calls(tmp_path, write_rules):
    (tmp_path / "a.txt").write_text("DJI", encoding="utf-8")
    ruleset = load_rules([write_rules(RULES)])
    result = scan([tmp_path / "a.txt"], compile_rules(ruleset))
    assert [m.rule_id for m in result.matches] == ["entity.dji"]
