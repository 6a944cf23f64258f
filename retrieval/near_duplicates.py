"""Find copies of one story (same article, small edits): MinHash over term shingles, with LSH.

A document's signature is the minimum, under each of SIGNATURE_SIZE hash functions, of the
hashes of its SHINGLE-term runs (analyzed term ids, so spelling variants and stop words do not
matter). Documents whose signatures agree on every row of one of the BANDS bands are candidates;
a candidate joins a story when its signature and the story's first document's agree on at least
SAME_STORY of the rows (the MinHash estimate of the Jaccard similarity of their shingle sets)
and the two were published at most DAYS_APART days apart. Comparing with the story's first
document, not with any member, keeps chains from forming: the press releases of the fourth and
of the fifth relief plane to Aden, five days apart and nearly word for word, stay two stories.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

SIGNATURE_SIZE = 64
BANDS = 16
SHINGLE = 3
# Measured on SaudiNewsNet (docs/quality.md): at 0.7 the groups sampled by hand were all one
# story; below 0.5 columns of one writer and daily price reports start to join.
SAME_STORY = 0.7
DAYS_APART = 3
# Documents with fewer distinct shingles than this (a headline, a one-line notice) get no
# signature: short texts agree by chance.
MIN_SHINGLES = 8
_TERM_BITS = 21
_RNG = np.random.default_rng(20150721)
_MULTIPLIERS = _RNG.integers(1, 2**63, SIGNATURE_SIZE, dtype=np.uint64) | np.uint64(1)
_ADDENDS = _RNG.integers(0, 2**63, SIGNATURE_SIZE, dtype=np.uint64)


def signature(term_ids: np.ndarray) -> bytes:
    """The MinHash signature of a document's term ids (b"" when it is too short to compare)."""
    ids = term_ids.astype(np.uint64) & np.uint64((1 << _TERM_BITS) - 1)
    if len(ids) < SHINGLE + MIN_SHINGLES - 1:
        return b""
    shingles = (ids[:-2] << np.uint64(2 * _TERM_BITS)) | (ids[1:-1] << np.uint64(_TERM_BITS))
    shingles = np.unique(shingles | ids[2:])
    if len(shingles) < MIN_SHINGLES:
        return b""
    with np.errstate(over="ignore"):
        hashes = shingles[:, None] * _MULTIPLIERS[None, :] + _ADDENDS[None, :]
    return (hashes.min(axis=0) >> np.uint64(32)).astype("<u4").tobytes()


def stories(signatures: Iterable[tuple[int, bytes, int | None]]) -> dict[int, int]:
    """Group documents (id, signature, day number or None) into stories; map each id that has a
    copy to its story number, the smallest id of the group."""
    ids, rows, days = [], [], []
    for doc_id, blob, day in signatures:
        if len(blob) == SIGNATURE_SIZE * 4:
            ids.append(doc_id)
            rows.append(np.frombuffer(blob, dtype="<u4"))
            days.append(day)
    if not rows:
        return {}
    matrix = np.vstack(rows)
    parent = list(range(len(ids)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def agreeing(a: int, b: int) -> bool:
        near = days[a] is None or days[b] is None or abs(days[a] - days[b]) <= DAYS_APART
        return near and np.count_nonzero(matrix[a] == matrix[b]) >= SAME_STORY * SIGNATURE_SIZE

    width = SIGNATURE_SIZE // BANDS
    for band in range(BANDS):
        buckets: dict[bytes, int] = {}
        keys = np.ascontiguousarray(matrix[:, band * width : (band + 1) * width])
        for row, key in enumerate(map(bytes, keys)):
            first = buckets.setdefault(key, row)
            if first == row:
                continue
            story, other = root(first), root(row)
            if story != other and agreeing(story, other):
                parent[other] = story
    groups: dict[int, list[int]] = {}
    for row in range(len(ids)):
        groups.setdefault(root(row), []).append(ids[row])
    return {
        doc_id: min(members)
        for members in groups.values()
        if len(members) > 1
        for doc_id in members
    }
