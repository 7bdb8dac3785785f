"""affilint's built-in rules and data, registered as a plugin through the public hooks.

This module is the ``builtin`` entry point of the ``affilint`` group, exactly as a third-party rule
package would be.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from affilint.hookspecs import hookimpl
from affilint.rules.aff001_affiliate_link_without_sponsored import AffiliateLinkWithoutSponsored
from affilint.rules.aff002_disguised_affiliate_link import DisguisedAffiliateLink
from affilint.rules.aff003_affiliate_link_in_news import AffiliateLinkInNews
from affilint.rules.afl001_unused_suppression import UnusedSuppression
from affilint.rules.clm001_unsupported_statistic import UnsupportedStatistic
from affilint.rules.clm002_unsupported_absolute_claim import UnsupportedAbsoluteClaim
from affilint.rules.clm003_speculative_claim import SpeculativeClaim
from affilint.rules.clm004_unsupported_health_or_financial_claim import UnsupportedHealthOrFinancialClaim
from affilint.rules.clm005_unsourced_allegation import UnsourcedAllegation
from affilint.rules.dis001_missing_disclosure import MissingDisclosure
from affilint.rules.dis002_disclosure_placement import DisclosurePlacement
from affilint.rules.dis003_inconspicuous_disclosure import InconspicuousDisclosure
from affilint.rules.dis004_vague_disclosure import VagueDisclosure
from affilint.rules.dis005_amazon_associates_statement import AmazonAssociatesStatement
from affilint.rules.dis006_sponsored_content_label import SponsoredContentLabel
from affilint.rules.plg001_product_plug_in_news import ProductPlugInNews
from affilint.rules.src001_article_without_sources import ArticleWithoutSources
from affilint.rules.src002_unattributed_quote import UnattributedQuote
from affilint.rules.src003_official_statement_without_link import OfficialStatementWithoutLink
from affilint.rules.src004_weasel_attribution import WeaselAttribution
from affilint.rules.src005_speaker_without_affiliation import SpeakerWithoutAffiliation
from affilint.rules.src006_missing_byline_or_date import MissingBylineOrDate

RULES = (
    AffiliateLinkWithoutSponsored,
    DisguisedAffiliateLink,
    AffiliateLinkInNews,
    MissingDisclosure,
    DisclosurePlacement,
    InconspicuousDisclosure,
    VagueDisclosure,
    AmazonAssociatesStatement,
    SponsoredContentLabel,
    ProductPlugInNews,
    UnsupportedStatistic,
    UnsupportedAbsoluteClaim,
    SpeculativeClaim,
    UnsupportedHealthOrFinancialClaim,
    UnsourcedAllegation,
    ArticleWithoutSources,
    UnattributedQuote,
    OfficialStatementWithoutLink,
    WeaselAttribution,
    SpeakerWithoutAffiliation,
    MissingBylineOrDate,
    UnusedSuppression,
)


@lru_cache(maxsize=None)
def load_data_file(name: str) -> dict[str, Any]:
    """A versioned TOML data file from ``affilint/rules/data`` (read once per process)."""
    with resources.files(__name__).joinpath("data", name).open("rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=None)
def data_pattern(name: str, key: str, ignore_case: bool = True) -> re.Pattern[str]:
    """One compiled alternation of the regex list ``key`` in data file ``name`` (once per process)."""
    patterns = load_data_file(name)[key]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I if ignore_case else 0)


@hookimpl
def affilint_register_rules():
    return RULES


@hookimpl
def affilint_contribute_data():
    networks = load_data_file("affiliate_networks.toml")
    auto = load_data_file("auto_affiliate.toml")
    return {
        "disclosure_phrases": load_data_file("disclosures.toml").get("phrases", []),
        "affiliate_networks": networks.get("networks", []),
        "cloaking_paths": networks.get("cloaking", []),
        "auto_affiliate_scripts": auto.get("scripts", []),
        "auto_affiliate_merchants": auto.get("merchants", []),
    }
