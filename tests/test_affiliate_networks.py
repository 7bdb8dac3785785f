"""The built-in affiliate network data (``rules/data/affiliate_networks.toml``).

Positive cases are the documented example URLs of the research table
(``shared/research/affiliate_networks.tsv``, column ``example``); where the table elides part of an
example ("…", "...") or uses a synthetic host, the smallest completion is used and marked. Negative
cases are what the linter's users must not see flagged: the networks' own sites, plain retailer pages
without an affiliate marker, and news pages.
"""

from __future__ import annotations

import pytest

from affilint.document import ModelContext
from affilint.plugins import build_registry
from affilint.rules import load_data_file

MIN_NETWORKS = 60


@pytest.fixture(scope="module")
def classifier():
    ctx = ModelContext(build_registry(autoload=False).data)
    return ctx.affiliate_classifier


# (network id, example URL) -- from the research table's `example` column unless noted.
POSITIVE = [
    # Amazon Associates
    ("amazon", "https://www.amazon.com/dp/B008O8GZ90?tag=pcgamingwik0e-20"),
    ("amazon", "https://www.amazon.com/dp/B07CQG2K5K/?tag=makeusw-20&linkCode=ogi"),
    ("amazon", "https://www.amazon.com/dp/X?tag=pub-20&ascsubtag=abc"),
    ("amazon", "https://www.amazon.com/s?k=yubikey&linkCode=sl2&tag=techlore06c-20&linkId=9d5b41"),
    ("amazon", "http://www.amazon.ca/gp/redirect.html?location=...&tag=redflagdealsc-20&linkCode=ur2"),
    ("amazon", "http://amzn.to/2gKKV6N"),
    ("amazon", "https://amzn.asia/..."),
    ("audible", "https://www.audible.com/ep/creator?source_code=X"),
    # CJ Affiliate
    ("cj", "http://www.anrdoezrs.net/click-123-456"),
    ("cj", "http://www.dpbolvw.net/click-4147908-5656123"),
    ("cj", "http://www.jdoqocy.com/click-4147908-10736186"),
    ("cj", "http://www.kqzyfj.com/click-4147908-10654293"),
    ("cj", "http://www.tkqlhce.com/click-749547-11365101?url=..."),
    ("cj", "http://www.qksrv.net/click-..."),
    ("cj", "https://www.emjcd.com/..."),
    ("cj", "https://cj.dotomi.com/..."),
    ("cj", "https://www.apmebf.com/..."),
    ("cj", "https://www.ftjcfx.com/..."),
    ("cj", "https://www.lduhtrp.net/image-8787409-11337760"),
    ("cj", "https://www.awltovhc.com/..."),
    ("cj", "https://www.tqlkg.com/..."),
    ("cj", "https://www.yceml.net/..."),
    ("cj", "https://www.afcyhf.com/..."),
    ("cj", "https://www.awxibrm.com/..."),
    ("cj", "https://www.cualbr.com/..."),
    ("cj", "https://www.rnsfpw.net/..."),
    ("cj", "https://www.vofzpwh.com/..."),
    ("cj", "https://www.qksz.net/..."),
    ("cj", "https://www.kdukvh.com/..."),
    ("cj", "http://www.dpbolvw.net/click-749547-10657534?url=https%3A%2F%2Fwww.newegg.ca%2F..."),
    # Rakuten
    ("rakuten", "https://click.linksynergy.com/deeplink?id=3Q9OclTeTTg&mid=44583&murl=https%3A%2F%2Fwww.newegg.com"),
    ("rakuten", "http://click.linksynergy.com/fs-bin/click?id=GU*lP9Glm/0&offerid=185580.10000001&type=4"),
    ("rakuten", "https://click.linksynergy.com/link?id=X&murl=..."),
    ("rakuten", "https://rmp.rakuten.com/..."),
    (
        "rakuten-jp",
        "https://hb.afl.rakuten.co.jp/hgc/5000cbfd.5f52567b.5000cbff.924460a4/?pc=https%3A%2F%2Fsearch.rakuten.co.jp",
    ),
    # Awin (and ex-zanox)
    ("awin", "https://www.awin1.com/cread.php?awinmid=1234&awinaffid=5678&ued=https%3A%2F%2Fmerchant.com"),
    ("awin", "https://tidd.ly/3Rf6FpN"),
    ("awin", "http://ad.zanox.com/ppc/?123C456"),
    ("awin", "http://www.zenaps.com/rclick.php?mid=1&prid=2"),
    # ShareASale
    ("shareasale", "https://www.shareasale.com/r.cfm?b=1&u=2&m=3&urllink=merchant.com%2Fp"),
    ("shareasale", "https://www.shareasale.com/m-pr.cfm?merchantID=1&userID=2"),
    ("shareasale", "https://www.shareasale.com/u.cfm?d=1&m=2&u=3"),
    ("shareasale", "https://www.shareasale.com/r.cfm?...&afftrack=post42"),
    # Impact and the retailer programmes on Impact vanity hosts
    ("impact", "https://lightinthebox.7eer.net/c/1/2/3"),
    ("impact", "https://ticketmaster.evyy.net/c/1/2/3"),
    ("impact", "https://www.ojrq.net/p/?return=..."),
    ("impact", "https://englishonline.sjv.io/c/5203965/1152772/14579"),
    ("impact", "https://automattic.pxf.io/c/5203965/1900456/22744"),
    ("impact", "https://appsumo.8odi.net/c/5597632/2068425/7443"),
    ("impact", "https://imp.i384100.net/4aM9R1"),
    ("impact", "https://imp.pxf.io/i/5597632/1872456/14483"),
    # Impact's click-path shape on a brand's own vanity host (corpus page d03; not a listed host)
    ("impact", "https://adorama.rfvk.net/c/81003/51926/1036?u=https%3A%2F%2Fwww.adorama.com%2Fg%2Fx&subid1=homepage"),
    ("walmart", "https://goto.walmart.com/c/482924/565706/9383?u=https://www.walmart.com/cp/..."),
    ("walmart", "http://goto.walmart.com/c/482924/565706/9383?u=https://www.walmart.com/cp/playstation-5/3475115"),
    ("walmart", "https://www.walmart.com/ip/x?wmlspartner=abc"),
    ("target", "http://goto.target.com/c/415484/81938/2092?subId1=srctok&sharedid=org&u=..."),
    ("target", "http://goto.target.com/c/415484/81938/2092?subId1=x&u=https%3A%2F%2Fmerchant.com"),
    ("bestbuy", "https://bestbuy.7tiv.net/c/482924/614286/10014?u=https%3A%2F%2Fwww.bestbuy.com%2F..."),
    ("bestbuy", "https://www.bestbuy.com/site/x?acampID=0&loc=abc"),
    ("bestbuy", "https://www.bestbuy.com/site/x?irclickid=abc"),
    # Partnerize, Pepperjam
    ("partnerize", "https://stubhub.prf.hn/click/camref:1100lTenp/destination:https://..."),
    (
        "partnerize",
        "https://prf.hn/click/camref:1101ljvYv/pubref:albumuuid%3D.../destination:https://open.spotify.com",
    ),
    ("pepperjam", "https://www.pjtra.com/t/8-12345-131940-12345"),
    (
        "pepperjam",
        "https://www.pepperjamnetwork.com/tracking/cookie.php?data=...&tarurl=https%3A%2F%2Fwww.senreve.com",
    ),
    ("pepperjam", "https://pntrack.com/..."),
    # Sub-affiliate networks
    ("skimlinks", "https://go.skimresources.com/?id=114047X1572903&url=https%3A%2F%2Fwww.sportsshoes.com%2F..."),
    ("skimlinks", "http://go.redirectingat.com/?id=2927x594702&xs=1&url=https%3A%2F%2Fwww.bestbuy.ca"),
    ("skimlinks", "https://go.skimlinks.com/?id=X&url=..."),
    ("sovrn", "http://redirect.viglink.com?key=e5223bdad91f8f8ea32cfd74273c3056&u=..."),
    ("digidip", "https://x.digidip.net/visit?url=https%3A%2F%2Fmerchant.com"),
    # eBay, ClickBank, FlexOffers, AvantLink, Admitad, AliExpress
    ("ebay", "https://rover.ebay.com/rover/1/711-53200-19255-0/1?campid=5338&toolid=10001"),
    (
        "ebay",
        "https://www.ebay.com/itm/226979575818?mkcid=1&mkrid=711-53200-19255-0&siteid=0&campid=5339071127&toolid=10001&mkevt=1",
    ),
    ("clickbank", "http://affid.vendor.hop.clickbank.net/"),
    ("flexoffers", "https://track.flexlinkspro.com/g.ashx?foid=1.42748&trid=1324269.165&URL=https%3A%2F%2Fsodastream.com"),
    ("flexoffers", "https://clk.omgt5.com/..."),
    ("avantlink", "https://www.avantlink.com/click.php?tt=cl&mi=1&pw=2&url=..."),
    ("admitad", "https://ad.admitad.com/g/abc123/?ulp=https%3A%2F%2Fmerchant.com"),
    ("aliexpress", "https://s.click.aliexpress.com/e/_DmJmxVD"),
    ("aliexpress", "http://s.aliexpress.com/x?af=123"),
    ("aliexpress", "https://www.aliexpress.com/item/1.html?aff_fcid=x&aff_platform=portals-tool"),
    ("aliexpress", "http://ali.pub/1hyrr7"),
    # Retailer and merchant programmes
    ("bhphoto", "https://affportal.bhphoto.com/dl/redventures/?u=https%3A%2F%2Fwww.bhphotovideo.com"),
    ("apple", "https://itunes.apple.com/us/app/x/id1?at=10lXyz"),
    ("apple", "https://www.apple.com/shop/product/x?afid=p239%7C1405819&cid=aos-no-aff-ir"),
    ("booking", "https://www.booking.com/hotel/x.html?aid=304142"),
    ("travelpayouts", "https://search.hotellook.com/?marker=12345"),
    ("flipkart", "https://www.flipkart.com/x/p/itm?affid=abc"),
    ("banggood", "https://www.banggood.com/x.html?p=AB12"),
    ("bookdepository", "https://www.bookdepository.com/x?a_aid=abc"),
    ("envato", "https://graphicriver.net/item/x/20668760?iradid=275988&irpid=1288974"),
    ("epicgames", "https://www.epicgames.com/store/p/x?epic_affiliate=pcgamingwiki"),
    ("humblebundle", "https://www.humblebundle.com/store/wreckfest?partner=pcgw"),
    ("hotmart", "https://go.hotmart.net.br/x?a=abc"),
    ("zaful", "https://www.zaful.com/x.html?lkid=123"),
    ("hostgator", "https://tracking.hostgator.com/aff.php?..."),
    # Bookshop.org: the affiliate link shape of the plugin-bookshop README (not the research table)
    ("bookshop", "https://bookshop.org/a/1234/9781524760380"),
    ("bookshop", "https://uk.bookshop.org/a/1234/9780593718230"),
    # European and Japanese networks
    ("tradedoubler", "https://clk.tradedoubler.com/click?p=1&a=2&g=3&url=https%3A%2F%2Fmerchant.com"),
    ("tradedoubler", "https://clkuk.pvnsolutions.com/brand/contactsnetwork/click?p=230590&a=3022528&g=21039402"),
    ("webgains", "https://track.webgains.com/click.html?wgcampaignid=1&wgprogramid=2&wgtarget=https%3A%2F%2Fm.com"),
    ("adtraction", "https://track.adtraction.com/t/t?a=1&as=2&t=2&tk=1&url=https%3A%2F%2Fm.com"),
    ("effiliation", "https://track.effiliation.com/servlet/effi.redir?id_compteur=1&url=https%3A%2F%2Fm.com"),
    ("tradetracker", "https://tc.tradetracker.net/?c=1&m=2&a=3&u=%2F"),
    ("daisycon", "https://ds1.nl/c/?si=1&li=2&wi=3&ws="),
    ("belboon", "https://www1.belboon.de/adtracking/..."),
    ("adcell", "https://www.adcell.de/promotion/click/..."),
    ("financeads", "https://www.financeads.net/tc.php?t=..."),
    ("financequality", "https://l.neqty.net/..."),
    ("netaffiliation", "https://action.metaffiliation.com/trk.php?..."),
    ("affilinet", "http://partners.webmasterplan.com/click.asp?ref=1&site=2"),
    ("partner-ads", "https://www.partner-ads.com/dk/klikbanner.php?...&htmlurl=https%3A%2F%2Fm.dk"),
    # The table's example is "https://idealo-partner.com/...&trg=…" (no "?"): completed with "?".
    ("idealo", "https://idealo-partner.com/?trg=https%3A%2F%2Fm.de"),
    ("a8net", "https://px.a8.net/svt/ejp?a8mat=45IED7+DQR8HE+4J34+BW0YB"),
    ("tune", "https://network.go2cloud.org/aff_c?offer_id=1&aff_id=2"),
    ("avangate", "https://secure.avangate.com/order/x?affiliate=123"),
    ("affiliaxe", "https://performance.affiliaxe.com/x?aff_id=1"),
    # Creator platforms
    ("ltk", "https://rstyle.me/n/abc"),
    ("ltk", "https://liketk.it/4abc"),
    ("shopstyle", "https://shopstyle.it/l/abc"),
    ("shopmy", "https://go.shopmy.us/p-123"),
    ("mavely", "https://mavely.app.link/e/abc"),
    # The table names go.mvly.co as Mavely's second host without an example URL of its own.
    ("mavely", "https://go.mvly.co/abc"),
    ("geniuslink", "https://geni.us/BlackvueElite10-2CH"),
    ("geniuslink", "https://target.georiot.com/..."),
    # Publishers' commerce redirectors
    ("condenast", "https://cna.st/..."),
    # The table's example host is synthetic (cc.example.com); the data lists the sites it names.
    ("redventures", "https://cc.cnet.com/v1/otc/abc?url=https%3A%2F%2Fm.com"),
]

