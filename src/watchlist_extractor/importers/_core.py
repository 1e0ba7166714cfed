"""Importer core: list entries (what every format reader produces) → rules, filters, the report.

Ships: a rule whose names are all weak counts only next to ship words. A ship named with one
word that is also a plain word, a place or a person's name ("LACONIA", "STAR") needs a ship
word written right next to the name ("the tanker Laconia", "MT Laconia", "the Laconia tanker",
"Laconia (IMO 9301421)"); a name of several ordinary words ("GOLDEN BRIDGE") needs one within a
few words. Neither counts as one word of a longer name ("Andromeda Star", "Gulf of Laconia").
A ship whose one-word names are all distinctive ("EVENTIN", "ARTAVIL": names a company would
keep as strong aliases) counts anywhere in a document that speaks of ships or tankers: news
names a tanker once with its type and then by name alone ("Off the coast of Ruegen, Eventin lost
power"). Late OFAC names without a type or a country (mostly ships) are judged as ship names.
Analysts want the named ship, not every "Star" in a story full of tankers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import WatchlistError, display_path
from ..model import RuleFileModel
from .names import (ListedName, NameVariants, Term, assess, countries, country_code, is_cjk,
                    is_cyrillic, is_ordinary_name, naming_country)

KINDS = ("entity", "individual", "vessel", "aircraft")

# A rule whose every alias is weak could never fire; for ships (and unknown types, which in
# the newest OFAC names are mostly ships) a weak name counts next to one of these words.
VESSEL_CONTEXT = [
    "vessel", "vessels", "ship", "ships", "tanker", "tankers", "yacht", "yachts", "superyacht",
    "freighter", "carrier", "bulk carrier", "container ship", "cargo ship", "oil tanker", "IMO",
    "MMSI", "flagged", "sailed", "sailing", "docked", "port call",
]
VESSEL_CONTEXT_WITHIN = 8
# A ship named with one word ("Laconia", "Star", "Artavil") shares it with a place, a person or
# a plain word, and shadow-fleet stories are full of ship words: such a name counts only with
# one of these written right next to it ("the tanker Laconia", "MT Laconia", "the Laconia
# tanker", "the Cameroon-flagged Laconia", "Laconia (IMO 9301421)"). Singular only: "Liberty
# ships" is a class of ships, not a named one; but a plural before a list of names counts for
# all of them ("the tankers Eventin, Pioneer and Laconia": the condition's ``lists``).
VESSEL_DESIGNATIONS = [
    "vessel", "ship", "tanker", "supertanker", "carrier", "freighter", "bulker", "yacht",
    "superyacht", "trawler", "tug", "icebreaker", "MT", "MV", "M/T", "M/V", "VLCC", "Aframax",
    "Suezmax", "IMO", "flagged",
]
VESSEL_DESIGNATION_NEAR = {"terms": VESSEL_DESIGNATIONS, "within": 1, "lists": True}
# A ship's name next to one of these names a market, not a ship ("Oslo ship broker", "the
# Murmansk tanker market"): every ship rule made only of weak names excludes them.
VESSEL_MARKET_WORDS = [
    "ship broker", "ship brokers", "shipbroker", "shipbrokers", "tanker market", "tanker markets",
    "tanker rates", "shipping market", "freight market", "ship owners", "shipowners",
]
# A ship whose one-word names are all distinctive counts in a document holding one of these
# (nouns only: "sailed" or "carrier" alone do not make a story about ships).
VESSEL_DOCUMENT_CONTEXT = [
    "vessel", "vessels", "ship", "ships", "tanker", "tankers", "supertanker", "supertankers",
    "yacht", "yachts", "superyacht", "superyachts", "freighter", "freighters", "bulk carrier",
    "container ship", "cargo ship", "oil tanker", "VLCC", "Aframax", "Suezmax", "IMO", "MMSI",
    "shadow fleet", "dark fleet", "ghost fleet",
]
# ...and not where the word names a place, which many ships are named after ("Kashan airfield",
# "the port of Samsun", "the Yangtze river"), or a market ("Oslo ship broker").
VESSEL_DOCUMENT_EXCLUDE = [
    {"part_of_name": True},
    # a place noun right next to the name ("Kashan airfield", "Samsun Bay"), but not one word
    # further: "the Marshall Islands-flagged Jaya" is the ship
    {"near": {"terms": [
        "airfield", "airport", "airbase", "air base", "city", "province", "region", "oblast",
        "krai", "district", "county", "river", "lake", "sea", "strait", "island", "islands", "bay",
        "gulf", "peninsula", "mountains", "valley", "refinery", "plant", "terminal", "field",
        "oilfield", "gas field"], "within": 1}},
    {"near": {"terms": ["port of", "city of", "province of", *VESSEL_MARKET_WORDS], "within": 2}},
]
# Every ship rule made only of weak names is cancelled where the name is one word of a longer
# name ("Star" in "Andromeda Star" or "Star Alpha", "Laconia" in "Gulf of Laconia") or next to
# a market word.
VESSEL_EXCLUDE = [{"part_of_name": True}, {"near": {"terms": VESSEL_MARKET_WORDS, "within": 2}}]


# Program names → the country they are about (for context only; never a country tag).
_PROGRAM_COUNTRIES = (
    (r"^SYRIA", "SY"), (r"^DPRK|NKSPEA|^KP|Korea", "KP"), (r"^IRAN|^IFSR|^IRGC|^NPWMD-IRAN|^Iran", "IR"),
    (r"^IRAQ|^Iraq", "IQ"), (r"^LIBYA|^Libya", "LY"), (r"^SOMALIA|^Somalia", "SO"), (r"^SOUTH SUDAN|^South Sudan", "SS"),
    (r"^SUDAN|^DARFUR|^Sudan$", "SD"), (r"^VENEZUELA|^Venezuela", "VE"), (r"^CUBA", "CU"), (r"^BELARUS|^Belarus", "BY"),
    (r"^RUSSIA|^Russia|CAATSA - RUSSIA", "RU"), (r"^UKRAINE", "UA"), (r"^BURMA|^Myanmar", "MM"), (r"^YEMEN|^Yemen", "YE"),
    (r"^LEBANON", "LB"), (r"^ZIMBABWE", "ZW"), (r"^NICARAGUA|^Nicaragua", "NI"), (r"^CAR$|^Central African", "CF"),
    (r"^DRCONGO|^DRC$|^Democratic Republic of the Congo", "CD"), (r"^MALI|^Mali", "ML"), (r"^HK-|^CMIC", "CN"),
    (r"^Afghanistan|^Taliban", "AF"), (r"^Haiti|^HAITI", "HT"), (r"^Guinea-Bissau", "GW"), (r"^Guinea$", "GN"),
    (r"^Bosnia", "BA"), (r"^BALKANS", "BA"), (r"^GB$", "GW"), (r"^SouthSudan", "SS"),
)


def program_countries(programs: Sequence[str]) -> list[str]:
    out: list[str] = []
    for program in programs:
        for pattern, code in _PROGRAM_COUNTRIES:
            if re.search(pattern, program) and code not in out:
                out.append(code)
    return out


def country_context(codes: Sequence[str]) -> list[str]:
    """Names and adjectives of the countries (for a generic name such as "Ministry of State Security")."""
    table = countries()
    out: list[str] = []
    for code in sorted(set(codes)):
        country = table.get(code)
        if country is None:
            continue
        for name in (*country.names, *country.adjectives):
            if "," in name or "(" in name or len(name) <= 2 or name in out:
                continue
            out.append(name)
    return out


@dataclass(frozen=True)
class ListInfo:
    """What a list is: its name, dates, licence, and how its rules are named and weighted."""

    fmt: str
    list_name: str  # source.list, e.g. "OFAC SDN"
    id_prefix: str  # rule ids: f"{id_prefix}.{entry}"
    list_date: str | None
    licence: str
    url: str
    severity: str = "high"
    shippable: bool = True  # licence allows shipping rules generated from it as defaults
    title: str = ""  # long name for the file header
    notes: tuple[str, ...] = ()  # vintage caveats for the file header


@dataclass
class Entry:
    """One list entry, format-neutral. Readers fill it; ``build_rules`` turns it into a rule."""

    entry_id: str
    kind: str  # entity | individual | vessel | aircraft | unknown
    display: str
    names: list[ListedName] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # ISO 3166-1 alpha-2
    # countries of the sanctions program (UK regime RUS, OFAC SYRIA): not tags, only the context
    # in which a rule without specific aliases may fire
    context_countries: list[str] = field(default_factory=list)
    list_code: str = ""  # a sub-list (CSL source "EL", EU annex)
    list_name: str | None = None  # overrides ListInfo.list_name (CSL sub-lists)
    url: str | None = None
    severity: str | None = None  # overrides ListInfo.severity
    russian: bool = False  # add Cyrillic forms of Latin names
    maybe_vessel: bool = False  # unknown type that is probably a ship (late OFAC names without a type)
    rule_id: str | None = None  # overrides f"{id_prefix}.{entry_id}"


@dataclass
class ListData:
    info: ListInfo
    entries: list[Entry]
    warnings: list[str] = field(default_factory=list)
    source_files: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class AliasNote:
    """An alias of the list that became weak or was dropped, and why."""

    rule_id: str
    alias: str
    action: str  # "weak" | "drop"
    reason: str


@dataclass
class ImportReport:
    """What an import kept, weakened and dropped, for the CLI summary and the sidecar file."""

    entries_read: int = 0
    filtered: Counter[str] = field(default_factory=Counter)  # entries left out, by filter
    rules: int = 0
    terms: int = 0
    weak_terms: int = 0
    notes: list[AliasNote] = field(default_factory=list)
    rules_dropped: list[str] = field(default_factory=list)  # entries without any usable alias
    vessel_context_rules: int = 0  # rules whose only aliases are weak, counted next to ship words
    country_context_rules: int = 0  # ... counted in a sentence naming the party's country
    warnings: list[str] = field(default_factory=list)

    @property
    def weakened(self) -> list[AliasNote]:
        return [n for n in self.notes if n.action == "weak"]

    @property
    def dropped(self) -> list[AliasNote]:
        return [n for n in self.notes if n.action == "drop"]

    def reasons(self, action: str) -> Counter[str]:
        return Counter(n.reason for n in self.notes if n.action == action)

    def summary(self) -> str:
        """A few lines for the terminal.

        Example::

            ofac-sdn: 17815 entries read, 17790 rules, 80212 terms (9811 weak)
              filtered out: 0
              aliases weakened: 3120 (common English word 1510, weak alias in the list 1320, ...)
              aliases dropped: 212 (one or two letters 200, no letters 12)
              entries without a usable alias: 25
        """
        lines = [f"{self.entries_read} entries read, {self.rules} rules, {self.terms} terms "
                 f"({self.weak_terms} weak)"]
        if self.filtered:
            lines.append("  left out by filters: " + _counts(self.filtered))
        weak, drop = self.reasons("weak"), self.reasons("drop")
        lines.append(f"  aliases weakened: {sum(weak.values())}" + (f" ({_counts(weak)})" if weak else ""))
        lines.append(f"  aliases dropped: {sum(drop.values())}" + (f" ({_counts(drop)})" if drop else ""))
        if self.vessel_context_rules:
            lines.append(f"  rules with only weak names, counted next to ship words: {self.vessel_context_rules}")
        if self.country_context_rules:
            lines.append("  rules with only weak names, counted in a sentence naming their country: "
                         f"{self.country_context_rules}")
        if self.rules_dropped:
            lines.append(f"  entries without a usable alias (no rule): {len(self.rules_dropped)}")
        lines.extend(f"  note: {w}" for w in self.warnings)
        return "\n".join(lines)


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass
class ImportResult:
    """Rules generated from one list, ready for ``write_rule_file`` or for validation.

    ``rules`` are plain dicts in the shape of ``RuleModel`` (``category`` and the list's
    ``severity`` come from ``defaults``, as in the written file).
    """

    info: ListInfo
    defaults: dict[str, Any]
    rules: list[dict[str, Any]]
    report: ImportReport
    source_files: list[Path] = field(default_factory=list)

    @property
    def shippable(self) -> bool:
        return self.info.shippable

    def summary(self) -> str:
        """``<list name>: <report summary>`` for the terminal (see ``ImportReport.summary``)."""
        return f"{self.info.list_name} ({self.info.fmt}): {self.report.summary()}"

    def file_data(self) -> dict[str, Any]:
        """The rule file as Python data (what ``yaml.load`` of the written file returns)."""
        return {"schema_version": 1, "defaults": dict(self.defaults), "rules": self.rules}

    def to_model(self) -> RuleFileModel:
        """Validate against the rule schema, with ``defaults`` merged into each rule as the loader does."""
        merged = [{**self.defaults, **rule} for rule in self.rules]
        return RuleFileModel.model_validate({"schema_version": 1, "rules": merged})


# --- filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    programs: frozenset[str] | None = None
    types: frozenset[str] | None = None
    countries: frozenset[str] | None = None
    lists: frozenset[str] | None = None

    @classmethod
    def make(cls, programs: Iterable[str] | None = None, types: Iterable[str] | None = None,
             countries: Iterable[str] | None = None, lists: Iterable[str] | None = None) -> Filters:
        def norm(values: Iterable[str] | None) -> frozenset[str] | None:
            if values is None:
                return None
            if isinstance(values, str):
                values = [values]
            out = frozenset(v.strip().casefold() for v in values if v and v.strip())
            return out or None

        type_set = norm(types)
        if type_set:
            type_set = frozenset("vessel" if t in ("ship", "vessels", "ships") else
                                 "individual" if t in ("person", "people", "individuals") else
                                 "entity" if t in ("entities", "organization", "company") else t
                                 for t in type_set)
            unknown = sorted(type_set - set(KINDS))
            if unknown:
                raise WatchlistError(f"unknown type {unknown[0]!r}: use one of {', '.join(KINDS)}")
        country_set = None
        if countries is not None:
            codes = set()
            for c in ([countries] if isinstance(countries, str) else countries):
                code = country_code(c)
                if code is None:
                    raise WatchlistError(f"unknown country {c!r}: give an ISO 3166 code such as CN or RU, "
                                         "or an English country name")
                codes.add(code.casefold())
            country_set = frozenset(codes) or None
        return cls(norm(programs), type_set, country_set, norm(lists))

    def reason_to_skip(self, entry: Entry) -> str | None:
        if self.lists is not None and entry.list_code.casefold() not in self.lists and \
                (entry.list_name or "").casefold() not in self.lists:
            return "list"
        if self.programs is not None and not any(p.casefold() in self.programs for p in entry.programs):
            return "program"
        if self.types is not None and entry.kind not in self.types:
            return "type"
        if self.countries is not None and not any(c.casefold() in self.countries for c in entry.countries):
            return "country"
        return None


# --- building rules --------------------------------------------------------------------------

_ID_BAD = re.compile(r"[^a-z0-9_.\-]+")
_SLUG_BAD = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = 60) -> str:
    """A readable rule-id part: "Harbin Institute of Technology" → "harbin-institute-of-technology"."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = _SLUG_BAD.sub("-", ascii_text.casefold()).strip("-")
    out = re.sub(r"-{2,}", "-", out)
    if len(out) > limit:
        out = out[:limit].rsplit("-", 1)[0] or out[:limit]
    return out or "x"


