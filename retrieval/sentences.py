"""Where sentences end: after . ؟ ? ! ؛ … (and any closing quotes or brackets), or at a line end."""

from __future__ import annotations

import re

# A mark followed by spaces ends a sentence; so does one glued to the next sentence's first
# Arabic letter («العالم.يسمى»), unless it closes a one-letter abbreviation («ق.م»). Every end
# starts with a mark or a line end: the lookahead in front lets the other characters be passed
# over without trying the lookbehind at each (the same matches, several times faster).
_SENTENCE_END = re.compile(
    r"(?=[.؟?!؛…\n])(?:[.؟?!؛…]+[\"'»”’)\]]*\s+"
    r"|(?<!(?<!\w)\w)[.؟?!؛…]+[\"'»”’)\]]*(?=[\u0621-\u064a])|\n+)"
)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split text[start:end] into sentences, each keeping its end mark and the spaces after it."""
    end = len(text) if end is None else end
    spans, cursor = [], start
    for match in _SENTENCE_END.finditer(text, start, end):
        spans.append((cursor, match.end()))
        cursor = match.end()
    if cursor < end:
        spans.append((cursor, end))
    return spans
