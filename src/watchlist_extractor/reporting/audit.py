"""Reporting: facts for the audit trail (tool version, times, a fingerprint of the rule set).

Nothing here reads the clock: every time shown comes from the ``ScanResult``, so the same run
reported twice gives the same cells.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import importlib
import importlib.metadata
import platform

from ..model import RuleSet

TOOL_NAME = "watchlist-extractor"


def tool_version() -> str:
    """``watchlist_extractor.__version__`` when the package sets it, else the installed version."""
    try:
        version = getattr(importlib.import_module("watchlist_extractor"), "__version__", None)
    except Exception:  # a half-written package must not stop the report
        version = None
    if version:
        return str(version)
    try:
        return importlib.metadata.version(TOOL_NAME)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def python_version() -> str:
    return f"{platform.python_implementation()} {platform.python_version()}"


def format_time(moment: _dt.datetime) -> str:
    """ISO 8601 to the second, with the UTC offset when the time carries one.

    >>> format_time(_dt.datetime(2024, 5, 1, 9, 30, 5, 123, tzinfo=_dt.timezone.utc))
    '2024-05-01 09:30:05+00:00'
    """
    return moment.isoformat(sep=" ", timespec="seconds")


def format_duration(started: _dt.datetime, finished: _dt.datetime) -> str:
    """
    >>> t = _dt.datetime(2024, 1, 1)
    >>> format_duration(t, t + _dt.timedelta(seconds=83.4))
    '1 min 23 s'
    >>> format_duration(t, t + _dt.timedelta(seconds=2.25))
    '2.2 s'
    """
    seconds = max((finished - started).total_seconds(), 0.0)
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min {rest} s"
    return f"{minutes} min {rest} s"


def ruleset_fingerprint(ruleset: RuleSet) -> str:
    """SHA-256 over each rule's id and version and each file's SHA-256, in sorted order.

    Two runs with the same fingerprint used the same rule files and rule versions, whatever
    order the files were given in.
    """
    digest = hashlib.sha256()
    for line in sorted(f"rule\t{r.id}\t{r.version}" for r in ruleset.rules):
        digest.update(line.encode() + b"\n")
    for line in sorted(f"file\t{f.sha256}" for f in ruleset.files):
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()
