"""affilint.decode.decode: bytes of unknown encoding to text (BOM, declaration, UTF-8, detection)."""

from __future__ import annotations

import pytest

from affilint.decode import decode
from affilint.errors import InputError
from helpers_cli import check_json, write

CAFE = "<p>caf\u00e9 cr\u00e8me br\u00fbl\u00e9e</p>"


def test_utf8_without_declaration_decodes_as_utf8():
    text = "<p>caf\u00e9 \u00fcber \u201cquoted\u201d \u20ac5 \u65e5\u672c</p>"
    decoded = decode(text.encode("utf-8"))
    assert decoded.text == text
    assert decoded.encoding == "utf-8"


def test_meta_charset_iso_8859_1_decodes_latin1_bytes():
    html = f'<html><head><meta charset="iso-8859-1"></head><body>{CAFE}</body></html>'
    decoded = decode(html.encode("latin-1"))
    assert decoded.text == html
    assert decoded.method == "declared"


def test_meta_charset_iso_8859_1_is_read_as_windows_1252_like_browsers():
    # WHATWG maps the iso-8859-1 label to windows-1252: 0x93/0x94/0x80 are curly quotes and the euro.
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>\u201cHi\u201d \u20ac5</p></body></html>'
    decoded = decode(html.encode("cp1252"))
    assert "\u201cHi\u201d \u20ac5" in decoded.text
    assert decoded.encoding == "windows-1252"


def test_http_equiv_content_type_declaration_is_honoured():
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        f"</head><body>{CAFE}</body></html>"
    )
    decoded = decode(html.encode("latin-1"))
    assert decoded.text == html
    assert decoded.method == "declared"



@pytest.mark.parametrize(
    "head",
    [
        '<meta content="text/html; charset=iso-8859-1" http-equiv="Content-Type">',
        "<meta charset='iso-8859-1'>",
        "<meta charset=iso-8859-1>",
        '<META CHARSET="ISO-8859-1">',
        '<meta http-equiv="content-type" content="text/html;charset=latin1">',
    ],
    ids=["content-before-http-equiv", "single-quotes", "unquoted", "uppercase", "latin1-label"],
)
def test_latin1_declaration_variants(head):
    html = head + "<p>Le caf\u00e9 est tr\u00e8s bon, na\u00efve cr\u00e8me br\u00fbl\u00e9e.</p>"
    decoded = decode(html.encode("latin-1"))
    assert decoded.text == html
    assert decoded.method == "declared"

def test_meta_charset_windows_1252_decodes_smart_quotes():
    html = '<meta charset="windows-1252"><p>\u201cquoted\u201d \u2014 \u20ac5</p>'
    assert decode(html.encode("cp1252")).text == html


def test_xml_declaration_encoding_is_honoured():
    html = f'<?xml version="1.0" encoding="ISO-8859-1"?><html><body>{CAFE}</body></html>'
    assert "caf\u00e9" in decode(html.encode("latin-1")).text


def test_utf8_bom_is_stripped_and_wins():
    decoded = decode(b"\xef\xbb\xbf" + CAFE.encode("utf-8"))
    assert decoded.text == CAFE
    assert decoded.method == "bom"


def test_utf8_bom_beats_a_conflicting_meta_declaration():
    html = f'<meta charset="iso-8859-1">{CAFE}'
    decoded = decode(b"\xef\xbb\xbf" + html.encode("utf-8"))
    assert decoded.text == html


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_decodes(codec):
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[codec]
    decoded = decode(bom + CAFE.encode(codec))
    assert decoded.text == CAFE
    assert decoded.method == "bom"


def test_meta_charset_utf16_on_ascii_bytes_is_read_as_utf8():
    # An ASCII-compatible scan found the label, so the bytes cannot be UTF-16 (WHATWG: use UTF-8).
    html = f'<meta charset="utf-16">{CAFE}'
    assert decode(html.encode("utf-8")).text == html



def test_undeclared_windows_1252_cafe_decodes_to_cafe():
    decoded = decode("<p>caf\u00e9</p>".encode("cp1252"))
    assert decoded.text == "<p>caf\u00e9</p>"


