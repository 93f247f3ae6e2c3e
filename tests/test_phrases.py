"""``kgtool.i18n.catalogue.Phrase`` and its kinds: words said in the language asked, equal when
their words and values are equal, and hashed by their values too. Hashed by the values' names
alone, every problem of one kind in a workbook had one hash: grouping 30,000 problems of one
column (``kgtool.workbook.problems.grouped``) took 40 s where it took 2 (a review's)."""

from __future__ import annotations

from kgtool.i18n.catalogue import Figure, Form, Joined, Phrase, Plural


def test_phrases_of_other_values_have_other_hashes() -> None:
    for make in (
        lambda i: Phrase("workbook.problem.not_integer", value=f"x{i}"),
        lambda i: Plural("workbook.problem_count", i),
        lambda i: Figure(i),
        lambda i: Joined(", ", [f"A{i}", "B2"]),
        lambda i: Form("[{id}] {where}: {message}", id="workbook#bad-value", where=f"b!S!A{i}", message="m"),
    ):
        assert len({hash(make(i)) for i in range(1000)}) > 990


def test_equal_phrases_are_one_in_a_set_and_others_stay_apart() -> None:
    a = Phrase("workbook.problem.not_integer", value="x")
    assert {a, Phrase("workbook.problem.not_integer", value="x")} == {a}
    assert (
        len({a, Phrase("workbook.problem.not_integer", value="y"), Phrase("workbook.problem.not_date", value="x")}) == 3
    )
    listed = Phrase("workbook.problem.not_one_of", value="x", choices=["a", "b"])  # a value that cannot be hashed
    assert hash(listed) == hash(Phrase("workbook.problem.not_one_of", value="x", choices=["a", "b"]))
    assert listed != Phrase("workbook.problem.not_one_of", value="x", choices=["a"])
