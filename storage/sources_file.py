"""Read the sources file: «slug = الاسم العربي» a line, «~» before a name that is a common word."""

from __future__ import annotations

from pathlib import Path

from retrieval.sources import Source


def read_sources(path: Path | None) -> list[Source]:
    """Return the sources a UTF-8 file names; blank lines, # comments and bad lines are ignored."""
    if path is None or not path.is_file():
        return []
    found = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        slug, equals, name = line.split("#", 1)[0].partition("=")
        slug, name = slug.strip(), name.strip()
        ambiguous = name.startswith("~")
        name = name.lstrip("~").strip()
        if equals and slug and name:
            found.append(Source(slug, name, ambiguous))
    return found
