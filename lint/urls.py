"""URL helpers shared by the link model and rules: resolving, hosts and same-site tests."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator
from urllib.parse import urljoin, urlsplit

# The common case, "http(s)://host[:port]/...", without urlsplit's overhead.
_SIMPLE_HOST = re.compile(r"(?i)https?://([a-z0-9.-]+?)\.?(?::\d+)?(?:[/?#]|$)")

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


def parent_domains(host: str) -> Iterator[str]:
    """``host`` and each domain above it, down to two labels: ``a.b.example.com`` → ``a.b.example.com``,
    ``b.example.com``, ``example.com``. Data that names a host also names its subdomains."""
    labels = host.split(".")
    for start in range(len(labels) - 1):
        yield ".".join(labels[start:])


def wildcard_names(host: str) -> Iterator[str]:
    """Labels ``name`` for which ``host`` matches a ``name.*`` pattern: name.<tld> or
    name.<sld>.<tld> (amazon.de, amazon.co.uk, smile.amazon.com), with short TLD labels only."""
    labels = host.split(".")
    for index, label in enumerate(labels):
        suffix = labels[index + 1 :]
        if 1 <= len(suffix) <= 2 and all(len(s) <= 3 for s in suffix):
            yield label
