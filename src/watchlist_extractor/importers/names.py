"""Name variants for imported rules: a listed name → the aliases news actually writes.

Official lists write names for lawyers ("CLOSED JOINT STOCK COMPANY TEKHKRIM",
"PUTIN, Vladimir Vladimirovich"); articles write "Tekhkrim" and "Vladimir Putin". This module
turns one listed name into the terms of a rule, and judges each term:

- legal forms are removed, and the full name is kept too: ``strip_legal_forms``
  ("SZ DJI TECHNOLOGY CO., LTD." → "SZ DJI TECHNOLOGY");
- quotes around names and trailing punctuation are removed: ``clean_name``; hyphen, apostrophe,
  quote, case and Unicode variants are *not* multiplied here, the matcher already folds them
  ("Aero-HIT" matches "Aerohit"; see ``watchlist_extractor.normalize``);
- capitals are turned into the way news writes names: ``news_case`` ("Tekhkrim", "SZ DJI");
- Cyrillic ↔ Latin: ``cyrillic_to_latin`` (BGN/PCGN and passport spellings) and
  ``latin_to_cyrillic`` (for entities and people on Russia-related programs);
- people: "PUTIN, Vladimir Vladimirovich" → "Vladimir Vladimirovich Putin", "Vladimir Putin",
  "Vladimir V. Putin", and the surname alone only as a weak alias: ``person_variants``;
- aliases that would flood a report (common words, a one-word name that is a dictionary word,
  first names, one or two letters, generic phrases, country names, places, news outlets, a
  ship's one-word name) become weak or are dropped:
  ``assess`` (the context a rule of weak ship names needs is set in ``_core.build_rules``);
- a one-word name of 4-5 letters left by removing a legal form ("JSC SLAVA" -> "Slava"), or listed
  without a quality while it is a piece of a longer listed name ("SAIT" beside "AO NPP SAIT"),
  becomes weak unless the list vouches for it (a good-quality a.k.a., or its own name for the
  party); without vowels it is an acronym, matched in capitals ("GTLK"): ``NameVariants.terms``.

``NameVariants`` puts it together for one rule; the tables it uses are data files in
``watchlist_extractor/data`` (legal forms, transliteration, common words, English words,
given names, places, countries, generic names), each with a header saying where it comes from.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from ..normalize import normalize_key

# --- data tables -----------------------------------------------------------------------------


def _data_text(name: str) -> str:
    return resources.files("watchlist_extractor").joinpath("data", name).read_text(encoding="utf-8")


def _word_list(name: str) -> frozenset[str]:
    return frozenset(
        line.strip().casefold() for line in _data_text(name).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


@functools.lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Frequent English words (data/common_words.txt)."""
    return _word_list("common_words.txt")


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Dictionary English words beyond the frequent ones (data/english_words.txt, SCOWL 35)."""
    return _word_list("english_words.txt")


@functools.lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Common first names (data/given_names.txt)."""
    return _word_list("given_names.txt")


@functools.lru_cache(maxsize=1)
def _generic() -> dict[str, Any]:
    data = yaml.safe_load(_data_text("generic_names.yaml"))
    return {
        "generic_words": frozenset(w.casefold() for w in data["generic_words"]),
        "goods_words": frozenset(w.casefold() for w in data["goods_words"]),
        "facility_kinds": frozenset(w.casefold() for w in data["facility_kinds"]),
        "particles": frozenset(w.casefold() for w in data["particles"]),
        "name_particles": frozenset(w.casefold() for w in data["name_particles"]),
        "stop_aliases": frozenset(_key(w) for w in data["stop_aliases"]),
        "technical_terms": frozenset(_key(str(w)) for w in data["technical_terms"]),
        "place_prefixes": frozenset(_key(str(w)) for w in data["place_prefixes"]),
        "common_surnames": frozenset(str(w).casefold() for w in data["common_surnames"]),
        "enterprise_types": frozenset(_key(str(w)) for w in data["enterprise_types"]),
        "common_acronyms": frozenset(_key(str(w)) for w in data["common_acronyms"]),
        "acronyms_news_uses_alone": frozenset(_key(str(w)) for w in data["acronyms_news_uses_alone"]),
    }


@functools.lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Cities, regions and seas named all the time (data/places.txt), as comparison keys."""
    return frozenset(_key(w) for w in _word_list("places.txt"))


@functools.lru_cache(maxsize=1)
def product_names() -> frozenset[str]:
    """Names of weapons and drones that are also company names ("Orlan", "Lancet"): data/product_names.txt."""
    return frozenset(_key(w) for w in _word_list("product_names.txt"))


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    names: tuple[str, ...]  # every spelling, the short name first
    adjectives: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """ISO 3166-1 alpha-2 code → Country (data/countries.csv)."""
    lines = [line for line in _data_text("countries.csv").splitlines()
             if line.strip() and not line.startswith("#")]
    out: dict[str, Country] = {}
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        others = [n for n in row["other_names"].split("|") if n]
        adjectives = [a for a in row["adjectives"].split("|") if a]
        out[row["code"]] = Country(row["code"], row["name"], (row["name"], *others), tuple(adjectives))
    return out


@functools.lru_cache(maxsize=1)
def _country_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, country in countries().items():
        for name in country.names:
            table.setdefault(_key(name), code)
    return table


def country_code(name: str | None) -> str | None:
    """The ISO code of a country as lists write it ("Korea, North" → "KP"), or None.

    >>> country_code("Russia"), country_code("Korea, North"), country_code("CN"), country_code("Mars")
    ('RU', 'KP', 'CN', None)
    """
    if not name:
        return None
    text = name.strip()
    if len(text) == 2 and text.isalpha() and text.upper() in countries():
        return text.upper()
    return _country_lookup().get(_key(text))


@functools.lru_cache(maxsize=1)
def _country_words() -> frozenset[str]:
    words: set[str] = set()
    for country in countries().values():
        for name in (*country.names, *country.adjectives):
            words.update(_words(name.casefold()))
    # words of country names that mean something else too ("West Bank", "Abu Dhabi", "Ivory Coast")
    g = _generic()
    return frozenset(w for w in words if len(w) > 2 and w not in common_words() and w not in g["generic_words"]
                     and w not in g["particles"] and w not in g["name_particles"])


@functools.lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    keys: set[str] = set()
    for country in countries().values():
        keys.update(_key(n) for n in (*country.names, *country.adjectives))
    return frozenset(keys)


@functools.lru_cache(maxsize=1)
def _legal_forms() -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]], int, tuple[str, ...]]:
    data = yaml.safe_load(_data_text("legal_forms.yaml"))
    prefixes: set[tuple[str, ...]] = set()
    suffixes: set[tuple[str, ...]] = set()
    for group in data["groups"]:
        position = group["position"]
        for form in group["forms"]:
            keys = _form_keys(str(form))
            if not keys:
                continue
            if position in ("prefix", "both"):
                prefixes.add(keys)
            if position in ("suffix", "both"):
                suffixes.add(keys)
    longest = max(len(k) for k in prefixes | suffixes)
    cjk = tuple(sorted(data.get("cjk_suffixes", []), key=len, reverse=True))
    return frozenset(prefixes), frozenset(suffixes), longest, cjk


@functools.lru_cache(maxsize=1)
def _forms_written_with_dots() -> frozenset[tuple[str, ...]]:
    """Forms that are surely a legal form only with their dots: "e.K." is a German sole trader,
    while "EK" in "SATURN EK OOO" is a part of the name (Russian "ЭК", electronic components)."""
    data = yaml.safe_load(_data_text("legal_forms.yaml"))
    return frozenset(_form_keys(str(form)) for group in data["groups"]
                     if group.get("written_with_dots") for form in group["forms"])


@functools.lru_cache(maxsize=1)
def _english_forms() -> dict[str, str]:
    """Key of a Russian/CIS legal form → the abbreviation English news writes ("ooo" → "LLC")."""
    data = yaml.safe_load(_data_text("legal_forms.yaml"))
    return {_key(str(form)): abbreviation for abbreviation, forms in data["english_forms"].items()
            for form in (abbreviation, *forms)}


def english_form(name: str, core: str) -> str | None:
    """The English abbreviation of the legal form that ``name`` adds to ``core``, or None.

    >>> english_form("OOO ORLAN", "ORLAN"), english_form("ORLAN, AO", "ORLAN"), english_form("ORLAN GMBH", "ORLAN")
    ('LLC', 'JSC', None)
    """
    whole, bare = _key(name), _key(core)
    if whole.startswith(bare + " "):
        form = whole[len(bare) + 1:]
    elif whole.endswith(" " + bare):
        form = whole[: -len(bare) - 1]
    else:
        return None
    return _english_forms().get(form)


@functools.lru_cache(maxsize=1)
def _translit() -> dict[str, Any]:
    return yaml.safe_load(_data_text("transliteration.yaml"))


def english_loanwords(name: str) -> str | None:
    """``name`` with the English loanwords of Russian company names in English, or None if it
    has none (data/transliteration.yaml: english_loanwords).

    >>> english_loanwords("Serniya Inzhiniring"), english_loanwords("Tekhkrim")
    ('Serniya Engineering', None)
    """
    table = _translit()["english_loanwords"]
    words = name.split()
    english = [table.get(w.casefold(), w) for w in words]
    return " ".join(english) if english != words else None


# --- small text helpers ----------------------------------------------------------------------

_APOSTROPHES = "'’‘ʼ`´"
_DOUBLE_QUOTES = '"“”„‟«»‹›″'
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_TOKEN_RE = re.compile(r"[^\s,]+")
_KEY_STRIP = str.maketrans({c: None for c in "." + _APOSTROPHES + _DOUBLE_QUOTES + "()*[]"})
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_C1_PUNCTUATION = str.maketrans({"\x91": "'", "\x92": "'", "\x93": '"', "\x94": '"', "\x96": "-",
                                 "\x97": "-"})


def _key(text: str) -> str:
    """Comparison key: case-folded words, punctuation and spacing ignored (like the matcher's)."""
    return " ".join(_words(text.casefold()))


def _words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in _WORD_RE.findall(text)]


