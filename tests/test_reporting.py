"""Tests for the reporting stage: workbooks are written to tmp_path and read back with openpyxl."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock

from watchlist_extractor.errors import ReportError
from watchlist_extractor.model import Rule, RuleFile, RuleModel, RuleSet, SourceModel
from watchlist_extractor.reporting import (
    DECISIONS,
    EXCEL_CELL_LIMIT,
    JSON_KEYS,
    MATCH_COLUMNS,
    SHEETS,
    excel,
    format_summary,
    write_csv,
    write_jsonl,
    write_report,
)
from watchlist_extractor.reporting.cells import clean_text, fit_context, neutralise_csv
from watchlist_extractor.results import DocumentResult, Match, ScanResult, SuppressedMatch

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "004_aca631c873de0f03.txt"
SEED_DOC = "seeds/004_aca631c873de0f03.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
STARTED = dt.datetime(2024, 6, 3, 9, 15, 0, tzinfo=dt.timezone.utc)
FINISHED = dt.datetime(2024, 6, 3, 9, 15, 4, 500000, tzinfo=dt.timezone.utc)

KEXIN_SENTENCE = (
    "In one case, on Feb. 1, Russian information technology company Status Compliances imported"
    " three drones, with takeoff weights of between 25 kg and 150 kg, from Shenzhen Kexin Smart"
    " Development, an electronic devices manufacturer in Shenzhen, for $28,292."
)
# The match as the scanner reports it for the seed article (offsets checked against the file).
KEXIN = Match(
    document=SEED_DOC, line=12, column=161, start=2823, end=2855, category="entity",
    rule_id="entity.kexin", rule_name="Shenzhen Kexin Smart Development", severity="high",
    matched_text="Shenzhen Kexin Smart Development", context=KEXIN_SENTENCE,
    context_match_start=160, context_match_end=192, sentence_start=2663, sentence_end=2917,
    term="Shenzhen Kexin Smart Development",
)


def make_rule(rule_id, category, name, severity, terms, *, line, source=None, path=None):
    model = RuleModel(id=rule_id, category=category, name=name, severity=severity, terms=terms,
                      source=source, version=2 if rule_id == "entity.dji" else 1)
    return Rule(model, path or f"rules/{category}.yaml", line)


RULES = (
    make_rule("entity.dji", "entity", "SZ DJI Technology", "critical", ["DJI"], line=3,
              source=SourceModel(list="BIS Entity List", program="EAR")),
    make_rule("entity.dji-ns-cmic", "entity", "SZ DJI Technology", "critical", ["DJI"], line=12,
              source=SourceModel(list="OFAC NS-CMIC", entry_id="32562")),
    make_rule("entity.kexin", "entity", "Shenzhen Kexin Smart Development", "high",
              ["Shenzhen Kexin Smart Development"], line=21,
              source=SourceModel(list="Demo watchlist", entry_id="K-1")),
    make_rule("entity.jarch", "entity", "Shenzhen Jarch Electromechanical Technology", "medium",
              ["Shenzhen Jarch Electromechanical Technology"], line=30),
    make_rule("entity.rostec", "entity", "Rostec", "high", ["Rostec"], line=39,
              source=SourceModel(list="OFAC SDN", entry_id="25418", program="UKRAINE-EO13662")),
    make_rule("good.uav", "good", "Unmanned aerial vehicles", "medium", ["drones"], line=3,
              source=SourceModel(list="EU Reg. 833/2014 Annex VII", entry_id="8806")),
    make_rule("good.jammer", "good", "Drone jammers", "low", ["jam drones"], line=11),
    make_rule("phrase.smo", "phrase", "Special military operation designation", "high",
              ["special military operation"], line=3),
    make_rule("phrase.dual-use", "phrase", "Dual-use goods", "informational",
              ["dual-use goods"], line=10),
)
RULESET = RuleSet(
    rules=RULES,
    files=(
        RuleFile("rules/entity.yaml", hashlib.sha256(b"entity").hexdigest(), 5),
        RuleFile("rules/good.yaml", hashlib.sha256(b"good").hexdigest(), 2),
        RuleFile("rules/phrase.yaml", hashlib.sha256(b"phrase").hexdigest(), 2),
    ),
)
ALSO = {"entity.dji": ("entity.dji-ns-cmic",)}
SKIP_RULES = {"entity.dji-ns-cmic"}  # claimed through also_rules only


def sentence_bounds(text, start, end):
    """Sentence around a span: between '. X' boundaries inside its line (enough for the seed)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    s = line_start
    for found in re.finditer(r"[.!?][\"'”’)]*\s+(?=[A-Z\"“])", text[line_start:start]):
        s = line_start + found.end()
    e = line_end
    found = re.search(r"[.!?][\"'”’)]*(?=\s+[A-Z\"“])", text[end:line_end])
    if found:
        e = end + found.end()
    return s, e


