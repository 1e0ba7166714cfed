"""Normalisation: keys, term patterns, plurals, and NFKC with offsets back to the original."""

from __future__ import annotations

import unicodedata

import pytest

from watchlist_extractor.normalize import (canonical_names, fold_accents, normalize_key, plural_forms,
                                           prepare_text)


@pytest.mark.parametrize(("a", "b"), [
    ("Aero-HIT", "aerohit"), ("AERO – HIT", "Aero HIT"), ("Xi’an", "xian"), ("Xi'an", "XI`AN"),
    ("Shenzhen\n  Kexin", "shenzhen kexin"), ("ＤＪＩ", "dji"), ("“Veles”", '"veles"'),
    ("Nicolás Maduro", "Nicolas Maduro"), ("Koçak Dış Ticaret", "KOCAK DIS TICARET"),
    ("Cafe\u0301", "cafe"), ("Łódź", "lodz"),
    ("Mohammed Hassan", "MUHAMMAD HASAN"), ("Hizballah", "Hezbollah"), ("Sergei Ivanov", "Sergey Ivanov"),
    # surnames and patronymics built on given names follow them
    ("Sergey Aleksandrovsky", "Sergei Alexandrovsky"), ("Alexeyev", "ALEKSEEV"),
    ("Igor Nikolayevich Sergeyev", "Igor Nikolaevich Sergeev"), ("Yuryevich", "Yurievich"),
])
def test_equivalent_keys(a, b):
    assert normalize_key(a) == normalize_key(b)


def test_case_sensitive_key_keeps_case():
    assert normalize_key("DJI", case_sensitive=True) != normalize_key("dji", case_sensitive=True)


@pytest.mark.parametrize(("term", "plurals"), [
    ("drone", ["drones"]), ("UAV", ["UAVs"]), ("battery", ["batteries"]), ("day", ["days"]),
    ("box", ["boxes"]), ("torpedo", ["torpedos", "torpedoes"]), ("knife", ["knifes", "knives"]),
    ("unmanned aerial vehicle", ["unmanned aerial vehicles"]), ("Mavic 3", []), ("x", []),
])
def test_plural_forms(term, plurals):
    assert plural_forms(term) == plurals


@pytest.mark.parametrize("text", [
    "plain ASCII", "ﬁne ＤＪＩ drone", "e\u0301te", "a\u00a0b…c ½", "𝐃𝐉𝐈 sold", "\u0301x",
    "Café\u0301", "x\u1100\u1161y", "Техкрим\u00a0поставила", "“Xi’an”\u2009Bingo",
])
def test_prepare_text_is_nfkc_with_consistent_offsets(text):
    scanned, offsets = prepare_text(text)
    assert scanned == fold_accents(unicodedata.normalize("NFKC", text))
    if offsets is None:
        assert len(scanned) == len(text)
        return
    for start in range(len(scanned)):
        for end in range(start + 1, len(scanned) + 1):
            o_start, o_end = offsets.original(start), offsets.original_end(end)
            assert 0 <= o_start < o_end <= len(text)
            # the original span, normalised, covers what was matched in the scanned text
            assert scanned[start:end] in fold_accents(unicodedata.normalize("NFKC", text[o_start:o_end]))


def test_offsets_of_a_word_after_a_no_break_space():
    text = "Russia\u00a0imported ﬁve drones"
    scanned, offsets = prepare_text(text)
    start = scanned.index("drones")
    assert text[offsets.original(start):offsets.original_end(start + 6)] == "drones"


def test_accents_fold_one_character_for_one_and_only_on_latin_letters():
    text = "Nicolás, Koçak Dış Ticaret, Łódź, São Paulo; Москва, й, ё, Ελλάδα"
    folded = fold_accents(text)
    assert len(folded) == len(text)
    assert folded.startswith("Nicolas, Kocak Dis Ticaret, Lodz, Sao Paulo; ")
    assert folded.endswith("Москва, й, ё, Ελλάδα")  # Cyrillic and Greek untouched
    assert fold_accents("plain ASCII") == "plain ASCII"


def test_one_spelling_per_name_whole_words_only_in_the_written_case():
    assert canonical_names("Mohamed, MOHAMMED and mohammad")[0] == "Muhammad, MUHAMMAD and muhammad"
    assert canonical_names("Mohammedan Alexanderplatz")[0] == "Mohammedan Alexanderplatz"
    assert normalize_key("Nouh Zaiter") == normalize_key("Noah Zaiter")


@pytest.mark.parametrize("text", [
    "Mohamed Ali met Sergey", "ＤＪＩ’s Mohamed\u00a0Ali — Hizballah", "ﬁne Mohd Hasan…Mohamed",
])
def test_name_spellings_keep_offsets_back_to_the_original(text):
    scanned, offsets = prepare_text(text)
    assert offsets is not None
    for word in ("Muhammad", "Hezbollah", "Sergei", "Hassan"):
        for i in [i for i in range(len(scanned)) if scanned.startswith(word, i)]:
            start, end = offsets.original(i), offsets.original_end(i + len(word))
            original = text[start:end]
            assert normalize_key(original) == normalize_key(word), (word, original)
