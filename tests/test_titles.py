"""Title evidence reads the titles' terms as ids analyzed once: the same as analyzing them."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.analyzer import DEFAULT_ANALYZER, analyze
from retrieval.corpus import DocumentInfo, build_corpus
from retrieval.search import Searcher

# The articles' text names only the first two: the others are in titles only, or nowhere.
WORDS = ["العراق", "النفط", "بغداد", "الكويت", "الموصل", "السياحة"]
TEXT = "مقال عن العراق والنفط في هذا العام."


@settings(max_examples=60, deadline=None)
@given(
    titles=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5), max_size=5),
    groups=st.lists(
        st.lists(st.sampled_from([*WORDS, "الجسر"]), min_size=1, max_size=3), max_size=4
    ),
    first=st.one_of(st.none(), st.integers(min_value=1, max_value=4)),
)
def test_title_holds_says_what_the_analyzed_titles_hold(
    titles: list[list[str]], groups: list[list[str]], first: int | None
) -> None:
    # a title ending in «…» is not part of the passages' context: its words may be unknown
    documents = [(DocumentInfo(f"{i}.txt", " ".join(t) + " …"), TEXT) for i, t in enumerate(titles)]
    index = Searcher(build_corpus(documents, analyze)).collection
    term_groups = [[analyze(word)[0] for word in group] for group in groups]
    expected = [
        [any(t in DEFAULT_ANALYZER.memo_terms(d.title)[:first] for t in g) for g in term_groups]
        for d, _ in documents
    ]
    every = index.title_holds(np.arange(len(documents)), term_groups, first)
    assert every.shape == (len(documents), len(term_groups))
    assert every.tolist() == expected
    for number in range(len(documents)):
        one = index.title_holds(np.array([number]), term_groups, first)
        assert one.tolist() == [expected[number]]
        title = documents[number][0].title
        assert index.title_terms(number) == set(DEFAULT_ANALYZER.memo_terms(title))
