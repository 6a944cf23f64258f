"""Word an Answer for people: Telegram HTML for the bot, plain text for the terminal."""

from __future__ import annotations

import html
import re

from bot import texts
from retrieval.filters import day_of, spoken_day
from retrieval.results import Abstention, Answer, Hit, Offer

# telegram.constants.MessageLimit.MAX_TEXT_LENGTH, written out: `dalil ask` loads no telegram
TELEGRAM_LIMIT = 4096  # UTF-16 units
SHORT_TITLE_CHARS = 60
ELLIPSIS = "…"


# The previous question is quoted this long at most above a follow-up's answer.
SUBJECT_CHARS = 80


def _escape(text: str, markup: bool) -> str:
    """Escape a stored or user string for Telegram HTML (plain text is left as it is)."""
    return html.escape(text, quote=False) if markup else text


def highlighted(text: str, spans: tuple[tuple[int, int], ...], markup: bool) -> str:
    """Return text with matched words in bold (HTML) or as is (plain), escaped."""
    if not markup:
        return text
    parts, cursor = [], 0
    for start, end in sorted(spans):
        if start < cursor or end > len(text):
            continue
        parts.append(_escape(text[cursor:start], True))
        parts.append(f"<b>{_escape(text[start:end], True)}</b>")
        cursor = end
    parts.append(_escape(text[cursor:], True))
    return "".join(parts)


def short_title(title: str, limit: int = SHORT_TITLE_CHARS) -> str:
    """A title cut at a word boundary to about limit characters."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title.rfind(" ", 0, limit)
    return title[: cut if cut > 0 else limit].rstrip(" ،,.:;") + ELLIPSIS


def _shown_date(stored: str) -> str:
    """A stored date as people read it («3 أغسطس 2015»), or as stored when it is no day."""
    day = day_of(stored)
    return spoken_day(day) if day else stored


def _place(hit: Hit) -> str:
    """Where in the document: «الصفحة 3، الفقرة 2» or «الفقرة 2»."""
    place = f"{texts.PASSAGE_LABEL} {hit.passage_number}"
    return f"{texts.PAGE_LABEL} {hit.document.page}، {place}" if hit.document.page else place


def citation(hit: Hit, markup: bool, repeated: bool = False) -> str:
    """Who published it and when, its title and a «🔗» link; for a file, its short title (or
    «the same document» when an earlier excerpt named it) and the page and paragraph."""
    document = hit.document
    if repeated:
        head = f"📄 {texts.SAME_DOCUMENT}"
    elif document.publisher or document.source:
        origin = " · ".join(
            x for x in (document.publisher or document.source, _shown_date(document.date)) if x
        )
        head = f"📰 {_bold(origin, markup)} — {_escape(short_title(document.title, 120), markup)}"
    else:
        head = f"📄 {_escape(short_title(document.title), markup)}"
    parts = [head]
    if not markup and not repeated and not document.source:
        parts.append(document.source_path or document.path)  # the terminal names the file
    if (not document.publisher and not document.source) or document.page:
        parts.append(_place(hit))
    line = " — ".join(parts)
    if document.url.startswith(("http://", "https://")) and not repeated:
        link = html.escape(document.url, quote=True)
        line += f' <a href="{link}">🔗</a>' if markup else f" {document.url}"
    if hit.also_in:
        line += f"\n{texts.ALSO_IN}: {_escape('، '.join(hit.also_in), markup)}"
    return line


def _bold(text: str, markup: bool) -> str:
    """Escaped text in bold (as is in plain text)."""
    return f"<b>{_escape(text, markup)}</b>" if markup else text


def _cut(text: str, limit: int) -> str:
    """Cut text at a word boundary to at most limit characters."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, max(limit, 1))
    return text[: cut if cut > 0 else limit]


def hit_block(
    hit: Hit, markup: bool, excerpt_limit: int | None = None, repeated: bool = False
) -> str:
    """One numbered excerpt with its highlights and its citation (`repeated`: an earlier
    excerpt of the message comes from the same document)."""
    excerpt = hit.excerpt
    text, spans = excerpt.text, excerpt.highlights
    cut_after = excerpt.cut_after
    if excerpt_limit is not None and len(text) > excerpt_limit:
        text = _cut(text, excerpt_limit)
        spans = tuple(s for s in spans if s[1] <= len(text))
        cut_after = True
    body = highlighted(text, spans, markup)
    body = (ELLIPSIS if excerpt.cut_before else "") + body + (ELLIPSIS if cut_after else "")
    block = f"{hit.rank}. «{body}»\n{citation(hit, markup, repeated)}"
    if hit.missing_words:
        words = "، ".join(f"«{_escape(w, markup)}»" for w in hit.missing_words)
        block += f"\n{texts.MISSING_LABEL}: {words}"
    return block


