"""The vocabulary stored as arrays answers term → id as the dict it replaces did."""

from __future__ import annotations

import pytest

from storage.term_table import TermTable, term_arrays

TERMS = ["كتاب", "", "مكتب", "الرياض", "a", "ab", "ba", "ي" * 40, "كتب", "الرياضة"]


def test_every_term_finds_its_id_and_nothing_else_is_found() -> None:
    table = TermTable(term_arrays(TERMS))
    expected = {term: term_id for term_id, term in enumerate(TERMS) if term}
    assert {term: table[term] for term in expected} == expected
    assert dict(table) == expected and len(table) == len(expected)
    for missing in ("", "كتا", "كتابب", "b", "الرياضي", "ي" * 39):
        assert missing not in table and table.get(missing, -1) == -1
        with pytest.raises(KeyError):
            table[missing]
    assert 3 not in table  # not a term at all
    assert all(table.term_of(term_id) == term for term, term_id in expected.items())


def test_many_terms_sharing_slots_are_all_found() -> None:
    terms = [f"كلمة{n}" for n in range(5000)]
    table = TermTable(term_arrays(terms))
    assert all(table.get(term) == n for n, term in enumerate(terms))
    assert table.get("كلمة5000") is None


def test_an_empty_vocabulary_finds_nothing() -> None:
    table = TermTable(term_arrays([]))
    assert len(table) == 0 and "كتاب" not in table and list(table) == []
