"""Error messages: what a message says when some fields are not known."""

from __future__ import annotations

from tracecode.errors import make_error


def test_message_without_position_names_none_of_it() -> None:
    """A position that is not known leaves no 'at position None' in the message."""
    e = make_error("INCORRECT_CHECK_DIGIT", ai="01", expected="2", found="3")
    assert e.message("en") == "AI (01): incorrect check digit: expected '2', found '3'"
    assert "None" not in e.message("zh")
    assert "?" not in e.message("zh")


def test_message_with_position() -> None:
    e = make_error("INCORRECT_CHECK_DIGIT", position=13, ai="01", expected="2", found="3")
    assert (
        e.message("en") == "AI (01): incorrect check digit at position 13: expected '2', found '3'"
    )
