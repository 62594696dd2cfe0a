"""Print-quality options, HRI, errors, ZPL specifics, label sheets, CLI, undecodables."""

from __future__ import annotations

import re
import struct
import zlib

import pytest

from carrier_decode import from_pdf, from_png, image_of, read
from tracecode.carriers import CARRIERS, encode, labels, make_layout, render
from tracecode.carriers._zpl import code128_fd, gfa_compress_row
from tracecode.errors import TraceCodeError

HRI = "(01)09506000134352(17)261231(10)ABC123(21)XYZ"
GS = "\x1d"


# --- X-dimension, dots, quiet zones -------------------------------------------------
def test_xdim_in_mils_and_whole_dots() -> None:
    m = encode(HRI)
    lay = make_layout(m, xdim="15mil", dpi=300)
    assert lay.dots == round(0.381 * 300 / 25.4)  # 4.5 -> 4 dots (round half even)
    assert lay.unit_mm == pytest.approx(lay.dots * 25.4 / 300)
    lay = make_layout(m, dots=3, dpi=203)
    assert lay.unit_mm == pytest.approx(3 * 25.4 / 203)


def test_png_size_and_dpi_follow_dots_per_module() -> None:
    png = render(HRI, format="png", dpi=600, xdim="0.5mm")
    width, height = struct.unpack(">II", png[16:24])
    dots = round(0.5 * 600 / 25.4)  # 12
    assert width == height == (22 + 2) * dots  # 22 modules + 1X quiet zone each side
    assert b"pHYs" in png
    assert from_png(png).info["dpi"][0] == pytest.approx(600, abs=1)


@pytest.mark.parametrize(
    ("code", "carrier", "shape"),
    [
        (HRI, "gs1-datamatrix", "square"),
        (HRI, "gs1-datamatrix", "rect"),
        ("HELLO", "datamatrix", "dmre"),
        ("https://example.com/01/09506000134352/21/ABC", "qr", "square"),
        ("12345", "micro-qr", "square"),
        ("x" * 300, "qr", "square"),
        ("汉信码", "hanxin", "square"),
    ],
)
def test_bare_2d_png_fast_path_has_the_layout_pixels(code: str, carrier: str, shape: str) -> None:
    # a bare 2D PNG is packed straight from the back end's rows; with the quiet
    # zone given explicitly it goes through the general layout writer instead
    quiet = CARRIERS[carrier].quiet[0]
    for dots in range(1, 10):
        for dpi in (None, 300):
            fast = render(code, carrier, "png", dots=dots, dpi=dpi, shape=shape)
            general = render(
                code, carrier, "png", dots=dots, dpi=dpi, shape=shape, quiet_zone=quiet
            )
            a, b = from_png(fast), from_png(general)
            assert a.size == b.size
            assert a.tobytes() == b.tobytes(), (carrier, dots)
            assert (b"pHYs" in fast) == (dpi is not None)
            _check_png_stream(fast)