def _form_keys(text: str) -> tuple[str, ...]:
    keys = []
    for token in _TOKEN_RE.findall(text):
        key = token.translate(_KEY_STRIP).casefold()
        if key and (key == "&" or any(ch.isalnum() for ch in key)):
            keys.append(key)
    return tuple(keys)


def is_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC_RE.search(text))


def is_cjk(text: str) -> bool:
    return bool(_CJK_RE.search(text))


def _alnum_count(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def is_common_word(word: str) -> bool:
    """A frequent English word, or a regular inflection of one ("traders", "united").

    >>> is_common_word("Status"), is_common_word("compliances"), is_common_word("Tekhkrim")
    (True, True, False)
    """
    w = word.casefold()
    words = common_words()
    if w in words:
        return True
    candidates = []
    if w.endswith("ies"):
        candidates.append(w[:-3] + "y")
    if w.endswith("es"):
        candidates.append(w[:-2])
    if w.endswith("s") and not w.endswith("ss"):
        candidates.append(w[:-1])
    if w.endswith("ed"):
        candidates += [w[:-2], w[:-1]]
    if w.endswith("ing"):
        candidates += [w[:-3], w[:-3] + "e"]
    return any(len(c) >= 3 and c in words for c in candidates)


def _distinctive(word: str) -> bool:
    """A word that names something in particular: no common English word, industry word,
    country or place ("Xinhai", "Hemmat"; not "Premier", "Russian", "Moscow")."""
    key = _key(word)
    return not (is_common_word(word) or key in _generic()["generic_words"] or key in _country_words()
                or key in places() or key in _country_names() or not word.isalpha()
                or is_legal_form(word))


def is_ordinary_name(word: str) -> bool:
    """A word that names many people: a first name, a frequent surname or an English word ("Kim",
    "Wang", "Ahmad", "Doctor"), unlike a nickname or a rarer one-word name ("Izo", "Matiullah").

    >>> is_ordinary_name("Kim"), is_ordinary_name("Ibrahim"), is_ordinary_name("Izo"), is_ordinary_name("Matiullah")
    (True, True, False, False)
    """
    w = word.casefold()
    return (w in given_names() or w in _generic()["common_surnames"]
            or is_common_word(w) or w in english_words())


# --- cleaning ----------------------------------------------------------------------------------


def clean_name(text: str) -> str:
    """A listed name without quotes around it or its words, trailing punctuation, odd spacing.

    >>> clean_name('LLC "NPP ITELMA".'), clean_name("ООО «Эффектек»"), clean_name("'ABBAS, Muhammad 'Ata")
    ('LLC NPP ITELMA', 'ООО Эффектек', 'ABBAS, Muhammad Ata')
    >>> clean_name("O'NEILL ASSETS CORPORATION"), clean_name("360 Security Technology Inc. (Qihoo 360)*")
    ("O'NEILL ASSETS CORPORATION", '360 Security Technology Inc. (Qihoo 360)')
    >>> clean_name("Ardis Group of Companies LLC and any successor, sub-unit, or subsidiary thereof")
    'Ardis Group of Companies LLC'
    """
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_C1_PUNCTUATION)
    text = _CONTROL_RE.sub(" ", text).replace("\u00a0", " ")
    for quote in _DOUBLE_QUOTES:
        text = text.replace(quote, " ")
    # single quotes that open or close a word are quotes (or a transliterated 'ayn); inner ones stay
    text = re.sub(r"(?:(?<=\s)|^)[" + _APOSTROPHES + r"]+(?=\w)", "", text)
    text = re.sub(r"(?<=\w)[" + _APOSTROPHES + r"]+(?=\s|$|[,.;:)])", "", text)
    text = re.sub(r"(?:(?<=\s)|^)[" + _APOSTROPHES + r"]+(?=\s|$)", " ", text)
    text = re.sub(r"\(\s*\)", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:)])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    text = _SUCCESSORS_RE.sub("", text)
    text = text.strip(" ,;:*-/")
    text = re.sub(r"[\s.,;:*]+$", "", text)
    return text


# The State Department's nonproliferation entries end in a legal formula, not a name.
_SUCCESSORS_RE = re.compile(r"(?i),?\s+and\s+any\s+successors?\b.*$")


def split_parenthetical(name: str) -> tuple[str, list[str]]:
    """A name ending in "(X)" → the name without it and X as an alias.

    >>> split_parenthetical("China North Industries Group Corporation Limited (NORINCO)")
    ('China North Industries Group Corporation Limited', ['NORINCO'])
    >>> split_parenthetical("ABC (PRIVATE) LIMITED"), split_parenthetical("VTB BANK, PJSC (UKRAINE)")
    (('ABC (PRIVATE) LIMITED', []), ('VTB BANK, PJSC', []))
    """
    match = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", name)
    if not match:
        return name, []
    inner = match.group(2).strip()
    if is_legal_form(inner) or _alnum_count(inner) < 2:
        return name, []
    if _key(inner) in _country_names() or _key(inner) in places():  # "VTB BANK (KIEV)": a qualifier
        return match.group(1).strip(), []
    return match.group(1).strip(), [inner]


# --- legal forms -------------------------------------------------------------------------------