def _id_part(entry_id: str) -> str:
    part = _ID_BAD.sub("-", entry_id.strip().casefold()).strip("-")
    return part or "x"


def _sort_key(rule_id: str) -> tuple[Any, ...]:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\-]", rule_id))


def build_rules(data: ListData, filters: Filters | None = None) -> ImportResult:
    info = data.info
    filters = filters or Filters()
    report = ImportReport(entries_read=len(data.entries), warnings=list(data.warnings))
    rules: list[dict[str, Any]] = []
    used_ids: set[str] = set()
    for entry in data.entries:
        reason = filters.reason_to_skip(entry)
        if reason:
            report.filtered[reason] += 1
            continue
        rule_id = entry.rule_id or f"{info.id_prefix}.{_id_part(entry.entry_id)}"
        base, n = rule_id, 2
        while rule_id in used_ids:
            rule_id = f"{base}-{n}"
            n += 1
        used_ids.add(rule_id)
        # the party's country, else its program's (UK DPR regime: Korean name order); an East
        # Asian country of its program first (a North Korean posted in Russia)
        country = naming_country(entry.countries or entry.context_countries, program_countries(entry.programs))
        # Cyrillic forms are guessed only when the list gives none
        russian = entry.russian and not any(is_cyrillic(n.text) for n in entry.names)
        vessel = entry.kind == "vessel" or (entry.maybe_vessel and not entry.countries)
        # a late OFAC name without a type or a country is judged as the ship it most likely is
        # ("SIRIUS", "BUK"): its one word is not a company's distinctive name
        variants = NameVariants("vessel" if vessel else entry.kind, russian=russian, country=country,
                                primary=entry.display)
        for name in entry.names:
            variants.add(name)
        terms = variants.terms()
        if vessel:
            terms = _with_numeral_forms(terms)
        report.notes.extend(AliasNote(rule_id, n_.alias, n_.action, n_.reason) for n_ in variants.notes)
        near = exclude = None
        if terms and all(t.weak for t in terms):
            # No alias is specific enough alone: let the weak ones count in context, or drop.
            if vessel:
                one_word = [t.text for t in terms if len(t.text.split()) == 1]
                if one_word and len(one_word) == len(terms) and all(
                        assess(w).action == "strong" for w in one_word):
                    near = {"terms": VESSEL_DOCUMENT_CONTEXT, "within": "document"}
                    exclude = VESSEL_DOCUMENT_EXCLUDE
                elif one_word:
                    near, exclude = VESSEL_DESIGNATION_NEAR, VESSEL_EXCLUDE
                else:
                    near = {"terms": VESSEL_CONTEXT, "within": VESSEL_CONTEXT_WITHIN}
                    exclude = VESSEL_EXCLUDE
                terms = _with_capitals(terms)
                report.vessel_context_rules += 1
            elif entry.countries or entry.context_countries or program_countries(entry.programs):
                if entry.kind == "individual":
                    # a frequent surname or given name alone ("KIM, Kyu" -> "Kim", "AHMAD, Ayman" ->
                    # "Ahmad") next to the country's name is anyone of that name, not the listed
                    # person; a nickname or a rarer one-word name ("Izo", "Matiullah") stays
                    alone = [t for t in terms if len(t.text.split()) == 1 and not is_cjk(t.text)
                             and is_ordinary_name(t.text)]
                    report.notes.extend(AliasNote(rule_id, t.text, "drop", "frequent name of a person alone")
                                        for t in alone)
                    terms = [t for t in terms if t not in alone]
                if terms:
                    codes = entry.countries or entry.context_countries or program_countries(entry.programs)
                    near = {"terms": country_context(codes), "within": "sentence"}
                    report.country_context_rules += 1
            else:
                terms = []
        if not terms:
            report.rules_dropped.append(rule_id)
            continue
        rule: dict[str, Any] = {"id": rule_id, "name": entry.display}
        severity = entry.severity or info.severity
        if severity != info.severity:
            rule["severity"] = severity
        source: dict[str, Any] = {"list": entry.list_name or info.list_name, "entry_id": entry.entry_id}
        if entry.programs:
            source["program"] = ", ".join(entry.programs)
        if info.list_date:
            source["list_date"] = info.list_date
        source["url"] = entry.url or info.url
        rule["source"] = source
        tags = [f"program:{p}" for p in entry.programs]
        if entry.list_code:
            tags.append(f"list:{entry.list_code}")
        tags.append(f"type:{entry.kind}")
        tags += [f"country:{c}" for c in sorted(set(entry.countries))]
        rule["tags"] = _unique(tags)
        if near:
            rule["near"] = near
        if exclude:
            rule["exclude"] = exclude
        rule["terms"] = [t.to_yaml() for t in terms]
        report.terms += len(terms)
        report.weak_terms += sum(t.weak for t in terms)
        rules.append(rule)
        if vessel and not near:
            beside_ship_word = _ship_word_rule(rule, terms)
            if beside_ship_word is not None:
                used_ids.add(beside_ship_word["id"])
                report.terms += len(beside_ship_word["terms"])
                report.weak_terms += len(beside_ship_word["terms"])
                rules.append(beside_ship_word)
    rules.sort(key=lambda r: _sort_key(r["id"]))
    report.rules = len(rules)
    report.notes.sort(key=lambda n: (_sort_key(n.rule_id), n.action, n.alias))
    defaults = {"category": "entity", "severity": info.severity, "status": "stable",
                "author": f"watchlist-extractor importer ({info.fmt})"}
    return ImportResult(info, defaults, rules, report, list(data.source_files))


