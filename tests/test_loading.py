"""Rule files: valid files load; each invalid one gives a located, named problem."""

from __future__ import annotations

import pytest

from watchlist_extractor import RuleError, load_rules
from watchlist_extractor.model import Severity, Status

GOOD = """\
rules:
  - id: good.uav
    category: good
    terms: [drone]
"""


def test_three_line_rule_gets_defaults(write_rules):
    ruleset = load_rules([write_rules(GOOD)])
    (rule,) = ruleset.rules
    assert (rule.id, rule.category, rule.name, rule.line, rule.column) == (
        "good.uav", "good", "good.uav", 2, 5)
    assert rule.model.severity is Severity.medium
    assert rule.model.status is Status.experimental
    assert [t.term for t in rule.model.terms] == ["drone"]
    assert ruleset.files[0].rule_count == 1 and len(ruleset.files[0].sha256) == 64


def test_file_defaults_are_inherited_and_overridden(write_rules):
    path = write_rules("""\
        defaults:
          category: phrase
          severity: high
          author: desk
        rules:
          - id: phrase.a
            terms: [for use in the special military operation]
          - id: phrase.b
            severity: low
            terms: [dual-use goods]
        """)
    a, b = load_rules([path]).rules
    assert (a.category, a.severity, a.model.author) == ("phrase", "high", "desk")
    assert b.severity == "low"


def test_shorthand_and_full_terms(write_rules):
    path = write_rules("""\
        rules:
          - id: entity.dji
            category: entity
            terms:
              - SZ DJI Technology
              - {term: DJI, case_sensitive: true}
            patterns: ['Mavic\\s?\\d']
            examples:
              match: ["DJI drones", {text: "SZ DJI Technology", matches: [SZ DJI Technology]}]
              no_match: [Djibouti]
        """)
    (rule,) = load_rules([path]).rules
    assert [(t.term, t.case_sensitive) for t in rule.model.terms] == [
        ("SZ DJI Technology", None), ("DJI", True)]
    assert rule.model.patterns[0].regex == r"Mavic\s?\d"
    assert [e.text for e in rule.model.examples.match] == ["DJI drones", "SZ DJI Technology"]


BAD = [
    pytest.param("rules:\n  - id: a.b\n    category: good\n    severty: high\n    terms: [x]\n",
                 ["rules.yaml:4:5: a.b: severty: unknown key 'severty'",
                  "hint: did you mean 'severity'?"], id="typo-key"),
    pytest.param("rules:\n  - id: a.b\n    category: goods\n    terms: [x]\n",
                 ["rules.yaml:3:15: a.b: category: Input should be", "(got 'goods')"],
                 id="bad-enum"),
    pytest.param("rules:\n  - id: a.b\n    category: good\n    severity: hgh\n    terms: [x]\n",
                 ["rules.yaml:4:15: a.b: severity:", "(got 'hgh')",
                  "hint: use one of: 'informational', 'low', 'medium', 'high' or 'critical'"],
                 id="bad-severity"),
    pytest.param("rules:\n  - id: a.b\n    category: good\n    terms:\n      - {term: x, wek: true}\n",
                 ["rules.yaml:5:19: a.b: terms[0].wek: unknown key 'wek'",
                  "did you mean 'weak'?"], id="typo-in-term"),
    pytest.param("rules:\n  - id: A B\n    category: good\n    terms: [x]\n",
                 ["rules.yaml:2:9: A B: id: String should match pattern"], id="bad-id"),
    pytest.param("rules:\n  - category: good\n    terms: [x]\n",
                 ["rules.yaml:2:5: rules[0]: id: missing required field"], id="missing-id"),
    pytest.param("rules:\n  - id: a.b\n    category: good\n",
                 ["rules.yaml:2:5: a.b: (rule): a rule needs terms or patterns"], id="no-terms"),
    pytest.param("rules:\n  - id: a.b\n    category: good\n    terms: [x]\n    terms: [y]\n",
                 ["rules.yaml:5:5: rules[0].terms: duplicate key 'terms'"], id="duplicate-key"),
    pytest.param("rules:\n  - id: a.b\n    category: good\n    terms: [x\n",
                 ["rules.yaml:5:1: invalid YAML"], id="yaml-syntax"),
    pytest.param("rule:\n  - id: a.b\n", ["rules.yaml:1:1: rule: unknown key 'rule'",
                                          "did you mean 'rules'?"], id="top-level-typo"),
    pytest.param("", ["rules.yaml:1:1: empty rules file"], id="empty-file"),
    pytest.param("- id: a\n", ["rules.yaml:1:1: a rules file is a mapping"], id="not-mapping"),
    pytest.param("rules:\n  - id: a.b\n    category: good\n    terms: [x]\n    near: {}\n",
                 ["rules.yaml:5:11: a.b: near: give at least one of rules, categories or terms"],
                 id="empty-near"),
    pytest.param("rules:\n  - id: a.b\n    category: good\n    terms: [x]\n"
                 "    near: {rules: [good.uva]}\n  - id: good.uav\n    category: good\n"
                 "    terms: [y]\n",
                 ["a.b: near.rules: unknown rule id 'good.uva'", "did you mean 'good.uav'?"],
                 id="near-unknown-rule"),
    pytest.param("rules:\n  - id: a.b\n    category: good\n    terms: [x]\n"
                 "  - id: a.b\n    category: good\n    terms: [y]\n",
                 ["rules.yaml:5:5: a.b: id: duplicate rule id, first defined at"],
                 id="duplicate-id"),
    pytest.param("defaults:\n  terms: [x]\nrules:\n  - id: a.b\n    category: good\n    terms: [x]\n",
                 ["rules.yaml:2:3: defaults.terms: unknown key 'terms'"], id="bad-default"),
]


@pytest.mark.parametrize(("text", "expected"), BAD)
def test_invalid_rule_files_are_located(write_rules, text, expected):
    path = write_rules(text)
    with pytest.raises(RuleError) as caught:
        load_rules([path])
    message = "\n".join(str(p) for p in caught.value.problems)
    for fragment in expected:
        assert fragment in message, message
    assert str(path.parent) in message or "rules.yaml" in message


def test_every_problem_reported_at_once(write_rules):
    path = write_rules("rules:\n  - id: a.b\n    category: gud\n    terms: [x]\n"
                       "  - id: c.d\n    category: good\n    severity: hgh\n    terms: [y]\n")
    with pytest.raises(RuleError) as caught:
        load_rules([path])
    assert [p.rule_id for p in caught.value.problems] == ["a.b", "c.d"]


def test_missing_rules_path(tmp_path):
    with pytest.raises(RuleError, match="no such rules file or folder"):
        load_rules([tmp_path / "nope"])


def test_problems_across_files_are_collected(write_rules):
    write_rules("rules:\n  - id: a.b\n    category: gud\n    terms: [x]\n", "one.yaml")
    path = write_rules("rules:\n  - id: c.d\n    category: bad\n    terms: [y]\n", "two.yaml")
    with pytest.raises(RuleError) as caught:
        load_rules([path.parent])
    assert sorted(p.location.path.rsplit("/", 1)[-1] for p in caught.value.problems) == [
        "one.yaml", "two.yaml"]
