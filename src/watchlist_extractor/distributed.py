"""Scanning on a Dask cluster: partition files → match partitions on shared storage → a report.

Optional extra: ``pip install 'watchlist-extractor[dask]'``. Three calls::

    from watchlist_extractor.distributed import scan_distributed, load_partitions, report_from

    run = scan_distributed(sorted(Path("archive").glob("*.jsonl")), ["rules"], "matches",
                           scheduler_address="tcp://scheduler:8786")  # or client=..., or local
    result = load_partitions("matches", suppressions=...)   # a ScanResult, as scan() gives
    report = report_from("matches", "reports/archive.xlsx")  # or: the Excel report in one call

One task per input file (a partition). A task streams its file line by line with the same reader
and matcher as ``scan`` (memory is bounded by the largest document), writes its match rows and its
document results beside each other in the output folder, and sends back only counts. The rules go
to the cluster once, as the bytes of the rule files; each worker process compiles them on first
use and keeps them for every later task. Repeated passages and suppressions are decided when the
partitions are merged, in input order, by the functions a local scan uses, so the rows equal a
local run's.

The output folder::

    matches/
      manifest.json                     the run: inputs, rule files (SHA-256), times, partitions
      part-00000.matches.jsonl          one Match per line (its fields, verbatim), in scan order
      part-00000.documents.jsonl        one DocumentResult per line, in file order
      part-00001.matches.jsonl
      …

``manifest.json`` is written last: a folder without it is an interrupted run.
"""

from __future__ import annotations

import datetime as _dt
import glob
import json
import os
import secrets
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .articles import DEFAULT_MAX_BYTES, InputItem, discover_inputs, iter_articles
from .compiler import CompiledRules, compile_rules
from .errors import InputError, WatchlistError
from .loading import discover_rule_files, load_files, ruleset_from
from .model import RuleSet
from .results import DocumentResult, Match, ScanResult
from .scanning import finish_rows, scan_documents
from .suppressions import Suppression, suppressions_from

if TYPE_CHECKING:  # the extra is optional: nothing from Dask is imported until it is used
    from distributed import Client

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
EXCEL_DATA_ROWS = 1_048_575  # rows under the header on one sheet (Excel's 1,048,576 − 1)
DEFAULT_MATCH_SHEETS = 4
DEFAULT_MAX_MATCH_ROWS = EXCEL_DATA_ROWS * DEFAULT_MATCH_SHEETS  # 4,194,300
INSTALL_HINT = "install the extra: pip install 'watchlist-extractor[dask]'"

ProgressCallback = Callable[[int, int], None]  # (documents done, bytes done), as scan() calls it


# --- Records ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleBundle:
    """The rule files' bytes, in load order: what the cluster receives instead of compiled rules.

    Compiled RE2 engines pickle as their patterns and compile again when unpickled, so shipping
    them would compile on every transfer; the files' bytes are small and compile once per worker.
    """

    files: tuple[tuple[str, bytes], ...]  # (file name, content) in the order the client loads them
    digest: str  # SHA-256 over every file: the worker's cache key
    tool_version: str  # workers must run the same version of the matcher

    @classmethod
    def from_paths(cls, paths: Sequence[Path]) -> RuleBundle:
        import hashlib

        digest = hashlib.sha256(f"watchlist-extractor {__version__}\n".encode())
        files = []
        for path in paths:
            raw = path.read_bytes()
            digest.update(path.name.encode() + b"\0" + hashlib.sha256(raw).digest())
            files.append((path.name, raw))
        return cls(tuple(files), digest.hexdigest(), __version__)


@dataclass(frozen=True, slots=True)
class PartitionTask:
    """One input file for one task."""

    index: int
    document: str  # its name in the report (documents inside are "<document>#<id>")
    path: str  # as given, shown in the report
    read_path: str  # absolute: workers do not share the client's working directory
    explicit: bool
    out_dir: str  # absolute, on storage every worker and the client share
    max_bytes: int


