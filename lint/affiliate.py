"""Affiliate-link classification from data: which network, and which signal gave it away.

The network list is data contributed by plugins (``affiliate_networks``; the built-in list is
``affilint/rules/data/affiliate_networks.toml``), so adding a network never needs code. A link is an
affiliate link when its host is a network's click/redirect host; when it points at a merchant host and
carries one of the network's tracking parameters (``amazon.com/...?tag=x-20``; a bare amazon.com link
is not); when its path has the shape of a network's click links on any off-site host (Impact's
``/c/<publisher>/<ad>/<campaign>`` on brands' own vanity hosts); when one of its query parameters
wraps, URL-encoded, a URL that is itself an affiliate link; or when it is a same-site link under a
cloaking path (``/go/``, ``/recommends/``). A redirect host's ``except_paths`` are its links that are
not affiliate (``amzn.eu/d/…`` is what the Amazon app's Share button makes).
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import Any, Iterable, Mapping
from urllib.parse import parse_qsl, unquote

from affilint.urls import parent_domains, split_url, wildcard_names

_NETWORK_KEYS = {
    "id", "name", "source", "redirect_hosts", "except_paths", "click_urls", "click_paths", "merchant_hosts", "params", "notes",
}
# A path shape matched on any host is weaker evidence than a listed host: some site may use the shape.
PATH_SHAPE_CONFIDENCE = 0.9
_CLOAK_KEYS = {"name", "path_prefixes", "confidence", "source", "notes"}


_CACHE_LIMIT = 16_384


class AffiliateDataError(ValueError):
    """A contributed network or cloaking entry is malformed; the message names the entry and field."""


@dataclass(frozen=True)
class AffiliateMatch:
    """Why a link counts as an affiliate link."""

    network: str
    network_name: str
    signal: str  # "redirect-host" | "click-url" | "click-path" | "tracking-param" | "wrapped" | "cloaked-path"
    detail: str
    confidence: float = 1.0  # below 1 for conventions that ordinary pages share (a same-site /go/ path)

    def to_dict(self) -> dict[str, object]:
        return {
            "network": self.network,
            "name": self.network_name,
            "signal": self.signal,
            "detail": self.detail,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class _Network:
    id: str
    name: str


class AffiliateClassifier:
    """Compiled lookup tables for the contributed networks; build once per process, reuse per link."""

    def __init__(self, networks: Iterable[Mapping[str, Any]], cloaking: Iterable[Mapping[str, Any]] = ()) -> None:
        self.redirect_hosts: dict[str, _Network] = {}
        self.click_urls: dict[str, list[tuple[str, _Network]]] = {}
        self.except_paths: dict[str, tuple[str, ...]] = {}  # network id -> path prefixes on its redirect hosts
        self.click_paths: list[tuple[re.Pattern[str], _Network]] = []
        self.merchant_hosts: dict[str, list[tuple[_Network, tuple[str, ...]]]] = {}
        self.merchant_wildcards: dict[str, list[tuple[_Network, tuple[str, ...]]]] = {}
        self.cloak_prefixes: list[tuple[str, str, float]] = []
        self._cache: dict[tuple[str, bool], AffiliateMatch | None] = {}
        for entry in networks:
            self._add_network(entry)
        for entry in cloaking:
            self._add_cloaking(entry)
        self.cloak_prefixes.sort(key=lambda item: -len(item[0]))

    def _add_network(self, entry: Mapping[str, Any]) -> None:
        label = entry.get("id") or entry.get("name") or repr(entry)[:60]
        unknown = set(entry) - _NETWORK_KEYS
        if unknown:
            raise AffiliateDataError(f"affiliate network {label!r}: unknown field(s) {', '.join(sorted(unknown))}")
        for key in ("id", "name", "source"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise AffiliateDataError(f"affiliate network {label!r}: '{key}' must be a non-empty string")
        for key in ("redirect_hosts", "except_paths", "click_urls", "click_paths", "merchant_hosts", "params"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
                raise AffiliateDataError(f"affiliate network {label!r}: '{key}' must be a list of strings")
        network = _Network(entry["id"], entry["name"])
        # In the data file's order, not a set's: the first parameter found is reported, and a set's
        # order changes with each process's hash seed, so reports would differ between runs and workers.
        params = tuple(dict.fromkeys(p.lower() for p in entry.get("params", [])))
        if entry.get("merchant_hosts") and not params:
            raise AffiliateDataError(f"affiliate network {label!r}: 'merchant_hosts' needs 'params'")
        if not any(entry.get(key) for key in ("redirect_hosts", "merchant_hosts", "click_urls", "click_paths")):
            raise AffiliateDataError(
                f"affiliate network {label!r}: give 'redirect_hosts', 'click_urls', 'click_paths' or 'merchant_hosts'"
            )
        for host in entry.get("redirect_hosts", []):
            self.redirect_hosts[host.lower()] = network
        for prefix in entry.get("except_paths", []):
            if not prefix.startswith("/"):
                raise AffiliateDataError(f"affiliate network {label!r}: except path {prefix!r} must start with '/'")
        if entry.get("except_paths"):
            self.except_paths[network.id] = tuple(p.lower() for p in entry["except_paths"])
        for pattern in entry.get("click_paths", []):
            try:
                self.click_paths.append((re.compile(pattern), network))
            except re.error as exc:
                raise AffiliateDataError(f"affiliate network {label!r}: bad click path {pattern!r}: {exc}") from None
        for url in entry.get("click_urls", []):
            host, slash, path = url.lower().partition("/")
            if not slash or not host:
                raise AffiliateDataError(f"affiliate network {label!r}: click URL {url!r} must look like 'host/path'")
            self.click_urls.setdefault(host, []).append(("/" + path, network))
        for host in entry.get("merchant_hosts", []):
            host = host.lower()
            if host.endswith(".*"):
                self.merchant_wildcards.setdefault(host[:-2], []).append((network, params))
            else:
                self.merchant_hosts.setdefault(host, []).append((network, params))

    def _add_cloaking(self, entry: Mapping[str, Any]) -> None:
        label = entry.get("name") or repr(entry)[:60]
        unknown = set(entry) - _CLOAK_KEYS
        if unknown:
            raise AffiliateDataError(f"cloaking entry {label!r}: unknown field(s) {', '.join(sorted(unknown))}")
        prefixes = entry.get("path_prefixes")
        if not isinstance(entry.get("name"), str) or not isinstance(prefixes, list) or not prefixes:
            raise AffiliateDataError(f"cloaking entry {label!r}: needs 'name' and a list 'path_prefixes'")
        confidence = entry.get("confidence", 1.0)
        if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 < confidence <= 1:
            raise AffiliateDataError(f"cloaking entry {label!r}: 'confidence' must be a number in (0, 1]")
        for prefix in prefixes:
            if not isinstance(prefix, str) or not prefix.startswith("/") or not prefix.endswith("/"):
                raise AffiliateDataError(f"cloaking entry {label!r}: path prefix {prefix!r} must look like '/go/'")
            self.cloak_prefixes.append((prefix.lower(), entry["name"], float(confidence)))

    def classify(self, url: str, same_site: bool = False) -> AffiliateMatch | None:
        """Classify an absolute (or same-site relative) URL; None when it is not an affiliate link.

        Results are memoised per process (bounded): site chrome repeats the same links on every page.
        """
        key = (url, same_site)
        cache = self._cache
        if key in cache:
            return cache[key]
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        result = cache[key] = self._classify(url, same_site, 0)
        return result

    def cache_clear(self) -> None:
        """Forget the memoised answers (benchmarks measure a fresh process)."""
        self._cache.clear()

    def _classify(self, url: str, same_site: bool, _depth: int) -> AffiliateMatch | None:
        try:
            scheme, host, path, query = split_url(url)
        except ValueError:
            return None
        host = host.rstrip(".").lower()
        if scheme not in ("http", "https", ""):
            return None
        domains = parent_domains(host)  # host and the domains above it, looked up in every table
        if host:
            network = self._redirect_network(domains)
            if network is not None and not self._excepted(network, path):
                return AffiliateMatch(network.id, network.name, "redirect-host", host)
            click = self._click_network(host, domains, path or "/")
            if click is not None:
                return click
            if not same_site:
                for pattern, network in self.click_paths:
                    if pattern.match(path or "/"):
                        return AffiliateMatch(network.id, network.name, "click-path", f"{host}{path}", PATH_SHAPE_CONFIDENCE)
        pairs = parse_qsl(query, keep_blank_values=False) if query else []
        if host and pairs:
            candidates = self._merchant_candidates(host, domains)
            if candidates:
                names = {name.lower(): value for name, value in pairs}
                for network, params in candidates:
                    hit = next((p for p in params if names.get(p)), None)
                    if hit:
                        return AffiliateMatch(network.id, network.name, "tracking-param", f"{hit}={names[hit]}")
        if _depth < 2:
            for name, value in pairs:
                inner = _embedded_url(value)
                if inner:
                    match = self._classify(inner, False, _depth + 1)
                    if match is not None:
                        return AffiliateMatch(
                            match.network, match.network_name, "wrapped", f"{name}= wraps {match.signal} {match.detail}"
                        )
        if same_site and self.cloak_prefixes:
            path = (path or "/").lower()
            for prefix, name, confidence in self.cloak_prefixes:
                if path.startswith(prefix) and len(path) > len(prefix):
                    return AffiliateMatch("cloaked", name, "cloaked-path", prefix, confidence)
        return None

    def _redirect_network(self, domains: list[str]) -> _Network | None:
        for domain in domains:
            network = self.redirect_hosts.get(domain)
            if network is not None:
                return network
        return None

    def _excepted(self, network: _Network, path: str) -> bool:
        """Whether ``path`` is one of the network's listed non-affiliate paths (a share link)."""
        prefixes = self.except_paths.get(network.id)
        return bool(prefixes) and (path or "/").lower().startswith(prefixes)

    def _click_network(self, host: str, domains: list[str], path: str) -> AffiliateMatch | None:
        if not self.click_urls:
            return None
        lowered = path.lower()
        for domain in domains:
            for prefix, network in self.click_urls.get(domain, ()):
                if lowered.startswith(prefix):
                    return AffiliateMatch(network.id, network.name, "click-url", f"{host}{prefix}")
        return None

    def is_merchant(self, host: str) -> bool:
        """Whether ``host`` is a shop some network pays commission on (a product page, not a source)."""
        return bool(host) and bool(self._merchant_candidates(host.lower(), parent_domains(host.lower())))

    def _merchant_candidates(self, host: str, domains: list[str]) -> list[tuple[_Network, tuple[str, ...]]]:
        found: list[tuple[_Network, tuple[str, ...]]] = []
        for domain in domains:
            found += self.merchant_hosts.get(domain, [])
        for name in wildcard_names(host):
            found += self.merchant_wildcards.get(name, [])
        return found


def _embedded_url(value: str) -> str | None:
    """A URL carried in a query value (already percent-decoded once; decode again if still encoded)."""
    for _ in range(2):
        lowered = value[:8].lower()
        if lowered.startswith("http://") or lowered.startswith("https://"):
            return value
        if "%3a" in value[:12].lower():
            value = unquote(value)
            continue
        return None
    return None
