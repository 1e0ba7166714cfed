"""Rule schema: pydantic models that mirror a rule file (unknown keys are errors).

A rule file is a mapping::

    # yaml-language-server: $schema=../schema/rules.schema.json
    defaults:              # optional: values every rule in the file inherits
      category: good
      author: watchlist-extractor
    rules:
      - id: good.uav
        name: Unmanned aerial vehicles
        terms: [drone, UAV, {term: unmanned aerial vehicle}]

The smallest valid rule is three lines: ``id``, ``category`` and ``terms`` (or ``patterns``).
Models here are only the file's shape; ``loading.py`` reads files into them and
``compiler.py`` turns them into a matcher.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = 1
RULE_ID_PATTERN = r"^[a-z0-9][a-z0-9_.\-]*$"


class Category(str, Enum):
    entity = "entity"  # sanctioned or export-controlled companies, institutes, state bodies, people
    good = "good"  # dual-use and controlled goods
    phrase = "phrase"  # customs-designation and evasion language


class Severity(str, Enum):
    informational = "informational"
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"

    @property
    def rank(self) -> int:
        return SEVERITY_RANKS[self.value]


# Higher is more serious (informational 0 … critical 4): one table for the matcher and reports.
SEVERITY_RANKS: dict[str, int] = {s.value: i for i, s in enumerate(Severity)}


class Status(str, Enum):
    experimental = "experimental"
    stable = "stable"
    deprecated = "deprecated"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class TermModel(_Strict):
    """One literal alias. A plain string in YAML is shorthand for ``{term: ...}``.

    ``weak`` aliases (short acronyms, common words, a surname alone) match only as written
    (case-sensitive) and only when the rule's ``near`` condition holds; a rule without ``near``
    lets a weak alias count only in a document where one of its strong aliases also occurs.
    """

    term: str = Field(min_length=1, description="The alias as written; normalised like article text.")
    case_sensitive: bool | None = Field(
        default=None, description="Match only as written. Default: the rule's case_sensitive."
    )
    whole_word: bool = Field(default=True, description="Require a word boundary on both sides.")
    weak: bool = Field(default=False, description="Ambiguous alias: case-sensitive and conditional.")
    plurals: bool | None = Field(
        default=None, description="Also match plural forms. Default: true for goods, false otherwise."
    )
    exclude: list[ExcludeModel] = Field(
        default_factory=list,
        description="Contexts in which this term does not match (the rule's other terms still "
                    "do); as the rule's exclude.",
    )

    @field_validator("term")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("term is blank")
        return value


class PatternModel(_Strict):
    """A regular expression (RE2 syntax: linear time, no look-around or back-references)."""

    regex: str = Field(min_length=1, description="RE2 regular expression.")
    case_sensitive: bool = False
    whole_word: bool = Field(default=True, description="Require a word boundary on both sides.")
    description: str = ""
    exclude: list[ExcludeModel] = Field(
        default_factory=list,
        description="Contexts in which this pattern does not match (the rule's other terms and "
                    "patterns still do); as the rule's exclude.",
    )


class NearModel(_Strict):
    """A condition: something else must occur close to the match.

    It holds when any listed rule id, category or literal term occurs within ``within`` words
    of the match, in the same sentence when ``within`` is ``sentence``, or anywhere else in the
    document when it is ``document`` (for names that are distinctive once the document is about
    the right thing: a tanker's one-word name in a story about ships).
    Rules and categories refer to matches that do not themselves depend on a condition.
    ``lists``: with a distance in words, a term (or its plural) written before a list of names
    counts for every name of the list, not only the first ("the tankers Eventin, Pioneer and
    Laconia": "Laconia" is a ship as much as "Eventin").
    """

    rules: list[str] = Field(default_factory=list, description="Rule ids.")
    categories: list[Category] = Field(default_factory=list)
    terms: list[str] = Field(default_factory=list, description="Literal words or phrases.")
    within: int | Literal["sentence", "document"] = Field(
        default="sentence", description="Distance in words, or 'sentence', or 'document'."
    )
    lists: bool = Field(
        default=False,
        description="With a distance in words: a term or its plural before a list of names "
                    "counts for every name of the list ('the tankers Eventin, Pioneer and "
                    "Laconia').",
    )

    @field_validator("within")
    @classmethod
    def _positive(cls, value: int | str) -> int | str:
        if isinstance(value, int) and value < 1:
            raise ValueError("within must be at least 1 word, or 'sentence', or 'document'")
        return value

    @model_validator(mode="after")
    def _something(self) -> NearModel:
        if not (self.rules or self.categories or self.terms):
            raise ValueError("give at least one of rules, categories or terms")
        if self.lists and not (self.terms and isinstance(self.within, int)):
            raise ValueError("lists needs terms and a distance in words (within: N)")
        return self


class ExcludeModel(_Strict):
    """A context in which the rule does not match.

    ``inside``: the match is part of one of these longer phrases ("Veles Capital").
    ``near``: a condition that, when it holds, cancels the match.
    ``part_of_name``: the match is one word of a longer name written around it ("Star" in
    "Andromeda Star" or "Star Alpha", "Laconia" in "Gulf of Laconia").
    """

    inside: list[str] = Field(default_factory=list)
    near: NearModel | None = None
    part_of_name: bool = Field(
        default=False,
        description="Not when a capitalised word (other than a function word or one of the "
                    "rule's near terms) or a number is written right next to the match, or "
                    "'<Capitalised> of' right before it.",
    )

    @model_validator(mode="after")
    def _something(self) -> ExcludeModel:
        if not (self.inside or self.near or self.part_of_name):
            raise ValueError("give inside, near or part_of_name")
        return self


TermModel.model_rebuild()  # their ``exclude`` is defined after them
PatternModel.model_rebuild()


class SourceModel(_Strict):
    """Where a rule comes from: an official list entry, a control list, a report."""

    list: str = Field(description="List name, e.g. 'OFAC SDN' or 'BIS Common High Priority List'.")
    entry_id: str | None = None
    program: str | None = Field(default=None, description="Sanctions program, e.g. RUSSIA-EO14024.")
    list_date: str | None = Field(default=None, description="Date of the list version used.")
    url: str | None = None


class ExpectedMatchModel(_Strict):
    """A text that must produce matches of the rule; ``matches`` lists the matched texts."""

    text: str
    matches: list[str] | None = Field(
        default=None, description="Exact matched texts expected, in order. Omit: at least one."
    )


class ExamplesModel(_Strict):
    match: list[ExpectedMatchModel] = Field(
        default_factory=list, description="Texts that must match; a string or {text, matches}."
    )
    no_match: list[str] = Field(default_factory=list, description="Texts that must not match.")

    @field_validator("match", mode="before")
    @classmethod
    def _strings_are_texts(cls, value: Any) -> Any:
        return _wrap_strings(value, "text")


class RuleModel(_Strict):
    id: Annotated[str, Field(pattern=RULE_ID_PATTERN, description="Stable id, e.g. entity.dji.")]
    category: Category
    name: str = Field(default="", description="Canonical name shown in reports. Default: the id.")
    status: Status = Status.experimental
    severity: Severity = Severity.medium
    description: str = ""
    references: list[str] = Field(default_factory=list, description="URLs or list names.")
    source: SourceModel | None = None
    tags: list[str] = Field(default_factory=list)
    author: str = ""
    date: _dt.date | None = None
    modified: _dt.date | None = None
    version: int = Field(default=1, ge=1)
    case_sensitive: bool = Field(default=False, description="Default for the rule's terms.")
    terms: list[TermModel] = Field(
        default_factory=list, description="Literal aliases; a string or {term, ...}."
    )
    patterns: list[PatternModel] = Field(
        default_factory=list, description="RE2 regular expressions; a string or {regex, ...}."
    )
    near: NearModel | None = Field(
        default=None, description="The rule fires only when this condition holds."
    )
    exclude: list[ExcludeModel] = Field(default_factory=list)
    examples: ExamplesModel | None = None

    @field_validator("terms", mode="before")
    @classmethod
    def _strings_are_terms(cls, value: Any) -> Any:
        return _wrap_strings(value, "term")

    @field_validator("patterns", mode="before")
    @classmethod
    def _strings_are_patterns(cls, value: Any) -> Any:
        return _wrap_strings(value, "regex")

    @model_validator(mode="after")
    def _has_something_to_match(self) -> RuleModel:
        if not self.terms and not self.patterns:
            raise ValueError("a rule needs terms or patterns")
        return self

    def term_models(self) -> list[TermModel]:
        return list(self.terms)

    def pattern_models(self) -> list[PatternModel]:
        return list(self.patterns)

    @property
    def display_name(self) -> str:
        return self.name or self.id


def _wrap_strings(value: Any, key: str) -> Any:
    """YAML shorthand: a plain string in a list stands for ``{key: string}``."""
    if isinstance(value, list):
        return [{key: item} if isinstance(item, str) else item for item in value]
    return value


# Keys a file's `defaults:` may set: every rule field except the identity and the matchers.
DEFAULTABLE_FIELDS = frozenset(RuleModel.model_fields) - {"id", "name", "terms", "patterns", "examples"}


class RuleFileModel(_Strict):
    schema_version: int = Field(default=SCHEMA_VERSION, ge=1, le=SCHEMA_VERSION)
    defaults: dict[str, Any] = Field(default_factory=dict)
    rules: list[RuleModel] = Field(default_factory=list)

    @field_validator("defaults")
    @classmethod
    def _known_defaults(cls, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - DEFAULTABLE_FIELDS)
        if unknown:
            raise ValueError(f"defaults cannot set {', '.join(unknown)}")
        return value


def is_valid_rule_id(value: str) -> bool:
    return re.match(RULE_ID_PATTERN, value) is not None


# --- Runtime values (what loading produces; frozen, cheap to pass around) ---------------------

@dataclass(frozen=True)
class RuleFile:
    """A rules file as loaded: its path as given and the SHA-256 of its bytes (for the audit trail)."""

    path: str
    sha256: str
    rule_count: int


class Rule:
    """A validated rule with the place it was defined (file, line, column of its ``id``).

    The fields a scan and a report use on every rule are plain attributes. The full pydantic
    model is kept while rules are loaded; a rule restored from the compiled-rules cache carries
    plain data instead and rebuilds its model only when asked (unpickling tens of thousands of
    pydantic models would cost a warm start seconds).
    """

    __slots__ = ("id", "category", "name", "severity", "status", "version", "path", "line",
                 "column", "_source_label", "_model", "_data")

    def __init__(self, model: RuleModel, path: str, line: int, column: int = 1):
        self.path, self.line, self.column = path, line, column
        self._model: RuleModel | None = model
        self._data: str | None = None  # the model as JSON, after unpickling (see __getstate__)
        self._set_fields(model)

    def _set_fields(self, model: RuleModel) -> None:
        self.id = model.id
        self.category = model.category.value
        self.name = model.display_name
        self.severity = model.severity.value
        self.status = model.status.value
        self.version = model.version
        self._source_label = _source_label(model)

    @property
    def model(self) -> RuleModel:
        if self._model is None:
            self._model = RuleModel.model_validate_json(self._data)
        return self._model

    def source_label(self) -> str:
        """The official list or control category behind the rule, in one line.

        >>> Rule(RuleModel(id="e.x", category="entity", terms=["X"],
        ...      source=SourceModel(list="OFAC SDN", entry_id="45047", program="RUSSIA-EO14024")),
        ...      "r.yaml", 1).source_label()
        'OFAC SDN #45047 (RUSSIA-EO14024)'
        """
        return self._source_label

    def __getstate__(self) -> tuple[Any, ...]:
        # The model as one JSON string: unpickling 50,000 nested dicts (with enum members) took
        # most of a warm load; a string is read at once and validated only when asked for.
        data = self._data if self._data is not None else self.model.model_dump_json(
            exclude_defaults=True)
        return (self.id, self.category, self.name, self.severity, self.status, self.version,
                self.path, self.line, self.column, self._source_label, data)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        (self.id, self.category, self.name, self.severity, self.status, self.version, self.path,
         self.line, self.column, self._source_label, self._data) = state
        self._model = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rule):
            return NotImplemented
        return (self.id, self.path, self.line, self.column) == (
            other.id, other.path, other.line, other.column) and self.model == other.model

    def __hash__(self) -> int:
        return hash((self.id, self.path, self.line))

    def __repr__(self) -> str:
        return f"Rule({self.id!r}, {self.path}:{self.line})"


def _source_label(model: RuleModel) -> str:
    src = model.source
    if src is None:
        return "; ".join(model.references[:2])
    label = src.list
    if src.entry_id:
        label += f" #{src.entry_id}"
    if src.program:
        label += f" ({src.program})"
    return label


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    files: tuple[RuleFile, ...]

    def by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}
