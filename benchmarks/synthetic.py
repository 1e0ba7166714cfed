"""Synthetic scan results for the report benchmark: N match rows over N/25 documents.

Built from the project's own records (Match, DocumentResult, ScanResult, Rule, RuleSet), seeded,
with what a real large run has: every context different (as in real articles: the workbook's
shared-strings table cannot fold them), 2,000 entity rules (a quarter with a list source), goods
and phrase rules, a mix of severities, some mentions on two lists, some repeated passages.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import random

import corpus as bench_corpus

from watchlist_extractor.model import Rule, RuleFile, RuleModel, RuleSet, SourceModel
from watchlist_extractor.results import DocumentResult, Match, ScanResult

SEVERITIES = ["critical", "high", "high", "medium", "medium", "medium", "low", "informational"]
GOODS = ["drones", "microchips", "ball bearings", "quadcopter", "semiconductors",
         "thermal imaging cameras", "CNC machines", "transistors", "navigation modules",
         "optical sights", "integrated circuits", "machine tools"]
PHRASES = ["parallel imports", "special military operation", "re-exported", "shell companies",
           "transshipped", "front companies", "sanctions evasion", "dual-use goods"]


def ruleset(seed: int, entity_rules: int = 2_000) -> RuleSet:
    names = bench_corpus.generate_names(entity_rules, seed)
    rng = random.Random(f"synthetic-rules-{seed}")
    rules: list[Rule] = []
    path = "benchmarks/out/synthetic/rules.yaml"
    for number, name in enumerate(names, start=1):
        source = None
        if rng.random() < 0.25:
            source = SourceModel(list=rng.choice(["OFAC SDN", "UK Sanctions List", "EU 269/2014"]),
                                 entry_id=str(rng.randint(10_000, 60_000)),
                                 program="RUSSIA-EO14024")
        model = RuleModel(id=f"bench.synthetic.{number:05d}", category="entity", name=name.name,
                          severity=rng.choice(SEVERITIES), terms=list(name.terms),
                          source=source)
        rules.append(Rule(model, path, 6 + 4 * number))
    for number, good in enumerate(GOODS, start=1):
        rules.append(Rule(RuleModel(id=f"bench.good.{number:02d}", category="good", name=good,
                                    severity="high", terms=[good]), path, 1))
    for number, phrase in enumerate(PHRASES, start=1):
        rules.append(Rule(RuleModel(id=f"bench.phrase.{number:02d}", category="phrase",
                                    name=phrase, severity="medium", terms=[phrase]), path, 1))
    return RuleSet(tuple(rules), (RuleFile(path, "0" * 64, len(rules)),))


def scan_result(rows: int, seed: int, documents: int = 0) -> tuple[RuleSet, ScanResult]:
    """``rows`` matches over ``documents`` documents (default: 25 matches per document)."""
    rules = ruleset(seed)
    rng = random.Random(f"synthetic-{seed}-{rows}")
    writer = bench_corpus.ArticleWriter(rng, [], ["Sergei Ivanov", "Li Wei", "Anna Keller"])
    sentences = [writer._fill(rng.choice(bench_corpus.SENTENCES)) for _ in range(4_000)]
    entity_rules = [r for r in rules.rules if r.category == "entity"]
    other_rules = [r for r in rules.rules if r.category != "entity"]
    n_docs = documents or max(1, rows // 25)
    per_doc = [0] * n_docs
    for _ in range(rows):
        per_doc[rng.randrange(n_docs)] += 1
    documents: list[DocumentResult] = []
    matches: list[Match] = []
    for d, count in enumerate(per_doc):
        name = f"{d // 1000:03d}/article-{d:06d}.txt"
        size = rng.randint(2_000, 12_000) + count * 120
        documents.append(DocumentResult(name, f"benchmarks/out/synthetic/{name}", "scanned", "",
                                        size, hashlib.sha256(name.encode()).hexdigest(), size,
                                        count))
        position = 0
        for _ in range(count):
            rule = rng.choice(entity_rules) if rng.random() < 0.6 else rng.choice(other_rules)
            term = rng.choice(rule.model.terms).term
            before, after = rng.choice(sentences), rng.choice(sentences)
            cut = rng.randrange(len(before) // 2, len(before))
            context = f"{before[:cut]} {term} {after[: rng.randrange(20, len(after))]}"
            c_start = cut + 1
            position += rng.randint(40, 400)
            start = position
            also = ()
            if rng.random() < 0.05:
                also = (rng.choice(entity_rules).id,)
            matches.append(Match(
                document=name, line=1 + position // 200, column=1 + position % 200,
                start=start, end=start + len(term), category=rule.category, rule_id=rule.id,
                rule_name=rule.name, severity=rule.severity, matched_text=term, context=context,
                context_match_start=c_start, context_match_end=c_start + len(term),
                sentence_start=start - c_start, sentence_end=start - c_start + len(context),
                term=term, weak=False, also_rules=also,
                duplicate_of=f"{documents[0].document}:1" if rng.random() < 0.1 else "",
            ))
    started = _dt.datetime(2026, 11, 23, 9, 0, tzinfo=_dt.timezone.utc)
    result = ScanResult(matches, documents, started, started + _dt.timedelta(minutes=3),
                        ["benchmarks/out/synthetic"], ["benchmarks/out/synthetic/rules.yaml"],
                        [], "watchlist scan benchmarks/out/synthetic")
    return rules, result
