"""An index array read in parts from its file gives what the array itself gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.file_arrays import FileArray
from storage.string_columns import Strings, string_arrays

DTYPES = [np.uint8, np.uint16, np.int32, np.int64, np.float64]


def _saved(folder: Path, values: np.ndarray) -> FileArray:
    """values saved as a .npy file, opened to be read in parts."""
    path = folder / "values.npy"
    np.save(path, values, allow_pickle=False)
    return FileArray(path)


@settings(max_examples=60, deadline=None)
@given(
    dtype=st.sampled_from(DTYPES),
    size=st.integers(0, 5000),
    seed=st.integers(0, 2**32 - 1),
    picks=st.integers(0, 300),
)
def test_slices_positions_and_gathers_equal_the_arrays(
    tmp_path_factory: pytest.TempPathFactory, dtype: type, size: int, seed: int, picks: int
) -> None:
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 250, size).astype(dtype)
    stored = _saved(tmp_path_factory.mktemp("a"), values)
    assert len(stored) == size and stored.dtype == values.dtype
    for _ in range(20):
        start, stop = sorted(rng.integers(-size - 3, size + 4, 2).tolist())
        for key in (slice(start, stop), slice(start, None), slice(None, stop), slice(stop, start)):
            part = stored[key]
            assert part.dtype == values.dtype and np.array_equal(part, values[key])
    assert np.array_equal(stored[::3], values[::3])
    assert np.array_equal(stored[::-2], values[::-2])
    if size:
        for position in rng.integers(-size, size, 20).tolist():
            assert stored[position] == values[position]
        # unsorted, repeated, some near each other and some far apart
        positions = rng.integers(0, size, picks)
        if picks:
            positions[: picks // 2] = np.sort(positions[: picks // 2])
        assert np.array_equal(stored[positions], values[positions])
        runs = [np.arange(s, min(s + 7, size)) for s in np.sort(positions)]
        if runs:
            assert np.array_equal(stored[np.concatenate(runs)], values[np.concatenate(runs)])
    assert len(stored[np.zeros(0, dtype=np.int64)]) == 0


def test_positions_outside_the_array_are_refused(tmp_path: Path) -> None:
    stored = _saved(tmp_path, np.arange(10, dtype=np.int32))
    with pytest.raises(IndexError):
        stored[10]
    with pytest.raises(IndexError):
        stored[np.array([3, 10])]


def test_a_truncated_or_two_dimensional_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "values.npy"
    np.save(path, np.arange(100, dtype=np.int64))
    path.write_bytes(path.read_bytes()[:-8])
    with pytest.raises(ValueError):
        FileArray(path)
    np.save(path, np.zeros((3, 4)))
    with pytest.raises(ValueError):
        FileArray(path)


def test_strings_read_in_parts_are_the_strings(tmp_path: Path) -> None:
    texts = ["الرياض", "", "جدة", "a b", "ي" * 300]
    data, offsets = string_arrays(texts)
    for stored in (Strings(_saved(tmp_path, data), offsets), Strings(data, offsets)):
        assert [stored[i] for i in range(len(stored))] == texts
        assert stored.run(0, len(texts)) == texts and stored.run(1, 3) == texts[1:4]
        assert stored.run(2, 0) == []
