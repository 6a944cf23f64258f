"""Pick the part of a passage worth showing: the best ≤ 400-character window and its matches."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from retrieval.analyzer import TokenSpan
from retrieval.sentences import sentence_spans

MAX_EXCERPT_CHARS = 400


@dataclass(frozen=True)
class Excerpt:
    """A window of a passage, the matched words inside it, and whether text was left out."""

    text: str
    start: int
    highlights: tuple[tuple[int, int], ...]
    cut_before: bool
    cut_after: bool


def _weight_between(
    matches: Sequence[TokenSpan], weights: Mapping[str, float], start: int, end: int
) -> float:
    """Sum the weights of the distinct query terms matched inside [start, end).

    fsum: a plain sum over a set depends on the set's order, which changes with the process's
    hash seed, and windows of equal weight were then chosen differently from run to run.
    """
    seen = {m.term for m in matches if m.start >= start and m.end <= end}
    return math.fsum(weights.get(term, 0.0) for term in seen)


def _snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Move a window's edges off the middle of words and off surrounding spaces."""
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, end)
        start = space + 1 if space != -1 else start
    if end < len(text) and not text[end].isspace():
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _best_window(
    text: str,
    matches: Sequence[TokenSpan],
    weights: Mapping[str, float],
    limit: int,
    cue: Callable[[str], bool] | None = None,
) -> tuple[int, int]:
    """Choose the ≤ limit window that holds the sentence whose matched words weigh most.

    Among the windows holding that sentence, the one with the most distinct matched weight
    wins; one holding what the question asks for (cue: a date for متى, a number for كم) gets a
    bonus of a third of that sentence's weight. Windows start at a sentence or a matched word.
    """
    sentences = sentence_spans(text)
    best = max(sentences, key=lambda s: (_weight_between(matches, weights, *s), -s[0]))
    start, end = best
    if end - start > limit:
        anchors = [m.start for m in matches if start <= m.start < end] or [start]
        candidates = [
            (max(start, a - limit // 4), max(start, a - limit // 4) + limit) for a in anchors
        ]
        start, end = max(candidates, key=lambda w: _weight_between(matches, weights, *w))
        return _snap_to_words(text, start, min(end, len(text)))
    lowest = max(0, end - limit)
    starts = {start, lowest} | {s for s, _ in sentences if lowest <= s <= start}
    starts |= {m.start for m in matches if lowest <= m.start <= start}
    bonus = _weight_between(matches, weights, *best) / 3

    def merit(window_start: int) -> tuple[float, bool, int, int]:
        window = _snap_to_words(text, window_start, min(len(text), window_start + limit))
        weight = _weight_between(matches, weights, *window)
        if cue and cue(text[window[0] : window[1]]):
            weight += bonus
        aligned = any(window_start == s for s, _ in sentences)
        occurrences = sum(1 for m in matches if window[0] <= m.start and m.end <= window[1])
        return weight, aligned, occurrences, -window_start

    chosen = max(starts, key=merit)
    return _snap_to_words(text, chosen, min(len(text), chosen + limit))


def make_excerpt(
    text: str,
    matches: Sequence[TokenSpan],
    weights: Mapping[str, float],
    limit: int = MAX_EXCERPT_CHARS,
    cue: Callable[[str], bool] | None = None,
) -> Excerpt:
    """Return the passage itself if it fits, else its best window, with highlight spans."""
    if len(text) <= limit:
        start, end = 0, len(text)
    else:
        start, end = _best_window(text, matches, weights, limit, cue)
    highlights = tuple(
        (m.start - start, m.end - start)
        for m in matches
        if m.term in weights and m.start >= start and m.end <= end
    )
    return Excerpt(text[start:end], start, highlights, start > 0, end < len(text))
