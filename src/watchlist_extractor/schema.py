"""The JSON Schema of a rule file, for editors (YAML language server) and for documentation.

Generated from the pydantic models; the YAML shorthands (a plain string for a term, a
pattern or a match example) are added back, since the models expand them before validation.
"""

from __future__ import annotations

from typing import Any

from .model import RuleFileModel, RuleModel

SCHEMA_ID = "https://github.com/watchlist-extractor/watchlist-extractor/rules.schema.json"


def rule_file_schema() -> dict[str, Any]:
    schema = RuleFileModel.model_json_schema()
    defs = schema.setdefault("$defs", {})
    rule = defs["RuleModel"]
    for field, model in (("terms", "TermModel"), ("patterns", "PatternModel")):
        rule["properties"][field]["items"] = {"anyOf": [{"type": "string"},
                                                        {"$ref": f"#/$defs/{model}"}]}
    examples = defs["ExamplesModel"]
    examples["properties"]["match"]["items"] = {
        "anyOf": [{"type": "string"}, {"$ref": "#/$defs/ExpectedMatchModel"}]}
    # `defaults:` takes any rule field except the identity and the matchers.
    defaults = {k: v for k, v in rule["properties"].items()
                if k not in ("id", "name", "terms", "patterns", "examples")}
    schema["properties"]["defaults"] = {"type": "object", "additionalProperties": False,
                                        "properties": defaults,
                                        "description": "Values every rule in the file inherits."}
    rule.pop("required", None)
    rule["required"] = ["id"]  # category may come from the file's defaults
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "watchlist-extractor rule file"
    return schema


__all__ = ["rule_file_schema", "RuleModel"]
