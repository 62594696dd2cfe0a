"""China's national trace-code schemes, driven by data; detection; profiles; the record.

Each scheme is one file in ``spec/schemes/`` (TOML); the engine gives all of
them the same verbs (``parse``, ``validate``, ``is_valid``, ``compact``,
``format``, ``generate``).  :func:`detect` ranks the schemes (and GS1) a text may
belong to; :func:`get_profile` gives the unified code structure of a product
class; every parsed code maps onto one interchange record.

>>> from tracecode.scheme import get_scheme, detect
>>> code = get_scheme("cn.pesticide.unit").parse("http://www.sdakzw.com/nyzs/10929272000000000000000000000000")
>>> code["registration"], code.to_record().query_url
('092927', 'http://www.sdakzw.com/nyzs/10929272000000000000000000000000')
>>> detect("SC10135010000015")[0].scheme
'cn.food.sc'
"""

from __future__ import annotations

from tracecode.scheme._model import (
    Check,
    CheckResult,
    EnumValue,
    Label,
    ParsedSegment,
    Scheme,
    SchemeCode,
    Segment,
)
from tracecode.scheme._registry import get_scheme, schemes
from tracecode.scheme.detect import Candidate, detect, detect_best
from tracecode.scheme.profiles import Profile, get_profile, profiles
from tracecode.scheme.record import Identifier, TraceRecord, record_from_gs1, record_schema

__all__ = [
    "Candidate",
    "Check",
    "CheckResult",
    "EnumValue",
    "Identifier",
    "Label",
    "ParsedSegment",
    "Profile",
    "Scheme",
    "SchemeCode",
    "Segment",
    "TraceRecord",
    "detect",
    "detect_best",
    "get_profile",
    "get_scheme",
    "profiles",
    "record_from_gs1",
    "record_schema",
    "schemes",
]
