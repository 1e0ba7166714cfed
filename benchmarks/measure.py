"""One measurement, in its own process (run.py starts one per figure).

    python benchmarks/measure.py TASK '{"json": "arguments"}'

The last line of stdout is a JSON object with the figures. Each process reports its own peak
resident set size (VmHWM, which sees C allocations such as RE2's DFA; tracemalloc does not),
and where it helps the peak of one phase alone (the kernel's high-water mark is reset through
/proc/self/clear_refs before that phase).
"""

from __future__ import annotations

import cProfile
import gc
import io
import json
import os
import pickle
import pstats
import re
import resource
import sys
import time
from pathlib import Path

import corpus as bench_corpus


# --- Memory -------------------------------------------------------------------------------------

def _status(field: str) -> int:
    """A /proc/self/status field in bytes (VmHWM, VmRSS)."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark so that VmHWM covers the next phase only."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def memory() -> dict:
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"rss": _status("VmRSS"), "peak": _status("VmHWM"), "children_peak": children}


# --- Inputs -------------------------------------------------------------------------------------

def read_texts(txt_dir: str, limit_bytes: int | None = None) -> list[str]:
    texts, total = [], 0
    for path in sorted(Path(txt_dir).rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        total += len(text.encode("utf-8"))
        if limit_bytes and total >= limit_bytes:
            break
    return texts


def list_terms(args: dict) -> list[str]:
    """The terms of a generated watchlist (regenerated from the seed: no YAML parsing)."""
    names = bench_corpus.generate_names(args["names"], args["seed"])
    return sorted({t for n in names for t in n.terms})


def load_compiled(rules: list[str], cache_dir: str):
    """Load and compile through the project's cache (warm when run.py prepared it)."""
    os.environ["WATCHLIST_CACHE_DIR"] = cache_dir
    from watchlist_extractor.rulecache import load_and_compile

    started = time.perf_counter()
    loaded = load_and_compile(rules, use_cache=True)
    return loaded, time.perf_counter() - started


# --- Tasks --------------------------------------------------------------------------------------

def task_load(args: dict) -> dict:
    """Load + compile, cold (no cache) or warm (cache filled by an earlier process)."""
    from watchlist_extractor import rulecache
    from watchlist_extractor.compiler import compile_rules
    from watchlist_extractor.loading import discover_rule_files, load_files, ruleset_from

    rules = args["rules"]
    out: dict = {}
    if args["mode"] == "cold":
        started = time.perf_counter()
        files = discover_rule_files(rules)
        parsed = load_files(files)
        t_parse = time.perf_counter()
        ruleset = ruleset_from(parsed)
        t_rules = time.perf_counter()
        compiled = compile_rules(ruleset)
        t_compile = time.perf_counter()
        out.update(parse_validate_s=t_parse - started, ruleset_s=t_rules - t_parse,
                   compile_s=t_compile - t_rules, seconds=t_compile - started,
                   rules=len(ruleset.rules), terms=compiled.term_count,
                   engines=len(compiled.literal_engines))
    elif args["mode"] == "fill":  # an empty cache: build and store (what the first run pays)
        os.environ["WATCHLIST_CACHE_DIR"] = args["cache_dir"]
        started = time.perf_counter()
        loaded = rulecache.load_and_compile(rules, use_cache=True)
        out.update(seconds=time.perf_counter() - started, from_cache=loaded.from_cache,
                   rules=len(loaded.ruleset.rules), terms=loaded.compiled.term_count)
        entries = list(Path(args["cache_dir"]).glob("rules-*.pickle"))
        out["cache_bytes"] = max((e.stat().st_size for e in entries), default=0)
    else:  # warm
        os.environ["WATCHLIST_CACHE_DIR"] = args["cache_dir"]
        started = time.perf_counter()
        loaded = rulecache.load_and_compile(rules, use_cache=True)
        out.update(seconds=time.perf_counter() - started, from_cache=loaded.from_cache)
        # Where a warm load goes: hashing the rule files, unpickling (RE2 recompiles each
        # pattern on unpickling), and the first scan (RE2 builds its DFA lazily).
        files = rulecache.discover_rule_files(rules)
        started = time.perf_counter()
        key = rulecache._cache_key(files)
        out["hash_files_s"] = time.perf_counter() - started
        cached = rulecache.cache_dir() / f"rules-{key}.pickle"
        if cached.is_file():
            data = cached.read_bytes()
            started = time.perf_counter()
            pickle.loads(data)
            out["unpickle_s"] = time.perf_counter() - started
        from watchlist_extractor.matcher import scan_text

        sample = "\n".join(read_texts(args["txt"], 200_000))
        started = time.perf_counter()
        scan_text(sample, loaded.compiled)
        first = time.perf_counter() - started
        started = time.perf_counter()
        scan_text(sample, loaded.compiled)
        out.update(first_scan_200kb_s=first, second_scan_200kb_s=time.perf_counter() - started)
    out.update(memory())
    return out


