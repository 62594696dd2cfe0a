"""Regenerate docs/errors.md from the error catalogue (tracecode.errors.CATALOGUE).

Run:  python scripts/gen_error_docs.py
The test suite checks that docs/errors.md is up to date.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

HEADER = """# Error codes

Every error tracecode reports has a stable machine-readable `code`, a `position` (0-based
offset into the input, or `null`) and a message in English or Chinese (zh-CN). Codes are never
renamed or removed; new ones may be added. This page is generated from
`tracecode.errors.CATALOGUE` by `scripts/gen_error_docs.py`; the test suite checks it is current.

| code | class | meaning (en) | 含义 (zh) |
|---|---|---|---|
"""


def load_all() -> None:
    """Import every tracecode module so that each registers its codes."""
    import tracecode

    for info in pkgutil.walk_packages(tracecode.__path__, "tracecode."):
        if info.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(info.name)
        except ImportError:
            continue


def render() -> str:
    """The text of docs/errors.md."""
    from tracecode.errors import CATALOGUE

    load_all()
    rows = []
    for code in sorted(CATALOGUE):
        cls, en, zh = CATALOGUE[code]
        en = en.replace("{position}", "N").replace("|", "\\|")
        zh = zh.replace("{position}", "N").replace("|", "\\|")
        rows.append(f"| `{code}` | `{cls.__name__}` | {en} | {zh} |")
    return HEADER + "\n".join(rows) + "\n"


def main() -> None:
    path = Path(__file__).resolve().parent.parent / "docs" / "errors.md"
    path.write_text(render(), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
