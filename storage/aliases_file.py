"""Read the admins' aliases file: one group of equivalent names a line, separated by «|»."""

from __future__ import annotations

from pathlib import Path


def read_alias_groups(path: Path) -> list[list[str]]:
    """Return the groups of a UTF-8 aliases file; blank lines and # comments are ignored."""
    if not path.is_file():
        return []
    groups = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.split("#", 1)[0].strip()
        names = [name.strip() for name in line.split("|") if name.strip()]
        if len(names) >= 2:
            groups.append(names)
    return groups
