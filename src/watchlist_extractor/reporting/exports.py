"""Reporting: the Matches rows as JSON Lines and CSV, for pipelines.

Both files hold the same rows, in the same order, as the workbook's Matches sheet
(``rows.MATCH_COLUMNS``), and are written atomically like the workbook.

- JSONL: one object per line, keys ``rows.JSON_KEYS`` plus ``context_match_start`` and
  ``context_match_end``; ``also_on`` is a list of ``{"rule_id", "source"}``. Text is verbatim
  (no length limit); only lone surrogates, which UTF-8 cannot encode, become U+FFFD.
- CSV: UTF-8 without a byte-order mark, a header row equal to the sheet's, RFC 4180 quoting.
  Text is verbatim except the CSV-injection rule (``cells.neutralise_csv``): a text cell whose
  first character is ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets one leading
  apostrophe. Numbers are written as numbers.

A JSONL line (wrapped here)::

    {"document": "seeds/004.txt", "line": 12, "category": "entity", "rule_id": "entity.kexin",
     "rule": "Shenzhen Kexin Smart Development", "severity": "high", ...,
     "also_on": [], "repeated": "", "link": "file:///data/seeds/004.txt", "decision": "",
     "note": "", "context_match_start": 131, "context_match_end": 163}
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from ..model import RuleSet
from ..results import ScanResult
from .cells import neutralise_csv, without_surrogates
from .files import write_atomically
from .rows import MATCH_COLUMNS, match_rows


def _safe(value: Any) -> Any:
    return without_surrogates(value) if isinstance(value, str) else value


def write_jsonl(result: ScanResult, path: Path | str, *, ruleset: RuleSet | None = None) -> Path:
    """Write every match as one JSON object per line; returns the path written.

    Pass ``ruleset`` to fill ``source`` and the lists in ``also_on`` (a match carries only
    rule ids). Raises ``ReportError`` when the file cannot be written.
    """

    def write(temporary: Path) -> None:
        with open(temporary, "w", encoding="utf-8", newline="\n") as out:
            for row in match_rows(result, ruleset):
                record = row.record()
                record = {k: _safe(v) for k, v in record.items()}
                record["also_on"] = [{k: _safe(v) for k, v in a.items()} for a in record["also_on"]]
                out.write(json.dumps(record, ensure_ascii=False) + "\n")

    return write_atomically(Path(path), write)


def csv_value(value: Any) -> Any:
    """A value as the CSV holds it: text made safe to open in a spreadsheet, numbers as is.

    >>> [csv_value(v) for v in ["=1+1", "-5 kg", "@SUM(A1)", "\\tx", "Acme", 12]]
    ["'=1+1", "'-5 kg", "'@SUM(A1)", "'\\tx", 'Acme', 12]
    """
    return neutralise_csv(without_surrogates(value)) if isinstance(value, str) else value


def write_csv(result: ScanResult, path: Path | str, *, ruleset: RuleSet | None = None) -> Path:
    """Write every match as a CSV row under the Matches sheet's header; returns the path.

    Pass ``ruleset`` to fill Source/List and the lists in Also on. Raises ``ReportError`` when
    the file cannot be written.
    """

    def write(temporary: Path) -> None:
        with open(temporary, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(MATCH_COLUMNS)
            for row in match_rows(result, ruleset):
                writer.writerow([csv_value(v) for v in row.values()])

    return write_atomically(Path(path), write)
