"""What of a document may be cited: passages, and the lines that are only context or noise.

A document is cut into units (retrieval/chunking.py). A unit is citable when it says something
on its own; a title line, a heading («حلب::»), a fragment («يزور بلدة الهبيط }») and a link or
tag line («رابط الخبر بصحيفة الوئام: …», «سمات: …») are not. Each citable unit carries context
terms, scored as a low-weight field: its document's title, the heading above it, and, for a
piece of a long paragraph, the paragraph's first piece and the pieces beside it (so the piece
holding an answer is found by the words that name its subject one piece earlier). Lines
repeated across many documents of a source (boilerplate) are found at index time, in storage.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from retrieval.analyzer import Analyzer
from retrieval.chunking import PassageSpan, split_passages


class UnitKind(IntEnum):
    """Why a unit is (not) citable; stored with every passage (0 is citable)."""

    TEXT = 0
    TITLE = 1
    HEADING = 2
    FRAGMENT = 3
    LINK_OR_TAGS = 4
    BOILERPLATE = 5  # set by storage, from counts of a source's lines


# A first line this short that does not end a sentence, with more text after it, is a title.
TITLE_LINE_MAX_CHARS = 160
# A line of at most this many words that does not end a sentence is a heading.
HEADING_MAX_WORDS = 8
# A line of fewer words than this is a fragment, whatever ends it («إلى اللقاء..», «ألف مبروك.»).
MIN_CITABLE_WORDS = 4
# A line holding the title and at most this many characters more repeats it (a link line).
TITLE_REPEAT_SLACK = 40

_CLOSERS = "\"'»”’)]} "
_SENTENCE_MARKS = ".؟?!؛…"
_WORD = re.compile(r"[^\W_]+")
_LINK = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+")
# A line holds a _LINK match only if it holds one of these (tested first: the search is slow).
_LINK_MARKS = ("://", "www.", "@")
_LABEL = re.compile(r"^[^:\n]{1,25}:\s*")
_LIST_SEPARATOR = re.compile(r"\s*[،,|/]\s*|\s+-\s+")
_SENTENCE_END = re.compile(r"[.؟?!؛…][\"'»”’)\]}]*\s+")


@dataclass(frozen=True)
class Unit:
    """A cut of a document: its span, why it is (not) citable, and the units it takes context
    from (positions in the document's unit list)."""

    span: PassageSpan
    kind: UnitKind
    context: tuple[int, ...] = ()


def _squeezed(text: str) -> str:
    """The text with runs of whitespace as one space."""
    return " ".join(text.split())


def _ends_a_sentence(line: str) -> bool:
    """Tell whether a line ends with a sentence mark (closing quotes and brackets aside)."""
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_MARKS


def _is_link_or_tags(line: str) -> bool:
    """A line that is mostly a link or an address, hashtags, or a label with a list of tags."""
    words = line.split()
    has_link = any(mark in line for mark in _LINK_MARKS) and _LINK.search(line)
    if has_link and len(_LINK.sub("", line).split()) <= 3:
        return True
    if "#" in line and words and sum(w.startswith("#") for w in words) * 2 >= len(words):
        return True
    label = _LABEL.match(line)
    if label is None or _ends_a_sentence(line):
        return False
    items = [i for i in _LIST_SEPARATOR.split(line[label.end() :]) if i]
    return len(items) >= 3 and all(len(i.split()) <= 3 for i in items)


def _unbalanced(line: str) -> bool:
    """Tell whether a line opens or closes a bracket it does not match (a cut-off caption)."""
    return any(line.count(a) != line.count(b) for a, b in ("{}", "()", "[]", "«»"))


@lru_cache(maxsize=64)
def _comparable_title(title: str) -> str:
    """A title as lines are compared with it, or "" when it has fewer than two words."""
    title = _squeezed(title).rstrip("…")
    return title if len(_WORD.findall(title)) >= 2 else ""


def _repeats_title(line: str, title: str) -> bool:
    """Tell whether a line is the title, or the title with a short label around it."""
    title = _comparable_title(title)
    if not title:
        return False
    squeezed = _squeezed(line)
    return title in squeezed and len(squeezed) <= len(title) + TITLE_REPEAT_SLACK


def _kind(text: str, span: PassageSpan, whole_line: bool, first: bool, title: str) -> UnitKind:
    """Classify one unit of a document."""
    line = text[span.start : span.end]
    if not whole_line:
        return UnitKind.TEXT
    if first:  # the document's first line, and its title (a .txt file's)
        if len(line) <= TITLE_LINE_MAX_CHARS and not _ends_a_sentence(line):
            return UnitKind.TITLE
    elif title and _repeats_title(line, title):
        return UnitKind.TITLE
    if _is_link_or_tags(line):
        return UnitKind.LINK_OR_TAGS
    words = len(_WORD.findall(line))
    if _unbalanced(line) and words <= HEADING_MAX_WORDS:
        return UnitKind.FRAGMENT
    if words <= HEADING_MAX_WORDS and not _ends_a_sentence(line):
        return UnitKind.HEADING
    if words < MIN_CITABLE_WORDS:
        return UnitKind.FRAGMENT
    return UnitKind.TEXT


def _names_first_line(text: str, spans: list[PassageSpan], title: str) -> bool:
    """Tell whether the document's title is its first line (or a cut of it), as in a .txt file,
    rather than a field of its own (an archive record's title)."""
    if not title:
        return True
    first = _squeezed(text[spans[0].start : spans[0].end])
    return first.startswith(_squeezed(title).rstrip("…"))


def _title_tail(text: str, span: PassageSpan, title: str) -> int | None:
    """Where a unit's closing sentence starts when that sentence repeats the title with a short
    label («… وفاتهما. رابط الخبر بصحيفة الوئام: <title>»), else None."""
    line = text[span.start : span.end]
    for mark in re.finditer(_SENTENCE_END, line):
        tail = line[mark.end() :]
        if tail.strip() and _repeats_title(tail, title) and not _repeats_title(line, title):
            return span.start + mark.end()
    return None


def _closes_a_paragraph(spans: list[PassageSpan], position: int) -> bool:
    """Tell whether a span is the last, not the only, piece of its paragraph."""
    paragraph = spans[position].paragraph
    after = position + 1 == len(spans) or spans[position + 1].paragraph != paragraph
    return position > 0 and spans[position - 1].paragraph == paragraph and after


def _detach_title_tails(
    text: str, spans: list[PassageSpan], title: str
) -> tuple[list[PassageSpan], set[int]]:
    """Cut off each closing sentence that repeats the title into a unit of its own (or mark the
    piece that is one); return the renumbered spans and the positions of those tails."""
    if not title:
        return spans, set()
    cut: list[PassageSpan] = []
    tails: set[int] = set()
    for position, span in enumerate(spans):
        if _closes_a_paragraph(spans, position) and _repeats_title(
            text[span.start : span.end], title
        ):
            tails.add(len(cut))  # the last piece of a long paragraph is the closing sentence
            cut.append(span)
            continue
        start = _title_tail(text, span, title)
        if start is None:
            cut.append(span)
            continue
        head_end = len(text[span.start : start].rstrip()) + span.start
        cut.append(PassageSpan(0, span.start, head_end, span.paragraph))
        tails.add(len(cut))
        cut.append(PassageSpan(0, start, span.end, span.paragraph))
    numbered = [PassageSpan(i + 1, s.start, s.end, s.paragraph) for i, s in enumerate(cut)]
    return numbered, tails


def document_units(text: str, title: str = "") -> list[Unit]:
    """Cut a document into units, classify them, and link each citable one to its context."""
    spans = split_passages(text)
    spans, tails = _detach_title_tails(text, spans, title)
    pieces: dict[int, list[int]] = {}
    for position, span in enumerate(spans):
        if position not in tails:
            pieces.setdefault(span.paragraph, []).append(position)
    titled_by_first_line = bool(spans) and _names_first_line(text, spans, title)
    first_line_is_title = (
        titled_by_first_line
        and len(pieces) > 1
        and len(pieces[0]) == 1
        and _kind(text, spans[0], True, True, "") == UnitKind.TITLE
    )
    # a line repeating the title is a link line only when the title is one (not a first sentence)
    repeated = title if first_line_is_title or not titled_by_first_line else ""
    kinds = [
        UnitKind.TITLE
        if position in tails
        else _kind(
            text,
            span,
            len(pieces[span.paragraph]) == 1,
            position == 0 and first_line_is_title,
            repeated,
        )
        for position, span in enumerate(spans)
    ]
    if UnitKind.TEXT not in kinds:  # a short note is all its own content
        kinds = [UnitKind.TEXT] * len(kinds)
    title_unit = [0] if kinds and kinds[0] == UnitKind.TITLE else []
    units, heading = [], None
    for position, (span, kind) in enumerate(zip(spans, kinds, strict=True)):
        if kind == UnitKind.HEADING:
            heading = position
        if kind != UnitKind.TEXT:
            units.append(Unit(span, kind))
            continue
        siblings = pieces.get(span.paragraph, [position])
        near = {siblings[0]} - {position}
        context = [*title_unit, *([heading] if heading is not None else []), *sorted(near)]
        units.append(Unit(span, kind, tuple(dict.fromkeys(context))))
    return units


def _title_context(title: str, units: list[Unit], text: str) -> str:
    """The title to add to every unit's context: the given title, unless the document's own
    first line is it (its terms are then the first unit's) or it was cut from the text."""
    if not title or title.endswith("…"):
        return ""
    if units and _squeezed(text[units[0].span.start : units[0].span.end]) == _squeezed(title):
        return ""
    return title


@dataclass(frozen=True)
class AnalyzedUnit:
    """A unit with its text, its terms, and its context field's terms (citable units only)."""

    span: PassageSpan
    kind: UnitKind
    text: str
    terms: list[str]
    context: list[str]


def analyzed_units(
    text: str, title: str, analyze: Callable[[str], list[str]]
) -> list[AnalyzedUnit]:
    """Cut, classify and analyze a document; each citable unit's context holds the title's
    terms, then its context units' terms."""
    units = document_units(text, title)
    texts = [text[u.span.start : u.span.end] for u in units]
    terms = analyze.each(texts) if isinstance(analyze, Analyzer) else [analyze(t) for t in texts]
    extra = _title_context(title, units, text)
    title_terms = analyze(extra) if extra else []
    return [
        AnalyzedUnit(
            unit.span,
            unit.kind,
            texts[i],
            terms[i],
            [*title_terms, *(t for other in unit.context for t in terms[other])]
            if unit.kind == UnitKind.TEXT
            else [],
        )
        for i, unit in enumerate(units)
    ]
