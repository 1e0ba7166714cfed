"""Reporting: the Excel workbook a compliance officer reviews and hands to a manager.

Sheets, in order::

    Summary      most serious findings first, then run facts, counts and a chart
    Matches      one row per mention (continued on "Matches (2)", … past a sheet's row limit)
    Entities     one row per flagged entity: lists, mentions, goods and phrases beside it
    Documents    every input: status, reason, size, SHA-256, mentions
    Rules        every rule: where it is defined, its version, how often it fired
    Run          audit trail: tool version, times, command line, rule files and inputs with SHA-256

Two modes give the same cells. The default, streaming mode writes each sheet's rows as XML
straight to disk (``sheetxml``: about ten times faster than openpyxl's cell objects, memory
flat whatever the number of matches) and lets openpyxl write everything else. The in-memory
mode (``streaming=False``) builds every cell through openpyxl's public API: it is the reference
the tests compare the streamed rows with. Known difference: in streaming mode a document's
links are stored as one hyperlink over its run of rows (``P2:P40``) instead of one per cell,
which keeps memory flat; Excel, LibreOffice and openpyxl show the same link on every cell.

Article text is never trusted: every string is cleaned of characters XML refuses, cut to a
cell's 32,767 characters (contexts keep a window around the match), and stored as text, so a
context starting with "=" is shown, never run as a formula.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ..model import RuleSet
from ..results import ScanResult
from . import audit
from .cells import EXCEL_MAX_ROWS, clean_text, fit_context
from .sheetxml import RowsXml, splice_rows
from .rows import DECISIONS, MATCH_COLUMNS, MatchRow, RowBuilder, sorted_matches
from .stats import Counts, ReportStats, co_occurring, collect

MAX_DATA_ROWS = EXCEL_MAX_ROWS - 1  # data rows per sheet under the header row
TOP_FINDINGS = 15
TOP_ENTITIES = 10
TOP_DOCUMENTS = 20
RUN_LIST_LIMIT = 10_000  # documents and suppressed matches listed on Run (all are elsewhere)

# --- Looks ------------------------------------------------------------------------------------

SEVERITY_COLOURS: dict[str, tuple[str, str]] = {  # fill, font
    "critical": ("8B0000", "FFFFFF"),  # dark red
    "high": ("E0301E", "FFFFFF"),  # red
    "medium": ("F79646", "000000"),  # orange
    "low": ("FFE066", "000000"),  # yellow
    "informational": ("D9D9D9", "000000"),  # grey
}
# The matched term inside a context: a bold dark-red run, the rest of the sentence plain.
HIGHLIGHT = InlineFont(rFont="Calibri", sz=11, b=True, color="FFC00000")

_TOP = Alignment(vertical="top")
_WRAP = Alignment(vertical="top", wrap_text=True)
_THIN = Side(style="thin", color="A6A6A6")
_MUTED = "808080"
LINE_HEIGHT = 15.0  # points per line of 11-point Calibri
MAX_ROW_HEIGHT = 409.0  # Excel's limit


@dataclass(frozen=True)
class Look:
    font: Font | None = None
    fill: PatternFill | None = None
    alignment: Alignment | None = None
    number_format: str | None = None
    border: Border | None = None


def _argb(colour: str) -> str:
    return colour if len(colour) == 8 else "FF" + colour  # opaque, as Excel writes colours


def _font(size: float = 11, **kwargs: Any) -> Font:
    # A Font without a name makes LibreOffice fall back to a serif face.
    if "color" in kwargs:
        kwargs["color"] = _argb(kwargs["color"])
    return Font(name="Calibri", size=size, **kwargs)


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=_argb(colour), end_color=_argb(colour))


LOOKS: dict[str, Look] = {
    "header": Look(
        _font(bold=True, color="FFFFFF"), _fill("1F4E78"),
        Alignment(vertical="center", wrap_text=True), border=Border(bottom=_THIN),
    ),
    "text": Look(alignment=_TOP),
    "strong": Look(_font(bold=True), alignment=_TOP),
    "strong-wrap": Look(_font(bold=True), alignment=_WRAP),
    "wrap": Look(alignment=_WRAP),
    "int": Look(alignment=_TOP, number_format="0"),
    "count": Look(alignment=_TOP, number_format="#,##0"),
    "link": Look(_font(color="0563C1", underline="single"), alignment=_TOP),
    "muted-text": Look(_font(color=_MUTED, italic=True), alignment=_TOP),
    "muted-strong-wrap": Look(_font(color=_MUTED, italic=True, bold=True), alignment=_WRAP),
    "muted-wrap": Look(_font(color=_MUTED, italic=True), alignment=_WRAP),
    "muted-int": Look(_font(color=_MUTED, italic=True), alignment=_TOP, number_format="0"),
    "muted-link": Look(_font(color="7F9FC9", italic=True, underline="single"), alignment=_TOP),
    "input": Look(fill=_fill("FFF8E1"), alignment=_WRAP, border=Border(bottom=_THIN)),
    "never": Look(_font(color="8C8C8C", italic=True), alignment=_TOP),
    "status-skipped": Look(fill=_fill("FFF2CC"), alignment=_TOP),
    "status-failed": Look(_font(bold=True), _fill("F8CBAD"), alignment=_TOP),
    "title": Look(_font(bold=True, size=16, color="1F4E78")),
    "headline": Look(_font(bold=True, size=12)),
    "section": Look(_font(bold=True, size=12, color="1F4E78")),
    "label": Look(_font(bold=True), alignment=_TOP),
    "note": Look(_font(italic=True, color="595959")),
    "total": Look(_font(bold=True), alignment=_TOP, border=Border(top=_THIN)),
    "total-count": Look(
        _font(bold=True), alignment=_TOP, number_format="#,##0", border=Border(top=_THIN)
    ),
}
LOOKS.update({
    f"sev-{severity}": Look(
        _font(color=font, bold=severity in ("critical", "high")), _fill(fill), alignment=_TOP
    )
    for severity, (fill, font) in SEVERITY_COLOURS.items()
})


# Looks that wrap their text (row heights are estimated for them), and whether they are bold.
WRAPPING: dict[str, bool] = {
    name: bool(look.font is not None and look.font.b)
    for name, look in LOOKS.items()
    if look.alignment is not None and look.alignment.wrap_text
}


def _count(n: int, one: str, many: str) -> str:
    """
    >>> _count(1, "match", "matches"), _count(1200, "match", "matches")
    ('1 match', '1,200 matches')
    """
    return f"{n:,} {one if n == 1 else many}"


def severity_look(severity: str) -> str:
    return f"sev-{severity}" if severity in SEVERITY_COLOURS else "text"


# --- Sheet plumbing (both modes) ----------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    width: float


class _Book:
    """A workbook in normal or streaming mode, with styles cached per look."""

    def __init__(self, streaming: bool):
        self.streaming = streaming
        self.wb = Workbook(write_only=streaming)
        if not streaming:
            self.wb.remove(self.wb.active)
        self._styles: dict[str, Any] = {}
        self.rows_xml: dict[Worksheet, RowsXml] = {}  # streaming: each sheet's rows, on disk

    def style_id(self, look: str) -> int:
        """The index openpyxl gives ``look``'s style in the workbook (streaming rows use it)."""
        probe = WriteOnlyCell(self.wb.worksheets[0])
        self.style(probe, look)
        return self.wb._cell_styles.add(probe._style)

    def save(self, path: Path) -> None:
        """Save the workbook; in streaming mode through ``splice_rows`` (rows written apart)."""
        if not self.streaming:
            self.wb.save(str(path))
            return
        package = tempfile.TemporaryFile()
        try:
            self.wb.save(package)  # every sheet with an empty <sheetData/>
            parts = {ws.path.lstrip("/"): rows for ws, rows in self.rows_xml.items()}
            package.seek(0)
            splice_rows(package, str(path), parts)
        finally:
            package.close()
            self.close_rows()

    def close_rows(self) -> None:
        for rows in self.rows_xml.values():
            rows.close()
        self.rows_xml.clear()

    def abandon(self) -> None:
        """After a failure: close each streamed sheet and delete its temporary file.

        openpyxl streams every write-only sheet to its own temporary file; left open, they
        would be closed (and written to) by the garbage collector, and stay on disk until exit.
        """
        if not self.streaming:
            return
        self.close_rows()
        for ws in self.wb.worksheets:
            writer = getattr(ws, "_writer", None)
            if writer is None:
                continue
            try:
                if not ws.closed:
                    ws.close()
                writer.cleanup()
            except Exception:  # best effort: the original error is the one to report
                pass

    def style(self, cell: Cell, look: str) -> None:
        # The first cell of a look is styled the public way; later cells copy its style
        # indices. Assigning Font/Fill objects hashes them again for every cell, which is most
        # of the time spent on a 50,000-rule sheet.
        cached = self._styles.get(look)
        if cached is not None:
            cell._style = copy(cached)
            return
        spec = LOOKS[look]
        if spec.font is not None:
            cell.font = spec.font
        if spec.fill is not None:
            cell.fill = spec.fill
        if spec.alignment is not None:
            cell.alignment = spec.alignment
        if spec.border is not None:
            cell.border = spec.border
        if spec.number_format is not None:
            cell.number_format = spec.number_format
        self._styles[look] = copy(cell._style)