def scan_text(document, text, seen=None):
    """A tiny literal matcher standing in for the real one: realistic Match values."""
    seen = {} if seen is None else seen
    found = []
    for rule in RULES:
        if rule.id in SKIP_RULES:
            continue
        for term in (t.term for t in rule.model.term_models()):
            for hit in re.finditer(r"\b" + re.escape(term) + r"\b", text):
                start, end = hit.span()
                s, e = sentence_bounds(text, start, end)
                line = text.count("\n", 0, start) + 1
                column = start - (text.rfind("\n", 0, start) + 1) + 1
                sentence = text[s:e]
                first = seen.setdefault(sentence, f"{document}:{line}")
                found.append(Match(
                    document=document, line=line, column=column, start=start, end=end,
                    category=rule.category, rule_id=rule.id, rule_name=rule.name,
                    severity=rule.severity, matched_text=text[start:end], context=sentence,
                    context_match_start=start - s, context_match_end=end - s,
                    sentence_start=s, sentence_end=e, term=term,
                    also_rules=ALSO.get(rule.id, ()),
                    duplicate_of="" if first == f"{document}:{line}" else first,
                ))
    return found


def document(name, path, text, status="scanned", reason=""):
    data = text.encode("utf-8")
    return DocumentResult(
        document=name, path=str(path), status=status, reason=reason, size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest() if status == "scanned" else "",
        characters=len(text),
    )


def make_result(matches, documents, suppressed=()):
    return ScanResult(
        matches=list(matches), documents=list(documents), started=STARTED, finished=FINISHED,
        inputs=["seeds/", "syndicated/"], rule_files=[f.path for f in RULESET.files],
        suppressed=list(suppressed),
        command_line="watchlist scan seeds/ syndicated/ --rules rules/ -o reports/scan.xlsx",
    )


@pytest.fixture(scope="module")
def seed_result(tmp_path_factory):
    """The seed article, a syndicated copy of its Kexin paragraph, one skipped, one failed."""
    folder = tmp_path_factory.mktemp("inputs")
    copy_text = "Reprinted from Nikkei Asia.\n" + SEED_TEXT.splitlines()[11] + "\n"
    copy_path = folder / "copy.txt"
    copy_path.write_text(copy_text, encoding="utf-8")
    seen: dict[str, str] = {}
    matches = scan_text(SEED_DOC, SEED_TEXT, seen) + scan_text("syndicated/copy.txt", copy_text, seen)
    suppressed_match = next(m for m in matches if m.rule_id == "good.uav")
    matches.remove(suppressed_match)
    documents = [
        document(SEED_DOC, SEED, SEED_TEXT),
        document("syndicated/copy.txt", copy_path, copy_text),
        document("seeds/photo.jpg", folder / "photo.jpg", "", "skipped", "not a text file"),
        document("seeds/broken.txt", folder / "broken.txt", "", "failed", "permission denied"),
    ]
    suppressed = [SuppressedMatch(suppressed_match, "supp.headline-drones", "a.reviewer",
                                  "generic mention in the lede")]
    # Scanner order is not report order: shuffle deterministically.
    matches.reverse()
    return make_result(matches, documents, suppressed)


def load(path, rich=False):
    return openpyxl.load_workbook(path, rich_text=rich)


def values(ws):
    """Every cell value of a sheet, rich text flattened to its string."""
    return [[str(v) if isinstance(v, CellRichText) else v for v in row]
            for row in ws.iter_rows(values_only=True)]


def rows_as_dicts(ws):
    rows = values(ws)
    return [dict(zip(rows[0], r)) for r in rows[1:]]


