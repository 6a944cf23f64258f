"""The fusion weights and abstention thresholds the searcher uses (data; see bench/fit.py)."""

# Written by bench/fit.py: coordinate ascent on the mean of seeds_dev's and arcd-train's
# MRR@10; thresholds by grid search with eval/unanswerable/ too. follow_up and context
# are not fitted: bench/fit.py keeps the values it finds here (docs/quality.md).
TECHNIQUES = (
    "clitic_variants",
    "taa_variants",
    "verb_variants",
    "masdar_variants",
    "plural_variants",
    "ending_variants",
    "article_variants",
    "typo_variants",
    "weigh_as_variant",
    "repair_unknown_words",
    "question_phrasing",
    "place_descriptors",
    "aliases",
    "context",
    "follow_up",
    "document",
    "within_document",
    "proximity",
    "answer_type",
    "title",
    "lead",
    "defines",
    "merge_repeats",
    "whole_paragraphs",
    "title_words_in_excerpts",
)
WEIGHTS = {
    "follow_up": 0.2,
    "document": 0.8,
    "within_document": 0.8,
    "proximity": 0.8,
    "answer_type": 0.4,
    "title": 0.4,
    "lead": 0.8,
    "context": 0.1,
    "defines": 0.0,
}
THRESHOLDS = {
    "min_coverage": 0.16,
    "single_word_coverage": 0.45,
    "known_single_word_coverage": 0.24,
}