class Spec(NamedTuple):
    """A cell to write: its value and the name of its look."""

    value: Any
    look: str | None = None


_CAPITALS = re.compile(r"[A-Z]")


def estimate_lines(value: Any, width: float, bold: bool = False) -> int:
    """Lines a wrapped cell needs at ``width``: about 1.15 characters per width unit (1.0 in
    bold), capitals counting 1.35, less a few characters per line for the word that does not
    fit at its end. Over rather than under: a little air is better than text hidden under the
    next row.

    >>> estimate_lines("Shenzhen Kexin Smart Development", 30), estimate_lines("x " * 60, 30)
    (1, 4)
    >>> estimate_lines("OFAC SDN #43225 (RUSSIA-EO14024)", 30), estimate_lines("a\\nb", 20)
    (2, 2)
    """
    capacity = max(1.0, width * (1.0 if bold else 1.15))
    text = str(value)
    if len(text) * 1.35 <= capacity and "\n" not in text:
        return 1  # short enough even in capitals: most cells, so skip the counting
    lines = 0
    for part in text.split("\n"):
        length = len(part) + 0.35 * len(_CAPITALS.findall(part))
        if length <= capacity:
            lines += 1
        else:
            lines += math.ceil(length / max(1.0, capacity - 4))
    return lines


