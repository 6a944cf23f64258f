"""Small numpy helpers the answer path uses."""

from __future__ import annotations

import numpy as np


def distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of an array: np.unique's result, without the numpy.ma import
    that np.unique's first call pays (about 20-60 ms of a one-shot `dalil ask`)."""
    ordered = np.sort(np.asarray(values).ravel())
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def slices(values: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """values[starts[0]:ends[0]], values[starts[1]:ends[1]], ... back to back."""
    counts = ends - starts
    total = int(counts.sum())
    if not total:
        return values[:0]
    first = np.zeros(len(counts), dtype=np.int64)
    np.cumsum(counts[:-1], out=first[1:])
    return values[np.arange(total) + np.repeat(starts - first, counts)]
