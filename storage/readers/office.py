"""Turn a PDF, Word file or web page into the documents to index (one a page for a PDF)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from storage.readers.docx import DocxProblem, docx_text
from storage.readers.html import HtmlProblem, html_text
from storage.readers.pdf import PdfProblem, pdf_pages


class UnreadableOffice(Exception):
    """A document file that cannot be indexed; the message is the reason."""


@dataclass(frozen=True)
class OfficeDocument:
    """One document's title (may be empty), text and page (0 when the file has no pages)."""

    title: str
    text: str
    page: int = 0


def read_office(data: bytes, path: str) -> list[OfficeDocument]:
    """Read a .pdf, .docx, .html or .htm file by its suffix."""
    suffix = PurePosixPath(path).suffix.lower()
    stem = PurePosixPath(path).stem
    try:
        if suffix == ".pdf":
            title, pages = pdf_pages(data)
            return [
                OfficeDocument(title or stem, text, number)
                for number, text in enumerate(pages, start=1)
                if text
            ]
        if suffix == ".docx":
            title, text = docx_text(data)
            return [OfficeDocument(title, text)]
        title, text = html_text(data)
        return [OfficeDocument(title, text)]
    except (PdfProblem, DocxProblem, HtmlProblem) as error:
        raise UnreadableOffice(str(error)) from None
