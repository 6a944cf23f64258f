"""The fitted confidence model (written by bench/fit_confidence.py; do not edit by hand)."""

from retrieval.confidence import ConfidenceModel

MODEL = ConfidenceModel(
    weights=(
        1.0477,
        -1.006,
        -1.9963,
        2.8045,
        -1.3242,
        0.9412,
        1.95,
        -0.1944,
        -0.4387,
        -0.7174,
        0.322,
        0.9195,
        -1.6762,
        0.4415,
        -0.6584,
    ),
    bias=-1.9146,
    answer_at=0.2916,
    none_below=0.2916,
)
