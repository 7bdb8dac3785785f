"""Client-side auto-affiliation: a page that loads a script such as Skimlinks or VigLink turns its
ordinary merchant links into affiliate links at click time.

The scripts and the merchant hosts they monetise are data (kinds ``auto_affiliate_scripts`` and
``auto_affiliate_merchants``). Links this makes *possibly* affiliate are kept apart from links that
are affiliate by their own URL (``Link.auto_affiliate`` vs ``Link.affiliate``): the page cannot show
which merchants the publisher's account covers, so rules report them as "needs review".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from lxml import etree

from affilint.affiliate import AffiliateDataError
from affilint.urls import host_of, parent_domains, wildcard_names

_SCRIPT_KEYS = {"name", "network", "script_urls", "amp_elements", "source", "notes"}
_SCRIPTS = etree.XPath("//script[@src]")


@dataclass(frozen=True)
class AutoAffiliateScript:
    """An auto-affiliation script (or AMP component) found on the page."""

    name: str
    network: str
    src: str
    line: int

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "network": self.network, "src": self.src, "line": self.line}


class AutoAffiliateDetector:
    """Compiled script patterns and merchant hosts; build once per process."""

    def __init__(self, scripts: Iterable[Mapping[str, Any]], merchants: Iterable[str]) -> None:
        self.scripts: list[tuple[str, str, str, str]] = []  # (host, path prefix, name, network)
        self.amp_elements: dict[str, tuple[str, str]] = {}
        for entry in scripts:
            label = entry.get("name") or repr(entry)[:60]
            unknown = set(entry) - _SCRIPT_KEYS
            if unknown:
                raise AffiliateDataError(f"auto-affiliate script {label!r}: unknown field(s) {', '.join(sorted(unknown))}")
            if not all(isinstance(entry.get(key), str) and entry[key] for key in ("name", "network", "source")):
                raise AffiliateDataError(f"auto-affiliate script {label!r}: 'name', 'network' and 'source' must be strings")
            for url in entry.get("script_urls", []):
                host, slash, path = str(url).lower().partition("/")
                if not host or not slash:
                    raise AffiliateDataError(f"auto-affiliate script {label!r}: script URL {url!r} must look like 'host/path'")
                self.scripts.append((host, "/" + path, entry["name"], entry["network"]))
            for element in entry.get("amp_elements", []):
                self.amp_elements[str(element).lower()] = (entry["name"], entry["network"])
        self.exact: set[str] = set()
        self.wildcards: set[str] = set()
        for merchant in merchants:
            if not isinstance(merchant, str) or not merchant:
                raise AffiliateDataError(f"auto-affiliate merchant {merchant!r} must be a host name")
            (self.wildcards.add(merchant[:-2].lower()) if merchant.endswith(".*") else self.exact.add(merchant.lower()))

    def detect(self, root: Any, base_url: str | None) -> list[AutoAffiliateScript]:
        """The auto-affiliation scripts a page loads, in document order."""
        if not self.scripts and not self.amp_elements:
            return []
        found = []
        for script in _SCRIPTS(root):
            src = script.get("src").strip()
            url = ("https:" + src) if src.startswith("//") else src
            host = host_of(url)
            path = url.split(host, 1)[-1].lower() if host else ""
            domains = parent_domains(host)
            for pattern_host, prefix, name, network in self.scripts:
                if pattern_host in domains and path.startswith(prefix):
                    found.append(AutoAffiliateScript(name, network, src, script.sourceline or 1))
                    break
        for tag, (name, network) in self.amp_elements.items():
            for element in root.iter(tag):
                found.append(AutoAffiliateScript(name, network, f"<{tag}>", element.sourceline or 1))
        return found

    def is_merchant(self, host: str) -> bool:
        return any(d in self.exact for d in parent_domains(host)) or any(n in self.wildcards for n in wildcard_names(host))
