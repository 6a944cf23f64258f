"""The fitted confidence model (written by bench/fit_confidence.py; do not edit by hand)."""

from retrieval.confidence import ConfidenceModel

MODEL = ConfidenceModel(
    weights=(
        0.6639,
        -0.772,
        -0.9419,
        2.4818,
        -2.0603,
        0.8876,
        0.4963,
        -0.3793,
        -0.5852,
        -1.079,
        0.1704,
        -0.038,
        1.6418,
        -1.9173,
        0.6972,
    ),
    bias=-0.9666,
    answer_at=0.3119,
    none_below=0.3119,
)