def _check_png_stream(png: bytes) -> None:
    """Every chunk CRC right, the image data one complete zlib stream of the right size."""
    pos, idat, size = 8, b"", (0, 0)
    while pos < len(png):
        (n,) = struct.unpack(">I", png[pos : pos + 4])
        tag, data = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + n]
        assert png[pos + 8 + n : pos + 12 + n] == struct.pack(">I", zlib.crc32(tag + data))
        if tag == b"IHDR":
            size = struct.unpack(">II", data[:8])
        idat += data if tag == b"IDAT" else b""
        pos += 12 + n
    d = zlib.decompressobj()
    raw = d.decompress(idat)
    assert d.eof and not d.unused_data  # adler32 checked by zlib
    assert len(raw) == size[1] * (1 + (size[0] + 7) // 8)


def test_svg_size_in_mm_matches_xdim() -> None:
    svg = render(HRI, xdim="0.4mm").decode()
    assert 'width="9.6mm"' in svg  # (22 + 2) * 0.4
    assert 'viewBox="0 0 24 24"' in svg


@pytest.mark.parametrize(
    ("carrier", "code", "quiet"),
    [
        ("qr", "HELLO", (4, 4, 4, 4)),
        ("micro-qr", "123", (2, 2, 2, 2)),
        ("gs1-datamatrix", HRI, (1, 1, 1, 1)),
        ("gs1-128", HRI, (0, 10, 0, 10)),
        ("ean13", "6901234567892", (0, 7, 0, 11)),
        ("ean8", "96385074", (0, 7, 0, 7)),
        ("upca", "036000291452", (0, 9, 0, 9)),
        ("hanxin", "追溯码", (3, 3, 3, 3)),
    ],
)
def test_standard_quiet_zones(carrier: str, code: str, quiet: tuple[int, ...]) -> None:
    m = encode(code, carrier)
    assert m.quiet == quiet
    lay = make_layout(m, hri=False)
    assert lay.origin[0] == quiet[3] + (5 if carrier == "itf14" else 0)


def test_quiet_zone_override() -> None:
    lay = make_layout(encode("HELLO", "qr"), quiet_zone=2)
    assert lay.width == 21 + 4


def test_itf14_has_bearer_bars_and_decodes() -> None:
    lay = make_layout(encode("15400141288763"), hri=False)
    # frame: four bearer rectangles reaching the canvas edges
    assert sum(1 for r in lay.rects if r[0] == 0 and r[2] == lay.width) == 2
    assert read(image_of("png", render("15400141288763", format="png")))[0].text == (
        "15400141288763"
    )


@pytest.mark.parametrize(
    ("carrier", "code", "mm"), [("code128", "12", 15.0), ("ean13", "6901234567892", 22.85)]
)
def test_default_bar_height_reaches_every_format(carrier: str, code: str, mm: float) -> None:
    svg = render(code, carrier, hri=False).decode()
    assert f'height="{mm:g}mm"' in svg
    png = render(code, carrier, format="png", hri=False, dpi=254)  # 10 px per mm
    assert abs(struct.unpack(">I", png[20:24])[0] - mm * 10) <= 1  # whole printer dots


def test_linear_height_in_mm() -> None:
    lay = make_layout(encode("81773220288616423835"), height="10mm", xdim="0.25mm", hri=False)
    assert lay.bar_height * lay.unit_mm == pytest.approx(10)


def test_output_is_deterministic() -> None:
    for fmt in ("svg", "png", "pdf", "eps", "zpl"):
        a = render(HRI, format=fmt, hri=True, caption="药品追溯码" if fmt != "png" else "LOT")
        b = render(HRI, format=fmt, hri=True, caption="药品追溯码" if fmt != "png" else "LOT")
        assert a == b, fmt
    assert b"CreationDate" not in render(HRI, format="pdf")


# --- HRI ---------------------------------------------------------------------------------
def test_hri_has_ai_parentheses_but_data_does_not() -> None:
    m = encode(HRI, "gs1-128")
    assert m.hri == HRI
    assert "(" not in m.data
    svg = render(HRI, "gs1-128").decode()
    assert ">(01)09506000134352(17)261231(10)ABC123(21)XYZ</text>" in svg


def test_drug_code_hri_in_groups() -> None:
    m = encode("81773220288616423835")
    assert m.hri == "8177322 028861642 3835"
    assert m.data == "81773220288616423835"


def test_ean13_classic_text_layout() -> None:
    svg = render("6901234567892").decode()
    texts = re.findall(r">([0-9]+)</text>", svg)
    assert texts == ["6", "901234", "567892"]


def test_chinese_caption_in_svg_pdf_eps() -> None:
    svg = render("81773220288616423835", caption="药品追溯码").decode()
    assert ">药品追溯码</text>" in svg
    pdf = render("81773220288616423835", format="pdf", caption="药品追溯码")
    assert b"/STSong-Light" in pdf
    eps = render("81773220288616423835", format="eps", caption="药品追溯码")
    assert "药品追溯码".encode("utf-16-be").hex().upper().encode() in eps
    # the symbol still decodes with text drawn around it
    assert read(from_pdf(pdf))[0].text == "81773220288616423835"


def test_png_text_is_drawn_and_symbol_still_decodes() -> None:
    plain = render(HRI, "gs1-128", format="png", hri=False)
    with_text = render(HRI, "gs1-128", format="png")
    assert struct.unpack(">I", with_text[20:24])[0] > struct.unpack(">I", plain[20:24])[0]
    img = from_png(with_text)
    assert read(img)[0].bytes.decode() == "01095060001343521726123110ABC123" + GS + "21XYZ"


def test_png_chinese_text_needs_a_font() -> None:
    from tracecode.carriers import _writers

    if _writers._find_cjk_font() is not None:  # pragma: no cover - machine has a CJK font
        pytest.skip("a CJK font is installed here")
    with pytest.raises(TraceCodeError) as exc:
        render("HELLO", format="png", caption="追溯码")
    assert exc.value.code == "RENDER_FAILED"


# --- errors are structured ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "carrier", "kwargs", "error"),
    [
        ("(01)09506000134353", None, {}, "INCORRECT_CHECK_DIGIT"),
        ("5901234123458", "ean13", {}, "INCORRECT_CHECK_DIGIT"),
        ("59012341234", "ean13", {}, "INVALID_LENGTH"),
        ("HELLO", "gs1-128", {}, None),
        ("HELLO", "nope", {}, "RENDER_FAILED"),
        ("HELLO", "qr", {"ecc": "X"}, "RENDER_FAILED"),
        ("HELLO", "datamatrix", {"ecc": "H"}, "RENDER_FAILED"),
        ("HELLO", "qr", {"format": "gif"}, "RENDER_FAILED"),
        ("追溯", "code128", {}, "INVALID_CHARACTER"),
        ("", None, {}, "EMPTY_INPUT"),
        ("HELLO", "qr", {"xdim": "wide"}, "RENDER_FAILED"),
        ("HELLO", "micro-qr", {"backend": "python-barcode"}, "RENDER_FAILED"),
        ("X" * 5000, "qr", {}, "RENDER_FAILED"),
        ("(01)09506000134352(10)A", "ean13", {}, "RENDER_FAILED"),
    ],
)
def test_bad_input_raises_structured_errors(
    code: str, carrier: str | None, kwargs: dict[str, str], error: str | None
) -> None:
    with pytest.raises(TraceCodeError) as exc:
        render(code, carrier, **kwargs)  # type: ignore[arg-type]
    if error is not None:
        assert exc.value.code == error