@pytest.fixture(scope="module")
def report(seed_result, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "scan.xlsx"
    assert write_report(seed_result, RULESET, path, streaming=False) == path
    return path


# --- The seed match itself ---------------------------------------------------------------------

def test_kexin_match_agrees_with_the_seed_article():
    assert SEED_TEXT[KEXIN.start:KEXIN.end] == KEXIN.matched_text
    assert SEED_TEXT[KEXIN.sentence_start:KEXIN.sentence_end] == KEXIN.context
    assert KEXIN.context[KEXIN.context_match_start:KEXIN.context_match_end] == KEXIN.matched_text
    assert KEXIN in scan_text(SEED_DOC, SEED_TEXT)


# --- Workbook layout ---------------------------------------------------------------------------

@pytest.mark.parametrize("streaming", [False, True])
def test_sheets_in_order(seed_result, tmp_path, streaming):
    path = write_report(seed_result, RULESET, tmp_path / "r.xlsx", streaming=streaming)
    assert load(path).sheetnames == list(SHEETS)


def test_matches_header_row(report):
    ws = load(report)["Matches"]
    assert [c.value for c in ws[1]] == [
        "Document", "Line", "Category", "Rule ID", "Rule", "Severity", "Matched text", "Context",
        "Column", "Start", "End", "Term", "Source/List", "Also on", "Repeated", "Link",
        "Decision", "Note",
    ]
    assert list(MATCH_COLUMNS) == [c.value for c in ws[1]]
    assert all(c.font.b for c in ws[1])
    assert ws["A1"].fill.fgColor.rgb == "FF1F4E78"


def test_known_match_row_with_highlighted_term(report):
    ws = load(report, rich=True)["Matches"]
    rows = list(ws.iter_rows(min_row=2))
    (row,) = [r for r in rows if r[3].value == "entity.kexin" and r[0].value == SEED_DOC
              and r[1].value == 12]
    cells = {h: c for h, c in zip(MATCH_COLUMNS, row)}
    assert [cells[h].value for h in ("Document", "Line", "Category", "Rule ID", "Rule",
                                     "Severity", "Matched text", "Column", "Start", "End",
                                     "Term", "Source/List", "Also on", "Repeated",
                                     "Decision", "Note")] == [
        SEED_DOC, 12, "entity", "entity.kexin", "Shenzhen Kexin Smart Development", "high",
        "Shenzhen Kexin Smart Development", 161, 2823, 2855, "Shenzhen Kexin Smart Development",
        "Demo watchlist #K-1", None, None, None, None,
    ]
    context = cells["Context"].value
    assert isinstance(context, CellRichText)
    assert str(context) == KEXIN_SENTENCE
    assert context[0] == KEXIN_SENTENCE[:160]
    highlighted = context[1]
    assert isinstance(highlighted, TextBlock)
    assert highlighted.text == "Shenzhen Kexin Smart Development"
    assert highlighted.font.b and highlighted.font.color.rgb == "FFC00000"
    assert context[2] == KEXIN_SENTENCE[192:]
    assert cells["Context"].alignment.wrap_text


def test_rows_sorted_by_document_then_start(report, seed_result):
    rows = rows_as_dicts(load(report)["Matches"])
    keys = [(r["Document"], r["Start"]) for r in rows]
    assert keys == sorted(keys)
    assert len(rows) == len(seed_result.matches)


def test_severity_shown_by_fill(report):
    ws = load(report)["Matches"]
    fills = {}
    for row in ws.iter_rows(min_row=2):
        fills.setdefault(row[5].value, row[5].fill.fgColor.rgb)
    assert fills == {
        "critical": "FF8B0000", "high": "FFE0301E", "medium": "FFF79646", "low": "FFFFE066",
        "informational": "FFD9D9D9",
    }


def test_link_opens_the_document(report, seed_result):
    ws = load(report)["Matches"]
    link_col = MATCH_COLUMNS.index("Link") + 1
    for row in range(2, ws.max_row + 1):
        cell = ws.cell(row, link_col)
        document = ws.cell(row, 1).value
        path = next(d.path for d in seed_result.documents if d.document == document)
        assert cell.hyperlink.target == Path(path).resolve().as_uri()
        line, column = ws.cell(row, 2).value, ws.cell(row, 9).value
        assert cell.value == f"{document}:{line}:{column}"
    assert ws.cell(2, link_col).hyperlink.target.startswith("file:///")


def test_decision_drop_down_frozen_header_and_filter(report):
    ws = load(report)["Matches"]
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"confirmed,false positive,needs review"'
    assert tuple(validation.formula1.strip('"').split(",")) == DECISIONS
    assert str(validation.sqref) == f"Q2:Q{ws.max_row}"
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == f"A1:R{ws.max_row}"
    assert ws.print_title_rows == "$1:$1"
    assert ws.column_dimensions["H"].width >= 60  # Context is readable


def test_repeated_passages_are_marked_muted_and_counted_once(report, seed_result):
    wb = load(report)
    rows = rows_as_dicts(wb["Matches"])
    copies = [r for r in rows if r["Document"] == "syndicated/copy.txt"]
    assert [(r["Rule ID"], r["Repeated"]) for r in copies] == [
        ("good.uav", f"{SEED_DOC}:12"),
        ("entity.kexin", f"{SEED_DOC}:12"),
        ("entity.jarch", f"{SEED_DOC}:12"),
    ]
    assert all(r["Repeated"] is None for r in rows if r["Document"] == SEED_DOC)
    for row in wb["Matches"].iter_rows(min_row=2):
        repeated = row[0].value == "syndicated/copy.txt"
        assert bool(row[0].font.i) is repeated
        assert (row[0].font.color is not None and row[0].font.color.rgb == "FF808080") is repeated

    summary = values(wb["Summary"])
    (total,) = [r for r in summary if r[0] == "Total"]
    assert list(total[:4]) == ["Total", 44, 41, 1]  # mentions, unique mentions, suppressed
    assert summary[1][0].startswith("41 unique mentions (44 in all) in 2 of 2 scanned documents")
    entities = rows_as_dicts(wb["Entities"])
    kexin = next(e for e in entities if e["Entity"] == "Shenzhen Kexin Smart Development")
    assert (kexin["Mentions"], kexin["Unique mentions"], kexin["Documents"]) == (3, 2, 2)
