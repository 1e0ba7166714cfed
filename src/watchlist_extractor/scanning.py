"""The scan pipeline: inputs → articles → matches per document → ScanResult.

Documents are read lazily and scanned one at a time (or by a pool of worker processes with
``jobs > 1``); results are gathered in input order, so a parallel run gives the same rows in
the same order as a one-process run. Memory is bounded by the largest document in flight.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from multiprocessing import get_context
from pathlib import Path

from .articles import (DEFAULT_MAX_BYTES, Article, InputItem, discover_inputs,
                       iter_articles, iter_corpus, read_article)
from .compiler import CompiledRules
from .matcher import scan_text
from .results import DocumentResult, Match, ScanResult, SuppressedMatch
from .suppressions import Suppression, first_suppression

ProgressCallback = Callable[[int, int], None]  # (documents done, bytes done)


def scan_article(article: Article, compiled: CompiledRules) -> list[Match]:
    return scan_text(article.text, compiled, article.document)


def _scanned(article: Article, matches: list[Match]) -> DocumentResult:
    return DocumentResult(article.document, article.path, "scanned", "", article.size_bytes,
                          article.sha256, len(article.text), len(matches))


def scan(inputs: Sequence[Path | str], compiled: CompiledRules, *, jobs: int = 1,
         max_bytes: int = DEFAULT_MAX_BYTES, suppressions: Sequence[Suppression] = (),
         rule_files: Sequence[str] = (), command_line: str = "",
         progress: ProgressCallback | None = None) -> ScanResult:
    """Scan files and folders (``.txt``, ``.md``, ``.jsonl`` corpora) with compiled rules."""
    started = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    items = discover_inputs(inputs)
    if jobs > 1 and _small(items):
        jobs = 1  # starting workers (each warming its own RE2 DFA) costs more than it saves
    if jobs > 1:
        per_document = _scan_parallel(_work_units(items, max_bytes), compiled, jobs, max_bytes)
    else:
        per_document = scan_documents(iter_articles(items, max_bytes), compiled)
    documents: list[DocumentResult] = []
    matches: list[Match] = []
    done_bytes = 0
    for result, found in per_document:
        documents.append(result)
        matches.extend(found)
        done_bytes += result.size_bytes
        if progress:
            progress(len(documents), done_bytes)
    matches, documents, suppressed = finish_rows(matches, documents, suppressions)
    finished = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    return ScanResult(matches, documents, started, finished, [str(i) for i in inputs],
                      list(rule_files), suppressed, command_line)


SMALL_RUN_FILES = 64
SMALL_RUN_BYTES = 2 * 1024 * 1024


def _small(items: Sequence[InputItem]) -> bool:
    """A handful of small files: scanned in this process whatever ``jobs`` says."""
    if len(items) > SMALL_RUN_FILES:
        return False
    total = 0
    for item in items:
        try:
            total += os.stat(item.path).st_size
        except OSError:
            pass  # reported as skipped when read
    return total <= SMALL_RUN_BYTES


def finish_rows(matches: list[Match], documents: list[DocumentResult],
                suppressions: Sequence[Suppression]
                ) -> tuple[list[Match], list[DocumentResult], list[SuppressedMatch]]:
    """Run-level steps after matching: mark repeated passages, apply suppressions, and move
    each suppressed match from its document's match count to its suppressed count."""
    matches = mark_repeated(matches)
    matches, suppressed = apply_suppressions(matches, suppressions)
    if suppressed:
        per_doc: dict[str, int] = {}
        for s in suppressed:
            per_doc[s.match.document] = per_doc.get(s.match.document, 0) + 1
        documents = [replace(d, match_count=d.match_count - per_doc.get(d.document, 0),
                             suppressed_count=per_doc.get(d.document, 0)) for d in documents]
    return matches, documents, suppressed


def scan_documents(articles: Iterable[tuple[Article | None, DocumentResult | None]],
                 compiled: CompiledRules) -> Iterable[tuple[DocumentResult, list[Match]]]:
    for article, skipped in articles:
        if article is None:
            assert skipped is not None
            yield skipped, []
            continue
        try:
            found = scan_article(article, compiled)
        except Exception as exc:  # a bug on one document must not lose the others
            yield _failed(article, f"scan failed: {type(exc).__name__}: {exc}"), []
            continue
        yield _scanned(article, found), found


def _failed(article: Article, reason: str) -> DocumentResult:
    return DocumentResult(article.document, article.path, "failed", reason, article.size_bytes,
                          article.sha256, len(article.text))


# --- parallel scanning ----------------------------------------------------------------------
# Work goes to the workers in batches of units: a file to read (the worker reads it, so the
# parent never handles article text) or an article already split out of a JSON Lines corpus.
Unit = InputItem | Article | DocumentResult  # DocumentResult: skipped before any work
BATCH_DOCUMENTS = 64
BATCH_BYTES = 4 * 1024 * 1024
_FILE_GUESS = 8 * 1024  # bytes counted per file when batching (a news article is a few KB)

# Worker processes get the compiled rules once, when they start (fork shares them for free).
_WORKER_RULES: CompiledRules | None = None


def _init_worker(compiled: CompiledRules | None) -> None:
    global _WORKER_RULES
    if compiled is not None:
        _WORKER_RULES = compiled


