r"""tracecode: coding rules for product traceability.

GS1 application identifiers, element strings and Digital Link; China's
national trace-code schemes; check characters; generation; carriers.

>>> import tracecode
>>> tracecode.parse("]d2010950600013435217261231" "10ABC123\x1d21XYZ").hri()
'(01)09506000134352(17)261231(10)ABC123(21)XYZ'
>>> tracecode.validate("(01)09506000134352(17)261231(10)ABC123(21)XYZ").valid
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracecode._api import Report, detect, parse, validate
from tracecode.errors import (
    AssociationError,
    CheckCharacterError,
    DigitalLinkError,
    FormatError,
    GenerationError,
    InputError,
    RenderError,
    SchemeError,
    SpecError,
    TraceCodeError,
    ValueCheckError,
)

if TYPE_CHECKING:
    from tracecode import checksum, gs1, scheme

__all__ = [
    "AssociationError",
    "CheckCharacterError",
    "DigitalLinkError",
    "FormatError",
    "GenerationError",
    "InputError",
    "RenderError",
    "Report",
    "SchemeError",
    "SpecError",
    "TraceCodeError",
    "ValueCheckError",
    "__version__",
    "checksum",
    "detect",
    "gs1",
    "parse",
    "scheme",
    "validate",
]

__version__ = "0.1.0"

_LAZY = {
    "checksum": "tracecode.checksum",
    "gs1": "tracecode.gs1",
    "scheme": "tracecode.scheme",
    "carriers": "tracecode.carriers",
    "generation": "tracecode.generation",
}
_LAZY_ATTRS = {
    "render": ("tracecode.carriers", "render"),
    "generate": ("tracecode.generation", "generate"),
    "validate_many": ("tracecode.bulk", "validate_many"),
}


def __getattr__(name: str) -> Any:
    import importlib

    if name in _LAZY:
        return importlib.import_module(_LAZY[name])
    if name in _LAZY_ATTRS:
        module, attr = _LAZY_ATTRS[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'tracecode' has no attribute {name!r}")