class _Sheet:
    """One worksheet written row by row, the same way in both modes.

    Wrapped cells get an explicit row height estimated from their text: LibreOffice does not
    grow rows by itself when it opens the file, and then wrapped text overlaps the next row.
    """

    def __init__(
        self,
        book: _Book,
        title: str,
        columns: Sequence[Column],
        *,
        table: bool = True,
        freeze: str | None = "A2",
        folded: tuple[str, str] | None = None,
    ):
        self.book = book
        self.ws = book.wb.create_sheet(title=title)
        self.columns = list(columns)
        self.table = table
        self.rows = 0
        self._links: list[list[Any]] = []  # streaming: [column, uri, first row, last row]
        self._rows_xml: RowsXml | None = None
        if book.streaming:
            self._rows_xml = book.rows_xml[self.ws] = RowsXml(book.style_id)
        ws = self.ws
        # Widths, panes and page setup must precede the first row in a write-only sheet.
        for index, column in enumerate(self.columns, 1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        if folded:  # columns grouped and folded away; "+" above them shows them
            ws.column_dimensions.group(*folded, outline_level=1, hidden=True)
        if freeze:
            ws.freeze_panes = freeze
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.oddFooter.center.text = "&A – page &P of &N"
        if table:
            ws.print_title_rows = "1:1"
            ws.print_options.gridLines = True
            self.append([Spec(c.header, "header") for c in self.columns])

    def cell(self, value: Any, look: str | None = None) -> Spec:
        return Spec(value, look)

    @staticmethod
    def _final(spec: Spec, one_line: bool) -> tuple[Any, str | None] | None:
        """The value and look a cell is written with, or ``None`` for no cell.

        Text is cleaned. Looks that only align to the top change nothing in a one-line row:
        such values are written unstyled, which halves the time for a 50,000-rule sheet.
        """
        value = spec.value
        if isinstance(value, str):
            value = clean_text(value) or None
        look = spec.look
        if value is None and look != "input":
            return None  # an empty cell needs no style (only the reviewer's input cells keep one)
        if one_line and (
            look in ("text", "int") or (look == "count" and isinstance(value, int) and value < 1000)
        ):
            look = None
        return value, look

    def _make(self, final: tuple[Any, str | None] | None) -> Any:
        """An openpyxl cell (or plain value) for the normal mode; text is always stored as text."""
        if final is None:
            return None
        value, look = final
        if look is None and not (isinstance(value, str) and value.startswith(("=", "#"))):
            return value
        cell = WriteOnlyCell(self.ws, value)
        if isinstance(value, str):
            # "=1+1" from an article stays text, never a formula; "#N/A" stays text, not an error.
            cell.data_type = "s"
        if look:
            self.book.style(cell, look)
        return cell

    def append(self, specs: Sequence[Spec | None]) -> list[Any]:
        """Write one row; returns what was written for each cell (normal mode: a ``Cell`` for
        each styled value; streaming: the value and look)."""
        lines = 1
        for index, spec in enumerate(specs):
            if spec is not None and spec.look in WRAPPING and spec.value is not None:
                width = self.columns[index].width if index < len(self.columns) else 10
                lines = max(lines, estimate_lines(spec.value, width, WRAPPING[spec.look]))
        finals = [self._final(s, lines == 1) if s is not None else None for s in specs]
        row = self.rows + 1
        height = min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines) if lines > 1 else None
        self.rows = row
        if self._rows_xml is not None:
            if row == 1:
                # openpyxl writes the sheet's head (widths, panes, views) when its writer
                # starts, and the writer forgets links added before it: start it now, at the
                # first row, as appending a row to openpyxl would.
                self.ws._get_writer()
            self._rows_xml.append(finals, height)
            return finals
        cells = [self._make(f) for f in finals]
        if height:
            self.ws.row_dimensions[row].height = height
        self.ws.append(cells)
        return cells

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.append([])

    def link(self, column: int, cell: Any, uri: str) -> None:
        """Make ``cell`` (in the row just appended, at ``column``) open ``uri``."""
        if not uri:
            return
        if not self.book.streaming:
            if isinstance(cell, Cell):
                cell.hyperlink = Hyperlink(ref=cell.coordinate, target=uri,
                                           tooltip="Open the document")
            return
        last = self._links[-1] if self._links else None
        if last and last[0] == column and last[1] == uri and last[3] == self.rows - 1:
            last[3] = self.rows
        else:
            self._links.append([column, uri, self.rows, self.rows])

    def finish(self) -> None:
        """Write what a write-only sheet keeps until the end (filter range, link ranges)."""
        if self.table:
            last = get_column_letter(len(self.columns))
            self.ws.auto_filter.ref = f"A1:{last}{max(self.rows, 1)}"
        for column, uri, first, last_row in self._links:
            letter = get_column_letter(column)
            ref = f"{letter}{first}" if first == last_row else f"{letter}{first}:{letter}{last_row}"
            # Added after the rows: a write-only sheet writes its hyperlinks when it closes.
            self.ws._hyperlinks.append(Hyperlink(ref=ref, target=uri, tooltip="Open the document"))
        self._links.clear()


