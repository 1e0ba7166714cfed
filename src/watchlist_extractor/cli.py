"""Command line: arguments → library calls → messages and exit codes, nothing else.

Exit codes: 0 success (with or without matches); 1 rule tests or checks failed;
2 usage errors, an invalid rule set, unreadable inputs, or a report that cannot be written.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import EXIT_CHECKS_FAILED, EXIT_OK, EXIT_USAGE, RuleError, WatchlistError

DEFAULT_INPUT = "seeds"
DEFAULT_RULES = "rules"
DEFAULT_REPORT = "reports/watchlist-report.xlsx"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="watchlist",
        description="Flag sanctioned or export-controlled entities, dual-use goods and "
                    "customs-evasion phrases in news articles, and write an Excel report.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    scan = commands.add_parser(
        "scan", help="scan articles and write the report",
        description="Scan .txt and .md articles (folders recursively) and .jsonl corpora; write "
                    "an Excel report (and optionally JSON Lines / CSV rows).")
    scan.add_argument("inputs", nargs="*", metavar="INPUT",
                      help=f"files or folders to scan (default: {DEFAULT_INPUT}/)")
    scan.add_argument("--rules", action="extend", nargs="+", metavar="PATH",
                      help=f"rule files or folders (default: {DEFAULT_RULES}/)")
    scan.add_argument("--out", default=DEFAULT_REPORT, metavar="FILE.xlsx",
                      help=f"Excel report to write (default: {DEFAULT_REPORT})")
    scan.add_argument("--jsonl", metavar="FILE", help="also write one JSON object per match")
    scan.add_argument("--csv", metavar="FILE", help="also write the matches as CSV")
    scan.add_argument("--suppressions", action="extend", nargs="+", metavar="FILE",
                      help="extra suppressions file (files under --rules are read too)")
    scan.add_argument("--jobs", type=int, default=0, metavar="N",
                      help="worker processes (default: all cores; 1 scans in this process)")
    _add_run_options(scan)
    scan.set_defaults(handler=cmd_scan)

    dscan = commands.add_parser(
        "scan-distributed", help="scan a partitioned corpus on a Dask cluster",
        description="Scan .jsonl partitions on a Dask cluster (a local one unless --scheduler is "
                    "given); workers write each partition's matches to --out-dir, on storage "
                    "they all share. Then: watchlist report-from DIR. Needs the [dask] extra; "
                    "see docs/distributed.md.")
    dscan.add_argument("inputs", nargs="+", metavar="INPUT",
                       help="partition files, folders, or quoted glob patterns such as "
                            "'archive/*.jsonl' (expanded here, sorted by name)")
    dscan.add_argument("--out-dir", required=True, metavar="DIR",
                       help="folder for the match partitions (replaces an earlier run in it)")
    dscan.add_argument("--rules", action="extend", nargs="+", metavar="PATH",
                       help=f"rule files or folders (default: {DEFAULT_RULES}/); "
                            "sent to the workers by content")
    dscan.add_argument("--scheduler", metavar="ADDRESS",
                       help="Dask scheduler, e.g. tcp://host:8786 (default: start a local "
                            "cluster for this run)")
    dscan.add_argument("--workers", type=int, default=0, metavar="N",
                       help="local cluster only: worker processes (default: all cores)")
    _add_run_options(dscan)
    dscan.set_defaults(handler=cmd_scan_distributed)

    rfrom = commands.add_parser(
        "report-from", help="write the report from a distributed scan's output",
        description="Merge the match partitions of 'watchlist scan-distributed' (repeated "
                    "passages and suppressions as a local scan applies them) and write the "
                    "Excel report.")
    rfrom.add_argument("matches_dir", metavar="MATCHES_DIR")
    rfrom.add_argument("--out", default=DEFAULT_REPORT, metavar="FILE.xlsx",
                       help=f"Excel report to write (default: {DEFAULT_REPORT})")
    rfrom.add_argument("--rules", action="extend", nargs="+", metavar="PATH",
                       help="the rules the scan used (default: the paths given to the scan)")
    rfrom.add_argument("--suppressions", action="extend", nargs="+", metavar="FILE",
                       help="extra suppressions file (files under --rules are read too)")
    rfrom.add_argument("--jsonl", metavar="FILE", help="also write one JSON object per match")
    rfrom.add_argument("--csv", metavar="FILE", help="also write the matches as CSV")
    rfrom.add_argument("--max-match-rows", type=int, metavar="N",
                       help="Matches sheets hold at most N rows; the other sheets still count "
                            "every match (default: 4,194,300, four sheets; 0: no limit)")
    rfrom.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    rfrom.set_defaults(handler=cmd_report_from)

    rules = commands.add_parser("rules", help="check, test, list, import rules",
                                description="Tools for rule authors.")
    sub = rules.add_subparsers(dest="rules_command", metavar="SUBCOMMAND")

    check = sub.add_parser("check", help="validate rules and report every problem at once",
                           description="Validate rule files; print every problem as "
                                       "file:line:column: rule-id: field: message, with a hint.")
    check.add_argument("paths", nargs="*", metavar="PATH", help="default: rules/")
    check.add_argument("--strict", action="store_true", help="warnings also fail the check")
    check.set_defaults(handler=cmd_rules_check)

    test = sub.add_parser("test", help="run the examples written beside each rule",
                          description="Run every rule's examples: 'match' texts must match, "
                                      "'no_match' texts must not.")
    test.add_argument("paths", nargs="*", metavar="PATH", help="default: rules/")
    test.add_argument("--rule", action="append", metavar="ID", help="only these rule ids")
    test.add_argument("-v", "--verbose", action="store_true", help="list passing rules too")
    test.set_defaults(handler=cmd_rules_test)

    listing = sub.add_parser("list", help="the rules as a table",
                             description="List rules: id, category, severity, terms, source.")
    listing.add_argument("paths", nargs="*", metavar="PATH", help="default: rules/")
    listing.add_argument("--category", choices=["entity", "good", "phrase"])
    listing.add_argument("--severity", help="only this severity")
    listing.add_argument("--search", metavar="TEXT", help="only rules whose id, name or terms "
                                                          "contain TEXT")
    listing.add_argument("--limit", type=int, default=0, metavar="N", help="at most N rows")
    listing.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    listing.set_defaults(handler=cmd_rules_list)

    schema = sub.add_parser("schema", help="the JSON Schema of a rule file (for editors)",
                            description="Print the JSON Schema of a rule file.")
    schema.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    schema.set_defaults(handler=cmd_rules_schema)

    imp = sub.add_parser("import", help="generate rules from an official list file",
                         description="Generate a rules file from an official list. FORMAT is "
                                     "one of: ofac-sdn, ofac-sdn-names, ofac-nonsdn, csl, uk, "
                                     "un, opensanctions.")
    imp.add_argument("format", metavar="FORMAT")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--out", metavar="FILE.yaml", help="default: print to stdout")
    imp.add_argument("--program", action="append", metavar="P", help="only this program")
    imp.add_argument("--type", action="append", dest="types",
                     choices=["entity", "individual", "vessel", "aircraft"],
                     help="only this type of subject")
    imp.add_argument("--country", action="append", metavar="C", help="only this country")
    imp.set_defaults(handler=cmd_rules_import)

    regen = sub.add_parser("regenerate", help="rebuild rules/lists/ from the official list data",
                           description="Regenerate the shipped rules/lists/ files from a folder "
                                       "laid out like the project's list data.")
    regen.add_argument("lists_dir", metavar="LISTS_DIR")
    regen.add_argument("--out-dir", default=f"{DEFAULT_RULES}/lists", metavar="DIR")
    regen.set_defaults(handler=cmd_rules_regenerate)
    return parser


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    """Options every scanning command shares."""
    parser.add_argument("--max-size", type=_size, default="50MB", metavar="SIZE",
                        help="skip documents larger than this (default: 50MB)")
    parser.add_argument("--no-cache", action="store_true",
                        help="do not use the compiled-rules cache")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress bar and no summary on stderr")


def _size(text: str) -> int:
    units = {"kb": 1024, "mb": 1024 ** 2, "gb": 1024 ** 3, "b": 1}
    lowered = text.strip().lower()
    for unit, factor in units.items():
        if lowered.endswith(unit):
            try:
                return int(float(lowered[: -len(unit)]) * factor)
            except ValueError:
                break
    try:
        return int(lowered)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 50MB)") from None


def _err(message: str) -> None:
    print(f"watchlist: {message}", file=sys.stderr)


def _print_problems(problems: Sequence) -> None:
    for p in problems:
        print(p, file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        (parser if args.command is None else _subparser(parser, args.command)).print_help(
            sys.stderr)
        return EXIT_USAGE
    args.argv = argv
    try:
        return handler(args)
    except RuleError as exc:
        _print_problems(exc.problems)
        errors = sum(1 for p in exc.problems if p.level == "error")
        _err(f"{errors} problem{'s' if errors != 1 else ''} in the rules; nothing was scanned"
             if args.command in ("scan", "scan-distributed")
             else f"{errors} problem(s) in the rules")
        return EXIT_USAGE
    except WatchlistError as exc:
        if args.debug:
            traceback.print_exc()
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("interrupted; no report was written")
        return 130


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        if name in action.choices:
            return action.choices[name]
    return parser


# --- scan ------------------------------------------------------------------------------------

def cmd_scan(args: argparse.Namespace) -> int:
    from .reporting import format_summary, write_csv, write_jsonl, write_report
    from .rulecache import load_and_compile
    from .scanning import default_jobs, scan
    from .suppressions import suppressions_from
    from .loading import load_files

    if args.jobs < 0:
        raise WatchlistError("--jobs must be 0 (all cores) or more")
    inputs = args.inputs or [DEFAULT_INPUT]
    rule_paths = args.rules or [DEFAULT_RULES]
    loaded = load_and_compile(rule_paths, use_cache=not args.no_cache)
    suppressions = list(loaded.suppressions)
    if args.suppressions:
        suppressions += suppressions_from(load_files([Path(p) for p in args.suppressions]))
    _check_writable(args.out)
    jobs = args.jobs or default_jobs()
    progress = None if args.quiet or not sys.stderr.isatty() else _Progress()
    result = scan(inputs, loaded.compiled, jobs=jobs, max_bytes=args.max_size,
                  suppressions=suppressions, rule_files=[f.path for f in loaded.ruleset.files],
                  command_line=shlex.join(["watchlist", *args.argv]), progress=progress)
    if progress:
        progress.close()
    out = write_report(result, loaded.ruleset, Path(args.out))
    if args.jsonl:
        write_jsonl(result, Path(args.jsonl), ruleset=loaded.ruleset)
    if args.csv:
        write_csv(result, Path(args.csv), ruleset=loaded.ruleset)
    if not args.quiet:
        print(format_summary(result, out), file=sys.stderr)
    return EXIT_OK


def cmd_scan_distributed(args: argparse.Namespace) -> int:
    from .distributed import expand_globs, scan_distributed

    if args.workers < 0:
        raise WatchlistError("--workers must be 0 (all cores) or more")
    progress = None if args.quiet or not sys.stderr.isatty() else _Progress()
    run = scan_distributed(
        expand_globs(args.inputs), args.rules or [DEFAULT_RULES], Path(args.out_dir),
        scheduler_address=args.scheduler, n_workers=args.workers or None,
        max_bytes=args.max_size, use_cache=not args.no_cache,
        command_line=shlex.join(["watchlist", *args.argv]), progress=progress)
    if progress:
        progress.close()
    for failed in run.failed:
        _err(f"{failed.path}: {failed.reason}")
    if not args.quiet:
        _err(f"{run.summary_line()}; next: watchlist report-from {shlex.quote(args.out_dir)}")
    return EXIT_OK


def cmd_report_from(args: argparse.Namespace) -> int:
    from .distributed import DEFAULT_MAX_MATCH_ROWS, report_from
    from .reporting import format_summary, write_csv, write_jsonl

    if args.max_match_rows is not None and args.max_match_rows < 0:
        raise WatchlistError("--max-match-rows must be 0 (no limit) or more")
    limit = (DEFAULT_MAX_MATCH_ROWS if args.max_match_rows is None
             else args.max_match_rows or None)
    _check_writable(args.out)
    report = report_from(args.matches_dir, args.out, rule_paths=args.rules,
                         suppression_files=args.suppressions or (), max_match_rows=limit)
    if args.jsonl:
        write_jsonl(report.result, Path(args.jsonl), ruleset=report.ruleset)
    if args.csv:
        write_csv(report.result, Path(args.csv), ruleset=report.ruleset)
    if not args.quiet:
        print(format_summary(report.result, report.path), file=sys.stderr)
    return EXIT_OK


def _check_writable(out: str) -> None:
    """Fail before scanning when the report's folder is missing (not after minutes of work)."""
    parent = Path(out).resolve().parent
    if not parent.is_dir():
        raise WatchlistError(f"{out}: folder {parent} does not exist; create it or choose "
                             "another --out")


