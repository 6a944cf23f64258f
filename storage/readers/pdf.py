"""Read a PDF's text layer page by page (pypdf), repairing Arabic; refuse scans without one."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from storage.readers.arabic_text import repair_arabic

# A page with fewer letters than this holds no text worth indexing (a scan, a picture).
MIN_PAGE_LETTERS = 20
SCANNED = "scanned PDF: its pages are images without a text layer (run OCR on it first)"
# pypdf warns about every small flaw of a file; the reader reports what matters itself.
logging.getLogger("pypdf").setLevel(logging.ERROR)


class PdfProblem(Exception):
    """A PDF that cannot be indexed; the message is the reason."""


def pdf_pages(data: bytes) -> tuple[str, list[str]]:
    """The document's title (from its metadata, may be empty) and each page's text ("" for a
    page without text); raise PdfProblem for a broken, locked or text-less file."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfProblem("password-protected PDF")
        pages = [repair_arabic(page.extract_text() or "") for page in reader.pages]
        title = (reader.metadata.title or "") if reader.metadata else ""
    except PdfProblem:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise PdfProblem(f"not a readable PDF ({error})") from None
    pages = [page if sum(ch.isalpha() for ch in page) >= MIN_PAGE_LETTERS else "" for page in pages]
    if not any(pages):
        raise PdfProblem(SCANNED if reader.pages else "PDF without pages")
    return repair_arabic(str(title)).strip(), pages
