"""Scanning never fails on odd text, and every match points at what it quotes.

Seeded random texts mix real rule terms (curated rules, plus Cyrillic, weak and ship-name
rules) with the characters that have broken offset arithmetic before: Unicode hyphens that
NFKC rewrites, no-break and zero-width spaces, ligatures, combining accents, letters that change
length when case-folded, emoji, web addresses, Windows line ends.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from watchlist_extractor import scan_text
from watchlist_extractor.rulecache import load_and_compile

ROOT = Path(__file__).resolve().parent.parent

EXTRA_RULES = """\
rules:
  - id: entity.test-cyrillic
    category: entity
    terms: [Техкрим, Tekhkrim, {term: Krim, weak: true}]
  - id: entity.test-ship
    category: entity
    terms: [{term: Laconia, weak: true}]
    near: {terms: [tanker, vessel, MT, IMO, flagged], within: 1}
    exclude: [{part_of_name: true}]
  - id: entity.test-person
    category: entity
    terms: [Andrey Komarov, {term: Komarov, weak: true}]
"""

SEPARATORS = [" ", " ", " ", "-", "\u2010", "\u2011", "\u2013", "\u2014", "\u00a0", "\u200b",
              "\u202f", "\t", "\r\n", "\n\n", ". ", ", ", "’s ", "'s ", " (", ") ", "“", "”",
              "…", " / ", "\u00ad"]
ODD_WORDS = ["ﬁnance", "cafe\u0301", "Straße", "İstanbul", "ǅemal", "😀", "Ⅻ", "ｆｕｌｌｗｉｄｔｈ",
             "Москва", "x²", "https://example.com/dual-use-drones-sanctions-evasion",
             "www.rosneft.ru/sanctions", "ﬀ", "\u0301", "MT", "IMO 9301421", "Sergei", "May"]
FILLER = "the of and shipment company said customs goods report in to via for was".split()


def _terms(compiled) -> list[str]:
    terms = [t.term for rule in compiled.rules for t in rule.model.terms]
    return [t for t in terms if t.strip()]


def _random_text(rng: random.Random, terms: list[str]) -> str:
    pieces = []
    for _ in range(rng.randint(5, 60)):
        kind = rng.random()
        if kind < 0.35:
            term = rng.choice(terms)
            term = rng.choice([term, term.upper(), term.lower(), term.title(),
                               term.replace(" ", rng.choice(["-", "\u2011", "\u00a0"]))])
            pieces.append(term)
        elif kind < 0.55:
            pieces.append(rng.choice(ODD_WORDS))
        else:
            pieces.append(rng.choice(FILLER))
        pieces.append(rng.choice(SEPARATORS))
    return "".join(pieces)


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    extra = tmp_path_factory.mktemp("rules") / "extra.yaml"
    extra.write_text(EXTRA_RULES, encoding="utf-8")
    folders = [ROOT / "rules" / name for name in ("entities", "goods", "phrases")]
    return load_and_compile([*folders, extra], use_cache=False).compiled


def test_random_texts_scan_and_every_match_quotes_its_own_text(compiled):
    rng = random.Random(20261124)
    terms = _terms(compiled)
    total = 0
    for _ in range(400):
        text = _random_text(rng, terms)
        for m in scan_text(text, compiled, "doc.txt"):
            total += 1
            assert text[m.start:m.end] == m.matched_text, (text, m)
            assert m.context[m.context_match_start:m.context_match_end] == m.matched_text
            assert m.line == text.count("\n", 0, m.start) + 1
            assert m.column == m.start - (text.rfind("\n", 0, m.start) + 1) + 1
            assert m.sentence_start <= m.start <= m.end <= m.sentence_end
    assert total > 1000  # the texts do hold many mentions: the checks above ran
