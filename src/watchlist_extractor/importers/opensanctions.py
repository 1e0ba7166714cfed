"""OpenSanctions-style CSV importer: lists transcribed by OpenSanctions (CC BY-NC 4.0).

Their data may be imported by a user for their own screening, but rules generated from it are
never shipped as the project's defaults (``ImportResult.shippable`` is False).
The layout is sniffed from the header row:

- EU Regulation 833/2014 and 269/2014 annexes (``celex, recordId, programKey, annex, measure,
  startDate, ..., schema, name, alias, weakAlias, previousName, country, ...``): aliases are
  ``; ``-separated, Russian and Ukrainian forms of a person joined by `` / ``; rule ids
  ``eu-833.896``, ``eu-269.946``; severity high for asset freezes (269), medium for export
  control and other measures (833);
- US DoD Section 1260H "Chinese military companies" (``Name, Clean Name, Alias, Previous Name,
  ...``): one rule per company across the yearly tranches; rows with an end date are left out;
  severity medium;
- US NDAA FY2019 Section 1286 (``schema, name, aliases, topics, program, ...``): severity low;
- BIS Military-Intelligence End Users (``Type, Name, Alias, Country, Topics, Program, Date, ...``):
  severity medium.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ._core import Entry, ListData, ListInfo, bad_input, countries_from, read_text, russia_related, slug
from .names import ListedName, _key, dedupe, split_parenthetical, strip_legal_forms

LICENCE = "CC BY-NC 4.0 (OpenSanctions transcription): not for shipped defaults"
_SCHEMAS = {"person": "individual", "vessel": "vessel", "legalentity": "entity", "company": "entity",
            "organization": "entity", "airplane": "aircraft", "asset": "unknown"}


def read_opensanctions(path: Path, *, list_date: str | None = None) -> ListData:
    if path.is_dir():
        raise bad_input(path, "give one OpenSanctions .csv file, not a folder")
    text = read_text(path)
    reader = csv.DictReader(io.StringIO(text))
    header = {h.strip() for h in (reader.fieldnames or [])}
    rows = [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]
    if {"celex", "recordId", "schema", "name", "alias"} <= header:
        return _eu(path, rows, list_date)
    if {"Name", "Clean Name", "Alias"} <= header:
        return _dod_1260h(path, rows, list_date)
    if {"schema", "name", "aliases", "program"} <= header:
        return _ndaa_1286(path, rows, list_date)
    if {"Type", "Name", "Alias", "Country", "Program"} <= header:
        return _mieu(path, rows, list_date)
    if "covered_equipment_or_services" in header:
        raise bad_input(path, "the FCC Covered List names equipment and services, not parties",
                        "nothing to import as entity rules; see rules/goods for equipment")
    raise bad_input(path, "unknown OpenSanctions CSV layout",
                    "supported: EU 833/269 annexes, DoD 1260H, NDAA 1286, BIS MIEU")


def _split(value: str) -> list[str]:
    parts = re.split(r";\s*|\s+/\s+|,(?=\S)", value)
    return [p.strip(" ‘’'\"") for p in parts if p.strip(" ‘’'\"")]


def _dmy(date: str) -> str | None:
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", date)
    return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else None


def _eu(path: Path, rows: list[dict[str, str]], list_date: str | None) -> ListData:
    if not rows:
        raise bad_input(path, "no rows")
    celex = rows[0]["celex"]
    match = re.fullmatch(r"3?(\d{4})R0*(\d+)", celex)  # 32014R0833: sector 3, 2014, regulation 833
    number, year = (match.group(2), match.group(1)) if match else (slug(celex), "")
    prefix = f"eu-{number}"
    dates = [d for d in (_dmy(r.get("startDate", "")) for r in rows) if d]
    freeze = any(r.get("measure", "").casefold() == "asset freeze" for r in rows)
    info = ListInfo("opensanctions", f"EU Regulation {number}/{year}".rstrip("/"), prefix, list_date or (max(dates) if dates else None),
                    LICENCE, f"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{celex}",
                    "high" if freeze else "medium", shippable=False,
                    title=f"EU Regulation {number}/{year} (OpenSanctions transcription of CELEX {celex})")
    entries = []
    for row in rows:
        kind = _SCHEMAS.get(row.get("schema", "").casefold(), "unknown")
        program = f"{row.get('programKey', 'EU')} Annex {row.get('annex', '')}".strip()
        countries = countries_from([*_split(row.get("country", "")), *_split(row.get("nationality", "")),
                                    *_split(row.get("jurisdiction", "")), *_split(row.get("flag", ""))])
        if not countries and "Russian Federation" in row.get("address", ""):
            countries = ["RU"]
        # record ids restart in each annex: the rule id names both ("eu-833.iv.896")
        entry = Entry(row["recordId"], kind, row["name"], programs=[program], countries=countries,
                      rule_id=f"{prefix}.{slug(row.get('annex', '') or 'annex')}.{slug(row['recordId'])}",
                      list_code=f"Annex {row.get('annex', '')}",
                      severity="high" if row.get("measure", "").casefold() == "asset freeze" else "medium",
                      russian=russia_related(["RUSSIA"], countries))
        order = "auto"
        entry.names = [ListedName(row["name"], order=order)]
        entry.names += [ListedName(a, order=order) for a in _split(row.get("alias", ""))]
        entry.names += [ListedName(a, order=order) for a in _split(row.get("previousName", ""))]
        entry.names += [ListedName(a, weak=True, order=order) for a in _split(row.get("weakAlias", ""))]
        entries.append(entry)
    return ListData(info, entries, [], [path])


def _dod_1260h(path: Path, rows: list[dict[str, str]], list_date: str | None) -> ListData:
    groups: dict[str, list[dict[str, str]]] = {}
    ended = 0
    for row in rows:
        if row.get("End date"):
            ended += 1
            continue
        name = row.get("Clean Name") or row.get("Name", "")
        # one company per name, whatever the tranche wrote after it ("(CH UAV)", "Co., Ltd")
        groups.setdefault(_key(strip_legal_forms(split_parenthetical(name.rstrip("*"))[0])), []).append(row)
    dates = [r.get("Start date", "")[:10] for r in rows if r.get("Start date")]
    info = ListInfo("opensanctions", "US DoD Section 1260H", "dod-1260h", list_date or (max(dates) if dates else None),
                    LICENCE, "https://www.defense.gov/News/Releases/", "medium", shippable=False,
                    title="US DoD Section 1260H list of Chinese military companies (OpenSanctions transcription)")
    entries = []
    for rows_ in groups.values():
        first = rows_[-1]
        name = first.get("Clean Name") or first["Name"]
        entry = Entry(slug(name), "entity", name, programs=["1260H"], countries=["CN"],
                      url=first.get("Source Url") or info.url)
        names = []
        for row in rows_:
            main, extra = split_parenthetical(row["Name"].rstrip("*"))
            names += [row.get("Clean Name") or main, main, *extra, *_split(row.get("Alias", "")),
                      *_split(row.get("Previous Name", ""))]
        entry.names = [ListedName(n) for n in dedupe(names)]
        entries.append(entry)
    warnings = [f"{ended} rows with an end date (removed from the list) left out"] if ended else []
    return ListData(info, entries, warnings, [path])


def _ndaa_1286(path: Path, rows: list[dict[str, str]], list_date: str | None) -> ListData:
    groups: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        groups.setdefault(_key(row["name"]), []).append(row)
    dates = [r.get("report-date", "") for r in rows if r.get("report-date")]
    info = ListInfo("opensanctions", "US NDAA Section 1286", "ndaa-1286", list_date or (max(dates) if dates else None),
                    LICENCE, "https://basicresearch.defense.gov/", "low", shippable=False,
                    title="US NDAA FY2019 Section 1286 list of foreign institutions (OpenSanctions transcription)")
    entries = []
    for rows_ in groups.values():
        first = rows_[0]
        countries = countries_from(r.get("country", "") for r in rows_)
        entry = Entry(slug(first["name"]), "entity", first["name"], programs=["1286"], countries=countries,
                      url=first.get("source_url") or info.url)
        names = [first["name"]] + [a for r in rows_ for a in _split(r.get("aliases", ""))]
        entry.names = [ListedName(n) for n in dedupe(names)]
        entries.append(entry)
    return ListData(info, entries, [], [path])


def _mieu(path: Path, rows: list[dict[str, str]], list_date: str | None) -> ListData:
    dates = [r.get("Date", "") for r in rows if r.get("Date")]
    info = ListInfo("opensanctions", "BIS Military-Intelligence End User List", "bis-mieu",
                    list_date or (max(dates) if dates else None), LICENCE,
                    "https://www.bis.gov/", "medium", shippable=False,
                    title="BIS Military-Intelligence End User (MIEU) List (OpenSanctions transcription)")
    entries = []
    for row in rows:
        kind = "individual" if row.get("Type", "").casefold() == "person" else "entity"
        countries = countries_from(_split(row.get("Country", "")))
        entry = Entry(slug(row["Name"]), kind, row["Name"], programs=[row.get("Program", "") or "MIEU"],
                      countries=countries, url=row.get("Source URL") or info.url)
        entry.names = [ListedName(n) for n in dedupe([row["Name"], *_split(row.get("Alias", ""))])]
        entries.append(entry)
    return ListData(info, entries, [], [path])