def strip_legal_forms(name: str, *, only_dotted: bool = False) -> str:
    """The name without legal forms at its start or end (the name itself when nothing is left).

    With ``only_dotted``, the forms that are also a part of names when written without dots
    (``written_with_dots`` in legal_forms.yaml: "EK") are removed only as written with them.

    >>> strip_legal_forms("CLOSED JOINT STOCK COMPANY TEKHKRIM"), strip_legal_forms("CJSC TEKHKRIM")
    ('TEKHKRIM', 'TEKHKRIM')
    >>> strip_legal_forms("SZ DJI TECHNOLOGY CO., LTD."), strip_legal_forms("STATUS KOMPLAINS OOO")
    ('SZ DJI TECHNOLOGY', 'STATUS KOMPLAINS')
    >>> strip_legal_forms("ООО «Эффектек»"), strip_legal_forms("深圳市斯尔优科技有限公司")
    ('Эффектек', '深圳市斯尔优科技')
    >>> strip_legal_forms("Limited Liability Company")
    'Limited Liability Company'
    >>> strip_legal_forms("SATURN EK OOO"), strip_legal_forms("SATURN EK OOO", only_dotted=True)
    ('SATURN', 'SATURN EK')
    >>> strip_legal_forms("Courier e.K.", only_dotted=True)
    'Courier'
    """
    prefixes, suffixes, longest, cjk = _legal_forms()
    dotted = _forms_written_with_dots() if only_dotted else frozenset()
    tokens = [(m.start(), m.end(), _form_keys(m.group())) for m in _TOKEN_RE.finditer(name)]
    tokens = [(s, e, k[0]) for s, e, k in tokens if k]

    def is_form(start: int, end: int, forms: frozenset[tuple[str, ...]]) -> bool:
        keys = tuple(t[2] for t in tokens[start:end])
        return keys in forms and (keys not in dotted or all(
            "." in name[s:e] for s, e, _ in tokens[start:end]))

    lo, hi = 0, len(tokens)
    changed = True
    while changed and hi - lo > 1:
        changed = False
        for size in range(min(longest, hi - lo - 1), 0, -1):
            if is_form(hi - size, hi, suffixes):
                hi -= size
                changed = True
                break
        for size in range(min(longest, hi - lo - 1), 0, -1):
            if is_form(lo, lo + size, prefixes):
                lo += size
                changed = True
                break
    core = name[tokens[lo][0]:tokens[hi - 1][1]] if tokens else name
    core = clean_name(core)
    if " " not in core and is_cjk(core):
        for suffix in cjk:
            if core.endswith(suffix) and len(core) - len(suffix) >= 2:
                core = core[: -len(suffix)]
                break
    return core or name


def is_legal_form(text: str) -> bool:
    """Is ``text`` a legal form alone ("OJSC", "Co., Ltd.")? Then it is no name of its own."""
    return _form_keys(text) in _legal_forms()[1]


def has_legal_form(name: str) -> bool:
    return _key(strip_legal_forms(name)) != _key(clean_name(name))


# --- case --------------------------------------------------------------------------------------

# Legal-form abbreviations as news writes them ("Co., Ltd.", "GmbH", "LLC").
_FORM_CASE = {w.casefold(): w for w in (
    "Co Ltd Inc Corp Pte Pvt Sdn Bhd Ltda GmbH AG KG SpA Srl Sarl LLC LLP PLC JSC OJSC CJSC PJSC OOO AO "
    "ZAO OAO PAO NAO FZE FZCO FZC DMCC BV NV SA SAL SAS LP".split())}
_CONNECTIVES = frozenset("of and the for & de".split())  # left out of acronyms; never end a name
_LOWER_SMALL = frozenset("of and the for de del la le les des du da do dos das di van von der und y e et on in at to".split())


def news_case(text: str, *, person: bool = False) -> str:
    """Capitals as news writes them: names in ALL CAPS become title case, acronyms stay.

    Text with any lower-case letter is left as written (the list already chose a case).

    >>> news_case("SZ DJI TECHNOLOGY"), news_case("TEKHKRIM"), news_case("Aero-HIT")
    ('SZ DJI Technology', 'Tekhkrim', 'Aero-HIT')
    >>> news_case("MINISTRY OF DEFENSE OF THE RUSSIAN FEDERATION")
    'Ministry of Defense of the Russian Federation'
    >>> news_case("O'NEILL ASSETS"), news_case("AL-ZAWAHIRI", person=True), news_case("27TH NTS")
    ("O'Neill Assets", 'Al-Zawahiri', '27th NTS')
    """
    if any(ch.islower() for ch in text):
        return text
    out = []
    for index, token in enumerate(text.split(" ")):
        out.append(_case_token(token, first=index == 0, person=person))
    return " ".join(out)


def _case_token(token: str, *, first: bool, person: bool) -> str:
    if not token:
        return token
    if re.fullmatch(r"\d+(ST|ND|RD|TH)", token):
        return token.lower()
    if any(ch.isdigit() for ch in token):
        return token
    parts = re.split(r"([-/.&])", token)
    out = []
    for i, part in enumerate(parts):
        if not part or not part.isalpha() and not any(ch in _APOSTROPHES for ch in part):
            out.append(part)
            continue
        out.append(_case_word(part, first=first and i == 0, person=person))
    return "".join(out)


def _case_word(word: str, *, first: bool, person: bool) -> str:
    lower = word.casefold()
    letters = re.sub(r"\W", "", word)
    if not person and lower in _FORM_CASE:
        return _FORM_CASE[lower]
    if not person and len(letters) <= 3 and not is_common_word(lower) and lower not in _LOWER_SMALL:
        return word  # acronym: SZ, DJI, JSC, NPP
    if not first and lower in _LOWER_SMALL:
        return lower
    m = re.fullmatch(r"([A-Za-z])['’]([A-Za-z].*)", word)  # O'NEILL, D'ARCY
    if m:
        return m.group(1).upper() + "'" + m.group(2).capitalize()
    if lower.startswith("mc") and len(lower) > 3 and person:
        return "Mc" + lower[2:].capitalize()
    return word[:1].upper() + word[1:].lower()


# --- transliteration ---------------------------------------------------------------------------

_CYR_VOWELS = frozenset("аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ")
_CYR_SIGNS = frozenset("ъьЪЬ")


def cyrillic_to_latin(text: str) -> list[str]:
    """Latin spellings of a Cyrillic name: BGN/PCGN as news writes it, its -y endings, passport.

    >>> cyrillic_to_latin("Эффектек"), cyrillic_to_latin("Дмитрий Викторович ПОДЛИПАНОВ")
    (['Effektek'], ['Dmitriy Viktorovich PODLIPANOV', 'Dmitry Viktorovich PODLIPANOV', 'Dmitrii Viktorovich PODLIPANOV'])
    >>> cyrillic_to_latin("Юрий Ягода")[:2]
    ['Yuriy Yagoda', 'Yury Yagoda']
    """
    data = _translit()
    table = data["cyrillic_to_latin"]
    ukrainian = any(ch in text.lower() for ch in table["ukrainian_marks"])
    if ukrainian:
        variants = [_translit_words(text, table["ukrainian"], table["ukrainian_initial"], initial_only=True)]
    else:
        bgn = _translit_words(text, table["bgn"], table["bgn_iotated"])
        variants = [bgn, _apply_endings(bgn, data["endings"]), _translit_words(text, table["icao"], {})]
    out: list[str] = []
    for v in variants:
        if v and v not in out and not is_cyrillic(v):
            out.append(v)
    return out


def _translit_words(text: str, table: dict[str, str], iotated: dict[str, str], initial_only: bool = False) -> str:
    out: list[str] = []
    for match in re.finditer(r"\w+|\W+", text):
        word = match.group()
        if not is_cyrillic(word):
            out.append(word)
            continue
        letters: list[str] = []
        for i, ch in enumerate(word):
            low = ch.lower()
            prev = word[i - 1] if i else ""
            at_start = i == 0 or not prev.isalpha()
            if low in iotated and (at_start or (not initial_only and (prev in _CYR_VOWELS or prev in _CYR_SIGNS))):
                latin = iotated[low]
            else:
                latin = table.get(low, ch)
            if ch.isupper() and latin:
                latin = latin[0].upper() + latin[1:]
            letters.append(latin)
        latin_word = "".join(letters)
        if word.isupper() and len(word) > 1:
            latin_word = latin_word.upper()
        out.append(latin_word)
    return "".join(out)


