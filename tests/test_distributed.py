"""Distributed scan on a real local Dask cluster: rows equal a local run's, rules compiled once
per worker, failed partitions kept, the report built from the partitions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from watchlist_extractor import Match, scan
from watchlist_extractor import distributed as dist
from watchlist_extractor.errors import InputError, WatchlistError
from watchlist_extractor.rulecache import load_and_compile

ROOT = Path(__file__).resolve().parents[1]

RULES = """\
rules:
  - id: entity.dji
    category: entity
    severity: high
    name: SZ DJI Technology Co., Ltd.
    terms: [SZ DJI Technology, {term: DJI, case_sensitive: true}]
  - id: entity.bingo
    category: entity
    terms: ["Xi'an Bingo Intelligent Aviation Technology"]
  - id: entity.aerohit
    category: entity
    terms: [Aerohit]
    source: {list: OFAC SDN}
  - id: good.uav
    category: good
    terms: [drone, UAV, unmanned aerial vehicle, kamikaze drone]
    patterns: ['ZT-\\d{2,4}']
  - id: phrase.smo
    category: phrase
    severity: critical
    terms: [special military operation]
"""

# A second list claiming the same name: matches carry also_rules.
LIST_B = """\
rules:
  - id: list-b.aerohit
    category: entity
    terms: [Aerohit]
    source: {list: UK sanctions}
"""

SUPPRESSIONS = """\
suppressions:
  - rule: good.uav
    document: "p3.jsonl#syn-*"
    by: A. Analyst
    reason: toy drones in the synthetic stories
