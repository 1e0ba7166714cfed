"""Stage 2, compiling: RuleSet → CompiledRules (RE2 engines per category, keys → rules).

Literal terms of one category become one RE2 alternation run in leftmost-longest mode (one for
its case-insensitive terms, one for its case-sensitive ones, each on its own view of the text:
see normalize.view_pattern), so the cost of a scan does not grow with the number of terms, and
the longest of overlapping terms wins. A matched span is mapped back to its rules through its
normalised key. Regex ``patterns`` are compiled one by one, when first needed, with an RE2
``Set`` that tells in a single pass which of them can match a document at all. RE2 runs in
linear time: no pattern can hang a scan.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import re2

from .errors import Problem, RuleError, SourceLocation
from .model import SEVERITY_RANKS, Category, ExcludeModel, NearModel, Rule, RuleSet, TermModel
from .normalize import (APOSTROPHES, NON_WORD, POSSESSIVE, canonical_names, fold_accents,
                        normalize_key, plural_forms, term_pattern, view_pattern)

# Terms per RE2 engine. One alternation holds about 90,000 names before RE2 refuses it
# ("pattern too large"); past this size a category's terms are split over several engines,
# each one more linear pass over the text.
MAX_PATTERNS_PER_ENGINE = 40_000

# RE2 memory budget per engine, used only as the lazily built DFA needs it. The default (8 MB)
# makes the DFA give up on large watchlists and fall back to a far slower engine. A DFA state of
# a 40,000-name alternation is large: with 1 GiB a 50k-name watchlist ran at 3.5 MB/s, with
# 2 GiB at about 200 MB/s (benchmarks/run.py --only engine).
MAX_MEM = 2 << 30

# Bump when the compiled form changes: cached rules from another format are rebuilt.
COMPILED_FORMAT = 17


# One surface form of a rule's term: (rule index, the term as written in the rule, weak).
# A plain tuple: the cache holds one per term, and plain tuples unpickle several times faster
# than named tuples or dataclasses.
TermRef = tuple[int, str, bool]


def _options(*, longest: bool, case_sensitive: bool = True) -> re2.Options:
    options = re2.Options()
    options.max_mem = MAX_MEM
    options.longest_match = longest
    options.case_sensitive = case_sensitive
    options.log_errors = False  # errors are reported as Problems, not printed by RE2 itself
    return options


def compile_regex(pattern: str, *, longest: bool = True) -> re2._Regexp:
    """Compile an RE2 pattern for bytes (UTF-8) input; raises re2.error with a readable text."""
    try:
        return re2.compile(pattern.encode("utf-8"), _options(longest=longest))
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise re2.error(str(reason)) from None


def wrap_whole_word(body: str, *, group: bool = True) -> str:
    """Group 1 is ``body``; word boundaries are consumed around it (RE2 has no look-around).

    Without the group (``group=False``), the caller finds the term inside the match itself:
    literal engines do, because a capturing group makes RE2 run its slow NFA over a huge
    alternation for every match, where the DFA alone is 10-50 times faster.
    """
    inner = f"({body})" if group else f"(?:{body})"
    return f"(?:^|{NON_WORD}){inner}{POSSESSIVE}(?:{NON_WORD}|$)"


@dataclass
class LiteralEngine:
    """All literal terms of one category (and one word-boundary mode) in one RE2 alternation.

    The regex has no capturing group: a whole-word match includes the boundary characters
    around the term and a possessive ("DJI's "); ``term_span`` finds the term inside it.

    An engine of terms written in another cased alphabet (Cyrillic names of the UK list) has a
    ``gate``: the UTF-8 lead bytes of their letters. It runs only on texts holding one of them,
    and is compiled on first use (RE2's case folding makes it slow to compile, and an English
    corpus may never need it).
    """

    category: str
    whole_word: bool
    fold_case: bool  # runs on the lower-cased literal view (see normalize.view_pattern)
    regex: re2._Regexp | None
    keys_folded: dict[str, tuple[TermRef, ...]]
    keys_exact: dict[str, tuple[TermRef, ...]]
    gate: tuple[bytes, ...] = ()
    pattern: str = ""  # kept for a gated engine, compiled when first needed

    _seen: dict[str, tuple[TermRef, ...]] = field(default_factory=dict, repr=False)
    _cuts: dict[str, tuple[int, int, tuple[TermRef, ...]]] = field(default_factory=dict,
                                                                    repr=False)

    def refs_for(self, matched: str) -> tuple[TermRef, ...]:
        """The rules behind a matched span (memoised: the same words recur across a corpus)."""
        refs = self._seen.get(matched)
        if refs is None:
            folded = self.keys_folded.get(normalize_key(matched), ())
            exact = self.keys_exact.get(normalize_key(matched, case_sensitive=True), ())
            refs = folded + exact if folded and exact else (folded or exact)
            if len(self._seen) > 200_000:  # bounded: spans are words of the watchlist, mostly
                self._seen.clear()
            self._seen[matched] = refs
        return refs

    def term_span(self, text: str, start: int, end: int
                  ) -> tuple[int, int, tuple[TermRef, ...]]:
        """The term inside a match of this engine: (start, end, rules), rules empty if none.

        A whole-word match may begin and end with one boundary character and hold a
        possessive. Cuts are tried from the likeliest on; a term that itself begins or ends
        with punctuation ("Co., Ltd.") or with "'s" is found too, since each cut is checked
        against the rule keys. The answer depends only on the matched text, so it is
        memoised on it (" Rostec's " recurs across a corpus).
        """
        if not self.whole_word:
            return start, end, self.refs_for(text[start:end])
        matched = text[start:end]
        found = self._cuts.get(matched)
        if found is None:
            found = self._find_term(matched)
            if len(self._cuts) > 200_000:  # bounded, like refs_for's memo
                self._cuts.clear()
            self._cuts[matched] = found
        cut_start, cut_end, refs = found
        return start + cut_start, start + cut_end, refs

    def _find_term(self, matched: str) -> tuple[int, int, tuple[TermRef, ...]]:
        """term_span on the matched text alone: offsets relative to its start."""
        end = len(matched)
        lead = 1 if end and not is_word_char(matched[0]) else 0
        tail = end - 1 if end - 1 > lead and not is_word_char(matched[end - 1]) else end
        for s, e in _term_cuts(matched, lead, tail, 0, end):
            refs = self.refs_for(matched[s:e])
            if refs:
                return s, e, refs
        return lead, tail, ()

    def regex_for(self, data: bytes) -> re2._Regexp | None:
        """The engine's regex, or None when ``data`` cannot hold any of its terms."""
        if self.gate:
            if not any(lead in data for lead in self.gate):
                return None
            if self.regex is None:
                self.regex = compile_regex(self.pattern)
        return self.regex

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_seen"] = {}
        state["_cuts"] = {}
        if self.gate:
            state["regex"] = None  # compiled again when first needed
        return state