def _apply_endings(text: str, endings: list[dict[str, str]]) -> str:
    def fix(match: re.Match[str]) -> str:
        word = match.group()
        for rule in endings:
            src, dst = rule["from"], rule["to"]
            if word.lower().endswith(src) and len(word) > len(src) + 2:
                tail = word[-len(src):]
                new = dst.upper() if tail.isupper() else dst
                return word[: -len(src)] + new
        return word

    return re.sub(r"[A-Za-z]+", fix, text)


@functools.lru_cache(maxsize=1)
def _latin_rules() -> list[tuple[str, str, str]]:
    rules = [(r["latin"], r["cyr"], r.get("at", "any")) for r in _translit()["latin_to_cyrillic"]]
    return sorted(rules, key=lambda r: (-len(r[0]), r[2] == "any"))


def latin_to_cyrillic(text: str, *, person: bool = False) -> str:
    """A Cyrillic spelling of a Latin name (a best guess; Latin spellings are ambiguous).

    >>> latin_to_cyrillic("Tekhkrim"), latin_to_cyrillic("Aero-HIT"), latin_to_cyrillic("Elektron")
    ('Техкрим', 'Аэро-ХИТ', 'Электрон')
    >>> latin_to_cyrillic("Dmitry Yevgenyevich Zhukovsky", person=True)
    'Дмитрий Евгеньевич Жуковский'
    >>> latin_to_cyrillic("Elena Aleksei Anatolievich Putin", person=True)
    'Елена Алексей Анатольевич Путин'
    """
    return re.sub(r"[A-Za-z']+", lambda m: _cyrillize_word(m.group(), person), text)


def _cyrillize_word(word: str, person: bool) -> str:
    low = word.lower().strip("'")
    if not low:
        return word
    rules = _latin_rules()
    out: list[str] = []
    i = 0
    while i < len(low):
        for latin, cyr, at in rules:
            if not low.startswith(latin, i):
                continue
            end = i + len(latin)
            prev = low[i - 1] if i else ""
            if at == "start" and i != 0:
                continue
            if at == "entity_start" and (i != 0 or person):
                continue
            if at == "person_after_consonant" and (not person or not prev or prev in "aeiouy'"):
                continue
            if at == "entity_after_a" and (prev != "a" or person):
                continue
            if at == "end" and end != len(low):
                continue
            if at == "after_vowel" and prev not in "aeiouy":
                continue
            if at == "after_consonant" and (not prev or prev in "aeiouy'"):
                continue
            if at == "end_after_consonant" and (end != len(low) or not prev or prev in "aeiouy"):
                continue
            # "ye" after a consonant is a soft sign plus е (Yevgenyevich → Евгеньевич)
            if latin == "ye" and prev and prev not in "aeiouy'":
                cyr = "ье"
            out.append(cyr)
            i = end
            break
        else:
            out.append(low[i])
            i += 1
    result = "".join(out)
    if word.isupper() and len(word) > 1:
        return result.upper()
    if word[:1].isupper():
        return result[:1].upper() + result[1:]
    return result


# --- people ------------------------------------------------------------------------------------

_PATRONYMIC_RE = re.compile(r"(?i)(?:ovich|evich|ovitch|evitch|ich|ovna|evna|ichna|inichna|oglu|ogly|kyzy|qizi"
                            r"|ович|евич|ич|овна|евна|ична|инична)$")
_EAST_ASIAN = frozenset({"CN", "KP", "KR", "TW", "HK", "MO", "VN", "SG"})
_KOREAN = frozenset({"KP", "KR"})
_CHINESE = frozenset({"CN", "TW", "HK", "MO"})


def naming_country(codes: Sequence[str], program_codes: Sequence[str] = ()) -> str | None:
    """The country whose naming customs a listed person's names follow, of the entry's countries.

    The first, unless an East Asian country of the entry is also its program's: a North Korean
    banker posted in Russia (DPRK program; North Korea and Russia) is "Kim Sang Man" in news,
    surname first, never "Sang Man Kim". A Russian with a Hong Kong address stays Russian.

    >>> naming_country(["RU", "KP"], ["KP"]), naming_country(["RU", "HK"], ["RU"])
    ('KP', 'RU')
    >>> naming_country([], ["KP"]), naming_country([])
    ('KP', None)
    """
    codes = list(codes) or list(program_codes)
    return next((c for c in codes if c in _EAST_ASIAN and c in program_codes), next(iter(codes), None))


_PINYIN = re.compile(  # one pinyin syllable ("Xia", "Zhuang"): not "Hasan", not Wade-Giles "Hsiung"
    r"(?i)(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|an|ao|ei|en|er|ia|ie|in|iu|ou|ua|ue|ui|un|uo|a|e|i|o|u|v)")


@dataclass(frozen=True)
class PersonName:
    """A person's name in parts: given names (first, middle, patronymic) and the surname."""

    given: tuple[str, ...]
    surname: str

    @property
    def natural(self) -> str:
        return " ".join((*self.given, self.surname)).strip()


def parse_person(text: str, *, order: str = "auto") -> PersonName | None:
    """Split a listed person's name into given names and surname.

    ``order``: "surname_first" ("Putin Vladimir Vladimirovich"), "given_first"
    ("Vladimir Vladimirovich PUTIN"), or "auto": a comma means surname first
    ("PUTIN, Vladimir Vladimirovich"); otherwise a word in capitals among mixed-case words is the
    surname (EU and UK style); otherwise a patronymic at the end means surname first; otherwise
    the last word is the surname.

    >>> parse_person("PUTIN, Vladimir Vladimirovich")
    PersonName(given=('Vladimir', 'Vladimirovich'), surname='Putin')
    >>> parse_person("Igor Nikolaevich HALEPA"), parse_person("Sudakov Andrey Dmitriyevich")
    (PersonName(given=('Igor', 'Nikolaevich'), surname='Halepa'), PersonName(given=('Andrey', 'Dmitriyevich'), surname='Sudakov'))
    """
    text = clean_name(text)
    if "," in text:
        surname, _, given = text.partition(",")
        given_words = tuple(news_case(w, person=True) for w in given.split())
        surname = news_case(surname.strip(), person=True)
        if not surname:
            return None
        return PersonName(given_words, surname)
    words = text.split()
    if not words:
        return None
    if len(words) == 1:
        return PersonName((), news_case(words[0], person=True))
    cased = [news_case(w, person=True) for w in words]
    if order == "auto":
        caps = [i for i, w in enumerate(words) if w.isupper() and _alnum_count(w) > 1]
        if caps and len(caps) < len(words) and caps == list(range(caps[0], caps[-1] + 1)):
            if caps[-1] == len(words) - 1:  # given names, then SURNAME
                return PersonName(tuple(cased[: caps[0]]), " ".join(cased[caps[0]:]))
            if caps[0] == 0:  # SURNAME, then given names
                return PersonName(tuple(cased[caps[-1] + 1:]), " ".join(cased[: caps[-1] + 1]))
        order = "surname_first" if _PATRONYMIC_RE.search(words[-1]) and len(words) >= 3 else "given_first"
    if order == "surname_first":
        if words[0].casefold() in SURNAME_PARTICLES:  # "ABU HAMZAH", "Al Ahmar Hamid"
            if len(words) == 2:
                return PersonName((), " ".join(cased))  # a kunya: a surname-like name alone
            return PersonName(tuple(cased[2:]), " ".join(cased[:2]))
        return PersonName(tuple(cased[1:]), cased[0])
    return PersonName(tuple(cased[:-1]), cased[-1])


# Nouns that make an untyped name an organisation's, not a ship's: "Nordic Resistance
# Movement", "Karen National Army", "Amran Cement Factory" are names, not ordinary words.
_ORGANISATION_NOUNS = frozenset(
    "movement army front alliance party brigade brigades battalion battalions militia militias "
    "council committee organization organisation union league network center centre factory "
    "plant ministry agency institute association foundation cartel clan gang regiment".split())

