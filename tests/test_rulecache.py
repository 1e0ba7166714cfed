"""The compiled-rules cache: a warm load gives the same rules and the same matches as a cold one,
and any edit to a rules file is a new cache entry."""

from __future__ import annotations

import shutil
from pathlib import Path

from watchlist_extractor import rulecache, scan, scan_text
from watchlist_extractor.rulecache import cache_dir, load_and_compile

ROOT = Path(__file__).resolve().parents[1]
CURATED = [ROOT / "rules" / "entities", ROOT / "rules" / "goods", ROOT / "rules" / "phrases"]


def test_warm_load_gives_the_same_rules_and_matches(tmp_path, monkeypatch):
    monkeypatch.setenv("WATCHLIST_CACHE_DIR", str(tmp_path))  # surely cold
    cold = load_and_compile(CURATED)
    warm = load_and_compile(CURATED)
    assert (cold.from_cache, warm.from_cache) == (False, True)
    assert len(warm.ruleset.rules) == len(cold.ruleset.rules) > 200
    # Each rule's model is kept as JSON in the cache and validated again when asked for.
    assert [r.model for r in warm.ruleset.rules] == [r.model for r in cold.ruleset.rules]
    assert scan([ROOT / "seeds"], warm.compiled).matches == \
        scan([ROOT / "seeds"], cold.compiled).matches


def test_an_edited_rules_file_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv("WATCHLIST_CACHE_DIR", str(tmp_path / "cache"))
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "goods", rules)
    first = load_and_compile([rules])
    assert load_and_compile([rules]).from_cache
    target = next(iter(sorted(rules.glob("*.yaml"))))
    target.write_text(target.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    again = load_and_compile([rules])
    assert not again.from_cache
    assert len(list(cache_dir().glob("rules-*.pickle"))) == 2
    assert [r.id for r in again.ruleset.rules] == [r.id for r in first.ruleset.rules]


def test_changed_package_data_is_compiled_again(tmp_path, monkeypatch):
    # name_spellings.txt and the word lists change what compiling makes of the same rule files
    # (an upgrade can change them without a new version number), so they are part of the key.
    monkeypatch.setenv("WATCHLIST_CACHE_DIR", str(tmp_path / "cache"))
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "phrases", rules)
    load_and_compile([rules])
    assert load_and_compile([rules]).from_cache
    monkeypatch.setattr(rulecache, "_package_data_digest", lambda: b"other package data")
    assert not load_and_compile([rules]).from_cache
    assert len(list(cache_dir().glob("rules-*.pickle"))) == 2


def test_a_damaged_cache_entry_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("WATCHLIST_CACHE_DIR", str(tmp_path / "cache"))
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "phrases", rules)
    load_and_compile([rules])
    for entry in cache_dir().glob("rules-*.pickle"):
        entry.write_bytes(b"not a pickle")
    rebuilt = load_and_compile([rules])
    assert not rebuilt.from_cache and len(rebuilt.ruleset.rules) > 10
    assert load_and_compile([rules]).from_cache


def test_an_engine_of_cyrillic_terms_is_compiled_when_first_needed(tmp_path, monkeypatch,
                                                                   write_rules):
    monkeypatch.setenv("WATCHLIST_CACHE_DIR", str(tmp_path / "cache"))
    path = write_rules("""\
        rules:
          - id: entity.tekhkrim
            category: entity
            terms: [Tekhkrim, Техкрим]
        """)
    load_and_compile([path])
    warm = load_and_compile([path]).compiled
    (gated,) = [e for e in warm.literal_engines if e.gate]
    assert gated.regex is None and b"\xd0" in gated.gate  # Cyrillic lead byte
    assert scan_text("Tekhkrim shipped parts", warm)[0].matched_text == "Tekhkrim"
    assert gated.regex is None  # an ASCII text does not need it
    assert [m.matched_text for m in scan_text("ООО ТЕХКРИМ и Техкрим", warm)] == [
        "ТЕХКРИМ", "Техкрим"]
    assert gated.regex is not None
