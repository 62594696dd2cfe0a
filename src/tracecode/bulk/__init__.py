"""Bulk validation: files, iterables, data frames and clusters.

* :func:`validate_many` validates an iterable of codes, streaming reports in
  input order, optionally on several processes and with duplicate detection.
* ``tracecode validate`` (the CLI) streams files of any size through the same
  engine (see ``docs/bulk-validation.md``).
* Column functions (optional extras): :mod:`tracecode.bulk.pandas`,
  :mod:`tracecode.bulk.polars`, :mod:`tracecode.bulk.arrow`; scale-out on
  :mod:`tracecode.bulk.dask` and :mod:`tracecode.bulk.spark`.

>>> import tracecode
>>> reports = tracecode.validate_many(["(01)09506000134352(21)A", "(01)09506000134353"])
>>> [(r.valid, r.scheme) for r in reports]
[(True, 'gs1'), (False, 'gs1')]
"""

from __future__ import annotations

from tracecode.bulk._api import validate_many, validate_values
from tracecode.bulk._dupes import DuplicateIndex
from tracecode.bulk._keys import key_hash, serial_key

__all__ = ["DuplicateIndex", "key_hash", "serial_key", "validate_many", "validate_values"]
