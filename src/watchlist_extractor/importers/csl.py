"""US Consolidated Screening List (trade.gov CSL) importer.

Format: CSV with a header (``_id, source, entity_number, type, programs, name, ..., addresses,
..., alt_names, citizenships, ..., nationalities, ..., source_information_url, ids``);
``alt_names`` are ``; ``-separated; a copy of the header row inside the file is skipped. Each
row belongs to one sub-list, named in ``source`` ("Entity List (EL) - Bureau of Industry and
Security"); its code in brackets (EL, MEU, UVL, DPL, ISN, DTC, SDN, SSI, CMIC, ...) becomes the
tag ``list:EL`` and can be filtered with ``lists=["EL"]``. Rows of the same sub-list with the
same name (the Entity List repeats a party per address) become one rule.
Public domain (U.S. Government work, ITA/BIS/State/Treasury).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ._core import Entry, ListData, ListInfo, bad_input, countries_from, read_text, slug
from .names import ListedName, _key, dedupe, has_legal_form, is_legal_form

URL = "https://www.trade.gov/consolidated-screening-list"
REQUIRED = {"source", "name", "alt_names", "type", "programs", "entity_number", "addresses"}

# Severity by sub-list: blocking sanctions high; export-control and procurement lists medium;
# lists that only call for extra diligence low.
SEVERITY = {
    "SDN": "high", "FSE": "high", "DPL": "high",
    "EL": "medium", "MEU": "medium", "ISN": "medium", "DTC": "medium", "SSI": "medium",
    "CMIC": "medium", "NS-MBS": "medium", "CAP": "medium", "CAPTA": "medium",
    "UVL": "low", "PLC": "low", "NS-PLC": "low",
}
# Treasury sub-lists: the same entries as the OFAC lists (imported from OFAC's own files).
TREASURY = frozenset({"SDN", "SSI", "CMIC", "NS-MBS", "PLC", "NS-PLC", "FSE", "CAP", "CAPTA"})
_TYPES = {"individual": "individual", "entity": "entity", "vessel": "vessel", "aircraft": "aircraft"}
_CODE = re.compile(r"\(([A-Z][A-Z0-9\- ]*)\)")
_PATRONYMIC = re.compile(r"(?i)(ovich|evich|ovna|evna|ichna)\b")
_FORMERLY = re.compile(r"(?i)\s*,?\s*\bf\.\s?k\.\s?a\.?\s*,?\s*")
_ACRONYM = re.compile(r"[A-Z]{2,6}")
# The Federal Register's writing, copied into the CSL: "...; and China Nuclear Baotou Guanghua",
# "(Parent Organization: China National Nuclear Group Corporation (CNNC))", and apostrophes lost
# in its encoding ("Aviation Industry Corporation of China?s (AVIC) Institute 625")
_LIST_AND = re.compile(r"^(?:and|or)\s+")
_PARENT = re.compile(r"\s*\((?:parent organization|subordinate (?:institution|to))\b[^()]*(?:\([^()]*\)[^()]*)*\)",
                     re.IGNORECASE)
_LOST_APOSTROPHE = re.compile(r"(?<=\w)\?(?=[a-z])")  # the rest were quotation marks


def clean_csl_name(text: str) -> str:
    """A name as the Federal Register writes it, as a name.

    >>> clean_csl_name("and China Nuclear Baotou Guanghua")
    'China Nuclear Baotou Guanghua'
    >>> clean_csl_name("Baotou Guanghua Chemical Industrial Corporation (Parent Organization: "
    ...                "China National Nuclear Group Corporation (CNNC))")
    'Baotou Guanghua Chemical Industrial Corporation'
    >>> clean_csl_name("Aviation Industry Corporation of China?s (AVIC) Institute 625")
    "Aviation Industry Corporation of China's (AVIC) Institute 625"
    >>> clean_csl_name("AO ?Institute Giprostroymost?Saint-Petersburg?")
    'AO Institute Giprostroymost Saint-Petersburg'
    """
    text = _LOST_APOSTROPHE.sub("'", text.strip())
    text = " ".join(text.replace("?", " ").split())
    return _PARENT.sub("", _LIST_AND.sub("", text)).strip()


def split_joined_aliases(alias: str) -> list[str]:
    """Some CSL rows hold several names in one ``alt_names`` item, joined with commas or
    "f.k.a." ("Defence Industries Organisation, DIO, Saseman Sanaje Defa"): one name each.

    A comma-joined item is split only when it is a list of names, not one name with commas
    ("Massandra State Concern, National Production and Agrarian Union, OJSC"): three pieces or
    more, none of them a legal form, and one an acronym or all starting with the same word.

    >>> split_joined_aliases("Defence Industries Organisation, DIO, Saseman Sanaje Defa")
    ['Defence Industries Organisation', 'DIO', 'Saseman Sanaje Defa']
    >>> split_joined_aliases("NIIP, f.k.a., Otkrytoe Aktsionernoe Obshchestvo NII Priborostroeniya")
    ['NIIP', 'Otkrytoe Aktsionernoe Obshchestvo NII Priborostroeniya']
    >>> split_joined_aliases("Massandra State Concern, National Production and Agrarian Union, OJSC")
    ['Massandra State Concern, National Production and Agrarian Union, OJSC']
    """
    names: list[str] = []
    for part in (p.strip(" ,") for p in _FORMERLY.split(alias)):
        if not part:
            continue
        pieces = [piece.strip() for piece in part.split(", ")]
        is_list = (len(pieces) >= 3 and all(piece and not is_legal_form(piece) for piece in pieces)
                   and (any(_ACRONYM.fullmatch(piece) for piece in pieces)
                        or len({piece.split()[0].casefold() for piece in pieces}) == 1))
        names += pieces if is_list else [part]
    return names


def list_code(source: str) -> str:
    """"Entity List (EL) - Bureau of Industry and Security" → "EL"."""
    match = _CODE.search(source)
    if match:
        return match.group(1).replace("NS-MBS List", "NS-MBS").strip()
    return slug(source.split(" - ")[0]).upper()


def read_csl(path: Path, *, list_date: str | None = None) -> ListData:
    if path.is_dir():
        found = sorted(path.glob("*.csv"))
        if len(found) != 1:
            raise bad_input(path, "give the CSL .csv file, not a folder")
        path = found[0]
    text = read_text(path)
    reader = csv.DictReader(io.StringIO(text))
    missing = REQUIRED - set(reader.fieldnames or [])
    if missing:
        raise bad_input(path, f"not a Consolidated Screening List CSV: no column {sorted(missing)[0]!r}",
                        "expected the trade.gov CSL CSV with its header row")
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    dates: list[str] = []
    for row in reader:
        if row.get("source") == "source" or not (row.get("name") or "").strip():
            continue  # the header row repeated inside the file
        code = list_code(row["source"])
        number = (row.get("entity_number") or "").strip()
        key = (code, number if number else _key(row["name"]))
        groups.setdefault(key, []).append(row)
        if (row.get("start_date") or "")[:10]:
            dates.append(row["start_date"][:10])
    if not groups:
        raise bad_input(path, "no entries", "expected the trade.gov CSL CSV")
    info = ListInfo("csl", "US CSL", "csl", list_date or (max(dates) if dates else None),
                    "public domain (U.S. Government work, ITA/Commerce, State, Treasury)", URL,
                    "medium", title="US Consolidated Screening List (trade.gov CSL)")
    entries = [_entry(code, rows) for (code, _), rows in groups.items()]
    entries.sort(key=lambda e: (e.list_code, e.rule_id or ""))
    _unique_ids(entries)
    return ListData(info, entries, [], [path])


def _entry(code: str, rows: list[dict[str, str]]) -> Entry:
    first = rows[0]
    raw_name = first["name"].strip()  # rule ids stay those of the list's own spelling
    name = clean_csl_name(raw_name)
    number = (first.get("entity_number") or "").strip()
    kind = _TYPES.get((first.get("type") or "").strip().casefold())
    if kind is None:
        if has_legal_form(name):
            kind = "entity"
        elif _PATRONYMIC.search(name):
            kind = "individual"
        else:
            kind = "unknown"
    aliases: list[str] = []
    countries: list[str] = []
    programs: list[str] = []
    for row in rows:
        aliases += [alias for a in map(clean_csl_name, (row.get("alt_names") or "").split(";")) if a
                    for alias in split_joined_aliases(a)]
        for address in (row.get("addresses") or "").split(";"):
            tail = address.strip().rsplit(",", 1)[-1].strip()
            if len(tail) == 2:
                countries.append(tail)
        for column in ("nationalities", "citizenships"):
            countries += [c.strip() for c in (row.get(column) or "").split(";") if c.strip()]
        programs += [p.strip() for p in (row.get("programs") or "").split(";") if p.strip()]
    country_codes = countries_from(countries)
    programs = dedupe(programs)
    source_name = first["source"].split(" - ")[0].strip()
    entry = Entry(
        entry_id=number or slug(raw_name),
        kind=kind,
        display=name,
        programs=programs,
        countries=country_codes,
        list_code=code,
        list_name=f"US CSL: {source_name}",
        url=(first.get("source_information_url") or first.get("source_list_url") or URL).strip() or URL,
        severity=SEVERITY.get(code, "medium"),
        russian=any(c in ("RU", "BY") for c in country_codes),
    )
    entry.rule_id = f"csl.{slug(code, 20)}.{number or slug(raw_name)}"
    # people: "SURNAME, Given" (Treasury rows) is parsed by its comma; other names are kept as written
    def order(text: str) -> str:
        return "auto" if kind != "individual" or "," in text else "as_is"

    entry.names = [ListedName(name, order=order(name))] + [ListedName(a, order=order(a)) for a in dedupe(aliases)]
    return entry


def _unique_ids(entries: list[Entry]) -> None:
    seen: dict[str, int] = {}
    for entry in entries:
        rid = entry.rule_id or ""
        if rid in seen:
            seen[rid] += 1
            entry.rule_id = f"{rid}-{seen[rid]}"
        else:
            seen[rid] = 1