def _scan_unit(unit: Unit, compiled: CompiledRules, max_bytes: int
               ) -> tuple[DocumentResult, list[Match]]:
    if isinstance(unit, DocumentResult):
        return unit, []
    if isinstance(unit, InputItem):
        article, skipped = read_article(unit, max_bytes)
        if article is None:
            assert skipped is not None
            return skipped, []
        unit = article
    try:
        found = scan_article(unit, compiled)
    except Exception as exc:  # a bug on one document must not lose the others
        return _failed(unit, f"scan failed: {type(exc).__name__}: {exc}"), []
    return _scanned(unit, found), found


def _worker_batch(units: list[Unit], max_bytes: int) -> list[tuple[DocumentResult, list[Match]]]:
    assert _WORKER_RULES is not None
    return [_scan_unit(unit, _WORKER_RULES, max_bytes) for unit in units]


def _work_units(items: Sequence[InputItem], max_bytes: int) -> Iterator[list[Unit]]:
    """Batches of units in input order; corpora are split into articles here."""
    batch: list[Unit] = []
    size = 0
    for item in items:
        if item.is_corpus:
            units: Iterable[Unit] = (a if a is not None else s for a, s in
                                     iter_corpus(item, max_bytes))  # type: ignore[misc]
        else:
            units = (item,)
        for unit in units:
            batch.append(unit)
            # Files are not stat'ed here (the workers read them): a corpus's articles count
            # by size, a file by the average article, keeping the parent's share of work small.
            size += unit.size_bytes if isinstance(unit, Article) else _FILE_GUESS
            if len(batch) >= BATCH_DOCUMENTS or size >= BATCH_BYTES:
                yield batch
                batch, size = [], 0
    if batch:
        yield batch


def _new_pool(compiled: CompiledRules, jobs: int) -> ProcessPoolExecutor:
    global _WORKER_RULES
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    _WORKER_RULES = compiled
    initarg = None if method == "fork" else compiled
    return ProcessPoolExecutor(jobs, mp_context=get_context(method), initializer=_init_worker,
                               initargs=(initarg,))


def _submit(pool: ProcessPoolExecutor, batch: list[Unit], max_bytes: int) -> Future:
    """Submit one batch; a pool already broken gives a future that says so."""
    try:
        return pool.submit(_worker_batch, batch, max_bytes)
    except BrokenProcessPool as exc:
        broken: Future = Future()
        broken.set_exception(exc)
        return broken


def _scan_parallel(batches: Iterable[list[Unit]], compiled: CompiledRules, jobs: int,
                   max_bytes: int) -> Iterable[tuple[DocumentResult, list[Match]]]:
    """Scan batches in worker processes, yielding in input order.

    A worker that dies (out of memory, a crash in native code) takes its batch with it: each
    document of that batch is then scanned alone in a fresh process, so that only the one
    that crashes is marked failed, and the run goes on with a new pool.
    """
    window = jobs * 2  # batches in flight: bounds memory whatever the corpus size
    pending: deque[tuple[list[Unit], Future]] = deque()
    pool = _new_pool(compiled, jobs)
    try:
        source = iter(batches)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < window:
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                    break
                pending.append((batch, _submit(pool, batch, max_bytes)))
            if not pending:
                break
            batch, future = pending.popleft()
            try:
                yield from future.result()
            except BrokenProcessPool:
                pool.shutdown(cancel_futures=True)
                for unit in batch:
                    yield _isolated_scan(unit, compiled, max_bytes)
                pool = _new_pool(compiled, jobs)
                pending = deque((b, _submit(pool, b, max_bytes)) for b, _ in pending)
    finally:
        pool.shutdown(cancel_futures=True)


def _isolated_scan(unit: Unit, compiled: CompiledRules, max_bytes: int
                   ) -> tuple[DocumentResult, list[Match]]:
    with _new_pool(compiled, 1) as single:
        try:
            (result,) = single.submit(_worker_batch, [unit], max_bytes).result()
            return result
        except Exception:  # the process died again: this document is the culprit
            return _crashed(unit, max_bytes), []


def _crashed(unit: Unit, max_bytes: int) -> DocumentResult:
    if isinstance(unit, DocumentResult):
        return unit
    if isinstance(unit, InputItem):  # read it here only to describe it (size, SHA-256)
        article, skipped = read_article(unit, max_bytes)
        if article is None:
            assert skipped is not None
            return skipped
        unit = article
    return _failed(unit, "worker process crashed while scanning it")


def mark_repeated(matches: list[Match]) -> list[Match]:
    """Mark a match whose passage (same rule, text and context) appeared earlier in the run.

    Syndicated copies and paragraphs repeated within an article are counted once in the
    summary; the rows stay, marked with where the passage first appeared ("doc:line").
    """
    first: dict[tuple[str, str, int, str], str] = {}
    for m in matches:
        # The position inside the passage tells two mentions in one sentence apart.
        key = (m.rule_id, m.matched_text.casefold(), m.context_match_start, m.context)
        seen = first.get(key)
        if seen is None:
            first[key] = f"{m.document}:{m.line}"
        elif m.duplicate_of != seen:
            m.duplicate_of = seen  # in place: these rows are this run's own, not shared yet
    return matches


def apply_suppressions(matches: list[Match], suppressions: Sequence[Suppression]
                       ) -> tuple[list[Match], list[SuppressedMatch]]:
    if not suppressions:
        return matches, []
    kept, suppressed = [], []
    for m in matches:
        s = first_suppression(m, suppressions)
        if s is None:
            kept.append(m)
        else:
            suppressed.append(SuppressedMatch(m, s.id, s.model.by, s.model.reason))
    return kept, suppressed


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else (os.cpu_count() or 1))
