"""GS1 value checks ("linters") named in the GS1 Barcode Syntax Dictionary.

Each AI component in ``spec/gs1/ai-dictionary.txt`` may name one or more linters
(``N6,yymmd0``, ``N14,csum,gcppos2``, ...).  A linter takes the component value and
returns ``None`` when it is fine, else ``(error_code, position, length)`` where
``position`` and ``length`` mark the offending span relative to the start of the
component value.  Error codes are the GS1 Barcode Syntax Tests names without their
``GS1_LINTER_`` prefix; each is registered in :data:`tracecode.errors.CATALOGUE`
with an English and a Chinese message.

The rules follow GS1's reference implementation (gs1/gs1-syntax-engine,
``src/c-lib/syntax/lint_*.c``) and its published unit tests; the few places where
tracecode checks more than the reference (IBAN length per country) are listed in
``docs/gs1-value-checks.md``.  Only ASCII ``0``-``9`` are digits.

Linters are plain functions chosen for speed: they never raise for a ``str``.

>>> from tracecode.gs1.linters import LINTERS
>>> LINTERS["yymmdd"]("250230")
('ILLEGAL_DAY', 4, 2)
>>> LINTERS["csum"]("09506000134352") is None
True
>>> LINTERS["cset82"]("AB C")
('INVALID_CSET82_CHARACTER', 2, 1)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from types import MappingProxyType

from tracecode.checksum import gs1_checkpair, mod10_verify
from tracecode.errors import (
    CheckCharacterError,
    FormatError,
    TraceCodeError,
    ValueCheckError,
    register,
)
from tracecode.gs1._codelists import codes, iban_lengths

__all__ = ["DEPRECATED", "ERROR_CODES", "LINTERS", "Linter", "get_linter"]

#: A linter: component value -> ``None`` or ``(error_code, position, length)``.
Linter = Callable[[str], "tuple[str, int, int] | None"]

# ---------------------------------------------------------------------------------
# Error codes (GS1 syntax-test names without the GS1_LINTER_ prefix)
# ---------------------------------------------------------------------------------

_F = FormatError
_V = ValueCheckError
_C = CheckCharacterError

_MESSAGES: dict[str, tuple[type[TraceCodeError], str, str]] = {
    # characters
    "NON_DIGIT_CHARACTER": (
        _F,
        "non-digit character at position {position}; only 0-9 are allowed",
        "位置 {position} 的字符不是数字；只允许 0-9",
    ),
    "INVALID_CSET82_CHARACTER": (
        _F,
        "character at position {position} is not in GS1 CSET 82",
        "位置 {position} 的字符不属于 GS1 CSET 82 字符集",
    ),
    "INVALID_CSET39_CHARACTER": (
        _F,
        "character at position {position} is not in GS1 CSET 39 (0-9, A-Z, #, -, /)",
        "位置 {position} 的字符不属于 GS1 CSET 39 字符集（0-9、A-Z、#、-、/）",
    ),
    "INVALID_CSET64_CHARACTER": (
        _F,
        "character at position {position} is not in GS1 CSET 64 (A-Z, a-z, 0-9, -, _)",
        "位置 {position} 的字符不属于 GS1 CSET 64 字符集（A-Z、a-z、0-9、-、_）",
    ),
    "INVALID_CSET64_PADDING": (
        _F,
        "invalid CSET 64 padding: at most two '=' and only to fill a group of three",
        "CSET 64 填充无效：最多两个 '='，且只能用于补足三个字符一组",
    ),
    "REQUIRES_NON_DIGIT_CHARACTER": (
        _V,
        "must contain at least one character that is not a digit",
        "必须至少包含一个非数字字符",
    ),
    "NOT_HYPHEN": (_V, "only hyphens '-' are allowed", "只允许连字符 '-'"),
    "INVALID_PERCENT_SEQUENCE": (
        _F,
        "'%' at position {position} must be followed by two hexadecimal digits",
        "位置 {position} 的 '%' 后必须跟两个十六进制数字",
    ),
    # check characters
    "TOO_SHORT_FOR_CHECK_DIGIT": (
        _F,
        "too short to carry a check digit",
        "长度不足，无法包含校验码",
    ),
    "TOO_SHORT_FOR_CHECK_PAIR": (
        _F,
        "too short to carry a check-character pair",
        "长度不足，无法包含校验字符对",
    ),
    "TOO_LONG_FOR_CHECK_PAIR_IMPLEMENTATION": (
        _F,
        "too long for the check-character pair calculation (at most 99 characters)",
        "过长，无法计算校验字符对（最多 99 个字符）",
    ),
    # GS1 Company Prefix
    "TOO_SHORT_FOR_GCP": (
        _V,
        "too short to start with a GS1 Company Prefix (at least 4 digits)",
        "长度不足，无法以厂商识别代码开头（至少 4 位数字）",
    ),
    "INVALID_GCP_PREFIX": (
        _V,
        "does not start with a GS1 Company Prefix: the first 4 characters must be digits",
        "未以厂商识别代码开头：前 4 个字符必须是数字",
    ),
    # simple codes
    "ILLEGAL_ZERO_VALUE": (_V, "value must not be zero", "值不能为零"),
    "NOT_ZERO": (_V, "value must be zero", "值必须为零"),
    "ILLEGAL_ZERO_PREFIX": (_V, "must not start with 0", "不能以 0 开头"),
    "NOT_ZERO_OR_ONE": (_V, "must be 0 (no) or 1 (yes)", "必须为 0（否）或 1（是）"),
    "INVALID_WINDING_DIRECTION": (
        _V,
        "winding direction must be 0, 1 or 9",
        "卷绕方向必须为 0、1 或 9",
    ),
    "INVALID_BIOLOGICAL_SEX_CODE": (
        _V,
        "biological sex code must be 0, 1, 2 or 9 (ISO/IEC 5218)",
        "生理性别代码必须为 0、1、2 或 9（ISO/IEC 5218）",
    ),
    "IMPORTER_IDX_MUST_BE_ONE_CHARACTER": (
        _F,
        "importer index must be a single character",
        "进口商索引必须是单个字符",
    ),
    "INVALID_IMPORT_IDX_CHARACTER": (
        _V,
        "importer index must be 0-9, A-Z, a-z, '-' or '_'",
        "进口商索引必须是 0-9、A-Z、a-z、'-' 或 '_'",
    ),
    # code lists
    "NOT_ISO3166": (
        _V,
        "not an ISO 3166-1 numeric country code",
        "不是 ISO 3166-1 数字国家代码",
    ),
    "NOT_ISO3166_OR_999": (
        _V,
        "not an ISO 3166-1 numeric country code or 999",
        "不是 ISO 3166-1 数字国家代码或 999",
    ),
    "NOT_ISO3166_ALPHA2": (
        _V,
        "not an ISO 3166-1 alpha-2 country code",
        "不是 ISO 3166-1 两字母国家代码",
    ),
    "NOT_ISO4217": (
        _V,
        "not an ISO 4217 numeric currency code",
        "不是 ISO 4217 数字货币代码",
    ),
    "INVALID_MEDIA_TYPE": (
        _V,
        "not an AIDC media type code (01-10, 80-99)",
        "不是 AIDC 介质类型代码（01-10、80-99）",
    ),
    "INVALID_PACKAGE_TYPE": (
        _V,
        "not a package type code (PackageTypeCode list)",
        "不是包装类型代码（PackageTypeCode 代码表）",
    ),
    # IBAN
    "IBAN_TOO_SHORT": (_F, "IBAN too short", "IBAN 长度不足"),
    "IBAN_TOO_LONG": (_F, "IBAN too long (at most 34 characters)", "IBAN 过长（最多 34 个字符）"),
    "INVALID_IBAN_CHARACTER": (
        _F,
        "IBAN character at position {position} must be 0-9 or A-Z",
        "IBAN 位置 {position} 的字符必须是 0-9 或 A-Z",
    ),
    "ILLEGAL_IBAN_COUNTRY_CODE": (
        _V,
        "IBAN must start with a country code",
        "IBAN 必须以国家代码开头",
    ),
    "INCORRECT_IBAN_CHECKSUM": (
        _C,
        "incorrect IBAN check digits",
        "IBAN 校验位错误",
    ),
    "INVALID_IBAN_LENGTH": (
        _V,
        "IBAN length does not match the length registered for its country",
        "IBAN 长度与其国家登记的长度不符",
    ),
    # dates and times
    "DATE_TOO_SHORT": (_F, "date too short", "日期长度不足"),
    "DATE_TOO_LONG": (_F, "date too long", "日期过长"),
    "ILLEGAL_MONTH": (_V, "month must be 01-12", "月份必须为 01-12"),
    "ILLEGAL_DAY": (
        _V,
        "day does not exist in that month",
        "该月份中不存在此日期",
    ),
    "HOUR_TOO_SHORT": (_F, "hour must have 2 digits", "小时必须为 2 位数字"),
    "HOUR_TOO_LONG": (_F, "hour must have 2 digits", "小时必须为 2 位数字"),
    "MINUTE_TOO_SHORT": (_F, "minute must have 2 digits", "分钟必须为 2 位数字"),
    "MINUTE_TOO_LONG": (_F, "minute must have 2 digits", "分钟必须为 2 位数字"),
    "SECOND_TOO_SHORT": (_F, "second must have 2 digits", "秒必须为 2 位数字"),
    "SECOND_TOO_LONG": (_F, "second must have 2 digits", "秒必须为 2 位数字"),
    "HOUR_WITH_MINUTE_TOO_SHORT": (
        _F,
        "time (HHMI) must have 4 digits",
        "时间（HHMI）必须为 4 位数字",
    ),
    "HOUR_WITH_MINUTE_TOO_LONG": (
        _F,
        "time (HHMI) must have 4 digits",
        "时间（HHMI）必须为 4 位数字",
    ),
    "ILLEGAL_HOUR": (_V, "hour must be 00-23", "小时必须为 00-23"),
    "ILLEGAL_MINUTE": (_V, "minute must be 00-59", "分钟必须为 00-59"),
    "ILLEGAL_SECOND": (_V, "second must be 00-59", "秒必须为 00-59"),
    # coordinates
    "LATITUDE_INVALID_LENGTH": (_F, "latitude must have 10 digits", "纬度必须为 10 位数字"),
    "LONGITUDE_INVALID_LENGTH": (_F, "longitude must have 10 digits", "经度必须为 10 位数字"),
    "LATLONG_INVALID_LENGTH": (
        _F,
        "latitude and longitude must have 20 digits",
        "纬度和经度必须共 20 位数字",
    ),
    "INVALID_LATITUDE": (
        _V,
        "latitude must be 0000000000-1800000000",
        "纬度必须在 0000000000-1800000000 之间",
    ),
    "INVALID_LONGITUDE": (
        _V,
        "longitude must be 0000000000-3600000000",
        "经度必须在 0000000000-3600000000 之间",
    ),
    # piece of total, position in sequence
    "INVALID_LENGTH_FOR_PIECE_OF_TOTAL": (
        _F,
        "piece number and total count must be digits of equal length",
        "件号和总件数必须是等长的数字",
    ),
    "ZERO_PIECE_NUMBER": (_V, "piece number must not be zero", "件号不能为零"),
    "ZERO_TOTAL_PIECES": (_V, "total number of pieces must not be zero", "总件数不能为零"),
    "PIECE_NUMBER_EXCEEDS_TOTAL": (
        _V,
        "piece number must not exceed the total number of pieces",
        "件号不能大于总件数",
    ),
    "POSITION_IN_SEQUENCE_MALFORMED": (
        _F,
        "must have the form <position>/<end>, both numbers",
        "必须为“序号/总数”格式，两者都是数字",
    ),
    "POSITION_EXCEEDS_END": (
        _V,
        "position must not exceed the end number",
        "序号不能大于总数",
    ),
}

# North American coupon codes (AI 8110 and AI 8112): the field names follow the
# coupon specifications; (code, class, English, Chinese).
_COUPON: tuple[tuple[str, type[TraceCodeError], str, str], ...] = (
    ("MISSING_FORMAT_CODE", _F, "coupon Format Code is missing", "优惠券缺少格式代码"),
    ("INVALID_FORMAT_CODE", _V, "coupon Format Code must be 0 or 1", "优惠券格式代码必须为 0 或 1"),
    (
        "MISSING_FUNDER_VLI",
        _F,
        "coupon Funder ID length indicator is missing",
        "优惠券缺少出资方代码长度指示符",
    ),
    (
        "INVALID_FUNDER_LENGTH",
        _V,
        "coupon Funder ID length indicator must be 0-6",
        "优惠券出资方代码长度指示符必须为 0-6",
    ),
    (
        "TRUNCATED_FUNDER",
        _F,
        "coupon Funder ID is shorter than its length indicator says",
        "优惠券出资方代码短于其长度指示符",
    ),
    (
        "TRUNCATED_OFFER_CODE",
        _F,
        "coupon Offer Code must have 6 digits",
        "优惠券报价代码必须为 6 位数字",
    ),
    (
        "MISSING_SERIAL_NUMBER_VLI",
        _F,
        "coupon Serial Number length indicator is missing",
        "优惠券缺少序列号长度指示符",
    ),
    (
        "TRUNCATED_SERIAL_NUMBER",
        _F,
        "coupon Serial Number is shorter than its length indicator says",
        "优惠券序列号短于其长度指示符",
    ),
    (
        "MISSING_GCP_VLI",
        _F,
        "coupon GS1 Company Prefix length indicator is missing",
        "优惠券缺少厂商识别代码长度指示符",
    ),
    (
        "INVALID_GCP_LENGTH",
        _V,
        "coupon GS1 Company Prefix length indicator must be 0-6",
        "优惠券厂商识别代码长度指示符必须为 0-6",
    ),
    (
        "TRUNCATED_GCP",
        _F,
        "coupon GS1 Company Prefix is shorter than its length indicator says",
        "优惠券厂商识别代码短于其长度指示符",
    ),
    (
        "MISSING_SAVE_VALUE_VLI",
        _F,
        "coupon Save Value length indicator is missing",
        "优惠券缺少优惠金额长度指示符",
    ),
    (
        "INVALID_SAVE_VALUE_LENGTH",
        _V,
        "coupon Save Value length indicator must be 1-5",
        "优惠券优惠金额长度指示符必须为 1-5",
    ),
    (
        "TRUNCATED_SAVE_VALUE",
        _F,
        "coupon Save Value is shorter than its length indicator says",
        "优惠券优惠金额短于其长度指示符",
    ),
    (
        "MISSING_1ST_PURCHASE_REQUIREMENT_VLI",
        _F,
        "coupon primary Purchase Requirement length indicator is missing",
        "优惠券缺少主购买要求长度指示符",
    ),
    (
        "INVALID_1ST_PURCHASE_REQUIREMENT_LENGTH",
        _V,
        "coupon primary Purchase Requirement length indicator must be 1-5",
        "优惠券主购买要求长度指示符必须为 1-5",
    ),
    (
        "TRUNCATED_1ST_PURCHASE_REQUIREMENT",
        _F,
        "coupon primary Purchase Requirement is shorter than its length indicator says",
        "优惠券主购买要求短于其长度指示符",
    ),
    (
        "MISSING_1ST_PURCHASE_REQUIREMENT_CODE",
        _F,
        "coupon primary Purchase Requirement Code is missing",
        "优惠券缺少主购买要求代码",
    ),
    (
        "INVALID_1ST_PURCHASE_REQUIREMENT_CODE",
        _V,
        "coupon primary Purchase Requirement Code must be 0-4 or 9",
        "优惠券主购买要求代码必须为 0-4 或 9",
    ),
    (
        "TRUNCATED_1ST_PURCHASE_FAMILY_CODE",
        _F,
        "coupon primary Purchase Family Code must have 3 digits",
        "优惠券主购买商品族代码必须为 3 位数字",
    ),
    (
        "MISSING_ADDITIONAL_PURCHASE_RULES_CODE",
        _F,
        "coupon Additional Purchase Rules Code is missing",
        "优惠券缺少附加购买规则代码",
    ),
    (
        "INVALID_ADDITIONAL_PURCHASE_RULES_CODE",
        _V,
        "coupon Additional Purchase Rules Code must be 0-3",
        "优惠券附加购买规则代码必须为 0-3",
    ),
    (
        "MISSING_2ND_PURCHASE_REQUIREMENT_VLI",
        _F,
        "coupon second Purchase Requirement length indicator is missing",
        "优惠券缺少第二购买要求长度指示符",
    ),
    (
        "INVALID_2ND_PURCHASE_REQUIREMENT_LENGTH",
        _V,
        "coupon second Purchase Requirement length indicator must be 1-5",
        "优惠券第二购买要求长度指示符必须为 1-5",
    ),
    (
        "TRUNCATED_2ND_PURCHASE_REQUIREMENT",
        _F,
        "coupon second Purchase Requirement is shorter than its length indicator says",
        "优惠券第二购买要求短于其长度指示符",
    ),
    (
        "MISSING_2ND_PURCHASE_REQUIREMENT_CODE",
        _F,
        "coupon second Purchase Requirement Code is missing",
        "优惠券缺少第二购买要求代码",
    ),
    (
        "INVALID_2ND_PURCHASE_REQUIREMENT_CODE",
        _V,
        "coupon second Purchase Requirement Code must be 0-4 or 9",
        "优惠券第二购买要求代码必须为 0-4 或 9",
    ),
    (
        "TRUNCATED_2ND_PURCHASE_FAMILY_CODE",
        _F,
        "coupon second Purchase Family Code must have 3 digits",
        "优惠券第二购买商品族代码必须为 3 位数字",
    ),
    (
        "MISSING_2ND_PURCHASE_GCP_VLI",
        _F,
        "coupon second purchase GS1 Company Prefix length indicator is missing",
        "优惠券缺少第二购买厂商识别代码长度指示符",
    ),
    (
        "INVALID_2ND_PURCHASE_GCP_LENGTH",
        _V,
        "coupon second purchase GS1 Company Prefix length indicator must be 0-6 or 9",
        "优惠券第二购买厂商识别代码长度指示符必须为 0-6 或 9",
    ),
    (
        "TRUNCATED_2ND_PURCHASE_GCP",
        _F,
        "coupon second purchase GS1 Company Prefix is shorter than its length indicator says",
        "优惠券第二购买厂商识别代码短于其长度指示符",
    ),
    (
        "MISSING_3RD_PURCHASE_REQUIREMENT_VLI",
        _F,
        "coupon third Purchase Requirement length indicator is missing",
        "优惠券缺少第三购买要求长度指示符",
    ),
    (
        "INVALID_3RD_PURCHASE_REQUIREMENT_LENGTH",
        _V,
        "coupon third Purchase Requirement length indicator must be 1-5",
        "优惠券第三购买要求长度指示符必须为 1-5",
    ),
    (
        "TRUNCATED_3RD_PURCHASE_REQUIREMENT",
        _F,
        "coupon third Purchase Requirement is shorter than its length indicator says",
        "优惠券第三购买要求短于其长度指示符",
    ),
    (
        "MISSING_3RD_PURCHASE_REQUIREMENT_CODE",
        _F,
        "coupon third Purchase Requirement Code is missing",
        "优惠券缺少第三购买要求代码",
    ),
    (
        "INVALID_3RD_PURCHASE_REQUIREMENT_CODE",
        _V,
        "coupon third Purchase Requirement Code must be 0-4 or 9",
        "优惠券第三购买要求代码必须为 0-4 或 9",
    ),
    (
        "TRUNCATED_3RD_PURCHASE_FAMILY_CODE",
        _F,
        "coupon third Purchase Family Code must have 3 digits",
        "优惠券第三购买商品族代码必须为 3 位数字",
    ),
    (
        "MISSING_3RD_PURCHASE_GCP_VLI",
        _F,
        "coupon third purchase GS1 Company Prefix length indicator is missing",
        "优惠券缺少第三购买厂商识别代码长度指示符",
    ),
    (
        "INVALID_3RD_PURCHASE_GCP_LENGTH",
        _V,
        "coupon third purchase GS1 Company Prefix length indicator must be 0-6 or 9",
        "优惠券第三购买厂商识别代码长度指示符必须为 0-6 或 9",
    ),
    (
        "TRUNCATED_3RD_PURCHASE_GCP",
        _F,
        "coupon third purchase GS1 Company Prefix is shorter than its length indicator says",
        "优惠券第三购买厂商识别代码短于其长度指示符",
    ),
    (
        "TOO_SHORT_FOR_EXPIRATION_DATE",
        _F,
        "coupon expiration date must have 6 digits (YYMMDD)",
        "优惠券到期日期必须为 6 位数字（YYMMDD）",
    ),
    (
        "INVALID_EXIPIRATION_DATE",
        _V,
        "coupon expiration date is not a valid YYMMDD date",
        "优惠券到期日期不是有效的 YYMMDD 日期",
    ),
    (
        "TOO_SHORT_FOR_START_DATE",
        _F,
        "coupon start date must have 6 digits (YYMMDD)",
        "优惠券开始日期必须为 6 位数字（YYMMDD）",
    ),
    (
        "INVALID_START_DATE",
        _V,
        "coupon start date is not a valid YYMMDD date",
        "优惠券开始日期不是有效的 YYMMDD 日期",
    ),
    (
        "EXPIRATION_BEFORE_START",
        _V,
        "coupon expiration date is before its start date",
        "优惠券到期日期早于开始日期",
    ),
    (
        "MISSING_RETAILER_GCP_OR_GLN_VLI",
        _F,
        "coupon Retailer GCP/GLN length indicator is missing",
        "优惠券缺少零售商厂商识别代码/GLN 长度指示符",
    ),
    (
        "INVALID_RETAILER_GCP_OR_GLN_LENGTH",
        _V,
        "coupon Retailer GCP/GLN length indicator must be 1-7",
        "优惠券零售商厂商识别代码/GLN 长度指示符必须为 1-7",
    ),
    (
        "TRUNCATED_RETAILER_GCP_OR_GLN",
        _F,
        "coupon Retailer GCP/GLN is shorter than its length indicator says",
        "优惠券零售商厂商识别代码/GLN 短于其长度指示符",
    ),
    ("MISSING_SAVE_VALUE_CODE", _F, "coupon Save Value Code is missing", "优惠券缺少优惠金额代码"),
    (
        "INVALID_SAVE_VALUE_CODE",
        _V,
        "coupon Save Value Code must be 0, 1, 2, 5 or 6",
        "优惠券优惠金额代码必须为 0、1、2、5 或 6",
    ),
    (
        "MISSING_SAVE_VALUE_APPLIES_TO_ITEM",
        _F,
        "coupon Save Value Applies to Item is missing",
        "优惠券缺少优惠适用商品指示",
    ),
    (
        "INVALID_SAVE_VALUE_APPLIES_TO_ITEM",
        _V,
        "coupon Save Value Applies to Item must be 0-2",
        "优惠券优惠适用商品指示必须为 0-2",
    ),
    (
        "MISSING_STORE_COUPON_FLAG",
        _F,
        "coupon Store Coupon Flag is missing",
        "优惠券缺少店内优惠券标志",
    ),
    (
        "MISSING_DONT_MULTIPLY_FLAG",
        _F,
        "coupon Don't Multiply Flag is missing",
        "优惠券缺少不可叠加标志",
    ),
    (
        "INVALID_DONT_MULTIPLY_FLAG",
        _V,
        "coupon Don't Multiply Flag must be 0 or 1",
        "优惠券不可叠加标志必须为 0 或 1",
    ),
    (
        "EXCESS_DATA",
        _F,
        "coupon has data after its last recognised field, at position {position}",
        "优惠券在最后一个可识别字段之后还有数据，位置 {position}",
    ),
)

for _code, _cls, _en, _zh in _COUPON:
    _MESSAGES["COUPON_" + _code] = (_cls, _en, _zh)

for _code, (_cls, _en, _zh) in _MESSAGES.items():
    register(_code, _cls, _en, _zh)

#: Every error code a linter can return (all are in ``tracecode.errors.CATALOGUE``).
ERROR_CODES: frozenset[str] = frozenset(
    [*_MESSAGES, "INCORRECT_CHECK_DIGIT", "INCORRECT_CHECK_PAIR"]
)

# ---------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------

_DIGITS = "0123456789"
_DIGIT_SET = frozenset(_DIGITS)
_HEX = frozenset("0123456789ABCDEFabcdef")
_CSET82 = frozenset(
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)
_CSET39 = frozenset("#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_CSET64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
_IBAN_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
# IBAN letters become two-digit numbers: A=10 ... Z=35 (ISO 13616 / ISO 7064 MOD 97-10).
_IBAN_TO_NUMBER = {ord(c): str(i + 10) for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
_GCP_MIN_LENGTH = 4


def _is_digits(data: str) -> bool:
    return data.isascii() and data.isdigit()


def _first_not_in(data: str, allowed: frozenset[str]) -> int:
    for i, ch in enumerate(data):
        if ch not in allowed:
            return i
    return -1


def _non_digit(data: str) -> tuple[str, int, int] | None:
    """``NON_DIGIT_CHARACTER`` at the first character that is not 0-9, else None."""
    i = _first_not_in(data, _DIGIT_SET)
    return None if i < 0 else ("NON_DIGIT_CHARACTER", i, 1)


def _truncated(code: str, pos: int, end: int) -> tuple[str, int, int]:
    # GS1 convention for a field cut short: mark what is left of it, or the whole
    # value when nothing is left.
    return (code, 0, end) if pos == end else (code, pos, end - pos)


# ---------------------------------------------------------------------------------
# Character sets
# ---------------------------------------------------------------------------------


def _csetnumeric(data: str) -> tuple[str, int, int] | None:
    """Digits 0-9 only (type ``N``)."""
    if not data or _is_digits(data):
        return None
    return _non_digit(data)


def _cset82(data: str) -> tuple[str, int, int] | None:
    """GS1 CSET 82 characters only (type ``X``)."""
    if _CSET82.issuperset(data):
        return None
    return ("INVALID_CSET82_CHARACTER", _first_not_in(data, _CSET82), 1)


def _cset39(data: str) -> tuple[str, int, int] | None:
    """GS1 CSET 39 characters only (type ``Y``)."""
    if _CSET39.issuperset(data):
        return None
    return ("INVALID_CSET39_CHARACTER", _first_not_in(data, _CSET39), 1)


def _cset64(data: str) -> tuple[str, int, int] | None:
    """GS1 CSET 64 (URI-safe base64) with optional ``=`` padding (type ``Z``)."""
    body = data.rstrip("=")
    pads = len(data) - len(body)
    if pads and (pads > 2 or len(data) % 3):
        return ("INVALID_CSET64_PADDING", len(body), pads)
    if _CSET64.issuperset(body):
        return None
    return ("INVALID_CSET64_CHARACTER", _first_not_in(body, _CSET64), 1)


def _hasnondigit(data: str) -> tuple[str, int, int] | None:
    """At least one character that is not an ASCII digit."""
    if not data or _is_digits(data):
        return ("REQUIRES_NON_DIGIT_CHARACTER", 0, len(data))
    return None


def _hyphen(data: str) -> tuple[str, int, int] | None:
    """One or more hyphens and nothing else."""
    if data and not data.strip("-"):
        return None
    return ("NOT_HYPHEN", 0, len(data))


def _pcenc(data: str) -> tuple[str, int, int] | None:
    """Every ``%`` starts a ``%hh`` percent-encoding sequence."""
    n = len(data)
    i = data.find("%")
    while i >= 0:
        if i + 2 >= n:
            return ("INVALID_PERCENT_SEQUENCE", i, n - i)
        if data[i + 1] not in _HEX or data[i + 2] not in _HEX:
            return ("INVALID_PERCENT_SEQUENCE", i, 3)
        i = data.find("%", i + 3)
    return None


# ---------------------------------------------------------------------------------
# Check characters and GS1 Company Prefix
# ---------------------------------------------------------------------------------


def _csum(data: str) -> tuple[str, int, int] | None:
    """Last digit is the GS1 mod-10 check digit of the digits before it."""
    n = len(data)
    if n == 0:
        return ("TOO_SHORT_FOR_CHECK_DIGIT", 0, 0)
    if not _is_digits(data):
        return _non_digit(data)
    if n == 1:
        return None if data == "0" else ("INCORRECT_CHECK_DIGIT", 0, 1)
    if not mod10_verify(data):
        return ("INCORRECT_CHECK_DIGIT", n - 1, 1)
    return None


def _csumalpha(data: str) -> tuple[str, int, int] | None:
    """Last two characters are the GS1 check-character pair of the CSET 82 body."""
    n = len(data)
    if n > 99:
        return ("TOO_LONG_FOR_CHECK_PAIR_IMPLEMENTATION", 0, n)
    if n < 2:
        return ("TOO_SHORT_FOR_CHECK_PAIR", 0, n)
    if n == 2:
        return None if data == "22" else ("INCORRECT_CHECK_PAIR", 0, 2)
    body = data[:-2]
    if not _CSET82.issuperset(body):
        return ("INVALID_CSET82_CHARACTER", _first_not_in(body, _CSET82), 1)
    if gs1_checkpair(body) != data[-2:]:
        return ("INCORRECT_CHECK_PAIR", n - 2, 2)
    return None


def _gcppos1(data: str) -> tuple[str, int, int] | None:
    """Require a plausible GS1 Company Prefix start: at least 4 leading digits."""
    if len(data) < _GCP_MIN_LENGTH:
        return ("TOO_SHORT_FOR_GCP", 0, len(data))
    head = data[:_GCP_MIN_LENGTH]
    if _is_digits(head):
        return None
    return ("INVALID_GCP_PREFIX", _first_not_in(head, _DIGIT_SET), 1)


def _gcppos2(data: str) -> tuple[str, int, int] | None:
    """As ``gcppos1`` from the second character (after an indicator digit)."""
    if len(data) < 2:
        return ("TOO_SHORT_FOR_GCP", 0, len(data))
    res = _gcppos1(data[1:])
    return None if res is None else (res[0], res[1] + 1, res[2])


# ---------------------------------------------------------------------------------
# Dates and times
# ---------------------------------------------------------------------------------

_MONTH_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Every "MMDD" that is valid in any year, except February 29 (checked on its own).
_MMDD = frozenset(f"{m:02d}{d:02d}" for m in range(1, 13) for d in range(1, _MONTH_DAYS[m] + 1)) - {
    "0229"
}
_MMD0 = _MMDD | {f"{m:02d}00" for m in range(1, 13)}
_HOURS = frozenset(f"{h:02d}" for h in range(24))
_SIXTY = frozenset(f"{m:02d}" for m in range(60))


def _this_year() -> int:
    return datetime.date.today().year


def _full_year(yy: int) -> int:
    """Resolve a two-digit year (GS1 General Specifications §7.12).

    The century is chosen so that the year lies from 49 years before to 50 years
    after the current year.
    """
    century, current = divmod(_this_year(), 100)
    diff = yy - current
    if diff >= 51:
        century -= 1
    elif diff <= -50:
        century += 1
    return century * 100 + yy


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _date(data: str, size: int, zero_day: bool) -> tuple[str, int, int] | None:
    n = len(data)
    if n != size:
        return ("DATE_TOO_SHORT" if n < size else "DATE_TOO_LONG", 0, n)
    if not _is_digits(data):
        return _non_digit(data)
    m = size - 4  # position of MM
    month = int(data[m : m + 2])
    if not 1 <= month <= 12:
        return ("ILLEGAL_MONTH", m, 2)
    day = int(data[m + 2 :])
    if day > _MONTH_DAYS[month] or (day == 0 and not zero_day):
        return ("ILLEGAL_DAY", m + 2, 2)
    if month == 2 and day == 29:
        year = int(data[:4]) if size == 8 else _full_year(int(data[:2]))
        if not _is_leap(year):
            return ("ILLEGAL_DAY", m + 2, 2)
    return None


def _yymmd0(data: str) -> tuple[str, int, int] | None:
    """Date YYMMDD; day 00 (day not given) allowed."""
    if len(data) == 6 and data[2:] in _MMD0 and _is_digits(data[:2]):
        return None
    return _date(data, 6, True)


def _yymmdd(data: str) -> tuple[str, int, int] | None:
    """Date YYMMDD that exists (century per GS1 §7.12 for February 29)."""
    if len(data) == 6 and data[2:] in _MMDD and _is_digits(data[:2]):
        return None
    return _date(data, 6, False)


def _yyyymmd0(data: str) -> tuple[str, int, int] | None:
    """Date YYYYMMDD; day 00 allowed."""
    if len(data) == 8 and data[4:] in _MMD0 and _is_digits(data[:4]):
        return None
    return _date(data, 8, True)


def _yyyymmdd(data: str) -> tuple[str, int, int] | None:
    """Date YYYYMMDD that exists (Gregorian leap years)."""
    if len(data) == 8 and data[4:] in _MMDD and _is_digits(data[:4]):
        return None
    return _date(data, 8, False)


def _two_digits(
    data: str, valid: frozenset[str], short: str, long: str, illegal: str
) -> tuple[str, int, int] | None:
    if data in valid:
        return None
    n = len(data)
    if n != 2:
        return (short if n < 2 else long, 0, n)
    return _non_digit(data) or (illegal, 0, 2)


def _hh(data: str) -> tuple[str, int, int] | None:
    """Hour 00-23."""
    return _two_digits(data, _HOURS, "HOUR_TOO_SHORT", "HOUR_TOO_LONG", "ILLEGAL_HOUR")


def _mi(data: str) -> tuple[str, int, int] | None:
    """Minute 00-59."""
    return _two_digits(data, _SIXTY, "MINUTE_TOO_SHORT", "MINUTE_TOO_LONG", "ILLEGAL_MINUTE")


def _ss(data: str) -> tuple[str, int, int] | None:
    """Second 00-59."""
    return _two_digits(data, _SIXTY, "SECOND_TOO_SHORT", "SECOND_TOO_LONG", "ILLEGAL_SECOND")


def _hhmi(data: str) -> tuple[str, int, int] | None:
    """Time HHMI: hour 00-23, minute 00-59."""
    n = len(data)
    if n != 4:
        return ("HOUR_WITH_MINUTE_TOO_SHORT" if n < 4 else "HOUR_WITH_MINUTE_TOO_LONG", 0, n)
    res = _hh(data[:2])
    if res is not None:
        return res
    res = _mi(data[2:])
    return None if res is None else (res[0], res[1] + 2, res[2])


# ---------------------------------------------------------------------------------
# Code lists
# ---------------------------------------------------------------------------------


def _iso3166(data: str) -> tuple[str, int, int] | None:
    """ISO 3166-1 numeric country code."""
    return None if data in codes("iso3166-numeric") else ("NOT_ISO3166", 0, len(data))


def _iso3166999(data: str) -> tuple[str, int, int] | None:
    """ISO 3166-1 numeric country code, or 999."""
    if data == "999" or data in codes("iso3166-numeric"):
        return None
    return ("NOT_ISO3166_OR_999", 0, len(data))


def _iso3166alpha2(data: str) -> tuple[str, int, int] | None:
    """ISO 3166-1 alpha-2 country code."""
    return None if data in codes("iso3166-alpha2") else ("NOT_ISO3166_ALPHA2", 0, len(data))


def _iso4217(data: str) -> tuple[str, int, int] | None:
    """ISO 4217 numeric currency code."""
    return None if data in codes("iso4217-numeric") else ("NOT_ISO4217", 0, len(data))


def _mediatype(data: str) -> tuple[str, int, int] | None:
    """AIDC media type (AI 7241)."""
    return None if data in codes("aidc-media-types") else ("INVALID_MEDIA_TYPE", 0, len(data))


def _packagetype(data: str) -> tuple[str, int, int] | None:
    """Package type code (AI 7041)."""
    return None if data in codes("package-types") else ("INVALID_PACKAGE_TYPE", 0, len(data))


def _iso5218(data: str) -> tuple[str, int, int] | None:
    """ISO/IEC 5218 biological sex: 0, 1, 2 or 9."""
    if len(data) != 1:
        return ("INVALID_BIOLOGICAL_SEX_CODE", 0, len(data))
    return None if data in "0129" else ("INVALID_BIOLOGICAL_SEX_CODE", 0, 1)


def _iban(data: str) -> tuple[str, int, int] | None:
    """IBAN: country code, length, characters, ISO 7064 MOD 97-10 check digits."""
    n = len(data)
    if n < 4:
        return ("IBAN_TOO_SHORT", 0, n)
    country = data[:2]
    registry = iban_lengths()
    if country not in codes("iso3166-alpha2") and country not in registry:
        return ("ILLEGAL_IBAN_COUNTRY_CODE", 0, 2)
    if n > 34:
        return ("IBAN_TOO_LONG", 0, n)
    if n <= 10:
        return ("IBAN_TOO_SHORT", 0, n)
    if not _IBAN_CHARS.issuperset(data):
        # Report in checking order: the rearranged IBAN starts at position 4.
        for i in (*range(4, n), 0, 1, 2, 3):
            if data[i] not in _IBAN_CHARS:
                return ("INVALID_IBAN_CHARACTER", i, 1)
    if int((data[4:] + data[:4]).translate(_IBAN_TO_NUMBER)) % 97 != 1:
        return ("INCORRECT_IBAN_CHECKSUM", 2, 2)
    expected = registry.get(country)
    if expected is not None and n != expected:
        return ("INVALID_IBAN_LENGTH", 0, n)
    return None


# ---------------------------------------------------------------------------------
# Small value checks
# ---------------------------------------------------------------------------------


def _importeridx(data: str) -> tuple[str, int, int] | None:
    """Require one importer-index character: 0-9, A-Z, a-z, '-' or '_'."""
    if len(data) != 1:
        return ("IMPORTER_IDX_MUST_BE_ONE_CHARACTER", 0, len(data))
    return None if data in _CSET64 else ("INVALID_IMPORT_IDX_CHARACTER", 0, 1)


def _nonzero(data: str) -> tuple[str, int, int] | None:
    """Digits whose value is not zero."""
    if _is_digits(data):
        return None if data.strip("0") else ("ILLEGAL_ZERO_VALUE", 0, len(data))
    return _non_digit(data) or ("ILLEGAL_ZERO_VALUE", 0, len(data))


def _zero(data: str) -> tuple[str, int, int] | None:
    """One or more zeros and nothing else."""
    if data and not data.strip("0"):
        return None
    return ("NOT_ZERO", 0, len(data))


def _nozeroprefix(data: str) -> tuple[str, int, int] | None:
    """Digits not starting with 0 (empty is fine)."""
    if data[:1] == "0":
        return ("ILLEGAL_ZERO_PREFIX", 0, 1)
    if not data or _is_digits(data):
        return None
    return _non_digit(data)


def _yesno(data: str) -> tuple[str, int, int] | None:
    """0 (no) or 1 (yes)."""
    if len(data) != 1:
        return ("NOT_ZERO_OR_ONE", 0, len(data))
    return None if data in "01" else ("NOT_ZERO_OR_ONE", 0, 1)


def _winding(data: str) -> tuple[str, int, int] | None:
    """Winding direction: 0 (face out), 1 (face in) or 9 (undefined)."""
    if len(data) != 1:
        return ("INVALID_WINDING_DIRECTION", 0, len(data))
    return None if data in "019" else ("INVALID_WINDING_DIRECTION", 0, 1)


def _coordinate(
    data: str, size: int, limit: int, bad_length: str, bad_value: str
) -> tuple[str, int, int] | None:
    if len(data) != size:
        return (bad_length, 0, len(data))
    if not _is_digits(data):
        return _non_digit(data)
    return None if int(data) <= limit else (bad_value, 0, size)


def _latitude(data: str) -> tuple[str, int, int] | None:
    """Latitude as 10 digits, 0000000000-1800000000."""
    return _coordinate(data, 10, 1800000000, "LATITUDE_INVALID_LENGTH", "INVALID_LATITUDE")


def _longitude(data: str) -> tuple[str, int, int] | None:
    """Longitude as 10 digits, 0000000000-3600000000."""
    return _coordinate(data, 10, 3600000000, "LONGITUDE_INVALID_LENGTH", "INVALID_LONGITUDE")


def _latlong(data: str) -> tuple[str, int, int] | None:
    """Latitude then longitude, 20 digits (the pre-2023 form of AI 4309)."""
    if len(data) != 20:
        return ("LATLONG_INVALID_LENGTH", 0, len(data))
    if not _is_digits(data):
        return _non_digit(data)
    if int(data[:10]) > 1800000000:
        return ("INVALID_LATITUDE", 0, 10)
    if int(data[10:]) > 3600000000:
        return ("INVALID_LONGITUDE", 10, 10)
    return None


def _pieceoftotal(data: str) -> tuple[str, int, int] | None:
    """Piece number then total count, equal widths, 0 < piece <= total."""
    n = len(data)
    if n and not _is_digits(data):
        return _non_digit(data)
    if n == 0 or n % 2:
        return ("INVALID_LENGTH_FOR_PIECE_OF_TOTAL", 0, n)
    half = n // 2
    piece, total = data[:half], data[half:]
    if not piece.strip("0"):
        return ("ZERO_PIECE_NUMBER", 0, half)
    if not total.strip("0"):
        return ("ZERO_TOTAL_PIECES", half, half)
    return ("PIECE_NUMBER_EXCEEDS_TOTAL", 0, n) if piece > total else None


def _posinseqslash(data: str) -> tuple[str, int, int] | None:
    """``<position>/<end>``: numbers without leading zeros, position <= end."""
    n = len(data)
    slash = data.find("/")
    pos, end = data[:slash], data[slash + 1 :]
    if slash <= 0 or not end or not _is_digits(pos) or not _is_digits(end):
        return ("POSITION_IN_SEQUENCE_MALFORMED", 0, n)
    if pos[0] == "0":
        return ("ILLEGAL_ZERO_PREFIX", 0, slash)
    if end[0] == "0":
        return ("ILLEGAL_ZERO_PREFIX", slash + 1, len(end))
    if len(pos) > len(end) or (len(pos) == len(end) and pos > end):
        return ("POSITION_EXCEEDS_END", 0, n)
    return None


# ---------------------------------------------------------------------------------
# North American coupon codes
# ---------------------------------------------------------------------------------


def _vli_field(
    data: str, p: int, lo: str, hi: str, plus: int, name: str
) -> tuple[int, tuple[str, int, int] | None]:
    """Length indicator in ``lo``-``hi`` at ``p`` and the field it announces.

    Returns (position after the field, error or None).
    """
    n = len(data)
    if p == n:
        return p, ("COUPON_MISSING_" + name + "_VLI", 0, n)
    if not lo <= data[p] <= hi:
        return p, ("COUPON_INVALID_" + name + "_LENGTH", p, 1)
    size = ord(data[p]) - 48 + plus
    p += 1
    if n - p < size:
        return p, _truncated("COUPON_TRUNCATED_" + name, p, n)
    return p + size, None


def _purchase(data: str, p: int, nth: str) -> tuple[int, tuple[str, int, int] | None]:
    """Purchase requirement (VLI 1-5), requirement code (0-4, 9), family code (3)."""
    n = len(data)
    p, err = _vli_field(data, p, "1", "5", 0, nth + "_PURCHASE_REQUIREMENT")
    if err is not None:
        return p, err
    if p == n:
        return p, ("COUPON_MISSING_" + nth + "_PURCHASE_REQUIREMENT_CODE", 0, n)
    if data[p] > "4" and data[p] != "9":
        return p, ("COUPON_INVALID_" + nth + "_PURCHASE_REQUIREMENT_CODE", p, 1)
    p += 1
    if n - p < 3:
        return p, _truncated("COUPON_TRUNCATED_" + nth + "_PURCHASE_FAMILY_CODE", p, n)
    return p + 3, None


def _purchase_gcp(data: str, p: int, nth: str) -> tuple[int, tuple[str, int, int] | None]:
    """GCP of a further purchase: VLI 0-6 (length VLI+6) or 9 (no GCP)."""
    n = len(data)
    name = nth + "_PURCHASE_GCP"
    if p == n:
        return p, ("COUPON_MISSING_" + name + "_VLI", 0, n)
    if data[p] > "6" and data[p] != "9":
        return p, ("COUPON_INVALID_" + name + "_LENGTH", p, 1)
    size = 0 if data[p] == "9" else ord(data[p]) - 42
    p += 1
    if n - p < size:
        return p, _truncated("COUPON_TRUNCATED_" + name, p, n)
    return p + size, None


def _couponcode(data: str) -> tuple[str, int, int] | None:
    """North American Coupon Code (AI 8110) structure."""
    n = len(data)
    if n and not _is_digits(data):
        return _non_digit(data)
    # Primary GS1 Company Prefix: VLI 0-6, length VLI + 6; then the Offer Code.
    p, err = _vli_field(data, 0, "0", "6", 6, "GCP")
    if err is not None:
        return err
    if n - p < 6:
        return _truncated("COUPON_TRUNCATED_OFFER_CODE", p, n)
    p, err = _vli_field(data, p + 6, "1", "5", 0, "SAVE_VALUE")
    if err is not None:
        return err
    p, err = _purchase(data, p, "1ST")
    if err is not None:
        return err
    if p < n and data[p] == "1":  # optional field 1: additional rules, 2nd purchase
        p += 1
        if p == n:
            return ("COUPON_MISSING_ADDITIONAL_PURCHASE_RULES_CODE", 0, n)
        if data[p] > "3":
            return ("COUPON_INVALID_ADDITIONAL_PURCHASE_RULES_CODE", p, 1)
        p, err = _purchase(data, p + 1, "2ND")
        if err is None:
            p, err = _purchase_gcp(data, p, "2ND")
        if err is not None:
            return err
    if p < n and data[p] == "2":  # optional field 2: 3rd purchase
        p, err = _purchase(data, p + 1, "3RD")
        if err is None:
            p, err = _purchase_gcp(data, p, "3RD")
        if err is not None:
            return err
    expiry = None
    if p < n and data[p] == "3":  # optional field 3: expiration date
        p += 1
        if n - p < 6:
            return _truncated("COUPON_TOO_SHORT_FOR_EXPIRATION_DATE", p, n)
        expiry = data[p : p + 6]
        if _yymmdd(expiry) is not None:
            return ("COUPON_INVALID_EXIPIRATION_DATE", p, 6)
        p += 6
    if p < n and data[p] == "4":  # optional field 4: start date
        p += 1
        if n - p < 6:
            return _truncated("COUPON_TOO_SHORT_FOR_START_DATE", p, n)
        start = data[p : p + 6]
        if _yymmdd(start) is not None:
            return ("COUPON_INVALID_START_DATE", p, 6)
        if expiry is not None and start > expiry:
            return ("COUPON_EXPIRATION_BEFORE_START", p - 8, 14)
        p += 6
    if p < n and data[p] == "5":  # optional field 5: serial number, VLI + 6 digits
        p, err = _vli_field(data, p + 1, "0", "9", 6, "SERIAL_NUMBER")
        if err is not None:
            return err
    if p < n and data[p] == "6":  # optional field 6: retailer GCP/GLN, VLI 1-7
        p, err = _vli_field(data, p + 1, "1", "7", 6, "RETAILER_GCP_OR_GLN")
        if err is not None:
            return err
    if p < n and data[p] == "9":  # optional field 9: miscellaneous
        p += 1
        if p == n:
            return ("COUPON_MISSING_SAVE_VALUE_CODE", 0, n)
        if data[p] not in "01256":
            return ("COUPON_INVALID_SAVE_VALUE_CODE", p, 1)
        p += 1
        if p == n:
            return ("COUPON_MISSING_SAVE_VALUE_APPLIES_TO_ITEM", 0, n)
        if data[p] > "2":
            return ("COUPON_INVALID_SAVE_VALUE_APPLIES_TO_ITEM", p, 1)
        p += 1
        if p == n:
            return ("COUPON_MISSING_STORE_COUPON_FLAG", 0, n)
        p += 1
        if p == n:
            return ("COUPON_MISSING_DONT_MULTIPLY_FLAG", 0, n)
        if data[p] not in "01":
            return ("COUPON_INVALID_DONT_MULTIPLY_FLAG", p, 1)
        p += 1
    return None if p == n else ("COUPON_EXCESS_DATA", p, n - p)


def _couponposoffer(data: str) -> tuple[str, int, int] | None:
    """Positive offer file coupon code (AI 8112) structure."""
    n = len(data)
    if n and not _is_digits(data):
        return _non_digit(data)
    if n == 0:
        return ("COUPON_MISSING_FORMAT_CODE", 0, 0)
    if data[0] not in "01":
        return ("COUPON_INVALID_FORMAT_CODE", 0, 1)
    p, err = _vli_field(data, 1, "0", "6", 6, "FUNDER")
    if err is not None:
        return err
    if n - p < 6:
        return _truncated("COUPON_TRUNCATED_OFFER_CODE", p, n)
    p, err = _vli_field(data, p + 6, "0", "9", 6, "SERIAL_NUMBER")
    if err is not None:
        return err
    return None if p == n else ("COUPON_EXCESS_DATA", p, n - p)


# ---------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------


def _deprecated(data: str) -> tuple[str, int, int] | None:
    """Retired linter name, kept as a no-op so older dictionaries still load."""
    return None


_REGISTRY: dict[str, Linter] = {
    "couponcode": _couponcode,
    "couponposoffer": _couponposoffer,
    "cset39": _cset39,
    "cset64": _cset64,
    "cset82": _cset82,
    "csetnumeric": _csetnumeric,
    "csum": _csum,
    "csumalpha": _csumalpha,
    "gcppos1": _gcppos1,
    "gcppos2": _gcppos2,
    "hasnondigit": _hasnondigit,
    "hh": _hh,
    "hhmi": _hhmi,
    "hyphen": _hyphen,
    "iban": _iban,
    "importeridx": _importeridx,
    "iso3166": _iso3166,
    "iso3166999": _iso3166999,
    "iso3166alpha2": _iso3166alpha2,
    "iso4217": _iso4217,
    "iso5218": _iso5218,
    "latitude": _latitude,
    "longitude": _longitude,
    "mediatype": _mediatype,
    "mi": _mi,
    "nonzero": _nonzero,
    "nozeroprefix": _nozeroprefix,
    "packagetype": _packagetype,
    "pcenc": _pcenc,
    "pieceoftotal": _pieceoftotal,
    "posinseqslash": _posinseqslash,
    "ss": _ss,
    "winding": _winding,
    "yesno": _yesno,
    "yymmd0": _yymmd0,
    "yymmdd": _yymmdd,
    "yyyymmd0": _yyyymmd0,
    "yyyymmdd": _yyyymmdd,
    "zero": _zero,
    # Former names that still check: "mm" was the first name of "mi"; "latlong"
    # checked AI 4309 as one N20 component before it was split into two N10s.
    "mm": _mi,
    "latlong": _latlong,
}

#: Retired linter names that the reference engine keeps as no-op stubs.
DEPRECATED: frozenset[str] = frozenset(
    ["hhmm", "iso3166list", "key", "keyoff1", "mmoptss", "yymmddhh"]
)
for _name in sorted(DEPRECATED):
    _REGISTRY[_name] = _deprecated

#: Every linter by name (read-only).
LINTERS: Mapping[str, Linter] = MappingProxyType(_REGISTRY)


def get_linter(name: str) -> Linter:
    """Return the linter called ``name``; raise ``KeyError`` for an unknown name.

    >>> get_linter("iso4217")("978") is None
    True
    >>> get_linter("iso4217")("000")
    ('NOT_ISO4217', 0, 3)
    >>> get_linter("nosuch")
    Traceback (most recent call last):
        ...
    KeyError: "unknown GS1 linter 'nosuch'"
    """
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown GS1 linter {name!r}") from None
