"""The speed-ups that re-implement a library function's common case must agree with it exactly."""

from __future__ import annotations

import itertools
from urllib.parse import urlsplit

import pytest

from affilint.urls import parent_domains, split_url

TRICKY_URLS = [
    "https://www.amazon.com/dp/B0?tag=x-20&ref=y#top",
    "HTTP://Example.COM./a/b?c=d",
    "http://example.com",
    "http://example.com:8080",
    "http://example.com:/x",
    "http://:80/x",
    "http:///path",
    "https://a.b.example.co.uk/p?q?r#f?g#h",
    "https://example.com#frag?notquery",
    "https://example.com?q=1",
    "https://user:pw@example.com/x",
    "https://[::1]:80/x",
    "https://[::1/x",
    "https://exa\tmple.com/pa\nth?q=\r1",
    "https://ex_ample.com/x",
    "https://\u212aelvin.com/x",  # Kelvin sign: lower-cases to "k"
    "https://\u017fhop.com/x",  # long s
    "https://b\u00fccher.de/x",
    "https://example.com/\u00e9t\u00e9?q=\u00fc",
    "https://example.com/a b?c d",
    "httpss://example.com/",
    "ftp://example.com/file",
    "//example.com/x",
    "/relative/path?x=1",
    "mailto:a@b.c",
    "javascript:void(0)",
    "https:example.com/x",
    "https://example.com\\x",
    "",
]


@pytest.mark.parametrize("url", TRICKY_URLS)
def test_split_url_is_urlsplit(url):
    assert _ours(url) == _reference(url)


def test_split_url_is_urlsplit_on_generated_urls():
    alphabet = ["h", "http", "https", "HTTPS", ":", "/", "//", "?", "#", "@", "[", "]", ".", "-", "_", "a", "0", "%", " ", "\t", "\u212a", "\u00e9"]
    for parts in itertools.product(alphabet, repeat=4):
        url = "https://" + "".join(parts) if parts[0] != "h" else "".join(parts)
        assert _ours(url) == _reference(url), url


def _ours(url):
    try:
        return split_url(url)
    except ValueError as exc:
        return type(exc)


def _reference(url):
    try:
        parts = urlsplit(url)
        return parts.scheme, parts.hostname or "", parts.path, parts.query
    except ValueError as exc:
        return type(exc)


@pytest.mark.parametrize("host", ["", "com", "example.com", "a.b.example.co.uk", "a..b", ".lead", "trail.", "..", "x.y."])
def test_parent_domains_are_the_label_suffixes(host):
    labels = host.split(".")
    assert parent_domains(host) == [".".join(labels[start:]) for start in range(len(labels) - 1)]


def test_text_content_is_the_xpath_string_value():
    from lxml import etree

    from affilint.text import text_content

    root = etree.fromstring(
        "<div><a>plain</a><a></a><a><!-- c --></a><a>x<b>y</b>z</a><p>a &amp; b<!--c-->d</p><?pi data?><!--only--></div>",
        etree.HTMLParser(),
    )
    string = etree.XPath("string()")
    for node in root.iter(etree.Element):
        assert text_content(node) == str(string(node))
    for node in root.iter(etree.Comment, etree.ProcessingInstruction):  # not elements: XPath refuses them
        with pytest.raises(ValueError):
            text_content(node)


def test_sentence_boundaries_are_those_of_the_lookbehind_first_pattern():
    import random
    import re

    from affilint.sentences import _BOUNDARY

    reference = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’»)\]]*+(?=\s+[\"'“‘«(\[]?[A-Z0-9À-ÖØ-Þ¿¡])|\n")
    alphabet = list(".!?…\n \t\"'”’»)]“‘«([AaZ0À¿é")
    rng = random.Random(6)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert [m.span() for m in _BOUNDARY.finditer(text)] == [m.span() for m in reference.finditer(text)], repr(text)
