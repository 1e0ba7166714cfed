"""Reporting stage: a scan's matches → an auditable Excel workbook, JSONL/CSV, a text summary.

    from watchlist_extractor.reporting import write_report, format_summary
    path = write_report(result, ruleset, Path("reports/scan.xlsx"))
    print(format_summary(result, path), file=sys.stderr)

Modules: ``excel`` (the workbook), ``exports`` (JSONL and CSV), ``summary`` (the CLI's text),
``rows`` (one row per match, shared by all three), ``stats`` (counts), ``cells`` (cleaning and
cell limits), ``audit`` (versions, times, fingerprint), ``files`` (atomic writes, error messages).
"""

from __future__ import annotations

from pathlib import Path

from ..model import RuleSet
from ..results import ScanResult
from .cells import EXCEL_CELL_LIMIT, neutralise_csv
from .excel import MAX_DATA_ROWS, build_workbook
from .exports import write_csv, write_jsonl
from .files import write_atomically
from .rows import DECISIONS, JSON_KEYS, MATCH_COLUMNS
from .summary import format_summary

SHEETS = ("Summary", "Matches", "Entities", "Documents", "Rules", "Run")


def write_report(
    result: ScanResult,
    ruleset: RuleSet,
    path: Path | str,
    *,
    streaming: bool = True,
    max_rows_per_sheet: int = MAX_DATA_ROWS,
    max_match_rows: int | None = None,
    omitted_rows_note: str = "",
) -> Path:
    """Write the Excel report for ``result`` to ``path`` and return the path.

    ``streaming``: rows written straight to disk (the default: fast, memory flat); False
    builds every cell through openpyxl in memory (the reference mode; same cells).
    ``max_rows_per_sheet``: matches per Matches sheet before "Matches (2)" starts (Excel's
    limit by default; lower it in tests).
    ``max_match_rows``: write only the first N match rows (report order) while every other
    sheet still counts all matches; ``omitted_rows_note`` (e.g. where the full rows are) is
    shown on the Summary and Run sheets when rows were left out.

    The file is replaced atomically: on failure the previous report is untouched, no temporary
    file is left, and ``ReportError`` says in one line what went wrong and what to do.
    """
    def write(temporary: Path) -> None:
        build_workbook(
            result, ruleset, temporary, streaming=streaming, max_rows_per_sheet=max_rows_per_sheet,
            max_match_rows=max_match_rows, omitted_rows_note=omitted_rows_note,
        )

    return write_atomically(Path(path), write)


__all__ = [
    "DECISIONS",
    "EXCEL_CELL_LIMIT",
    "JSON_KEYS",
    "MATCH_COLUMNS",
    "MAX_DATA_ROWS",
    "SHEETS",
    "format_summary",
    "neutralise_csv",
    "write_csv",
    "write_jsonl",
    "write_report",
]