def is_word_char(char: str) -> bool:
    """RE2's word class (letters, numbers, combining marks, underscore)."""
    return char.isalnum() or char == "_" or unicodedata.category(char)[0] == "M"


def _term_cuts(text: str, lead: int, tail: int, start: int, end: int) -> list[tuple[int, int]]:
    """Where the term may lie in a whole-word match text[start:end], likeliest first."""
    # A possessive is cut first: keys ignore apostrophes, so "DJI's" must not be looked up
    # whole (the quote closing 'special military operation' would stay in the match).
    cuts = []
    piece = text[lead:tail]
    if len(piece) > 2 and piece[-1] in "sS" and piece[-2] in APOSTROPHES:
        cuts.append((lead, tail - 2))  # "DJI's"
    elif len(piece) > 1 and piece[-1] in APOSTROPHES:
        cuts.append((lead, tail - 1))  # "drones'"
    cuts.append((lead, tail))
    if tail < end:
        cuts.append((lead, end))  # the term ends with punctuation: "Co., Ltd."
    if lead > start:
        cuts.append((start, tail))
    return cuts


class LazyRegex:
    """An RE2 regex compiled when first used, pickled as its pattern.

    Rules hold hundreds of small regexes (patterns, near terms, exclusions). Each takes about
    5 ms to compile, nearly all of it for the Unicode word-boundary classes, and a corpus
    needs only some of them: compiling all of them made up most of loading the shipped rules.
    ``compile_rules`` compiles each once anyway, so that a bad pattern is reported at load.
    """

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str, compiled: re2._Regexp | None = None):
        self.pattern = pattern
        self._compiled = compiled

    @property
    def compiled(self) -> re2._Regexp:
        if self._compiled is None:
            self._compiled = compile_regex(self.pattern)
        return self._compiled

    def __reduce__(self):
        return (LazyRegex, (self.pattern,))


