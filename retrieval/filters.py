"""Narrow a question to some sources and dates: read from its words or from «من:… بعد:…»."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from retrieval.sources import SourceNames

MONTHS = (
    ("يناير", "كانون الثاني"),
    ("فبراير", "شباط"),
    ("مارس", "آذار"),
    ("أبريل", "ابريل", "إبريل", "نيسان"),
    ("مايو", "أيار"),
    ("يونيو", "يونيه", "حزيران"),
    ("يوليو", "يوليه", "تموز"),
    ("أغسطس", "اغسطس", "آب"),
    ("سبتمبر", "أيلول"),
    ("أكتوبر", "اكتوبر", "تشرين الأول"),
    ("نوفمبر", "تشرين الثاني"),
    ("ديسمبر", "كانون الأول"),
)
MONTH_NAMES = tuple(forms[0] for forms in MONTHS)
_MONTH_NUMBER = {form: n for n, forms in enumerate(MONTHS, start=1) for form in forms}
_MONTH = "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True))
_DIGIT = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_ISO = r"\d{4}-\d{1,2}-\d{1,2}"
# `من:عكاظ بعد:2015-08-01 قبل:2015-08-31` (also «حتى:» and «المصدر:»), the command syntax.
_COMMAND = re.compile(r"(من|المصدر|مصدر|بعد|منذ|قبل|حتى)\s*:\s*(\S+)")
_NEWEST = re.compile(r"(?:،\s*)?\bال[أا]حدث\s+[أا]ول(?:[اًً]+|ا)?")
_IN_MONTH = re.compile(rf"(?:في|خلال)\s+(?:شهر\s+)?({_MONTH})(?:\s+(?:عام\s+|سنة\s+)?(\d{{4}}))?")
_RELATIVE = re.compile(
    r"(?:في|خلال)?\s*(هذا\s+الأسبوع|هذا\s+الاسبوع|الأسبوع\s+الماضي|الاسبوع\s+الماضي"
    r"|هذا\s+الشهر|الشهر\s+الماضي)"
)
_PAPER = r"(?:صحيفة|جريدة|موقع|وكالة|بحسب|حسب)"
_LEAD = r"(?:في|من|عن|ب|لدى)"


@dataclass(frozen=True)
class SearchScope:
    """Which documents a question searches: sources (slugs), a date range, the order."""

    sources: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None
    newest_first: bool = False

    @property
    def narrows(self) -> bool:
        """Tell whether the scope leaves some documents out."""
        return bool(self.sources) or self.since is not None or self.until is not None

    def merged(self, other: SearchScope) -> SearchScope:
        """This scope with what `other` sets (other wins for the dates it gives)."""
        return SearchScope(
            self.sources | other.sources,
            other.since or self.since,
            other.until or self.until,
            self.newest_first or other.newest_first,
        )


EVERYWHERE = SearchScope()


def parse_day(text: str) -> date:
    """A YYYY-MM-DD day (Arabic-Indic digits allowed), or ValueError."""
    year, month, day = (int(part) for part in text.translate(_DIGIT).split("-"))
    return date(year, month, day)


def day_of(stored: str) -> date | None:
    """The day a stored document date starts with, or None."""
    try:
        return parse_day(stored[:10]) if len(stored) >= 10 else None
    except ValueError:
        return None


def _month_range(year: int, month: int) -> tuple[date, date]:
    """The first and last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _relative_range(phrase: str, latest: date) -> tuple[date, date]:
    """This/last week or month, counted back from the archive's latest day."""
    phrase = phrase.replace("الاسبوع", "الأسبوع")
    if phrase.endswith("الماضي"):
        if "الأسبوع" in phrase:
            return latest - timedelta(days=13), latest - timedelta(days=7)
        previous = latest.replace(day=1) - timedelta(days=1)
        return _month_range(previous.year, previous.month)
    if "الأسبوع" in phrase:
        return latest - timedelta(days=6), latest
    return _month_range(latest.year, latest.month)


