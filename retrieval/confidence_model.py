"""The fitted confidence model (written by bench/fit_confidence.py; do not edit by hand)."""

from retrieval.confidence import ConfidenceModel

MODEL = ConfidenceModel(
    weights=(
        1.0557,
        -0.7807,
        -0.8749,
        2.3346,
        -1.7379,
        1.6077,
        1.001,
        -0.2338,
        -0.6378,
        0.2174,
        0.1001,
        -0.2138,
        1.699,
    ),
    bias=-2.5056,
    answer_at=0.2796,
    none_below=0.2796,
)
