"""OFAC importers: the SDN list (legacy CSV and the late-2025 JSON lines of names) and the
consolidated non-SDN list.

Formats (all US Treasury OFAC data, public domain):

- ``ofac-sdn``: ``sdn.csv`` (headerless: ent_num, name, type, programs, title, call sign, vessel
  type, tonnage, GRT, flag, owner, remarks; ``-0-`` is null; may end with 0x1A), with
  ``alt.csv`` (ent_num, alt_num, type, name, remarks) and ``add.csv`` (addresses: countries)
  found beside it. Weak a.k.a.s ("a.k.a. 'BNC'") are read from the remarks.
- ``ofac-sdn-names``: ``sdn_entities.jsonl`` (one entity per line: entity_id and names, from
  OFAC's advanced XML); types, programs and weak a.k.a.s are joined from ``sdn.csv`` beside it
  (or in ``../ofac_sdn/``, the shared/data/lists layout) or given as ``sdn_csv``, and aliases
  and countries from the ``alt.csv``/``add.csv`` beside that. Entities without a ``sdn.csv``
  row (designated after it) are imported with what is known: their names, countries, and a
  type guessed from the names.
- ``ofac-nonsdn``: ``cons_prim.csv`` + ``cons_alt.csv`` + ``cons_add.csv``, same layout as the
  SDN files (CMIC, SSI, NS-PLC, NS-MBS, FSE, CAPTA lists).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ._core import Entry, ListData, ListInfo, bad_input, countries_from, read_text, russia_related
from .names import (_ORGANISATION_NOUNS, SURNAME_PARTICLES, ListedName, PersonName, _generic, _key,
                    english_words, given_names, has_legal_form, is_common_word, news_case)

SDN_URL = "https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists"
NONSDN_URL = "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists"
ENTRY_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={}"
LICENCE = "public domain (U.S. Government work, OFAC)"

_TYPES = {"": "entity", "individual": "individual", "vessel": "vessel", "aircraft": "aircraft"}
_WEAK_AKA = re.compile(r"\b(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s+'(.+?)'(?=\s*[;.]|\s*$)")
_NATIONALITY = re.compile(r"\b(?:nationality|citizen)\s+([A-Z][^;.]*?)\s*(?:;|\.|$)")
_PERSON_COMMA = re.compile(r"^[^,]+,\s*[A-Z][a-z]")


@dataclass
class _Record:
    ent_num: int
    name: str
    kind: str
    programs: list[str]
    remarks: str
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (type, name)
    countries: list[str] = field(default_factory=list)

    def weak_akas(self) -> list[str]:
        return [m.group(1) for m in _WEAK_AKA.finditer(self.remarks)]

    def nationalities(self) -> list[str]:
        return [m.group(1) for m in _NATIONALITY.finditer(self.remarks)]


def _rows(path: Path, columns: int, what: str) -> list[list[str]]:
    """Rows of a headerless OFAC CSV, ``-0-`` as empty; one clear error on a foreign file."""
    text = read_text(path)
    out: list[list[str]] = []
    for line_no, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or all(not c.strip() for c in row):
            continue
        cells = [c.strip() for c in row]
        cells = ["" if c == "-0-" else c for c in cells]
        if not cells[0].isdigit() or len(cells) < columns:
            raise bad_input(path, f"line {line_no}: not an OFAC {what} row "
                            f"({len(cells)} columns, first {cells[0][:20]!r})",
                            f"expected the headerless legacy {what} with {columns} columns")
        out.append(cells[:columns])
    if not out:
        raise bad_input(path, f"no rows: an empty file is not an OFAC {what}")
    return out


def _read_main(path: Path, what: str) -> dict[int, _Record]:
    records: dict[int, _Record] = {}
    for cells in _rows(path, 12, what):
        kind = _TYPES.get(cells[2].casefold())
        if kind is None:
            raise bad_input(path, f"entry {cells[0]}: unknown type {cells[2]!r}",
                            "expected individual, vessel, aircraft or -0-")
        programs = [p.strip(" []") for p in cells[3].split("] [") if p.strip(" []")]
        records[int(cells[0])] = _Record(int(cells[0]), cells[1], kind, programs, cells[11])
    return records


def _read_alt(path: Path) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for cells in _rows(path, 4, "alt.csv"):
        if cells[3]:
            out[int(cells[0])].append((cells[2].casefold(), cells[3]))
    return out


def _read_add(path: Path) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for cells in _rows(path, 5, "add.csv"):
        if cells[4]:
            out[int(cells[0])].append(cells[4])
    return out


def _beside(path: Path, *names: str) -> Path | None:
    for name in names:
        candidate = path.parent / name
        if candidate.is_file():
            return candidate
    return None


def _resolve(path: Path, default_name: str) -> Path:
    if path.is_dir():
        candidate = path / default_name
        if not candidate.is_file():
            raise bad_input(path, f"folder has no {default_name}", f"give the {default_name} file")
        return candidate
    if not path.exists():
        raise bad_input(path, "no such file", "check the path")
    return path


def _load_legacy(main: Path, alt_names: tuple[str, ...], add_names: tuple[str, ...], what: str,
                 warnings: list[str]) -> tuple[dict[int, _Record], list[Path]]:
    records = _read_main(main, what)
    files = [main]
    alt = _beside(main, *alt_names)
    if alt is None:
        warnings.append(f"no {alt_names[0]} beside {main.name}: aliases not imported")
    else:
        files.append(alt)
        orphans = 0
        for ent, aliases in _read_alt(alt).items():
            if ent in records:
                records[ent].aliases.extend(aliases)
            else:
                orphans += 1
        if orphans:
            warnings.append(f"{alt.name}: aliases of {orphans} entries not in {main.name} ignored "
                            "(the files are of different dates)")
    add = _beside(main, *add_names)
    if add is not None:
        files.append(add)
        for ent, countries in _read_add(add).items():
            if ent in records:
                records[ent].countries.extend(countries)
    return records, files


def _entry(record: _Record, list_name: str) -> Entry:
    countries = countries_from([*record.countries, *record.nationalities()])
    entry = Entry(
        entry_id=str(record.ent_num),
        kind=record.kind,
        display=record.name,
        programs=record.programs,
        countries=countries,
        url=ENTRY_URL.format(record.ent_num),
        russian=russia_related(record.programs, countries),
    )
    # people are "SURNAME, Given" (parsed by the comma); other names of people, such as
    # noms de guerre ("DUGA PUSKA"), are kept as written
    def order(name: str) -> str:
        return "as_is" if record.kind == "individual" and "," not in name else "auto"

    entry.names.append(ListedName(record.name, order=order(record.name)))
    # alt.csv holds the a.k.a.s OFAC vouches for (its weak ones are in the remarks)
    entry.names.extend(ListedName(name, order=order(name), good_quality=True) for _, name in record.aliases)
    entry.names.extend(ListedName(name, weak=True, order=order(name)) for name in record.weak_akas())
    return entry


def read_sdn(path: Path, *, list_date: str | None = None) -> ListData:
    main = _resolve(path, "sdn.csv")
    warnings: list[str] = []
    records, files = _load_legacy(main, ("alt.csv", "ALT.CSV"), ("add.csv", "ADD.CSV"), "sdn.csv", warnings)
    info = ListInfo("ofac-sdn", "OFAC SDN", "ofac-sdn", list_date, LICENCE, SDN_URL, "high",
                    title="OFAC Specially Designated Nationals and Blocked Persons List (SDN)")
    entries = [_entry(r, info.list_name) for r in sorted(records.values(), key=lambda r: r.ent_num)]
    return ListData(info, entries, warnings, files)


def read_nonsdn(path: Path, *, list_date: str | None = None) -> ListData:
    main = _resolve(path, "cons_prim.csv")
    warnings: list[str] = []
    records, files = _load_legacy(main, ("cons_alt.csv", "CONS_ALT.CSV"), ("cons_add.csv", "CONS_ADD.CSV"),
                                  "cons_prim.csv", warnings)
    info = ListInfo("ofac-nonsdn", "OFAC Consolidated (non-SDN)", "ofac-nonsdn", list_date, LICENCE,
                    NONSDN_URL, "medium",
                    title="OFAC Consolidated Sanctions List, non-SDN lists (NS-CMIC, SSI, NS-PLC, "
                          "NS-MBS, FSE, CAPTA)")
    entries = [_entry(r, info.list_name) for r in sorted(records.values(), key=lambda r: r.ent_num)]
    return ListData(info, entries, warnings, files)


def read_sdn_names(path: Path, *, sdn_csv: Path | None = None, list_date: str | None = None) -> ListData:
    main = _resolve(path, "sdn_entities.jsonl")
    warnings: list[str] = []
    files = [main]
    if sdn_csv is None:  # beside the names file, or in the shared-data layout's ofac_sdn folder
        sdn_csv = _beside(main, "sdn.csv", "SDN.CSV")
        sibling = main.parent.parent / "ofac_sdn" / "sdn.csv"
        if sdn_csv is None and sibling.is_file():
            sdn_csv = sibling
    records: dict[int, _Record] = {}
    if sdn_csv is None:
        warnings.append("no sdn.csv beside the names file and none given: types and programs unknown")
    else:
        sdn_csv = _resolve(Path(sdn_csv), "sdn.csv")
        records, more = _load_legacy(sdn_csv, ("alt.csv", "ALT.CSV"), ("add.csv", "ADD.CSV"), "sdn.csv", [])
        files += more
        # alt.csv and add.csv may be newer than sdn.csv: keep them for entities sdn.csv lacks
        alt = _beside(sdn_csv, "alt.csv", "ALT.CSV")
        add = _beside(sdn_csv, "add.csv", "ADD.CSV")
        late_alt = {k: v for k, v in _read_alt(alt).items() if k not in records} if alt else {}
        late_add = {k: v for k, v in _read_add(add).items() if k not in records} if add else {}
    entries: list[Entry] = []
    seen: set[int] = set()
    text = read_text(main)
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            ent = int(item["entity_id"])
            names = [n["full_name"] for n in item["names"] if n.get("full_name")]
            primary = next((n["full_name"] for n in item["names"] if n.get("is_primary")), names[0] if names else "")
        except (ValueError, KeyError, TypeError, IndexError):
            raise bad_input(main, f"line {line_no}: not an OFAC names record",
                            'expected JSON lines like {"entity_id": 36, "names": [{"full_name": ...}]}') from None
        if not names:
            continue
        seen.add(ent)
        record = records.get(ent)
        if record is not None:
            entries.append(_joined_entry(record, names))
        else:
            entries.append(_late_entry(ent, primary, names, late_alt.get(ent, []) if sdn_csv else [],
                                       late_add.get(ent, []) if sdn_csv else []))
    # alt.csv may be newer than the names file too: entries designated since are known only by
    # their a.k.a.s (the Rosneft and Lukoil designations of October 2025, for one).
    alias_only = sorted(set(late_alt) - seen) if sdn_csv else []
    for ent in alias_only:
        aliases = late_alt[ent]
        entries.append(_late_entry(ent, aliases[0][1], [], aliases, late_add.get(ent, [])))
    if alias_only:
        warnings.append(f"{len(alias_only)} entries are only in alt.csv (designated after the names "
                        "file): imported from their a.k.a.s, with a guessed type, without programs")
    if records:
        gone = len(set(records) - seen)
        late = sum(1 for e in entries if int(e.entry_id) not in records and int(e.entry_id) in seen)
        if gone:
            warnings.append(f"{gone} entries of sdn.csv are not in the names file (delisted since): left out")
        if late:
            warnings.append(f"{late} entries have no sdn.csv row (designated later): imported with names, "
                            "countries and a guessed type, without programs")
    info = ListInfo("ofac-sdn-names", "OFAC SDN", "ofac-sdn", list_date, LICENCE, SDN_URL, "high",
                    title="OFAC Specially Designated Nationals and Blocked Persons List (SDN)")
    entries.sort(key=lambda e: int(e.entry_id))
    return ListData(info, entries, warnings, files)


def _joined_entry(record: _Record, names: list[str]) -> Entry:
    entry = _entry(record, "OFAC SDN")
    known = {_name_key(n.text, record.kind) for n in entry.names}
    weak = {_name_key(w, record.kind) for w in record.weak_akas()}
    for name in names:
        k = _name_key(name, record.kind)
        # people: the same name as sdn.csv/alt.csv (which give it with a comma) is skipped;
        # entities: every spelling is passed on (duplicates are merged, the list's own capitals kept)
        if k in known and (record.kind == "individual" or not any(ch.islower() for ch in name)):
            continue
        known.add(k)
        # the names file writes people surname first without a comma ("Putin Vladimir")
        entry.names.append(ListedName(name, weak=k in weak, order="surname_first"))
    return entry


def _name_key(name: str, kind: str) -> str:
    key = _key(name)
    return " ".join(sorted(key.split())) if kind == "individual" else key


# Words that make a name an organisation's, not a person's ("Harakat Ansar Allah al-Awfiya").
_ORGANISATION_WORDS = frozenset("harakat kataib liwa saraya jaysh ansar hizb jamaat tanzim".split())
# Countries whose people carry two surnames, written first in the names file
# ("Hernandez Larez Johan Alexander" is Johan Alexander Hernandez Larez).
_TWO_SURNAMES = frozenset("AR BO CL CO CR CU DO EC ES GT HN MX NI PA PE PY SV UY VE".split())


# Countries whose people the names file writes as one surname, the given name and the father's
# name ("Keot Dipankar Mohan", "Agarwal Ketan Rajendra"): the father's name at the end is a
# known first name where the given name may not be, so first names are not counted from the end.
_ONE_SURNAME = frozenset("IN NP".split())


_SURNAME_IN_CAPITALS = re.compile(r"(?=[A-Z'-]*[AEIOUY])[A-Z][A-Z'-]{2,}")  # a word, not "PB"


def _looks_like_person(primary: str, countries: list[str]) -> bool:
    """A late entry written surname first: "Mendeleev Sergey", "Wyss Anton Daniel", "GHAIRAT
    Hushang".

    The names file gives no type, and before this only a patronymic or a comma told a person.
    A name of two to five words with a country, no legal form and no digits, whose first word is
    not a first name or an English word and whose later words hold a first name, is a person's
    (ships, the other untyped late entries, have no country).
    """
    words = [w.strip(".,").casefold() for w in primary.split()]
    if not countries or not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in primary):
        return False
    if any(w in _ORGANISATION_WORDS or w in _ORGANISATION_NOUNS or w in _generic()["generic_words"]
           for w in words):
        return False
    # The file's own capitals: the surname in capitals, then the first names ("GHAIRAT Hushang",
    # "SANCHEZ MARTINEZ Emiliano"), as it writes every person; ships are all in capitals.
    written = primary.split()
    caps = 0
    while caps < len(written) and _SURNAME_IN_CAPITALS.fullmatch(written[caps]):
        caps += 1
    if (0 < caps < len(written) and all(w[:1].isupper() and any(ch.islower() for ch in w)
                                        for w in written[caps:])
            and (caps > 1 or len(written[0]) > 3)):  # "UAB Flavour Labs", "MIG Elektro": firms
        return True
    # After a particle the surname may well be a first name: "Bin Ahmad Mohammad Roslan".
    lead = 1 if words[0] in SURNAME_PARTICLES and len(words) > 2 else 0
    first = words[lead]
    if (not lead and first in given_names()) or is_common_word(first) or first in english_words():
        return False
    return any(w in given_names() for w in words[lead + 1:])


def _late_person(text: str, countries: list[str]) -> PersonName | None:
    """The parts of a late entry's person name written surname first (None: parse as usual).

    Capitals mark the surname where the file keeps them ("CASTANEDA MEZA Juan Carlos"); a
    Hispanic name of four words or more has two surnames; an Indian name one ("Keot Dipankar
    Mohan", the father's name last); otherwise the first names are the known first names at
    the end ("Viramontes Sesteaga Alan", "Al Ahmar Hamid Abdullah Hussein"), and failing those
    the first word is the surname.
    """
    words = text.split()
    if "," in text or len(words) < 2:
        return None  # parse_person reads commas itself
    cased = [news_case(w, person=True) for w in words]
    caps = 0
    while caps < len(words) and words[caps].isupper() and len(words[caps]) > 1:
        caps += 1
    if 0 < caps < len(words):
        surnames = caps
    elif caps:
        return None  # all in capitals: nothing tells the surname from the first names
    elif len(words) >= 4 and any(c in _TWO_SURNAMES for c in countries):
        surnames = 2
    elif any(c in _ONE_SURNAME for c in countries):
        surnames = 1
    else:
        first_names = 0
        while (first_names < len(words) - 1
               and words[-1 - first_names].strip(".,").casefold() in given_names()):
            first_names += 1
        surnames = len(words) - first_names if first_names else 1
    if not caps:
        # A particle is part of the surname that follows it: "Bin Ahmad Mohammad Roslan".
        if surnames < len(words) - 1 and words[surnames - 1].casefold() in SURNAME_PARTICLES:
            surnames += 1
    return PersonName(tuple(cased[surnames:]), " ".join(cased[:surnames]))


def _late_entry(ent: int, primary: str, names: list[str], aliases: list[tuple[str, str]],
                countries: list[str]) -> Entry:
    alias_names = [a for _, a in aliases]
    country_codes = countries_from(countries)
    if any(_PERSON_COMMA.match(a) for a in alias_names) or re.search(r"(?i)(ovich|evich|ovna|evna|ichna)$",
                                                                       primary.strip()):
        kind = "individual"
    elif has_legal_form(primary) or any(has_legal_form(n) for n in names):
        kind = "entity"
    elif _looks_like_person(primary, country_codes):
        kind = "individual"
    else:
        kind = "unknown"
    entry = Entry(str(ent), kind, primary, countries=country_codes, url=ENTRY_URL.format(ent))
    order = "surname_first" if kind == "individual" else "auto"
    seen: set[str] = set()
    vouched = {_name_key(a, kind) for a in alias_names}  # alt.csv a.k.a.s; the names file says no quality
    for name in [primary, *names, *alias_names]:
        k = _name_key(name, kind)
        if k in seen:
            continue
        seen.add(k)
        person = _late_person(name, country_codes) if kind == "individual" else None
        entry.names.append(ListedName(name, person=person, order="auto" if "," in name else order,
                                      good_quality=k in vouched))
        if person is not None:  # also as written: "Zhang Jian", or a name given first-name first
            entry.names.append(ListedName(name, order="as_is", good_quality=k in vouched))
    entry.russian = any(c in ("RU", "BY") for c in country_codes)
    # most late entries without a legal form or a person's name are ships ("ACE", "GLOBAL STAR")
    entry.maybe_vessel = kind == "unknown"
    return entry
