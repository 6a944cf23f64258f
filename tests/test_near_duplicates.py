"""Syndicated copies: one story found at index time, cited once, each copy still filterable."""

from __future__ import annotations

import numpy as np
import pytest

from bot.engine import Engine, build_index
from bot.render import render_answer
from retrieval.analyzer import analyze
from retrieval.filters import SearchScope
from retrieval.near_duplicates import signature, stories
from tests.support.news_archive import AGENCY_STORY, filler, syndicated_archive

QUESTION = "منصة تداول أسهم الشركات الصغيرة والمتوسطة في السوق الموازية"


def _ids(text: str, vocabulary: dict[str, int]) -> np.ndarray:
    """A text's analyzed term ids."""
    return np.array([vocabulary.setdefault(t, len(vocabulary)) for t in analyze(text)])


def test_edited_copies_share_a_story_and_other_articles_do_not() -> None:
    vocabulary: dict[str, int] = {}
    texts = [
        AGENCY_STORY,
        AGENCY_STORY.replace("اليوم", "أمس").replace("وأضاف", "كما أضاف"),
        filler(1),
        filler(2),
        AGENCY_STORY.split("\n")[0][:40],  # too short to compare
    ]
    grouped = stories((i + 1, signature(_ids(t, vocabulary)), 0) for i, t in enumerate(texts))
    assert grouped == {1: 1, 2: 1}


def test_copies_published_far_apart_are_separate_stories() -> None:
    vocabulary: dict[str, int] = {}
    story = signature(_ids(AGENCY_STORY, vocabulary))
    assert stories([(1, story, 100), (2, story, 103), (3, story, 110)]) == {1: 1, 2: 1}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """An engine over the generated archive."""
    folder = tmp_path_factory.mktemp("syndicated")
    build_index(folder / "dalil.db", syndicated_archive(folder / "corpus"), workers=1)
    return Engine(folder / "dalil.db")


def test_a_story_three_papers_ran_is_cited_once_with_the_others_named(engine: Engine) -> None:
    answer = engine.ask(QUESTION, top_k=5).answer
    copies = {"okaz", "almadina", "alwatan"}
    story = [h for h in answer.hits if h.document.story and h.document.source in copies]
    assert len({h.document.path for h in story}) == 1  # one copy, however many passages
    shown = story[0]
    names = {"okaz": "عكاظ", "almadina": "المدينة", "alwatan": "الوطن"}
    assert set(shown.also_in) == {names[s] for s in copies - {shown.document.source}}
    others = "، ".join(shown.also_in)
    assert f"نشرته أيضًا: {others}" in render_answer(answer)


def test_each_copy_still_answers_within_its_own_source(engine: Engine) -> None:
    for slug in ("okaz", "almadina", "alwatan"):
        answer = engine.ask(QUESTION, scope=SearchScope(frozenset({slug}))).answer
        assert answer.hits and answer.hits[0].document.source == slug


def test_titles_are_decoded_and_dates_are_days(engine: Engine) -> None:
    documents = engine.searcher.corpus.documents
    assert 'سوق الأسهم يرتفع "بقوة"' in [d.title for d in documents]
    assert {len(d.date) for d in documents} == {10}
