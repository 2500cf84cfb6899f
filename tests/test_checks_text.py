"""Does check_equal compare tokens and merges as plain strings and name the first difference?"""

import pytest

from autograder import check_equal


def test_equal_tokens_and_merges_pass():
    check_equal("tokens", ["not", "bad", "!"], ["not", "bad", "!"])
    check_equal("merges", [("u", "n"), ["f", "ul"]], [("u", "n"), ("f", "ul")])
    check_equal("word", "joyful", "joyful")


def test_the_first_different_token_is_shown():
    with pytest.raises(AssertionError) as info:
        check_equal("tokens", ["Not", "bad"], ["not", "bad"], "Lower-case first.")
    assert str(info.value) == (
        "tokens differs first at index 0: 'Not'; expected 'not' there (2 entries). "
        "Lower-case first."
    )


def test_a_missing_token_is_named():
    with pytest.raises(
        AssertionError, match=r"has 2 entries: it lacks the last \['!'\]; expected 3"
    ):
        check_equal("tokens", ["not", "bad"], ["not", "bad", "!"])


def test_extra_entries_against_an_empty_reference_are_shown():
    with pytest.raises(AssertionError, match=r"has 1 entry: it has the extra \[\('s', 't'\)\]"):
        check_equal("merges across words", [("s", "t")], [])


def test_a_merge_is_shown_as_a_pair():
    with pytest.raises(AssertionError, match=r"index 1: \('e', 's'\); expected \('e', 'd'\)"):
        check_equal("merges", [("a", "b"), ("e", "s")], [("a", "b"), ("e", "d")])


def test_a_string_subclass_cannot_pass_by_its_eq():
    class Always(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    with pytest.raises(AssertionError, match="holds .* at index 0; expected strings"):
        check_equal("tokens", [Always("x")], ["y"])


def test_a_number_among_tokens_is_named():
    with pytest.raises(AssertionError, match="tokens holds an int at index 1; expected strings"):
        check_equal("tokens", ["a", 3], ["a", "b"])


def test_a_string_where_a_list_belongs_is_named():
    with pytest.raises(AssertionError, match="tokens is 'not bad'; expected \\['not', 'bad'\\]"):
        check_equal("tokens", "not bad", ["not", "bad"])