class WordRegex:
    """A whole-word RE2 regex, kept with and without its word boundaries.

    The boundaries are Unicode classes, about nine tenths of a small regex's compile time, and
    a run compiles a few hundred of these on first use (patterns, ``near`` terms, exclusions):
    the matcher searches with ``unbounded`` and checks the boundaries itself, and runs
    ``bounded`` (group 1 is the match) only where a check fails. Pickled as its body.
    """

    __slots__ = ("body", "bounded", "unbounded")

    def __init__(self, body: str, bounded: re2._Regexp | None = None):
        self.body = body
        self.bounded = LazyRegex(wrap_whole_word(body), bounded)
        self.unbounded = LazyRegex(f"(?:{body})")

    def __reduce__(self):
        return (WordRegex, (self.body,))


@dataclass
class PatternRef:
    rule_index: int
    pattern: str  # as written in the rule
    body: str  # as compiled, without the word boundaries (what the prefilter looks for)
    regex: WordRegex | LazyRegex  # a LazyRegex (group 1) for a pattern that is not whole-word


# The patterns' prefilter. One RE2 Set of all ~300 shipped patterns is the fastest once its DFA
# is built (measured on 0.6 MB of real news: 480 ms/MB for the whole scan, against 525 with
# three Sets), but building it is slow: 2.5 s on that first 0.6 MB, as phrase patterns with word
# gaps in progress together multiply its states; three Sets of 100 took 1.0 s. A process starts
# with the small Sets, and changes to the single Set once it has scanned enough text for the
# faster passes to repay building it again (~30 MB of news).
PATTERNS_PER_SET = 100
SINGLE_SET_AFTER = 32 * 1024 * 1024  # bytes scanned by one process


def _pattern_set(refs: list[PatternRef]) -> re2.Set:
    prefilter = re2.Set.SearchSet(_options(longest=False))
    for ref in refs:
        prefilter.Add(ref.body.encode("utf-8"))
    prefilter.Compile()
    return prefilter


@dataclass
class PatternEngine:
    """Regex patterns of all rules, with RE2 Sets as a one-pass prefilter.

    The Sets hold each pattern without its word boundaries: they may name a pattern that then
    finds nothing, never miss one, and compile several times faster without the boundaries'
    Unicode classes. Either way (several small Sets or one) they name the same patterns.
    """

    patterns: list[PatternRef]
    prefilters: list[tuple[int, re2.Set]] = field(default_factory=list)  # (first index, Set)
    scanned: int = 0  # bytes this process has run the prefilters on

    def __post_init__(self) -> None:
        if not self.prefilters:
            self.prefilters = [(first, _pattern_set(self.patterns[first:first + PATTERNS_PER_SET]))
                               for first in range(0, len(self.patterns), PATTERNS_PER_SET)]

    def candidates(self, data: bytes) -> list[PatternRef]:
        """The patterns that may match in ``data``."""
        self.scanned += len(data)
        if self.scanned >= SINGLE_SET_AFTER and len(self.prefilters) > 1:
            self.prefilters = [(0, _pattern_set(self.patterns))]
        named = sorted(first + index for first, prefilter in self.prefilters
                       for index in prefilter.Match(data) or ())
        return [self.patterns[index] for index in named]

    # An RE2 Set cannot be pickled (cache, worker processes): rebuild it instead.
    def __getstate__(self) -> dict:
        return {"patterns": self.patterns}

    def __setstate__(self, state: dict) -> None:
        self.patterns, self.prefilters, self.scanned = state["patterns"], [], 0
        self.__post_init__()


@dataclass
class Condition:
    """A compiled ``near`` condition: rule ids, categories, and one regex for literal terms."""

    rule_ids: frozenset[str]
    categories: frozenset[str]
    terms: WordRegex | None
    within: int | str
    lists: bool = False  # the terms before a list of names count for all of them

    @classmethod
    def from_model(cls, near: NearModel) -> Condition:
        return cls(frozenset(near.rules), frozenset(c.value for c in near.categories),
                   _literal_regex(near.terms), near.within, near.lists)


