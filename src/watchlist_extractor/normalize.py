"""Normalisation shared by rules and articles, so both sides agree on what "the same text" is.

Articles are not rewritten character by character (that would cost the scan its speed and the
report its verbatim quotes). Instead each term is compiled into a pattern that accepts every
written variant, and a matched span is turned back into a *key* that is compared with the
term's key:

- Unicode NFKC on both sides (articles only when they are not NFKC already, with an offset map);
- accented Latin letters match their plain letters on both sides ("Nicolás" = "Nicolas",
  "Koçak Dış Ticaret" = "Kocak Dis Ticaret"): official lists are mostly ASCII, news is not.
  The fold is one character for one, so offsets do not move (``fold_accents``);
- the spellings of one name (data/name_spellings.txt: "Mohammed" = "Muhammad", "Sergey" =
  "Sergei", "Hizballah" = "Hezbollah") are one: text and terms are both written with the first
  spelling of the group (``canonical_names``; the text keeps an offset map, quotes stay verbatim);
- curly and straight quotes, dash variants and non-breaking spaces are equivalent;
- runs of spaces and line breaks inside a term match any run of whitespace;
- a hyphen inside a term is optional and may be a space ("Aero-HIT" = "Aerohit" = "Aero HIT");
- an apostrophe inside a term is optional ("Xi'an" = "Xi’an" = "Xian");
- "&" and the word "and" are one ("M & S Trading" = "M and S Trading"; "AT&T" = "AT & T");
- case is folded unless the term is case-sensitive.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources

import re2

# Characters treated as one: every variant is mapped to the plain ASCII form in keys.
APOSTROPHES = "'’‘ʼ`´′"
DOUBLE_QUOTES = '"“”„‟«»″'
HYPHENS = "-‐‑‒–—―−﹣－"
SPACES = " \t\n\r\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"

# RE2 fragments (UTF-8 mode; \pL etc. are Unicode-aware there, unlike \b and \w).
WORD_CHAR = r"[\pL\pN\pM_]"
NON_WORD = r"[^\pL\pN\pM_]"
# Scanned text is always NFKC, which maps every Unicode space (no-break, thin, ideographic…)
# to U+0020, so the small ASCII class is enough, and keeps a 100k-name alternation compact.
_WS = r"\s"
_APOSTROPHE_CLASS = "[" + "".join("\\" + c if c in "`" else c for c in APOSTROPHES) + "]"
_QUOTE_CLASS = "[" + DOUBLE_QUOTES + "]"
_HYPHEN_CLASS = "[" + "".join("\\-" if c == "-" else c for c in HYPHENS if
                             unicodedata.normalize("NFKC", c) == c) + "]"
POSSESSIVE = f"(?:{_APOSTROPHE_CLASS}s?)?"

# Function words: never a useful alias in any category (checks), never part of a name (matcher).
FUNCTION_WORDS = frozenset(
    "a an the and or but if of in on at to for from by with without as is are was were be been "
    "it its this that these those he she they we you i his her their our your not no yes all any "
    "some one two new more most other such than then there here into over under up down out".split()
)

def _accent_table() -> dict[int, str]:
    """Latin letters with diacritics → the plain ASCII letter (one character for one).

    Only letters whose base is an ASCII letter: Cyrillic "й" or Greek letters are not touched.
    """
    table = {}
    for code in range(0x00C0, 0x0250):  # Latin-1 Supplement, Latin Extended-A and -B
        decomposed = unicodedata.normalize("NFKD", chr(code))
        base, marks = decomposed[0], decomposed[1:]
        if base.isascii() and base.isalpha() and marks and all(unicodedata.combining(m) for m in marks):
            table[code] = base
    # Letters with a stroke or without a dot do not decompose.
    table.update({ord(a): b for a, b in zip("øØłŁđĐıħĦŧŦƀɨ", "oOlLdDihHtTbi")})
    return table


_ACCENTS = _accent_table()
_ACCENTED = re.compile("[" + "".join(sorted(map(chr, _ACCENTS))) + "]+")
# Every letter of the table is U+00C0-U+024F, whose UTF-8 lead bytes are 0xC3-0xC9: deleting
# all other bytes is a C-speed test (about ten times faster than searching the text with
# _ACCENTED) that most articles, with only curly quotes and dashes beyond ASCII, fail at once.
_NOT_LATIN_LEAD_BYTES = bytes(b for b in range(256) if not 0xC3 <= b <= 0xC9)


def fold_accents(text: str) -> str:
    """Accented Latin letters → plain ones; same length, so offsets stay valid.

    >>> fold_accents("Nicolás Maduro, Koçak Dış Ticaret, Łódź, Москва й")
    'Nicolas Maduro, Kocak Dis Ticaret, Lodz, Москва й'
    """
    if text.isascii() or not text.encode("utf-8", "surrogatepass").translate(
            None, _NOT_LATIN_LEAD_BYTES):
        return text
    return _ACCENTED.sub(lambda run: run.group().translate(_ACCENTS), text)


def _name_spellings() -> dict[str, str]:
    """Each other spelling (lower case) → the first spelling of its group."""
    text = resources.files("watchlist_extractor").joinpath("data", "name_spellings.txt").read_text(
        encoding="utf-8")
    canonical: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            first, *others = line.split()
            canonical.update((other, first) for other in others)
    return canonical


_CANONICAL = _name_spellings()
# One RE2 pass finds them (Python's re needs 50 times as long for this alternation). The names
# are ASCII after fold_accents, so RE2's ASCII word boundaries are the right ones.
_ASCII_WORD = re.compile(r"[a-z]+")
_SHORT = 200  # terms, keys and matched spans: a set test is five times faster than RE2's call
_UNANCHORED = re2._re2.RE2.Anchor.UNANCHORED
_OTHER_SPELLING_RE = re2.compile(
    r"(?i)\b(?:" + "|".join(sorted(_CANONICAL, key=len, reverse=True)) + r")\b")


def _spelling_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the other spellings in ``text``: RE2 searched on the UTF-8 bytes
    directly (the wrapper's str methods cost three times as much, converting every offset)."""
    data = text.encode("utf-8")
    search = _OTHER_SPELLING_RE._regexp.Match
    size = len(data)
    found: list[tuple[int, int]] = []
    pos = 0
    while pos < size:
        start, end = search(_UNANCHORED, data, pos, size)[0]
        if start < 0:
            break
        found.append((start, end))
        pos = end if end > start else start + 1
    if found and size != len(text):  # byte offsets -> character offsets (names are ASCII)
        to_char = char_offsets(data, (start for start, _ in found))
        found = [(to_char[start], to_char[start] + end - start) for start, end in found]
    return found


