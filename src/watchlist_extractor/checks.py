"""Checks across rules for ``watchlist rules check``: advice beyond what makes a rule invalid.

Each check yields Problems (``level="warning"`` unless the set cannot be used), located at the
exact key in the YAML file when the file's parsed form is at hand.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from importlib import resources

import re2

from .compiler import CompiledRules, compile_regex, compile_rules, wrap_whole_word
from .errors import Problem, RuleError, SourceLocation
from .loading import LoadedFile
from .matcher import find_candidates
from .model import Rule, RuleSet
from .normalize import FUNCTION_WORDS, HYPHENS, normalize_key, prepare_text

MIN_TERM_LENGTH = 3


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Frequent English words (from the package data, if shipped): aliases that flood reports."""
    try:
        text = resources.files("watchlist_extractor").joinpath("data/common_words.txt").read_text(
            encoding="utf-8")
    except (FileNotFoundError, OSError):
        return frozenset()
    return frozenset(w.strip().casefold() for w in text.splitlines()
                     if w.strip() and not w.startswith("#"))


class _Locator:
    """Finds the file:line:column of a rule's field from the loaded files' parsed YAML."""

    def __init__(self, loaded: Sequence[LoadedFile]):
        self._files = {f.path: f for f in loaded}
        self._index: dict[tuple[str, str], int] = {}
        for f in loaded:
            rules = f.parsed.data.get("rules") if f.parsed and isinstance(f.parsed.data, dict) else None
            for i, raw in enumerate(rules or []):
                if isinstance(raw, dict) and "id" in raw:
                    self._index.setdefault((f.path, str(raw["id"])), i)

    def at(self, rule: Rule, *path: object) -> SourceLocation:
        f = self._files.get(rule.path)
        i = self._index.get((rule.path, rule.id))
        if f is None or f.parsed is None or i is None:
            return SourceLocation(rule.path, rule.line, rule.column)
        return f.parsed.location(("rules", i) + path)


def check_rules(rules: Sequence[Rule], loaded: Sequence[LoadedFile] = ()) -> list[Problem]:
    locate = _Locator(loaded)
    problems: list[Problem] = []
    for check in (_check_patterns, _check_terms, _check_shared_terms, _check_inside_phrases,
                  _check_examples):
        problems.extend(check(rules, locate))
    problems.sort(key=lambda p: (p.location.path, p.location.line, p.location.column))
    return problems


def _warn(location: SourceLocation, rule: Rule, field: str, message: str, hint: str = "") -> Problem:
    return Problem(location, rule.id, field, message, hint, level="warning")


def _check_patterns(rules: Sequence[Rule], locate: _Locator) -> Iterator[Problem]:
    for rule in rules:
        for i, pattern in enumerate(rule.model.patterns):
            where = locate.at(rule, "patterns", i)
            try:
                compile_regex(wrap_whole_word(pattern.regex))
            except re2.error as exc:
                yield Problem(where, rule.id, f"patterns[{i}]", f"invalid RE2 pattern: {exc}",
                              hint="RE2 runs in linear time, so it has no look-around or "
                                   "back-references; rewrite them, or use near/exclude")
                continue
            if re2.fullmatch(pattern.regex.encode(), b"") is not None:
                yield Problem(where, rule.id, f"patterns[{i}]",
                              "pattern matches the empty string",
                              hint="make at least one part required (+ instead of *)")


def _check_terms(rules: Sequence[Rule], locate: _Locator) -> Iterator[Problem]:
    words = common_words()
    for rule in rules:
        has_strong = any(not t.weak for t in rule.model.terms) or bool(rule.model.patterns)
        for i, term in enumerate(rule.model.terms):
            where = locate.at(rule, "terms", i)
            key = normalize_key(term.term)
            if term.weak:
                if not rule.model.near and not has_strong:
                    yield _warn(where, rule, f"terms[{i}]",
                                f"weak alias '{term.term}' can never match",
                                "a weak alias needs a 'near' condition or a strong alias in the "
                                "same rule")
                continue
            case_sensitive = term.case_sensitive if term.case_sensitive is not None \
                else rule.model.case_sensitive
            # Goods and phrases are common nouns by nature; names that are common words flood.
            single_word = " " not in term.term.strip()
            if single_word and (key in FUNCTION_WORDS or (rule.category == "entity"
                                                          and key in words)):
                yield _warn(where, rule, f"terms[{i}]",
                            f"'{term.term}' is a common English word and will flood the report",
                            "mark it weak: true, or use a longer alias")
            elif len(key) < MIN_TERM_LENGTH and not case_sensitive:
                yield _warn(where, rule, f"terms[{i}]", f"'{term.term}' is very short",
                            "make it case_sensitive: true or weak: true")


