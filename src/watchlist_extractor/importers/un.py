"""UN Security Council Consolidated List importer (the official XML; a public UN document).

Format: ``CONSOLIDATED_LIST`` (attribute ``dateGenerated``) > ``INDIVIDUALS/INDIVIDUAL`` and
``ENTITIES/ENTITY`` with ``REFERENCE_NUMBER`` (QDe.115: rule id ``un.qde.115``),
``UN_LIST_TYPE`` (the sanctions regime: Al-Qaida, DPRK, Taliban, ...), names in
``FIRST_NAME``..``FOURTH_NAME``, ``NAME_ORIGINAL_SCRIPT``, aliases in ``INDIVIDUAL_ALIAS`` /
``ENTITY_ALIAS`` (``QUALITY`` Good/Low/a.k.a./f.k.a.; "Low" becomes a weak alias), and
countries in ``NATIONALITY`` and the addresses. Korean names (DPRK regime) are written surname
first (FIRST_NAME is the family name).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ._core import Entry, ListData, ListInfo, bad_input, countries_from
from .names import ListedName, PersonName, is_cjk, is_cyrillic, news_case

URL = "https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list"
LICENCE = "public UN document (United Nations Security Council Consolidated List)"


def _text(element: ET.Element | None, tag: str) -> str:
    if element is None:
        return ""
    return (element.findtext(tag) or "").strip()


def read_un(path: Path, *, list_date: str | None = None) -> ListData:
    if path.is_dir():
        found = sorted(path.glob("*.xml"))
        if len(found) != 1:
            raise bad_input(path, "give the UN consolidated list .xml file, not a folder")
        path = found[0]
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise bad_input(path, "no such file", "check the path") from None
    except ET.ParseError as exc:
        raise bad_input(path, f"not valid XML ({exc})", "expected the UN consolidated list XML") from None
    if root.tag != "CONSOLIDATED_LIST":
        raise bad_input(path, f"not the UN consolidated list (root element <{root.tag}>)",
                        "expected <CONSOLIDATED_LIST>")
    generated = root.get("dateGenerated", "")[:10] or None
    info = ListInfo("un", "UN Security Council Consolidated List", "un", list_date or generated, LICENCE, URL,
                    "high", title="United Nations Security Council Consolidated List")
    entries: list[Entry] = []
    for person in root.iterfind("INDIVIDUALS/INDIVIDUAL"):
        entries.append(_individual(person))
    for entity in root.iterfind("ENTITIES/ENTITY"):
        entries.append(_entity(entity))
    entries = [e for e in entries if e.names]
    return ListData(info, entries, [], [path])


def _common(element: ET.Element, kind: str, display: str) -> Entry:
    ref = _text(element, "REFERENCE_NUMBER") or _text(element, "DATAID")
    regime = _text(element, "UN_LIST_TYPE")
    countries = [v.text or "" for v in element.iterfind("NATIONALITY/VALUE")]
    for tag in ("INDIVIDUAL_ADDRESS", "ENTITY_ADDRESS"):
        countries += [a.findtext("COUNTRY") or "" for a in element.iterfind(tag)]
    entry = Entry(ref, kind, display, programs=[regime] if regime else [],
                  countries=countries_from(c.strip() for c in countries), url=URL)
    return entry


def _individual(element: ET.Element) -> Entry:
    parts = [_text(element, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    parts = [p for p in parts if p]
    display = " ".join(parts)
    entry = _common(element, "individual", display)
    korean = entry.entry_id.upper().startswith("KP")
    if parts:
        cased = [news_case(p, person=True) for p in parts]
        if len(cased) == 1:
            person = PersonName((), cased[0])
        elif korean:
            # "PAK TO CHUN": FIRST_NAME is the family name; write the given names first as well
            person = PersonName((" ".join(cased[1:]),), cased[0])
            entry.names.append(ListedName(" ".join(cased), order="as_is"))
        else:
            person = PersonName(tuple(cased[:-1]), cased[-1])
        entry.names.append(ListedName(display, person=person))
    original = _text(element, "NAME_ORIGINAL_SCRIPT")
    if original:
        entry.names.append(ListedName(original, order="auto" if is_cyrillic(original) else "as_is"))
    for alias in element.iterfind("INDIVIDUAL_ALIAS"):
        name = _text(alias, "ALIAS_NAME")
        if name:
            quality = _text(alias, "QUALITY").casefold()
            # "Al-Haq, Amin" is parsed by its comma; other aliases are kept as written
            entry.names.append(ListedName(name, weak=quality == "low",
                                          order="auto" if "," in name and not is_cjk(name) else "as_is"))
    return entry


def _entity(element: ET.Element) -> Entry:
    name = _text(element, "FIRST_NAME")
    entry = _common(element, "entity", name)
    if name:
        entry.names.append(ListedName(name))
    original = _text(element, "NAME_ORIGINAL_SCRIPT")
    if original:
        entry.names.append(ListedName(original))
    for alias in element.iterfind("ENTITY_ALIAS"):
        alias_name = _text(alias, "ALIAS_NAME")
        if alias_name:
            quality = _text(alias, "QUALITY").casefold()
            entry.names.append(ListedName(alias_name, weak=quality == "low", good_quality=quality == "good"))
    return entry
