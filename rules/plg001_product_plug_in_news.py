"""PLG001: a product pitch or shopping block inside a news article."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterable

from affilint import Option, Rule, Severity, Violation
from affilint import lexical
from affilint.pagekind import commerce_kind_of_url

_DRIFT = 0.15  # a block sharing less than this share of its content words with the article drifts
_PROSE_WORDS = 15  # a block of running prose, not a label, a headline in a list or a comment stub


@lru_cache(maxsize=1)
def _cues() -> dict:
    from affilint.rules import load_data_file

    from affilint.rules import data_pattern

    data = load_data_file("commerce.toml")
    return {
        "cta": data_pattern("commerce.toml", "cta_patterns"),
        "offer": data_pattern("commerce.toml", "offer_patterns"),
        "pitch": data_pattern("commerce.toml", "pitch_patterns"),
        "shape": re.compile(data["pitch_shape"]),
        "containers": frozenset(data["container_tokens"]),
        **{key: re.compile("|".join(f"(?:{p})" for p in data["fear_to_purchase"][terms]), re.I)
           for key, terms in (("crisis", "crisis_terms"), ("preparedness", "preparedness_terms"), ("segue", "segue_patterns"))},
    }


class ProductPlugInNews(Rule):
    """
    ## What it does
    Finds commercial blocks inside the body of a news article: product pitches ("Portable Camp
    Stoves – Cook meals or boil water even during power outages."), buy/shop/check-price calls to
    action, prices and coupon codes, product cards, affiliate-plugin boxes and offer modules inside
    the article container. Each block scores its signals (call to action 2, product container or
    markup 2, affiliate link 1, another link the page marks `rel="sponsored"` 1, a link to a deals
    page 1, opening with a product name and a dash 1, price or offer 1, sales vocabulary 1, and, as
    supporting evidence only: a fear-to-purchase segue 1, or 2 in a longer block that also urges the
    purchase (a block that already sells names preparedness gear while the article reports a war,
    disaster or outbreak), and topic drift 1 (under 15% of the block's content words appear in the
    article's title and running prose); blocks scoring `min-score` or more are reported, one finding
    per block with the signals in `evidence`. News is declared (schema.org `NewsArticle`, a news
    section) or inferred from weighed cues (breadcrumbs, byline and time, dateline, reporting
    style; see `affilint inspect`). Deals and review pages are commerce by design and are not checked,
    and neither is what the rule asks for: a box inside the article but set apart from its prose (an
    `<aside>`, a widget) that carries its own visible label, a disclosure that says the publisher is
    paid or a "Sponsored" label. The parts of one card (name, price, button) are one finding; a list
    of pitches, each with its own link, is one finding per pitch.

    ## Why is this bad?
    Selling inside the news report blurs journalism and advertising: readers take the pitch for
    reporting, and fear-driven segues (war news → survival gear) exploit the story. Editorial codes
    and the FTC's native-advertising guidance require commercial content to be separated and labelled.

    ## Example
    ```html
    <html><head><script type="application/ld+json">{"@type": "NewsArticle"}</script></head><body><article>
    <p>Officials said the ceasefire talks collapsed on Tuesday after the delegations failed to agree on a timetable for the withdrawal of troops.</p>
    <ul><li><a href="https://www.amazon.com/dp/B000000005?tag=example-20" rel="sponsored">Portable Camp Stoves</a> – Cook meals or boil water even during power outages.</li></ul>
    </article></body></html>
    ```

    ## Use instead
    ```html
    <html><head><script type="application/ld+json">{"@type": "NewsArticle"}</script></head><body><article>
    <p>Officials said the ceasefire talks collapsed on Tuesday after the delegations failed to agree on a timetable for the withdrawal of troops.</p>
    </article>
    <aside class="shopping">Sponsored: <a href="https://www.amazon.com/dp/B000000005?tag=example-20" rel="sponsored">camp stoves</a></aside></body></html>
    ```

    ## How to fix
    Take the product block out of the news body. If the publisher wants to sell, do it in a separate,
    labelled shopping module or a review or deals article, with a disclosure.
    """

    code = "PLG001"
    name = "product-plug-in-news"
    family = "PLG"
    severity = Severity.WARNING
    summary = "Product pitch or shopping block inside a news article."
    options = {
        "min-score": Option(3, "Signal score at which a block counts as commercial.", int,
                            check=lambda v: None if v >= 2 else "must be at least 2: a single signal is never enough"),
    }

    def check(self, doc) -> Iterable[Violation]:
        if doc.kind.kind != "news":
            return
        cues = _cues()
        # Widgets inside the article container count: an offer module there is in the news body.
        blocks = [b for b in doc.blocks if not b.hidden and b.kind != "heading" and doc.placement(b.element).within_main]
        if not blocks:
            return
        affiliate_by_block: dict = {}
        shopping_by_block: dict = {}
        sponsored_by_block: dict = {}
        for link in doc.links:
            owner = doc.block_of(link.element) if link.within_main else None
            if owner is None:
                continue
            if link.affiliate is not None:
                affiliate_by_block.setdefault(owner.element, []).append(link)
            elif "sponsored" in link.rel:
                sponsored_by_block.setdefault(owner.element, []).append(link)
            elif commerce_kind_of_url(link.url) == "deals":
                shopping_by_block.setdefault(owner.element, []).append(link)
        first_pass = []
        for block in blocks:
            signals = self._signals(block, cues, affiliate_by_block.get(block.element, []))
            if sponsored_by_block.get(block.element):
                signals["sponsored-link"] = (sponsored_by_block[block.element][0].url, 1)
            if shopping_by_block.get(block.element):
                signals["links-to-deals-page"] = (shopping_by_block[block.element][0].url, 1)
            first_pass.append(signals)
        # ... unless it is what the rule asks for: a box set apart from the prose that carries its own
        # label. The page's disclosures are read only when such a box has a commercial signal.
        if any(signals and not block.in_main_content for block, signals in zip(blocks, first_pass)):
            labelled = _labelled_widgets(doc)
            if labelled:
                kept = [(block, signals) for block, signals in zip(blocks, first_pass)
                        if block.in_main_content or _widget_of(doc, block.element) not in labelled]
                blocks, first_pass = [b for b, _s in kept], [s for _b, s in kept]
                if not blocks:
                    return
        # The article itself: its title and running prose (paragraphs of the main content with no
        # commercial signal). Drift and crisis are judged against it, so a list of pitches that share
        # words with each other still drifts, and "most read" lists or comments do not set the topic.
        prose = [block for block, signals in zip(blocks, first_pass)
                 if not signals and block.in_main_content and len(block.text.split()) >= _PROSE_WORDS]
        words_of = {id(block): lexical.content_words(block.text) for block in blocks}
        spread: Counter[str] = Counter(lexical.content_words(doc.metadata.title))  # in how many texts each word occurs
        for block in prose:
            spread.update(words_of[id(block)])
        crisis = _crisis(prose, cues)
        threshold = self.settings["min-score"]
        candidates: list[tuple[object, dict]] = []  # blocks with at least one signal
        for block, signals in zip(blocks, first_pass):
            in_prose = not signals
            # Fear only sharpens a block that already sells: a safety checklist in disaster news
            # ("Flashlight and batteries – keep them by the bed") is advice, not a pitch.
            sells = any(name != "product-pitch-shape" for name in signals)
            if crisis and sells and (fear := _fear_to_purchase(block.text, cues)):
                signals["fear-to-purchase"] = (f"{fear[0]} in an article about {crisis}", fear[1])
            if not signals:
                continue
            words = words_of[id(block)]
            own = 1 if in_prose and block in prose else 0  # a prose block is not compared with itself
            shared = sum(1 for word in words if spread[word] > own)
            if words and len(prose) >= 2 and shared / len(words) < _DRIFT:
                signals["topic-drift"] = (f"{shared}/{len(words)} content words shared with the article", 1)
            candidates.append((block, signals))
        # A module made of several small blocks (an offer card: name, "Welcome offer", "Apply now")
        # is judged, and reported, as one: blocks under the same box pool their signals.
        groups: dict[object, list[tuple[object, dict]]] = {}
        main = doc.main_content.element
        for block, signals in candidates:
            container = block.element  # a container's own text is a block of that container
            for _level in range(5):  # the card may wrap its parts a few levels deep
                if container is None or container is main:
                    break
                groups.setdefault(container, []).append((block, signals))
                container = container.getparent()
        reported: set[int] = set()
        ancestors: dict = {}  # element -> its ancestors, built once for all the boxes asked about
        # Smallest boxes first, so a card is reported once, not again for each wrapper around it.
        for container, members in sorted(groups.items(), key=lambda item: len(item[1])):
            members = [m for m in members if id(m[0]) not in reported]
            if len(members) < 2 or not _is_module(container, blocks, ancestors):
                continue
            if sum(1 for _b, signals in members if _separate_pitch(signals, threshold)) > 1:
                continue  # a list of separate pitches: each is its own commercial block
            pooled: dict[str, tuple[str, int]] = {}
            for _block, signals in members:
                for name, value in signals.items():
                    pooled.setdefault(name, value)
            strong = "call-to-action" in pooled or "product-container" in pooled
            if strong and _score(pooled) >= threshold:
                reported.update(id(m[0]) for m in members)
                yield self._violation(doc, container, pooled, blocks_in_module=len(members))
        for block, signals in candidates:
            if id(block) not in reported and _score(signals) >= threshold:
                yield self._violation(doc, block, signals)

    def _violation(self, doc, block, signals: dict, blocks_in_module: int = 1) -> Violation:
        score = _score(signals)
        what = "Commercial block" if blocks_in_module == 1 else f"Commercial module ({blocks_in_module} blocks)"
        return Violation(
            block,
            f"{what} inside a news article ({', '.join(signals)}); move it out of the news body into a "
            "labelled shopping module.",
            evidence={"score": score, "blocks": blocks_in_module,
                      "signals": {name: detail for name, (detail, _w) in signals.items()},
                      "page_kind_evidence": list(doc.kind.evidence)},
            confidence=min(0.95, 0.45 + 0.15 * score),
        )

    def _signals(self, block, cues: dict, links: list) -> dict[str, tuple[str, int]]:
        """Signals of one block. News prose quotes prices, "order now" and "be prepared" too, so
        wording counts only in short blocks (pitches and cards are short), and a call to action only
        as the text of a link or button, or as a short block of its own."""
        text = block.text
        words = len(text.split())
        short = words <= _SHORT_BLOCK
        signals: dict[str, tuple[str, int]] = {}
        for candidate in ([text] if words <= 12 else []) + _control_texts(block.element):
            if match := cues["cta"].search(candidate):
                signals["call-to-action"] = (match.group(0), 2)
                break
        container = _container(block.element, cues["containers"])
        if container:
            signals["product-container"] = (container, 2)
        if links:
            signals["affiliate-link"] = (links[0].affiliate.network_name, 1)
        if short and (shape := cues["shape"].search(text[:120])) and not _is_dateline(shape.group(0)):
            signals["product-pitch-shape"] = (text[:60], 1)
        if short and (match := cues["offer"].search(text)):
            signals["price-or-offer"] = (match.group(0), 1)
        if short and (match := cues["pitch"].search(text)) and not _inside_quotes(text, match.start()):
            signals["sales-wording"] = (match.group(0), 1)
        return signals


def _is_module(container, blocks, ancestors: dict) -> bool:
    """A self-contained box of short items (a card, a widget), not a stretch of the article's prose:
    cards are lists of labels and figures, prose runs to long paragraphs. ``ancestors`` memoises
    each block element's ancestor set across calls."""
    inside = []
    for b in blocks:
        if b.element is not container:
            above = ancestors.get(b.element)
            if above is None:
                above = ancestors[b.element] = set(b.element.iterancestors())
            if container not in above:
                continue
        inside.append(b)
    words = sum(len(b.text.split()) for b in inside)
    return 2 <= len(inside) <= 30 and words <= 400 and words / len(inside) <= 15


_SHORT_BLOCK = 30  # words: product pitches and card items are short; news paragraphs are not


def _control_texts(element) -> list[str]:
    """Texts of the links and buttons inside a block (where calls to action live)."""
    return [" ".join("".join(e.itertext()).split()) for e in element.iter("a", "button")]


def _is_dateline(opening: str) -> bool:
    """'LONDON –', 'WASHINGTON (AP) —': a wire dateline, not a product name."""
    name = re.split(r"\s[–—-]\s|:\s", opening, maxsplit=1)[0]
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _inside_quotes(text: str, position: int) -> bool:
    """Whether ``position`` falls inside quotation marks (someone else's words, not a pitch)."""
    before = text[:position]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _score(signals: dict) -> int:
    return sum(weight for _detail, weight in signals.values())


_LINK_SIGNALS = frozenset({"call-to-action", "affiliate-link", "sponsored-link", "links-to-deals-page"})


def _separate_pitch(signals: dict, threshold: int) -> bool:
    """Whether a block of a box sells on its own: it has a link or button of its own and scores without
    the box's product markup, which all the parts of one card share (a card's name line and its
    price-and-button line are one pitch; the items of a list of pitches, each with its link, are not)."""
    own = _score(signals) - (signals["product-container"][1] if "product-container" in signals else 0)
    return own >= threshold and not _LINK_SIGNALS.isdisjoint(signals)


def _widget_of(doc, element):
    """The outermost box around ``element`` that sits inside the article but apart from its prose (an
    ``<aside>``, a widget), or None when ``element`` is in the prose itself."""
    placement = doc.placement(element)
    if placement.in_main_content or not placement.within_main:
        return None
    widget = element
    for ancestor in element.iterancestors():
        above = doc.placement(ancestor)
        if above.in_main_content or not above.within_main:
            break
        widget = ancestor
    return widget


def _labelled_widgets(doc) -> set:
    """Boxes apart from the prose that carry their own visible label: a disclosure that says the
    publisher is paid, or a sponsored label ("Shopping · We may earn a commission …")."""
    found = set()
    for disclosure in doc.disclosures:
        if disclosure.conspicuous and disclosure.adequate:
            widget = _widget_of(doc, disclosure.element)
            if widget is not None:
                found.add(widget)
    return found


def _container(element, tokens: frozenset[str]) -> str:
    for candidate in (element, *element.iterancestors()):
        found = _container_token(f"{candidate.get('class', '')} {candidate.get('id', '')}", tokens)
        if found:
            return f"{candidate.tag}.{found}"
        itemtype = candidate.get("itemtype", "")
        if itemtype.rstrip("/").rsplit("/", 1)[-1] in ("Product", "Offer", "AggregateOffer"):
            return f"{candidate.tag}[itemtype={itemtype}]"
        if candidate.tag in ("article", "main", "body"):
            break
    return ""


@lru_cache(maxsize=8192)
def _container_token(classes: str, tokens: frozenset[str]) -> str:
    """The first class/id token that names a product container ('product', 'product-card'), or ''.
    Pages repeat a few class strings on every ancestor of every block: each is judged once."""
    prefixes = _prefixes(tokens)
    for c in classes.lower().split():
        if c in tokens or c.startswith(prefixes):
            return c
    return ""


@lru_cache(maxsize=16)
def _prefixes(tokens: frozenset[str]) -> tuple[str, ...]:
    """'product-', 'product_', ...: what a token's compound class names start with."""
    return tuple(t + separator for t in tokens for separator in "-_")


def _crisis(prose: list, cues: dict) -> str:
    """The crisis the article reports ("war, missiles"), when its prose names one at least twice."""
    found: list[str] = []
    for block in prose:
        found += [m.group(0).lower() for m in cues["crisis"].finditer(block.text)]
        if len(found) >= 2:
            return ", ".join(dict.fromkeys(found))
    return ""


def _fear_to_purchase(text: str, cues: dict) -> tuple[str, int] | None:
    """(what, weight) when a block sells preparedness: gear in a short block (1), or gear and a
    segue that turns the fear into a purchase in a longer one (2)."""
    gear = cues["preparedness"].search(text)
    if not gear:
        return None
    segue = cues["segue"].search(text)
    if len(text.split()) > _SHORT_BLOCK:
        return (f"'{segue.group(0)}' … '{gear.group(0)}'", 2) if segue else None
    return (f"'{gear.group(0)}'", 1)
