"""Cut documents into passages a person can read in a chat, keeping character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.sentences import sentence_spans

MAX_PASSAGE_CHARS = 600

_PARAGRAPH = re.compile(r"[^\r\n]+")


@dataclass(frozen=True)
class PassageSpan:
    """A passage: its 1-based number in the document, its [start, end) offsets, and the
    0-based number of the paragraph (line) it was cut from."""

    number: int
    start: int
    end: int
    paragraph: int = 0


_CLAUSE_END = re.compile(r"[،,:](?=\s)")


def _clause_cut(text: str, start: int, limit: int) -> int:
    """The space after the last comma or colon in the second half of the window, or -1."""
    best = -1
    for match in _CLAUSE_END.finditer(text, start + limit // 2, start + limit):
        best = match.end()
    return best


def _word_cut(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut an over-long sentence after a comma near each limit, else at the last space; never
    inside a word."""
    spans = []
    while end - start > limit:
        cut = _clause_cut(text, start, limit)
        if cut <= start:
            cut = text.rfind(" ", start + 1, start + limit + 1)
        if cut <= start:
            cut = text.find(" ", start + limit)
            if cut == -1 or cut >= end:
                break
        spans.append((start, cut + 1))
        start = cut + 1
    spans.append((start, end))
    return spans


def _pack(text: str, pieces: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """Greedily join consecutive sentences into passages of at most `limit` characters."""
    packed: list[tuple[int, int]] = []
    for start, end in pieces:
        if packed and end - packed[-1][0] <= limit:
            packed[-1] = (packed[-1][0], end)
        else:
            packed.append((start, end))
    return packed


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so that it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_passages(text: str, limit: int = MAX_PASSAGE_CHARS) -> list[PassageSpan]:
    """Cut text into paragraphs, splitting long ones at sentence ends into ≤ limit characters."""
    spans: list[tuple[int, int, int]] = []
    paragraphs = 0
    for paragraph in _PARAGRAPH.finditer(text):
        start, end = _trimmed(text, paragraph.start(), paragraph.end())
        if start == end:
            continue
        paragraphs += 1
        if end - start <= limit:
            spans.append((start, end, paragraphs - 1))
            continue
        pieces = []
        for s_start, s_end in sentence_spans(text, start, end):
            pieces.extend(_word_cut(text, s_start, s_end, limit))
        for s, e in _pack(text, pieces, limit):
            spans.append((*_trimmed(text, s, e), paragraphs - 1))
    kept = [span for span in spans if span[0] < span[1]]
    return [PassageSpan(n, s, e, para) for n, (s, e, para) in enumerate(kept, start=1)]
