"""The fitted confidence model (written by bench/fit_confidence.py; do not edit by hand)."""

from retrieval.confidence import ConfidenceModel

MODEL = ConfidenceModel(
    weights=(
        0.3436,
        1.2351,
        -0.7759,
        1.4826,
        -2.5017,
        1.49,
        -0.849,
        -0.597,
        -0.0443,
        -0.2409,
        0.3573,
        -1.0818,
        1.6262,
        -1.3582,
    ),
    bias=-1.5536,
    answer_at=0.3223,
    none_below=0.3223,
)