@dataclass(frozen=True, slots=True)
class PartitionSummary:
    """What a task sends back: counts and file names, never rows."""

    index: int
    document: str
    path: str
    status: str  # "done" | "failed" (the task itself failed: no rows, one failed document)
    reason: str = ""
    documents: int = 0
    scanned: int = 0
    skipped: int = 0  # documents skipped or failed inside the partition
    matches: int = 0  # before repeated-passage marking and suppressions (done when merging)
    size_bytes: int = 0
    matches_file: str = ""  # names inside the output folder
    documents_file: str = ""
    compiled_rules: bool = False  # this task compiled the rules: the first on its worker process


@dataclass(frozen=True)
class DistributedScan:
    """A finished distributed scan: where its partitions are and what each held."""

    out_dir: Path
    partitions: list[PartitionSummary]
    started: _dt.datetime
    finished: _dt.datetime

    @property
    def documents(self) -> int:
        return sum(p.documents for p in self.partitions)

    @property
    def matches(self) -> int:
        return sum(p.matches for p in self.partitions)

    @property
    def failed(self) -> list[PartitionSummary]:
        return [p for p in self.partitions if p.status != "done"]

    def summary_line(self) -> str:
        """``12 partitions, 48,210 documents, 3,120 matches → matches/ (1 partition failed)``"""
        failed = len(self.failed)
        return (f"{len(self.partitions):,} partitions, {self.documents:,} documents, "
                f"{self.matches:,} matches → {self.out_dir}"
                + (f" ({failed:,} partition{'s' if failed != 1 else ''} failed)" if failed else ""))


@dataclass(frozen=True)
class DistributedReport:
    result: ScanResult  # the merged run, for format_summary, write_jsonl, write_csv
    ruleset: RuleSet
    path: Path
    match_rows: int  # rows on the Matches sheets (fewer than len(result.matches) when cut)


# --- Worker side ----------------------------------------------------------------------------------

# Per worker process: rule-set digest → compiled rules. Two entries: a long-lived cluster that
# moves to a new rule set drops the older one instead of growing.
_WORKER_RULES: OrderedDict[str, CompiledRules] = OrderedDict()
_WORKER_RULES_LOCK = threading.Lock()  # a worker with several threads compiles once, not per thread
_WORKER_RULES_KEPT = 2


def _compile_bundle(bundle: RuleBundle) -> CompiledRules:
    """Load and compile the shipped files with the same loader as ``load_rules``, in their order."""
    with tempfile.TemporaryDirectory(prefix="watchlist-rules-") as folder:
        paths = []
        for number, (name, content) in enumerate(bundle.files):
            path = Path(folder) / f"{number:04d}-{name}"
            path.write_bytes(content)
            paths.append(path)
        return compile_rules(ruleset_from(load_files(paths)))


def _worker_rules(bundle: RuleBundle) -> tuple[CompiledRules, bool]:
    """The compiled rules for ``bundle`` in this process, and whether this call compiled them."""
    with _WORKER_RULES_LOCK:
        compiled = _WORKER_RULES.get(bundle.digest)
        if compiled is not None:
            _WORKER_RULES.move_to_end(bundle.digest)
            return compiled, False
        compiled = _compile_bundle(bundle)
        _WORKER_RULES[bundle.digest] = compiled
        while len(_WORKER_RULES) > _WORKER_RULES_KEPT:
            _WORKER_RULES.popitem(last=False)
        return compiled, True


def _scan_partition(task: PartitionTask, bundle: RuleBundle) -> PartitionSummary:
    """Runs on a worker: scan one file, write its rows to the output folder, return counts."""
    if bundle.tool_version != __version__:
        raise WatchlistError(f"the worker runs watchlist-extractor {__version__}, the client "
                             f"{bundle.tool_version}; install the same version everywhere")
    compiled, compiled_here = _worker_rules(bundle)
    out_dir = Path(task.out_dir)
    matches_name, documents_name = _partition_files(task.index)
    item = InputItem(task.document, task.read_path, task.explicit)
    documents = scanned = skipped = matches = size = 0
    with _atomic(out_dir / matches_name) as match_out, _atomic(out_dir / documents_name) as doc_out:
        for result, found in scan_documents(iter_articles([item], task.max_bytes), compiled):
            if result.path != task.path:  # read by absolute path; reported as the user gave it
                result = replace(result, path=task.path)
            for match in found:
                match_out.write(_dumps(_match_record(match)))
            doc_out.write(_dumps(asdict(result)))
            documents += 1
            scanned += result.status == "scanned"
            skipped += result.status != "scanned"
            matches += len(found)
            size += result.size_bytes
    return PartitionSummary(task.index, task.document, task.path, "done", "", documents, scanned,
                            skipped, matches, size, matches_name, documents_name, compiled_here)


