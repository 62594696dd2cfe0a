"""Generation: serialised trace codes at line speed, never the same serial twice.

:func:`generate` makes valid codes of any GS1 structure, product-class
profile or national scheme: check characters computed, dates formatted,
fixed fields validated once before anything is issued, serials valid by
construction.  Serials come from a strategy (sequential, random from an
alphabet with a checked guess probability, or supplied by the caller) and
are reserved in a registry (SQLite file, PostgreSQL, or memory) in one
transaction per batch before any code is handed out.

>>> import tracecode
>>> run = tracecode.generate("gs1", 2, gtin="09506000134352", expiry="2026-12-31",
...                          batch="L1", serial="sequential:1000")
>>> list(run)
['(01)09506000134352(17)261231(10)L1(21)1000', '(01)09506000134352(17)261231(10)L1(21)1001']
>>> sscc = list(tracecode.generate("sscc", 1, company_prefix="6901234", serial="sequential"))
>>> sscc
['(00)069012340000000016']

Packaging hierarchies (cases and pallets with SSCCs) are built by :func:`pack`
and exported as EPCIS 2.0 aggregation events (:func:`write_epcis`) or CSV.
"""

from __future__ import annotations

from tracecode.generation._core import FORMATS, Generation, generate
from tracecode.generation._gs1 import FIELD_AIS, GS1Plan, normalise_value, plan_gs1
from tracecode.generation._hierarchy import (
    Aggregation,
    pack,
    write_aggregation_csv,
    write_epcis,
)
from tracecode.generation._registry import (
    MemoryRegistry,
    SerialRegistry,
    SQLiteRegistry,
    open_registry,
)
from tracecode.generation._scheme import SchemePlan, plan_scheme
from tracecode.generation._serials import (
    ALPHABETS,
    DEFAULT_MAX_GUESS,
    RandomSerials,
    SequentialSerials,
    SerialStrategy,
    SuppliedSerials,
    parse_serial,
)

__all__ = [
    "ALPHABETS",
    "DEFAULT_MAX_GUESS",
    "FIELD_AIS",
    "FORMATS",
    "Aggregation",
    "GS1Plan",
    "Generation",
    "MemoryRegistry",
    "RandomSerials",
    "SQLiteRegistry",
    "SchemePlan",
    "SequentialSerials",
    "SerialRegistry",
    "SerialStrategy",
    "SuppliedSerials",
    "generate",
    "normalise_value",
    "open_registry",
    "pack",
    "parse_serial",
    "plan_gs1",
    "plan_scheme",
    "write_aggregation_csv",
    "write_epcis",
]
