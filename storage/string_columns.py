"""Strings as two arrays, their UTF-8 bytes back to back and where each starts, read in place."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

import numpy as np

from storage.file_arrays import FileArray


def string_arrays(values: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    """The UTF-8 bytes of values back to back (uint8), and the offsets (int64, one more than
    the values) where each starts."""
    encoded = [value.encode("utf-8") for value in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(data) for data in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


class Strings:
    """The strings of string_arrays' arrays (memory-mapped, or bytes read in parts from a file:
    storage.file_arrays), each decoded when asked for."""

    def __init__(self, data: np.ndarray | FileArray, offsets: np.ndarray) -> None:
        """Take the arrays; nothing is read until a string is asked for."""
        self.data = data
        if isinstance(data, np.ndarray):
            self.data = memoryview(np.ascontiguousarray(data)).cast("B")
        self.offsets = memoryview(np.ascontiguousarray(offsets)).cast("B").cast("q")

    def __len__(self) -> int:
        """The number of strings."""
        return len(self.offsets) - 1

    def __getitem__(self, index: int) -> str:
        """The index-th string."""
        return str(self.data[self.offsets[index] : self.offsets[index + 1]], "utf-8")

    def run(self, first: int, count: int) -> list[str]:
        """The count strings from the first-th on, their bytes read at once."""
        bounds = self.offsets[first : first + count + 1].tolist()
        data = bytes(self.data[bounds[0] : bounds[-1]])
        return [
            str(data[start - bounds[0] : end - bounds[0]], "utf-8")
            for start, end in pairwise(bounds)
        ]
