"""The fusion weights and abstention thresholds the searcher uses (data; see bench/fit.py)."""

# TECHNIQUES is written by bench/fit.py. WEIGHTS and THRESHOLDS are still the hand-set ones:
# `bench/fit.py --write` refits them (coordinate ascent on MRR@10 over eval/ seeds_dev and
# arcd-train), but on the current pipeline its weights cost seeds_dev its hit@1 gate and the
# seed follow-up, and its thresholds (0.08 / 0.45 / 0.12) answer a question about a removed
# document (tests/test_bot_documents.py), so neither was adopted (docs/quality.md).
TECHNIQUES = (
    "clitic_variants",
    "taa_variants",
    "verb_variants",
    "plural_variants",
    "ending_variants",
    "article_variants",
    "typo_variants",
    "weigh_as_variant",
    "repair_unknown_words",
    "question_phrasing",
    "aliases",
    "context",
    "follow_up",
    "document",
    "neighbours",
    "within_document",
    "proximity",
    "answer_type",
    "title",
    "lead",
    "defines",
    "exact_forms",
    "merge_repeats",
    "title_words_in_excerpts",
)
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
    "exact_forms": 0.0,
    "context": 0.1,
}
THRESHOLDS = {
    "min_coverage": 0.15,
    "single_word_coverage": 0.4,
    "known_single_word_coverage": 0.25,
}
