"""The vocabulary as arrays in the index files: term → id without building a dict at open.

The terms' UTF-8 bytes lie back to back in id order (term_bytes, term_offsets), and an
open-addressing table (term_slots, a power of two at least twice the terms) holds each term's
id at the slot its CRC-32 names, or the next free one. Opening maps the three arrays; a lookup
hashes the term and compares a few bytes, and what was looked up is kept in a small dict.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from storage.string_columns import string_arrays

EMPTY = -1
# Looked-up terms (found or not) kept in the dict before it is emptied.
_KEPT = 100_000


def term_arrays(terms: Sequence[str]) -> dict[str, np.ndarray]:
    """The arrays of a vocabulary given as its terms in id order ("" for an id no term has)."""
    stored, offsets = string_arrays(terms)
    size = 1 << max(2 * len(terms), 1).bit_length()
    mask = size - 1
    slots = [EMPTY] * size
    for term_id, term in enumerate(terms):
        if not term:
            continue
        slot = zlib.crc32(term.encode("utf-8")) & mask
        while slots[slot] != EMPTY:
            slot = (slot + 1) & mask
        slots[slot] = term_id
    return {
        "term_bytes": stored,
        "term_offsets": offsets,
        "term_slots": np.array(slots, dtype=np.int32),
    }


class TermTable(Mapping[str, int]):
    """A read-only term → id mapping over the arrays of term_arrays (memory-mapped, say)."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        """Take the arrays; nothing is read until a term is looked up."""
        self._bytes = memoryview(np.ascontiguousarray(arrays["term_bytes"])).cast("B")
        self._offsets = memoryview(np.ascontiguousarray(arrays["term_offsets"])).cast("B")
        self._offsets = self._offsets.cast("q")
        self._slots = memoryview(np.ascontiguousarray(arrays["term_slots"])).cast("B").cast("i")
        self._mask = len(self._slots) - 1
        self._count = int(np.count_nonzero(np.diff(arrays["term_offsets"])))
        self._kept: dict[str, int] = {}

    def _find(self, term: str) -> int:
        """The id of a term, or EMPTY."""
        data = term.encode("utf-8")
        if not data:
            return EMPTY
        slots, offsets, stored, mask = self._slots, self._offsets, self._bytes, self._mask
        slot = zlib.crc32(data) & mask
        while (term_id := slots[slot]) != EMPTY:
            if stored[offsets[term_id] : offsets[term_id + 1]] == data:
                return term_id
            slot = (slot + 1) & mask
        return EMPTY

    def _lookup(self, term: str) -> int:
        """The id of a term or EMPTY, kept for the next time."""
        found = self._kept.get(term)
        if found is None:
            if len(self._kept) >= _KEPT:
                self._kept.clear()
            found = self._kept[term] = self._find(term)
        return found

    def __getitem__(self, term: str) -> int:
        """The id of a term (KeyError if the vocabulary lacks it)."""
        found = self._lookup(term) if isinstance(term, str) else EMPTY
        if found == EMPTY:
            raise KeyError(term)
        return found

    def get(self, term: str, default: int | None = None) -> int | None:
        """The id of a term, or default."""
        found = self._lookup(term) if isinstance(term, str) else EMPTY
        return default if found == EMPTY else found

    def __contains__(self, term: object) -> bool:
        """Tell whether the vocabulary holds a term."""
        return isinstance(term, str) and self._lookup(term) != EMPTY

    def term_of(self, term_id: int) -> str:
        """The term with an id (the reverse of a lookup)."""
        offsets = self._offsets
        return bytes(self._bytes[offsets[term_id] : offsets[term_id + 1]]).decode("utf-8")

    def __len__(self) -> int:
        """The number of terms."""
        return self._count

    def __iter__(self) -> Iterator[str]:
        """The terms in id order."""
        offsets, stored = self._offsets, self._bytes
        for term_id in range(len(offsets) - 1):
            if offsets[term_id + 1] > offsets[term_id]:
                yield bytes(stored[offsets[term_id] : offsets[term_id + 1]]).decode("utf-8")
