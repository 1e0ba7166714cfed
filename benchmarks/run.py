"""watchlist-extractor benchmarks: every figure of the "Fast at scale" issue in one run.

    .venv/bin/python benchmarks/run.py            # full run (50 MB corpus, ~10 minutes)
    .venv/bin/python benchmarks/run.py --quick    # smaller corpus and reports (~2 minutes)

Data is generated (seeded) under benchmarks/out/ on the first run and reused afterwards. Each
figure is measured in its own child process (benchmarks/measure.py), which reports its own peak
resident set size. Results are printed side by side with ratios and PASS/MISS per target, and
saved to benchmarks/out/results/<date-time>.{txt,json}.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import corpus as bench_corpus

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MEASURE = HERE / "measure.py"

TARGETS = {
    "scan_shipped": 100.0,  # MB/s per core, end to end, shipped watchlist
    "scan_100k": 50.0,  # MB/s per core, end to end, 100k names
    "vs_flashtext_10k": 10.0,  # × flashtext at 10k names
    "vs_naive_10k": 1_000.0,  # × naive Python re at 10k names
    "warm_load_50k": 1.0,  # seconds, load + compile of 50k names with a warm cache
    "xlsx_100k": 10.0,  # seconds for 100k rows
    "xlsx_flat": 1.5,  # extra memory while writing 10× the rows, at most this factor
    "parallel": 1.8,  # jobs 2 vs jobs 1
}


class Output:
    """Print and keep every line (saved with the results)."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)


out = Output()


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def mb(value: float | None) -> str:
    return "—" if value is None else f"{value / 1e6:,.0f} MB"


def fmt(value: float | None, spec: str = ",.1f", unit: str = "") -> str:
    return "—" if value is None else f"{value:{spec}}{unit}"


# --- Child processes ------------------------------------------------------------------------

def child(task: str, args: dict, timeout: float, env: dict | None = None) -> dict:
    """Run one measurement in a fresh process; add its peak RSS as the kernel saw it."""
    logs = HERE / "out" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    stem = logs / f"{task}-{args.get('label', '')}-{os.getpid()}"
    full_env = {**os.environ, **(env or {})}
    started = time.perf_counter()
    with open(f"{stem}.out", "w") as stdout, open(f"{stem}.err", "w") as stderr:
        proc = subprocess.Popen([sys.executable, str(MEASURE), task, json.dumps(args)],
                                stdout=stdout, stderr=stderr, cwd=HERE, env=full_env,
                                start_new_session=True)
        usage = None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - started > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                break
            time.sleep(0.05)
    wall = time.perf_counter() - started
    text = Path(f"{stem}.out").read_text()
    errors = Path(f"{stem}.err").read_text().splitlines()
    noise = sum(1 for line in errors if "CoalesceWalker" in line or "simplify.cc" in line)
    result: dict
    try:
        result = json.loads(text.strip().splitlines()[-1])
    except (IndexError, ValueError):
        tail = [line for line in errors if line.strip() and "simplify.cc" not in line][-1:]
        reason = "timed out" if proc.returncode == -9 else (tail[0] if tail else
                                                            f"exit code {proc.returncode}")
        result = {"error": reason[:300]}
    result["process_peak_rss"] = usage.ru_maxrss * 1024 if usage else None
    result["process_wall_s"] = wall
    if noise:
        result["re2_log_lines"] = noise
    return result


# --- Machine ----------------------------------------------------------------------------------

def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text()
                      .splitlines() if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem_kb = 0
    versions = {}
    for package in ("watchlist-extractor", "google-re2", "flashtext", "openpyxl"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:  # not installed
            versions[package] = None
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "src", "rules"],
                               capture_output=True, text=True).stdout.strip()
    except OSError:
        commit, dirty = "", ""
    return {"nproc": len(os.sched_getaffinity(0)), "cpu": cpu, "ram_gib": mem_kb / 1024 ** 2,
            "python": platform.python_version(), "versions": versions,
            "commit": commit + ("+uncommitted src/rules changes" if dirty else ""),
            "date": _dt.datetime.now().strftime("%Y-%m-%d %H:%M")}


# --- Sections ---------------------------------------------------------------------------------

