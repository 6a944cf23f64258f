"""The answer path's numpy helpers give numpy's own results."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from retrieval.arrays import distinct
from tests.helpers import SEEDS


@given(st.lists(st.integers(min_value=-(2**31), max_value=2**31 - 1), max_size=200))
def test_distinct_is_np_unique(values: list[int]) -> None:
    array = np.array(values, dtype=np.int64)
    assert np.array_equal(distinct(array), np.unique(array))
    assert distinct(array).dtype == array.dtype


def test_a_one_shot_answer_does_not_import_numpy_ma(tmp_path: Path) -> None:
    """np.unique's first call imports numpy.ma: tens of ms of a one-shot `dalil ask`."""
    from bot.engine import build_index

    db = tmp_path / "seeds.db"
    build_index(db, SEEDS, workers=1)
    code = (
        "import sys\n"
        "from bot.engine import Engine\n"
        f"engine = Engine({str(db)!r})\n"
        "engine.load()\n"
        "assert engine.ask('كم عدد القتلى؟', 3, 0).answer.hits\n"
        "print('numpy.ma' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
