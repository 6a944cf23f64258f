"""One-dimensional arrays of .npy files read in parts when indexed (pread), never mapped.

A mapped page counts in the process's resident memory from its first touch until the mapping
goes, and the kernel maps more than the bytes touched (64 KB around a page, or a whole 2 MB
page-cache folio on newer kernels): the scattered reads of an answer (a term's postings, a
candidate's term ids) make nearly every page of a mapped file resident. Read with pread, the
same bytes come from the same page cache and only the parts asked for are copied.
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path

import numpy as np

# Positions closer than this many bytes are read in one call (their gap read and dropped).
_GAP_BYTES = 4096
_HEADER_READERS = {
    (1, 0): np.lib.format.read_array_header_1_0,
    (2, 0): np.lib.format.read_array_header_2_0,
}


class FileArray:
    """A one-dimensional array in a .npy file: a slice, a position or an array of positions
    is read from the file when asked for and returned as a numpy array (or scalar).

    Safe to read from any number of threads at once (pread keeps no file position).
    """

    def __init__(self, path: Path) -> None:
        """Open a .npy file of a one-dimensional array; ValueError if it is not one."""
        with open(path, "rb") as file:
            version = np.lib.format.read_magic(file)
            if version not in _HEADER_READERS:
                raise ValueError(f"{path}: .npy format {version} is not read in parts")
            shape, _, dtype = _HEADER_READERS[version](file)
            self._start = file.tell()
        if len(shape) != 1 or dtype.hasobject:
            raise ValueError(f"{path} does not hold a one-dimensional array of numbers")
        self.dtype, self.shape = dtype, shape
        self._length = int(shape[0])
        if os.path.getsize(path) != self._start + self._length * dtype.itemsize:
            raise ValueError(f"{path} has the wrong size for its array")
        self._gap = max(1, _GAP_BYTES // dtype.itemsize)
        self._descriptor = os.open(path, os.O_RDONLY)
        weakref.finalize(self, os.close, self._descriptor)

    def __len__(self) -> int:
        """The number of values."""
        return self._length

    def __getitem__(self, key: object) -> np.ndarray | np.generic:
        """Values at a slice, a position, or an array of positions (numpy's results)."""
        if isinstance(key, slice):
            start, stop, step = key.indices(self._length)
            if step != 1:
                return self._gather(np.arange(start, stop, step))
            return self._read(start, stop)
        if isinstance(key, np.ndarray) and key.dtype.kind in "iu":
            return self._gather(key)
        position = int(key)  # type: ignore[call-overload]
        if not -self._length <= position < self._length:
            raise IndexError(f"position {position} outside an array of {self._length}")
        position %= self._length
        return self._read(position, position + 1)[0]

    def _read(self, start: int, stop: int) -> np.ndarray:
        """The values from start to stop (start and stop inside the array)."""
        values = np.empty(max(0, stop - start), dtype=self.dtype)
        if len(values):
            self._fill(values, start)
        return values

    def _fill(self, values: np.ndarray, start: int) -> None:
        """Read len(values) values from position start into values."""
        offset, size = self._start + start * self.dtype.itemsize, values.nbytes
        done = os.preadv(self._descriptor, [values], offset)
        while done < size:  # a short read: only when interrupted
            got = os.preadv(self._descriptor, [memoryview(values).cast("B")[done:]], offset + done)
            if not got:
                raise OSError(f"index file ended early ({done} of {size} bytes)")
            done += got

    def _gather(self, positions: np.ndarray) -> np.ndarray:
        """The values at positions: each run of nearby positions read in one call."""
        if not len(positions):
            return np.empty(0, dtype=self.dtype)
        positions = positions.astype(np.int64, copy=False)
        points = positions if np.all(positions[1:] >= positions[:-1]) else np.sort(positions)
        if points[0] < 0 or points[-1] >= self._length:
            raise IndexError(f"positions outside an array of {self._length}")
        breaks = np.flatnonzero(np.diff(points) > self._gap) + 1
        firsts = points[np.concatenate(([0], breaks))]
        ends = points[np.concatenate((breaks - 1, [len(points) - 1]))] + 1
        bases = np.zeros(len(firsts) + 1, dtype=np.int64)
        np.cumsum(ends - firsts, out=bases[1:])
        buffer = np.empty(int(bases[-1]), dtype=self.dtype)
        for first, end, base in zip(firsts.tolist(), ends.tolist(), bases.tolist(), strict=False):
            self._fill(buffer[base : base + end - first], first)
        run = np.searchsorted(firsts, positions, side="right") - 1
        return buffer[bases[run] + positions - firsts[run]]