def rich_context(context: str, start: int, end: int, matched: str = "") -> CellRichText | str:
    """The context with the matched text as a bold red run; the rest plain.

    The offsets are trusted when they point at ``matched``; otherwise the first occurrence of
    ``matched`` is highlighted, or nothing when it cannot be found.
    """
    if matched and context[start:end] != matched:
        found = context.find(matched)
        start, end = (found, found + len(matched)) if found >= 0 else (0, 0)
    before, hit, after = fit_context(context, start, end)
    if not hit:
        return before + after
    parts: list[str | TextBlock] = []
    if before:
        parts.append(before)
    parts.append(TextBlock(HIGHLIGHT, hit))
    if after:
        parts.append(after)
    return CellRichText(parts)


# --- Sheets -----------------------------------------------------------------------------------

MATCH_WIDTHS: dict[str, float] = {
    "Document": 30, "Line": 6, "Category": 10, "Rule ID": 22, "Rule": 26, "Severity": 13,
    "Matched text": 24, "Context": 70, "Column": 8, "Start": 9, "End": 9, "Term": 20,
    "Source/List": 28, "Also on": 26, "Repeated": 18, "Link": 26, "Decision": 16, "Note": 30,
}
MATCH_COLUMN_SPECS = [Column(h, MATCH_WIDTHS[h]) for h in MATCH_COLUMNS]
_LINK_COLUMN = MATCH_COLUMNS.index("Link") + 1
_DECISION_COLUMN = get_column_letter(MATCH_COLUMNS.index("Decision") + 1)
_CONTEXT_COLUMN = get_column_letter(MATCH_COLUMNS.index("Context") + 1)


def sheet_titles(base: str, count: int, max_rows: int) -> list[str]:
    """``[base]``, or ``[base, f"{base} (2)", …]`` when one sheet cannot hold ``count`` rows.

    >>> sheet_titles("Matches", 5, 2)
    ['Matches', 'Matches (2)', 'Matches (3)']
    """
    sheets = max(1, math.ceil(count / max_rows))
    return [base] + [f"{base} ({i})" for i in range(2, sheets + 1)]


class _Pages:
    """One table over as many sheets as it needs ("Matches", "Matches (2)", …).

    In streaming mode sheets are created in workbook order as they are needed, so the
    continuation sheets sit right after the first.
    """

    def __init__(
        self,
        book: _Book,
        base: str,
        columns: Sequence[Column],
        *,
        max_rows: int,
        on_finish: Callable[[_Sheet], None] | None = None,
        **sheet_options: Any,
    ):
        self._book, self._base, self._columns = book, base, columns
        self._max_rows = max_rows
        self._on_finish = on_finish
        self._options = sheet_options
        self.titles: list[str] = []
        self.sheet = self._next()

    def _next(self) -> _Sheet:
        title = self._base if not self.titles else f"{self._base} ({len(self.titles) + 1})"
        self.titles.append(title)
        return _Sheet(self._book, title, self._columns, **self._options)

    def _close(self) -> None:
        if self._on_finish:
            self._on_finish(self.sheet)
        self.sheet.finish()

    def append(self, specs: Sequence[Spec | None]) -> list[Any]:
        if self.sheet.rows - 1 >= self._max_rows:  # the header row does not count
            self._close()
            self.sheet = self._next()
        return self.sheet.append(specs)

    def finish(self) -> None:
        self._close()


