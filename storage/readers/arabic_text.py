"""Repair Arabic text taken out of a PDF: presentation forms and lines in visual order."""

from __future__ import annotations

import re
import unicodedata

_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]+")
_WORD = re.compile(r"[\u0621-\u064a]+")
_LEFT_TO_RIGHT_RUN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.,:%/-]*[0-9A-Za-z]|[0-9A-Za-z]")
_ENDS_ONLY = "ةى"


def _fold_forms(match: re.Match[str]) -> str:
    """Presentation forms (ﻻ, ﺔ) as the letters they draw."""
    return unicodedata.normalize("NFKC", match.group())


def reversed_votes(line: str) -> int:
    """How much a line looks written backwards: words that start with a letter only found at
    word ends (ة ى) or end with a backwards article (لا), less words that look the right way."""
    votes = 0
    for word in _WORD.findall(line):
        if len(word) < 3:
            continue
        votes += (word[0] in _ENDS_ONLY) + word.endswith("لا")
        votes -= (word[-1] in _ENDS_ONLY) + word.startswith("ال")
    return votes


def _turned(line: str) -> str:
    """A line read backwards, its digits and Latin words kept the right way round."""
    backwards = line[::-1]
    return _LEFT_TO_RIGHT_RUN.sub(lambda m: m.group()[::-1], backwards)


def repair_arabic(text: str) -> str:
    """Fold presentation forms into letters and turn lines stored in visual order around."""
    text = _PRESENTATION_FORMS.sub(_fold_forms, text)
    return "\n".join(
        _turned(line) if reversed_votes(line) > 0 else line for line in text.split("\n")
    )
