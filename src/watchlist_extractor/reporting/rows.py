"""Reporting: one row per match, the same for the Matches sheet, the CSV and the JSONL export.

A row, as the CSV shows it::

    Document,Line,Category,Rule ID,Rule,Severity,Matched text,Context,Column,Start,End,Term,...
    seeds/004.txt,12,entity,entity.kexin,Shenzhen Kexin Smart Development,high,Shenzhen Kexin ...

Rows come sorted by document, then start offset (``Match.sort_key``), so the same scan always
gives the same rows in the same order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Rule, RuleSet
from ..results import DocumentResult, Match, ScanResult

MATCH_COLUMNS: tuple[str, ...] = (
    "Document",
    "Line",
    "Category",
    "Rule ID",
    "Rule",
    "Severity",
    "Matched text",
    "Context",
    "Column",
    "Start",
    "End",
    "Term",
    "Source/List",
    "Also on",
    "Repeated",
    "Link",
    "Decision",
    "Note",
)

# JSONL keys, in column order; a pipeline gets the same fields as the sheet under stable names.
JSON_KEYS: tuple[str, ...] = (
    "document",
    "line",
    "category",
    "rule_id",
    "rule",
    "severity",
    "matched_text",
    "context",
    "column",
    "start",
    "end",
    "term",
    "source",
    "also_on",
    "repeated",
    "link",
    "decision",
    "note",
)

# The reviewer's choices offered in the Decision column (a drop-down in the workbook).
DECISIONS: tuple[str, ...] = ("confirmed", "false positive", "needs review")


@dataclass(frozen=True, slots=True)
class MatchRow:
    """A match with what the report adds: the rule's list, the other lists, the link."""

    match: Match
    source: str  # the rule's source_label()
    also_on: tuple[tuple[str, str], ...]  # (rule id, source label) of each rule in also_rules
    link: str  # file: URI of the document, "" when the document is unknown

    @property
    def repeated(self) -> bool:
        return bool(self.match.duplicate_of)

    @property
    def link_text(self) -> str:
        """What the Link cell shows: ``document:line:col``."""
        m = self.match
        return f"{m.document}:{m.line}:{m.column}"

    @property
    def also_on_text(self) -> str:
        """``rule id (list); rule id (list)``, the list left out when the rule names none."""
        return "; ".join(f"{rid} ({label})" if label else rid for rid, label in self.also_on)

    def values(self) -> list[Any]:
        """Plain values in ``MATCH_COLUMNS`` order (the CSV row; the sheet adds styles)."""
        m = self.match
        return [
            m.document, m.line, m.category, m.rule_id, m.rule_name, m.severity,
            m.matched_text, m.context, m.column, m.start, m.end, m.term, self.source,
            self.also_on_text, m.duplicate_of, self.link, "", "",
        ]

    def record(self) -> dict[str, Any]:
        """The JSONL object: the row's fields, ``also_on`` as a list, plus the highlight offsets."""
        record = dict(zip(JSON_KEYS, self.values(), strict=True))
        record["also_on"] = [{"rule_id": rid, "source": label} for rid, label in self.also_on]
        record["context_match_start"] = self.match.context_match_start
        record["context_match_end"] = self.match.context_match_end
        return record


class RowBuilder:
    """Turns matches into rows; looks each rule and document up once."""

    def __init__(self, documents: Sequence[DocumentResult], rules: Mapping[str, Rule]):
        self._rules = rules
        self._paths = {d.document: d.path for d in documents}
        self._labels: dict[str, str] = {}
        self._links: dict[str, str] = {}

    def label(self, rule_id: str) -> str:
        label = self._labels.get(rule_id)
        if label is None:
            rule = self._rules.get(rule_id)
            label = self._labels[rule_id] = rule.source_label() if rule else ""
        return label

    def link(self, document: str) -> str:
        link = self._links.get(document)
        if link is None:
            link = self._links[document] = file_uri(self._paths.get(document, ""))
        return link

    def row(self, match: Match) -> MatchRow:
        return MatchRow(
            match=match,
            source=self.label(match.rule_id),
            also_on=tuple((rid, self.label(rid)) for rid in match.also_rules),
            link=self.link(match.document),
        )


def file_uri(path: str) -> str:
    """``file:`` URI of a path resolved against the working directory; "" when there is none.

    >>> file_uri("/data/news/a b#1.txt")
    'file:///data/news/a%20b%231.txt'
    """
    if not path:
        return ""
    try:
        return Path(path).resolve().as_uri()
    except (OSError, ValueError):  # e.g. a NUL in the path: no link rather than no report
        return ""


def sorted_matches(result: ScanResult) -> Sequence[Match]:
    """The run's matches in report order: document, start offset (then longest, rule id).

    A scanner usually hands them over in that order already: then the list itself is returned
    (checked pair by pair, no copy, no list of keys), so memory stays flat on large runs.
    """
    previous = None
    for match in result.matches:
        key = match.sort_key
        if previous is not None and key < previous:
            return sorted(result.matches, key=lambda m: m.sort_key)
        previous = key
    return result.matches


def match_rows(result: ScanResult, ruleset: RuleSet | None = None) -> Iterator[MatchRow]:
    """Every match of the run as a row, in report order.

    Without ``ruleset`` the Source/List column and the lists in Also on are empty: a match
    carries its rule's id and name but not the list it comes from.
    """
    builder = RowBuilder(result.documents, ruleset.by_id() if ruleset else {})
    for match in sorted_matches(result):
        yield builder.row(match)