def task_scan(args: dict) -> dict:
    """End-to-end scan (read, decode, normalise, match, quote) with watchlist_extractor.scan."""
    from watchlist_extractor import scan

    loaded, load_s = load_compiled(args["rules"], args["cache_dir"])
    compiled = loaded.compiled
    after_load = memory()
    reset_ok = reset_peak()
    runs = []
    jobs_list = args.get("jobs", [1])
    result = None
    budget = args.get("budget_s", 60)
    spent = 0.0
    for repeat in range(args.get("repeats", 3)):
        for jobs in jobs_list:
            gc.collect()
            started = time.perf_counter()
            cpu = time.process_time()
            result = scan([args["input"]], compiled, jobs=jobs)
            elapsed = time.perf_counter() - started
            runs.append({"jobs": jobs, "seconds": elapsed, "cpu_s": time.process_time() - cpu})
            spent += elapsed
        if spent > budget:
            break
    assert result is not None
    text_bytes = sum(d.size_bytes for d in result.documents if d.status == "scanned")
    failed = [d.reason for d in result.documents if d.status != "scanned"]
    per_jobs = {}
    for jobs in jobs_list:
        times = [r["seconds"] for r in runs if r["jobs"] == jobs]
        per_jobs[str(jobs)] = {"best_s": min(times), "first_s": times[0], "runs": len(times),
                               "mb_s": text_bytes / 1e6 / min(times),
                               "cpu_s": min(r["cpu_s"] for r in runs if r["jobs"] == jobs)}
    by_category: dict[str, int] = {}
    for m in result.matches:
        by_category[m.category] = by_category.get(m.category, 0) + 1
    return {"load_s": load_s, "from_cache": loaded.from_cache, "terms": compiled.term_count,
            "rules": len(compiled.rules), "text_bytes": text_bytes,
            "documents": len(result.documents), "not_scanned": len(failed),
            "not_scanned_reasons": sorted(set(failed))[:3], "matches": len(result.matches),
            "by_category": by_category, "jobs": per_jobs, "rss_after_load": after_load["rss"],
            "peak_scan_phase": _status("VmHWM") if reset_ok else None, **memory()}


