"""The command line: exit codes, messages, help for every command, and the README's promises."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from watchlist_extractor.cli import build_parser, main
from watchlist_extractor.schema import rule_file_schema

ROOT = Path(__file__).resolve().parents[1]

RULES = """\
rules:
  - id: entity.dji
    category: entity
    severity: high
    terms: [{term: DJI, case_sensitive: true}, SZ DJI Technology]
    source: {list: OFAC Non-SDN CMIC List, entry_id: "33111", program: CMIC-EO13959}
    examples:
      match: [{text: "DJI's drones", matches: [DJI]}]
      no_match: [Djibouti, DJIBOUTI]
  - id: good.uav
    category: good
    terms: [drone, UAV]
    examples:
      match: ["two drones"]
"""


def _subcommands(parser):
    for action in parser._subparsers._group_actions:
        for name, sub in action.choices.items():
            yield name, sub
            if sub._subparsers is not None:
                for child, subsub in _subcommands(sub):
                    yield f"{name} {child}", subsub


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = dict(_subcommands(build_parser()))
    assert {"scan", "rules check", "rules test", "rules list", "rules schema", "rules import",
            "rules regenerate"} <= set(names)
    for name, sub in names.items():
        assert sub.description, f"'watchlist {name}' has no description"
        if name != "rules":
            assert f"watchlist {name}" in readme, f"'watchlist {name}' is not in the README"


def test_python_dash_m_runs_the_same_cli():
    out = subprocess.run([sys.executable, "-m", "watchlist_extractor", "--version"],
                         capture_output=True, text=True, check=True)
    assert re.fullmatch(r"watchlist \S+\n", out.stdout)


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "usage: watchlist" in capsys.readouterr().err


def test_rules_test_passes_and_fails(write_rules, capsys):
    path = write_rules(RULES)
    assert main(["rules", "test", str(path)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "2 rules, 4 examples: 2 passed, 0 failed")
    bad = write_rules(RULES.replace("matches: [DJI]", "matches: [DJI, drones]"), "bad.yaml")
    assert main(["rules", "test", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"FAIL entity.dji ({bad}:2)" in out
    assert "missed: \"DJI's drones\": expected ['DJI', 'drones'], got ['DJI']" in out


def test_rules_test_reports_unexpected_matches(write_rules, capsys):
    path = write_rules(RULES.replace("no_match: [Djibouti, DJIBOUTI]",
                                     "no_match: [Djibouti, SZ DJI Technology]"))
    assert main(["rules", "test", str(path)]) == 1
    assert "unexpected match: 'SZ DJI Technology': matched ['SZ DJI Technology']" in (
        capsys.readouterr().out)


def test_rules_check_lists_every_problem_with_location(write_rules, capsys):
    path = write_rules("""\
        rules:
          - id: good.a
            category: good
            severty: high
            terms: [drone]
          - id: good.b
            category: good
            terms: [drone, the, {term: X1}]
            patterns: ['(?<=x)y', 'a*']
        """)
    assert main(["rules", "check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:4:5: good.a: severty: unknown key 'severty'\n  hint: did you mean 'severity'?" in out
    assert f"{path}:9:16: good.b: patterns[0]: invalid RE2 pattern: invalid perl operator: (?<=" in out
    assert f"{path}:9:27: good.b: patterns[1]: pattern matches the empty string" in out
    assert f"{path}:8:20: good.b: terms[1]: warning: 'the' is a common English word" in out
    assert f"{path}:8:25: good.b: terms[2]: warning: 'X1' is very short" in out
    assert "re2.cc" not in capsys.readouterr().err  # RE2 itself prints nothing


def test_rules_check_clean_exit_zero(write_rules, capsys):
    assert main(["rules", "check", str(write_rules(RULES))]) == 0
    assert "1 files, 2 rules: 0 errors, 0 warnings" in capsys.readouterr().err


def test_rules_check_duplicate_term_across_rules(write_rules, capsys):
    path = write_rules(RULES + "  - id: good.other\n    category: good\n    terms: [UAV]\n"
                               "    examples: {match: [UAV]}\n")
    main(["rules", "check", str(path)])
    assert "good.other: terms[0]: warning: 'UAV' is also claimed by good.uav" in (
        capsys.readouterr().out)


def test_rules_check_duplicate_term_is_what_the_matcher_cannot_tell_apart(write_rules, capsys):
    path = write_rules("""\