def _finish_match_sheet(sheet: _Sheet) -> None:
    """The Decision drop-down over the sheet's rows, and what prints."""
    last = max(sheet.rows, 2)
    decisions = DataValidation(
        type="list",
        formula1='"' + ",".join(DECISIONS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Decision",
        error="Choose one of: " + ", ".join(DECISIONS),
        showInputMessage=True,
        promptTitle="Decision",
        prompt="Your review of this mention: " + ", ".join(DECISIONS),
    )
    decisions.add(f"{_DECISION_COLUMN}2:{_DECISION_COLUMN}{last}")
    sheet.ws.data_validations.append(decisions)  # (a write-only sheet lacks add_data_validation)
    # On paper the reading columns (Document … Context) fit a landscape page; the rest is for
    # the screen and for filters.
    sheet.ws.print_area = f"A1:{_CONTEXT_COLUMN}{max(sheet.rows, 1)}"


def _matches_sheets(book: _Book, rows: Iterable[MatchRow], max_rows: int) -> None:
    # Offsets (Column, Start, End) are for tools: folded away, one click on "+" shows them.
    pages = _Pages(book, "Matches", MATCH_COLUMN_SPECS, max_rows=max_rows,
                   on_finish=_finish_match_sheet, freeze="B2", folded=("I", "K"))
    for row in rows:
        m = row.match
        muted = "muted-" if row.repeated else ""
        text, wrap, num = f"{muted}text", f"{muted}wrap", f"{muted}int"
        c = Spec  # (not the sheet.cell method: one call less per cell on the largest sheet)
        cells = pages.append([
            c(m.document, text),
            c(m.line, num),
            c(m.category, text),
            c(m.rule_id, text),
            c(m.rule_name, wrap),
            c(m.severity, severity_look(m.severity)),
            c(m.matched_text, f"{muted}strong-wrap"),
            c(rich_context(m.context, m.context_match_start, m.context_match_end, m.matched_text),
              wrap),
            c(m.column, num),
            c(m.start, num),
            c(m.end, num),
            c(m.term, text),
            c(row.source, wrap),
            c(row.also_on_text, wrap),
            c(m.duplicate_of, text),
            c(row.link_text, f"{muted}link" if row.link else text),
            c(None, "input"),
            c(None, "input"),
        ])
        pages.sheet.link(_LINK_COLUMN, cells[_LINK_COLUMN - 1], row.link)
    pages.finish()


ENTITY_COLUMNS = [
    Column("Entity", 32), Column("Severity", 13), Column("Lists", 34), Column("Mentions", 10),
    Column("Unique mentions", 10), Column("Documents", 11), Column("First seen", 26),
    Column("First context", 64), Column("Goods in the same sentences", 32),
    Column("Phrases in the same sentences", 32), Column("Rule IDs", 26),
]


def _entities_sheet(book: _Book, stats: ReportStats, max_rows: int) -> None:
    pages = _Pages(book, "Entities", ENTITY_COLUMNS, max_rows=max_rows, freeze="B2")
    for e in stats.entities:
        f = e.first
        pages.append([
            Spec(e.name, "strong"),
            Spec(e.severity, severity_look(e.severity)),
            Spec("; ".join(e.lists), "wrap"),
            Spec(e.counts.mentions, "count"),
            Spec(e.counts.unique, "count"),
            Spec(e.documents, "count"),
            Spec(f"{f.document}:{f.line}", "text"),
            Spec(rich_context(f.context, f.context_match_start, f.context_match_end,
                                    f.matched_text), "wrap"),
            Spec(co_occurring(e.goods), "wrap"),
            Spec(co_occurring(e.phrases), "wrap"),
            Spec("; ".join(e.rule_ids), "wrap"),
        ])
    pages.finish()


DOCUMENT_COLUMNS = [
    Column("Document", 34), Column("Status", 10), Column("Reason", 34), Column("Mentions", 10),
    Column("Unique mentions", 10), Column("Suppressed", 11), Column("Size (bytes)", 13),
    Column("Characters", 12), Column("SHA-256", 68), Column("Path", 40),
]


def _documents_sheet(
    book: _Book, result: ScanResult, stats: ReportStats, max_rows: int
) -> None:
    pages = _Pages(book, "Documents", DOCUMENT_COLUMNS, max_rows=max_rows, freeze="B2")
    for d in sorted(result.documents, key=lambda d: (d.document, d.path)):
        counts = stats.by_document.get(d.document, Counts())
        status = {"skipped": "status-skipped", "failed": "status-failed"}.get(d.status, "text")
        pages.append([
            Spec(d.document, "text"),
            Spec(d.status, status),
            Spec(d.reason, "wrap"),
            Spec(counts.mentions, "count"),
            Spec(counts.unique, "count"),
            Spec(d.suppressed_count, "count"),
            Spec(d.size_bytes, "count"),
            Spec(d.characters, "count"),
            Spec(d.sha256, "text"),
            Spec(d.path, "text"),
        ])
    pages.finish()


RULE_COLUMNS = [
    Column("Rule ID", 36), Column("Rule", 32), Column("Category", 10), Column("Severity", 13),
    Column("Status", 12), Column("Version", 8), Column("Source/List", 34),
    Column("Defined at", 42), Column("Hits", 8), Column("Unique hits", 8),
    Column("Also claimed", 9), Column("Documents", 11), Column("Fired", 12),
]


def _rules_sheet(book: _Book, ruleset: RuleSet, stats: ReportStats, max_rows: int) -> None:
    """Every rule; fired rules first by hits, rules that never fired greyed at the end."""
    pages = _Pages(book, "Rules", RULE_COLUMNS, max_rows=max_rows, freeze="B2")

    def order(rule: Any) -> tuple[Any, ...]:
        rs = stats.rules.get(rule.id)
        hits = rs.hits.mentions if rs else 0
        also = rs.also if rs else 0
        return (hits == 0 and also == 0, -hits, -also, rule.id, rule.path, rule.line)

    for rule in sorted(ruleset.rules, key=order):
        rs = stats.rule(rule.id)
        fired = bool(rs.hits.mentions or rs.also)
        # A rule that never fired: grey id and flag; the rest of its row plain (a generated rule
        # set holds tens of thousands of these, and each styled cell costs).
        pages.append([
            Spec(rule.id, "text" if fired else "never"),
            Spec(rule.name, "wrap"),
            Spec(rule.category, "text"),
            Spec(rule.severity, severity_look(rule.severity) if fired else "text"),
            Spec(rule.status, "text"),
            Spec(rule.version, "count"),
            Spec(rule.source_label(), "wrap"),
            Spec(f"{rule.path}:{rule.line}", "text"),
            *([Spec(rs.hits.mentions, "count"), Spec(rs.hits.unique, "count"),
               Spec(rs.also, "count"), Spec(rs.documents, "count")]
              if fired else [None] * 4),  # counts left blank when the rule never fired
            Spec("fired" if rs.hits.mentions else "also claimed" if fired else "never fired",
                       "text" if fired else "never"),
        ])
    pages.finish()


SUMMARY_COLUMNS = [
    Column("A", 40), Column("B", 13), Column("C", 13), Column("D", 30), Column("E", 34),
    Column("F", 7), Column("G", 10),
]


def _summary_sheet(
    book: _Book, result: ScanResult, ruleset: RuleSet, stats: ReportStats, layout: _Layout
) -> None:
    """The first page: what was found, most serious first, then what was run."""
    sheet = _Sheet(book, "Summary", SUMMARY_COLUMNS, table=False, freeze=None)
    sheet.ws.sheet_view.showGridLines = False
    c = sheet.cell
    scanned = len(result.scanned)
    skipped = sum(1 for d in result.documents if d.status == "skipped")
    failed = sum(1 for d in result.documents if d.status == "failed")
    with_matches = len(stats.by_document)
    sev = stats.by_severity
    serious = ", ".join(
        f"{sev[s].unique:,} {s}" for s in ("critical", "high") if s in sev and sev[s].mentions
    )

    sheet.append([c("Watchlist report", "title")])
    sheet.append([c(
        f"{stats.total.unique:,} unique mentions ({stats.total.mentions:,} in all) "
        f"in {with_matches:,} of {_count(scanned, 'scanned document', 'scanned documents')}"
        + (f" · {serious}" if serious else "")
        + f" · {stats.suppressed:,} suppressed",
        "headline",
    )])
    sheet.append([c(
        f"Run {audit.format_time(result.started)} → {audit.format_time(result.finished)} "
        f"· {len(ruleset.rules):,} rules from {len(ruleset.files):,} files "
        f"· {_count(skipped, 'document', 'documents')} skipped, {failed:,} failed",
        "note",
    )])
    if layout.rows_written < stats.total.mentions:
        sheet.append([c(_omitted(layout, stats.total.mentions), "strong")])
    sheet.blank()

    # Most serious findings: one row per rule and document, so one name repeated fifty times
    # in an article does not push everything else off the page.
    sheet.append([c("Most serious findings", "section"),
                  c("one row per rule and document, highest severity first", "note")])
    if stats.findings:
        sheet.append([c(h, "header") for h in (
            "Finding (rule)", "Severity", "Unique mentions", "Matched text", "Document", "Line",
            "Category")])
        for finding in stats.findings[:TOP_FINDINGS]:
            m = finding.first
            sheet.append([
                c(m.rule_name, "strong-wrap"), c(m.severity, severity_look(m.severity)),
                c(finding.counts.unique, "count"), c(m.matched_text, "wrap"),
                c(m.document, "wrap"), c(m.line, "int"), c(m.category, "text"),
            ])
        more = stats.findings_total - TOP_FINDINGS
        if more > 0:
            sheet.append([c(f"… and {more:,} more: sort or filter the "
                            f"{layout.match_sheets[0]} sheet by Severity", "note")])
    else:
        sheet.append([c(f"No matches: none of the {len(ruleset.rules):,} rules fired in "
                        f"{_count(scanned, 'scanned document', 'scanned documents')}.", "strong")])
    sheet.blank()

    sheet.append([c("Run", "section")])
    facts: list[tuple[str, str]] = [
        ("Started", audit.format_time(result.started)),
        ("Finished", f"{audit.format_time(result.finished)} "
                     f"({audit.format_duration(result.started, result.finished)})"),
        ("Inputs", "; ".join(result.inputs[:3])
                   + (f"; … ({len(result.inputs):,} inputs: Run sheet)"
                      if len(result.inputs) > 3 else "")),
        ("Rules", f"{len(ruleset.rules):,} rules from {len(ruleset.files):,} files "
                  "(each file with its SHA-256: Run sheet)"),
        ("Documents", f"{scanned:,} scanned, {skipped:,} skipped, {failed:,} failed "
                      f"(see Documents)"),
        ("Mentions", f"{stats.total.mentions:,} mentions, {stats.total.unique:,} unique "
                     f"({stats.total.mentions - stats.total.unique:,} in repeated passages)"),
        ("Suppressed", f"{_count(stats.suppressed, 'match', 'matches')} suppressed by reviewed "
                       "decisions (not on Matches; listed on Run)"),
        ("Tool", f"{audit.TOOL_NAME} {audit.tool_version()}"),
    ]
    for label, value in facts:
        sheet.append([c(label, "label"), c(value, "text")])
    sheet.blank()

    sheet.append([c("Mentions per category", "section")])
    header_row = sheet.rows + 1
    sheet.append([c(h, "header") for h in ("Category", "Mentions", "Unique mentions",
                                          "Suppressed")])
    for category, counts in stats.by_category.items():
        sheet.append([c(category, "text"), c(counts.mentions, "count"), c(counts.unique, "count"),
                      c(stats.suppressed_by_category.get(category, 0), "count")])
    last_category_row = sheet.rows
    sheet.append([c("Total", "total"), c(stats.total.mentions, "total-count"),
                  c(stats.total.unique, "total-count"), c(stats.suppressed, "total-count")])
    sheet.blank()

    sheet.append([c("Mentions per severity", "section")])
    sheet.append([c(h, "header") for h in ("Severity", "Mentions", "Unique mentions")])
    for severity, counts in stats.by_severity.items():
        sheet.append([c(severity, severity_look(severity)), c(counts.mentions, "count"),
                      c(counts.unique, "count")])
    # The chart sits beside the two small tables; pad so the next section starts below it.
    chart_rows = 16
    sheet.blank(max(1, header_row + chart_rows - sheet.rows))

    chart = BarChart()
    chart.type = "col"
    chart.title = "Mentions per category"
    chart.y_axis.title = "Mentions"
    chart.y_axis.majorGridlines = None
    chart.x_axis.delete = False  # openpyxl 3.1 would otherwise hide the axes in Excel
    chart.y_axis.delete = False
    chart.add_data(Reference(sheet.ws, min_col=2, max_col=3, min_row=header_row,
                             max_row=last_category_row), titles_from_data=True)
    chart.set_categories(Reference(sheet.ws, min_col=1, min_row=header_row + 1,
                                   max_row=last_category_row))
    chart.width, chart.height = 11.5, 7.5  # cm
    sheet.ws.add_chart(chart, f"E{header_row}")

    sheet.append([c("Top entities", "section")])
    if stats.entities:
        # Most serious first, then most mentioned (as on the Entities sheet).
        sheet.append([c(h, "header") for h in ("Entity", "Severity", "Unique mentions", "Lists",
                                              "Documents")])
        for e in stats.entities[:TOP_ENTITIES]:
            sheet.append([c(e.name, "strong-wrap"), c(e.severity, severity_look(e.severity)),
                          c(e.counts.unique, "count"), c("; ".join(e.lists), "wrap"),
                          c(e.documents, "count")])
        if len(stats.entities) > TOP_ENTITIES:
            sheet.append([c(f"… all {len(stats.entities):,} entities: Entities sheet", "note")])
    else:
        sheet.append([c("No entity was mentioned.", "text")])
    sheet.blank()

    sheet.append([c("Mentions per document", "section")])
    status = {d.document: d.status for d in result.documents}
    documents = sorted(stats.by_document.items(),
                       key=lambda kv: (-kv[1].unique, -kv[1].mentions, kv[0]))
    if documents:
        sheet.append([c(h, "header") for h in ("Document", "Mentions", "Unique mentions",
                                              "Status")])
        for document, counts in documents[:TOP_DOCUMENTS]:
            sheet.append([c(document, "text"), c(counts.mentions, "count"),
                          c(counts.unique, "count"), c(status.get(document, ""), "text")])
    quiet = scanned - sum(1 for d in stats.by_document if status.get(d) == "scanned")
    sheet.append([c(
        (f"… {len(documents) - TOP_DOCUMENTS:,} more documents with mentions; " if
         len(documents) > TOP_DOCUMENTS else "")
        + f"{_count(quiet, 'scanned document', 'scanned documents')} had no mentions; "
        "every input: Documents sheet", "note")])
    sheet.blank()

    sheet.append([c("Sheets", "section")])
    guide = [
        (", ".join(layout.match_sheets), "every mention in its sentence (term in bold red); "
         "record your review in the Decision column"),
        ("Entities", "each flagged entity: its lists, and goods and phrases in the same sentences"),
        ("Documents", "every input: scanned, skipped or failed, with size and SHA-256"),
        ("Rules", "every rule with its version and hits; rules that never fired are grey"),
        ("Run", "audit trail: versions, command line, rule files and inputs with SHA-256, "
         "suppressed matches"),
    ]
    for name, what in guide:
        sheet.append([c(name, "label"), c(what, "text")])
    sheet.ws.print_area = f"A1:G{sheet.rows}"
    sheet.ws.page_setup.orientation = "portrait"
    sheet.finish()


RUN_COLUMNS = [Column("A", 44), Column("B", 68), Column("C", 14), Column("D", 22), Column("E", 44)]


def _omitted(layout: _Layout, mentions: int) -> str:
    text = (f"The Matches sheets hold the first {layout.rows_written:,} of {mentions:,} "
            "mentions; every count here includes them all")
    return text + (f"; {layout.omitted_note}" if layout.omitted_note else "")


def _run_sheet(book: _Book, result: ScanResult, ruleset: RuleSet, layout: _Layout) -> None:
    """The audit trail: enough to say later exactly what was run on what."""
    sheet = _Sheet(book, "Run", RUN_COLUMNS, table=False, freeze=None)
    c = sheet.cell
    sheet.append([c("Run (audit trail)", "title")])
    facts: list[tuple[str, Any]] = [
        ("Tool", f"{audit.TOOL_NAME} {audit.tool_version()}"),
        ("Python", audit.python_version()),
        ("Run started", audit.format_time(result.started)),
        ("Run finished", audit.format_time(result.finished)),
        ("Duration", audit.format_duration(result.started, result.finished)),
        ("Command line", result.command_line),
        ("Rules", f"{len(ruleset.rules):,} rules from {len(ruleset.files):,} files; "
                  "each rule's version and file:line are on the Rules sheet"),
        ("Rule set fingerprint", audit.ruleset_fingerprint(ruleset)),
        ("Match rows", f"{layout.rows_written:,} of {len(result.matches):,} on "
                       + ", ".join(layout.match_sheets)),
    ]
    if layout.rows_written < len(result.matches):
        facts.append(("Rows left out", _omitted(layout, len(result.matches))))
    for label, value in facts:
        sheet.append([c(label, "label"), c(value, "wrap")])
    for index, given in enumerate(result.inputs):
        sheet.append([c("Inputs (as given)" if index == 0 else None, "label"), c(given, "wrap")])
    sheet.blank()

    sheet.append([c("Rule files", "section")])
    sheet.append([c(h, "header") for h in ("Path", "SHA-256", "Rules")])
    for f in ruleset.files:  # in the order they were loaded
        sheet.append([c(f.path, "wrap"), c(f.sha256, "text"), c(f.rule_count, "count")])
    sheet.blank()

    sheet.append([c("Inputs", "section")])
    sheet.append([c(h, "header") for h in ("Document", "SHA-256", "Size (bytes)", "Status",
                                          "Path")])
    documents = sorted(result.documents, key=lambda d: (d.document, d.path))
    for d in documents[:RUN_LIST_LIMIT]:
        sheet.append([c(d.document, "wrap"), c(d.sha256, "text"), c(d.size_bytes, "count"),
                      c(d.status, "text"), c(d.path, "wrap")])
    if len(documents) > RUN_LIST_LIMIT:
        sheet.append([c(f"… {len(documents) - RUN_LIST_LIMIT:,} more: every document with its "
                        "size and SHA-256 is on the Documents sheet", "note")])
    sheet.blank()

    sheet.append([c("Suppressed matches", "section"),
                  c(f"{_count(len(result.suppressed), 'match', 'matches')} left out of the "
                    "Matches sheet", "note")])
    if result.suppressed:
        sheet.append([c(h, "header") for h in ("Location", "Context", "Rule ID", "Suppression",
                                              "Reason (by)")])
        suppressed = sorted(result.suppressed, key=lambda s: (s.match.sort_key, s.suppression_id))
        for s in suppressed[:RUN_LIST_LIMIT]:
            m = s.match
            sheet.append([
                c(f"{m.document}:{m.line}:{m.column}", "wrap"),
                c(rich_context(m.context, m.context_match_start, m.context_match_end,
                               m.matched_text), "wrap"),
                c(m.rule_id, "wrap"),
                c(s.suppression_id, "wrap"),
                c(f"{s.reason} ({s.by})" if s.by else s.reason, "wrap"),
            ])
        if len(suppressed) > RUN_LIST_LIMIT:
            sheet.append([c(f"… {len(suppressed) - RUN_LIST_LIMIT:,} more (the suppressions "
                            "themselves are in the rule files)", "note")])
    sheet.finish()


# --- Workbook ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """Where the match rows went: the Summary and Run sheets say so."""

    match_sheets: list[str]
    rows_written: int
    omitted_note: str = ""


def build_workbook(
    result: ScanResult,
    ruleset: RuleSet,
    path: Path,
    *,
    streaming: bool,
    max_rows_per_sheet: int = MAX_DATA_ROWS,
    max_match_rows: int | None = None,
    omitted_rows_note: str = "",
) -> None:
    """Write the workbook to ``path`` (no atomicity here: see ``write_report``)."""
    if max_rows_per_sheet < 1:
        raise ValueError("max_rows_per_sheet must be at least 1")
    ordered = sorted_matches(result)
    stats = collect(ordered, result, ruleset)
    written = len(ordered) if max_match_rows is None else min(len(ordered), max_match_rows)
    titles = sheet_titles("Matches", written, max_rows_per_sheet)
    layout = _Layout(titles, written, omitted_rows_note if written < len(ordered) else "")
    book = _Book(streaming)
    props = book.wb.properties
    props.creator = f"{audit.TOOL_NAME} {audit.tool_version()}"
    props.title = "Watchlist report"
    props.created = props.modified = result.finished.replace(tzinfo=None)

    try:
        _summary_sheet(book, result, ruleset, stats, layout)
        builder = RowBuilder(result.documents, ruleset.by_id())
        rows = (builder.row(m) for m in islice(ordered, written))
        _matches_sheets(book, rows, max_rows_per_sheet)
        _entities_sheet(book, stats, max_rows_per_sheet)
        _documents_sheet(book, result, stats, max_rows_per_sheet)
        _rules_sheet(book, ruleset, stats, max_rows_per_sheet)
        _run_sheet(book, result, ruleset, layout)
        book.save(path)
    except BaseException:
        book.abandon()
        raise
