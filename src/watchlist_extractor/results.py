"""Runtime records that flow from the matcher to the reporters.

``Match`` is small and immutable (one flagged mention); ``DocumentResult`` says what happened to
one input; ``ScanResult`` is a whole run: what the reporters receive.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from operator import attrgetter


@dataclass(slots=True)
class Match:
    """One mention of a rule's term or pattern in a document.

    Treat it as read-only once a scan has returned it. It is not a frozen dataclass only
    because a frozen one takes ten times as long to build, and a large run builds millions
    (in the matcher, and again when rows come back from worker processes).

    Offsets are character offsets into the document's original text (end exclusive), so
    ``text[start:end] == matched_text``. ``context`` is the verbatim sentence around the match,
    cut with "…"; ``context[context_match_start:context_match_end] == matched_text``.
    """

    document: str  # path relative to its input root, with forward slashes
    line: int  # 1-based
    column: int  # 1-based, in characters
    start: int
    end: int
    category: str  # entity | good | phrase
    rule_id: str
    rule_name: str
    severity: str
    matched_text: str
    context: str
    context_match_start: int
    context_match_end: int
    sentence_start: int = 0  # offsets of the whole sentence holding the match (groups co-occurrences)
    sentence_end: int = 0
    term: str = ""  # the alias or pattern that matched, as written in the rule
    weak: bool = False  # matched through a weak alias
    also_rules: tuple[str, ...] = ()  # other rules (e.g. other lists) claiming the same span
    duplicate_of: str = ""  # "document:line" of the first identical passage, when repeated

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.document, self.start, -self.end, self.rule_id)

    def __reduce__(self):
        # Pickled as constructor arguments: worker processes send many matches, and this is
        # about twice as fast as the generic state dict of a slots dataclass.
        return (Match, _match_fields(self))


_match_fields = attrgetter(*Match.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """One input: scanned (with its match count) or skipped (with the reason)."""

    document: str  # as in Match.document
    path: str  # path on disk as given (absolute or relative to the working directory)
    status: str  # "scanned" | "skipped" | "failed"
    reason: str = ""
    size_bytes: int = 0
    sha256: str = ""
    characters: int = 0
    match_count: int = 0
    suppressed_count: int = 0

    def __reduce__(self):  # constructor arguments: faster than a slots dataclass's state dict
        return (DocumentResult, _document_fields(self))


_document_fields = attrgetter(*DocumentResult.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class SuppressedMatch:
    match: Match
    suppression_id: str
    by: str
    reason: str


@dataclass
class ScanResult:
    """Everything a report needs about one run."""

    matches: list[Match]
    documents: list[DocumentResult]
    started: _dt.datetime
    finished: _dt.datetime
    inputs: list[str]  # input paths as given
    rule_files: list[str]
    suppressed: list[SuppressedMatch] = field(default_factory=list)
    command_line: str = ""

    @property
    def scanned(self) -> list[DocumentResult]:
        return [d for d in self.documents if d.status == "scanned"]

    @property
    def skipped(self) -> list[DocumentResult]:
        return [d for d in self.documents if d.status != "scanned"]