# What a works is called after the words that say what it makes.
_FACILITY_NOUNS = frozenset("plant plants factory works".split())

# Particles that belong to the surname after them, never a surname alone.
SURNAME_PARTICLES = frozenset("al abu abou bin ben ibn bint abd abdul abdel ould".split())  # not "el": Spanish


def person_variants(person: PersonName, *, country: str | None = None) -> list[tuple[str, bool]]:
    """How news writes a person: (term, weak) pairs, strong forms first.

    >>> person_variants(PersonName(("Vladimir", "Vladimirovich"), "Putin"))
    [('Vladimir Vladimirovich Putin', False), ('Vladimir Putin', False), ('Vladimir V. Putin', False), ('Putin', True)]
    >>> person_variants(PersonName(("Fangwei",), "Li"), country="CN")
    [('Fangwei Li', False), ('Li Fangwei', False)]
    """
    out: list[tuple[str, bool]] = []
    given = [g for g in person.given if g]
    surname = person.surname
    if not given:
        return [(surname, True)]
    syllables = " ".join(given).split()
    if country in _KOREAN and len(syllables) == 2 and all(g.isalpha() and len(g) <= 6 for g in syllables):
        # one given name of two syllables: "KIM, Jong Un" is "Kim Jong-un", never "Jong Kim"; the
        # hyphenated term also matches "Kim Jong Un" and "Kim Jongun"
        given = ["-".join(syllables)]
    elif country in _CHINESE and len(syllables) == 2 and all(_PINYIN.fullmatch(g) for g in syllables):
        # likewise a Chinese given name the list splits: "YUAN, Yun Xia" is "Yuan Yunxia"
        given = ["-".join(syllables)]
    out.append((" ".join((*given, surname)), False))
    if len(given) > 1 and not _son_of_a_first_name(given[0], surname):
        out.append((f"{given[0]} {surname}", False))
    if len(given) == 2 and _alnum_count(given[1]) > 1:
        out.append((f"{given[0]} {given[1][0]}. {surname}", False))
    if country in _EAST_ASIAN:
        out.append((f"{surname} {' '.join(given)}", False))
    # the surname alone, as a weak alias; not a frequent surname ("Kim", "Wang", "Ahmad"): beside
    # the listed person's full name, an article names other people called so
    if _alnum_count(surname) >= 3 and surname.casefold() not in _generic()["common_surnames"]:
        out.append((surname, True))
    return out


def _son_of_a_first_name(first: str, surname: str) -> bool:
    """"Mohammad" + "Bin Ahmad": "Mohammad, son of Ahmad" names thousands of people, so the short
    form of "Mohammad Roslan Bin Ahmad" is not made."""
    words = surname.casefold().split()
    return (len(words) == 2 and words[0] in ("bin", "ibn", "ben", "bint")
            and words[1] in given_names() and first.casefold() in given_names())


# --- judging an alias --------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What to do with an alias: keep it strong, keep it weak, keep it case-sensitive, or drop it."""

    action: str  # "strong" | "weak" | "case_sensitive" | "drop"
    reason: str = ""


STRONG = Verdict("strong")


def assess(text: str, kind: str = "entity", *, has_form: bool = False) -> Verdict:
    """Judge one alias of a rule of ``kind`` (entity, individual, vessel, aircraft, unknown).

    >>> assess("Tekhkrim"), assess("Status"), assess("AB"), assess("Trading Company")
    (Verdict(action='strong', reason=''), Verdict(action='weak', reason='common English word'), Verdict(action='drop', reason='one or two letters'), Verdict(action='weak', reason='generic phrase'))
    >>> assess("FSB"), assess("BNC").reason, assess("Global Star", "vessel").action, assess("Maria").reason
    (Verdict(action='case_sensitive', reason='short acronym'), 'three-letter acronym', 'weak', 'first name')
    >>> assess("Russian Federation").reason, assess("Ministry of Defence of the Russian Federation").action
    ('country name', 'case_sensitive')
    """
    key = _key(text)
    alnum = _alnum_count(text)
    if alnum == 0 or not any(ch.isalpha() for ch in text):
        return Verdict("drop", "no letters")
    if is_cjk(text):
        cjk = len(_CJK_RE.findall(text))
        if cjk < 3 and alnum < 4:
            return Verdict("weak", "one or two characters")
        return STRONG
    if alnum <= 2:
        return Verdict("drop", "one or two letters")
    g = _generic()
    if key in g["stop_aliases"]:
        return Verdict("weak", "news outlet, institution or place")
    if key in g["technical_terms"]:  # "LTE" is the modems, not LT Engineering
        return Verdict("weak", "technical term")
    if key in g["common_acronyms"]:  # "HMS" is a navy ship, not HMS Group; "NGO", "AGM", "CIS"
        return Verdict("weak", "common acronym")
    if key in _country_names():
        return Verdict("weak", "country name")
    if key in places():
        return Verdict("weak", "place name")
    words = key.split()
    if len(words) == 1:
        word = words[0]
        if kind == "individual":
            return Verdict("weak", "one name of a person")
        if kind == "vessel":
            return Verdict("weak", "one-word ship name")
        if key in product_names():  # "OOO ORLAN" is not the maker of Orlan-10 drones
            return Verdict("weak", "product name")
        if word in g["particles"] or word in g["name_particles"]:
            return Verdict("weak", "common English word")
        if is_common_word(word):
            return Verdict("weak", "common English word")
        if word in given_names():
            return Verdict("weak", "first name")
        if word in g["common_surnames"]:
            return Verdict("weak", "common surname")
        if word in _country_words():
            return Verdict("weak", "country name")
        if word in english_words():  # "Arsenal", "Spectrum", "Plasma": words, not names, in news
            return Verdict("weak", "English word")
        if alnum == 3 and "-" not in text:
            # "IED" of the Industrial Establishment of Defense counts beside its full name only;
            # "FSB" and a few others are how news names their party
            if key in g["acronyms_news_uses_alone"] or not text.isalpha():  # "A71": a name
                return Verdict("case_sensitive", "short acronym")
            return Verdict("weak", "three-letter acronym")
        return STRONG
    if alnum <= 4:
        return Verdict("weak", "very short name")
    meaningful = [w for w in words if w not in g["particles"]]
    if not meaningful:
        return Verdict("weak", "generic phrase")
    countryish = [w for w in meaningful if w in _country_words()]
    generic = [w for w in meaningful if w in g["generic_words"]]
    if len(countryish) == len(meaningful) or all(
            w in _country_words() or w in ("republic", "federation", "kingdom", "islamic", "democratic",
                                           "people's", "peoples", "state", "government", "united",
                                           "states", "emirate")
            for w in meaningful):
        return Verdict("weak", "country name")
    if len(generic) == len(meaningful) and len(meaningful) <= 3:
        return Verdict("weak", "generic phrase")
    if kind != "individual" and any(w in g["goods_words"] for w in meaningful) and all(
            w in g["goods_words"] or w in g["generic_words"] or is_common_word(w) for w in meaningful):
        # "Milling Machines": a company as written, not "milling machines" in an article
        return Verdict("case_sensitive", "named for its goods")
    if generic and countryish and len(generic) + len(countryish) >= len(meaningful):
        # "China Electronics", "Iran Air": a company as written, not "China electronics exports"
        return Verdict("case_sensitive", "country and generic words")
    if kind == "individual":
        if len(meaningful) == 2 and all(w in given_names() or w in g["name_particles"] for w in meaningful):
            return Verdict("weak", "first names only")
        return STRONG
    ordinary = [is_common_word(w) or w in g["generic_words"] or w in _country_words() or w.isdigit()
                for w in meaningful]
    if (kind == "vessel" and len(meaningful) == 2 and meaningful[0] in given_names()
            and len(meaningful[1]) >= 5 and meaningful[1].isalpha()):
        # "Sergei Witte", "Dmitry Mendeleev": a ship named after a person is that person in
        # most articles that write the name
        return Verdict("weak", "ship named after a person")
    if kind == "vessel" or (kind == "unknown" and not has_form
                            and not any(w in _ORGANISATION_NOUNS for w in meaningful)):
        if all(o or w in given_names() for o, w in zip(ordinary, meaningful, strict=True)):
            return Verdict("weak", "vessel name made of common words" if kind == "vessel"
                           else "name made of common words")
    if len(meaningful) >= 2 and meaningful[-1] in _FACILITY_NOUNS and all(
            w in g["facility_kinds"] or w in g["generic_words"] or w in g["goods_words"]
            for w in meaningful[:-1]):
        # "Mechanical Plant", "Nuclear Fuel Element Plant": the kind of plant, with the town that
        # names it left out; in news the same words follow another town ("Izhevsk Mechanical Plant")
        return Verdict("weak", "kind of plant without its place")
    if len(meaningful) <= 3 and all(ordinary):
        # An a.k.a. of two or three ordinary words ("OFF SHORE", "Shipyard International",
        # "Fancy Bear") is the company only as written, capitalised; in lower case it is words
        # in a sentence. Four or more such words together are a name whatever their case.
        return Verdict("case_sensitive", "name made of common words")
    return STRONG