def section_load(ctx: dict) -> dict:
    """Load + compile: cold, first run (fills the cache), warm; shipped and 50k names."""
    out("\n== Rules load + compile (each in a fresh process) ==")
    out("   cold = no cache (use_cache=False); fill = empty cache, build and store; "
        "warm = cached (best of 2 processes)")
    results = {}
    header = (f"   {'set':<9} {'rules':>7} {'terms':>8} {'cold s':>8} {'parse+validate':>14} "
              f"{'compile':>8} {'fill s':>7} {'warm s':>7} {'unpickle':>8} {'1st scan':>8} "
              f"{'peak RSS':>9}  target")
    out(header)
    for label in ctx["load_sets"]:
        paths = ctx["rules"][label]
        cache = ctx["cache_root"] / f"load-{label}"
        shutil.rmtree(cache, ignore_errors=True)
        cold = (child("load", {"label": label, "mode": "cold", "rules": paths}, ctx["timeout"])
                if ctx["load_cold"] else {})
        fill = child("load", {"label": label, "mode": "fill", "rules": paths,
                              "cache_dir": str(cache)}, ctx["timeout"])
        warms = [child("load", {"label": label, "mode": "warm", "rules": paths,
                                "cache_dir": str(cache), "txt": ctx["txt"]}, ctx["timeout"])
                 for _ in range(2)]
        ok_warms = [w for w in warms if "error" not in w]
        warm = min(ok_warms, key=lambda w: w["seconds"]) if ok_warms else warms[0]
        results[label] = {"cold": cold, "fill": fill, "warm": warm}
        target = ""
        if label == "50k":
            ok = None if "error" in warm else warm["seconds"] <= TARGETS["warm_load_50k"]
            target = f"warm ≤ {TARGETS['warm_load_50k']:g} s: {verdict(ok)}"
            ctx["verdicts"]["load + compile 50k names, warm cache ≤ 1 s"] = (
                verdict(ok), fmt(warm.get("seconds"), ".2f", " s"))
        if not cold:
            cold = {"rules": fill.get("rules", 0), "terms": fill.get("terms", 0)}
        if "error" in cold:
            out(f"   {label:<9} cold load failed: {cold['error']}")
        out(f"   {label:<9} {cold.get('rules', 0):>7,} {cold.get('terms', 0):>8,} "
            f"{fmt(cold.get('seconds'), '.2f'):>8} {fmt(cold.get('parse_validate_s'), '.2f'):>14} "
            f"{fmt(cold.get('compile_s'), '.2f'):>8} {fmt(fill.get('seconds'), '.2f'):>7} "
            f"{fmt(warm.get('seconds'), '.2f'):>7} {fmt(warm.get('unpickle_s'), '.2f'):>8} "
            f"{fmt(warm.get('first_scan_200kb_s'), '.2f'):>8} "
            f"{mb(cold.get('process_peak_rss')):>9}  {target}")
        if "error" in warm:
            out(f"   {label:<9} warm load failed: {warm['error']}")
    out("   parse+validate = YAML + pydantic; compile = RE2 engines; unpickle = part of warm "
        "(RE2 patterns recompile on unpickling);\n   1st scan = first 200 KB scanned after a "
        "warm load (RE2 builds its DFA lazily; a second pass shows the steady state)")
    for label, r in results.items():
        w = r["warm"]
        if "second_scan_200kb_s" in w:
            out(f"   {label}: first 200 KB scan {w['first_scan_200kb_s']:.2f} s, second "
                f"{w['second_scan_200kb_s']:.2f} s; cache file "
                f"{mb(r['fill'].get('cache_bytes'))}")
    return results


def _warm_caches(ctx: dict) -> None:
    """Fill a cache per watchlist so that scan processes load fast (not timed here). A cache
    from an earlier run is kept only if it is still valid (the child loads it, or builds it
    again when the rules, the tool version or the compiled format changed)."""
    for label, paths in ctx["rules"].items():
        cache = ctx["cache_root"] / f"scan-{label}"
        if label not in ctx["scan_sets"]:
            continue
        fill = child("load", {"label": label, "mode": "fill", "rules": paths,
                              "cache_dir": str(cache)}, ctx["timeout"])
        if "error" in fill:
            ctx["compile_errors"][label] = fill["error"]