NEGATIVE = [
    # The networks' and programmes' own sites
    "https://www.cj.com/",
    "https://www.awin.com/",
    "https://www.awin1.com/",
    "https://www.impact.com/",
    "https://www.skimlinks.com/",
    "https://www.shareasale.com/",
    "https://www.shareasale.com/info/",
    "https://rakutenadvertising.com/",
    "https://www.partnerize.com/",
    "https://www.pepperjam.com/",
    "https://www.sovrn.com/",
    "https://www.viglink.com/",
    "https://www.clickbank.com/",
    "https://www.flexoffers.com/",
    "https://www.avantlink.com/",
    "https://www.admitad.com/",
    "https://www.tradedoubler.com/",
    "https://www.webgains.com/",
    "https://www.adtraction.com/",
    "https://www.effiliation.com/",
    "https://tradetracker.com/",
    "https://www.daisycon.com/",
    "https://www.adcell.de/",
    "https://www.belboon.de/",
    "https://www.financeads.net/",
    "https://www.partner-ads.com/",
    "https://www.a8.net/",
    "https://www.digidip.net/",
    "https://www.geniuslink.com/",
    "https://shopmy.us/",
    "https://www.shopstyle.com/",
    "https://www.rewardstyle.com/",
    "https://www.hotmart.com/",
    "https://affiliate-program.amazon.com/",
    "https://partnernetwork.ebay.com/",
    "https://portals.aliexpress.com/",
    "https://affportal.bhphoto.com/",
    "https://www.audible.com/",
    "https://www.cnet.com/",
    # Merchant pages without an affiliate marker
    "https://www.amazon.com/dp/B008O8GZ90",
    "https://www.amazon.co.uk/dp/B008O8GZ90?psc=1&ref_=abc",
    "https://www.amazon.com/dp/B008O8GZ90?tag=",  # empty tag
    "https://www.amazon.com/gp/video/detail/B074HJGH3F/ref=atv_dl_rdr",
    # The Amazon app's Share button: a product link without an Associates tag
    "https://amzn.eu/d/2Euir6I",
    "https://amzn.asia/d/8xYzAbc",
    "https://bookshop.org/p/books/intermezzo-sally-rooney/21078427",
    "https://www.ebay.com/itm/226979575818",
    "https://www.ebay.co.uk/itm/226979575818?hash=item34d8&mkevt=1",
    "https://rover.ebay.com/rover/0/0/0?mpre=https%3A%2F%2Fwww.ebay.com%2F",  # eBay's own tracking, no campid
    "https://www.walmart.com/ip/x/123456",
    "https://www.walmart.com/cp/playstation-5/3475115",
    "https://www.target.com/p/-/A-12345678",
    "https://www.bestbuy.com/site/x/6418599.p?skuId=6418599",
    "https://www.bestbuy.com/site/x?loc=abc",  # loc= alone is too generic to count
    "https://www.etsy.com/listing/634080053/baby-boy-gift",
    "https://www.etsy.com/search?q=baby%20headband",
    "https://www.booking.com/hotel/x.html",
    "https://www.booking.com/hotel/x.html?checkin=2024-05-01&checkout=2024-05-03",
    "https://www.aliexpress.com/item/1.html",
    "https://www.apple.com/iphone/",
    "https://apps.apple.com/us/app/x/id1",
    "https://www.bhphotovideo.com/c/product/1.html",
    "https://www.flipkart.com/x/p/itm",
    "https://www.banggood.com/x.html",
    "https://store.epicgames.com/en-US/p/x",
    "https://www.humblebundle.com/store/wreckfest",
    "https://www.primevideo.com/detail/X?ref=abc",  # ref= is on every internal Prime Video link
    # A theme author's Envato referral in a site footer: the publisher earns nothing from it.
    "http://themeforest.net/item/soledad-multiconcept-blogmagazine-wp-theme/12945398?ref=PenciDesign",
    "https://www.tatacliq.com/x?cid=af:homepage:123",  # the marker is a value prefix; not expressible
    # News pages (including stories about the retailers)
    "https://www.nytimes.com/2023/04/28/business/amazon-earnings.html",
    "https://www.theguardian.com/technology/amazon?tag=amazon",
    "https://www.bbc.co.uk/news/business-12345678",
    "https://apnews.com/article/walmart-target-earnings-0123456789abcdef",
    "https://www.reuters.com/business/retail-consumer/ebay-results-2023-04-26/",
    "https://www.cnbc.com/2023/01/04/amazon-layoffs.html",
    "https://www.theverge.com/2023/1/1/1234567/best-buy-deals",
    "https://www.cnet.com/tech/mobile/best-iphone/",
    # Numbered paths that are not Impact's /c/<publisher>/<ad>/<campaign> shape
    "https://forum.example.org/c/starters/12",
    "https://photos.example.org/c/2023/10/15",
    "https://shop.example.com/c/120/340/560/shirts",
    # Unverified or unconfirmed patterns that are deliberately left out
    "https://shrsl.com/abc12",
    "https://shop-links.co/link/?exclusive=1&publisher_slug=itechdaily19598&url=https%3A%2F%2Fwww.dell.com",
    "https://sovrn.co/abc123",
    "https://wildlink.me/abc",
]