def _named_month(month: int, year: str | None, latest: date | None) -> tuple[date, date]:
    """A named month: of the year given, else the last such month up to the latest day."""
    if year:
        return _month_range(int(year), month)
    latest = latest or date.today()
    return _month_range(latest.year if month <= latest.month else latest.year - 1, month)


def parse_scope(
    question: str, names: SourceNames, latest: date | None
) -> tuple[str, SearchScope, list[str]]:
    """Read filters from a question; return the question without them, the scope and the
    command values that named no source or day (to tell the asker)."""
    scope, unknown = EVERYWHERE, []
    text = question.translate(_DIGIT)

    def command(match: re.Match[str]) -> str:
        nonlocal scope
        key, value = match.group(1), match.group(2).rstrip("،,.؟?")
        if key in ("من", "المصدر", "مصدر"):
            source = names.find(value.replace("_", " "))
            if source is None:
                unknown.append(value)
            else:
                scope = replace(scope, sources=scope.sources | {source.slug})
            return " "
        try:
            day = parse_day(value)
        except ValueError:
            unknown.append(value)
            return " "
        scope = replace(scope, **({"since": day} if key in ("بعد", "منذ") else {"until": day}))
        return " "

    text = _COMMAND.sub(command, text)
    if _NEWEST.search(text):
        scope = replace(scope, newest_first=True)
        text = _NEWEST.sub(" ", text)
    if match := _IN_MONTH.search(text):
        since, until = _named_month(_MONTH_NUMBER[match.group(1)], match.group(2), latest)
        scope = replace(scope, since=scope.since or since, until=scope.until or until)
        text = text[: match.start()] + " " + text[match.end() :]
    if latest is not None and (match := _RELATIVE.search(text)):
        since, until = _relative_range(" ".join(match.group(1).split()), latest)
        scope = replace(scope, since=scope.since or since, until=scope.until or until)
        text = text[: match.start()] + " " + text[match.end() :]
    for source in names.names_longest_first():
        name = re.escape(source.name)
        lead = (
            rf"(?:{_LEAD}\s+)?{_PAPER}\s+{name}"
            if source.ambiguous
            else rf"(?:{_LEAD}\s*(?:{_PAPER}\s+)?|{_PAPER}\s+){name}"
        )
        pattern = re.compile(rf"(?:^|(?<=\s)){lead}(?=$|[\s،,.؟?!])")
        if pattern.search(text):
            scope = replace(scope, sources=scope.sources | {source.slug})
            text = pattern.sub(" ", text)
    return " ".join(text.split()), scope, unknown


def spoken_day(day: date) -> str:
    """A day as people read it: «3 أغسطس 2015»."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _paper_name(slug: str, names: SourceNames) -> str:
    """A source's name as a scope says it: «صحيفة الرياض» when the bare name reads as a place."""
    source = names.find(slug)
    return f"صحيفة {source.name}" if source and source.ambiguous else names.name_of(slug)


def describe(scope: SearchScope, names: SourceNames) -> str:
    """The scope in words: «في عكاظ، أغسطس 2015، الأحدث أولًا» (empty when it is everything)."""
    parts = []
    if scope.sources:
        papers = sorted(_paper_name(slug, names) for slug in scope.sources)
        parts.append("في " + " و".join(papers))
    since, until = scope.since, scope.until
    if since and until and (since, until) == _month_range(since.year, since.month):
        parts.append(f"{MONTH_NAMES[since.month - 1]} {since.year}")
    elif since and until:
        parts.append(f"من {spoken_day(since)} إلى {spoken_day(until)}")
    elif since:
        parts.append(f"منذ {spoken_day(since)}")
    elif until:
        parts.append(f"حتى {spoken_day(until)}")
    if scope.newest_first:
        parts.append("الأحدث أولًا")
    return "، ".join(parts)
