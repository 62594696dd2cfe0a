"""tracecode: coding rules for product traceability.

GS1 application identifiers and Digital Link, China's national trace-code
schemes, check characters, generation and rendering to carriers.
"""

from __future__ import annotations

from tracecode.errors import TraceCodeError

__all__ = ["TraceCodeError", "__version__"]

__version__ = "0.1.0"