def _term_identity(term: str) -> str:
    """What the matcher tells apart in a term: not case, accents, spellings, apostrophes, nor a
    hyphen from a space ("Aero-HIT", "Aero HIT"); but "Hong Kong Himark" and "Hongkong Himark"
    match different texts (a space is not optional), so a rule may list both."""
    words = "".join(" " if ch in HYPHENS else ch for ch in term).split()
    return " ".join(key for key in map(normalize_key, words) if key)


def _check_shared_terms(rules: Sequence[Rule], locate: _Locator) -> Iterator[Problem]:
    """One term claimed by two rules of a category; fine when they cite different lists."""
    owners: dict[tuple[str, str], tuple[Rule, int]] = {}
    for rule in rules:
        for i, term in enumerate(rule.model.terms):
            key = (rule.category, _term_identity(term.term))
            first = owners.get(key)
            if first is None:
                owners[key] = (rule, i)
                continue
            other = first[0]
            if other.id == rule.id:
                yield _warn(locate.at(rule, "terms", i), rule, f"terms[{i}]",
                            f"'{term.term}' is listed twice in this rule")
                continue
            sources = {(r.model.source.list, r.model.source.entry_id) if r.model.source else None
                       for r in (rule, other)}
            if None not in sources and (len({s[0] for s in sources}) == 2 or len(sources) == 1):
                continue  # one name on two lists, or a curated rule for the same list entry
            yield _warn(locate.at(rule, "terms", i), rule, f"terms[{i}]",
                        f"'{term.term}' is also claimed by {other.id} "
                        f"({other.path}:{other.line})",
                        "keep the term in one rule, or give the rules different sources")


def _check_inside_phrases(rules: Sequence[Rule], locate: _Locator) -> Iterator[Problem]:
    """An ``exclude: inside`` phrase must hold a shorter match of its own rule, or it never
    excludes anything. The usual cause is an unquoted YAML list splitting a phrase at its
    commas: ``inside: [export, reexport, or transfer]`` is three phrases, none of them the one
    meant. (Inside phrases match in any case, so the phrase is tried as written and in the
    cases a case-sensitive term may need.)"""
    for rule in rules:
        model = rule.model
        phrases = [((), i, j, phrase) for i, exclusion in enumerate(model.exclude)
                   for j, phrase in enumerate(exclusion.inside)]
        for field, forms in (("terms", model.terms), ("patterns", model.patterns)):
            phrases += [((field, k), i, j, phrase) for k, form in enumerate(forms)
                        for i, exclusion in enumerate(form.exclude)
                        for j, phrase in enumerate(exclusion.inside)]
        if not phrases:
            continue
        try:
            own = compile_rules(RuleSet((rule,), ()))
        except RuleError:
            continue  # an invalid pattern: reported by _check_patterns
        for form, i, j, phrase in phrases:
            if not any(_holds_shorter_match(variant, own) for variant in
                       dict.fromkeys((phrase, phrase.lower(), phrase.upper(), phrase.title()))):
                field = f"{form[0]}[{form[1]}]." if form else ""
                yield _warn(locate.at(rule, *form, "exclude", i, "inside", j), rule,
                            f"{field}exclude[{i}].inside[{j}]",
                            f"'{phrase}' holds no shorter match of this rule, so it never "
                            "excludes one",
                            "quote a phrase that has commas ('export, reexport, or transfer'): "
                            "an unquoted YAML list splits it; or write the longer phrase")


def _holds_shorter_match(phrase: str, own: CompiledRules) -> bool:
    scanned, _ = prepare_text(phrase)
    return any(c.end - c.start < len(scanned.strip()) for c in find_candidates(scanned, own))


def _check_examples(rules: Sequence[Rule], locate: _Locator) -> Iterator[Problem]:
    for rule in rules:
        if rule.model.examples is None or not rule.model.examples.match:
            if rule.model.source and rule.model.source.entry_id and not rule.model.examples:
                continue  # generated from an official list entry: the list is its evidence
            yield _warn(locate.at(rule, "id"), rule, "examples", "no match examples",
                        "add examples: {match: [...], no_match: [...]} so 'rules test' covers it")
