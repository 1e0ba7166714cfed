"""UK Sanctions List importer (FCDO; Open Government Licence v3.0).

Format: two CSV files side by side (a normalised extract of the official UK Sanctions List):
``subjects.csv`` (unique_id such as RUS2299, subject_type individual/entity/ship,
un_reference_number, ofsi_group_id, date_designated, last_updated as dd/mm/yyyy) and
``subject_names.csv`` (name_id, unique_id, name_type primary/primary_variation/alias,
alias_strength good_quality_aka/low_quality_aka, full_name, name_6 = surname or entity name,
name_1..name_5 = forenames). Give either file or their folder. Low-quality a.k.a.s become weak
aliases. The regime (program) is the prefix of the id: RUS = Russia, CYB = Cyber, ...
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from ._core import Entry, ListData, ListInfo, bad_input, read_text
from .names import ListedName, PersonName, news_case

URL = "https://www.gov.uk/government/publications/the-uk-sanctions-list"
LICENCE = "Open Government Licence v3.0 (Crown copyright, FCDO UK Sanctions List)"

REGIMES = {
    "AFG": "Afghanistan", "AQD": "ISIL (Da'esh) and Al-Qaida", "BEL": "Belarus",
    "BIH": "Bosnia and Herzegovina", "CAF": "Central African Republic", "CHW": "Chemical Weapons",
    "CTD": "Counter-Terrorism (Domestic)", "CTI": "Counter-Terrorism (International)", "CYB": "Cyber",
    "DPR": "Democratic People's Republic of Korea", "DRC": "Democratic Republic of the Congo",
    "GAC": "Global Anti-Corruption", "GHR": "Global Human Rights", "GIM": "Global Irregular Migration",
    "GUB": "Guinea-Bissau", "GUC": "Guinea", "HAI": "Haiti", "INU": "Iran (Nuclear)", "IRN": "Iran",
    "IRQ": "Iraq", "LIB": "Libya", "MAL": "Mali", "MYA": "Myanmar", "NIC": "Nicaragua", "RUS": "Russia",
    "SOM": "Somalia", "SSU": "South Sudan", "SUD": "Sudan", "SYR": "Syria", "VEN": "Venezuela",
    "YEM": "Yemen",
}
_KINDS = {"individual": "individual", "entity": "entity", "ship": "vessel"}
_RUSSIAN_FORMS = ("ooo", "ao", "zao", "oao", "pao", "nao", "jsc", "cjsc", "ojsc", "pjsc", "llc",
                  "joint stock company", "limited liability company", "fgup", "fsue", "federal state")


def _locate(path: Path) -> tuple[Path, Path]:
    folder = path if path.is_dir() else path.parent
    subjects, names = folder / "subjects.csv", folder / "subject_names.csv"
    for required in (subjects, names):
        if not required.is_file():
            raise bad_input(path, f"no {required.name} beside it",
                            "the UK importer needs subjects.csv and subject_names.csv in one folder")
    return subjects, names


def _rows(path: Path, required: set[str]) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(read_text(path)))
    missing = required - set(reader.fieldnames or [])
    if missing:
        raise bad_input(path, f"not a UK sanctions list file: no column {sorted(missing)[0]!r}")
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _iso(date: str) -> str | None:
    try:
        return dt.datetime.strptime(date, "%d/%m/%Y").date().isoformat()
    except ValueError:
        return None


def read_uk(path: Path, *, list_date: str | None = None) -> ListData:
    subjects_path, names_path = _locate(path)
    subjects = _rows(subjects_path, {"unique_id", "subject_type", "last_updated"})
    names = _rows(names_path, {"unique_id", "name_type", "alias_strength", "full_name", "name_6", "name_1"})
    by_id: dict[str, list[dict[str, str]]] = {}
    for row in names:
        by_id.setdefault(row["unique_id"], []).append(row)
    dates = [d for d in (_iso(s["last_updated"]) for s in subjects) if d]
    info = ListInfo("uk", "UK Sanctions List", "uk", list_date or (max(dates) if dates else None), LICENCE, URL,
                    "high", title="UK Sanctions List (FCDO)")
    order = {"primary": 0, "primary_variation": 1, "alias": 2}
    entries: list[Entry] = []
    warnings: list[str] = []
    without_names = 0
    for subject in subjects:
        uid = subject["unique_id"]
        kind = _KINDS.get(subject["subject_type"].casefold())
        if kind is None:
            raise bad_input(subjects_path, f"{uid}: unknown subject_type {subject['subject_type']!r}",
                            "expected individual, entity or ship")
        rows = sorted(by_id.get(uid, []), key=lambda r: (order.get(r["name_type"], 3), r.get("name_id", "")))
        if not rows:
            without_names += 1
            continue
        regime = REGIMES.get(uid[:3].upper(), uid[:3].upper())
        primary = rows[0]["full_name"]
        entry = Entry(uid, kind, primary, programs=[regime], url=URL)
        entry.names = [_listed(row, kind) for row in rows if row["full_name"]]
        if uid[:3].upper() in ("RUS", "BEL") and kind != "vessel":
            lowered = " ".join(r["full_name"].casefold() for r in rows)
            entry.russian = kind == "individual" or any(f" {f} " in f" {lowered} " for f in _RUSSIAN_FORMS)
        entries.append(entry)
    if without_names:
        warnings.append(f"{without_names} subjects have no names in {names_path.name}: left out")
    return ListData(info, entries, warnings, [subjects_path, names_path])


def _listed(row: dict[str, str], kind: str) -> ListedName:
    weak = row["alias_strength"] == "low_quality_aka"
    good = row["alias_strength"] == "good_quality_aka"
    if kind == "individual":
        given = tuple(news_case(row[f"name_{i}"], person=True)
                      for i in range(1, 6) if row.get(f"name_{i}"))
        surname = news_case(row["name_6"], person=True)
        if surname and given:
            return ListedName(row["full_name"], weak=weak, person=PersonName(given, surname), good_quality=good)
        return ListedName(row["full_name"], weak=weak, order="as_is", good_quality=good)
    return ListedName(row["full_name"], weak=weak, good_quality=good)