def test_undeclared_windows_1252_french_sentence_decodes():
    html = "<html><body><p>Le caf\u00e9 est tr\u00e8s bon \u00e0 Paris, o\u00f9 l'\u00e9t\u00e9 dure longtemps. Cr\u00e8me br\u00fbl\u00e9e, na\u00efve fa\u00e7ade.</p></body></html>"
    assert decode(html.encode("cp1252")).text == html


def test_undeclared_windows_1252_longer_english_text_decodes():
    html = "<p>We visited a caf\u00e9 in town and had a cr\u00e8me br\u00fbl\u00e9e for dessert; it cost \u20ac5.</p>"
    decoded = decode(html.encode("cp1252"))
    assert decoded.text == html


def test_undeclared_cp1251_cyrillic_is_detected():
    sentence = (
        "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440! "
        "\u042d\u0442\u043e \u0442\u0435\u0441\u0442\u043e\u0432\u0430\u044f \u0441\u0442\u0440\u0430\u043d\u0438\u0446\u0430 "
        "\u043d\u0430 \u0440\u0443\u0441\u0441\u043a\u043e\u043c \u044f\u0437\u044b\u043a\u0435, "
        "\u043d\u0430\u043f\u0438\u0441\u0430\u043d\u043d\u0430\u044f \u0434\u043b\u044f \u043f\u0440\u043e\u0432\u0435\u0440\u043a\u0438 "
        "\u043e\u043f\u0440\u0435\u0434\u0435\u043b\u0435\u043d\u0438\u044f \u043a\u043e\u0434\u0438\u0440\u043e\u0432\u043a\u0438. "
        "\u041c\u0438\u043d\u0438\u0441\u0442\u0435\u0440\u0441\u0442\u0432\u043e \u0441\u043e\u043e\u0431\u0449\u0438\u043b\u043e "
        "\u0432 \u043f\u043e\u043d\u0435\u0434\u0435\u043b\u044c\u043d\u0438\u043a, \u0447\u0442\u043e \u044d\u043a\u0441\u043f\u043e\u0440\u0442 "
        "\u0432\u044b\u0440\u043e\u0441 \u043d\u0430 \u0434\u0432\u0435\u043d\u0430\u0434\u0446\u0430\u0442\u044c "
        "\u043f\u0440\u043e\u0446\u0435\u043d\u0442\u043e\u0432. "
    )
    html = f"<html><body><p>{sentence * 3}</p></body></html>"
    decoded = decode(html.encode("cp1251"))
    assert decoded.text == html
    assert decoded.method == "detected"


def test_wrong_utf8_declaration_on_cp1252_bytes_does_not_crash():
    html = '<html><head><meta charset="utf-8"></head><body><p>Our caf\u00e9 pick \u201cnow\u201d.</p></body></html>'
    decoded = decode(html.encode("cp1252"))
    assert decoded.text.startswith('<html><head><meta charset="utf-8"></head><body><p>Our caf')
    assert decoded.text.endswith("</p></body></html>")


def test_wrong_utf8_declaration_file_is_linted(tmp_path, capsys):
    html = '<html><head><meta charset="utf-8"></head><body><p>Caf\u00e9 <a href="https://www.amazon.com/dp/X?tag=abc-20">x</a> As an Amazon Associate we earn from qualifying purchases.</p></body></html>'
    page = write(tmp_path, "page.html", html.encode("cp1252"))
    run = check_json(capsys, page)
    assert run.files[0]["status"] == "ok"
    assert run.rules() == ["AFF001"]
    assert "Traceback" not in run.err


def test_unknown_declared_charset_falls_back_without_crashing():
    html = f'<meta charset="x-no-such-charset">{CAFE}'
    assert decode(html.encode("utf-8")).text == html


def test_empty_bytes_raise_empty():
    with pytest.raises(InputError) as info:
        decode(b"")
    assert info.value.code == "empty"


def test_whitespace_bytes_raise_empty():
    with pytest.raises(InputError) as info:
        decode(b" \n\t\r\n ")
    assert info.value.code == "empty"


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"%PDF-1.7\n", b"GIF89a\x01\x00", b"<p>a\x00b</p>"],
    ids=["png", "pdf", "gif", "nul-bytes"],
)
def test_binary_bytes_raise_binary(data):
    with pytest.raises(InputError) as info:
        decode(data)
    assert info.value.code == "binary"
