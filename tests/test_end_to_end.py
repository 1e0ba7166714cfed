"""The README's first command, end to end: the seeds, the shipped rules, a real workbook."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from watchlist_extractor.cli import main

ROOT = Path(__file__).resolve().parents[1]
KEXIN_SENTENCE = (
    "In one case, on Feb. 1, Russian information technology company Status Compliances imported "
    "three drones, with takeoff weights of between 25 kg and 150 kg, from Shenzhen Kexin Smart "
    "Development, an electronic devices manufacturer in Shenzhen, for $28,292.")


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    code = main(["scan", str(ROOT / "seeds"), "--rules", str(ROOT / "rules"), "--out",
                 str(out / "r.xlsx"), "--jsonl", str(out / "r.jsonl"), "--csv", str(out / "r.csv"),
                 "--jobs", "1", "--quiet"])
    assert code == 0
    return out


def test_workbook_sheets_and_headers(seed_report):
    wb = load_workbook(seed_report / "r.xlsx")
    assert wb.sheetnames == ["Summary", "Matches", "Entities", "Documents", "Rules", "Run"]
    header = [c.value for c in wb["Matches"][1]]
    assert header[:8] == ["Document", "Line", "Category", "Rule ID", "Rule", "Severity",
                          "Matched text", "Context"]
    assert wb["Matches"].freeze_panes is not None and wb["Matches"].auto_filter.ref


def test_known_seed_match_with_its_context(seed_report):
    wb = load_workbook(seed_report / "r.xlsx")
    rows = [[c.value for c in row[:8]] for row in wb["Matches"].iter_rows(min_row=2)]
    kexin = [r for r in rows if r[6] == "Shenzhen Kexin Smart Development"]
    assert kexin[0][:4] == ["004_aca631c873de0f03.txt", 12, "entity", "entity.shenzhen-kexin"]
    assert str(kexin[0][7]) == KEXIN_SENTENCE
    assert not [r for r in rows if r[6] == "Kexin"]  # the longest match only


def test_documents_sheet_lists_every_seed(seed_report):
    wb = load_workbook(seed_report / "r.xlsx")
    rows = list(wb["Documents"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[0] for r in rows) == sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    assert {r[1] for r in rows} == {"scanned"}


def test_exports_have_the_same_rows(seed_report):
    wb = load_workbook(seed_report / "r.xlsx")
    sheet_rows = wb["Matches"].max_row - 1
    jsonl = [json.loads(line) for line in (seed_report / "r.jsonl").read_text("utf-8").splitlines()]
    with (seed_report / "r.csv").open(encoding="utf-8", newline="") as handle:
        csv_rows = list(csv.reader(handle))[1:]
    assert len(jsonl) == len(csv_rows) == sheet_rows > 150
    sdn = [r for r in jsonl if r["matched_text"] == "Tekhkrim"]
    assert sdn and "OFAC SDN" in sdn[0]["source"]
