"""Stage 1, loading: YAML rule files → validated ``RuleSet``, every problem with file:line:column.

The YAML is composed into nodes (which carry line and column) and turned into Python values
here, so that duplicate keys are caught and each pydantic error can be pointed at the exact
place in the file. Problems are collected across all files and raised together.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import Problem, RuleError, SourceLocation, display_path
from .model import (
    DEFAULTABLE_FIELDS,
    SCHEMA_VERSION,
    NearModel,
    Rule,
    RuleFile,
    RuleModel,
    RuleSet,
)

RULE_FILE_SUFFIXES = (".yaml", ".yml")
FILE_KEYS = ("schema_version", "defaults", "rules")
SUPPRESSION_FILE_KEY = "suppressions"

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster
Path_ = tuple[Any, ...]
_STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class ParsedYaml:
    """A YAML document as Python values, with the location of every value and every key."""

    data: Any
    path: str
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # duplicate keys (the first one is kept)

    def location(self, at: Path_, *, key: bool = False) -> SourceLocation:
        """The closest known location for ``at``: the node itself, else its nearest parent."""
        table = self.keys if key else self.values
        probe = tuple(at)
        while probe:
            if probe in table:
                return SourceLocation(self.path, *table[probe])
            if not key and probe in self.keys:
                return SourceLocation(self.path, *self.keys[probe])
            probe = probe[:-1]
        line, column = self.values.get((), (1, 1))
        return SourceLocation(self.path, line, column)


def parse_yaml(text: str, path: str) -> ParsedYaml:
    """Parse one YAML document, keeping locations; raise RuleError on syntax errors.

    Duplicate keys are recorded in ``problems`` (keeping the first) so that validation goes on
    and every problem of the file is reported in one run.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = f"invalid YAML: {exc.problem or exc.context}"
        raise RuleError([Problem(SourceLocation(path, line, column), "", "", message)]) from None
    except yaml.YAMLError as exc:
        raise RuleError([Problem(SourceLocation(path), "", "", f"invalid YAML: {exc}")]) from None
    parsed = ParsedYaml(None, path)
    constructor = yaml.SafeLoader("")  # only its scalar constructors are used
    if node is not None:
        parsed.data = _to_python(node, (), parsed, parsed.problems, constructor)
    return parsed


def _to_python(node: yaml.Node, at: Path_, parsed: ParsedYaml, problems: list[Problem],
               constructor: yaml.SafeLoader) -> Any:
    parsed.values[at] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if key_node.tag == _STR_TAG else constructor.construct_object(
                key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)):
                key = str(key)
            where = SourceLocation(parsed.path, key_node.start_mark.line + 1,
                                   key_node.start_mark.column + 1)
            if key in result:
                problems.append(Problem(where, "", _dotted(at + (key,)),
                                        f"duplicate key '{key}'",
                                        hint="a key may appear once per mapping; merge the two"))
                continue
            parsed.keys[at + (key,)] = (where.line, where.column)
            result[key] = _to_python(value_node, at + (key,), parsed, problems, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, at + (i,), parsed, problems, constructor)
                for i, item in enumerate(node.value)]
    if node.tag == _STR_TAG:  # most scalars: skip the constructor (large generated lists)
        return node.value
    return constructor.construct_object(node, deep=True)


def _dotted(at: Iterable[Any]) -> str:
    """('rules', 3, 'terms', 0) → 'rules[3].terms[0]'."""
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def discover_rule_files(paths: Sequence[Path | str]) -> list[Path]:
    """Rule files under the given files and folders (recursive), sorted for a stable order."""
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*") if f.suffix in RULE_FILE_SUFFIXES
                                and f.is_file() and not any(part.startswith(".") for part in
                                                            f.relative_to(p).parts)))
        elif p.is_file():
            found.append(p)
        else:
            raise RuleError([Problem(SourceLocation(str(raw)), "", "",
                                     "no such rules file or folder")])
    return found


@dataclass
class LoadedFile:
    """One rules file: its rules (or suppression entries) and the problems found in it."""

    path: str
    sha256: str
    rules: list[Rule]
    problems: list[Problem]
    parsed: ParsedYaml | None
    is_suppressions: bool = False


