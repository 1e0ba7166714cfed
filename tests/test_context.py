"""Quoted context: the sentence holding the match, verbatim, cut to ~300 characters with "…"."""

from __future__ import annotations

import pytest

from watchlist_extractor.context import CONTEXT_WIDTH, ELLIPSIS, extract_context, sentence_bounds


def ctx(text: str, needle: str):
    start = text.index(needle)
    return extract_context(text, start, start + len(needle))


@pytest.mark.parametrize(("text", "needle", "sentence"), [
    ("One. U.S.-sanctioned DJI sent drones. Two.", "DJI", "U.S.-sanctioned DJI sent drones."),
    ("On Feb. 1, Status Compliances imported drones. Next.", "Status",
     "On Feb. 1, Status Compliances imported drones."),
    ("Headline\nBody says DJI sold parts.\nNext line", "DJI", "Body says DJI sold parts."),
    ("wrapped text where DJI\ncontinues on the next line. Next.", "DJI",
     "wrapped text where DJI\ncontinues on the next line."),
    ('He said: "DJI sold it." Then left.', "DJI", 'He said: "DJI sold it."'),
    ("Da-Jiang Innovations Science & Technology Co., also known as DJI, sent parts. X.", "DJI",
     "Da-Jiang Innovations Science & Technology Co., also known as DJI, sent parts."),
    ("No end punctuation DJI", "DJI", "No end punctuation DJI"),
    ("Paragraph one ends.\n\n  DJI starts two. ", "DJI", "DJI starts two."),
])
def test_sentence(text, needle, sentence):
    c = ctx(text, needle)
    assert c.text == sentence
    assert c.text[c.match_start:c.match_end] == needle
    assert text[c.sentence_start:c.sentence_end] == sentence


def test_long_sentence_is_cut_around_the_match_with_ellipses():
    words = " ".join(f"word{i}" for i in range(200))
    text = f"{words} DJI {words}."
    c = ctx(text, "DJI")
    assert c.text.startswith(ELLIPSIS) and c.text.endswith(ELLIPSIS)
    assert len(c.text) <= CONTEXT_WIDTH + 2
    assert c.text[c.match_start:c.match_end] == "DJI"
    middle = c.text[1:-1]
    assert middle in text  # verbatim between the ellipses
    assert abs(c.match_start - (len(c.text) - c.match_end)) < 40  # roughly centred


def test_match_near_start_of_long_sentence_uses_room_on_the_right():
    text = "DJI " + " ".join(f"word{i}" for i in range(200)) + "."
    c = ctx(text, "DJI")
    assert not c.text.startswith(ELLIPSIS) and c.text.endswith(ELLIPSIS)
    assert len(c.text) > CONTEXT_WIDTH - 20


def test_sentence_bounds_of_whole_text_without_boundaries():
    assert sentence_bounds("abc DJI def", 4, 7) == (0, 11)