@pytest.mark.parametrize(("network", "url"), POSITIVE, ids=[f"{n}:{u[:60]}" for n, u in POSITIVE])
def test_documented_example_is_classified(classifier, network, url):
    match = classifier.classify(url)
    assert match is not None, f"{url} not classified as affiliate"
    assert match.network == network, f"{url} classified as {match.network} ({match.signal}: {match.detail})"


@pytest.mark.parametrize("url", NEGATIVE)
def test_not_affiliate(classifier, url):
    match = classifier.classify(url)
    assert match is None, f"{url} classified as {match.network} ({match.signal}: {match.detail})"


def test_every_network_has_a_documented_example():
    ids = {entry["id"] for entry in load_data_file("affiliate_networks.toml")["networks"]}
    assert ids == {network for network, _ in POSITIVE}


def test_data_file_shape():
    data = load_data_file("affiliate_networks.toml")
    networks = data["networks"]
    assert len(networks) >= MIN_NETWORKS, f"only {len(networks)} networks"
    ids = [entry["id"] for entry in networks]
    assert len(ids) == len(set(ids)), "duplicate network ids"
    for entry in networks:
        assert isinstance(entry.get("source"), str) and entry["source"].strip(), f"{entry['id']}: no source"
        assert entry["id"] == entry["id"].strip().lower() and " " not in entry["id"], entry["id"]
    for entry in data.get("cloaking", []):
        assert isinstance(entry.get("source"), str) and entry["source"].strip(), f"{entry['name']}: no source"


