"""Every carrier x format that can be rasterised is decoded back with zxing-cpp.

The decoded bytes must equal the data tracecode meant to encode, GS separators
included, and the symbology identifier must be the GS1 one for GS1 carriers.
"""

from __future__ import annotations

import pytest

from carrier_decode import image_of, read
from tracecode.carriers import CARRIERS, encode, render

GS = "\x1d"
HRI = "(01)09506000134352(17)261231(10)ABC123(21)XYZ"
ELEMENT_STRING = "01095060001343521726123110ABC123" + GS + "21XYZ"
URL = "https://id.gs1.org/01/09506000134352/10/ABC123/21/XYZ?17=261231"

# carrier -> (input, expected decoded data, expected symbology identifier)
CASES: dict[str, tuple[str, str, str]] = {
    "gs1-datamatrix": (HRI, ELEMENT_STRING, "]d2"),
    "gs1-qr": (HRI, ELEMENT_STRING, "]Q3"),
    "gs1-128": (HRI, ELEMENT_STRING, "]C1"),
    "gs1-databar-expanded": (HRI, ELEMENT_STRING, "]e0"),
    "qr": (URL, URL, "]Q1"),
    "micro-qr": ("81773220288616423835", "81773220288616423835", "]Q1"),
    "datamatrix": ("TRACE-2026/ABC_123", "TRACE-2026/ABC_123", "]d1"),
    "code128": ("81773220288616423835", "81773220288616423835", "]C0"),
    "ean13": ("6901234567892", "6901234567892", "]E0"),
    "ean8": ("96385074", "96385074", "]E4"),
    "upca": ("036000291452", "0036000291452", "]E0"),  # zxing reports UPC-A as EAN-13
    "itf14": ("15400141288763", "15400141288763", "]I1"),
}
FORMATS = ("png", "svg", "pdf", "eps", "zpl")


def _check(fmt: str, data: bytes, want: str, symid: str) -> None:
    found = read(image_of(fmt, data))
    assert found, f"nothing decoded from {fmt}"
    got = [(b.bytes.decode("utf-8"), b.symbology_identifier) for b in found]
    assert (want, symid) in got, got


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("carrier", sorted(CASES))
def test_decodes_back(carrier: str, fmt: str) -> None:
    code, want, symid = CASES[carrier]
    _check(fmt, render(code, carrier, format=fmt), want, symid)


def test_every_decodable_carrier_is_covered() -> None:
    decodable = {name for name, spec in CARRIERS.items() if spec.decodable}
    assert decodable == set(CASES)


@pytest.mark.parametrize(
    ("code", "want", "symid"),
    [
        (HRI, ELEMENT_STRING, "]d2"),
        (URL, URL, "]Q1"),  # a Digital Link URI stays a URI in QR
        ("]C1" + ELEMENT_STRING, ELEMENT_STRING, "]d2"),  # scan data
        ("https://example.com/p?id=1", "https://example.com/p?id=1", "]Q1"),
        ("6901234567892", "6901234567892", "]E0"),
        ("81773220288616423835", "81773220288616423835", "]C0"),
    ],
)
def test_default_carrier_decodes(code: str, want: str, symid: str) -> None:
    _check("png", render(code, format="png"), want, symid)


def test_digital_link_to_gs1_carrier_becomes_element_string() -> None:
    from tracecode.gs1 import parse

    want = parse(URL).element_string()  # URI order: path AIs, then query AIs
    assert want == "010950600013435210ABC123" + GS + "21XYZ" + GS + "17261231"
    _check("png", render(URL, "gs1-datamatrix", format="png"), want, "]d2")


def test_gs1_message_object_and_digital_link_in_plain_qr() -> None:
    from tracecode.gs1 import parse

    msg = parse(HRI)
    _check("png", render(msg, "gs1-128", format="png"), ELEMENT_STRING, "]C1")
    # a plain QR code carries GS1 data as its Digital Link URI
    _check("png", render(msg, "qr", format="png"), msg.digital_link(), "]Q1")


@pytest.mark.parametrize("shape", ["rect", "dmre"])
def test_datamatrix_shapes(shape: str) -> None:
    m = encode(HRI, "gs1-datamatrix", shape=shape)
    assert m.width > m.height
    png = render(HRI, "gs1-datamatrix", format="png", shape=shape)
    found = read(image_of("png", png))
    assert found[0].bytes.decode() == ELEMENT_STRING
    # DMRE is reported as ]d8 by zxing-cpp (modifier + 6); ECC 200 rectangles as ]d2
    assert found[0].symbology_identifier == ("]d8" if shape == "dmre" else "]d2")


def test_square_is_the_default_shape() -> None:
    m = encode("(01)09506000134352(10)ABCDEFGHIJKLMNOPQRST", "gs1-datamatrix")
    assert m.width == m.height


def test_chinese_text_qr_uses_hanzi_mode_and_decodes() -> None:
    text = "追溯码：批号ABC123，生产日期2026年1月1日，产地上海"
    m = encode(text)
    assert (m.carrier, m.backend) == ("qr", "segno")
    plain = encode(text, "qr", hanzi=False)
    assert plain.backend == "zint"
    assert plain.width > m.width  # Hanzi mode makes a smaller symbol
    found = read(image_of("png", render(text, format="png")))
    assert found[0].text == text


def test_chinese_datamatrix_decodes() -> None:
    text = "药品追溯码 81773220288616423835"
    found = read(image_of("png", render(text, "datamatrix", format="png")))
    assert found[0].text == text


@pytest.mark.parametrize("backend", ["python-barcode", "zint"])
@pytest.mark.parametrize("carrier", ["gs1-128", "code128", "ean13", "ean8", "upca"])
def test_swappable_linear_backends(carrier: str, backend: str) -> None:
    code, want, symid = CASES[carrier]
    m = encode(code, carrier, backend=backend)
    assert m.backend == backend
    _check("png", render(code, carrier, format="png", backend=backend), want, symid)


@pytest.mark.parametrize("carrier", ["qr", "micro-qr"])
def test_segno_backend(carrier: str) -> None:
    code, want, symid = CASES[carrier]
    _check("svg", render(code, carrier, backend="segno"), want, symid)


@pytest.mark.parametrize("ecc", ["L", "M", "Q", "H"])
def test_qr_error_correction_level(ecc: str) -> None:
    found = read(image_of("png", render(URL, "qr", format="png", ecc=ecc)))
    assert found[0].ec_level == ecc


def test_gs1_separator_only_after_variable_length_fields() -> None:
    # (17) is fixed length: no FNC1 after it even when not last; (10) needs one
    code = "(01)09506000134352(10)ABC123(17)261231"
    m = encode(code, "gs1-128")
    assert m.data == "010950600013435210ABC123" + GS + "17261231"
    found = read(image_of("png", render(code, "gs1-128", format="png")))
    assert found[0].bytes.decode() == m.data