def render_answer_parts(
    answer: Answer, markup: bool = True, limit: int = TELEGRAM_LIMIT
) -> tuple[str, int]:
    """Word an answer within limit; return the text and how many hits it shows."""
    scope = (
        "\n" + texts.SEARCHED_IN.format(scope=_escape(answer.scope_label, markup))
        if answer.scope_label
        else ""
    )
    if answer.abstained:
        if answer.reason == Abstention.NO_TERMS:
            return texts.NO_TERMS + scope, 0
        return f"{texts.NO_ANSWER}{scope}\n{texts.NO_ANSWER_HINT}", 0
    header = (texts.ANSWER_HEADER if answer.offset == 0 else texts.ANSWER_HEADER_MORE) + scope
    if answer.offer is Offer.RELATED and answer.offset == 0:
        missing = answer.hits[0].missing_words if answer.hits else ()
        header = texts.related_header(tuple(_escape(w, markup) for w in missing)) + scope
    if answer.followed_up and answer.offset == 0:
        header = f"{_followed_up(answer, markup)}\n{header}"
    repeated = _repeated(answer.hits)
    blocks = [hit_block(hit, markup, None, r) for hit, r in zip(answer.hits, repeated, strict=True)]
    message = "\n\n".join([header, *blocks])
    excerpt_limit = max((len(h.excerpt.text) for h in answer.hits), default=0)
    while message_length(message, markup) > limit and excerpt_limit > 20:
        excerpt_limit = int(excerpt_limit * 0.8)
        blocks = [
            hit_block(hit, markup, excerpt_limit, r)
            for hit, r in zip(answer.hits, repeated, strict=True)
        ]
        message = "\n\n".join([header, *blocks])
    while message_length(message, markup) > limit and len(blocks) > 1:
        blocks.pop()
        message = "\n\n".join([header, *blocks])
    return truncate(message, markup, limit), len(blocks)


def _followed_up(answer: Answer, markup: bool) -> str:
    """The line saying the answer leaned on the previous one: on its subject («ومتى حدث ذلك؟»
    after «من زار بلدة الهبيط؟»), or only on its document."""
    if not answer.subject or answer.subject == answer.question:
        return texts.FOLLOWED_UP
    subject = " ".join(answer.subject.split())
    if len(subject) > SUBJECT_CHARS:
        subject = subject[: SUBJECT_CHARS - 1].rstrip() + "…"
    return texts.FOLLOWED_UP_ON.format(subject=_escape(subject, markup))


def _repeated(hits: tuple[Hit, ...]) -> list[bool]:
    """For each hit, whether an earlier hit of the list comes from the same document."""
    seen: set[str] = set()
    flags = []
    for hit in hits:
        flags.append(hit.document.path in seen)
        seen.add(hit.document.path)
    return flags


def render_answer(answer: Answer, markup: bool = True, limit: int = TELEGRAM_LIMIT) -> str:
    """Word a whole answer, trimming excerpts (never markup) to stay within limit."""
    return render_answer_parts(answer, markup, limit)[0]


def message_length(text: str, markup: bool = True) -> int:
    """Length as Telegram counts it (UTF-16 units; markup counted too, so never too little)."""
    return len(text.encode("utf-16-le")) // 2 if markup else len(text)


# A tag, an entity, or one character: the pieces HTML may be cut between.
_HTML_PIECE = re.compile(r"<[^>]*>|&#?\w+;|.", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([\w-]+)")


def truncate_html(text: str, limit: int) -> str:
    """Cut Telegram HTML to at most limit units, between tags and entities, closing open tags."""
    if message_length(text) <= limit:
        return text
    tail = message_length(ELLIPSIS)
    open_tags: list[str] = []
    best, best_tags, used = 0, [], 0
    for piece in _HTML_PIECE.finditer(text):
        closers = sum(len(name) + 3 for name in open_tags)
        if used + tail + closers <= limit:
            best, best_tags = piece.start(), list(open_tags)
        token = piece.group()
        used += message_length(token)
        if used > limit:
            break
        if token.startswith("</"):
            if open_tags:
                open_tags.pop()
        elif token.startswith("<") and (name := _TAG_NAME.match(token)):
            open_tags.append(name.group(1).lower())
    closing = "".join(f"</{name}>" for name in reversed(best_tags))
    return text[:best].rstrip() + ELLIPSIS + closing


def truncate(text: str, markup: bool, limit: int) -> str:
    """Last resort: cut a message that is still too long (HTML-aware for markup)."""
    if message_length(text, markup) <= limit:
        return text
    return truncate_html(text, limit) if markup else text[: limit - 1] + ELLIPSIS
