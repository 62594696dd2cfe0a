"""Errors and the error-code catalogue.

Every error tracecode raises for bad input is a :class:`TraceCodeError` (itself a
:class:`ValueError`).  Each carries a stable machine-readable ``code``, the
``position`` (0-based offset into the input, or ``None``) and a message that names
what was expected and what was found, in English or Chinese (zh-CN)::

    TraceCodeError (ValueError)
    ├── InputError            empty input, control characters, undecodable bytes
    ├── FormatError           wrong character, wrong length, malformed structure
    │   └── CheckCharacterError   check digit / check-character pair does not match
    ├── ValueCheckError       a component fails its value check (date, country, ...)
    ├── AssociationError      mandatory associations, invalid pairings, repeats
    ├── DigitalLinkError      a GS1 Digital Link URI that cannot be interpreted
    ├── SchemeError           unknown scheme or profile, no scheme matches
    ├── GenerationError       a code cannot be generated (e.g. opaque check)
    ├── RenderError           a symbol cannot be produced
    └── SpecError             a malformed spec/ data file (file and line given)

The catalogue :data:`CATALOGUE` lists every code with its meaning; the docs page
``docs/errors.md`` is checked against it by the test suite.

>>> from tracecode.errors import make_error
>>> e = make_error("INCORRECT_CHECK_DIGIT", position=13, ai="01", expected="2", found="3")
>>> e.code, e.position, isinstance(e, ValueError)
('INCORRECT_CHECK_DIGIT', 13, True)
>>> print(e)
AI (01): incorrect check digit at position 13: expected '2', found '3'
>>> print(e.message("zh"))
AI (01)：位置 13 的校验码错误：应为 '2'，实为 '3'
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CATALOGUE",
    "AssociationError",
    "CheckCharacterError",
    "DigitalLinkError",
    "FormatError",
    "GenerationError",
    "InputError",
    "RenderError",
    "SchemeError",
    "SpecError",
    "TraceCodeError",
    "ValueCheckError",
    "make_error",
]


class TraceCodeError(ValueError):
    """Base class of every tracecode error.

    Attributes:
        code: stable machine-readable error code (see :data:`CATALOGUE`).
        position: 0-based offset into the input where the problem starts, or None.
        length: length of the offending span, or None.
        ai: the GS1 application identifier concerned, if any.
        field: the scheme segment or field concerned, if any.
        scheme: the scheme id concerned, if any.
        expected: what was expected (free text), if known.
        found: what was found (free text), if known.

    """

    def __init__(
        self,
        code: str,
        *,
        position: int | None = None,
        length: int | None = None,
        ai: str | None = None,
        field: str | None = None,
        scheme: str | None = None,
        expected: str | None = None,
        found: str | None = None,
        detail: str | None = None,
    ) -> None:
        self.code = code
        self.position = position
        self.length = length
        self.ai = ai
        self.field = field
        self.scheme = scheme
        self.expected = expected
        self.found = found
        self.detail = detail
        # The message is rendered when asked for (str(), .message()): building
        # errors stays cheap on bulk paths that only look at .code/.position.
        super().__init__(code)

    def __str__(self) -> str:
        return self.message("en")

    def message(self, lang: str = "en") -> str:
        """Return the message in ``lang`` (``"en"`` or ``"zh"``)."""
        return format_message(
            self.code,
            lang,
            position=self.position,
            ai=self.ai,
            field=self.field,
            scheme=self.scheme,
            expected=self.expected,
            found=self.found,
            detail=self.detail,
        )

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """Return the JSON-ready record ``{"code", "position", "message", ...}``."""
        out: dict[str, Any] = {
            "code": self.code,
            "position": self.position,
            "message": self.message(lang),
        }
        for key in ("length", "ai", "field", "scheme"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, position={self.position!r})"

    def __reduce__(self) -> Any:  # picklable across processes
        return (
            _rebuild,
            (
                type(self),
                self.code,
                {
                    "position": self.position,
                    "length": self.length,
                    "ai": self.ai,
                    "field": self.field,
                    "scheme": self.scheme,
                    "expected": self.expected,
                    "found": self.found,
                    "detail": self.detail,
                },
            ),
        )


def _rebuild(cls: type[TraceCodeError], code: str, kw: dict[str, Any]) -> TraceCodeError:
    return cls(code, **kw)


class InputError(TraceCodeError):
    """The input itself is unusable: empty, control characters, bad encoding."""


class FormatError(TraceCodeError):
    """Wrong character, wrong length or malformed structure."""


class CheckCharacterError(FormatError):
    """A check digit or check-character pair does not match."""


class ValueCheckError(TraceCodeError):
    """A component fails its value check (date, country code, currency, ...)."""


class AssociationError(TraceCodeError):
    """Whole-message rule broken: mandatory association, invalid pairing, repeat."""


class DigitalLinkError(TraceCodeError):
    """A GS1 Digital Link URI that cannot be interpreted."""


class SchemeError(TraceCodeError):
    """Unknown scheme or profile, or no scheme matches the input."""


class GenerationError(TraceCodeError):
    """A code cannot be generated as asked."""


class RenderError(TraceCodeError):
    """A symbol cannot be produced as asked."""


class SpecError(TraceCodeError):
    """A spec/ data file is malformed; the message names the file and line."""


# code -> (exception class, English template, Chinese template, meaning)
# Templates may use {ai} {field} {scheme} {expected} {found} {position} {detail};
# the prefix ("AI (01): ", "segment 'serial': ") and the expected/found suffix are
# added by format_message when those values are known.
CATALOGUE: dict[str, tuple[type[TraceCodeError], str, str]] = {
    # --- input -----------------------------------------------------------------
    "EMPTY_INPUT": (InputError, "the input is empty", "输入为空"),
    "INPUT_ENCODING": (
        InputError,
        "the input is not valid UTF-8 text",
        "输入不是有效的 UTF-8 文本",
    ),
    "CONTROL_CHARACTER": (
        InputError,
        "control character at position {position} is not allowed",
        "位置 {position} 的控制字符不允许出现",
    ),
    "INPUT_TOO_LONG": (InputError, "the input is too long", "输入过长"),
    # --- bulk validation (tracecode.bulk) ------------------------------------------
    "CSV_MALFORMED": (InputError, "malformed CSV row", "CSV 行格式错误"),
    "JSON_MALFORMED": (InputError, "malformed JSON line", "JSON 行格式错误"),
    "DUPLICATE_CODE": (
        TraceCodeError,
        "the same serialised code was submitted before",
        "同一序列化代码此前已提交过",
    ),
    "INTERNAL_ERROR": (InputError, "internal error while validating", "校验时发生内部错误"),
    "UNRECOGNISED": (
        SchemeError,
        "the input does not match any known code scheme",
        "输入不符合任何已知的编码方案",
    ),
    # --- characters and lengths ---------------------------------------------------
    "INVALID_CHARACTER": (
        FormatError,
        "invalid character at position {position}",
        "位置 {position} 的字符无效",
    ),
    "NON_ASCII_DIGIT": (
        FormatError,
        "non-ASCII digit at position {position}; only 0-9 are digits",
        "位置 {position} 是非 ASCII 数字；只接受 0-9",
    ),
    "TOO_SHORT": (FormatError, "too short", "长度不足"),
    "TOO_LONG": (FormatError, "too long", "长度超出"),
    "INVALID_LENGTH": (FormatError, "invalid length", "长度无效"),
    "INVALID_FORMAT": (FormatError, "invalid format", "格式无效"),
    "INCORRECT_CHECK_DIGIT": (
        CheckCharacterError,
        "incorrect check digit at position {position}",
        "位置 {position} 的校验码错误",
    ),
    "INCORRECT_CHECK_PAIR": (
        CheckCharacterError,
        "incorrect check-character pair at position {position}",
        "位置 {position} 的校验字符对错误",
    ),
    "UNKNOWN_ALGORITHM": (
        SchemeError,
        "unknown check-character algorithm",
        "未知的校验算法",
    ),
    # --- GS1 element strings --------------------------------------------------------
    "UNKNOWN_AI": (
        FormatError,
        "unknown application identifier at position {position}",
        "位置 {position} 的应用标识符未知",
    ),
    "AI_DATA_TOO_SHORT": (
        FormatError,
        "data too short",
        "数据长度不足",
    ),
    "AI_DATA_TOO_LONG": (
        FormatError,
        "data too long",
        "数据过长",
    ),
    "AI_DATA_EMPTY": (FormatError, "no data follows the AI", "应用标识符后没有数据"),
    "MISSING_SEPARATOR": (
        FormatError,
        "an FNC1/GS separator seems to be missing after the variable-length data",
        "可变长度数据后似乎缺少 FNC1/GS 分隔符",
    ),
    "UNEXPECTED_SEPARATOR": (
        FormatError,
        "unexpected separator at position {position}",
        "位置 {position} 出现多余的分隔符",
    ),
    "BRACKET_SYNTAX": (
        FormatError,
        "malformed bracketed (HRI) syntax at position {position}",
        "位置 {position} 的括号（HRI）语法错误",
    ),
    "NOT_GS1": (
        FormatError,
        "not GS1 application-identifier data",
        "不是 GS1 应用标识符数据",
    ),
    "UNKNOWN_SYMBOLOGY_IDENTIFIER": (
        FormatError,
        "unknown or unsupported symbology identifier",
        "未知或不支持的符号标识符",
    ),
    # --- value checks (GS1 linters; names follow the GS1 syntax tests) -------------------
    "INVALID_VALUE": (ValueCheckError, "invalid value", "值无效"),
    # --- whole-message checks ------------------------------------------------------------
    "REQUIRED_AI_MISSING": (
        AssociationError,
        "a mandatory associated AI is missing",
        "缺少必须同时出现的应用标识符",
    ),
    "INVALID_AI_PAIRING": (
        AssociationError,
        "AIs that must not appear together",
        "不允许同时出现的应用标识符",
    ),
    "REPEATED_AI_CONFLICT": (
        AssociationError,
        "the same AI appears more than once with different values",
        "同一应用标识符多次出现且值不同",
    ),
    "DIGSIG_REQUIRES_SERIALISED_KEY": (
        AssociationError,
        "a digital signature (8030) needs a serialised identification key",
        "数字签名（8030）需要序列化的标识代码",
    ),
    # --- GS1 Digital Link ---------------------------------------------------------------------
    "DL_INVALID_URI": (
        DigitalLinkError,
        "not a valid GS1 Digital Link URI",
        "不是有效的 GS1 数字链接 URI",
    ),
    "DL_NO_PRIMARY_KEY": (
        DigitalLinkError,
        "no GS1 Digital Link primary key in the data",
        "数据中没有 GS1 数字链接主键",
    ),
    "DL_INVALID_KEY_QUALIFIERS": (
        DigitalLinkError,
        "key qualifiers are not in a permitted order",
        "主键限定符的顺序不允许",
    ),
    "DL_AI_NOT_PERMITTED_IN_QUERY": (
        DigitalLinkError,
        "AI is not permitted as a query attribute",
        "该应用标识符不允许作为查询属性",
    ),
    "DL_AI_NOT_PERMITTED_IN_PATH": (
        DigitalLinkError,
        "AI is not permitted in the path",
        "该应用标识符不允许出现在路径中",
    ),
    "DL_DUPLICATE_AI": (DigitalLinkError, "AI given more than once", "应用标识符重复出现"),
    "DL_INVALID_PERCENT_ENCODING": (
        DigitalLinkError,
        "invalid percent-encoding at position {position}",
        "位置 {position} 的百分号编码无效",
    ),
    "DL_UNKNOWN_NUMERIC_PARAMETER": (
        DigitalLinkError,
        "numeric query parameter is not a known AI",
        "数字查询参数不是已知的应用标识符",
    ),
    "DL_INVALID_COMPRESSION": (
        DigitalLinkError,
        "the compressed GS1 Digital Link data is invalid",
        "压缩的 GS1 数字链接数据无效",
    ),
    # --- schemes, profiles ----------------------------------------------------------------------
    "UNKNOWN_SCHEME": (SchemeError, "unknown scheme", "未知的编码方案"),
    "UNKNOWN_PROFILE": (SchemeError, "unknown profile", "未知的产品类别规范"),
    "SCHEME_MISMATCH": (
        SchemeError,
        "the code does not follow this scheme",
        "代码不符合该编码方案",
    ),
    "PROFILE_VIOLATION": (
        SchemeError,
        "the code does not satisfy the profile",
        "代码不符合该产品类别规范",
    ),
    "LEGACY_VALUE": (
        ValueCheckError,
        "legacy or transitional value",
        "旧版或过渡性取值",
    ),
    "CHECK_NOT_VERIFIED": (
        SchemeError,
        "the check characters use an algorithm that is not public and were not verified",
        "校验位算法未公开，未经验证",
    ),
    # --- generation, rendering, spec files ---------------------------------------
    "OPAQUE_CHECK": (
        GenerationError,
        "cannot generate: the check algorithm is not public",
        "无法生成：校验算法未公开",
    ),
    "GENERATION_FAILED": (GenerationError, "cannot generate", "无法生成"),
    "GUESS_PROBABILITY_TOO_HIGH": (
        GenerationError,
        "the serial space is too small: a serial could be guessed too easily",
        "序列号空间过小：序列号容易被猜中",
    ),
    "SERIAL_SPACE_EXHAUSTED": (
        GenerationError,
        "no unused serial is left in the serial space",
        "序列号空间中已无未使用的序列号",
    ),
    "SERIAL_ALREADY_ISSUED": (
        GenerationError,
        "the serial was already issued",
        "该序列号已发放过",
    ),
    "REGISTRY_ERROR": (GenerationError, "the serial registry cannot be used", "序列号登记库不可用"),
    "RENDER_FAILED": (RenderError, "cannot render", "无法生成符号"),
    "SPEC_SYNTAX": (SpecError, "malformed spec file", "规范文件格式错误"),
}


def register(code: str, cls: type[TraceCodeError], en: str, zh: str) -> None:
    """Add a code to the catalogue (used by modules that own a family of codes)."""
    existing = CATALOGUE.get(code)
    if existing is not None and existing != (cls, en, zh):
        raise RuntimeError(f"error code {code} registered twice with different texts")
    CATALOGUE[code] = (cls, en, zh)


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def format_message(
    code: str,
    lang: str = "en",
    *,
    position: int | None = None,
    ai: str | None = None,
    field: str | None = None,
    scheme: str | None = None,
    expected: str | None = None,
    found: str | None = None,
    detail: str | None = None,
) -> str:
    """Render the catalogue message for ``code`` in ``lang`` ("en" or "zh")."""
    entry = CATALOGUE.get(code)
    zh = lang.lower().startswith("zh")
    text = code if entry is None else entry[2] if zh else entry[1]
    values = _Blank()  # a field that is not given (None) shows as "?", removed below
    for key, value in (
        ("position", position),
        ("ai", ai),
        ("field", field),
        ("scheme", scheme),
        ("expected", expected),
        ("found", found),
    ):
        if value is not None:
            values[key] = value
    text = text.format_map(values)
    if position is None:
        text = text.replace(" at position ?", "").replace("位置 ? 的", "").replace("位置 ? ", "")
    prefix = ""
    if ai is not None:
        prefix = f"AI ({ai})：" if zh else f"AI ({ai}): "
    elif field is not None:
        prefix = f"字段 {field}：" if zh else f"{field}: "
    if expected is not None or found is not None:
        parts = []
        if expected is not None:
            parts.append(f"应为 {expected}" if zh else f"expected {expected}")
        if found is not None:
            parts.append(f"实为 {found}" if zh else f"found {found}")
        text += ("：" if zh else ": ") + ("，" if zh else ", ").join(parts)
    if detail:
        text += f"（{detail}）" if zh else f" ({detail})"
    return prefix + text


def make_error(code: str, **kwargs: Any) -> TraceCodeError:
    """Build the right :class:`TraceCodeError` subclass for ``code``.

    ``expected`` and ``found`` given as plain values are quoted with ``repr``.
    """
    entry = CATALOGUE.get(code)
    cls = entry[0] if entry is not None else TraceCodeError
    for key in ("expected", "found"):
        value = kwargs.get(key)
        if value is not None and not isinstance(value, _Raw):
            kwargs[key] = repr(value) if isinstance(value, str) else str(value)
    return cls(code, **kwargs)


class _Raw(str):
    """A string passed to make_error that must not be quoted."""

    __slots__ = ()


def raw(text: str) -> str:
    """Mark ``text`` for :func:`make_error` as already formatted (not quoted)."""
    return _Raw(text)
