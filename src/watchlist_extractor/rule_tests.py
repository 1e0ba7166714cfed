"""Rule tests: the ``examples`` beside each rule, run through the real matcher.

``match`` examples must produce matches of the rule (exactly the listed matched texts, in
order, when ``matches`` is given); ``no_match`` examples must produce none. Each rule is tested
on its own behaviour: the other rules are loaded (its ``near`` conditions may need them) but do
not compete for its spans. The same function serves ``watchlist rules test`` and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .compiler import CompiledRules, compile_rules
from .matcher import scan_text_for_rule
from .model import Rule, RuleSet


@dataclass
class ExampleFailure:
    kind: str  # "missed" | "unexpected"
    text: str
    expected: list[str] | None
    got: list[str]

    def __str__(self) -> str:
        shown = self.text if len(self.text) <= 120 else self.text[:117] + "..."
        if self.kind == "missed":
            wanted = "a match" if self.expected is None else repr(self.expected)
            return f"missed: {shown!r}: expected {wanted}, got {self.got!r}"
        return f"unexpected match: {shown!r}: matched {self.got!r}"


@dataclass
class RuleTestResult:
    rule: Rule
    examples: int = 0
    failures: list[ExampleFailure] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def _matched_texts(text: str, index: int, compiled: CompiledRules, own: CompiledRules
                   ) -> list[str]:
    """What the rule matches in ``text``; other rules are context, never competitors."""
    return [m.matched_text for m in scan_text_for_rule(text, compiled, index, own)]


def run_rule_tests(ruleset: RuleSet, compiled: CompiledRules | None = None,
                   rule_ids: set[str] | None = None) -> list[RuleTestResult]:
    """Run the examples of every rule (or of ``rule_ids``); one result per rule with examples."""
    compiled = compiled or compile_rules(ruleset)
    results = []
    for index, rule in enumerate(ruleset.rules):
        examples = rule.model.examples
        if examples is None or (rule_ids is not None and rule.id not in rule_ids):
            continue
        result = RuleTestResult(rule)
        own = compile_rules(RuleSet((rule,), ()))
        for example in examples.match:
            result.examples += 1
            got = _matched_texts(example.text, index, compiled, own)
            expected = example.matches
            if (expected is None and not got) or (expected is not None and got != expected):
                result.failures.append(ExampleFailure("missed", example.text, expected, got))
        for text in examples.no_match:
            result.examples += 1
            got = _matched_texts(text, index, compiled, own)
            if got:
                result.failures.append(ExampleFailure("unexpected", text, None, got))
        results.append(result)
    return results


def format_results(results: list[RuleTestResult], verbose: bool = False) -> str:
    """Per failing rule, what was missed and what matched unexpectedly; then a total line.

    Example::

        FAIL good.uav (rules/goods/uav.yaml:4)
          missed: 'Two quadcopters landed.': expected a match, got []
        12 rules, 40 examples: 11 passed, 1 failed
    """
    lines = []
    for r in results:
        if r.failures:
            lines.append(f"FAIL {r.rule.id} ({r.rule.path}:{r.rule.line})")
            lines.extend(f"  {f}" for f in r.failures)
        elif verbose:
            lines.append(f"ok   {r.rule.id} ({r.examples} examples)")
    failed = sum(1 for r in results if r.failures)
    total = sum(r.examples for r in results)
    lines.append(f"{len(results)} rules, {total} examples: {len(results) - failed} passed, "
                 f"{failed} failed")
    return "\n".join(lines)
