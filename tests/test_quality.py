"""Project-wide checks: docs catalogue, public API, types, lint, import time."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_script(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_error_catalogue_doc_is_current() -> None:
    gen = _load_script("gen_error_docs")
    expected = gen.render()
    actual = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert actual == expected, "run: python scripts/gen_error_docs.py"


def test_every_catalogue_entry_has_both_languages() -> None:
    gen = _load_script("gen_error_docs")
    gen.load_all()
    from tracecode.errors import CATALOGUE, TraceCodeError

    for code, (cls, en, zh) in CATALOGUE.items():
        assert issubclass(cls, TraceCodeError), code
        assert en.strip() and zh.strip(), code
        assert code == code.upper(), code


def test_public_api() -> None:
    import tracecode

    for name in tracecode.__all__:
        assert getattr(tracecode, name) is not None, name
    assert issubclass(tracecode.TraceCodeError, ValueError)


def test_spec_data_is_read_from_the_package() -> None:
    from importlib import resources

    ref = resources.files("tracecode") / "spec" / "gs1" / "ai-dictionary.txt"
    assert ref.is_file()


@pytest.mark.skipif(not (ROOT / "src").exists(), reason="source tree only")
def test_ruff_clean() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests", "bench", "scripts"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(not (ROOT / "src").exists(), reason="source tree only")
def test_mypy_strict_clean() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "src/tracecode"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_import_stays_light() -> None:
    # bench/bench_gs1.py measures import time; here we check that no heavy
    # module is pulled in by `import tracecode` (structure, not timing).
    code = (
        "import sys, tracecode; heavy = {'segno', 'barcode', 'zint', 'zxingcpp', 'sqlite3', "
        "'numpy', 'pandas', 'tomllib', 'tracecode.carriers', 'tracecode.generation'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_docs_build(tmp_path: Path) -> None:
    pytest.importorskip("sphinx")
    pytest.importorskip("myst_parser")
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", "docs", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