def _ship_word_rule(rule: dict[str, Any], terms: list[Term]) -> dict[str, Any] | None:
    """A ship with a distinctive name and weak one-word names ("RISE DIGNITY", a.k.a. "SOBAR"):
    the weak names count beside the distinctive one, and also, through this second rule citing
    the same entry, with a ship word written right next to them ("the tanker Sobar", "MT
    SOBAR"), as the names of a ship known only by one word do."""
    one_word = [Term(t.text, weak=True) for t in terms
                if t.weak and len(t.text.split()) == 1 and not is_cyrillic(t.text)]
    if not one_word:
        return None
    extra = {k: v for k, v in rule.items() if k in ("name", "severity", "source", "tags")}
    return {"id": f"{rule['id']}-beside-ship-word", **extra,
            "near": VESSEL_DESIGNATION_NEAR, "exclude": VESSEL_EXCLUDE,
            "terms": [t.to_yaml() for t in _with_capitals(one_word)]}


def _with_capitals(terms: list[Term]) -> list[Term]:
    """Weak names match as written; ship names are often written in capitals ("the
    Cameroon-flagged RESTON"), so that spelling counts too, as a weak alias alike."""
    capitals = [t.text.upper() for t in terms if not is_cyrillic(t.text)]
    written = {t.text for t in terms}
    return terms + [Term(text, weak=True) for text in dict.fromkeys(capitals) if text not in written]


