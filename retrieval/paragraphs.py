"""A long paragraph's pieces cited as one passage: the whole paragraph, when it is short enough.

A paragraph longer than chunking.MAX_PASSAGE_CHARS is cut into pieces, each ranked on its own;
the answer is often in the piece beside the one that ranks first (the subject is named in one,
the detail given in the next). With the "whole_paragraphs" technique a cited piece stands for
its whole paragraph (its pieces joined as they stand in the document) when the paragraph is at
most SearchSettings.paragraph_chars long, and the paragraph is cited once, where its
best-ranked piece ranks.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from retrieval.corpus import NO_PARAGRAPH, Corpus


@dataclass(frozen=True)
class CitedPassage:
    """What a citation shows of a ranked passage: the number of its first piece, its text, and
    the positions of the pieces it joins (the passage alone when it is not joined)."""

    number: int
    text: str
    pieces: range


def paragraph_pieces(corpus: Corpus, passage: int) -> range:
    """The positions of the citable pieces of a passage's paragraph (they run back to back)."""
    paragraphs, documents = corpus.passage_paragraphs, corpus.passage_documents
    paragraph, document = paragraphs[passage], documents[passage]
    if paragraph == NO_PARAGRAPH:
        return range(passage, passage + 1)
    first = last = passage
    while first > 0 and documents[first - 1] == document and paragraphs[first - 1] == paragraph:
        first -= 1
    while (
        last + 1 < len(paragraphs)
        and documents[last + 1] == document
        and paragraphs[last + 1] == paragraph
    ):
        last += 1
    return range(first, last + 1)


def joined_pieces(corpus: Corpus, passage: int, limit: int) -> range:
    """The pieces a cited passage joins: its paragraph's when there are several and the
    paragraph is at most `limit` characters long, else the passage alone."""
    pieces = paragraph_pieces(corpus, passage)
    alone = range(passage, passage + 1)
    if len(pieces) < 2:
        return alone
    start, end = corpus.passage_span(pieces[0])[0], corpus.passage_span(pieces[-1])[1]
    return pieces if end - start <= limit else alone


def cited_passage(corpus: Corpus, passage: int, limit: int) -> CitedPassage:
    """A ranked passage as cited: its paragraph when joined_pieces joins it, else itself."""
    pieces = joined_pieces(corpus, passage, limit) if limit else range(passage, passage + 1)
    infos = [corpus.passages[i] for i in pieces]
    text = infos[0].text
    for before, after in pairwise(infos):
        text += " " * max(1, after.start - before.end) + after.text
    return CitedPassage(infos[0].number, text, pieces)


def one_piece_each(
    corpus: Corpus, ranked: list[tuple[int, float]], limit: int
) -> list[tuple[int, float]]:
    """The ranked passages less the pieces of a paragraph another piece of it, ranked higher,
    already cites whole."""
    seen: set[int] = set()
    kept = []
    for passage, score in ranked:
        pieces = joined_pieces(corpus, passage, limit)
        if pieces[0] in seen:
            continue
        seen.add(pieces[0])
        kept.append((passage, score))
    return kept
