"""Telegram messages and keyboards built from search results, reports and statistics."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks, texts
from bot.journal import LogSummary
from bot.render import (
    ELLIPSIS,
    TELEGRAM_LIMIT,
    highlighted,
    message_length,
    render_answer_parts,
    short_title,
    truncate,
)
from retrieval.results import Answer
from retrieval.search import Searcher
from storage.index_writer import IndexReport

BUTTONS_PER_ROW = 3
NEIGHBOUR_CHARS = 600
LISTED_FILES = 8
LISTED_SKIPPED = 12  # skipped files each get a line with the reason


def escape(text: str) -> str:
    """Escape a stored or user string for Telegram HTML."""
    return html.escape(text, quote=False)


def answer_message(answer: Answer, token: str) -> tuple[str, InlineKeyboardMarkup | None]:
    """The answer text and its buttons: one per excerpt for the full passage, and «المزيد»."""
    text, shown = render_answer_parts(answer)
    if answer.abstained or not shown:
        return text, None
    buttons = [
        InlineKeyboardButton(
            texts.PASSAGE_BUTTON.format(rank=hit.rank),
            callback_data=callbacks.encode(
                callbacks.Passage(hit.passage_index, answer.index_version, token)
            ),
        )
        for hit in answer.hits[:shown]
    ]
    rows = [buttons[i : i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
    next_offset = answer.offset + shown
    if (answer.has_more or shown < len(answer.hits)) and next_offset <= callbacks.MAX_OFFSET:
        more = callbacks.encode(callbacks.More(token, next_offset))
        rows.append([InlineKeyboardButton(texts.MORE_BUTTON, callback_data=more)])
    new = callbacks.encode(callbacks.NewQuestion())
    rows.append([InlineKeyboardButton(texts.NEW_BUTTON, callback_data=new)])
    return text, InlineKeyboardMarkup(rows)


def without_more(markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """The same keyboard without its «المزيد» row (once it has been used)."""
    if markup is None:
        return None
    rows = [
        row
        for row in markup.inline_keyboard
        if not any(str(button.callback_data or "").startswith("m:") for button in row)
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def _cut_words(text: str, limit: int, from_end: bool = False) -> str:
    """Keep at most limit characters of text at a word boundary, marking the cut."""
    if len(text) <= limit:
        return text
    if from_end:
        start = text.find(" ", len(text) - limit)
        return ELLIPSIS + text[start + 1 if start >= 0 else len(text) - limit :]
    end = text.rfind(" ", 0, limit)
    return text[: end if end > 0 else limit] + ELLIPSIS


def _neighbour(number: int, text: str) -> str:
    """A neighbouring passage, labelled in italics."""
    return f"<i>[{texts.PASSAGE_LABEL} {number}]</i>\n{escape(text)}"


def passage_view(searcher: Searcher, index: int, question: str | None = None) -> str:
    """A cited passage (a long paragraph's piece: the whole paragraph, as the answer cites it)
    with the one before and after it, the question's words in bold (the same words as in the
    excerpts)."""
    corpus = searcher.corpus
    cited = searcher.cited(index)
    passage = dataclasses.replace(corpus.passages[index], number=cited.number, text=cited.text)
    document = corpus.documents[passage.document]
    origin = " · ".join(x for x in (document.publisher, document.date) if x)
    header = f"📖 <b>{texts.FULL_PASSAGE_HEADER}</b>\n📄 {escape(short_title(document.title, 120))}"
    if origin:
        header += f" — {escape(origin)}"
    around = searcher.neighbours(cited.pieces[0], cited.pieces[-1])
    last = corpus.passages[cited.pieces[-1]].number
    context = [
        _neighbour(p.number, _cut_words(p.text, NEIGHBOUR_CHARS, from_end=True))
        for p in around
        if p.number < passage.number
    ]
    following = [
        _neighbour(p.number, _cut_words(p.text, NEIGHBOUR_CHARS)) for p in around if p.number > last
    ]
    query = searcher.parse(question) if question else None

    def build(text: str) -> str:
        found = searcher.highlight(query, text) if query else []
        spans = tuple((s.start, s.end) for s in found)
        main = f"<b>[{texts.PASSAGE_LABEL} {passage.number}]</b>\n{highlighted(text, spans, True)}"
        return "\n\n".join([header, *context, main, *following])

    message, keep = build(passage.text), len(passage.text)
    while message_length(message) > TELEGRAM_LIMIT and keep > 100:
        keep = int(keep * 0.85)
        message = build(_cut_words(passage.text, keep))
    return truncate(message, True, TELEGRAM_LIMIT)


def _file_list(paths: Sequence[str]) -> str:
    """A few file names in <code>, and how many more."""
    listed = "، ".join(f"<code>{escape(p)}</code>" for p in paths[:LISTED_FILES])
    if len(paths) > LISTED_FILES:
        listed += " " + texts.REINDEX_MORE_FILES.format(count=len(paths) - LISTED_FILES)
    return listed


def reindex_message(report: IndexReport) -> str:
    """What a reindex changed, skipped (and why), the totals and the time it took."""
    lines = [texts.REINDEX_DONE.format(seconds=f"{report.seconds:.2f}")]
    counts = (
        (texts.REINDEX_ADDED, report.added),
        (texts.REINDEX_CHANGED, report.changed),
        (texts.REINDEX_REMOVED, report.removed),
    )
    lines.append(
        " — ".join(f"{label}: {len(paths)}" for label, paths in counts)
        + f" — {texts.REINDEX_SKIPPED}: {len(report.skipped)}"
        + f" — {texts.REINDEX_UNCHANGED}: {report.unchanged}"
    )
    for label, paths in counts:
        if paths:
            lines.append(f"• {label}: {_file_list(paths)}")
    for skipped in report.skipped[:LISTED_SKIPPED]:
        reason = escape(texts.skip_reason(skipped.reason)[:150])
        path = escape(skipped.path[:150])
        lines.append(f"• {texts.REINDEX_SKIPPED} <code>{path}</code>: {reason}")
    if len(report.skipped) > LISTED_SKIPPED:
        lines.append(texts.REINDEX_MORE_FILES.format(count=len(report.skipped) - LISTED_SKIPPED))
    lines.append(
        texts.REINDEX_TOTAL.format(
            documents=texts.documents_count(report.documents),
            passages=texts.passages_added(report.passages),
        )
    )
    return truncate("\n".join(lines), True, TELEGRAM_LIMIT)


def stats_message(
    documents: int,
    passages: int,
    built_at: str,
    summary: LogSummary | None = None,
    log_off: bool = False,
    per_source: Sequence[str] = (),
) -> str:
    """/stats: the index for everyone (with its documents per source); today's questions and
    unanswered ones for admins."""
    built = built_at.replace("T", " ")[:16] + " UTC" if built_at else "-"
    lines = [
        texts.STATS_TITLE,
        f"{texts.STATS_DOCUMENTS}: {documents}",
        f"{texts.STATS_PASSAGES}: {passages}",
        f"{texts.STATS_BUILT}: {escape(built)}",
    ]
    if per_source:
        lines += [f"{texts.STATS_PER_SOURCE}:", *per_source]
    if summary is not None:
        lines.append(f"{texts.STATS_TODAY}: {summary.today}")
        lines.append(f"{texts.STATS_UNANSWERED}:")
        lines += [
            f"• {escape(asked_at.replace('T', ' ')[:16])} — {escape(question[:200])}"
            for asked_at, question in summary.unanswered
        ] or [f"• {texts.STATS_NONE}"]
    elif log_off:
        lines.append(texts.STATS_LOG_OFF)
    return truncate("\n".join(lines), True, TELEGRAM_LIMIT)


def confirm_keyboard(
    label: str, yes: callbacks.Action, no: callbacks.Action
) -> InlineKeyboardMarkup:
    """A button saying label and «cancel», with the callbacks each one sends."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(label, callback_data=callbacks.encode(yes)),
                InlineKeyboardButton(texts.CANCEL_BUTTON, callback_data=callbacks.encode(no)),
            ]
        ]
    )


def upload_keyboard(token: str) -> InlineKeyboardMarkup:
    """«replace» / «cancel» under the question about an existing file."""
    return confirm_keyboard(
        texts.REPLACE_BUTTON, callbacks.Upload(token, True), callbacks.Upload(token, False)
    )
