"""Shared fixtures: rules written inline as YAML, compiled the way the CLI does."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from watchlist_extractor import compile_rules, load_rules

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _isolated_cache(_session_cache: Path, monkeypatch: pytest.MonkeyPatch):
    """Never touch the user's compiled-rules cache from tests; share one for the session
    (entries are keyed on the rule files' content, so tests cannot see each other's rules)."""
    monkeypatch.setenv("WATCHLIST_CACHE_DIR", str(_session_cache))


@pytest.fixture
def write_rules(tmp_path: Path):
    """Write YAML text to a rules file and return its path."""

    def write(text: str, name: str = "rules.yaml") -> Path:
        path = tmp_path / "rules" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def compile_yaml(write_rules):
    """Inline YAML → CompiledRules."""

    def build(text: str):
        path = write_rules(text)
        return compile_rules(load_rules([path]))

    return build
