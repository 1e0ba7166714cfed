"""Reporting: the counts behind the Summary, Entities, Documents and Rules sheets.

One pass over the sorted matches. A repeated passage (``Match.duplicate_of`` set: the same
sentence seen earlier, in the same article or a syndicated copy) counts as a *mention* but not as
a *unique mention*, and it adds nothing to co-occurrences, so a story printed by ten outlets does
not look ten times as serious.

Memory grows with the number of rules, entities and documents, not with the number of matches:
co-occurrences are gathered per document and folded in when the next document starts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import SEVERITY_RANKS, Rule, RuleSet, Severity
from ..results import Match, ScanResult

SEVERITY_ORDER: tuple[str, ...] = tuple(s.value for s in reversed(Severity))  # critical first
CATEGORY_ORDER: tuple[str, ...] = ("entity", "good", "phrase")


def severity_rank(severity: str) -> int:
    """Higher is more serious; unknown severities rank below informational."""
    return SEVERITY_RANKS.get(severity, -1)


@dataclass
class Counts:
    mentions: int = 0
    unique: int = 0  # mentions that are not repeated passages

    def add(self, match: Match) -> None:
        self.mentions += 1
        if not match.duplicate_of:
            self.unique += 1


@dataclass
class RuleStats:
    hits: Counts = field(default_factory=Counts)
    also: int = 0  # times this rule was listed in another match's also_rules
    documents: int = 0  # counted as matches come document by document (no set of names)
    last_document: str | None = None


@dataclass
class EntityStats:
    """One flagged entity (grouped by rule name: the same name from two rules is one entity)."""

    name: str
    severity: str
    first: Match
    rule_ids: list[str] = field(default_factory=list)  # primary rules first, then also_rules
    lists: list[str] = field(default_factory=list)  # source labels, first seen first
    counts: Counts = field(default_factory=Counts)
    documents: int = 0
    last_document: str | None = None
    goods: Counter[str] = field(default_factory=Counter)  # good name -> sentences shared
    phrases: Counter[str] = field(default_factory=Counter)


@dataclass
class Finding:
    """A rule's mentions in one document, for the Summary's most-serious block.

    Only documents where the rule has a unique mention count: a syndicated copy repeats a
    finding already listed for the document it was first seen in.
    """

    first: Match
    counts: Counts = field(default_factory=Counts)


@dataclass
class ReportStats:
    total: Counts
    by_category: dict[str, Counts]
    by_severity: dict[str, Counts]
    by_document: dict[str, Counts]
    rules: dict[str, RuleStats]
    entities: list[EntityStats]  # most serious, then most mentioned first
    findings: list[Finding]  # most serious first; one per (rule, document); the first few only
    findings_total: int  # how many (rule, document) findings there are in all
    suppressed: int
    suppressed_by_category: dict[str, int]

    def rule(self, rule_id: str) -> RuleStats:
        return self.rules.get(rule_id) or RuleStats()


def _sentence_key(match: Match) -> tuple[int, int]:
    # A scanner that did not fill the sentence offsets leaves both at 0; the line is the
    # closest stand-in (negative, so it never collides with real offsets).
    if match.sentence_end > match.sentence_start:
        return match.sentence_start, match.sentence_end
    return -match.line, -match.line


FINDINGS_KEPT = 200  # the Summary lists the first few; the count covers them all


def _finding_order(f: Finding) -> tuple:
    first = f.first
    return (-severity_rank(first.severity), -f.counts.unique, first.document, first.start,
            first.rule_id)


def _count_document(stats: RuleStats | EntityStats, document: str) -> None:
    """One more document for ``stats`` when ``document`` is new to it (rows come in order)."""
    if document != stats.last_document:
        stats.documents += 1
        stats.last_document = document


def _ordered(counts: dict[str, Counts], order: Iterable[str]) -> dict[str, Counts]:
    order = list(order)
    known = {k: counts.get(k, Counts()) for k in order}
    extra = {k: counts[k] for k in sorted(counts) if k not in known}
    return known | extra


def collect(matches: Iterable[Match], result: ScanResult, ruleset: RuleSet) -> ReportStats:
    """Counts for the report; ``matches`` must be in report order (``rows.sorted_matches``)."""
    rules: dict[str, Rule] = ruleset.by_id()
    label_cache: dict[str, str] = {}

    def label(rule_id: str) -> str:
        if rule_id not in label_cache:
            rule = rules.get(rule_id)
            label_cache[rule_id] = rule.source_label() if rule else ""
        return label_cache[rule_id]

    total = Counts()
    by_category: dict[str, Counts] = {}
    by_severity: dict[str, Counts] = {}
    by_document: dict[str, Counts] = {}
    rule_stats: dict[str, RuleStats] = {}
    entities: dict[str, EntityStats] = {}
    # Findings of the current document only: matches come document by document, so a
    # document's findings are final when the next begins. Only the most serious are kept,
    # so memory does not grow with the number of rows.
    findings: dict[str, Finding] = {}
    top_findings: list[Finding] = []
    findings_total = 0

    # Per document: sentence -> names seen in it, by category (unique mentions only).
    sentences: dict[tuple[int, int], dict[str, set[str]]] = {}
    current_document: str | None = None

    def fold_document() -> None:
        nonlocal findings_total
        for names in sentences.values():
            for entity in names.get("entity", ()):
                stats = entities[entity]
                stats.goods.update(names.get("good", ()))
                stats.phrases.update(names.get("phrase", ()))
        sentences.clear()
        done = [f for f in findings.values() if f.counts.unique]
        findings.clear()
        findings_total += len(done)
        top_findings.extend(done)
        if len(top_findings) > 2 * FINDINGS_KEPT:
            top_findings.sort(key=_finding_order)
            del top_findings[FINDINGS_KEPT:]

    for m in matches:
        if m.document != current_document:
            fold_document()
            current_document = m.document
        total.add(m)
        by_category.setdefault(m.category, Counts()).add(m)
        by_severity.setdefault(m.severity, Counts()).add(m)
        by_document.setdefault(m.document, Counts()).add(m)
        rs = rule_stats.get(m.rule_id)
        if rs is None:
            rs = rule_stats[m.rule_id] = RuleStats()
        rs.hits.add(m)
        _count_document(rs, m.document)
        for other in m.also_rules:
            rule_stats.setdefault(other, RuleStats()).also += 1

        finding = findings.get(m.rule_id)
        if finding is None:
            finding = findings[m.rule_id] = Finding(first=m)
        finding.counts.add(m)

        if m.category == "entity":
            entity = entities.get(m.rule_name)
            if entity is None:
                entity = entities[m.rule_name] = EntityStats(m.rule_name, m.severity, m)
            if severity_rank(m.severity) > severity_rank(entity.severity):
                entity.severity = m.severity
            for rid in (m.rule_id, *m.also_rules):
                if rid not in entity.rule_ids:
                    entity.rule_ids.append(rid)
                source = label(rid)
                if source and source not in entity.lists:
                    entity.lists.append(source)
            entity.counts.add(m)
            _count_document(entity, m.document)
        if not m.duplicate_of:
            sentences.setdefault(_sentence_key(m), {}).setdefault(m.category, set()).add(
                m.rule_name
            )
    fold_document()

    suppressed_by_category: Counter[str] = Counter(s.match.category for s in result.suppressed)
    return ReportStats(
        total=total,
        by_category=_ordered(by_category, CATEGORY_ORDER),
        by_severity=_ordered(by_severity, SEVERITY_ORDER),
        by_document=by_document,
        rules=rule_stats,
        entities=sorted(
            entities.values(),
            key=lambda e: (
                -severity_rank(e.severity), -e.counts.unique, -e.counts.mentions, e.name
            ),
        ),
        findings=sorted(top_findings, key=_finding_order)[:FINDINGS_KEPT],
        findings_total=findings_total,
        suppressed=len(result.suppressed),
        suppressed_by_category=dict(sorted(suppressed_by_category.items())),
    )


def co_occurring(counter: Counter[str]) -> str:
    """``name (sentences); …`` most frequent first, then by name.

    >>> co_occurring(Counter({"Drones": 2, "Jammers": 1}))
    'Drones (2); Jammers (1)'
    """
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return "; ".join(f"{name} ({n})" for name, n in items)
