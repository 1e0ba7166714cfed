"""Suppressions: known false positives recorded once, with who and why, and no longer reported.

A suppressions file is a YAML file with a top-level ``suppressions:`` list (it may sit among
the rule files; ``rules/suppressions.yaml`` is read by default)::

    suppressions:
      - rule: entity.veles            # any of rule, document, text, context (all given must hold)
        document: "archive/2024-*"    # glob on the document name
        text: Veles                   # the matched text (compared like terms: case, quotes…)
        context: Veles Capital        # a piece of the quoted context
        by: A. Analyst
        reason: the bank, not the drone
        date: 2026-11-23
"""

from __future__ import annotations

import datetime as _dt
import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import Problem, RuleError
from .loading import LoadedFile, _problems_from_validation
from .normalize import normalize_key
from .results import Match


class SuppressionModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = ""
    rule: str | None = None
    document: str | None = Field(default=None, description="Glob on the document name.")
    text: str | None = Field(default=None, description="The matched text.")
    context: str | None = Field(default=None, description="A piece of the quoted context.")
    by: str = Field(min_length=1, description="Who decided.")
    reason: str = Field(min_length=1, description="Why it is not a finding.")
    date: _dt.date | None = None

    @model_validator(mode="after")
    def _narrow(self) -> SuppressionModel:
        if not (self.rule or self.document or self.text or self.context):
            raise ValueError("give at least one of rule, document, text, context")
        return self


@dataclass(frozen=True)
class Suppression:
    model: SuppressionModel
    id: str
    path: str
    line: int

    def applies_to(self, match: Match) -> bool:
        m = self.model
        if m.rule and m.rule != match.rule_id:
            return False
        if m.document and not fnmatch.fnmatchcase(match.document, m.document):
            return False
        if m.text and normalize_key(m.text) != normalize_key(match.matched_text):
            return False
        if m.context and normalize_key(m.context) not in normalize_key(match.context):
            return False
        return True


def suppressions_from(loaded: Sequence[LoadedFile]) -> list[Suppression]:
    """Validate every suppressions file among the loaded files; RuleError lists all problems."""
    problems: list[Problem] = []
    result: list[Suppression] = []
    for f in loaded:
        if not f.is_suppressions or f.parsed is None:
            continue
        entries = f.parsed.data.get("suppressions") or []
        if not isinstance(entries, list):
            problems.append(Problem(f.parsed.location(("suppressions",)), "", "suppressions",
                                    "must be a list"))
            continue
        for index, raw in enumerate(entries):
            at = ("suppressions", index)
            try:
                model = SuppressionModel.model_validate(raw)
            except ValidationError as exc:
                problems.extend(_problems_from_validation(exc, f.parsed, at,
                                                          f"suppressions[{index}]",
                                                          SuppressionModel))
                continue
            line = f.parsed.location(at).line
            result.append(Suppression(model, model.id or f"{f.path}:{line}", f.path, line))
    if problems:
        raise RuleError(problems)
    return result


def first_suppression(match: Match, suppressions: Sequence[Suppression]) -> Suppression | None:
    for suppression in suppressions:
        if suppression.applies_to(match):
            return suppression
    return None
