"""The fitted confidence model (written by bench/fit_confidence.py; do not edit by hand)."""

from retrieval.confidence import ConfidenceModel

MODEL = ConfidenceModel(
    weights=(
        0.8472,
        -0.7808,
        -1.0342,
        2.5051,
        -1.8566,
        1.2585,
        -0.1194,
        -0.6496,
        -0.6378,
        -0.9441,
        0.2614,
        0.1825,
        1.2129,
        -1.7708,
        0.4704,
    ),
    bias=-1.2521,
    answer_at=0.3054,
    none_below=0.3054,
)