def _partition_files(index: int) -> tuple[str, str]:
    return f"part-{index:05d}.matches.jsonl", f"part-{index:05d}.documents.jsonl"


class _atomic:
    """A text file written under a hidden temporary name and moved into place on success.

    Dask re-runs a task whose worker died; the move makes the re-run replace, never mix with,
    what the first attempt wrote. Lone surrogates (from ``"\\ud800"`` escapes in a corpus) are
    kept as they are, so every string reads back equal.
    """

    def __init__(self, path: Path):
        self.path = path
        self.temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")

    def __enter__(self) -> Any:
        self.handle = open(self.temporary, "w", encoding="utf-8", errors="surrogatepass",
                           newline="\n")
        return self.handle

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        self.handle.close()
        if kind is None:
            os.replace(self.temporary, self.path)
        else:
            self.temporary.unlink(missing_ok=True)


def _dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


_MATCH_FIELDS = tuple(f.name for f in fields(Match))


def _match_record(match: Match) -> dict[str, Any]:
    record = {name: getattr(match, name) for name in _MATCH_FIELDS}
    record["also_rules"] = list(match.also_rules)
    return record


def _match_from(record: dict[str, Any]) -> Match:
    record["also_rules"] = tuple(record.get("also_rules", ()))
    return Match(**record)


# --- Client side: scanning ------------------------------------------------------------------------


def expand_globs(patterns: Sequence[str]) -> list[str]:
    """Inputs with glob patterns expanded, each pattern's files sorted by name.

    A pattern is expanded here rather than by the shell so that an archive of 100,000 files
    fits on a command line: ``'archive/**/*.jsonl'``. Plain paths are kept as given.
    """
    out: list[str] = []
    for pattern in patterns:
        if not any(ch in pattern for ch in "*?["):
            out.append(pattern)
            continue
        found = sorted(p for p in glob.glob(pattern, recursive=True) if os.path.isfile(p))
        if not found:
            raise InputError(f"{pattern}: no files match")
        out.extend(found)
    return out


def scan_distributed(
    inputs: Sequence[Path | str],
    rule_paths: Sequence[Path | str],
    out_dir: Path | str,
    *,
    client: Client | None = None,
    scheduler_address: str | None = None,
    n_workers: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    use_cache: bool = True,
    command_line: str = "",
    progress: ProgressCallback | None = None,
) -> DistributedScan:
    """Scan ``inputs`` (partition files, or folders of them) on a Dask cluster into ``out_dir``.

    The cluster is ``client`` when given, else the scheduler at ``scheduler_address``, else a
    cluster of ``n_workers`` processes (default: all cores) started on this machine for the run.
    ``inputs`` are named and ordered as ``scan`` names and orders them; ``out_dir`` and the inputs
    must be at the same path on every worker (shared storage). The rules are validated here
    first (``RuleError`` lists every problem) and shipped to the workers by content.

    A partition whose task fails (its worker died three times, a worker with another version)
    is recorded as failed in the summary and the manifest; the others are kept. Repeated passages
    and suppressions are applied by ``load_partitions``.
    """
    from .rulecache import load_and_compile

    started = _now()
    loaded = load_and_compile(rule_paths, use_cache=use_cache)  # fail fast, with locations
    bundle = RuleBundle.from_paths(discover_rule_files(rule_paths))
    items = discover_inputs(inputs)
    out = Path(out_dir)
    tasks = [PartitionTask(i, item.document, item.path, os.path.abspath(item.path),
                           item.explicit, str(out.absolute()), max_bytes)
             for i, item in enumerate(items)]
    summaries: list[PartitionSummary | None] = [None] * len(tasks)
    done_documents = done_bytes = 0
    with ExitStack() as stack:
        active = client or _connect(stack, scheduler_address, n_workers)
        _prepare_out_dir(out)  # once the cluster is there: a failed start keeps the last run
        for summary in _run(active, tasks, bundle):
            summaries[summary.index] = summary
            done_documents += summary.documents
            done_bytes += summary.size_bytes
            if progress:
                progress(done_documents, done_bytes)
    partitions = [s for s in summaries if s is not None]
    finished = _now()
    manifest = {
        "format": MANIFEST_FORMAT,
        "tool": f"watchlist-extractor {__version__}",
        "started": started.isoformat(),
        "finished": finished.isoformat(),
        "inputs": [str(i) for i in inputs],
        "rule_paths": [str(Path(p).absolute()) for p in rule_paths],
        "rule_files": [{"path": f.path, "sha256": f.sha256} for f in loaded.ruleset.files],
        "command_line": command_line,
        "max_bytes": max_bytes,
        "partitions": [asdict(p) for p in partitions],
    }
    with _atomic(out / MANIFEST) as handle:
        handle.write(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return DistributedScan(out, partitions, started, finished)


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)


