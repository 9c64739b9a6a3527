"""The import's look-back table (employees/importing/seen.py): what a file met so far."""

from __future__ import annotations

import pytest

from employees.importing.seen import SeenTable, compact

# All in the dict, all on disk, and split between them.
MEMORY = pytest.mark.parametrize("memory_entries", [100, 0, 2])


@MEMORY
def test_the_first_row_of_a_key_is_kept_and_texts_are_not_numbers(memory_entries):
    table = SeenTable(memory_entries)
    try:
        table.add([(compact("198609262015051001"), 2, "a"), (compact("0123"), 3, None)])
        table.add([(compact("198609262015051001"), 9, "b"), (compact("123"), 4, None)])
        assert table.lookup([198609262015051001, "0123", 123, "123", 5]) == {
            198609262015051001: (2, "a"),
            "0123": (3, None),
            123: (4, None),
        }
    finally:
        table.close()


@MEMORY
def test_a_chunk_of_keys_larger_than_one_statement_is_looked_up_whole(memory_entries):
    table = SeenTable(memory_entries)
    try:
        table.add([(n, n + 1, None) for n in range(0, 5000, 2)])
        met = table.lookup(range(5000))
        assert len(met) == 2500 and met[4998] == (4999, None) and 4999 not in met
    finally:
        table.close()


def test_keys_are_compacted_without_merging_distinct_ones():
    assert compact("198609262015051001") == 198609262015051001
    assert compact("0123") == "0123"
    assert compact("1" * 19) == "1" * 19  # past 64 bits: stays text
    assert compact(("198609262015051001", 2025)) == "('198609262015051001', 2025)"
