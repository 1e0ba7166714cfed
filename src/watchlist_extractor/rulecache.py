"""Loading and compiling rules, with a cache keyed on the rule files' content.

Large generated watchlists take seconds to parse and validate; the cache keeps the loaded and
compiled form (pickled) under ``$WATCHLIST_CACHE_DIR`` or ``~/.cache/watchlist-extractor``,
keyed on the SHA-256 of every rules file, of the package's data files (the name spellings and
word lists that compiling reads) and the tool version, so that any edit invalidates it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from . import __version__
from .compiler import COMPILED_FORMAT, CompiledRules, compile_rules
from .loading import discover_rule_files, load_files, ruleset_from
from .model import RuleSet
from .suppressions import Suppression, suppressions_from


@dataclass
class LoadedRules:
    ruleset: RuleSet
    compiled: CompiledRules
    suppressions: list[Suppression]
    from_cache: bool = False


def cache_dir() -> Path:
    configured = os.environ.get("WATCHLIST_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "watchlist-extractor"


@cache
def _package_data_digest() -> bytes:
    """The package's data files change what compiling makes of the same rules (a new spelling
    in name_spellings.txt changes every term's written form) without a new version number."""
    digest = hashlib.sha256()
    data = resources.files("watchlist_extractor").joinpath("data")
    for item in sorted(data.iterdir(), key=lambda i: i.name):
        if item.is_file():
            digest.update(item.name.encode() + b"\0" + hashlib.sha256(item.read_bytes()).digest())
    return digest.digest()


def _cache_key(files: Sequence[Path]) -> str:
    digest = hashlib.sha256(f"watchlist-extractor {__version__} {COMPILED_FORMAT}\n".encode())
    digest.update(_package_data_digest())
    for f in files:
        digest.update(str(f.resolve()).encode() + b"\0")
        digest.update(hashlib.sha256(f.read_bytes()).digest())
    return digest.hexdigest()


def load_and_compile(paths: Sequence[Path | str], *, use_cache: bool = True) -> LoadedRules:
    """Load, validate and compile every rules file under ``paths`` (RuleError on problems)."""
    files = discover_rule_files(paths)
    key = _cache_key(files) if use_cache else ""
    cached = cache_dir() / f"rules-{key}.pickle"
    if use_cache and cached.is_file():
        try:
            with cached.open("rb") as handle:
                loaded = pickle.load(handle)
            if isinstance(loaded, LoadedRules):
                loaded.from_cache = True
                return loaded
        except Exception:  # a stale or damaged cache entry is simply rebuilt
            pass
    parsed = load_files(files)
    ruleset = ruleset_from(parsed)
    suppressions = suppressions_from(parsed)
    result = LoadedRules(ruleset, compile_rules(ruleset), suppressions)
    if use_cache:
        _store(cached, result)
    return result


def _store(path: Path, loaded: LoadedRules) -> None:
    """Write the cache entry atomically; a cache that cannot be written is not an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-rules-")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(loaded, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except (OSError, UnboundLocalError):
            pass