"""

# A sentence of seeds/000 on its own: a syndicated copy in another partition.
SYNDICATED = ("Der Spiegel: Moscow negotiating with China about serial production of kamikaze "
              "drones, first shipment to be sent to Russia by April")


@pytest.fixture(scope="module")
def client():
    """A real cluster: a scheduler and two worker processes, shared by this module's tests.

    Without the extra (``pip install '.[dask]'``) the tests that need it are skipped.
    """
    distributed = pytest.importorskip("distributed")
    # Two worker processes, as on a cluster: the rules and the tasks cross process boundaries.
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as c:
            yield c


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "a-main.yaml").write_text(RULES, encoding="utf-8")
    (folder / "b-list.yaml").write_text(LIST_B, encoding="utf-8")
    (folder / "suppressions.yaml").write_text(SUPPRESSIONS, encoding="utf-8")
    return folder


def _line(record: object) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


@pytest.fixture
def partitions(tmp_path: Path) -> list[Path]:
    """Four partitions: the seed articles, syndicated copies, bad lines, an empty partition."""
    seeds = {p.stem: p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))}
    names = list(seeds)
    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = {
        "p1.jsonl": [_line({"id": n, "text": seeds[n]}) for n in names[:2]]
                    + ["not json\n", _line([1, 2])],
        "p2.jsonl": [_line({"id": n, "text": seeds[n]}) for n in names[2:4]]
                    + [_line({"id": "syndicated", "text": SYNDICATED}),
                       _line({"id": "aerohit", "text": "Aerohit bought UAVs. Aerohit denies it."})],
        "p3.jsonl": [_line({"id": names[4], "text": seeds[names[4]]})]
                    + [_line({"id": f"syn-{i}", "text": f"Story {i}. DJI sold {i} drones.\n"
                              * (i % 3 + 1)}) for i in range(6)]
                    + [_line({"doc_id": "empty", "text": "   "}), _line({"id": "no-text"}),
                       _line({"id": "syndicated-again", "text": SYNDICATED})],
        "p4.jsonl": ["\n", "\n"],  # no documents at all
    }
    for name, content in lines.items():
        (folder / name).write_text("".join(content), encoding="utf-8")
    return sorted(folder.glob("*.jsonl"))


def test_rows_equal_a_local_run(client, rules_dir, partitions, tmp_path, monkeypatch):
    # Relative inputs, and a working directory the workers do not share: they must still read.
    monkeypatch.chdir(tmp_path)
    inputs = [p.relative_to(tmp_path) for p in partitions]
    loaded = load_and_compile([rules_dir])
    local = scan(inputs, loaded.compiled, jobs=1, suppressions=loaded.suppressions)

    run = dist.scan_distributed(inputs, [rules_dir], "matches", client=client)
    merged = dist.load_partitions("matches", suppressions=loaded.suppressions)

    assert merged.matches == local.matches
    assert merged.documents == local.documents
    assert merged.suppressed == local.suppressed
    assert merged.inputs == local.inputs
    assert merged.rule_files == [f.path for f in loaded.ruleset.files]
    # The corpus exercises what merging must get right.
    assert any(m.duplicate_of.startswith("p1.jsonl#") and m.document.startswith("p2.jsonl#")
               for m in merged.matches)  # a repeat across partitions
    assert any(m.also_rules == ("list-b.aerohit",) for m in merged.matches)
    assert {s.match.document for s in merged.suppressed} >= {"p3.jsonl#syn-0", "p3.jsonl#syn-5"}
    assert {d.status for d in merged.documents} == {"scanned", "skipped"}

    assert [p.document for p in run.partitions] == ["p1.jsonl", "p2.jsonl", "p3.jsonl", "p4.jsonl"]
    assert [p.status for p in run.partitions] == ["done"] * 4
    assert run.documents == len(local.documents)
    assert run.matches == len(local.matches) + len(local.suppressed)
    assert sorted(f.name for f in Path("matches").iterdir()) == ["manifest.json"] + [
        f"part-{i:05d}.{kind}.jsonl" for i in range(4) for kind in ("documents", "matches")]


def test_rules_compiled_once_per_worker_process(client, rules_dir, partitions, tmp_path):
    # Rules no other test has sent: the workers (shared by this module's tests) key their
    # compiled rules on the files' content.
    with (rules_dir / "a-main.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"# {tmp_path}\n")
    first = dist.scan_distributed(partitions, [rules_dir], tmp_path / "out", client=client)
    assert 1 <= sum(p.compiled_rules for p in first.partitions) <= 2  # two worker processes
    # The same rules again: every worker has them already. Fewer partitions, same folder: the
    # earlier run's files are gone.
    calls: list[tuple[int, int]] = []
    second = dist.scan_distributed(partitions[:2], [rules_dir], tmp_path / "out", client=client,
                                   progress=lambda docs, size: calls.append((docs, size)))
    assert not any(p.compiled_rules for p in second.partitions)
    assert sorted(f.name for f in (tmp_path / "out").glob("part-*")) == [
        f"part-{i:05d}.{kind}.jsonl" for i in range(2) for kind in ("documents", "matches")]
    assert len(calls) == 2 and calls[-1][0] == second.documents


def test_failed_partition_is_kept_as_a_failed_document(client, rules_dir, partitions, tmp_path,
                                                       monkeypatch):
    # The client claims another version: every worker refuses the task.
    monkeypatch.setattr(dist, "__version__", "0.0.0+other")
    run = dist.scan_distributed(partitions[:2], [rules_dir], tmp_path / "out", client=client)
    assert [p.status for p in run.failed] == ["failed", "failed"]
    assert "install the same version everywhere" in run.failed[0].reason
    assert "2 partitions failed" in run.summary_line()
    merged = dist.load_partitions(tmp_path / "out")
    assert [(d.document, d.status) for d in merged.documents] == [
        ("p1.jsonl", "failed"), ("p2.jsonl", "failed")]
    assert merged.matches == []


def test_report_from_partitions(client, rules_dir, partitions, tmp_path):
    dist.scan_distributed(partitions, [rules_dir], tmp_path / "out", client=client)
    report = dist.report_from(tmp_path / "out", tmp_path / "report.xlsx")
    workbook = load_workbook(report.path, read_only=True)
    matches = list(workbook["Matches"].iter_rows(min_row=2, values_only=True))
    assert len(matches) == report.match_rows == len(report.result.matches) > 0
    assert {row[0] for row in matches} >= {"p2.jsonl#syndicated", "p3.jsonl#syn-0"}
    documents = list(workbook["Documents"].iter_rows(min_row=2, values_only=True))
    assert len(documents) == len(report.result.documents)
    workbook.close()


def test_report_past_the_row_limit(client, rules_dir, partitions, tmp_path):
    dist.scan_distributed(partitions, [rules_dir], tmp_path / "out", client=client)
    report = dist.report_from(tmp_path / "out", tmp_path / "report.xlsx", max_match_rows=3)
    workbook = load_workbook(report.path, read_only=True)
    assert len(list(workbook["Matches"].iter_rows(min_row=2))) == report.match_rows == 3
    summary = [c for row in workbook["Summary"].iter_rows(values_only=True) for c in row if c]
    assert any("part-*.matches.jsonl" in str(c) for c in summary)  # where the other rows are
    workbook.close()


def test_report_refuses_other_rules(client, rules_dir, partitions, tmp_path):
    dist.scan_distributed(partitions[:1], [rules_dir], tmp_path / "out", client=client)
    (rules_dir / "b-list.yaml").write_text(LIST_B.replace("UK sanctions", "EU"), encoding="utf-8")
    with pytest.raises(WatchlistError, match=r"rules differ .*b-list.yaml changed"):
        dist.report_from(tmp_path / "out", tmp_path / "report.xlsx")


def test_partition_files_keep_every_string(tmp_path):
    # A corpus line may hold a lone surrogate escape ("\\ud800"); UTF-8 cannot encode it, and
    # it must still read back equal.
    match = Match("p.jsonl#1", 1, 1, 0, 3, "entity", "entity.dji", "DJI", "high", "DJI",
                  "DJI \ud800 drones\u2028 …", 0, 3, 0, 20, "DJI", False, ("list-b.dji",), "")
    with dist._atomic(tmp_path / "part.jsonl") as out:
        out.write(dist._dumps(dist._match_record(match)))
    (record,) = dist._read_jsonl(tmp_path / "part.jsonl")
    assert dist._match_from(record) == match
    assert [p.name for p in tmp_path.iterdir()] == ["part.jsonl"]  # no temporary file left


def test_no_manifest_is_not_a_finished_run(tmp_path):
    with pytest.raises(WatchlistError, match="not the output of a finished distributed scan"):
        dist.load_partitions(tmp_path)


def test_expand_globs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("b.jsonl", "a.jsonl", "sub/c.jsonl"):
        Path(name).parent.mkdir(exist_ok=True)
        Path(name).write_text("", encoding="utf-8")
    assert dist.expand_globs(["**/*.jsonl", "kept-as-given"]) == [
        "a.jsonl", "b.jsonl", "sub/c.jsonl", "kept-as-given"]
    with pytest.raises(InputError, match=re.escape("nothing/*.jsonl: no files match")):
        dist.expand_globs(["nothing/*.jsonl"])
