"""Top-level API: parse, validate, detect, whatever the scheme.

>>> import tracecode
>>> tracecode.parse("(01)09506000134352(10)ABC123").hri()
'(01)09506000134352(10)ABC123'
>>> r = tracecode.validate("(01)09506000134353")
>>> r.valid, r.scheme, r.errors[0].code, r.errors[0].position
(False, 'gs1', 'INCORRECT_CHECK_DIGIT', 17)
>>> tracecode.validate("hello").to_dict()["scheme"] is None
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import attrs

from tracecode.errors import TraceCodeError, make_error

if TYPE_CHECKING:
    from tracecode.gs1.message import GS1Message
    from tracecode.gs1.parse import ParseOptions

# The GS1 engine is imported on first use so that ``import tracecode`` stays light.

__all__ = ["Report", "detect", "parse", "validate"]

GS1_SCHEME = "gs1"


@attrs.frozen(slots=True)
class Report:
    """The outcome of :func:`validate`: never raises, explains itself."""

    #: the input as given (decoded text)
    input: str
    #: True when no error was found (warnings do not make a code invalid)
    valid: bool
    #: the scheme id the input was read as (``"gs1"`` for GS1 data), or None
    scheme: str | None
    #: errors found, most important first
    errors: tuple[TraceCodeError, ...] = ()
    #: warnings, e.g. CHECK_NOT_VERIFIED for a scheme whose check is not public
    warnings: tuple[TraceCodeError, ...] = ()
    #: the parsed code (possibly partial), or None
    code: Any = attrs.field(default=None, eq=False, repr=False)
    #: the profile checked, if any
    profile: str | None = None

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The JSON record of ``tracecode validate --format jsonl``."""
        out: dict[str, Any] = {
            "input": self.input,
            "valid": self.valid,
            "scheme": self.scheme,
            "errors": [e.to_dict(lang) for e in self.errors],
        }
        if self.warnings:
            out["warnings"] = [w.to_dict(lang) for w in self.warnings]
        if self.profile is not None:
            out["profile"] = self.profile
        return out


_new = object.__new__
_REPORT_SETTERS = tuple(
    Report.__dict__[name].__set__
    for name in ("input", "valid", "scheme", "errors", "warnings", "code", "profile")
)


def fast_report(
    text: str,
    valid: bool,
    scheme: str | None,
    errors: tuple[TraceCodeError, ...] = (),
    warnings: tuple[TraceCodeError, ...] = (),
    code: Any = None,
    profile: str | None = None,
) -> Report:
    """Build a :class:`Report` without the frozen-class ``__setattr__`` detour.

    Identical to ``Report(...)`` with the same arguments; used where reports are
    made per line of bulk input.

    >>> fast_report("x", True, "gs1") == Report("x", True, "gs1")
    True
    """
    r: Report = _new(Report)
    set_input, set_valid, set_scheme, set_errors, set_warnings, set_code, set_profile = (
        _REPORT_SETTERS
    )
    set_input(r, text)
    set_valid(r, valid)
    set_scheme(r, scheme)
    set_errors(r, errors)
    set_warnings(r, warnings)
    set_code(r, code)
    set_profile(r, profile)
    return r


_SCHEME_MODULE: list[Any] = []


def _scheme_module() -> Any:
    if _SCHEME_MODULE:  # looked up once: validate() runs per code in bulk
        return _SCHEME_MODULE[0]
    try:
        from tracecode import scheme
    except ImportError:  # pragma: no cover - the scheme engine ships with tracecode
        return None
    found = scheme if hasattr(scheme, "detect") else None
    if found is not None:
        _SCHEME_MODULE.append(found)
    return found


_BEST_READING: list[Callable[[str], Any]] = []


def _best_reading(text: str) -> Any:
    """``tracecode.scheme.detect.best_reading``: what detect() ranks first, as a tuple."""
    if not _BEST_READING:
        from tracecode.scheme.detect import best_reading

        _BEST_READING.append(best_reading)
    return _BEST_READING[0](text)


def detect(text: str) -> tuple[Any, ...]:
    """Every scheme the text could be, best first, each with its reason.

    >>> import tracecode
    >>> [c.scheme for c in tracecode.detect("(01)09506000134352")][:1]
    ['gs1']
    """
    mod = _scheme_module()
    if mod is None:  # pragma: no cover
        raise make_error("UNKNOWN_SCHEME", detail="scheme engine unavailable")
    result: tuple[Any, ...] = mod.detect(text)
    return result


_LENIENT: list[ParseOptions] = []


def _options(lenient: bool, separators: Iterable[str], associations: bool) -> ParseOptions:
    plain = lenient and associations and type(separators) is tuple and not separators
    if plain and _LENIENT:  # the options of every plain validate() call, built once
        return _LENIENT[0]
    from tracecode.gs1.parse import ParseOptions

    opts = ParseOptions(lenient=lenient, separators=tuple(separators), associations=associations)
    if plain:
        _LENIENT.append(opts)
    return opts


def parse_with(text: str, opts: ParseOptions) -> GS1Message:
    """GS1 parse (imported lazily)."""
    from tracecode.gs1.parse import parse_with as _parse_with

    return _parse_with(text, opts)