def char_offsets(data: bytes, offsets: Iterable[int]) -> dict[int, int]:
    """Byte offset → character offset in UTF-8 ``data``, decoding each stretch once."""
    result = {0: 0}
    last_byte = last_char = 0
    for offset in sorted(set(offsets)):
        last_char += len(data[last_byte:offset].decode("utf-8"))
        last_byte = offset
        result[offset] = last_char
    return result


def _with_case(canonical: str, written: str) -> str:
    if written.isupper():
        return canonical.upper()
    return canonical.capitalize() if written[:1].isupper() else canonical


def canonical_names(text: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """Other spellings of a name replaced by its first spelling, in the case they were written.

    Returns the text and the replaced pieces as (new start, new end, old start, old end).

    >>> canonical_names("Mohammed and HIZBALLAH met Sergey.")[0]
    'Muhammad and HEZBOLLAH met Sergei.'
    """
    if len(text) < _SHORT and _CANONICAL.keys().isdisjoint(_ASCII_WORD.findall(text.lower())):
        return text, []
    spans = _spelling_spans(text)
    if not spans:
        return text, []
    out: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    last = shift = 0
    for start, end in spans:
        written = text[start:end]
        new = _with_case(_CANONICAL[written.lower()], written)
        out.append(text[last:start])
        out.append(new)
        pieces.append((start + shift, start + shift + len(new), start, end))
        shift += len(new) - (end - start)
        last = end
    out.append(text[last:])
    return "".join(out), pieces


def _written_form(text: str) -> str:
    """A term or a key's text as the scanned text writes it: NFKC, accents folded, one spelling
    per name (``prepare_text`` does the same to an article, keeping an offset map)."""
    return canonical_names(fold_accents(unicodedata.normalize("NFKC", text)))[0]


_KEY_DROP = str.maketrans({c: None for c in APOSTROPHES + HYPHENS + SPACES})
_KEY_QUOTES = str.maketrans({c: '"' for c in DOUBLE_QUOTES})
_RE2_SPECIAL = set("\\.^$|?*+()[]{}")


def normalize_key(text: str, *, case_sensitive: bool = False) -> str:
    """The comparison key of a term or of a matched span.

    >>> normalize_key("Aero-HIT") == normalize_key("aerohit") == normalize_key("AERO  HIT")
    True
    >>> normalize_key("Xi’an"), normalize_key("DJI", case_sensitive=True)
    ('xian', 'DJI')
    """
    key = _written_form(text).replace("&", "and").translate(_KEY_QUOTES).translate(_KEY_DROP)
    return key if case_sensitive else key.casefold()


def term_pattern(term: str) -> str:
    """An RE2 pattern (no flags, no boundaries) matching every written variant of ``term``
    in scanned text (conditions and exclusions run on it).

    >>> term_pattern("Aero-HIT")[:4]
    'Aero'
    """
    hyphen = f"(?:{_WS}*{_HYPHEN_CLASS}{_WS}*|{_WS}+)?"
    return _variants_pattern(_written_form(term).strip(), _WS + "+", hyphen)


# The literal engines run on a *view* of the scanned text (matcher.literal_view), one byte for
# one: ASCII whitespace and hyphens are spaces there and, for case-insensitive terms, ASCII
# letters are lower case. Their patterns are written for that view: " +" instead of "\s+",
# and no case-folding flag for ASCII terms. RE2 compiles such an alternation about twice as
# fast as the case-folded one with "\s" (the cached rules are recompiled at every start).
_VIEW_HYPHEN = " *(?:[" + "".join(c for c in _HYPHEN_CLASS[1:-1] if c not in "-\\") + "] *)?"


def view_pattern(term: str, *, fold_case: bool) -> tuple[str, str]:
    """``term_pattern`` for the literal view, and the term's letters that still need RE2's case
    folding (empty for most terms).

    With ``fold_case`` (the lower-cased view) ASCII letters are written in lower case. Only
    ASCII is lower-cased in the view, so other letters with a case (Cyrillic, Greek) are
    returned: the caller applies RE2's case folding to such terms.

    >>> view_pattern("Aero HIT", fold_case=True), view_pattern("Ростех", fold_case=True)
    (('aero +hit', ''), ('Ростех', 'Ростех'))
    >>> view_pattern("Xi’an Bingo", fold_case=True)[1]  # no letter with a case beyond ASCII
    ''
    """
    text = _written_form(term).strip()
    cased = ""
    if fold_case:
        text = "".join(c.lower() if c.isascii() else c for c in text)
        cased = "".join(c for c in text if not c.isascii() and c.lower() != c.upper())
    return _variants_pattern(text, " +", _VIEW_HYPHEN), cased


_AND_WORD = re.compile(r"(?i:and)(?!\w)")


def _variants_pattern(text: str, space: str, hyphen: str) -> str:
    out: list[str] = []
    spaces = space[:-1] + "*"  # "\s*" or " *": any run of spaces, or none
    # "&" and the word "and" are one ("M & S Trading" = "M and S Trading"), with or without
    # spaces around the ampersand ("AT&T" = "AT & T").
    ampersand = f"{spaces}(?:&|[Aa][Nn][Dd]){spaces}"
    i = 0
    while i < len(text):
        char = text[i]
        if char in "aA" and (i == 0 or text[i - 1] in SPACES) and _AND_WORD.match(text, i):
            out.append(f"(?:{text[i:i + 3]}|&)")
            i += 2
        elif char in SPACES:
            while i + 1 < len(text) and text[i + 1] in SPACES:
                i += 1
            # A space before or after a hyphen is folded into the hyphen's own pattern.
            if not (out and out[-1] == hyphen) and not (
                i + 1 < len(text) and text[i + 1] in HYPHENS
            ):
                out.append(space)
        elif char in HYPHENS or char == "&":
            # a joiner takes the spaces around it into its own pattern
            if out and out[-1] == space:
                out.pop()
            while i + 1 < len(text) and text[i + 1] in SPACES:
                i += 1
            out.append(ampersand if char == "&" else hyphen)
        elif char in APOSTROPHES:
            out.append(_APOSTROPHE_CLASS + "?")
        elif char in DOUBLE_QUOTES:
            out.append(_QUOTE_CLASS)
        elif char in _RE2_SPECIAL or (not char.isalnum() and char.isascii() and char != " "):
            out.append("\\" + char)
        else:
            out.append(char)
        i += 1
    return "".join(out)


_PLURAL_ES = ("s", "x", "z", "ch", "sh")


def plural_forms(term: str) -> list[str]:
    """Plural spellings of a term's last word (the term itself not included).

    >>> plural_forms("drone"), plural_forms("battery"), plural_forms("UAV"), plural_forms("box")
    (['drones'], ['batteries'], ['UAVs'], ['boxes'])
    >>> plural_forms("Mavic 3")
    []
    """
    match = re.search(r"([^\W\d_]+)$", term)
    if not match or len(match.group(1)) < 2:
        return []
    word = match.group(1)
    stem = term[: match.start(1)]
    lower = word.lower()
    upper = word.isupper()
    if upper:  # acronyms: "UAVs", never "UAVES"
        return [term + "s"]
    if lower.endswith("y") and len(lower) > 2 and lower[-2] not in "aeiou":
        return [stem + word[:-1] + "ies"]
    if lower.endswith(_PLURAL_ES):
        return [term + "es"]
    if lower.endswith("o"):
        return [term + "s", term + "es"]
    if lower.endswith(("fe",)):
        return [term + "s", stem + word[:-2] + "ves"]
    return [term + "s"]


class OffsetMap:
    """Maps character offsets in a normalised text back to the original text.

    Only the pieces NFKC changed are stored, as (normalised start, normalised end, original
    start, original end); offsets between pieces shift by a constant.
    """

    __slots__ = ("_pieces", "_starts")

    def __init__(self, pieces: list[tuple[int, int, int, int]]):
        self._pieces = pieces
        self._starts = [p[0] for p in pieces]

    def _piece(self, offset: int) -> tuple[int, int, int, int] | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._pieces[i] if i >= 0 else None

    def original(self, offset: int) -> int:
        """A start offset: inside a changed piece it maps to the piece's start."""
        piece = self._piece(offset)
        if piece is None:
            return offset
        n0, n1, o0, o1 = piece
        return o0 if offset < n1 else o1 + offset - n1

    def original_end(self, offset: int) -> int:
        """An end offset: a span ending inside an expanded character ("ﬁ" → "fi") covers it."""
        piece = self._piece(offset - 1) if offset > 0 else None
        if piece is None:
            return offset
        n0, n1, o0, o1 = piece
        return o1 if offset <= n1 else o1 + offset - n1


class ChainedOffsetMap:
    """Two maps one after the other: ``outer`` (the later change) first, then ``inner``."""

    __slots__ = ("_outer", "_inner")

    def __init__(self, outer: OffsetMap, inner: OffsetMap):
        self._outer, self._inner = outer, inner

    def original(self, offset: int) -> int:
        return self._inner.original(self._outer.original(offset))

    def original_end(self, offset: int) -> int:
        return self._inner.original_end(self._outer.original_end(offset))


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _joins_previous(char: str) -> bool:
    """A combining mark or a Hangul vowel/final jamo composes with the character before it."""
    return bool(unicodedata.combining(char)) or "\u1160" <= char <= "\u11ff"


def prepare_text(text: str) -> tuple[str, OffsetMap | ChainedOffsetMap | None]:
    """Return the text to scan and, when it differs, a map back to original offsets.

    The scanned text is NFKC with accents folded (``fold_accents``, one character for one), one
    spelling per name (``canonical_names``) and no quoted nickname inside a name
    (``without_nicknames``); the map covers what NFKC, the names and the nicknames changed.
    """
    scanned, offset_map = _nfkc(text)
    scanned, renamed = canonical_names(fold_accents(scanned))
    offset_map = _then(offset_map, renamed)
    scanned, cut = without_nicknames(scanned)
    return scanned, _then(offset_map, cut)


def _then(offset_map: OffsetMap | ChainedOffsetMap | None, pieces: list[tuple[int, int, int, int]]
          ) -> OffsetMap | ChainedOffsetMap | None:
    """``offset_map`` followed by a later step that changed ``pieces`` (none: unchanged)."""
    if not pieces:
        return offset_map
    later = OffsetMap(pieces)
    return later if offset_map is None else ChainedOffsetMap(later, offset_map)


# A nickname in quotes between a given name and a surname: 'Zhenxing "Danny" Wang', 'Ilya
# "Ilia" Balakaev'. The lists write the name without it, so the scanned text leaves it out; the
# match is quoted from the original, nickname included. The word before must be a common first
# name (data/given_names.txt): 'Treasury "Sinbad" Report' keeps its quoted name.
# (Tried at each opening quote, found with str.find: a regex search through the text cost
# 5-20 ms/MB, a twentieth to a fifth of a scan.)
_NICKNAME = re.compile(r"[\"“‘][A-Z][a-z\-]*[\"”’](?= [A-Z][a-z])")
_OPENING_QUOTES = '"“‘'
_FIRST_NAME_BEFORE = re.compile(r"\b([A-Z][a-z]+) \Z")


def without_nicknames(text: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """``text`` without quoted nicknames inside names, and the pieces taken out as
    (new start, new end, old start, old end), like ``canonical_names``.

    >>> without_nicknames('Ilya "Ilia" Balakaev was charged; "Ilia" said no.')[0]
    'Ilya Balakaev was charged; "Ilia" said no.'
    """
    quotes = []
    for quote in _OPENING_QUOTES:
        at = text.find(quote)
        while at >= 0:
            quotes.append(at)
            at = text.find(quote, at + 1)
    if not quotes:
        return text, []
    out: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    last = removed = 0
    for at in sorted(quotes):
        found = _NICKNAME.match(text, at) if at > last else None
        if found is None:
            continue
        before = _FIRST_NAME_BEFORE.search(text, max(0, at - 24), at)
        from .importers.names import given_names  # (loaded only where a text has a nickname)

        if before is None or before.group(1).casefold() not in given_names():
            continue
        start, end = at - 1, found.end()  # the space before the quote goes too
        out.append(text[last:start])
        pieces.append((start - removed, start - removed, start, end))
        removed += end - start
        last = end
    if not pieces:
        return text, []
    out.append(text[last:])
    return "".join(out), pieces


def _nfkc(text: str) -> tuple[str, OffsetMap | None]:
    """NFKC, with a map back to original offsets when it changed anything.

    Most articles are NFKC already (the check is fast), so they are scanned as they are.
    Otherwise only what NFKC changes is rewritten (a no-break space, "…", "ﬁ", "e" + accent):
    ASCII is skipped in C, and only non-ASCII runs that fail the fast check are looked at
    character by character.
    """
    if unicodedata.is_normalized("NFKC", text):
        return text, None
    out: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    last = 0  # original offset copied up to
    length = 0  # length of the normalised text so far
    for run in _NON_ASCII.finditer(text):
        run_start, run_end = run.span()
        if run_start > last and _joins_previous(text[run_start]):
            run_start -= 1
        if unicodedata.is_normalized("NFKC", text[run_start:run_end]):
            continue
        i = run_start
        while i < run_end:
            j = i + 1
            while j < run_end and _joins_previous(text[j]):
                j += 1
            original = text[i:j]
            normal = unicodedata.normalize("NFKC", original)
            if normal != original:
                out.append(text[last:i])
                length += i - last
                out.append(normal)
                pieces.append((length, length + len(normal), i, j))
                length += len(normal)
                last = j
            i = j
    out.append(text[last:])
    return "".join(out), OffsetMap(pieces)
