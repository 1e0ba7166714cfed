"""The first scan in a fresh process against the next ones: what a run on a folder pays to warm up.

RE2 builds its DFAs lazily and the rules' small regexes compile on first use, so the first scan
of a process is slower than the steady state the main runner reports. On a folder of news
(a few hundred articles) that warm-up is most of the run.

    .venv/bin/python benchmarks/first_scan.py seeds/            # or any folder of articles
    .venv/bin/python benchmarks/first_scan.py FOLDER --rules rules/ --passes 3

Prints process CPU seconds (the machine may be shared: CPU time is steadier than wall time).
"""

from __future__ import annotations

import argparse
import time

from watchlist_extractor import scan
from watchlist_extractor.rulecache import load_and_compile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="files or folders to scan")
    parser.add_argument("--rules", default="rules/", help="rules folder (default: rules/)")
    parser.add_argument("--passes", type=int, default=3, help="scans in the process (default: 3)")
    args = parser.parse_args()

    started = time.process_time()
    compiled = load_and_compile([args.rules], use_cache=True).compiled
    print(f"load (cache filled by an earlier run): {time.process_time() - started:.2f} s CPU")
    for number in range(1, args.passes + 1):
        started = time.process_time()
        result = scan(args.inputs, compiled)
        seconds = time.process_time() - started
        size = sum(d.size_bytes for d in result.documents)
        print(f"scan {number}: {seconds:.2f} s CPU, {len(result.documents)} documents, "
              f"{size / 1e6:.2f} MB, {len(result.matches)} matches")


if __name__ == "__main__":
    main()
