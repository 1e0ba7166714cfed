"""Quoted context: the sentence that holds a match, verbatim, cut to about 300 characters.

Sentences are found locally around each match (matches are sparse, articles can be large):
a boundary is a blank line, a line break not followed by a lower-case continuation, or
sentence-final punctuation followed by a space and a capital, digit or opening quote, except
after a known abbreviation ("U.S.", "Co.", "Feb.", an initial).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

CONTEXT_WIDTH = 300
ELLIPSIS = "…"
_LOOK = 2000  # how far to look for a sentence boundary before cutting anyway

_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)")
_LINE_BREAK = re.compile(r"\n")
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st sr jr co corp inc ltd llc plc no nos vs etc al gen col lt sgt capt "
    "gov sen rep dept fig approx est jan feb mar apr jun jul aug sep sept oct nov dec "
    "u.s u.k u.n e.g i.e a.m p.m u.s.a".split()
)


@dataclass(frozen=True, slots=True)
class Context:
    text: str  # verbatim, with "…" where cut
    match_start: int  # offsets of the match inside ``text``
    match_end: int
    sentence_start: int  # offsets of the whole sentence in the document
    sentence_end: int


def _is_sentence_end(text: str, punct_start: int, end: int) -> bool:
    """Is the punctuation run text[punct_start:end] (quotes included) a sentence end?"""
    after = end
    while after < len(text) and text[after] in " \t\r\n":
        after += 1
    if after < len(text):
        nxt = text[after]
        if not (nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘«(["):
            return False
    if text[punct_start] == ".":
        # The word before the period: an abbreviation ("U.S.", "Feb.") or an initial ("J.").
        word_start = punct_start
        while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
            word_start -= 1
        word = text[word_start:punct_start].lower().rstrip(".")
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            return False
    return True


def _starts_sentence_after_newline(text: str, newline: int) -> bool:
    """A line break ends a sentence unless the next line continues it in lower case."""
    nxt = text[newline + 1:newline + 2]
    return not nxt.islower()


_RUN_CHARS = frozenset(".!?…\"'”’»)]")


def _last_sentence_end(text: str, lo: int, start: int) -> int:
    """End of the last sentence-final punctuation run in text[lo:start], or ``lo``.

    Looks at the last few hundred characters first and widens only when needed: a sentence is
    usually short, the paragraph before it may not be. Each window starts outside a punctuation
    run, so it finds the same runs as one search from ``lo`` would.
    """
    width = 256
    while True:
        window = max(lo, start - width)
        while window > lo and text[window - 1] in _RUN_CHARS:
            window -= 1
        for found in reversed(list(_END.finditer(text, window, start))):
            if _is_sentence_end(text, found.start(), found.end()):
                return found.end()
        if window == lo:
            return lo
        width *= 4


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end offsets of the sentence around ``text[start:end]`` (whitespace trimmed).

    Searches outward from the match and stops at the first boundary on each side.
    """
    lo = max(0, start - _LOOK)
    s = lo
    newline = text.rfind("\n", lo, start)
    while newline >= 0 and not _starts_sentence_after_newline(text, newline):
        newline = text.rfind("\n", lo, newline)
    if newline >= 0:
        s = newline + 1
    s = _last_sentence_end(text, s, start)
    hi = min(len(text), end + _LOOK)
    e = hi
    newline = text.find("\n", end, hi)
    while newline >= 0 and not _starts_sentence_after_newline(text, newline):
        newline = text.find("\n", newline + 1, hi)
    if newline >= 0:
        e = newline
    for found in _END.finditer(text, end, e):
        if _is_sentence_end(text, found.start(), found.end()):
            e = found.end()
            break
    while s < start and text[s].isspace():
        s += 1
    while e > end and text[e - 1].isspace():
        e -= 1
    return s, e


class Sentences:
    """Sentence bounds in one text, remembered as they are found.

    Matches and the conditions of candidates cluster in a few sentences; a span inside a
    sentence already found shares its bounds (the search from it would stop at the same
    boundaries: none lies between), so each sentence is searched for once.
    """

    __slots__ = ("text", "_starts", "_bounds")

    def __init__(self, text: str):
        self.text = text
        self._starts: list[int] = []
        self._bounds: list[tuple[int, int]] = []

    def around(self, start: int, end: int) -> tuple[int, int]:
        """``sentence_bounds(self.text, start, end)``."""
        i = bisect.bisect_right(self._starts, start)
        if i and end <= self._bounds[i - 1][1]:
            return self._bounds[i - 1]
        found = sentence_bounds(self.text, start, end)
        at = bisect.bisect_right(self._starts, found[0])
        self._starts.insert(at, found[0])
        self._bounds.insert(at, found)
        return found


def extract_context(text: str, start: int, end: int, width: int = CONTEXT_WIDTH,
                    bounds: tuple[int, int] | None = None) -> Context:
    """The sentence around a match, cut to about ``width`` characters centred on the match.

    >>> c = extract_context("First one. Then DJI sent drones. Last.", 16, 19)
    >>> c.text, c.text[c.match_start:c.match_end]
    ('Then DJI sent drones.', 'DJI')
    """
    s, e = bounds or sentence_bounds(text, start, end)
    cut_s, cut_e = s, e
    if e - s > width:
        room = max(0, width - (end - start))
        cut_s = max(s, start - room // 2)
        cut_e = min(e, end + (room - (start - cut_s)))
        cut_s = max(s, min(cut_s, cut_e - width))  # room unused on the right goes to the left
        cut_s = _snap_left(text, cut_s, start)
        cut_e = _snap_right(text, cut_e, end)
    prefix = ELLIPSIS if cut_s > s else ""
    suffix = ELLIPSIS if cut_e < e else ""
    body = text[cut_s:cut_e]
    offset = len(prefix) - cut_s
    return Context(prefix + body + suffix, start + offset, end + offset, s, e)


def _snap_left(text: str, pos: int, limit: int) -> int:
    """Move a cut forward to the start of a word (never past the match)."""
    while 0 < pos < limit and not text[pos - 1].isspace():
        pos += 1
    while pos < limit and text[pos].isspace():
        pos += 1
    return pos


def _snap_right(text: str, pos: int, limit: int) -> int:
    """Move a cut back to the end of a word (never into the match)."""
    while limit < pos < len(text) and not text[pos].isspace():
        pos -= 1
    while pos > limit and text[pos - 1].isspace():
        pos -= 1
    return pos