# --- a rule's terms ----------------------------------------------------------------------------


@dataclass
class Term:
    """One term of a generated rule (written as a plain string when only ``text`` is set)."""

    text: str
    weak: bool = False
    case_sensitive: bool = False
    plurals: bool = False
    whole_word: bool = True

    def to_yaml(self) -> str | dict[str, Any]:
        if not (self.weak or self.case_sensitive or self.plurals or not self.whole_word):
            return self.text
        out: dict[str, Any] = {"term": self.text}
        if self.weak:
            out["weak"] = True
        elif self.case_sensitive:
            out["case_sensitive"] = True
        if self.plurals:
            out["plurals"] = True
        if not self.whole_word:
            out["whole_word"] = False
        return out


@dataclass(frozen=True)
class Note:
    """An alias that was weakened or dropped, and why (for the import report)."""

    alias: str
    action: str  # "weak" | "drop"
    reason: str


@dataclass(frozen=True)
class ListedName:
    """One name as a list gives it.

    ``weak``: the list itself calls it a weak/low-quality alias (OFAC weak a.k.a., UN "Low").
    ``good_quality``: the list itself vouches for it as a good-quality a.k.a. (an a.k.a. of
    OFAC's alt.csv, whose weak ones are in the remarks; UK "good_quality_aka"; UN "Good");
    names whose quality the list does not give (OFAC's names file, the CSL) are neither.
    ``person``: parts already split by the list (UK, UN), else None and parsed from ``text``.
    ``order``: for people without parts, see ``parse_person``; "as_is" keeps a person's name
    whole, as written (noms de guerre, names without a known surname, Arabic or Chinese script).
    """

    text: str
    weak: bool = False
    person: PersonName | None = None
    order: str = "auto"
    good_quality: bool = False