def parse(
    text: str,
    *,
    scheme: str | None = None,
    profile: str | None = None,
    lenient: bool = False,
    separators: Iterable[str] = (),
    associations: bool = True,
) -> Any:
    """Parse a trace code of any supported scheme; raise TraceCodeError when invalid.

    With no ``scheme`` the scheme is detected (see :func:`detect`); ``"gs1"``
    selects GS1 data in any representation.  ``profile`` also checks the code
    against a product-class profile.  ``lenient`` returns a partial result with
    per-field ``errors`` instead of raising.
    """
    opts = _options(lenient, separators, associations)
    if scheme == GS1_SCHEME:
        code: Any = parse_with(text, opts)
    elif scheme is not None:
        mod = _scheme_module()
        code = mod.get_scheme(scheme).parse(text)
    else:
        code = _parse_detected(text, opts)
    if profile is not None:
        mod = _scheme_module()
        problems = mod.get_profile(profile).check(code)
        if problems and not lenient:
            raise problems[0]
    return code


def _parse_detected(text: str, opts: ParseOptions) -> Any:
    mod = _scheme_module()
    if mod is None:  # pragma: no cover
        return parse_with(text, opts)
    best = mod.detect_best(text)
    if best is None:
        raise make_error("UNRECOGNISED", position=None)
    if best.scheme == GS1_SCHEME:
        return parse_with(text, opts)
    if best.valid or not opts.lenient:
        return mod.get_scheme(best.scheme).parse(text)
    return best.code


def validate(
    text: str | bytes,
    *,
    scheme: str | None = None,
    profile: str | None = None,
    separators: Iterable[str] = (),
    associations: bool = True,
) -> Report:
    """Validate a trace code and report every problem; never raises for bad input.

    Bytes are decoded as UTF-8; undecodable input gives an INPUT_ENCODING error.
    """
    if (
        scheme is None
        and profile is None
        and type(text) is str
        and text
        and type(separators) is tuple
        and _SCHEME_MODULE
        and not _has_gs1_syntax(text)
    ):
        # The plain call of bulk validation: the reading detect() ranks first, as below.
        try:
            best = _best_reading(text)
        except TraceCodeError:
            pass  # blank or over-long: reported below
        else:
            if best is None:
                return Report(text, False, None, (make_error("UNRECOGNISED"),))
            errs, warns = best[5], best[6]
            return fast_report(text, not errs, best[1], errs, warns, best[4])
    if isinstance(text, (bytes, bytearray)):
        data = bytes(text)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            shown = data.decode("utf-8", errors="replace")
            err = make_error("INPUT_ENCODING", position=exc.start)
            return Report(shown, False, None, (err,))
    if not isinstance(text, str):
        raise TypeError(f"expected str or bytes, not {type(text).__name__}")
    if not text:
        return Report(text, False, None, (make_error("EMPTY_INPUT"),))
    opts = _options(True, separators, associations)
    mod = _scheme_module()
    chosen: str | None
    code: Any = None
    errors: list[TraceCodeError] = []
    warnings: list[TraceCodeError] = []
    try:
        if (
            scheme == GS1_SCHEME
            or (scheme is None and mod is None)
            or (scheme is None and _has_gs1_syntax(text))
        ):
            chosen = GS1_SCHEME
            code = parse_with(text, opts)
            errors.extend(code.errors)
            if scheme is None and errors and errors[0].code == "NOT_GS1":
                chosen, code, errors = None, None, [make_error("UNRECOGNISED")]
        elif scheme is not None:
            chosen = scheme
            code = mod.get_scheme(scheme).parse(text)
            warnings.extend(getattr(code, "warnings", ()))
        else:
            # what detect() ranks first (detect_best), found cheaply, as a plain tuple
            best = _best_reading(text)
            if best is None:
                chosen = None
                errors.append(make_error("UNRECOGNISED"))
            else:
                _, chosen, _, _, code, best_errors, best_warnings = best
                errors.extend(best_errors)
                warnings.extend(best_warnings)
    except TraceCodeError as err:
        if err.code in ("UNKNOWN_SCHEME", "UNKNOWN_PROFILE"):
            raise
        chosen = scheme or (GS1_SCHEME if _looks_gs1(text) else None)
        if chosen is None and err.code == "NOT_GS1":
            err = make_error("UNRECOGNISED")
        errors.append(err)
    if profile is not None and mod is not None:
        prof = mod.get_profile(profile)
        if code is not None and not errors:
            errors.extend(prof.check(code))
        elif code is None and not errors:
            errors.append(make_error("PROFILE_VIOLATION", detail="nothing to check"))
    return fast_report(text, not errors, chosen, tuple(errors), tuple(warnings), code, profile)


_GS1_SYMBOLOGY_PREFIXES = ("]C1", "]d2", "]Q3", "]e0", "]J1", "]d8", "]z1")


def _has_gs1_syntax(text: str) -> bool:
    """True when the text carries GS1 syntax that no national scheme uses.

    Bracketed AIs, a GS1 symbology identifier, or FNC1 (GS or a leading ``^``):
    such text is GS1 data whatever else it resembles (spec/detection.md, rule 1),
    so detection across schemes is skipped.
    """
    first = text[0]
    if first == "(" or first == "^" or first == "\x1d":
        return True
    if first == "]":
        return text.startswith(_GS1_SYMBOLOGY_PREFIXES)
    return "\x1d" in text


def _looks_gs1(text: str) -> bool:
    return text[:1] in ("(", "^", "\x1d") or text.startswith(("]C1", "]d2", "]Q3", "]e0", "]J1"))


def as_gs1(code: Any) -> GS1Message | None:
    """The GS1 message inside a parsed code, if it is GS1 data."""
    from tracecode.gs1.message import GS1Message

    return code if isinstance(code, GS1Message) else None