def test_gtin_from_gs1_message_for_ean13() -> None:
    assert encode("(01)06901234567892", "ean13").data == "6901234567892"


# --- ZPL ---------------------------------------------------------------------------------
def test_zpl_native_commands() -> None:
    assert b"^BCN," in render(HRI, "gs1-128", format="zpl")
    bx = render(HRI, "gs1-datamatrix", format="zpl").decode()
    assert "^BXN,4,200,22,22,6,_^FD_1" + "01095060001343521726123110ABC123_121XYZ" in bx
    assert b"^GFA," in render(HRI, "gs1-qr", format="zpl")  # no exact native GS1 QR
    assert b"^GFA," in render("HELLO", "qr", format="zpl")
    assert b"^BQN,2," in render("HELLO", "qr", format="zpl", zpl_native="all")
    assert b"^BC" not in render(HRI, "gs1-128", format="zpl", zpl_native=False)


def test_zpl_falls_back_to_raster_for_control_characters() -> None:
    zpl = render("A^B~C_D", "datamatrix", format="zpl")
    assert b"^GFA," in zpl
    assert read(image_of("zpl", zpl))[0].text == "A^B~C_D"


def test_zpl_native_qr_decodes() -> None:
    zpl = render("HELLO TRACE", "qr", format="zpl", zpl_native="all", dpi=203, dots=4)
    assert read(image_of("zpl", zpl))[0].text == "HELLO TRACE"


def test_zpl_chinese_text_uses_utf8() -> None:
    zpl = render("81773220288616423835", format="zpl", caption="药品追溯码").decode()
    assert "^CI28" in zpl
    assert "药品追溯码" in zpl


