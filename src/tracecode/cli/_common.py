"""Shared helpers of the command-line interface."""

from __future__ import annotations

import json
import sys
from typing import Any

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def print_json(data: Any) -> None:
    """Print ``data`` as JSON (UTF-8, not ASCII-escaped)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def unescape_line(text: str) -> str:
    r"""Turn the two characters ``\n`` into a line break (multi-line codes in line input)."""
    return text.replace("\\n", "\n") if "\\n" in text else text
