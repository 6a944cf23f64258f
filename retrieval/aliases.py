"""Groups of equivalent names («داعش | تنظيم الدولة»), matched in questions at query time."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class AliasMatch:
    """A group whose member occurs in the question: where, and every member's terms."""

    start: int
    end: int
    members: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class AliasTable:
    """Alias groups as analyzed term sequences."""

    groups: tuple[tuple[tuple[str, ...], ...], ...] = ()
    names: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def build(cls, groups: Iterable[list[str]], analyze: Callable[[str], list[str]]) -> AliasTable:
        """Analyze every name of every group with the index's analyzer."""
        analyzed, names = [], []
        for group in groups:
            members = tuple(dict.fromkeys(tuple(analyze(name)) for name in group))
            members = tuple(m for m in members if m)
            if len(members) >= 2:
                analyzed.append(members)
                names.append(tuple(group))
        return cls(tuple(analyzed), tuple(names))

    def find(self, terms: list[str]) -> list[AliasMatch]:
        """Return the groups one of whose members occurs in the terms (longest match wins)."""
        matches: list[AliasMatch] = []
        taken: set[int] = set()
        candidates = []
        for members in self.groups:
            for member in members:
                for start in range(len(terms) - len(member) + 1):
                    if tuple(terms[start : start + len(member)]) == member:
                        candidates.append((len(member), start, members))
        for length, start, members in sorted(candidates, key=lambda c: (-c[0], c[1])):
            span = set(range(start, start + length))
            if span & taken:
                continue
            taken |= span
            matches.append(AliasMatch(start, start + length, members))
        return sorted(matches, key=lambda m: m.start)