def test_code128_subsets() -> None:
    assert code128_fd("81773220288616423835", False) == ">;81773220288616423835"
    assert code128_fd("AB12", False) == ">:AB>512"
    assert code128_fd("A12345", False) == ">:A1>52345"
    assert code128_fd("A>B", False) is None


def test_gfa_compression() -> None:
    assert gfa_compress_row("0000") == ","
    assert gfa_compress_row("F" * 45) == "hKF"  # h = 40, K = 5
    assert gfa_compress_row("AB") == "AB"


# --- 2D symbols nothing here can decode ------------------------------------------------------
def test_hanxin_encodes_chinese() -> None:
    m = encode("追溯码：批号ABC123", "hanxin")
    assert m.width == m.height
    assert (m.width - 21) % 2 == 0  # Han Xin versions are 23, 25, ... modules
    assert m.symid is None
    assert render("追溯码：批号ABC123", "hanxin", format="png").startswith(b"\x89PNG")


def test_hanxin_version_and_ecc() -> None:
    small = encode("追溯码", "hanxin", ecc="1")
    big = encode("追溯码", "hanxin", ecc="4", version=5)
    assert big.width == 23 + 2 * 4
    assert small.width <= big.width


def test_dotcode_gs1_and_plain() -> None:
    g = encode("(01)09506000134352(10)ABC", "dotcode")
    assert g.data == "010950600013435210ABC"
    p = encode("HELLO", "dotcode")
    assert (p.width + p.height) % 2 == 1  # DotCode: width + height is odd
    assert render("HELLO", "dotcode", format="svg").startswith(b"<?xml")


def test_matrix_output() -> None:
    m = render(HRI, format="matrix")
    assert m.modules()[0][:4] == [1, 0, 1, 0]
    assert len(m.rows) == m.height == 22
    assert str(m).count("\n") == 21


# --- label sheets -----------------------------------------------------------------------------
def test_label_sheet_grid_decodes_every_label() -> None:
    codes = [f"(01)09506000134352(10)LOT{i:02d}" for i in range(6)]
    seen: list[tuple[int, int]] = []
    pdf = labels(
        [(c, ["批号 LOT"]) for c in codes], progress=lambda d, t: seen.append((d, t)), border=True
    )
    assert seen[-1] == (6, 6)
    found = read(from_pdf(pdf, scale=4))
    got = sorted(b.bytes.decode() for b in found)
    assert got == sorted(f"010950600013435210LOT{i:02d}" for i in range(6))
    assert {b.symbology_identifier for b in found} == {"]d2"}


def test_label_per_page_and_skip_errors() -> None:
    import pypdfium2

    pdf = labels(["HELLO", "(01)09506000134353", "WORLD"], one_per_page=True, on_error="skip")
    doc = pypdfium2.PdfDocument(pdf)
    assert len(doc) == 3
    with pytest.raises(TraceCodeError):
        labels(["(01)09506000134353"])


# --- CLI ----------------------------------------------------------------------------------------
def test_cli_render_and_labels(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tracecode.cli import main

    out = tmp_path / "a.png"
    assert main(["render", HRI, "-o", str(out)]) == 0
    assert read(from_png(out.read_bytes()))[0].symbology_identifier == "]d2"
    assert main(["render", "(01)09506000134353", "-o", str(tmp_path / "b.svg")]) == 1
    codes = tmp_path / "codes.txt"
    codes.write_text(
        "(01)09506000134352(10)A1\t批号 A1\n81773220288616423835\t药品追溯码\n# note\n\n",
        encoding="utf-8",
    )
    assert main(["render", "-i", str(codes), "-o", str(tmp_path / "out"), "-f", "svg"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["0001.svg", "0002.svg"]
    assert main(["labels", str(codes), "-o", str(tmp_path / "l.pdf"), "--border"]) == 0
    assert (tmp_path / "l.pdf").read_bytes().startswith(b"%PDF")
    assert main(["render", HRI, "-c", "gs1-128", "-o", str(tmp_path / "x.zpl")]) == 0
    assert b"^BC" in (tmp_path / "x.zpl").read_bytes()