def load_rule_file(path: Path) -> LoadedFile:
    """Read and validate one file; never raises for problems inside it (they are returned)."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problem = Problem(SourceLocation(shown), "", "", f"cannot read: {exc.strerror or exc}")
        return LoadedFile(shown, "", [], [problem], None)
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = Problem(SourceLocation(shown), "", "",
                          f"not UTF-8 text (byte {exc.start})", hint="save the file as UTF-8")
        return LoadedFile(shown, digest, [], [problem], None)
    try:
        parsed = parse_yaml(text, shown)
    except RuleError as exc:
        return LoadedFile(shown, digest, [], exc.problems, None)
    data = parsed.data
    if isinstance(data, dict) and SUPPRESSION_FILE_KEY in data:
        return LoadedFile(shown, digest, [], [], parsed, is_suppressions=True)
    rules, problems = _rules_from(parsed)
    return LoadedFile(shown, digest, rules, parsed.problems + problems, parsed)


def _rules_from(parsed: ParsedYaml) -> tuple[list[Rule], list[Problem]]:
    data = parsed.data
    problems: list[Problem] = []
    if data is None:
        return [], [Problem(parsed.location(()), "", "", "empty rules file",
                            hint="add a 'rules:' list, or remove the file")]
    if not isinstance(data, dict):
        return [], [Problem(parsed.location(()), "", "", "a rules file is a mapping with a "
                            "'rules:' list", hint="start the file with 'rules:'")]
    for key in data:
        if key not in FILE_KEYS:
            problems.append(_unknown_key(parsed, (key,), "", key, FILE_KEYS))
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        problems.append(Problem(parsed.location(("schema_version",)), "", "schema_version",
                                f"unsupported schema_version {version!r}",
                                hint=f"this version of the tool reads schema_version {SCHEMA_VERSION}"))
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        problems.append(Problem(parsed.location(("defaults",)), "", "defaults",
                                "defaults must be a mapping"))
        defaults = {}
    for key in defaults:
        if key not in DEFAULTABLE_FIELDS:
            problems.append(_unknown_key(parsed, ("defaults", key), "", key,
                                         sorted(DEFAULTABLE_FIELDS), field_prefix="defaults"))
    defaults = {k: v for k, v in defaults.items() if k in DEFAULTABLE_FIELDS}
    raw_rules = data.get("rules")
    if raw_rules is None:
        problems.append(Problem(parsed.location(()), "", "rules", "missing 'rules:' list"))
        return [], problems
    if not isinstance(raw_rules, list):
        problems.append(Problem(parsed.location(("rules",)), "", "rules", "'rules' must be a list"))
        return [], problems

    rules: list[Rule] = []
    for index, raw in enumerate(raw_rules):
        at = ("rules", index)
        if not isinstance(raw, dict):
            problems.append(Problem(parsed.location(at), "", _dotted(at),
                                    "each rule is a mapping with at least id, category and terms"))
            continue
        rule_id = str(raw.get("id", "")) or f"rules[{index}]"
        merged = {**defaults, **raw}
        try:
            model = RuleModel.model_validate(merged)
        except ValidationError as exc:
            problems.extend(_problems_from_validation(exc, parsed, at, rule_id, RuleModel))
            continue
        line, column = parsed.keys.get(at + ("id",), parsed.values.get(at, (0, 0)))
        rules.append(Rule(model, parsed.path, line, column))
    return rules, problems


def _unknown_key(parsed: ParsedYaml, at: Path_, rule_id: str, key: Any,
                 allowed: Iterable[str], field_prefix: str = "") -> Problem:
    close = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "allowed keys: " + ", ".join(allowed)
    name = f"{field_prefix}.{key}" if field_prefix else str(key)
    return Problem(parsed.location(at, key=True), rule_id, name, f"unknown key '{key}'", hint=hint)


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names of the nested model that ``loc`` (a pydantic error path) points into."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            break
        current = _model_in(info.annotation)
    return sorted(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    """The BaseModel class inside an annotation such as list[TermModel] or NearModel | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _problems_from_validation(exc: ValidationError, parsed: ParsedYaml, at: Path_, rule_id: str,
                              model: type[BaseModel]) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        field_name = _dotted(loc) or "(rule)"
        kind = error["type"]
        if kind == "extra_forbidden":
            allowed = _allowed_keys(model, loc[:-1])
            problems.append(_unknown_key(parsed, at + loc, rule_id, loc[-1], allowed,
                                         field_prefix=_dotted(loc[:-1])))
            continue
        where = parsed.location(at + loc)
        if kind == "missing":
            where = parsed.location(at + loc[:-1])
            problems.append(Problem(where, rule_id, field_name, "missing required field",
                                    hint=_missing_hint(loc[-1])))
            continue
        message = error["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        bad = error.get("input")
        if kind not in ("model_type", "dict_type") and bad is not None and not isinstance(bad, dict):
            message += f" (got {bad!r})"
        hint = ""
        if kind == "enum":
            expected = error.get("ctx", {}).get("expected", "")
            hint = f"use one of: {expected}"
        elif kind == "string_pattern_mismatch":
            hint = "ids are lowercase letters, digits, '.', '_' or '-', e.g. entity.dji"
        problems.append(Problem(where, rule_id, field_name, message, hint=hint))
    return problems


def _missing_hint(name: Any) -> str:
    return {
        "id": "every rule needs a stable id, e.g. 'good.uav'",
        "category": "category is one of entity, good, phrase (or set it in the file's defaults)",
        "term": "write the alias as 'term: ...'",
        "regex": "write the expression as 'regex: ...'",
    }.get(str(name), "")


def check_references(rules: Sequence[Rule]) -> list[Problem]:
    """Problems that make a set unusable as a whole: duplicate ids, near/exclude to unknown rules."""
    problems: list[Problem] = []
    first: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in first:
            other = first[rule.id]
            problems.append(Problem(SourceLocation(rule.path, rule.line, rule.column), rule.id, "id",
                                    f"duplicate rule id, first defined at {other.path}:{other.line}",
                                    hint="ids must be unique across all rule files"))
        else:
            first[rule.id] = rule
    for rule in rules:
        conditions: list[NearModel] = []
        if rule.model.near:
            conditions.append(rule.model.near)
        conditions.extend(e.near for e in rule.model.exclude if e.near)
        conditions.extend(e.near for form in (*rule.model.terms, *rule.model.patterns)
                          for e in form.exclude if e.near)
        for near in conditions:
            for ref in near.rules:
                if ref not in first:
                    close = difflib.get_close_matches(ref, list(first), n=1)
                    problems.append(Problem(SourceLocation(rule.path, rule.line, rule.column),
                                            rule.id, "near.rules", f"unknown rule id '{ref}'",
                                            hint=f"did you mean '{close[0]}'?" if close else ""))
    return problems


def load_rules(paths: Sequence[Path | str] = ("rules",)) -> RuleSet:
    """Load every rule file under ``paths``; raise RuleError listing every problem found."""
    files = discover_rule_files(paths)
    return ruleset_from(load_files(files))


def load_files(files: Sequence[Path]) -> list[LoadedFile]:
    return [load_rule_file(f) for f in files]


def ruleset_from(loaded: Sequence[LoadedFile]) -> RuleSet:
    """Combine loaded files into a RuleSet, raising RuleError with every problem at once."""
    problems = [p for f in loaded for p in f.problems]
    rule_files = [f for f in loaded if not f.is_suppressions]
    rules = [r for f in rule_files for r in f.rules]
    if not problems and not rules:
        where = rule_files[0].path if rule_files else "rules"
        problems.append(Problem(SourceLocation(where), "", "", "no rules found",
                                hint="point --rules at a folder of .yaml rule files"))
    problems.extend(check_references(rules))
    if problems:
        raise RuleError(problems)
    return RuleSet(tuple(rules),
                   tuple(RuleFile(f.path, f.sha256, len(f.rules)) for f in rule_files))
