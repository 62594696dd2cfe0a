"""The :class:`Algorithm` record and the input checks shared by every algorithm.

Each algorithm module supplies a *raw* compute function that assumes a well-formed
body (right characters, right length); :class:`Algorithm` wraps it with the checks
that turn bad input into :mod:`tracecode.errors` exceptions, and with a ``verify``
that never raises.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from tracecode._chars import CSET82, DIGITS, UPPER_ALNUM, first_not_in
from tracecode.errors import TraceCodeError, make_error, raw

__all__ = ["Algorithm", "bad_body_error"]

#: Human wording for the alphabets used in error messages ("expected ...").
_ALPHABET_LABELS: dict[str, str] = {
    DIGITS: "an ASCII digit 0-9",
    UPPER_ALNUM: "an ASCII digit 0-9 or capital letter A-Z",
    DIGITS + "X": "an ASCII digit 0-9 or 'X'",
    UPPER_ALNUM + "*": "an ASCII digit 0-9, capital letter A-Z or '*'",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ": "a capital letter A-Z",
    CSET82: "a GS1 CSET 82 character",
    "23456789ABCDEFGHJKLMNPQRSTUVWXYZ": "a GS1 CSET 32 character",
    "0123456789ABCDEFGHJKLMNPQRTUWXY": (
        "an ASCII digit 0-9 or capital letter other than I, O, S, V, Z"
    ),
}


def _label(alphabet: str) -> str:
    return _ALPHABET_LABELS.get(alphabet, f"one of {alphabet!r}")


def _length_error(code: str, position: int, want: str, got: int) -> TraceCodeError:
    return make_error(code, position=position, expected=raw(want), found=raw(f"{got} characters"))


def bad_body_error(
    body: str,
    alphabet: str,
    min_length: int = 1,
    max_length: int | None = None,
) -> TraceCodeError:
    """Return the error describing why ``body`` is not a valid body.

    Used by the fast plain functions once their cheap test has failed.  When
    ``body`` is in fact valid a generic ``INVALID_FORMAT`` error is returned
    (callers only come here after a failed test, so that does not happen).
    """
    if not body:
        return make_error("EMPTY_INPUT")
    if len(body) < min_length:
        want = f"at least {min_length} characters"
        return _length_error("TOO_SHORT", len(body), want, len(body))
    if max_length is not None and len(body) > max_length:
        want = f"at most {max_length} characters"
        return _length_error("TOO_LONG", max_length, want, len(body))
    i = first_not_in(body, alphabet)
    if i >= 0:
        return make_error(
            "INVALID_CHARACTER", position=i, expected=raw(_label(alphabet)), found=body[i]
        )
    return make_error("INVALID_FORMAT")  # pragma: no cover - defensive


@attrs.frozen(slots=True)
class Algorithm:
    """A check-character algorithm: its alphabets, its source and its rule.

    ``code`` is always ``body + check`` (the check characters at the end).

    >>> from tracecode.checksum import get
    >>> alg = get("gs1-mod10")
    >>> alg.compute("950110153100"), alg.verify("9501101531000")
    ('0', True)
    >>> try:
    ...     alg.validate("9501101531001")
    ... except ValueError as err:
    ...     print(type(err).__name__, err.code, err.position, err.expected, err.found)
    CheckCharacterError INCORRECT_CHECK_DIGIT 12 '0' '1'
    """

    #: Stable identifier used by data files, e.g. ``"gs1-mod10"``.
    id: str
    #: Human name.
    title: str
    #: Characters accepted in the body, in value order where values matter.
    body_alphabet: str
    #: Characters a check character can be, in value order where values matter.
    check_alphabet: str
    #: Number of check characters (1 or 2).
    check_length: int
    #: The published document that defines the algorithm.
    source: str
    #: Shortest body accepted.
    min_body_length: int = 1
    #: Longest body accepted (``None``: no limit).
    max_body_length: int | None = None
    #: Error code raised by :meth:`validate` when the check characters differ.
    mismatch_code: str = "INCORRECT_CHECK_DIGIT"
    # Implementation hooks, not part of the record's identity:
    #   raw_compute(body) -> check characters, for a body known to be well formed;
    #   raw_verify(code) -> bool, optional fast stand-in for the whole of verify()
    #     (must apply the same length and alphabet rules);
    #   raw_accept(body, check) -> bool, optional test of well-formed parts
    #     (default: raw_compute(body) == check).
    _raw_compute: Callable[[str], str] = attrs.field(
        kw_only=True, repr=False, eq=False, alias="raw_compute"
    )
    _raw_verify: Callable[[str], bool] | None = attrs.field(
        default=None, kw_only=True, repr=False, eq=False, alias="raw_verify"
    )
    _raw_accept: Callable[[str, str], bool] | None = attrs.field(
        default=None, kw_only=True, repr=False, eq=False, alias="raw_accept"
    )
    _body_set: frozenset[str] = attrs.field(
        init=False,
        repr=False,
        eq=False,
        default=attrs.Factory(lambda self: frozenset(self.body_alphabet), takes_self=True),
    )
    _check_set: frozenset[str] = attrs.field(
        init=False,
        repr=False,
        eq=False,
        default=attrs.Factory(lambda self: frozenset(self.check_alphabet), takes_self=True),
    )

    # -- public API -----------------------------------------------------------------

    def compute(self, body: str) -> str:
        """Return the check character(s) for ``body``.

        Raises :class:`~tracecode.errors.InputError` ``EMPTY_INPUT`` for an empty
        body, :class:`~tracecode.errors.FormatError` ``INVALID_CHARACTER`` (with the
        position) for a character outside :attr:`body_alphabet`, and ``TOO_SHORT``
        / ``TOO_LONG`` for a body of a length the algorithm does not define.

        >>> from tracecode.checksum import get
        >>> get("iso7064-mod97-10").compute("794")
        '44'
        """
        if not self._body_ok(body):
            raise bad_body_error(
                body, self.body_alphabet, self.min_body_length, self.max_body_length
            )
        return self._raw_compute(body)

    def verify(self, code: str) -> bool:
        """Tell whether ``code`` (body + check) is well formed with the right check.

        Never raises for any ``str``: a wrong length or a character outside the
        alphabets gives ``False``.

        >>> from tracecode.checksum import get
        >>> get("luhn").verify("79927398713"), get("luhn").verify("７９９２７３９８７１３")
        (True, False)
        """
        if self._raw_verify is not None:
            return self._raw_verify(code)
        if not isinstance(code, str):
            return False
        n = len(code) - self.check_length
        if n < self.min_body_length or (
            self.max_body_length is not None and n > self.max_body_length
        ):
            return False
        body = code[:n]
        check = code[n:]
        if not (self._body_set.issuperset(body) and self._check_set.issuperset(check)):
            return False
        return self._accepts(body, check)

    def validate(self, code: str) -> str:
        """Return ``code`` unchanged when it verifies, else raise a precise error.

        * ``EMPTY_INPUT`` for ``""``;
        * ``TOO_SHORT`` / ``TOO_LONG`` (position where the length goes wrong);
        * ``INVALID_CHARACTER`` with the position of the first body character
          outside :attr:`body_alphabet`;
        * :class:`~tracecode.errors.CheckCharacterError` :attr:`mismatch_code`
          (``INCORRECT_CHECK_DIGIT``, or ``INCORRECT_CHECK_PAIR`` for the GS1 pair)
          with ``position`` = index of the first check character and the
          ``expected`` / ``found`` check characters.  A check character outside
          :attr:`check_alphabet` (say a full-width digit) is reported this way too,
          so the message always names the right check.

        >>> from tracecode.checksum import get
        >>> get("gb32100").validate("91350100M000100Y43")
        '91350100M000100Y43'
        >>> get("gb32100").validate("91350100M000100Y4Z")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        tracecode.errors.CheckCharacterError: incorrect check digit at position 17: ...
        """
        if self.verify(code):  # fast path; the rest only explains a failure
            return code
        if not code:
            raise make_error("EMPTY_INPUT")
        k = self.check_length
        n = len(code) - k
        if n < self.min_body_length:
            want = f"at least {self.min_body_length + k} characters"
            raise _length_error("TOO_SHORT", len(code), want, len(code))
        if self.max_body_length is not None and n > self.max_body_length:
            want = f"at most {self.max_body_length + k} characters"
            raise _length_error("TOO_LONG", self.max_body_length + k, want, len(code))
        body = code[:n]
        check = code[n:]
        if not self._body_set.issuperset(body):
            i = first_not_in(body, self._body_set)
            raise make_error(
                "INVALID_CHARACTER",
                position=i,
                expected=raw(_label(self.body_alphabet)),
                found=code[i],
            )
        if not (self._check_set.issuperset(check) and self._accepts(body, check)):
            expected = self._raw_compute(body)
            raise make_error(self.mismatch_code, position=n, expected=expected, found=check)
        return code  # pragma: no cover - verify() and these checks agree

    # -- helpers --------------------------------------------------------------------

    def _accepts(self, body: str, check: str) -> bool:
        """Whether well-formed ``check`` characters are right for a well-formed body."""
        if self._raw_accept is not None:
            return self._raw_accept(body, check)
        return self._raw_compute(body) == check

    def _body_ok(self, body: str) -> bool:
        n = len(body)
        return (
            n >= max(self.min_body_length, 1)
            and (self.max_body_length is None or n <= self.max_body_length)
            and self._body_set.issuperset(body)
        )
