"""The fitted confidence model (written by bench/fit_confidence.py; do not edit by hand)."""

from retrieval.confidence import ConfidenceModel

MODEL = ConfidenceModel(
    weights=(
        0.8107,
        -0.7095,
        -0.9632,
        2.3513,
        -1.7981,
        1.56,
        0.8417,
        -0.3239,
        -0.6991,
        0.0578,
        0.4764,
        0.0791,
        1.2823,
    ),
    bias=-2.4606,
    answer_at=0.2945,
    none_below=0.2945,
)