@dataclass
class NameVariants:
    """Builds the terms of one rule from its listed names.

    >>> v = NameVariants("entity")
    >>> v.add(ListedName("LIMITED LIABILITY COMPANY AERO-HIT")); v.add(ListedName("LLC Aero-HIT"))
    >>> [t.to_yaml() for t in v.terms()]
    ['Aero-HIT', 'Limited Liability Company Aero-Hit', 'LLC Aero-HIT']
    """

    kind: str  # entity | individual | vessel | aircraft | unknown
    russian: bool = False  # add Cyrillic forms of Latin names
    country: str | None = None
    primary: str | None = None  # the list's own name for the party (vouched for, like a good a.k.a.)
    _terms: dict[str, Term] = field(default_factory=dict)
    _guessed_case: set[str] = field(default_factory=set)  # keys whose text was cased by news_case
    _english_forms: list[tuple[str, str]] = field(default_factory=list)  # ("Orlan LLC", "LLC Orlan")
    # short one-word names left after removing a legal form ("JSC SLAVA" -> "Slava"), with the
    # English forms to add if they end up weak; short one-word names listed on their own ("SAIT"
    # beside "AO NPP SAIT"); the words of every listed name; the keys the list vouches for
    _short_cores: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _short_listed: list[str] = field(default_factory=list)
    _listed_words: list[list[str]] = field(default_factory=list)
    _vouched: set[str] = field(default_factory=set)
    notes: list[Note] = field(default_factory=list)

    def add(self, name: ListedName) -> None:
        text = clean_name(name.text)
        if not text:
            return
        if self.kind == "individual":
            self._add_person(name, text)
            return
        self._add_entity(name, text)
        # "THE NUCLEAR REACTORS FUEL COMPANY": news writes "Nuclear Reactors Fuel Company
        # (SUREH)", without the article. The rest is judged like any alias, never vouched for
        # ("The Youth" gives only a weak "Youth"); ship names are kept as registered.
        words = text.split(maxsplit=1)
        if self.kind in ("entity", "unknown") and len(words) == 2 and words[0].casefold() == "the":
            self._add_entity(ListedName(words[1], weak=name.weak), words[1])

    def terms(self) -> list[Term]:
        # a short name left by removing a legal form counts only as written, beside the
        # entity's other names, unless the list gives that one word as a good-quality a.k.a. (or
        # as its name); so does a short a.k.a. of unknown quality that is only a piece of a longer
        # listed name ("SAIT" of "AO NPP SAIT", "SLAVA" of "SLAVA SECOND WATCH FACTORY")
        for written in self._short_listed:
            word = _key(written)
            if any(len(words) > 1 and word in (words[0], words[-1]) for words in self._listed_words):
                self._short_cores.setdefault(normalize_key(written), [])
                if _LATIN_RE.search(written) and _cyrillizable(written):  # its guessed Cyrillic form
                    self._short_cores.setdefault(normalize_key(latin_to_cyrillic(written)), [])
        self._short_listed.clear()
        for key, pairs in self._short_cores.items():
            if key not in self._vouched and self._weaken_short(key):
                self._english_forms.extend(pairs)
        self._short_cores.clear()
        # added after every listed name, and not at all when the list gives one of them: its
        # weak a.k.a. "Citadel LLC" (a hedge fund's name too) stays weak, with no "LLC Citadel"
        for pair in self._english_forms:
            existing = [self._terms.get(normalize_key(variant)) for variant in pair]
            if not any(t is not None and t.weak for t in existing):
                for variant, term in zip(pair, existing):
                    if term is None:
                        self._candidate(variant, listed_weak=False, has_form=True)
        self._english_forms.clear()
        # news shortens a name's last word "Company" to "Co." ("Belarusian Potash Co.") or
        # leaves it out ("Kalaye Electric"), and leaves out "Group" after an industry word
        # ("Xinhai Chemical"); the shorter name is judged like any alias ("General Trading" is
        # weak, "Eastern Shipping" counts only as written)
        for term in list(self._terms.values()):
            words = term.text.split()
            if term.weak or self.kind not in ("entity", "unknown") or len(words) < 3:
                continue
            last = words[-1].casefold()
            if last == "company":
                self._candidate(" ".join(words[:-1] + ["Co"]), listed_weak=False, has_form=True)
                # not "Smith & Company", nor a legal form cut in two ("... Joint Stock Company")
                shorter = (words[-2].casefold() not in _CONNECTIVES
                           and _key(strip_legal_forms(term.text)) == _key(term.text))
            else:
                # only when a distinctive word is left: not "Islamic Jihad" of "Islamic Jihad
                # Group" (another organisation), nor "Russian Energy", which a headline
                # writes in capitals
                shorter = (last == "group" and _key(words[-2]) in _generic()["generic_words"]
                           and any(_distinctive(w) for w in words[:-2]))
            if shorter:  # matched only as written: "Belarusian potash" is the commodity
                self._candidate(" ".join(words[:-1]), listed_weak=False, has_form=True,
                                as_written=True)
        # An acronym of four to six letters that spells the initials of another listed name
        # ("AERO" of "Advanced Engineering Research Organization") is matched in capitals only:
        # as a word it is something else ("Delta-Aero", "Nimr vehicles").
        initials = {"".join(w[0] for w in words if w not in _CONNECTIVES)
                    for words in self._listed_words}
        for term in self._terms.values():
            if (not term.weak and not term.case_sensitive and term.text.isalpha()
                    and 4 <= len(term.text) <= 6 and term.text.casefold() in initials):
                term.text, term.case_sensitive = term.text.upper(), True
        strong = [t for t in self._terms.values() if not t.weak]
        weak = [t for t in self._terms.values() if t.weak]
        return strong + weak

    def _weaken_short(self, key: str) -> bool:
        """Make the short core ``key`` weak (a word: "Sait", "Slava") or an acronym matched as
        written in capitals ("GTLK"); True when it became weak."""
        term = self._terms.get(key)
        if term is None or term.weak or term.case_sensitive:
            return False
        if not _VOWEL_RE.search(term.text):  # "GTLK", "NSPK": no word or name, only an acronym
            term.text, term.case_sensitive, term.plurals = term.text.upper(), True, False
            return False
        term.text, term.weak, term.plurals = _weak_case(term.text), True, False
        self.notes.append(Note(term.text, "weak", "short one-word name"))
        return True

    def _short_core(self, main: str, core: str, written: str) -> None:
        """Remember ``written``, a spelling of the core of ``main`` without its legal form, if it
        is one short word ("AO NPP SAIT" -> "Sait"): see ``terms``."""
        if _is_short_name(written):
            pairs = self._short_cores.setdefault(normalize_key(written), [])
            abbreviation = english_form(main, core)
            if abbreviation is not None and _LATIN_RE.search(written):
                pairs.append((f"{written} {abbreviation}", f"{abbreviation} {written}"))

    # -- entities, vessels, aircraft

    def _add_entity(self, name: ListedName, text: str) -> None:
        main, extra = split_parenthetical(text)
        guessed = not any(ch.islower() for ch in main)
        primary = self.primary is not None and _key(clean_name(self.primary)) == _key(text)
        if (name.good_quality or primary) and not name.weak:
            self._vouched.update(normalize_key(n) for n in (main, *extra))
        self._listed_words.append(_key(main).split())
        if not name.weak and _is_short_name(main) and _key(strip_legal_forms(main)) == _key(main):
            self._short_listed.append(news_case(main))
        for alias in extra:
            self._candidate(alias, listed_weak=name.weak, listed=True)
        core = strip_legal_forms(main)
        has_form = _key(core) != _key(main)
        if has_form:
            self._candidate(news_case(core), listed_weak=name.weak, listed=True, has_form=True,
                            core=True, guessed=guessed)
            self._short_core(main, core, news_case(core))
            # "SATURN EK OOO": news writes "Saturn EK" as well as "Saturn" (judged on its own)
            named = strip_legal_forms(main, only_dotted=True)
            if _key(named) not in (_key(core), _key(main)):
                self._candidate(news_case(named), listed_weak=name.weak, listed=True,
                                has_form=True, core=True, guessed=guessed)
        self._candidate(news_case(main), listed_weak=name.weak, listed=True, has_form=has_form,
                        core=not has_form, guessed=guessed)
        if is_cyrillic(main):
            latins = cyrillic_to_latin(core)
            for latin in latins:
                self._candidate(news_case(latin), listed_weak=name.weak, has_form=has_form, core=True)
                if has_form:
                    self._short_core(main, core, news_case(latin))
            if has_form and latins and not name.weak:
                self._add_english_form(main, core, news_case(latins[0]))
            return
        if has_form and not name.weak:
            self._add_english_form(main, core, news_case(core))
        if name.weak or is_cjk(core):
            return
        english = english_loanwords(news_case(core))
        if english is not None:  # "Serniya Inzhiniring" is "Serniya Engineering" in English news
            self._candidate(english, listed_weak=False, has_form=has_form, core=True)
        short = _without_initials(core)
        if short is not None and assess(short, self.kind, has_form=has_form).action == "strong":
            self._candidate(news_case(short), listed_weak=False, has_form=has_form, core=True,
                            guessed=guessed)
        words = core.split()
        g = _generic()
        # Chinese companies: news drops the city ("Kexin Smart Development"), or the province
        # and then the city ("Shandong Shouguang Luqing Petrochemical" -> "Shouguang Luqing
        # Petrochemical", "Luqing Petrochemical") ...
        rest_words = words
        for _ in range(2):
            size = next((n for n in (2, 1) if len(rest_words) > n + 1
                         and _key(" ".join(rest_words[:n])) in g["place_prefixes"]), 0)
            if not size:
                break
            rest_words = rest_words[size:]
            rest = " ".join(rest_words)
            if assess(rest, self.kind, has_form=has_form).action != "strong":
                break
            self._candidate(news_case(rest), listed_weak=False, has_form=has_form, core=True,
                            guessed=guessed)
        # ... and writes the brand acronym alone ("SZ DJI Technology Co., Ltd." -> "DJI")
        if not guessed and len(words) >= 2:
            acronyms = [w for w in words if w.isupper() and w.isalpha() and 3 <= len(w) <= 6
                        and _key(w) not in g["enterprise_types"]]
            others = [w for w in words if w not in acronyms]
            if len(acronyms) == 1 and others and all(
                    _key(w) in g["generic_words"] or _key(w) in g["place_prefixes"] or _key(w) in g["particles"]
                    or _key(w) in _country_words() for w in others):
                self._candidate(acronyms[0], listed_weak=False, as_written=True)
        # ... and, once it has named the firm, its distinctive first word alone ("Siliborn
        # Technology Limited" -> "Siliborn"): weak, so it counts beside the full name only
        if len(words) >= 2 and self.kind in ("entity", "unknown"):
            first, others = news_case(words[0]), words[1:]
            if (_alnum_count(first) >= 5 and first.isalpha() and all(
                    _key(w) in g["generic_words"] or _key(w) in g["particles"] for w in others)
                    and assess(first, self.kind, has_form=True).action == "strong"):
                self._candidate(first, listed_weak=True)
        if (self.russian and self.kind in ("entity", "unknown") and _LATIN_RE.search(core)
                and _cyrillizable(core) and _alnum_count(core) >= 4 and not _mostly_english(core)
                and assess(core, self.kind, has_form=has_form).action == "strong"):
            self._candidate(latin_to_cyrillic(news_case(core)), listed_weak=False, has_form=has_form)
            if has_form:
                self._short_core(main, core, latin_to_cyrillic(news_case(core)))

    def _add_english_form(self, main: str, core: str, latin_core: str) -> None:
        """ "OOO ORLAN" → "Orlan LLC", "LLC Orlan": how English news names a company whose bare
        name is too ambiguous to count alone (a product, a common word, a first name, a place)."""
        if (assess(latin_core, self.kind, has_form=True).reason not in _AMBIGUOUS_BARE_NAME
                or _key(latin_core) in _generic()["generic_words"]):  # "Gas LLC" says nothing
            return
        abbreviation = english_form(main, core)
        if abbreviation is not None:
            self._english_forms.append((f"{latin_core} {abbreviation}", f"{abbreviation} {latin_core}"))

    # -- people

    def _add_person(self, name: ListedName, text: str) -> None:
        if name.order == "as_is":  # a nickname, or an original script: no parts to reorder
            self._candidate(news_case(text, person=True), listed_weak=name.weak, listed=True, person=True)
            if is_cyrillic(text):
                for latin in cyrillic_to_latin(text):
                    self._candidate(latin, listed_weak=name.weak, person=True)
            return
        person = name.person or parse_person(text, order=name.order)
        if person is None:
            return
        variants = person_variants(person, country=self.country)
        if name.weak:  # a weak a.k.a. of the list ("ASIA, Abu"): as written, nothing derived from it
            variants = variants[:1]
        for index, (variant, weak) in enumerate(variants):
            listed = index == 0
            self._candidate(variant, listed_weak=name.weak or weak, listed=listed, person=True,
                            derived_weak=weak)
            if is_cyrillic(variant) and not weak and index < 2:
                for latin in cyrillic_to_latin(variant):
                    self._candidate(latin, listed_weak=name.weak, person=True)
            elif (self.russian and not weak and not name.weak and index < 2 and _LATIN_RE.search(variant)
                  and _cyrillizable(variant)):
                self._candidate(latin_to_cyrillic(variant, person=True), listed_weak=False, person=True)

    # -- judging and keeping one candidate

    def _candidate(self, text: str, *, listed_weak: bool, listed: bool = False, has_form: bool = False,
                   core: bool = False, person: bool = False, derived_weak: bool = False,
                   guessed: bool = False, as_written: bool = False) -> None:
        text = clean_name(text)
        if not text:
            return
        key = normalize_key(text)  # the matcher's own key: "Aero-HIT" = "AeroHIT", "Na'eem" = "Naeem"
        existing = self._terms.get(key)
        if existing is not None:
            # the list's own capitals beat capitals guessed from an ALL-CAPS spelling
            if key in self._guessed_case and not guessed and not existing.case_sensitive:
                existing.text = text
                self._guessed_case.discard(key)
            if not existing.weak:
                return
        kind = "individual" if person else self.kind
        verdict = assess(text, kind, has_form=has_form)
        if derived_weak and verdict.action != "drop":
            verdict = Verdict("weak", "surname alone")
        if verdict.action == "drop":
            if listed:
                self.notes.append(Note(text, "drop", verdict.reason))
            return
        weak = listed_weak or verdict.action == "weak"
        if weak and existing is not None:
            return
        if weak:
            reason = verdict.reason if verdict.action == "weak" else "weak alias in the list"
            if listed or verdict.action == "weak" and reason != "surname alone":
                self.notes.append(Note(text, "weak", reason))
            text = _weak_case(text)
        is_cjk_text = is_cjk(text)
        term = Term(
            text=text,
            weak=weak,
            case_sensitive=not weak and (as_written or verdict.action == "case_sensitive"),
            plurals=(not weak and core and self.kind in ("entity",) and _pluralisable(text)),
            whole_word=not (is_cjk_text and not _LATIN_RE.search(text)),  # Chinese has no spaces
        )
        if term.case_sensitive and verdict.reason == "short acronym":
            term.text = text.upper() if not any(ch.islower() for ch in text) else text
        self._terms[key] = term
        if guessed:
            self._guessed_case.add(key)