_ROMAN_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_NUMERAL_OF = {**{r: str(i) for i, r in enumerate(_ROMAN_NUMERALS, 1)},
               **{str(i): r for i, r in enumerate(_ROMAN_NUMERALS, 1)}}


def _with_numeral_forms(terms: list[Term]) -> list[Term]:
    """A ship's number is written both ways: "BELLA 1" is "Bella I" in the press, "GRACE I"
    "Grace 1". Each term ending in 1-10 or I-X also gets the other form, as a weak alias: it
    counts beside the ship's other names or the rule's ship words ("GoPro Hero 2" is a camera,
    not the tanker HERO II)."""
    written = {t.text for t in terms}
    out = list(terms)
    for t in terms:
        head, _, last = t.text.rpartition(" ")
        other = _NUMERAL_OF.get(last)
        if head and other is not None and f"{head} {other}" not in written:
            out.append(replace(t, text=f"{head} {other}", weak=True, case_sensitive=False))
            written.add(f"{head} {other}")
    return out


def _unique(values: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    return [v for v in values if not (v in seen or seen.add(v))]


# --- reading helpers shared by the formats ----------------------------------------------------


def bad_input(path: Path, message: str, hint: str = "") -> WatchlistError:
    text = f"{display_path(path)}: {message}"
    if hint:
        text += f" ({hint})"
    return WatchlistError(text)


def read_text(path: Path) -> str:
    """A list file as text: UTF-8 (with or without BOM), else Windows-1252; a final 0x1A dropped."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise bad_input(path, "no such file", "check the path") from None
    except OSError as exc:
        raise bad_input(path, f"cannot read: {exc.strerror or exc}") from None
    raw = raw.rstrip(b"\x1a\r\n ")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def countries_from(values: Iterable[str | None]) -> list[str]:
    out: list[str] = []
    for value in values:
        code = country_code(value) if value else None
        if code and code not in out:
            out.append(code)
    return out


RUSSIA_COUNTRIES = frozenset({"RU", "BY", "UA"})


def russia_related(programs: Iterable[str], countries: Sequence[str]) -> bool:
    """Programs about Russia, Ukraine or Belarus, for a party in those countries (or unknown)."""
    if not any(re.search(r"RUSSIA|UKRAINE|BELARUS|RUS\b|^BEL$|Russia|Belarus", p) for p in programs):
        return False
    return not countries or any(c in RUSSIA_COUNTRIES for c in countries)