def section_scan(ctx: dict) -> dict:
    out("\n== End-to-end scan, jobs=1: watchlist_extractor.scan(inputs, compiled) ==")
    out("   read + decode + hash, normalise, match, conditions, quote, mark repeats; no report. "
        "MB = 10^6 bytes of UTF-8 text;\n   best of up to "
        f"{ctx['repeats']} passes (first pass in brackets); peak RSS of the scanning process")
    _warm_caches(ctx)
    results = {}
    out(f"   {'watchlist':<10} {'input':<6} {'rules':>7} {'terms':>8} {'MB/s':>7} {'(1st)':>7} "
        f"{'docs':>7} {'matches':>8} {'RSS load':>9} {'peak RSS':>9}  target")
    for label in ctx["scan_sets"]:
        for kind in ("txt", "jsonl"):
            if kind == "jsonl" and label not in ctx["jsonl_sets"]:
                continue
            key = f"{label}/{kind}"
            if label in ctx["compile_errors"]:
                results[key] = {"error": ctx["compile_errors"][label]}
            else:
                results[key] = child("scan", {
                    "label": f"{label}-{kind}", "rules": ctx["rules"][label],
                    "cache_dir": str(ctx["cache_root"] / f"scan-{label}"),
                    "input": ctx[kind], "repeats": ctx["repeats"], "jobs": [1],
                    "budget_s": ctx["scan_budget"]}, ctx["timeout"])
            r = results[key]
            target, goal = "", None
            if kind == "txt" and label == "shipped":
                goal = ("end to end ≥ 100 MB/s per core, shipped rules", TARGETS["scan_shipped"])
            if kind == "txt" and label == "100k":
                goal = ("end to end ≥ 50 MB/s per core, 100k names", TARGETS["scan_100k"])
            if "error" in r:
                out(f"   {label:<10} {kind:<6} ERROR: {r['error']}")
                if goal:
                    ctx["verdicts"][goal[0]] = ("MISS", "does not run: " + r["error"][:80])
                continue
            j = r["jobs"]["1"]
            first = r["text_bytes"] / 1e6 / j["first_s"]
            if goal:
                ok = j["mb_s"] >= goal[1]
                target = f"≥ {goal[1]:g} MB/s: {verdict(ok)}"
                ctx["verdicts"][goal[0]] = (verdict(ok), f"{j['mb_s']:.1f} MB/s")
            out(f"   {label:<10} {kind:<6} {r['rules']:>7,} {r['terms']:>8,} {j['mb_s']:>7.1f} "
                f"{'(' + format(first, '.1f') + ')':>7} {r['documents']:>7,} {r['matches']:>8,} "
                f"{mb(r.get('rss_after_load')):>9} {mb(r.get('process_peak_rss')):>9}  {target}")
            if label == "shipped" and kind == "txt" and "curated/txt" in results and \
                    "jobs" in results["curated/txt"]:
                curated = results["curated/txt"]["jobs"]["1"]["mb_s"]
                out(f"   {'':<10} shipped (with the official lists) vs curated only: "
                    f"{curated / j['mb_s']:.1f}× slower")
            if r.get("not_scanned"):
                out(f"   {'':<10} {r['not_scanned']} documents not scanned: "
                    f"{r['not_scanned_reasons']}")
    return results


