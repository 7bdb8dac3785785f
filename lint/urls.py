"""URL helpers shared by the link model and rules: resolving, hosts and same-site tests."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator
from urllib.parse import urljoin, urlsplit

# The common case, "http(s)://host[:port]/...", without urlsplit's overhead.
_SIMPLE_HOST = re.compile(r"(?i)https?://([a-z0-9.-]+?)\.?(?::\d+)?(?:[/?#]|$)")

# "http(s)://host[:port][/path][?query][#fragment]" with a plain ASCII host and no tab, CR or LF (which
# urlsplit deletes): the shape of nearly every link. split_url reads it with one regex; urlsplit takes
# the rest (userinfo, IPv6 brackets, other schemes, odd characters), so the parts are always urlsplit's.
# (No re.I: under it [a-z] also matches the Kelvin sign and the long s, hosts urlsplit treats apart.)
_PLAIN_URL = re.compile(r"([hH][tT][tT][pP][sS]?)://([A-Za-z0-9.-]*)(?::[0-9]*)?(/[^?#\t\r\n]*)?(?:\?([^#\t\r\n]*))?(?:#[^\t\r\n]*)?")

# Second-level labels under which registrations happen (example.co.uk, example.com.au, ...).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go", "gob", "nic", "mil"})


# Pages repeat their navigation and share links, and a site's pages share them: the pure string
# functions below remember recent answers.
@lru_cache(maxsize=16_384)
def resolve(href: str, base: str | None) -> str:
    """``href`` resolved against ``base`` (when there is one); never raises."""
    href = href.strip()
    if not base or href.startswith(("https://", "http://")):
        return href
    try:
        return urljoin(base, href)
    except ValueError:
        return href


@lru_cache(maxsize=16_384)
def host_of(url: str) -> str:
    """The lower-case host of ``url`` without port or credentials ('' for relative or odd URLs)."""
    match = _SIMPLE_HOST.match(url)
    if match:
        return match.group(1).lower()
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


def split_url(url: str) -> tuple[str, str, str, str]:
    """``(scheme, hostname, path, query)`` exactly as ``urlsplit(url)`` gives them (``hostname`` is ''
    when urlsplit's is None); raises ValueError where urlsplit does. Links are classified by the
    thousand, and urlsplit's generality costs more than the rest of the classification."""
    plain = _PLAIN_URL.fullmatch(url)
    if plain is not None:
        scheme, host, path, query = plain.groups()
        return scheme.lower(), host.lower(), path or "", query or ""
    parts = urlsplit(url)
    return parts.scheme, parts.hostname or "", parts.path, parts.query


@lru_cache(maxsize=16_384)
def site_of(host: str) -> str:
    """The registrable part of a host, approximated without a public-suffix list.

    ``news.bbc.co.uk`` -> ``bbc.co.uk``, ``www.example.com`` -> ``example.com``. Good enough to tell a
    publisher's own subdomains from other sites; not a security boundary.
    """
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def same_site(host: str, other: str) -> bool:
    return bool(host) and bool(other) and site_of(host) == site_of(other)


def parent_domains(host: str) -> list[str]:
    """``host`` and each domain above it, down to two labels: ``a.b.example.com`` → ``a.b.example.com``,
    ``b.example.com``, ``example.com``. Data that names a host also names its subdomains."""
    domains = []
    start = 0
    for _ in range(host.count(".")):  # the text after each dot but the last
        domains.append(host[start:])
        start = host.index(".", start) + 1
    return domains


def wildcard_names(host: str) -> Iterator[str]:
    """Labels ``name`` for which ``host`` matches a ``name.*`` pattern: name.<tld> or
    name.<sld>.<tld> (amazon.de, amazon.co.uk, smile.amazon.com), with short TLD labels only."""
    labels = host.split(".")
    for index, label in enumerate(labels):
        suffix = labels[index + 1 :]
        if 1 <= len(suffix) <= 2 and all(len(s) <= 3 for s in suffix):
            yield label
