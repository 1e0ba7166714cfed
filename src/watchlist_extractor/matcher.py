"""Stage 3, matching: one document's text → Match records.

1. Each category's RE2 engines (on a view of the text: ``literal_view``) and the regex
   patterns find candidate spans (UTF-8 bytes).
2. Spans are mapped back to rules through their normalised key.
3. Exclusions drop candidates; conditional candidates (weak aliases, ``near`` rules) are kept
   only when their condition holds among the unconditional matches.
4. Within a category, overlapping candidates are resolved: the longest wins; several rules on
   the same span become one match (the others are listed in ``also_rules``).
5. Offsets go back to the original text, with line, column and quoted context.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import re2

from .compiler import (CompiledRules, Condition, PatternRef, RuleConditions, WordRegex,
                       is_word_char)
from .context import Sentences, extract_context
from .normalize import APOSTROPHES, FUNCTION_WORDS, char_offsets, prepare_text
from .results import Match

_UNANCHORED = re2._re2.RE2.Anchor.UNANCHORED
_WORD = re.compile(r"\w+(?:/\w+)*")  # "M/T", "M/V" are one word (ship designations)
# Words written right next to a match: joined by spaces or a hyphen, on the same line.
_JOIN = r"(?:[ \t]+|[-‐‑–])"
_WORD_BEFORE = re.compile(r"(?:(\w+)[ \t]+([Oo]f)|(\w+))" + _JOIN + r"\Z")
_WORD_AFTER = re.compile(_JOIN + r"(\w+)")
_ROMAN = frozenset("I II III IV V VI VII VIII IX X".split())
_WORD_SPAN_GUESS = 24  # characters per word when looking for N words around a match


@dataclass(slots=True)
class Candidate:  # not frozen: a frozen dataclass takes three times as long to build
    start: int  # character offsets in the scanned text (NFKC, accents folded)
    end: int
    category: str
    rule_index: int
    term: str
    weak: bool


def _spans(regex: re2._Regexp, data: bytes, group: int = 1) -> list[tuple[int, int]]:
    """Byte spans of ``group`` (leftmost-longest), including spans that start inside another.

    The search resumes one character after each span's start, not at its end, so that a
    longer term starting later ("Ministry of Defense and Armed Forces Logistics" inside
    "Iran's Ministry of Defense and Armed Forces Logistics") is still a candidate; the overlap
    policy then keeps the longest. Word boundaries make such inner spans rare.
    """
    match = regex._regexp.Match
    size = len(data)
    pos = 0
    found = []
    while pos < size:
        start, end = match(_UNANCHORED, data, pos, size)[group]
        if start < 0:
            break
        found.append((start, end))
        pos = start + _char_length(data[start])  # step over one whole UTF-8 character
    return found


def _char_length(lead: int) -> int:
    """Bytes of the UTF-8 character that starts with the byte ``lead``."""
    return 1 if lead < 0x80 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


def _pattern_spans(ref: PatternRef, data: bytes) -> list[tuple[int, int]]:
    """The spans of a regex pattern (whole-word or not)."""
    if isinstance(ref.regex, WordRegex):
        return _word_spans(ref.regex, data)
    return _spans(ref.regex.compiled, data)


def _word_spans(regex: WordRegex, data: bytes) -> list[tuple[int, int]]:
    """``_spans`` of a whole-word regex: searched without its boundaries, which are checked
    here; where a check fails (a match inside a longer word, which the bounded regex might
    find elsewhere or shorter), the bounded regex runs instead."""
    found = _spans_if_whole_words(regex.unbounded.compiled, data)
    return found if found is not None else _spans(regex.bounded.compiled, data)


def _spans_if_whole_words(regex: re2._Regexp, data: bytes) -> list[tuple[int, int]] | None:
    """``_spans`` of an unbounded regex if every span stands between word boundaries, else None.

    ``_spans`` resumes each search one character after the last span's start (``pos``); a
    bounded search from there needs the boundary character itself at or after ``pos``, so a
    span whose left neighbour lies before it is left to the bounded regex too.
    """
    found = _spans(regex, data, 0)
    pos = 0
    for start, end in found:
        if not _whole_word_at(data, start, end, pos):
            return None
        pos = start + _char_length(data[start])
    return found


def _whole_word_at(data: bytes, start: int, end: int, pos: int) -> bool:
    """Does data[start:end] stand between word boundaries, the one before at or after ``pos``?"""
    if start > 0:
        before = start - 1
        while before > 0 and 0x80 <= data[before] < 0xC0:
            before -= 1
        if before < pos or _word_char_at(data, before):
            return False
    return end >= len(data) or not _word_char_at(data, end)


_ASCII_WORD = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _word_char_at(data: bytes, offset: int) -> bool:
    """Is the UTF-8 character starting at ``offset`` a word character (RE2's ``[\\pL\\pN\\pM_]``)?"""
    lead = data[offset]
    if lead < 0x80:
        return lead in _ASCII_WORD
    char = data[offset:offset + 4].decode("utf-8", "ignore")[:1]
    return bool(char) and is_word_char(char)


# The literal engines run on a view of the text, one byte for one, so offsets stay the same:
# - ASCII whitespace and hyphens are spaces, so that a term written with a space matches the
#   hyphenated form too ("al Qaeda" = "al-Qaeda", "dual use" = "dual-use"; a hyphen in a term
#   already matches a space or nothing), and term patterns need " +" rather than "\s+";
# - for case-insensitive terms, ASCII letters are lower case (normalize.view_pattern): RE2
#   compiles such patterns about twice as fast as case-folded ones.
# Regex patterns and conditions still see the text as it is ("Orlan-\d{2}"), and web addresses
# keep their hyphens: a slug ("/sanctions-evasion-schemes/") is not prose. (bytes.translate
# runs at about 1 GB/s.)
_URL = re.compile(rb"(?:https?://|www\.)[^\s<>\"]+")
_TO_SPACE = b"\t\n\f\r-"  # RE2's \s, and the ASCII hyphen
_KEEP_CASE = bytes.maketrans(_TO_SPACE, b" " * len(_TO_SPACE))
_LOWER_CASE = bytes.maketrans(_TO_SPACE + b"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                              b" " * len(_TO_SPACE) + b"abcdefghijklmnopqrstuvwxyz")


def _web_addresses(data: bytes) -> list[tuple[int, int]]:
    """Byte spans of the web addresses in ``data`` (most articles have none: a C-speed test)."""
    if b"://" not in data and b"www." not in data:
        return []
    return [m.span() for m in _URL.finditer(data)]


# U+2010 HYPHEN (NFKC's form of the non-breaking hyphen U+2011), used by some outlets for every
# hyphen ("sanctions‑evasion"): three spaces for its three bytes. Dashes (– —) join clauses, not
# words, and are left alone.
_UNICODE_HYPHEN = "\u2010".encode("utf-8")


def literal_view(data: bytes, urls: list[tuple[int, int]], *, fold_case: bool) -> bytes:
    """What the literal engines scan (see above); ``urls`` from ``_web_addresses``."""
    if not data.isascii() and _UNICODE_HYPHEN in data:  # (isascii is the faster test)
        data = data.replace(_UNICODE_HYPHEN, b"   ")
    table = _LOWER_CASE if fold_case else _KEEP_CASE
    if not urls:
        return data.translate(table)
    out, last = [], 0
    for start, end in urls:
        address = data[start:end]
        out += (data[last:start].translate(table), address.lower() if fold_case else address)
        last = end
    out.append(data[last:].translate(table))
    return b"".join(out)


def _whole_characters(data: bytes, raw: list[tuple[int, int, str, object]]
                      ) -> list[tuple[int, int, str, object]]:
    """Spans widened to whole UTF-8 characters. A literal engine's match may begin or end
    inside the three spaces that stand for a U+2010 hyphen in its view ("sanctions" before
    "‐evasion" takes one of them as its boundary); the hyphen is then the boundary itself."""
    out = []
    size = len(data)
    for start, end, category, source in raw:
        while start > 0 and 0x80 <= data[start] < 0xC0:
            start -= 1
        while end < size and 0x80 <= data[end] < 0xC0:
            end += 1
        out.append((start, end, category, source))
    return out


def _outside_web_addresses(urls: list[tuple[int, int]], raw: list[tuple[int, int, str, object]]
                           ) -> list[tuple[int, int, str, object]]:
    """Spans that do not start inside a web address: the words of a link's slug
    ("/re-exports-to-russia-rise/") are not the article's prose."""
    starts = [start for start, _ in urls]

    def inside(offset: int) -> bool:
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and offset < urls[i][1]

    return [r for r in raw if not inside(r[0])]


def find_candidates(text: str, compiled: CompiledRules) -> list[Candidate]:
    """Every span any engine finds, with the rules behind it (no conditions applied yet)."""
    data = text.encode("utf-8")
    urls = _web_addresses(data)
    views: dict[bool, bytes] = {}
    raw: list[tuple[int, int, str, object]] = []  # byte start, byte end, category, source
    for engine in compiled.literal_engines:  # whole matches: no group (see LiteralEngine)
        regex = engine.regex_for(data)
        if regex is None:
            continue
        view = views.get(engine.fold_case)
        if view is None:
            view = views[engine.fold_case] = literal_view(data, urls, fold_case=engine.fold_case)
        raw.extend((s, e, engine.category, engine) for s, e in _spans(regex, view, 0))
    for ref in compiled.pattern_engine.candidates(data):
        category = compiled.rules[ref.rule_index].category
        raw.extend((s, e, category, ref) for s, e in _pattern_spans(ref, data))
    if raw and urls:
        raw = _outside_web_addresses(urls, raw)
    if not raw:
        return []
    ascii_only = len(data) == len(text)
    if not ascii_only and _UNICODE_HYPHEN in data:
        raw = _whole_characters(data, raw)
    to_char = None if ascii_only else char_offsets(data, (o for r in raw for o in r[:2]))
    candidates = []
    for byte_start, byte_end, category, source in raw:
        start = byte_start if to_char is None else to_char[byte_start]
        end = byte_end if to_char is None else to_char[byte_end]
        if text.find("\n", start, end) >= 0 and _BLANK_LINE.search(text, start, end):
            continue  # a phrase never runs from a headline or paragraph into the next one
        term_span = getattr(source, "term_span", None)
        if term_span is None:  # a regex pattern
            if start < end:
                candidates.append(Candidate(start, end, category, source.rule_index,
                                            source.pattern, False))
            continue
        start, end, refs = term_span(text, start, end)
        if refs and _possessive_s_at(text, start, end):
            continue
        for rule_index, term, weak in refs:
            candidates.append(Candidate(start, end, category, rule_index, term, weak))
    return candidates


_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")


def _possessive_s_at(text: str, start: int, end: int) -> bool:
    """Is the term's first word the "s" of a possessive? "Africa's Cape of Good Hope" does not
    name S-Cape Limited (a term's hyphen matches a space)."""
    return (start >= 2 and text[start] in "sS" and text[start - 1] in APOSTROPHES
            and text[start - 2].isalnum() and (start + 1 == end or not text[start + 1].isalnum()))


def scan_text(text: str, compiled: CompiledRules, document: str = "") -> list[Match]:
    """All matches in one document's text, sorted by position."""
    scanned, offset_map = prepare_text(text)
    candidates = find_candidates(scanned, compiled)
    if not candidates:
        return []
    return _matches(text, scanned, offset_map, candidates, compiled, document)


def scan_text_for_rule(text: str, compiled: CompiledRules, index: int,
                       own: CompiledRules) -> list[Match]:
    """The matches of one rule (``compiled.rules[index]``) as if no other rule competed for
    its spans; the other rules still count for its conditions. ``own`` is the rule compiled
    alone: with one engine for every rule, a shorter term sharing its start with a longer one
    would never be a candidate. This is how a rule's own examples are tested.
    """
    scanned, offset_map = prepare_text(text)
    others = [c for c in find_candidates(scanned, compiled) if c.rule_index != index]
    mine = [replace(c, rule_index=index) for c in find_candidates(scanned, own)]
    if not mine:
        return []
    return _matches(text, scanned, offset_map, others + mine, compiled, "", only_rule=index)


def _matches(text: str, scanned: str, offset_map, candidates: list[Candidate],
             compiled: CompiledRules, document: str, only_rule: int | None = None) -> list[Match]:
    """Conditions, then rows. Sentence bounds found for the conditions serve the rows too when
    the scanned text is the original (most articles)."""
    sentences = Sentences(scanned)
    kept = _apply_conditions(scanned, candidates, compiled, sentences, only_rule)
    return _to_matches(text, offset_map, kept, compiled, document,
                       sentences if offset_map is None else Sentences(text))


def _apply_conditions(text: str, candidates: list[Candidate], compiled: CompiledRules,
                      sentences: Sentences, only_rule: int | None = None
                      ) -> list[tuple[Candidate, tuple[int, ...]]]:
    conditions = compiled.conditions
    has_near = compiled.has_near
    # Conditional candidates (weak aliases, rules with ``near``) count only if their condition
    # holds among the others.
    base, conditional = [], []
    for c in candidates:
        if not _inside_hyphenated_name(text, c, compiled):
            (conditional if c.weak or has_near[c.rule_index] else base).append(c)
    form_conditions = compiled.form_conditions  # a term's or pattern's own exclusions

    def excluded(c: Candidate, pool: Sequence[Candidate]) -> bool:
        cond = conditions.get(c.rule_index)
        if cond is not None and _excluded(text, c, cond, pool, compiled, sentences):
            return True
        form = form_conditions.get((c.rule_index, c.term)) if form_conditions else None
        return form is not None and _excluded(text, c, form, pool, compiled, sentences)

    base = [c for c in base if not excluded(c, base)]
    anchors = resolve_overlaps(base, compiled)
    anchor_list = [a for a, _ in anchors]
    # A strong alias counts for its rule's weak ones even where a longer match of another rule
    # took its span ("special military operation" inside a customs phrase, then "SVO").
    strong_rules = {c.rule_index for c in base}
    extra = []
    for c in conditional:
        cond = conditions.get(c.rule_index)
        if cond and cond.near:
            if not (_holds(text, c, cond.near, anchor_list, compiled, sentences)
                    or c.category == "entity" and _names_its_context(text, c, cond.near)):
                continue
        elif c.rule_index not in strong_rules:  # weak alias without near: needs a strong alias
            continue
        if excluded(c, anchor_list):
            continue
        if c.weak and c.category == "entity" and _after_another_first_name(text, c, compiled):
            continue
        extra.append(c)
    # A weak entity alias inside a goods mention names the goods: "Orlan" in "Orlan-10 drones"
    # or "the Orlan reconnaissance drone" is the drone, not the company OOO Orlan.
    if any(c.weak and c.category == "entity" for c in extra):  # (most documents have none)
        in_goods = _within([c for c in (*anchor_list, *extra) if c.category == "good"])
        extra = [c for c in extra if not (c.weak and c.category == "entity" and in_goods(c))]
    # Resolved again from every candidate, not from the anchors alone: the rules that share an
    # anchor's span must stay listed with it (``also_rules``).
    if only_rule is not None:
        kept = resolve_overlaps([c for c in base + extra if c.rule_index == only_rule], compiled)
        all_kept = resolve_overlaps(base + extra, compiled) if kept else []
    else:
        kept = all_kept = resolve_overlaps(base + extra, compiled) if extra else anchors
    # A goods word inside an entity's name is part of the name: "Gunpowder" in "Kazan Gunpowder
    # Plant", "Drone" in "Shenzhen Drone Technology Co.".
    in_entity = _within([c for c, _ in all_kept if c.category == "entity"], longer=True)
    return [(c, others) for c, others in kept if not (c.category == "good" and in_entity(c))]


def _within(spans: Sequence[Candidate], *, longer: bool = False):
    """A test: does a candidate lie within one of ``spans`` (``longer``: and is shorter)?"""
    ordered = sorted((s.start, s.end) for s in spans)
    starts = [start for start, _ in ordered]
    reach = []  # the furthest end of the spans starting up to each one
    for _, end in ordered:
        reach.append(max(end, reach[-1]) if reach else end)

    def test(c: Candidate) -> bool:
        i = bisect.bisect_right(starts, c.start)
        if i == 0 or reach[i - 1] < c.end:
            return False
        if not longer:
            return True
        return any(s <= c.start and c.end <= e and e - s > c.end - c.start for s, e in ordered[:i])

    return test


def _window(text: str, c: Candidate, within: int | str, sentences: Sentences
            ) -> tuple[int, int]:
    if within == "sentence":
        return sentences.around(c.start, c.end)
    if within == "document":
        return 0, len(text)
    n = int(within)
    lo = max(0, c.start - n * _WORD_SPAN_GUESS)
    left = [m.start() for m in _WORD.finditer(text, lo, c.start)]
    start = left[-n] if len(left) >= n else lo
    right = [m.end() for m in _WORD.finditer(text, c.end, min(len(text), c.end + n * _WORD_SPAN_GUESS))]
    end = right[n - 1] if len(right) >= n else min(len(text), c.end + n * _WORD_SPAN_GUESS)
    return start, end


def _holds(text: str, c: Candidate, cond: Condition, anchors: Sequence[Candidate],
           compiled: CompiledRules, sentences: Sentences, *, inside: bool = False) -> bool:
    """Does ``cond`` hold around ``c``? Its terms count only outside the match, so that a phrase
    never satisfies its own condition; ``inside`` (exclusions) lets them count within it too."""
    start, end = _window(text, c, cond.within, sentences)
    if cond.rule_ids or cond.categories:
        rules = compiled.rules
        first = bisect.bisect_left(anchors, start, key=lambda a: a.start)  # anchors sorted by start
        for a in anchors[first:]:
            if a.start >= end:
                break
            if a.end <= end and (a.end <= c.start or a.start >= c.end):
                if a.category in cond.categories or rules[a.rule_index].id in cond.rule_ids:
                    return True
    if cond.terms is not None:
        if inside:
            found = _has_term(cond.terms, text[start:end])
        else:
            found = (_has_term(cond.terms, text[start:c.start])
                     or _has_term(cond.terms, text[c.end:end]))
        return found or cond.lists and _term_before_list(text, c, cond.terms)
    return False


# A list of names ending right before a match: "Eventin, Pioneer and " (items of up to four
# capitalised words or numbers, each perhaps with a bracket: "Eventin (IMO 9308065), ").
_LIST_ITEM = r"[A-Z0-9][\w'’.\-]*(?:[ \t]+[A-Z0-9][\w'’.\-]*){0,3}(?:[ \t]*\([^()\n]{1,40}\))?"
_LIST_SEPARATOR = r"(?:,[ \t]*(?:(?:and|or)[ \t]+)?|[ \t]+(?:and|or)[ \t]+)"
_WORD_BEFORE_LIST = re.compile(
    rf"(\w+)(?:[ \t]*[,:])?[ \t]+(?:{_LIST_ITEM}{_LIST_SEPARATOR})*\Z")
_LIST_REACH = 240  # characters: a dozen short names


def _term_before_list(text: str, c: Candidate, terms: WordRegex) -> bool:
    """Is the match a name of a list that follows one of ``terms`` or its plural ("the tankers
    Eventin, Pioneer and Laconia", "two LPG tankers, Alpha Gas and Marina")? The word right
    before the list is taken, so a list with no such word before it ("Marina, Sofia and Olga")
    does not count."""
    # Most weak names stand after no list at all: a cheap look at what precedes them first.
    head = text[max(0, c.start - 5):c.start]
    if head.rstrip().endswith(",") or head.endswith((" and ", " or ")):  # a later name of a list
        before = _WORD_BEFORE_LIST.search(text, max(0, c.start - _LIST_REACH), c.start)
        word = before.group(1) if before else ""
    elif text[c.start - 1:c.start].isspace():  # the first name: "the tankers Marina, ..."
        words = text[max(0, c.start - 40):c.start].split()
        word = words[-1].rstrip(",:") if words else ""
    else:
        return False
    return word.isalnum() and (_has_term(terms, word)
                               or word[-1:] in "sS" and _has_term(terms, word[:-1]))


def _has_term(terms: WordRegex, piece: str) -> bool:
    """Does ``piece`` hold one of the terms (a whole-word regex of a condition)?"""
    data = piece.encode("utf-8")
    if not data:
        return False
    start, end = terms.unbounded.compiled._regexp.Match(_UNANCHORED, data, 0, len(data))[0]
    if start < 0:
        return False
    if _whole_word_at(data, start, end, 0):
        return True
    return terms.bounded.compiled._regexp.Match(_UNANCHORED, data, 0, len(data))[0][0] >= 0


def _names_its_context(text: str, c: Candidate, cond: Condition) -> bool:
    """A name that holds a ``near`` term itself needs no other: "Iranian Oil Terminals
    Company" for a rule counted near "Iran"/"Iranian", "DPRK Foreign Trade Bank" near "DPRK".
    (Names only: a phrase rule's near words often repeat its own words on purpose.)"""
    return cond.terms is not None and _has_term(cond.terms, text[c.start:c.end])


def _excluded(text: str, c: Candidate, cond: RuleConditions, pool: Sequence[Candidate],
              compiled: CompiledRules, sentences: Sentences) -> bool:
    if cond.exclude_inside is not None:
        lo = max(0, c.start - cond.inside_max_len)
        hi = min(len(text), c.end + cond.inside_max_len)
        piece = text[lo:hi]
        data = piece.encode("utf-8")
        for s, e in _word_spans(cond.exclude_inside, data):
            s_char = len(data[:s].decode("utf-8")) + lo
            e_char = len(data[:e].decode("utf-8")) + lo
            if s_char <= c.start and c.end <= e_char and (e_char - s_char) > (c.end - c.start):
                return True
    if cond.exclude_part_of_name and _part_of_name(text, c, cond):
        return True
    return any(_holds(text, c, near, pool, compiled, sentences, inside=True)
               for near in cond.exclude_near)


def _part_of_name(text: str, c: Candidate, cond: RuleConditions) -> bool:
    """The match is one word of a longer name: "Star" in "Andromeda Star" or "Star Alpha",
    "Star 7", "Shaanxi SX2190", "Laconia" in "Gulf of Laconia"; or of an adjective
    ("Jamaica-flagged", "Murmansk-based"). Function words ("The Star") and the rule's own near
    terms ("Tanker Laconia") do not make a name; acronyms ("MT Laconia") neither."""
    near_terms = cond.near.terms if cond.near is not None else None

    def name_word(word: str) -> bool:
        if not (word[0].isupper() and any(ch.islower() for ch in word)):
            return False
        if word.casefold() in FUNCTION_WORDS:
            return False
        return near_terms is None or not _has_term(near_terms, word)

    before = _WORD_BEFORE.search(text, max(0, c.start - 64), c.start)
    if before is not None:
        if before.group(2) is not None:  # "Gulf of Laconia"
            if name_word(before.group(1)):
                return True
        elif name_word(before.group(3)):
            return True
    after = _WORD_AFTER.match(text, c.end, min(len(text), c.end + 64))
    if after is not None:
        word = after.group(1)
        if word.isdigit() or word in _ROMAN or name_word(word) or _model_number(word):
            return True
        if text[c.end] in _HYPHENS and word.casefold() in _COMPOUND_TAILS:
            return True  # "a Jamaica-flagged tanker", "Murmansk-based": a word of an adjective
    return False


_HYPHENS = "-‐‑"
_COMPOUND_TAILS = frozenset(
    "flagged registered bound based owned built made linked backed led controlled operated "
    "managed headquartered".split())


_NAME_BEFORE = re.compile(r"(\w+)[ \t]+\Z")
_MONTHS = frozenset("April May June July August".split())  # first names too: "in May Komarov"


def _after_another_first_name(text: str, c: Candidate, compiled: CompiledRules) -> bool:
    """A weak alias right after a first name that is none of its rule's: "Ivanov" in "Timur
    Ivanov" names another man than the listed Sergei Ivanov named earlier in the article."""
    before = _NAME_BEFORE.search(text, max(0, c.start - 32), c.start)
    if before is None:
        return False
    word = before.group(1)
    if not word[0].isupper() or word in _MONTHS:
        return False
    from .importers.names import given_names  # (the importers are not needed for most scans)

    if word.casefold() not in given_names():
        return False
    own = {t.term.split()[0].casefold() for t in compiled.rules[c.rule_index].model.terms}
    return word.casefold() not in own


def _inside_hyphenated_name(text: str, c: Candidate, compiled: CompiledRules) -> bool:
    """A listed person's name does not start inside a hyphenated given name: "Wei Sun" is not
    named in "Ting-Wei Sun"."""
    if c.start < 2 or text[c.start - 1] not in _HYPHENS or not text[c.start - 2].isalpha():
        return False
    return c.category == "entity" and "type:individual" in compiled.rules[c.rule_index].model.tags


def _model_number(word: str) -> bool:
    """Letters and digits in one word name a product: "the Shaanxi SX2190 truck"."""
    return any(ch.isdigit() for ch in word) and any(ch.isalpha() for ch in word)


def resolve_overlaps(candidates: Iterable[Candidate], compiled: CompiledRules
                     ) -> list[tuple[Candidate, tuple[int, ...]]]:
    """Within each category the longest span wins (ties: the earlier one).

    Several rules on the very same span give one result: the primary rule (highest severity,
    strong before weak, then load order) and the indices of the others. Most candidates overlap
    nothing, so spans are first grouped into clusters of overlapping spans; only clusters with
    more than one candidate need the longest-first selection.
    """
    ordered = sorted(candidates, key=lambda c: (c.category, c.start, -c.end))
    result: list[tuple[Candidate, tuple[int, ...]]] = []
    cluster: list[Candidate] = []
    cluster_end = -1
    category = None
    for c in ordered:
        if cluster and (c.category != category or c.start >= cluster_end):
            _resolve_cluster(cluster, compiled, result)
            cluster = []
        if not cluster:
            category, cluster_end = c.category, c.end
        cluster.append(c)
        cluster_end = max(cluster_end, c.end)
    if cluster:
        _resolve_cluster(cluster, compiled, result)
    result.sort(key=lambda r: (r[0].start, -r[0].end, r[0].category))
    return result


def _resolve_cluster(cluster: list[Candidate], compiled: CompiledRules,
                     out: list[tuple[Candidate, tuple[int, ...]]]) -> None:
    if len(cluster) == 1:
        out.append((cluster[0], ()))
        return
    severity_rank = compiled.severity_rank
    by_span: dict[tuple[int, int], list[Candidate]] = {}
    for c in cluster:
        by_span.setdefault((c.start, c.end), []).append(c)
    taken: list[tuple[int, int]] = []
    for start, end in sorted(by_span, key=lambda k: (k[0] - k[1], k[0])):  # longest first
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        group = sorted(by_span[(start, end)], key=lambda c: (-severity_rank[c.rule_index], c.weak,
                                                             c.rule_index))
        primary = group[0]
        others = tuple(dict.fromkeys(c.rule_index for c in group[1:]
                                     if c.rule_index != primary.rule_index))
        out.append((primary, others))


def _to_matches(original: str, offset_map, kept, compiled: CompiledRules, document: str,
                sentences: Sentences) -> list[Match]:
    rules = compiled.rules
    matches = []
    line, counted_to = 1, 0
    for c, others in kept:  # sorted by start
        start, end = c.start, c.end
        if offset_map is not None:
            start, end = offset_map.original(start), offset_map.original_end(end)
        line += original.count("\n", counted_to, start)
        counted_to = start
        line_start = original.rfind("\n", 0, start) + 1
        ctx = extract_context(original, start, end, bounds=sentences.around(start, end))
        rule = rules[c.rule_index]
        matches.append(Match(
            document=document, line=line, column=start - line_start + 1, start=start, end=end,
            category=c.category, rule_id=rule.id, rule_name=rule.name, severity=rule.severity,
            matched_text=original[start:end], context=ctx.text,
            context_match_start=ctx.match_start, context_match_end=ctx.match_end,
            sentence_start=ctx.sentence_start, sentence_end=ctx.sentence_end,
            term=c.term, weak=c.weak, also_rules=tuple(rules[i].id for i in others),
        ))
    return matches