rules:
  - id: entity.himark
    category: entity
    terms: [Hongkong Himark, Hong Kong Himark, Aero-HIT, AERO HIT]
    examples: {match: [Hong Kong Himark, Hongkong Himark], no_match: [Himark]}
""")
    main(["rules", "check", str(path)])
    out = capsys.readouterr().out
    assert "terms[3]: warning: 'AERO HIT' is listed twice in this rule" in out
    assert "Himark' is listed twice" not in out  # a space is not optional: two press spellings


def test_rules_check_warns_of_inside_phrases_that_can_never_exclude(write_rules, capsys):
    # an unquoted YAML list splits a phrase at its commas: none of the three pieces holds a
    # shorter match of the rule, so the exclusion is dead; the quoted phrase is not
    path = write_rules("""\
rules:
  - id: phrase.re-export
    category: phrase
    terms: [re-export, {term: DPRK, case_sensitive: true, exclude: [{inside: [North Korea]}]}]
    exclude:
      - inside: [export, re-export, or transfer]
      - inside: ['export, re-export, or transfer', dprk regime]
    examples: {match: [re-export]}
""")
    main(["rules", "check", str(path)])
    out = capsys.readouterr().out
    for i, phrase in enumerate(["export", "re-export", "or transfer"]):
        assert (f"exclude[0].inside[{i}]: warning: '{phrase}' holds no shorter match of this "
                "rule, so it never excludes one") in out
    assert "exclude[1]" not in out  # inside phrases match in any case: "DPRK regime"
    assert ("phrase.re-export: terms[1].exclude[0].inside[0]: warning: 'North Korea' holds no "
            "shorter match") in out  # a term's own exclusions are checked alike


def test_rules_list_table_and_filters(write_rules, capsys):
    path = write_rules(RULES)
    assert main(["rules", "list", str(path), "--category", "entity"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "CATEGORY", "SEVERITY", "TERMS", "SOURCE"]
    assert lines[1].split()[:3] == ["entity.dji", "entity", "high"]
    assert "OFAC Non-SDN CMIC List #33111 (CMIC-EO13959)" in lines[1]
    assert len(lines) == 2
    assert main(["rules", "list", str(path), "--search", "uav", "--json"]) == 0
    (row,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert row["id"] == "good.uav" and row["terms"] == ["drone", "UAV"]


def test_rules_schema_matches_the_shipped_file(capsys):
    assert main(["rules", "schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == rule_file_schema()
    shipped = json.loads((ROOT / "rules" / "rules.schema.json").read_text(encoding="utf-8"))
    assert shipped == printed, "regenerate with: watchlist rules schema --out rules/rules.schema.json"
    rule = printed["$defs"]["RuleModel"]
    assert rule["additionalProperties"] is False
    assert {"type": "string"} in rule["properties"]["terms"]["items"]["anyOf"]


def test_invalid_rules_refuse_to_scan_and_keep_previous_report(write_rules, tmp_path, capsys):
    path = write_rules("rules:\n  - id: a.b\n    category: gud\n    terms: [x]\n")
    out = tmp_path / "report.xlsx"
    out.write_bytes(b"previous report")
    assert main(["scan", str(ROOT / "seeds"), "--rules", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:3:15: a.b: category:" in err
    assert err.strip().endswith("1 problem in the rules; nothing was scanned")
    assert out.read_bytes() == b"previous report"


def test_missing_input_exit_2(write_rules, tmp_path, capsys):
    code = main(["scan", str(tmp_path / "missing"), "--rules", str(write_rules(RULES)),
                 "--out", str(tmp_path / "r.xlsx")])
    assert code == 2
    assert capsys.readouterr().err.strip() == f"watchlist: {tmp_path / 'missing'}: no such file or folder"


def test_usage_error_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["scan", "--jobs", "many"])
    assert exc.value.code == 2


def test_unwritable_report_folder_exit_2(write_rules, tmp_path, capsys):
    code = main(["scan", str(ROOT / "seeds"), "--rules", str(write_rules(RULES)),
                 "--out", str(tmp_path / "no" / "such" / "r.xlsx")])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("watchlist: ") and "does not exist" in err and "\n" not in err
