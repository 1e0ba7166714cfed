"""Reporting: the short text summary the CLI prints on stderr after a scan.

Example::

    Documents: 4 scanned, 1 skipped, 0 failed
      skipped seeds/photo.jpg: not a text file
    Mentions: 42 (31 unique): entity 12, good 20, phrase 10; 3 suppressed
    Most serious: high: Shenzhen Kexin Smart Development at seeds/004.txt:12
    Report: reports/scan.xlsx
    Also written: reports/scan.csv
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import display_path
from ..model import RuleSet
from ..results import ScanResult
from .rows import sorted_matches
from .stats import collect

MAX_LISTED_SKIPS = 5


def format_summary(
    result: ScanResult,
    report: Path | str | None = None,
    *,
    also_written: Sequence[Path | str] = (),
) -> str:
    """Lines for a person at a terminal: documents, mentions per category, where the report is.

    ``report`` is the workbook written (omit it when none was), ``also_written`` any JSONL or
    CSV files. Paths are shown relative to the working directory when they are under it. No
    trailing newline.
    """
    stats = collect(sorted_matches(result), result, RuleSet(rules=(), files=()))
    scanned = len(result.scanned)
    skipped = [d for d in result.documents if d.status == "skipped"]
    failed = [d for d in result.documents if d.status == "failed"]
    lines = [f"Documents: {scanned:,} scanned, {len(skipped):,} skipped, {len(failed):,} failed"]
    not_scanned = sorted(failed + skipped, key=lambda d: (d.status != "failed", d.document))
    for d in not_scanned[:MAX_LISTED_SKIPS]:
        lines.append(f"  {d.status} {d.document}: {d.reason or 'no reason given'}")
    if len(not_scanned) > MAX_LISTED_SKIPS:
        more = len(not_scanned) - MAX_LISTED_SKIPS
        lines.append(f"  … and {more:,} more (see the Documents sheet)")

    total = stats.total
    per_category = ", ".join(
        f"{category} {counts.mentions:,}" for category, counts in stats.by_category.items()
    )
    mentions = f"Mentions: {total.mentions:,}"
    if total.unique != total.mentions:
        mentions += f" ({total.unique:,} unique)"
    lines.append(f"{mentions}: {per_category}; {stats.suppressed:,} suppressed")
    if stats.findings:
        m = stats.findings[0].first
        lines.append(f"Most serious: {m.severity}: {m.rule_name} at {m.document}:{m.line}")
    if report is not None:
        lines.append(f"Report: {display_path(report)}")
    if also_written:
        lines.append("Also written: " + ", ".join(display_path(p) for p in also_written))
    return "\n".join(lines)