def _prepare_out_dir(out: Path) -> None:
    """Create the folder; forget a previous run in it (its manifest first, then its files)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / MANIFEST).unlink(missing_ok=True)
        for pattern in ("part-*.matches.jsonl", "part-*.documents.jsonl", ".part-*.tmp"):
            for stale in out.glob(pattern):
                stale.unlink()
    except OSError as exc:
        raise WatchlistError(f"{out}: cannot use as the output folder: "
                             f"{exc.strerror or exc}") from exc


def _connect(stack: ExitStack, scheduler_address: str | None, n_workers: int | None) -> Client:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise WatchlistError(f"Dask is not installed; {INSTALL_HINT}") from exc
    if scheduler_address:
        try:
            return stack.enter_context(Client(scheduler_address))
        except (OSError, TimeoutError) as exc:
            raise WatchlistError(f"cannot reach the Dask scheduler at {scheduler_address}: "
                                 f"{exc}") from exc
    from .scanning import default_jobs

    # Matching is CPU-bound Python: one thread per process, as many processes as cores.
    cluster = stack.enter_context(LocalCluster(
        n_workers=n_workers or default_jobs(), threads_per_worker=1, processes=True,
        dashboard_address=None))
    return stack.enter_context(Client(cluster))


def _run(client: Client, tasks: Sequence[PartitionTask], bundle: RuleBundle
         ) -> Iterator[PartitionSummary]:
    """Submit every partition and yield summaries as tasks finish (in completion order)."""
    from distributed import as_completed

    if not tasks:
        return
    run_id = secrets.token_hex(4)
    # hash=False: a key of this run's own, so releasing it never touches another run's copy.
    shipped = client.scatter(bundle, broadcast=True, hash=False)
    futures = client.map(_scan_partition, tasks, bundle=shipped, pure=False,
                         key=[f"watchlist-partition-{t.index:05d}-{run_id}" for t in tasks])
    by_key = {f.key: t for f, t in zip(futures, tasks)}
    finished = False
    try:
        for future in as_completed(futures):
            task = by_key[future.key]
            if future.status == "finished":
                yield future.result()
            else:
                yield _failed_partition(task, _failure_reason(future))
        finished = True
    finally:
        if not finished:  # interrupted: stop the cluster's work on this run
            client.cancel(futures)
        shipped.release()


def _failure_reason(future: Any) -> str:
    if future.status == "error":
        exc = future.exception()
        return f"partition failed: {type(exc).__name__}: {exc}"
    return f"partition failed: task {future.status}"


def _failed_partition(task: PartitionTask, reason: str) -> PartitionSummary:
    return PartitionSummary(task.index, task.document, task.path, "failed", reason)


# --- Client side: merging and reporting -----------------------------------------------------------


def read_manifest(out_dir: Path | str) -> dict[str, Any]:
    path = Path(out_dir) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WatchlistError(f"{path}: not found; {out_dir} is not the output of a finished "
                             "distributed scan (an interrupted run has no manifest)") from None
    except (OSError, ValueError) as exc:
        raise WatchlistError(f"{path}: cannot read: {exc}") from exc
    if manifest.get("format") != MANIFEST_FORMAT:
        raise WatchlistError(f"{path}: format {manifest.get('format')!r}, this version reads "
                             f"format {MANIFEST_FORMAT}")
    return manifest


def load_partitions(out_dir: Path | str, *, suppressions: Sequence[Suppression] = ()
                    ) -> ScanResult:
    """The ScanResult of a distributed scan, equal in rows to a local ``scan`` of its inputs.

    Partitions are read in input order, documents in file order; repeated passages are marked
    and ``suppressions`` applied over the whole run, as ``scan`` does. A partition whose task
    failed appears as one failed document. Memory holds every match of the run (the report
    needs them all).
    """
    out = Path(out_dir)
    manifest = read_manifest(out)
    documents: list[DocumentResult] = []
    matches: list[Match] = []
    for part in manifest["partitions"]:
        if part["status"] != "done":
            documents.append(DocumentResult(part["document"], part["path"], "failed",
                                            part["reason"]))
            continue
        documents.extend(DocumentResult(**r) for r in _read_jsonl(out / part["documents_file"]))
        matches.extend(_match_from(r) for r in _read_jsonl(out / part["matches_file"]))
    matches, documents, suppressed = finish_rows(matches, documents, suppressions)
    return ScanResult(matches, documents, _dt.datetime.fromisoformat(manifest["started"]),
                      _dt.datetime.fromisoformat(manifest["finished"]), list(manifest["inputs"]),
                      [f["path"] for f in manifest["rule_files"]], suppressed,
                      manifest["command_line"])


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    try:
        handle = open(path, encoding="utf-8", errors="surrogatepass", newline="")
    except OSError as exc:
        raise WatchlistError(f"{path}: cannot read a partition of the run: "
                             f"{exc.strerror or exc}") from exc
    with handle:
        for number, line in enumerate(handle, start=1):
            try:
                yield json.loads(line)
            except ValueError as exc:
                raise WatchlistError(f"{path}:{number}: damaged partition file: {exc}") from exc


def report_from(
    out_dir: Path | str,
    report_path: Path | str,
    *,
    rule_paths: Sequence[Path | str] | None = None,
    suppression_files: Sequence[Path | str] = (),
    max_match_rows: int | None = DEFAULT_MAX_MATCH_ROWS,
) -> DistributedReport:
    """Merge a distributed scan and write its Excel report; the rules must be those scanned with.

    ``rule_paths`` defaults to the paths the scan was given. Suppressions are read from the rule
    files and ``suppression_files``, so decisions recorded after the scan apply without scanning
    again. Past ``max_match_rows`` matches (``None``: no limit) the Summary, Entities, Documents
    and Rules sheets still count every row, and the Matches sheets hold the first rows with a
    note saying where the rest are.
    """
    from .reporting import write_report

    manifest = read_manifest(out_dir)
    parsed = load_files(discover_rule_files(rule_paths or manifest["rule_paths"]))
    ruleset = ruleset_from(parsed)
    _check_same_rules(ruleset, manifest)
    suppressions = suppressions_from(parsed)
    if suppression_files:
        suppressions += suppressions_from(load_files([Path(p) for p in suppression_files]))
    result = load_partitions(out_dir, suppressions=suppressions)
    rows = len(result.matches)
    options: dict[str, Any] = {}
    if max_match_rows is not None and rows > max_match_rows:
        options = {"max_match_rows": max_match_rows,
                   "omitted_rows_note": f"all {rows:,} rows: {out_dir}/part-*.matches.jsonl"}
        rows = max_match_rows
    path = write_report(result, ruleset, Path(report_path), **options)
    return DistributedReport(result, ruleset, path, rows)


def _check_same_rules(ruleset: RuleSet, manifest: dict[str, Any]) -> None:
    """The report describes the rules: they must be the ones the matches came from."""
    scanned = [f["sha256"] for f in manifest["rule_files"]]
    now = [f.sha256 for f in ruleset.files]
    if scanned != now:
        changed = [f.path for f, old in zip(ruleset.files, scanned) if f.sha256 != old]
        detail = (f"{changed[0]} changed" if len(scanned) == len(now) else
                  f"{len(scanned)} rule files then, {len(now)} now")
        raise WatchlistError(f"the rules differ from those of the scan ({detail}); pass the "
                             "rules the scan used with --rules, or scan again")
