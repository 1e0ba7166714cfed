"""Reporting: make article text safe for a spreadsheet cell (characters, length, injection).

Article text is hostile input for a spreadsheet: it may hold characters that XML (and so
openpyxl) refuses, paragraphs longer than a cell can hold, and strings that a spreadsheet
would run as a formula. Everything here is pure string work, shared by the Excel writer and the
CSV export, and never raises on odd text.

>>> clean_text("Acme\\x00 Ltd\\x0b")
'Acme Ltd'
>>> fit_context("He met Acme Ltd in May.", 7, 15, limit=15)
('…t ', 'Acme Ltd', ' in…')
>>> neutralise_csv("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
"""

from __future__ import annotations

import re

EXCEL_CELL_LIMIT = 32_767  # characters a cell holds (Excel's documented limit)
EXCEL_MAX_ROWS = 1_048_576  # rows per worksheet, header included
ELLIPSIS = "…"

# openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE covers the C0 controls XML 1.0 forbids
# (\x00-\x08, \x0b, \x0c, \x0e-\x1f). Lone surrogates (text decoded with "surrogateescape")
# and the non-characters U+FFFE/U+FFFF are refused by the XML writer too, so they go as well.
# Tab, line feed and carriage return are legal and kept.
ILLEGAL_CHARACTERS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Lone surrogates cannot be encoded as UTF-8 at all (JSONL and CSV replace them with U+FFFD).
SURROGATES_RE = re.compile("[\ud800-\udfff]")

# A CSV cell is neutralised when it starts with one of these (OWASP "CSV injection"):
# = + - @ start a formula in Excel, LibreOffice and Google Sheets; tab and carriage return
# can hide one of them from the eye and from naive checks.
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value: str, limit: int = EXCEL_CELL_LIMIT) -> str:
    """``value`` without illegal characters, cut to ``limit`` characters (ending in "…")."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) > limit:
        value = value[: max(0, limit - len(ELLIPSIS))] + ELLIPSIS
    return value


def fit_context(
    context: str, match_start: int, match_end: int, limit: int = EXCEL_CELL_LIMIT
) -> tuple[str, str, str]:
    """Split a context into (before, match, after), cleaned and cut to ``limit`` characters.

    The match is never cut unless it alone is longer than the cell: the window keeps as much
    text on each side as fits (half each, the unused share of a short side going to the other),
    and each cut side gets "…". Offsets that do not fit the context (bad input) are clamped.
    """
    match_start = min(max(match_start, 0), len(context))
    match_end = min(max(match_end, match_start), len(context))
    before = ILLEGAL_CHARACTERS_RE.sub("", context[:match_start])
    match = ILLEGAL_CHARACTERS_RE.sub("", context[match_start:match_end])
    after = ILLEGAL_CHARACTERS_RE.sub("", context[match_end:])
    if len(before) + len(match) + len(after) <= limit:
        return before, match, after
    if len(match) >= limit - 2 * len(ELLIPSIS):
        # A match about as long as a cell (a runaway pattern): keep its start, cut with "…".
        return "", clean_text(match, limit), ""
    room = limit - len(match) - 2 * len(ELLIPSIS)
    keep_before = min(len(before), max(room // 2, room - len(after)))
    keep_after = min(len(after), room - keep_before)
    if keep_before < len(before):
        before = ELLIPSIS + before[len(before) - keep_before:]
    if keep_after < len(after):
        after = after[:keep_after] + ELLIPSIS
    return before, match, after


def without_surrogates(value: str) -> str:
    """``value`` with each lone surrogate replaced by U+FFFD, so it can be written as UTF-8."""
    return SURROGATES_RE.sub("\ufffd", value)


def neutralise_csv(value: str) -> str:
    """Prefix an apostrophe when a spreadsheet would read ``value`` as a formula.

    The rule: a value whose first character is ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets one leading ``'``; nothing else changes (numbers are written as numbers and
    never pass through here).
    """
    if value.startswith(CSV_FORMULA_PREFIXES):
        return "'" + value
    return value