_INITIALS_RE = re.compile(
    r"(?i:academician|akademik)?\s*"
    r"(?:(?P<dotted>(?:[A-Z]\.\s?){1,3})|(?P<bare>[A-Z]{2})\s)\s*"  # "V.A.", "A. G.", "VA"
    r"(?P<rest>(?P<surname>[^\W\d_][\w'-]+)\s+\S.*)")
_RUSSIAN_SURNAME_RE = re.compile(r"(?i)(?:ov|ev|yov|in|yn|sky|skiy|skii|ky|kiy|enko|ko)$")


def _without_initials(name: str) -> str | None:
    """A plant or institute named after a person, without the person's initials: news writes
    "Degtyarev plant", "Shirshov Institute of Oceanology", "Reshetnev Information Satellite
    Systems". Undotted initials ("VA DEGTYAREV PLANT") only before a Russian surname.

    >>> _without_initials("VA DEGTYAREV PLANT"), _without_initials("P.P. SHIRSHOV INSTITUTE OF OCEANOLOGY")
    ('DEGTYAREV PLANT', 'SHIRSHOV INSTITUTE OF OCEANOLOGY')
    >>> _without_initials("V.R. FRUIT COMPANY"), _without_initials("SZ DJI TECHNOLOGY"), _without_initials("AL HARAMAIN FOUNDATION")
    (None, None, None)
    """
    match = _INITIALS_RE.fullmatch(name)
    if match is None:
        return None
    surname, rest, bare = match.group("surname"), match.group("rest"), match.group("bare")
    g = _generic()
    if bare and (not _RUSSIAN_SURNAME_RE.search(surname) or bare.casefold() in g["name_particles"]
                 or (bare.casefold(),) in _legal_forms()[0]):  # "AL HARAMAIN", "AO KOMSOMOLSKIY"
        return None
    if assess(surname, "entity").action != "strong":  # "V.R. FRUIT COMPANY" is no "Fruit Company"
        return None
    if not any(w in g["generic_words"] for w in _key(rest).split()[1:]):  # a plant, an institute...
        return None
    return rest


# A company's name without its legal form is short when it is one word of at most this many
# letters or digits ("AO NPP SAIT" -> "Sait", "JSC SLAVA" -> "Slava"): such a word is as often a
# surname, a first name or a word of some language as the company. Longer ones ("Tekhkrim",
# "Ruselectronics") are specific. Three letters are acronyms already (case-sensitive).
SHORT_NAME_MAX = 5
_VOWEL_RE = re.compile(r"[aeiouyAEIOUYаеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ]")


def _is_short_name(text: str) -> bool:
    """One word of 4 to ``SHORT_NAME_MAX`` letters or digits, with at least one letter.

    >>> _is_short_name("Sait"), _is_short_name("Slava"), _is_short_name("Tekhkrim"), _is_short_name("S-Cape")
    (True, True, False, False)
    """
    words = _key(text).split()
    return len(words) == 1 and 4 <= _alnum_count(text) <= SHORT_NAME_MAX and any(ch.isalpha() for ch in text)


# Reasons a company's bare name is weak for which its name with a legal form is still specific.
_AMBIGUOUS_BARE_NAME = frozenset({"product name", "common English word", "English word", "first name",
                                  "common surname", "place name"})


def _mostly_english(text: str) -> bool:
    """More than half of the words are English ("Status Complains", "Salvation Committee of
    Ukraine"): such a name is not transliterated into Cyrillic."""
    g = _generic()
    words = [w.casefold() for w in _words(text)]
    english = [w for w in words if is_common_word(w) or w in g["particles"] or w in g["generic_words"]
               or w in _country_words() or w in places()]
    return bool(words) and len(english) * 2 > len(words)


def _cyrillizable(text: str) -> bool:
    """Only letters, digits, spaces and name punctuation (no '?' left by a broken encoding)."""
    return re.fullmatch(r"[A-Za-z0-9 '\-.&]+", text) is not None


def _weak_case(text: str) -> str:
    """Weak aliases are case-sensitive: write them the way an article would."""
    if any(ch.islower() for ch in text):
        return text
    words = text.split()
    if len(words) == 1 and _alnum_count(text) <= 4:
        return text  # acronym: BNC, HESA
    return news_case(text)


def _pluralisable(text: str) -> bool:
    """A company name ending in a common noun: news pluralises it ("Status Compliances")."""
    words = _words(text)
    if len(text.split()) < 2:
        return False
    last = words[-1].casefold()
    g = _generic()
    return (len(last) >= 4 and last.isalpha() and not last.endswith("s") and last in common_words()
            and last not in g["particles"] and last not in g["generic_words"] and last not in _country_words()
            and last not in places())


def names_of(values: Iterable[str], *, weak: bool = False) -> list[ListedName]:
    return [ListedName(v, weak=weak) for v in values if v and v.strip()]


def dedupe(values: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for v in values:
        k = _key(v) or v
        if k not in seen:
            seen.add(k)
            out.append(v)
    return out
