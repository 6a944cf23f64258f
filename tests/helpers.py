"""Paths, seed texts, Hypothesis strategies and a hand-moved clock shared by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
EVAL = ROOT / "eval"
SEEDS_DEV = EVAL / "seeds_dev.jsonl"
SEED_NAMES = sorted(path.name for path in SEEDS.glob("*.txt"))


def seed_text(prefix: str) -> str:
    """Return the text of the one seed file whose name starts with prefix (e.g. '000')."""
    matches = sorted(SEEDS.glob(f"{prefix}*"))
    assert len(matches) == 1, f"expected one seed named {prefix}*, found {matches}"
    return matches[0].read_text(encoding="utf-8")


def require_eval(path: Path) -> Path:
    """Return a path under eval/, failing the test clearly when it is missing."""
    if not path.exists():
        pytest.fail(f"{path} is missing: the development sets live in eval/", pytrace=False)
    return path


# Characters that stress the analyzer: Arabic letters and their variants, harakat, tatweel,
# Persian letters, eastern digits, invisible marks, presentation forms, Latin and Greek case,
# underscores and punctuation.
_TRICKY = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    "أإآٱىةءؤئ"
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0654\u0655\u0670\u0640"
    "یکۀہے"
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹0123456789"
    "\u200b\u200c\u200d\u200f\u202b\u202c\u2067\u2069\ufeff\u00ad\u061c"
    "ﻻﻷﺍﻟﻌﺮﺑﻴﺔﷲﷺ﷽﷼ﹰﹱ﴾﴿"
    "AZaz_ΣσςİßﬁＡ²"
    " \n\t،؛؟.,!?-()«»\"'"
)

_tricky_char = st.sampled_from(_TRICKY)
# Three draws in four come from the tricky characters, the rest from all of Unicode.
tricky_text = st.text(
    alphabet=st.one_of(_tricky_char, _tricky_char, _tricky_char, st.characters(codec="utf-8")),
    max_size=60,
)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        """Start at zero."""
        self.now = 0.0

    def __call__(self) -> float:
        """Return the current time."""
        return self.now