def task_breakdown(args: dict) -> dict:
    """Where the scan time goes, stage by stage, on texts already in memory; plus a profile."""
    from watchlist_extractor import matcher, normalize

    loaded, _ = load_compiled(args["rules"], args["cache_dir"])
    compiled = loaded.compiled
    t0 = time.perf_counter()
    from watchlist_extractor.articles import discover_inputs, iter_articles

    items, total = [], 0
    for item in discover_inputs([args["input"]]):  # a prefix of the corpus, in order
        items.append(item)
        total += os.stat(item.path).st_size
        if total >= args.get("limit_bytes", float("inf")):
            break
    articles = [a for a, _ in iter_articles(items) if a is not None]
    read_s = time.perf_counter() - t0
    texts = [a.text for a in articles]
    size = sum(a.size_bytes for a in articles)
    stages: dict[str, float] = {"read_decode_hash": read_s}

    def timed(name, fn):
        gc.collect()
        started = time.perf_counter()
        value = fn()
        stages[name] = time.perf_counter() - started
        return value

    prepared = timed("prepare_text (NFKC check)", lambda: [normalize.prepare_text(t) for t in texts])
    datas = timed("text.encode", lambda: [p[0].encode("utf-8") for p in prepared])

    def engines_only():
        found = 0
        for data in datas:
            urls = matcher._web_addresses(data)
            views = {fold: matcher.literal_view(data, urls, fold_case=fold) for fold in (True, False)}
            for engine in compiled.literal_engines:
                regex = engine.regex_for(data)
                if regex is not None:
                    found += len(matcher._spans(regex, views[engine.fold_case], 0))
            for ref in compiled.pattern_engine.candidates(data):
                found += len(matcher._pattern_spans(ref, data))
        return found

    engines_only()  # warm the DFA first: the steady state is what a long scan sees
    spans = timed("RE2 spans only (engines + patterns)", engines_only)

    def re2_single_pass():  # one Match call per engine per text: how fast RE2 runs uncontended
        for data in datas:
            for engine in compiled.literal_engines:
                regex = engine.regex_for(data)
                if regex is not None:
                    regex._regexp.Match(matcher._UNANCHORED, data, 0, len(data))

    timed("RE2 first-match calls (1 per engine per text)", re2_single_pass)
    candidates = timed("find_candidates (encode + spans + keys + offsets)",
                       lambda: [matcher.find_candidates(p[0], compiled) for p in prepared])
    matches = timed("scan_text (whole matcher)",
                    lambda: [matcher.scan_text(t, compiled) for t in texts])
    n_candidates = sum(len(c) for c in candidates)
    n_matches = sum(len(m) for m in matches)
    ascii_docs = sum(1 for t in texts if t.isascii())
    nfkc_changed = sum(1 for p in prepared if p[1] is not None)

    profile = cProfile.Profile()
    subset = texts[: max(1, len(texts) // 2)]
    profile.enable()
    for t in subset:
        matcher.scan_text(t, compiled)
    profile.disable()
    buffer = io.StringIO()
    stats = pstats.Stats(profile, stream=buffer)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumtime").print_stats("watchlist_extractor", 25)
    Path(args["profile_out"]).write_text(buffer.getvalue())
    top = _profile_rows(stats, 14, key=2)
    project = _profile_rows(stats, 12, key=3, only="watchlist_extractor")
    return {"text_bytes": size, "documents": len(texts), "ascii_documents": ascii_docs,
            "nfkc_changed_documents": nfkc_changed, "spans": spans,
            "candidates": n_candidates, "matches": n_matches, "stages_s": stages,
            "profile_top": top, "profile_project_cumulative": project, **memory()}


def _profile_rows(stats: pstats.Stats, n: int, key: int, only: str = "") -> list[dict]:
    """Top functions by own time (key=2) or cumulative time (key=3), shares of the total."""
    total = sum(v[2] for v in stats.stats.values()) or 1.0  # the sum of own times = all
    rows = []
    items = [kv for kv in stats.stats.items() if only in kv[0][0]]
    for (path, line, name), (cc, nc, tt, ct, _) in sorted(items, key=lambda kv: -kv[1][key])[:n]:
        short = path.split("/src/")[-1].split("site-packages/")[-1]
        value = tt if key == 2 else ct
        rows.append({"function": f"{short}:{line}({name})", "calls": nc, "tottime_s": tt,
                     "cumtime_s": ct, "share": value / total})
    return rows


def task_flashtext(args: dict) -> dict:
    from flashtext import KeywordProcessor

    terms = list_terms(args)
    texts = read_texts(args["txt"], args.get("limit_bytes"))
    size = sum(len(t.encode("utf-8")) for t in texts)
    started = time.perf_counter()
    processor = KeywordProcessor(case_sensitive=False)
    for term in terms:
        processor.add_keyword(term)
    build = time.perf_counter() - started
    gc.collect()
    started = time.perf_counter()
    found = 0
    for text in texts:
        found += len(processor.extract_keywords(text, span_info=True))
    elapsed = time.perf_counter() - started
    return {"terms": len(terms), "build_s": build, "text_bytes": size, "seconds": elapsed,
            "mb_s": size / 1e6 / elapsed, "matches": found, **memory()}


def task_naive(args: dict) -> dict:
    """Python ``re``: one case-insensitive alternation of every term with \\b, on a slice."""
    terms = list_terms(args)
    started = time.perf_counter()
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in
                                              sorted(terms, key=len, reverse=True)) + r")\b",
                         re.IGNORECASE)
    build = time.perf_counter() - started
    text = "\n".join(read_texts(args["txt"], args["max_bytes"]))
    data_len = len(text.encode("utf-8"))
    size = 4_000
    while True:  # double the slice until it takes long enough to time well
        piece = text[:size]
        started = time.perf_counter()
        found = sum(1 for _ in pattern.finditer(piece))
        elapsed = time.perf_counter() - started
        if elapsed >= args["min_seconds"] or size >= len(text):
            break
        size = min(len(text), size * 2 if elapsed * 2 < args["min_seconds"] else
                   int(size * args["min_seconds"] / max(elapsed, 1e-3) * 1.1))
    piece_bytes = len(piece.encode("utf-8"))
    return {"terms": len(terms), "build_s": build, "slice_bytes": piece_bytes,
            "corpus_bytes": data_len, "seconds": elapsed, "mb_s": piece_bytes / 1e6 / elapsed,
            "matches_in_slice": found, "extrapolated": piece_bytes < data_len, **memory()}


