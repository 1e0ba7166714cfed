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
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from multiprocessing import get_context
from pathlib import Path

from .articles import DEFAULT_MAX_BYTES, Article, discover_inputs, iter_articles
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
    articles = iter_articles(items, max_bytes)
    if jobs > 1:
        per_document = _scan_parallel(articles, compiled, jobs)
    else:
        per_document = scan_documents(articles, compiled)
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


# Worker processes get the compiled rules once, when they start (fork shares them for free).
_WORKER_RULES: CompiledRules | None = None


def _init_worker(compiled: CompiledRules | None) -> None:
    global _WORKER_RULES
    if compiled is not None:
        _WORKER_RULES = compiled


def _worker_scan(article: Article) -> list[Match]:
    assert _WORKER_RULES is not None
    return scan_article(article, _WORKER_RULES)


def _new_pool(compiled: CompiledRules, jobs: int) -> ProcessPoolExecutor:
    global _WORKER_RULES
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    _WORKER_RULES = compiled
    initarg = None if method == "fork" else compiled
    return ProcessPoolExecutor(jobs, mp_context=get_context(method), initializer=_init_worker,
                               initargs=(initarg,))


def _scan_parallel(articles: Iterable[tuple[Article | None, DocumentResult | None]],
                   compiled: CompiledRules, jobs: int
                   ) -> Iterable[tuple[DocumentResult, list[Match]]]:
    """Scan in worker processes, yielding in input order; a crashed worker fails one document."""
    window = jobs * 4  # documents in flight: bounds memory whatever the corpus size
    pending: deque[tuple[Article | None, DocumentResult | None, Future | None]] = deque()
    pool = _new_pool(compiled, jobs)
    try:
        source = iter(articles)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < window:
                try:
                    article, skipped = next(source)
                except StopIteration:
                    exhausted = True
                    break
                pending.append((article, skipped, _submit(pool, article)))
            if not pending:
                break
            article, skipped, future = pending.popleft()
            if article is None:
                assert skipped is not None
                yield skipped, []
                continue
            assert future is not None
            try:
                found = future.result()
            except BrokenProcessPool:
                # A worker died (out of memory, crash). Retry this document alone to tell
                # whether it is the culprit, then go on with a fresh pool.
                pool.shutdown(cancel_futures=True)
                found_or_none = _isolated_scan(article, compiled)
                pool = _new_pool(compiled, jobs)
                pending = deque((a, s, _submit(pool, a)) for a, s, _ in pending)
                if found_or_none is None:
                    yield _failed(article, "worker process crashed while scanning it"), []
                else:
                    yield _scanned(article, found_or_none), found_or_none
                continue
            except Exception as exc:
                yield _failed(article, f"scan failed: {type(exc).__name__}: {exc}"), []
                continue
            yield _scanned(article, found), found
    finally:
        pool.shutdown(cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, article: Article | None) -> Future | None:
    """Submit one document; a pool already broken gives a future that says so."""
    if article is None:
        return None
    try:
        return pool.submit(_worker_scan, article)
    except BrokenProcessPool as exc:
        broken: Future = Future()
        broken.set_exception(exc)
        return broken


def _isolated_scan(article: Article, compiled: CompiledRules) -> list[Match] | None:
    with _new_pool(compiled, 1) as single:
        try:
            return single.submit(_worker_scan, article).result()
        except BrokenProcessPool:
            return None
        except Exception:
            return None


def mark_repeated(matches: list[Match]) -> list[Match]:
    """Mark a match whose passage (same rule, text and context) appeared earlier in the run.

    Syndicated copies and paragraphs repeated within an article are counted once in the
    summary; the rows stay, marked with where the passage first appeared ("doc:line").
    """
    first: dict[tuple[str, str, int, str], str] = {}
    out = []
    for m in matches:
        # The position inside the passage tells two mentions in one sentence apart.
        key = (m.rule_id, m.matched_text.casefold(), m.context_match_start, m.context)
        seen = first.get(key)
        if seen is None:
            first[key] = f"{m.document}:{m.line}"
            out.append(m)
        else:
            out.append(replace(m, duplicate_of=seen))
    return out


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
