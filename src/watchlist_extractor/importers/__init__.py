"""Importers (before loading): official sanctions lists → rule files under ``rules/``.

Library API (the CLI calls exactly these; only the CLI prints)::

    import_list(fmt: str, path: Path | str, *, programs: Iterable[str] | None = None,
                types: Iterable[str] | None = None, countries: Iterable[str] | None = None,
                lists: Iterable[str] | None = None, list_date: str | None = None,
                sdn_csv: Path | str | None = None) -> ImportResult
        Read one list and build its rules. ``fmt`` is one of FORMATS; ``path`` is the list file
        (or its folder). Filters keep entries with any of the given programs (as the list writes
        them: "RUSSIA-EO14024", UK "Russia", UN "Al-Qaida"), types ("entity", "individual",
        "vessel", "aircraft"; entries of unknown type are left out by a type filter), countries
        (ISO codes or English names) or CSL sub-lists ("EL", "MEU", ...). ``list_date``
        (YYYY-MM-DD) is recorded in every rule's source when the file carries no date of its own
        (OFAC files). ``sdn_csv``: for ``ofac-sdn-names``, the sdn.csv to take types and
        programs from (default: one beside the names file).
        Raises WatchlistError (one line naming the file and what to do) for a bad input file.

    write_rule_file(result: ImportResult, out_path: Path | str, *, report: bool = True,
                    header: Sequence[str] = ()) -> list[Path]
        Write deterministic, compact YAML to ``out_path`` and, with ``report``, the weakened and
        dropped aliases to ``<stem>.report.tsv`` beside it (tab-separated: rule_id, action,
        reason, alias). Returns the paths written.

    regenerate_shipped_rules(lists_dir: Path | str, rules_dir: Path | str = "rules/lists") -> Regenerated
        Rebuild every file under ``rules_dir`` (the project's rules/lists) from ``lists_dir``, a
        folder laid out like shared/data/lists. CLI: ``watchlist rules regenerate LISTS_DIR``.

``ImportResult``: ``.rules`` (dicts in the shape of RuleModel), ``.defaults``, ``.info`` (list
name, date, licence, ``shippable``), ``.report`` (``ImportReport``: counts, ``.weakened``,
``.dropped``, ``.summary()`` for the terminal), ``.to_model()`` (validated RuleFileModel).

Formats (FORMATS): ``ofac-sdn`` (sdn.csv + alt.csv/add.csv beside it), ``ofac-sdn-names``
(sdn_entities.jsonl; types and programs joined from sdn.csv), ``ofac-nonsdn`` (cons_prim.csv +
cons_alt.csv/cons_add.csv), ``csl`` (trade.gov Consolidated Screening List CSV), ``uk``
(subjects.csv + subject_names.csv), ``un`` (UN consolidated XML), ``opensanctions`` (EU
833/269 annex CSVs, DoD 1260H, NDAA 1286, BIS MIEU; CC BY-NC, never shipped).
Name variants (legal forms, transliteration, people, flood control) live in ``names``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import WatchlistError
from . import csl, ofac, opensanctions, uk, un
from ._core import AliasNote, Filters, ImportReport, ImportResult, ListData, ListInfo, build_rules
from ._shipped import REGENERATE_COMMAND, SHIPPED, Regenerated, regenerate_shipped_rules
from ._writer import write_rule_file

__all__ = [
    "FORMATS", "AliasNote", "ImportReport", "ImportResult", "ListInfo", "REGENERATE_COMMAND", "Regenerated",
    "SHIPPED", "import_list", "regenerate_shipped_rules", "write_rule_file",
]

_READERS: dict[str, Callable[..., ListData]] = {
    "ofac-sdn": ofac.read_sdn,
    "ofac-sdn-names": ofac.read_sdn_names,
    "ofac-nonsdn": ofac.read_nonsdn,
    "csl": csl.read_csl,
    "uk": uk.read_uk,
    "un": un.read_un,
    "opensanctions": opensanctions.read_opensanctions,
}
FORMATS: tuple[str, ...] = tuple(_READERS)


def import_list(fmt: str, path: Path | str, *, programs: Iterable[str] | None = None,
                types: Iterable[str] | None = None, countries: Iterable[str] | None = None,
                lists: Iterable[str] | None = None, list_date: str | None = None,
                sdn_csv: Path | str | None = None) -> ImportResult:
    """Read one official list and build its rules (see the module docstring)."""
    reader = _READERS.get(fmt)
    if reader is None:
        raise WatchlistError(f"unknown list format {fmt!r}: use one of {', '.join(FORMATS)}")
    if list_date is not None and not _is_date(list_date):
        raise WatchlistError(f"list date {list_date!r} is not a date: write it as YYYY-MM-DD")
    filters = Filters.make(programs=programs, types=types, countries=countries, lists=lists)
    kwargs: dict[str, object] = {"list_date": list_date}
    if fmt == "ofac-sdn-names":
        kwargs["sdn_csv"] = Path(sdn_csv) if sdn_csv is not None else None
    elif sdn_csv is not None:
        raise WatchlistError("sdn_csv applies to the ofac-sdn-names format only")
    data = reader(Path(path), **kwargs)
    return build_rules(data, filters)


def _is_date(text: str) -> bool:
    import datetime as dt

    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
