"""Newspapers and agencies by name: the slug an archive stores and the Arabic name people read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from retrieval.normalize import normalize

# SaudiNewsNet's 14 sources. A name marked ambiguous is also a common word (a city, «today», a
# region): a question names that paper only with «صحيفة/جريدة» before it («في صحيفة الرياض»).
SAUDINEWSNET = (
    ("alriyadh", "الرياض", True),
    ("aljazirah", "الجزيرة", True),
    ("alyaum", "اليوم", True),
    ("aleqtisadiya", "الاقتصادية", True),
    ("aawsat", "الشرق الأوسط", True),
    ("okaz", "عكاظ", False),
    ("alwatan", "الوطن", True),
    ("almadina", "المدينة", True),
    ("alweeam", "الوئام", False),
    ("3alyoum", "عين اليوم", False),
    ("sabq", "سبق", False),
    ("was", "واس", False),
    ("arreyadi", "الرياضي", True),
    ("arriyadiyah", "الرياضية", True),
)


@dataclass(frozen=True)
class Source:
    """One source: the slug stored with its documents, its Arabic name, whether it is ambiguous."""

    slug: str
    name: str
    ambiguous: bool = False


@dataclass(frozen=True)
class SourceNames:
    """Every known source, looked up by slug or by (normalized) Arabic name."""

    sources: tuple[Source, ...] = ()
    _by_slug: dict[str, Source] = field(default_factory=dict, compare=False, repr=False)
    _by_name: dict[str, Source] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        """Index the sources by slug and by normalized name."""
        for source in self.sources:
            self._by_slug[source.slug.lower()] = source
            self._by_name[normalize(source.name)] = source

    @classmethod
    def build(cls, extra: Iterable[Source] = ()) -> SourceNames:
        """The shipped SaudiNewsNet names, then `extra` (a later entry wins for its slug)."""
        merged = {slug: Source(slug, name, ambiguous) for slug, name, ambiguous in SAUDINEWSNET}
        merged |= {source.slug: source for source in extra}
        return cls(tuple(merged.values()))

    def name_of(self, slug: str) -> str:
        """The Arabic name of a slug (the slug itself when unknown)."""
        source = self._by_slug.get(slug.lower())
        return source.name if source else slug

    def find(self, text: str) -> Source | None:
        """The source a slug or an Arabic name (any spelling the analyzer folds) stands for."""
        text = text.strip()
        return self._by_slug.get(text.lower()) or self._by_name.get(normalize(text))

    def names_longest_first(self) -> list[Source]:
        """Every source, longer names first (so «عين اليوم» is tried before «اليوم»)."""
        return sorted(self.sources, key=lambda s: -len(s.name))