@dataclass
class RuleConditions:
    near: Condition | None = None
    exclude_near: list[Condition] = field(default_factory=list)
    exclude_inside: WordRegex | None = None
    inside_max_len: int = 0  # how far around a match an "inside" phrase can reach
    exclude_part_of_name: bool = False

    @property
    def any(self) -> bool:
        return bool(self.near or self.exclude_near or self.exclude_inside or self.exclude_part_of_name)


def _literal_regex(terms: Iterable[str]) -> WordRegex | None:
    """A case-insensitive whole-word regex for a few literal terms (conditions, exclusions)."""
    patterns = sorted({term_pattern(t) for t in terms if t.strip()})
    if not patterns:
        return None
    body = "(?i:" + "|".join(patterns) + ")"
    return WordRegex(body, compile_regex(wrap_whole_word(body)))


@dataclass
class CompiledRules:
    """What the matcher runs: engines per category, rule metadata, conditions per rule."""

    rules: tuple[Rule, ...]
    literal_engines: list[LiteralEngine]
    pattern_engine: PatternEngine
    conditions: dict[int, RuleConditions]
    weak_needs_strong: frozenset[int]  # rules whose weak terms need a strong term in the document
    term_count: int = 0
    # the exclusions of one term or pattern: (rule index, the term or pattern as written)
    form_conditions: dict[tuple[int, str], RuleConditions] = field(default_factory=dict)
    severity_rank: tuple[int, ...] = ()  # per rule index: decides the primary rule of a span
    has_near: tuple[bool, ...] = ()  # per rule index: its matches need a ``near`` condition

    def __post_init__(self) -> None:
        if not self.severity_rank:
            self.severity_rank = tuple(SEVERITY_RANKS[r.severity] for r in self.rules)
        if not self.has_near:
            self.has_near = tuple(bool(self.conditions.get(i) and self.conditions[i].near)
                                  for i in range(len(self.rules)))

    @property
    def rule_ids(self) -> list[str]:
        return [r.id for r in self.rules]



def compile_rules(ruleset: RuleSet) -> CompiledRules:
    """Build the engines; raise RuleError (with locations) for patterns RE2 rejects."""
    rules = ruleset.rules
    problems: list[Problem] = []
    by_engine: dict[tuple[str, bool], dict[str, list[tuple[bool, TermRef]]]] = {}
    term_count = 0
    for index, rule in enumerate(rules):
        default_plurals = rule.model.category is Category.good
        for term in rule.model.terms:
            weak = term.weak
            case_sensitive = True if weak else (
                term.case_sensitive if term.case_sensitive is not None
                else rule.model.case_sensitive)
            ref: TermRef = (index, term.term, weak)
            forms = [term.term]
            if term.plurals if term.plurals is not None else default_plurals:
                forms += plural_forms(term.term)
            bucket = by_engine.setdefault((rule.category, term.whole_word), {})
            for form in forms:
                bucket.setdefault(form, []).append((case_sensitive, ref))
            term_count += 1

    engines = [engine for (category, whole_word), forms in sorted(by_engine.items())
               for engine in _build_literal_engines(category, whole_word, forms)]

    pattern_refs: list[PatternRef] = []
    for index, rule in enumerate(rules):
        for number, pattern in enumerate(rule.model.patterns):
            # The scanned text has its accents folded and one spelling per name.
            regex_text = canonical_names(fold_accents(pattern.regex))[0]
            body = regex_text if pattern.case_sensitive else f"(?i:{regex_text})"
            wrapped = wrap_whole_word(body) if pattern.whole_word else f"({body})"
            try:
                compiled = compile_regex(wrapped)
            except re2.error as exc:
                problems.append(Problem(SourceLocation(rule.path, rule.line, rule.column), rule.id,
                                        f"patterns[{number}]", f"invalid RE2 pattern: {exc}",
                                        hint="RE2 has no look-around or back-references; "
                                             "see rules/README.md"))
                continue
            regex = (WordRegex(body, compiled) if pattern.whole_word
                     else LazyRegex(wrapped, compiled))
            pattern_refs.append(PatternRef(index, pattern.regex, f"({body})", regex))
    if problems:
        raise RuleError(problems)

    conditions: dict[int, RuleConditions] = {}
    form_conditions: dict[tuple[int, str], RuleConditions] = {}
    weak_needs_strong: set[int] = set()
    for index, rule in enumerate(rules):
        model = rule.model
        near = Condition.from_model(model.near) if model.near else None
        cond = _with_exclusions(RuleConditions(near=near), model.exclude)
        if cond.any:
            conditions[index] = cond
        for form in (*model.terms, *model.patterns):
            if form.exclude:  # the rule's near stays known to part_of_name ("Tanker Laconia")
                written = form.term if isinstance(form, TermModel) else form.regex
                form_conditions[(index, written)] = _with_exclusions(RuleConditions(near=near),
                                                                     form.exclude)
        if not model.near and any(t.weak for t in model.terms):
            weak_needs_strong.add(index)

    return CompiledRules(rules, engines, PatternEngine(pattern_refs), conditions,
                         frozenset(weak_needs_strong), term_count,
                         form_conditions=form_conditions)