def section_baselines(ctx: dict, scans: dict) -> dict:
    out("\n== Baselines on the same corpus and names ==")
    out("   naive = Python re, one case-insensitive alternation of all terms with \\b "
        "(timed on a slice, MB/s extrapolated);\n   flashtext = KeywordProcessor("
        "case_sensitive=False).extract_keywords. Both run on texts already in memory\n"
        "   (matching only), the project figure is end to end (reading and quoting included).")
    results = {}
    out(f"   {'names':<6} {'terms':>8} {'project':>8} {'flashtext':>10} {'naive re':>10} "
        f"{'slice':>9} {'× flashtext':>12} {'× naive':>10} {'ft build':>9} {'re build':>9}")
    for label in ctx["baseline_sets"]:
        spec = {"names": bench_corpus.LIST_SIZES[label], "seed": ctx["seed"], "txt": ctx["txt"]}
        flash = child("flashtext", {**spec, "label": label,
                                    "limit_bytes": ctx["flashtext_bytes"]}, ctx["timeout"])
        naive = child("naive", {**spec, "label": label, "min_seconds": ctx["naive_seconds"],
                                "max_bytes": ctx["naive_max_bytes"]}, ctx["timeout"])
        scan = scans.get(f"{label}/txt", {})
        project = scan["jobs"]["1"]["mb_s"] if "jobs" in scan else None
        vs_flash = project / flash["mb_s"] if project and "mb_s" in flash else None
        vs_naive = project / naive["mb_s"] if project and "mb_s" in naive else None
        results[label] = {"flashtext": flash, "naive": naive, "project_mb_s": project,
                          "vs_flashtext": vs_flash, "vs_naive": vs_naive}
        slice_text = (f"{naive['slice_bytes'] / 1e3:,.0f} KB" if "slice_bytes" in naive
                      else "—")
        out(f"   {label:<6} {flash.get('terms', 0):>8,} {fmt(project):>8} "
            f"{fmt(flash.get('mb_s')):>10} {fmt(naive.get('mb_s'), '.4f'):>10} "
            f"{slice_text:>9} {fmt(vs_flash, ',.2f', '×'):>12} {fmt(vs_naive, ',.0f', '×'):>10} "
            f"{fmt(flash.get('build_s'), '.1f', ' s'):>9} {fmt(naive.get('build_s'), '.1f', ' s'):>9}")
        for name, r in (("flashtext", flash), ("naive", naive)):
            if "error" in r:
                out(f"   {label}: {name} failed: {r['error']}")
        if label == "10k":
            ctx["verdicts"]["≥ 10× flashtext at 10k names"] = (
                verdict(None if vs_flash is None else vs_flash >= TARGETS["vs_flashtext_10k"]),
                fmt(vs_flash, ",.2f", "×"))
            ctx["verdicts"]["≥ 1,000× naive re at 10k names"] = (
                verdict(None if vs_naive is None else vs_naive >= TARGETS["vs_naive_10k"]),
                fmt(vs_naive, ",.0f", "×"))
    def per_mb(count, size):
        return f"{count / (size / 1e6):,.0f}" if count is not None and size else "—"

    out("   entity matches per MB (sanity check): " + "; ".join(
        f"{label}: project {per_mb(scans.get(label + '/txt', {}).get('by_category', {}).get('entity'), scans.get(label + '/txt', {}).get('text_bytes'))}, "
        f"flashtext {per_mb(r['flashtext'].get('matches'), r['flashtext'].get('text_bytes'))}"
        for label, r in results.items()))
    return results


