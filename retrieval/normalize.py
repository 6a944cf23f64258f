"""Arabic text normalization shared by indexing, questions and highlighting."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import numpy as np
from pyarabic import araby

# Characters removed outright: harakat (pyarabic's TASHKEEL plus the rest of U+064B-U+065F),
# the superscript alef, Quranic annotation marks, tatweel and invisible bidi/zero-width marks.
_REMOVED = (
    set(araby.TASHKEEL)
    | {chr(c) for c in range(0x064B, 0x0660)}
    | {chr(0x0670)}
    | {chr(c) for c in range(0x0610, 0x061B)}
    | {chr(c) for c in range(0x06D6, 0x06EE)}
    | {araby.TATWEEL}
    | {chr(c) for c in range(0x200B, 0x2010)}
    | {chr(c) for c in range(0x202A, 0x202F)}
    | {chr(c) for c in range(0x2066, 0x206A)}
    | {"\ufeff", "\u061c", "\u00ad", "\u2060"}
)

_REPLACED = {
    # every alef with a hamza or madda, and alef wasla, become a bare alef
    araby.ALEF_HAMZA_ABOVE: araby.ALEF,
    araby.ALEF_HAMZA_BELOW: araby.ALEF,
    araby.ALEF_MADDA: araby.ALEF,
    "\u0671": araby.ALEF,
    araby.ALEF_MAKSURA: araby.YEH,
    araby.TEH_MARBUTA: araby.HEH,
    # Persian and Urdu letters that Arabic writers meet in names
    "\u06cc": araby.YEH,  # ی Farsi yeh
    "\u06d2": araby.YEH,  # ے yeh barree
    "\u06a9": araby.KAF,  # ک keheh
    "\u06aa": araby.KAF,  # ڪ swash kaf
    "\u06c0": araby.HEH,  # ۀ heh with yeh above
    "\u06c1": araby.HEH,  # ہ heh goal
    "\u06c3": araby.HEH,  # ۃ teh marbuta goal
    "\u06d5": araby.HEH,  # ە ae
    # letters for sounds Arabic lacks, as Arabic writes them (أوروپا / أوروبا, السوڤييتي)
    "\u067e": araby.BEH,  # پ pe
    "\u06a4": araby.FEH,  # ڤ veh
    "\u0698": araby.ZAIN,  # ژ jeh
    "\u0686": araby.JEEM,  # چ tcheh
    "\u06af": araby.KAF,  # گ gaf
    # str.lower() picks σ or ς for Σ by looking at the neighbouring letters; one sigma keeps
    # normalization character by character, so a word normalizes alike alone and in a text
    "\u03a3": "\u03c3",
    "\u03c2": "\u03c3",
}

_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {
    chr(0x06F0 + i): str(i) for i in range(10)
}

TRANSLATION = str.maketrans({**{c: None for c in _REMOVED}, **_REPLACED, **_DIGITS})

# Arabic presentation forms (ligatures such as ﻻ) only appear in text copied from old PDFs;
# NFKC folds each of them back into ordinary letters. Only the forms themselves are folded:
# NFKC over the whole text would also change other characters (² → 2, و + hamza → ؤ), so a
# word would normalize differently when a ligature happened to be elsewhere in the text.
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")


def _fold(match: re.Match[str]) -> str:
    """NFKC of one presentation form."""
    return unicodedata.normalize("NFKC", match.group())


# From this length on, a text is translated as an array of code points (str.translate with a
# table of a hundred characters takes about 100 ns a character; the array, a tenth of that).
_ARRAY_FROM_CHARS = 256
_DELETED = np.uint32(0xFFFFFFFF)
_BMP = 0x10000


@cache
def _code_table() -> np.ndarray:
    """TRANSLATION as an array over the Basic Multilingual Plane: each code point's
    replacement, or _DELETED."""
    table = np.arange(_BMP, dtype=np.uint32)
    for code, replacement in TRANSLATION.items():
        table[code] = _DELETED if replacement is None else ord(replacement)
    return table


def _translated(text: str) -> str:
    """text.translate(TRANSLATION), computed on its code points at once."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    if codes.max() >= _BMP:  # beyond the table (emoji...): the characters one by one
        return text.translate(TRANSLATION)
    mapped = _code_table()[codes]
    kept = mapped != _DELETED
    if not kept.all():
        mapped = mapped[kept]
    return mapped.tobytes().decode("utf-32-le", "surrogatepass")


def normalize(text: str) -> str:
    """Return text with Arabic letters unified, marks removed and Latin lower-cased."""
    if _PRESENTATION_FORMS.search(text):
        text = _PRESENTATION_FORMS.sub(_fold, text)
    if len(text) >= _ARRAY_FROM_CHARS:
        return _translated(text).lower()
    return text.translate(TRANSLATION).lower()
