"""Find a source's boilerplate: lines that many of its documents repeat word for word."""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

# Kinds of passages (retrieval/units.py's UnitKind): 0 may be cited; this one is boilerplate.
CITABLE = 0
BOILERPLATE = 5
# A line found in at least this many documents of one source is its boilerplate («عين اليوم –
# متابعات», «للتواصل مع الكاتب ارسل رسالة SMS», «// انتهى //»).
REPEATED_IN_DOCUMENTS = 5
# Only lines this short are compared (boilerplate is a line or two, not an article).
MAX_LINE_CHARS = 300

_DIGITS = re.compile(r"\d+")


def _line_key(text: str) -> str:
    """A line as compared: spaces squeezed, every number the same («الرياض 26 شوال ... واس»)."""
    return _DIGITS.sub("0", " ".join(text.split()))


def mark_boilerplate(db: Database) -> int:
    """Mark as boilerplate the short passages that at least REPEATED_IN_DOCUMENTS documents of
    one source hold; a source is the documents' `source` field, else their folder. Return the
    number of passages marked."""
    origins = {
        doc_id: source or posixpath.dirname(source_path or "")
        for doc_id, source, source_path in db.execute(
            "select id, source, source_path from documents"
        )
    }
    holders: dict[tuple[str, str], set[int]] = defaultdict(set)
    rows = db.execute(
        "select id, document_id, text, kind from passages"
        " where kind in (?, ?) and length(text) <= ?",
        [CITABLE, BOILERPLATE, MAX_LINE_CHARS],
    ).fetchall()
    keys = []
    for passage_id, document_id, text, kind in rows:
        key = (origins.get(document_id, ""), _line_key(text))
        holders[key].add(document_id)
        keys.append((passage_id, key, kind))
    kinds = [
        (BOILERPLATE if len(holders[key]) >= REPEATED_IN_DOCUMENTS else CITABLE, passage_id, kind)
        for passage_id, key, kind in keys
    ]
    changed = [(new, passage_id) for new, passage_id, kind in kinds if new != kind]
    db.conn.executemany("update passages set kind = ? where id = ?", changed)
    return sum(new == BOILERPLATE for new, _, _ in kinds)