def section_xlsx(ctx: dict) -> dict:
    out("\n== Excel report: watchlist_extractor.write_report(result, ruleset, path) ==")
    out(f"   synthetic ScanResult (unique contexts, {max(1, ctx['xlsx_rows'][0] // 25):,} documents "
        "at every size, 2,030 rules); "
        "'extra' = peak RSS while writing minus RSS before; write_report's default (streaming) mode")
    results = {}
    rows_list = list(ctx["xlsx_rows"])
    out(f"   {'rows':>9} {'docs':>7} {'seconds':>8} {'rows/s':>8} {'RSS before':>11} "
        f"{'peak write':>11} {'extra':>8} {'file':>8}")
    done: list[int] = []
    for rows in rows_list:
        if done and not ctx["xlsx_force"]:
            last = results[done[-1]]
            if "rows_per_s" in last:
                projected = rows / last["rows_per_s"]
                if projected > ctx["xlsx_budget"] and rows >= 1_000_000:
                    smaller = 300_000  # still enough rows to see whether memory stays flat
                    if smaller / last["rows_per_s"] <= ctx["xlsx_budget"] and smaller > done[-1]:
                        out(f"   {rows:>9,} would take about {projected / 60:.0f} min at "
                            f"{last['rows_per_s']:,.0f} rows/s: writing {smaller:,} rows instead "
                            "(--xlsx-force writes 1M)")
                        rows = smaller
                        projected = rows / last["rows_per_s"]
                if projected > ctx["xlsx_budget"]:
                    out(f"   {rows:>9,} skipped: would take about {projected / 60:.0f} min at "
                        f"{last['rows_per_s']:,.0f} rows/s (budget {ctx['xlsx_budget'] / 60:.0f}"
                        " min; --xlsx-force runs it)")
                    continue
        path = HERE / "out" / "reports" / f"bench-{rows}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        # The same documents at every size: the Documents and Run sheets list each input, so
        # only the number of match rows changes and memory flatness is about rows alone.
        documents = max(1, rows_list[0] // 25)
        r = child("xlsx", {"label": str(rows), "rows": rows, "seed": ctx["seed"],
                           "documents": documents,
                           "path": str(path)},
                  max(ctx["timeout"], ctx["xlsx_budget"] * 1.5))
        results[rows] = r
        if "error" in r:
            out(f"   {rows:>9,} ERROR: {r['error']}")
            continue
        done.append(rows)
        out(f"   {rows:>9,} {r['documents']:>7,} {r['seconds']:>8.1f} {r['rows_per_s']:>8,.0f} "
            f"{mb(r['rss_before_write']):>11} {mb(r['peak_write_phase']):>11} "
            f"{mb(r['write_extra']):>8} {mb(r['file_bytes']):>8}")
    hundred = results.get(100_000)
    if hundred and "seconds" in hundred:
        ok = hundred["seconds"] <= TARGETS["xlsx_100k"]
        ctx["verdicts"]["100k rows to xlsx ≤ 10 s"] = (verdict(ok), f"{hundred['seconds']:.1f} s")
    elif done:
        first = results[done[0]]
        estimate = 100_000 / first["rows_per_s"]
        ctx["verdicts"]["100k rows to xlsx ≤ 10 s"] = (
            verdict(estimate <= TARGETS["xlsx_100k"]) + " (est.)",
            f"~{estimate:.0f} s from {done[0]:,} rows")
    if len(done) >= 2:
        small, large = results[done[0]], results[done[-1]]
        factor = large["write_extra"] / max(small["write_extra"], 1)
        ok = factor <= TARGETS["xlsx_flat"]
        out(f"   memory while writing: {done[-1] // done[0]}× the rows → {factor:.2f}× the extra "
            f"memory ({verdict(ok)}: flat means ≤ {TARGETS['xlsx_flat']}×)")
        ctx["verdicts"][f"xlsx memory flat ({done[0]:,} vs {done[-1]:,} rows)"] = (
            verdict(ok), f"{factor:.2f}× extra for {done[-1] // done[0]}× rows")
    return results


def section_parallel(ctx: dict) -> dict:
    out("\n== Parallel: scan(inputs, compiled, jobs=2) vs jobs=1, same process, interleaved ==")
    results = {}
    for label in ctx["parallel_sets"]:
        if label in ctx["compile_errors"]:
            continue
        r = child("scan", {"label": f"{label}-parallel", "rules": ctx["rules"][label],
                           "cache_dir": str(ctx["cache_root"] / f"scan-{label}"),
                           "input": ctx["txt"], "repeats": ctx["repeats"], "jobs": [1, 2],
                           "budget_s": ctx["scan_budget"] * 1.5}, ctx["timeout"])
        results[label] = r
        if "error" in r:
            out(f"   {label}: ERROR {r['error']}")
            continue
        one, two = r["jobs"]["1"], r["jobs"]["2"]
        out(f"   load average now {os.getloadavg()[0]:.2f}")
        speedup = two["mb_s"] / one["mb_s"]
        ok = speedup >= TARGETS["parallel"]
        out(f"   {label:<8} jobs=1 {one['mb_s']:6.1f} MB/s   jobs=2 {two['mb_s']:6.1f} MB/s   "
            f"speed-up {speedup:.2f}× (≥ {TARGETS['parallel']}×: {verdict(ok)}); parent CPU "
            f"with jobs=2 {two['cpu_s']:.1f} s of {two['best_s']:.1f} s; workers' peak RSS "
            f"{mb(r.get('children_peak'))}")
        if label == ctx["parallel_sets"][0]:
            ctx["verdicts"][f"jobs 2 ≥ 1.8× jobs 1 ({label})"] = (verdict(ok), f"{speedup:.2f}×")
    return results


def section_breakdown(ctx: dict) -> dict:
    out("\n== Where the scan time goes (texts in memory, jobs=1; cProfile top functions) ==")
    results = {}
    for label in ctx["breakdown_sets"]:
        if label in ctx["compile_errors"]:
            continue
        profile = HERE / "out" / "results" / f"profile-{label}.txt"
        profile.parent.mkdir(parents=True, exist_ok=True)  # a first run has no results yet
        r = child("breakdown", {"label": label, "rules": ctx["rules"][label],
                                "cache_dir": str(ctx["cache_root"] / f"scan-{label}"),
                                "input": ctx["txt"], "limit_bytes": ctx["breakdown_bytes"],
                                "profile_out": str(profile)}, ctx["timeout"])
        results[label] = r
        if "error" in r:
            out(f"   {label}: ERROR {r['error']}")
            continue
        size = r["text_bytes"] / 1e6
        out(f"   {label}: {size:.1f} MB, {r['documents']:,} documents ({r['ascii_documents']:,} "
            f"pure ASCII, {r['nfkc_changed_documents']:,} not NFKC), {r['spans']:,} RE2 spans, "
            f"{r['candidates']:,} candidates, {r['matches']:,} matches")
        for stage, seconds in r["stages_s"].items():
            rate = size / seconds if seconds > 0 else float("inf")
            out(f"      {stage:<52} {seconds:7.2f} s  {rate:9.1f} MB/s")
        out("      project functions by cumulative time (cProfile on half of the texts; "
            f"full listing in {profile.relative_to(REPO)}):")
        for row in r["profile_project_cumulative"][:9]:
            out(f"        {row['share'] * 100:5.1f}%  {row['cumtime_s']:6.2f} s  "
                f"{row['calls']:>9,} calls  {row['function']}")
        out("      top functions by own time:")
        for row in r["profile_top"][:6]:
            out(f"        {row['share'] * 100:5.1f}%  {row['tottime_s']:6.2f} s  "
                f"{row['calls']:>9,} calls  {row['function']}")
    return results


ENGINE_VARIANTS = [  # (label, arguments): what-if settings of the RE2 layer
    ("as compiled now (no group, MAX_MEM)", {"group": False}),
    ("capturing group 1 (as before)", {"group": True}),
    ("no group, max_mem 1 GiB (as before)", {"group": False, "max_mem_gib": 1}),
    ("no group, max_mem 8 GiB", {"group": False, "max_mem_gib": 8}),
    ("no group + 8 GiB + 2 shards", {"group": False, "max_mem_gib": 8, "shards": 2}),
]


def section_engine(ctx: dict) -> dict:
    """Opt-in diagnosis (--only engine): the RE2 layer alone under other settings."""
    out("\n== RE2 layer what-if (diagnosis; texts in memory; project term patterns) ==")
    out("   MB/s of the search loop alone: first pass (DFA built lazily) and steady state")
    out(f"   {'names':<6} {'variant':<36} {'compile':>8} {'program':>10} {'1st MB/s':>9} "
        f"{'MB/s':>7} {'spans':>7} {'peak RSS':>9}")
    results = {}
    for label in ctx["engine_sets"]:
        for name, variant in ENGINE_VARIANTS:
            if variant.get("shards") and label != "100k":
                continue
            r = child("engine", {"label": label, "names": bench_corpus.LIST_SIZES[label],
                                 "seed": ctx["seed"], "txt": ctx["txt"],
                                 "limit_bytes": ctx["engine_bytes"], **variant}, ctx["timeout"])
            results[f"{label}/{name}"] = r
            if "mb_s" not in r:
                out(f"   {label:<6} {name:<36} {r.get('error', '?')}")
                continue
            out(f"   {label:<6} {name:<36} {r['compile_s']:7.1f}s {r['program_size']:>10,} "
                f"{r['first_mb_s']:9.1f} {r['mb_s']:7.1f} {r['spans']:>7,} "
                f"{mb(r.get('process_peak_rss')):>9}")
    return results


# --- Main -------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="5 MB corpus, smaller reports, fewer passes (about 2 minutes)")
    parser.add_argument("--mb", type=float, help="corpus size in MB (default 50, --quick 5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rules", default=str(REPO / "rules"),
                        help="the shipped rule set (default: the repository's rules/)")
    parser.add_argument("--only", default="",
                        help="comma-separated sections: scan,baselines,load,xlsx,parallel,"
                             "breakdown (default: all of these), engine (RE2 what-if, opt-in)")
    parser.add_argument("--xlsx-rows", default="",
                        help="report sizes, e.g. 100000,1000000 (default; --quick 5000,20000)")
    parser.add_argument("--xlsx-force", action="store_true",
                        help="write every report size even when it would take long")
    args = parser.parse_args()

    quick = args.quick
    corpus_mb = args.mb or (5.0 if quick else 50.0)
    sections = [s for s in args.only.split(",") if s] or [
        "scan", "baselines", "load", "parallel", "breakdown", "xlsx"]
    info = machine()
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    started = time.perf_counter()
    out(f"watchlist-extractor benchmarks, {info['date']}, commit {info['commit'] or '?'}")
    out(f"machine: {info['nproc']} CPUs ({info['cpu']}), {info['ram_gib']:.1f} GiB RAM, "
        f"Python {info['python']}; " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()
                                                  if v))
    out(f"load average at start: {os.getloadavg()[0]:.2f} (other processes share the CPUs: "
        "figures are noisier when it is above 0.5)")
    out("preparing data (generated once, reused)…")
    data = bench_corpus.prepare(HERE / "out", corpus_mb, args.seed, log=out)
    c = data["corpus"]
    out(f"corpus: {c['text_bytes'] / 1e6:.1f} MB, {c['articles']:,} articles, seed {args.seed} "
        f"(.txt in folders and the same articles as corpus.jsonl)")
    rules = {"shipped": [args.rules],
             # The shipped rules without the generated official lists (rules/lists/).
             "curated": [str(Path(args.rules) / sub) for sub in ("entities", "goods", "phrases")]}
    for label, spec in data["lists"].items():
        rules[label] = [spec["path"]]
    ctx = {
        "seed": args.seed, "rules": rules, "txt": c["txt"], "jsonl": c["jsonl"],
        "cache_root": HERE / "out" / "cache", "timeout": 600,
        "repeats": 2 if quick else 3, "scan_budget": 20 if quick else 60,
        "scan_sets": ["curated", "shipped", "1k", "10k", "100k"], "jsonl_sets": ["shipped", "10k"],
        "baseline_sets": ["1k", "10k", "100k"],
        "load_sets": ["shipped", "50k"], "parallel_sets": ["shipped", "10k"],
        "breakdown_sets": ["shipped", "10k", "100k"], "engine_sets": ["10k", "50k", "100k"],
        "engine_bytes": 5_000_000,
        "breakdown_bytes": 2_000_000 if quick else 10_000_000,
        "flashtext_bytes": 5_000_000 if quick else 20_000_000,
        "naive_seconds": 0.5 if quick else 2.0, "naive_max_bytes": 2_000_000,
        "xlsx_rows": [int(x) for x in args.xlsx_rows.split(",") if x] or (
            [5_000, 20_000] if quick else [100_000, 1_000_000]),
        "xlsx_force": args.xlsx_force, "xlsx_budget": 90 if quick else 300,
        "load_cold": not quick,
        "verdicts": {}, "compile_errors": {},
    }
    out(f"watchlists: shipped = {args.rules}; generated: " + ", ".join(
        f"{label} = {spec['names']:,} names / {spec['terms']:,} terms"
        for label, spec in data["lists"].items()))
    results: dict = {"machine": info, "corpus": c, "lists": data["lists"], "quick": quick}
    if "scan" in sections or "baselines" in sections:
        results["scan"] = section_scan(ctx)
        for label, error in ctx["compile_errors"].items():
            out(f"   {label}: the rules do not compile: {error}")
    if "baselines" in sections:
        results["baselines"] = section_baselines(ctx, results["scan"])
    if "load" in sections:
        results["load"] = section_load(ctx)
    if "parallel" in sections:
        results["parallel"] = section_parallel(ctx)
    if "breakdown" in sections:
        results["breakdown"] = section_breakdown(ctx)
    if "xlsx" in sections:
        results["xlsx"] = section_xlsx(ctx)
    if "engine" in sections:
        results["engine"] = section_engine(ctx)

    out("\n== Targets ==")
    for name, (result, figure) in ctx["verdicts"].items():
        out(f"   {result:<12} {name:<50} {figure}")
    out(f"\ntotal time {time.perf_counter() - started:.0f} s")
    results["verdicts"] = ctx["verdicts"]
    folder = HERE / "out" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stamp}.json").write_text(json.dumps(results, indent=2, default=str))
    (folder / f"{stamp}.txt").write_text("\n".join(out.lines) + "\n")
    print(f"saved benchmarks/out/results/{stamp}.txt and .json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
