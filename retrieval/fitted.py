"""The fusion weights and abstention thresholds the searcher uses (data; see bench/fit.py)."""

# Written by bench/fit.py: coordinate ascent on MRR@10 over eval/ seeds_dev and
# arcd-train. follow_up is not fitted: bench/fit.py keeps the value it finds here.
TECHNIQUES = (
    "clitic_variants",
    "taa_variants",
    "verb_variants",
    "plural_variants",
    "ending_variants",
    "typo_variants",
    "weigh_as_variant",
    "repair_unknown_words",
    "question_phrasing",
    "aliases",
    "follow_up",
    "document",
    "neighbours",
    "within_document",
    "proximity",
    "answer_type",
    "title",
    "lead",
    "merge_repeats",
    "title_words_in_excerpts",
)
WEIGHTS = {
    "follow_up": 0.2,
    "document": 0.8,
    "neighbours": 0.1,
    "within_document": 0.8,
    "proximity": 0.2,
    "answer_type": 0.2,
    "title": 0.8,
    "lead": 0.8,
    "exact_forms": 0.0,
    "context": 0.1,
}
THRESHOLDS = {
    "min_coverage": 0.08,
    "single_word_coverage": 0.45,
    "known_single_word_coverage": 0.12,
}
