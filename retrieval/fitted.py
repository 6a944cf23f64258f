"""The fusion weights and abstention thresholds the searcher uses (data; see bench/fit.py)."""

# Hand-set values, kept until bench/fit.py writes fitted ones.
WEIGHTS = {
    "follow_up": 0.3,
    "document": 0.6,
    "neighbours": 0.3,
    "within_document": 0.8,
    "proximity": 0.3,
    "answer_type": 0.15,
    "title": 0.4,
    "lead": 0.3,
    "defines": 0.2,
    # measured and left at 0 (docs/quality.md, "Names and word forms"); bench/quality.py
    # measures it at EXACT_FORMS_TRIED
    "exact_forms": 0.0,
    # not a fusion feature: the share of the context field's BM25 added before the pool
    "context": 0.1,
}
THRESHOLDS = {
    "min_coverage": 0.15,
    "single_word_coverage": 0.4,
    "known_single_word_coverage": 0.25,
}
