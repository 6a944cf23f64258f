"""The fitted confidence model (written by bench/fit_confidence.py; do not edit by hand)."""

from retrieval.confidence import ConfidenceModel

MODEL = ConfidenceModel(
    weights=(
        1.1134,
        -1.0114,
        -1.0763,
        2.0793,
        -1.7215,
        1.3709,
        0.7609,
        -0.5391,
        -0.7712,
        0.3877,
        0.0743,
        0.0003,
        1.3855,
    ),
    bias=-1.8678,
    answer_at=0.3032,
    none_below=0.3032,
)