def task_xlsx(args: dict) -> dict:
    """write_report on a synthetic ScanResult of N match rows: time and memory."""
    import synthetic

    import watchlist_extractor

    ruleset, result = synthetic.scan_result(args["rows"], args["seed"], args.get("documents", 0))
    gc.collect()
    before = memory()
    reset_ok = reset_peak()
    started = time.perf_counter()
    path = watchlist_extractor.write_report(result, ruleset, args["path"])
    elapsed = time.perf_counter() - started
    after = memory()
    return {"rows": args["rows"], "documents": len(result.documents), "seconds": elapsed,
            "rows_per_s": args["rows"] / elapsed, "file_bytes": Path(path).stat().st_size,
            "rss_before_write": before["rss"],
            "peak_write_phase": after["peak"] if reset_ok else None,
            "write_extra": (after["peak"] - before["rss"]) if reset_ok else None, **after}


def task_engine(args: dict) -> dict:
    """What-if on the RE2 layer alone: the project's term patterns and word-boundary wrapping,
    compiled with or without the capturing group, with another memory budget, in shards.

    Times only the search loop (matcher._spans-style resumption) over texts in memory: the
    first pass (RE2 builds DFA states lazily) and the best of two more (the steady state).
    """
    import re2

    from watchlist_extractor import compiler, matcher
    from watchlist_extractor.normalize import NON_WORD, POSSESSIVE, view_pattern

    terms = list_terms(args)
    # As the compiler writes them for the lower-cased view (the generated names are ASCII).
    patterns = sorted({view_pattern(t, fold_case=True)[0] for t in terms})
    shards = args.get("shards", 1)
    size_per = (len(patterns) + shards - 1) // shards
    group = args.get("group", True)
    regexes = []
    started = time.perf_counter()
    try:
        for i in range(shards):
            body = "|".join(patterns[i * size_per:(i + 1) * size_per])
            wrapped = (compiler.wrap_whole_word(body) if group
                       else f"(?:^|{NON_WORD})(?:{body}){POSSESSIVE}(?:{NON_WORD}|$)")
            options = compiler._options(longest=True)
            if args.get("max_mem_gib"):
                options.max_mem = int(args["max_mem_gib"] * (1 << 30))
            regexes.append(re2.compile(wrapped.encode("utf-8"), options))
    except re2.error as exc:
        return {"error": f"compile failed: {exc}", "terms": len(terms),
                "compile_s": time.perf_counter() - started, **memory()}
    compile_s = time.perf_counter() - started
    datas = [matcher.literal_view(t.encode("utf-8"), [], fold_case=True)
             for t in read_texts(args["txt"], args["limit_bytes"])]
    size = sum(map(len, datas))
    match_index = 1 if group else 0

    def one_pass() -> int:
        found = 0
        for regex in regexes:
            match = regex._regexp.Match
            for data in datas:
                end, pos = len(data), 0
                while pos <= end:
                    s, e = match(matcher._UNANCHORED, data, pos, end)[match_index]
                    if s < 0:
                        break
                    found += 1
                    pos = e if e > pos else pos + 1
        return found

    times = []
    for _ in range(3):
        started = time.perf_counter()
        spans = one_pass()
        times.append(time.perf_counter() - started)
    return {"terms": len(terms), "patterns": len(patterns), "compile_s": compile_s,
            "program_size": sum(r.programsize for r in regexes), "text_bytes": size,
            "first_mb_s": size / 1e6 / times[0], "mb_s": size / 1e6 / min(times[1:]),
            "spans": spans, "max_mem_gib": (args.get("max_mem_gib")
                                            or compiler.MAX_MEM / (1 << 30)), **memory()}


TASKS = {"load": task_load, "scan": task_scan, "breakdown": task_breakdown,
         "flashtext": task_flashtext, "naive": task_naive, "xlsx": task_xlsx,
         "engine": task_engine}


def main() -> None:
    task, raw = sys.argv[1], sys.argv[2]
    result = TASKS[task](json.loads(raw))
    sys.stdout.flush()
    print("\n" + json.dumps(result))


if __name__ == "__main__":
    main()