def _with_exclusions(cond: RuleConditions, exclusions: Sequence[ExcludeModel]) -> RuleConditions:
    for exclusion in exclusions:
        if exclusion.near:
            cond.exclude_near.append(Condition.from_model(exclusion.near))
    inside = [p for e in exclusions for p in e.inside]
    if inside:
        cond.exclude_inside = _literal_regex(inside)
        cond.inside_max_len = max(len(p) for p in inside) * 2 + 16
    cond.exclude_part_of_name = any(e.part_of_name for e in exclusions)
    return cond


def _build_literal_engines(category: str, whole_word: bool,
                           forms: dict[str, list[tuple[bool, TermRef]]]) -> list[LiteralEngine]:
    """The engines of a category's terms: case-insensitive terms run on the lower-cased view,
    case-sensitive ones on the case-kept view; past MAX_PATTERNS_PER_ENGINE a view's terms are
    split over several engines. They all share the key → rules maps."""
    folded: dict[str, list[TermRef]] = {}
    exact: dict[str, list[TermRef]] = {}
    patterns: dict[bool, set[str]] = {True: set(), False: set()}  # by view (fold_case)
    cased: dict[str, str] = {}  # pattern → its letters needing RE2's case folding
    for form, entries in forms.items():
        for case_sensitive, ref in entries:
            pattern, letters = view_pattern(form, fold_case=not case_sensitive)
            patterns[not case_sensitive].add(pattern)
            if letters:
                cased[pattern] = letters
            if case_sensitive:
                exact.setdefault(normalize_key(form, case_sensitive=True), []).append(ref)
            else:
                folded.setdefault(normalize_key(form), []).append(ref)
    keys_folded = {k: _unique(v) for k, v in folded.items()}
    keys_exact = {k: _unique(v) for k, v in exact.items()}
    groups = [  # (view, its patterns, whether they need RE2's case folding)
        (True, sorted(p for p in patterns[True] if p not in cased), False),
        (True, sorted(p for p in patterns[True] if p in cased), True),
        (False, sorted(patterns[False]), False)]
    engines = []
    for fold_case, ordered, needs_folding in groups:
        # Equal shares: RE2's compile time grows faster than the number of terms (50,000 names
        # compile faster as 25,000 + 25,000 than as 40,000 + 10,000).
        shares = -(-len(ordered) // MAX_PATTERNS_PER_ENGINE)
        size = -(-len(ordered) // shares) if shares else 0
        for first in range(0, len(ordered), size or 1):
            chunk = ordered[first:first + size]
            body = "|".join(chunk)
            if needs_folding:
                body = f"(?i:{body})"
            if whole_word:
                body = wrap_whole_word(body, group=False)
            regex = compile_regex(body)  # a gated engine too: errors show when rules load
            gate = _lead_bytes("".join(cased[p] for p in chunk)) if needs_folding else ()
            engines.append(LiteralEngine(category, whole_word, fold_case, regex, keys_folded,
                                         keys_exact, gate, body if gate else ""))
    return engines


def _lead_bytes(letters: str) -> tuple[bytes, ...]:
    """The UTF-8 first bytes of ``letters`` in every case: a text without any of them cannot
    hold a term that has one of these letters."""
    variants = {v for c in set(letters) for v in (c, c.lower(), c.upper(), c.casefold())}
    return tuple(sorted({v.encode("utf-8")[:1] for v in variants if not v.isascii()}))


def _unique(refs: list[TermRef]) -> tuple[TermRef, ...]:
    """One ref per rule for a key, keeping the first (rules are in load order)."""
    seen: set[int] = set()
    out = []
    for ref in refs:
        if ref[0] not in seen:
            seen.add(ref[0])
            out.append(ref)
    return tuple(out)