class _Progress:
    """A one-line progress indicator on stderr (only when stderr is a terminal)."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, documents: int, done_bytes: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.2:
            return
        self.last = now
        rate = done_bytes / max(now - self.started, 1e-6) / 1e6
        print(f"\rscanning: {documents:,} documents, {done_bytes / 1e6:,.1f} MB, "
              f"{rate:,.1f} MB/s", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        print("\r" + " " * 70 + "\r", end="", file=sys.stderr, flush=True)


# --- rules -----------------------------------------------------------------------------------

def cmd_rules_check(args: argparse.Namespace) -> int:
    from .checks import check_rules
    from .compiler import compile_rules
    from .loading import check_references, discover_rule_files, load_files
    from .suppressions import suppressions_from

    paths = args.paths or [DEFAULT_RULES]
    loaded = load_files(discover_rule_files(paths))
    rules = [r for f in loaded for r in f.rules]
    problems = [p for f in loaded for p in f.problems] + check_references(rules)
    try:
        suppressions_from(loaded)
    except RuleError as exc:
        problems += exc.problems
    problems += check_rules(rules, loaded)
    errors = [p for p in problems if p.level == "error"]
    if not errors:
        from .model import RuleSet
        try:
            compile_rules(RuleSet(tuple(rules), ()))
        except RuleError as exc:
            problems += [p for p in exc.problems if str(p) not in {str(q) for q in problems}]
            errors = [p for p in problems if p.level == "error"]
    problems.sort(key=lambda p: (p.location.path, p.location.line, p.location.column))
    for p in problems:
        print(p)
    warnings = len(problems) - len(errors)
    files = sum(1 for f in loaded)
    print(f"{files} files, {len(rules)} rules: {len(errors)} errors, {warnings} warnings",
          file=sys.stderr)
    if errors or (args.strict and warnings):
        return EXIT_CHECKS_FAILED
    return EXIT_OK


def cmd_rules_test(args: argparse.Namespace) -> int:
    from .rulecache import load_and_compile
    from .rule_tests import format_results, run_rule_tests

    loaded = load_and_compile(args.paths or [DEFAULT_RULES])
    ruleset = loaded.ruleset
    wanted = set(args.rule) if args.rule else None
    if wanted:
        unknown = wanted - {r.id for r in ruleset.rules}
        if unknown:
            raise WatchlistError(f"no rule with id {', '.join(sorted(unknown))}")
    results = run_rule_tests(ruleset, loaded.compiled, rule_ids=wanted)
    print(format_results(results, verbose=args.verbose))
    return EXIT_CHECKS_FAILED if any(not r.passed for r in results) else EXIT_OK


def cmd_rules_list(args: argparse.Namespace) -> int:
    from .normalize import normalize_key
    from .rulecache import load_and_compile

    ruleset = load_and_compile(args.paths or [DEFAULT_RULES]).ruleset
    needle = normalize_key(args.search) if args.search else ""
    rows = []
    for rule in ruleset.rules:
        m = rule.model
        if args.category and rule.category != args.category:
            continue
        if args.severity and rule.severity != args.severity:
            continue
        terms = [t.term for t in m.terms] + [p.regex for p in m.patterns]
        if needle and not any(needle in normalize_key(x) for x in [rule.id, rule.name, *terms]):
            continue
        rows.append((rule, terms))
        if args.limit and len(rows) >= args.limit:
            break
    if args.json:
        for rule, terms in rows:
            print(json.dumps({"id": rule.id, "category": rule.category, "severity": rule.severity,
                              "name": rule.name, "terms": terms, "source": rule.source_label(),
                              "file": f"{rule.path}:{rule.line}"}, ensure_ascii=False))
        return EXIT_OK
    table = [("ID", "CATEGORY", "SEVERITY", "TERMS", "SOURCE")]
    for rule, terms in rows:
        shown = ", ".join(terms[:3]) + (f" (+{len(terms) - 3})" if len(terms) > 3 else "")
        table.append((rule.id, rule.category, rule.severity, _clip(shown, 60),
                      _clip(rule.source_label(), 60)))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    print(f"{len(rows)} rules", file=sys.stderr)
    return EXIT_OK


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_rules_schema(args: argparse.Namespace) -> int:
    from .schema import rule_file_schema

    text = json.dumps(rule_file_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_rules_import(args: argparse.Namespace) -> int:
    from .importers import import_list, write_rule_file

    result = import_list(args.format, Path(args.file), programs=args.program, types=args.types,
                         countries=args.country)
    if args.out:
        write_rule_file(result, Path(args.out))
        target = args.out
    else:
        write_rule_file(result, sys.stdout)
        target = "stdout"
    print(f"watchlist: {result.summary()} -> {target}", file=sys.stderr)
    return EXIT_OK


def cmd_rules_regenerate(args: argparse.Namespace) -> int:
    from .importers import regenerate_shipped_rules

    written = regenerate_shipped_rules(Path(args.lists_dir), Path(args.out_dir))
    for line in written:
        print(f"watchlist: {line}", file=sys.stderr)
    return EXIT_OK
