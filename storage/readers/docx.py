"""Read a Word (.docx) file's paragraphs and tables, in document order (python-docx)."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph


class DocxProblem(Exception):
    """A .docx file that cannot be indexed; the message is the reason."""


def _row_text(row: object) -> str:
    """A table row as one line, its cells separated by « | » (merged cells once)."""
    cells = [" ".join(cell.text.split()) for cell in row.cells]
    return " | ".join(c for c in dict.fromkeys(cells) if c)


def docx_text(data: bytes) -> tuple[str, str]:
    """The document's title (core properties, may be empty) and its text: one line per
    paragraph, and one per table (its rows separated by «؛», its cells by « | »)."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise DocxProblem(f"not a readable Word file ({error})") from None
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text.strip())
        elif isinstance(block, Table):
            # one paragraph, rows ending like clauses: a short row alone would read as a heading
            rows = [text for text in (_row_text(row) for row in block.rows) if text]
            lines.append("؛ ".join(rows) + "." if rows else "")
    text = "\n".join(line for line in lines if line)
    if not text.strip():
        raise DocxProblem("Word file without text")
    return (document.core_properties.title or "").strip(), text
