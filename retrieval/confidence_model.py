"""The fitted confidence model (written by bench/fit_confidence.py; do not edit by hand)."""

from retrieval.confidence import ConfidenceModel

MODEL = ConfidenceModel(
    weights=(
        0.3586,
        1.2001,
        -0.6353,
        1.5521,
        -2.7186,
        1.2696,
        -1.0296,
        -0.7204,
        -0.136,
        -0.5584,
        0.2921,
        -0.9536,
        1.5963,
        -1.8261,
        0.4734,
    ),
    bias=-1.2285,
    answer_at=0.3408,
    none_below=0.3408,
)
