"""watchlist-extractor: flag sanctioned entities, dual-use goods and evasion phrases in articles.

The library makes the same four calls as the command line::

    from watchlist_extractor import load_rules, compile_rules, scan, write_report

    ruleset = load_rules(["rules"])            # YAML → validated rules (RuleError lists problems)
    compiled = compile_rules(ruleset)          # RE2 engines: a few passes, whatever the size
    result = scan(["seeds"], compiled)         # files/folders → ScanResult (matches, documents)
    write_report(result, ruleset, "reports/watchlist-report.xlsx")

``scan_text(text, compiled)`` scans a single string.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("watchlist-extractor")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

from .compiler import CompiledRules, compile_rules  # noqa: E402
from .errors import RuleError, WatchlistError  # noqa: E402
from .loading import load_rules  # noqa: E402
from .matcher import scan_text  # noqa: E402
from .model import Rule, RuleModel, RuleSet  # noqa: E402
from .results import DocumentResult, Match, ScanResult  # noqa: E402
from .scanning import scan  # noqa: E402


def write_report(result: ScanResult, ruleset: RuleSet, path, **options):  # type: ignore[no-untyped-def]
    """Write the Excel report atomically (see ``watchlist_extractor.reporting``)."""
    from pathlib import Path

    from .reporting import write_report as _write_report

    return _write_report(result, ruleset, Path(path), **options)


__all__ = [
    "CompiledRules", "DocumentResult", "Match", "Rule", "RuleError", "RuleModel", "RuleSet",
    "ScanResult", "WatchlistError", "__version__", "compile_rules", "load_rules", "scan",
    "scan_text", "write_report",
]
