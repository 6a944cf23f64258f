"""What filters and story grouping need of every document, as numpy columns: its source, its
day and its story (no Python object per document, so a served index maps them from its files)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np

from retrieval.filters import SearchScope, day_of

NO_DAY = 0  # the day number of an undated document (a real day's ordinal is at least 1)


@dataclass(frozen=True)
class DocumentFacts:
    """Per document (in position order): its source as a number into source_names, its day
    as an ordinal (NO_DAY: undated) and its story (0: none); story_order lists the documents
    by story (stable), so a story's documents are found without a scan."""

    sources: np.ndarray
    source_names: tuple[str, ...]
    days: np.ndarray
    stories: np.ndarray
    story_order: np.ndarray

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str, int]]) -> DocumentFacts:
        """The facts of documents given as (source, date, story) rows in position order."""
        names: dict[str, int] = {}
        sources, days, stories = [], [], []
        for source, stored_date, story in rows:
            sources.append(names.setdefault(source, len(names)))
            day = day_of(stored_date)
            days.append(day.toordinal() if day else NO_DAY)
            stories.append(story)
        story_array = np.array(stories, dtype=np.int64)
        return cls(
            np.array(sources, dtype=np.int32),
            tuple(names),
            np.array(days, dtype=np.int32),
            story_array,
            np.argsort(story_array, kind="stable"),
        )

    @property
    def latest_day(self) -> date | None:
        """The latest publication day (None when nothing is dated)."""
        latest = int(self.days.max()) if len(self.days) else NO_DAY
        return date.fromordinal(latest) if latest != NO_DAY else None

    @cached_property
    def _ordered_stories(self) -> np.ndarray:
        """The stories in story_order (sorted)."""
        return self.stories[self.story_order]

    def story_documents(self, story: int) -> np.ndarray:
        """The documents of one story (story > 0), in position order."""
        low, high = np.searchsorted(self._ordered_stories, [story, story + 1])
        return self.story_order[low:high]

    def mask(self, scope: SearchScope) -> np.ndarray:
        """Which documents a scope keeps (a document without a date fails any date bound)."""
        keep = np.ones(len(self.sources), dtype=bool)
        if scope.sources:
            wanted = [n for n, name in enumerate(self.source_names) if name in scope.sources]
            keep &= np.isin(self.sources, wanted)
        if scope.since or scope.until:
            low = (scope.since or date.min).toordinal()
            high = (scope.until or date.max).toordinal()
            keep &= (self.days != NO_DAY) & (self.days >= low) & (self.days <= high)
        return keep


def facts_of(documents: Sequence) -> DocumentFacts:
    """The facts of documents held as objects with source, date and story (a list corpus)."""
    return DocumentFacts.build((d.source, d.date, d.story) for d in documents)