def test_no_host_or_click_url_listed_twice():
    # A host in two entries would silently belong to whichever entry loads last.
    seen: dict[str, str] = {}
    for entry in load_data_file("affiliate_networks.toml")["networks"]:
        for key in ("redirect_hosts", "click_urls", "merchant_hosts"):
            for value in entry.get(key, []):
                value = value.lower()
                assert value not in seen, f"{value} in both {seen[value]} and {entry['id']}"
                seen[value] = entry["id"]


def test_click_path_shape_counts_only_off_site(classifier):
    url = "https://brand.vanity.example/c/2044571/888888/1234?u=https%3A%2F%2Fwww.dell.com%2F"
    match = classifier.classify(url)
    assert match is not None and match.signal == "click-path" and match.confidence < 1
    assert classifier.classify("https://www.publisher.example/c/2044571/888888/1234", same_site=True) is None


def test_except_paths_and_click_paths_are_validated():
    from affilint.affiliate import AffiliateClassifier, AffiliateDataError

    with pytest.raises(AffiliateDataError, match="except path"):
        AffiliateClassifier([{"id": "x", "name": "X", "source": "s", "redirect_hosts": ["x.test"], "except_paths": ["d/"]}])
    with pytest.raises(AffiliateDataError, match="bad click path"):
        AffiliateClassifier([{"id": "x", "name": "X", "source": "s", "click_paths": ["^/c/(\\d+"]}])
