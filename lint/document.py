"""The document model: the only thing rules see.

Everything is computed lazily and cached on first use, so a rule set that never asks for sentences
never pays for splitting them, and no rule re-derives what another already asked for. The pieces live
in their own modules (``content``, ``regions``, ``blocks``, ``sentences``, ``links``, ``affiliate``,
``autoaffiliate``, ``disclosures``, ``metadata``, ``pagekind``); this class ties them to one parsed tree.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from functools import cached_property
from typing import Any, Iterable, Mapping

from lxml import etree

from affilint.affiliate import AffiliateClassifier, AffiliateMatch
from affilint.attribution import attribution_lexicon
from affilint.autoaffiliate import AutoAffiliateDetector, AutoAffiliateScript
from affilint.blocks import Block, extract_blocks
from affilint.claims import Sourcing, build_sourcing
from affilint.disclosures import Disclosure, DisclosureLexicon, find_disclosures
from affilint.content import MainContent, compile_selector, find_main_content
from affilint.links import Link, extract_links
from affilint.metadata import Metadata, extract_metadata, microdata_elements
from affilint.newscues import Cue, press_release_marker, weigh_news_cues
from affilint.pagekind import PageKind, classify_page
from affilint.parse import parse
from affilint.positions import LXML_MAX_LINE, SourceMap, Span
from affilint.regions import VISIBLE_OUTSIDE, Placement, Placer
from affilint.sentences import Sentence, split_blocks, split_spans
from affilint.text import squash, text_content
from affilint.urls import host_of, resolve, site_of

# A word as it can be found verbatim in the source: letters and digits only (punctuation such as
# curly quotes is often written as an entity, e.g. &ldquo;).
_WORD = re.compile(r"[^\W_]{1,40}")


class ModelContext:
    """Data shared by every document of a run (plugin data, compiled classifiers). Build once."""

    def __init__(self, data: Mapping[str, Iterable[Any]] | None = None) -> None:
        self.data: dict[str, tuple[Any, ...]] = {kind: tuple(entries) for kind, entries in (data or {}).items()}

    @cached_property
    def affiliate_classifier(self) -> AffiliateClassifier:
        return AffiliateClassifier(self.data.get("affiliate_networks", ()), self.data.get("cloaking_paths", ()))

    @cached_property
    def disclosure_lexicon(self) -> DisclosureLexicon:
        return DisclosureLexicon(self.data.get("disclosure_phrases", ()))

    @cached_property
    def auto_affiliate(self) -> AutoAffiliateDetector:
        return AutoAffiliateDetector(self.data.get("auto_affiliate_scripts", ()), self.data.get("auto_affiliate_merchants", ()))


_EMPTY_CONTEXT = ModelContext()
_HREFS = etree.XPath("//a/@href")


class Document:
    """A parsed HTML document and the model derived from it."""

    def __init__(
        self,
        text: str,
        root: Any,
        *,
        path: str = "<string>",
        url: str | None = None,
        fallback_url: str | None = None,
        is_fragment: bool = False,
        main_content_selector: str | None = None,
        context: ModelContext | None = None,
    ) -> None:
        self.text = text
        self.root = root
        self.path = path
        self.given_url = url
        self.fallback_url = fallback_url
        self.is_fragment = is_fragment
        self.main_content_selector = main_content_selector
        self.context = context or _EMPTY_CONTEXT
        self._sentence_span_cache: dict[int, dict[int, Span]] = {}

    @classmethod
    def from_html(cls, html: str, **kwargs: Any) -> "Document":
        """Parse ``html`` into a document (raises :class:`affilint.errors.InputError` for non-HTML)."""
        parsed = parse(html)
        return cls(parsed.text, parsed.root, is_fragment=parsed.is_fragment, **kwargs)

    # -- shared data ---------------------------------------------------------------------------
    def data(self, kind: str) -> tuple[Any, ...]:
        """Entries of a data kind contributed by plugins (e.g. ``disclosure_phrases``)."""
        return self.context.data.get(kind, ())

    # -- source --------------------------------------------------------------------------------
    @cached_property
    def source(self) -> SourceMap:
        return SourceMap(self.text, self.root)

    @cached_property
    def soup(self) -> Any:
        """A BeautifulSoup tree of the same text, built only when a plugin asks for it.

        It uses Python's ``html.parser`` so that every tag knows its ``sourceline`` and ``sourcepos``:
        a rule may yield a ``bs4.Tag`` as a violation target and the finding lands on the right line.
        """
        from bs4 import BeautifulSoup

        return BeautifulSoup(self.text, "html.parser")

    def css(self, selector: str) -> list[Any]:
        """Elements matching a CSS selector (compiled once per process)."""
        return compile_selector(selector)(self.root)

    # -- metadata ------------------------------------------------------------------------------
    @cached_property
    def metadata(self) -> Metadata:
        return extract_metadata(self.root, self._microdata)

    @cached_property
    def _microdata(self) -> list[Any]:
        """Elements with microdata or a link rel: one walk shared by metadata and main content."""
        return microdata_elements(self.root)

    @cached_property
    def url(self) -> str:
        """The document's own URL: as given (``--url``, a WARC record), else its canonical / og:url
        (resolved against the given URL), else the configured ``base-url`` ('' if none is known)."""
        canonical = self.metadata.canonical
        if canonical and not canonical.lower().startswith(("http://", "https://")):
            canonical = resolve(canonical, self.given_url or self.fallback_url) if (self.given_url or self.fallback_url) else ""
        return self.given_url or canonical or self.fallback_url or ""

    @cached_property
    def base_url(self) -> str:
        base = self.metadata.base_href
        return resolve(base, self.url) if base else self.url

    @cached_property
    def site_host(self) -> str:
        """The publisher's host: from the page URL, else the host most of the page's own links go to."""
        if self.url:
            return host_of(self.url)
        if self.is_fragment:
            return ""
        counts: dict[str, int] = {}
        total = 0
        for href in _HREFS(self.root):
            host = host_of(href.strip()) if href.strip().lower().startswith(("http://", "https://")) else ""
            if host:
                total += 1
                counts[site_of(host)] = counts.get(site_of(host), 0) + 1
        if counts:
            site, count = max(counts.items(), key=lambda item: item[1])
            # A publisher's navigation, sections and related stories link to itself far more than
            # to anyone else; demand a clear majority before trusting the guess.
            if count >= 5 and count >= 0.4 * total:
                return site
        return ""

    @cached_property
    def kind(self) -> PageKind:
        # The lede: the first substantial paragraph of the body (bylines and kickers are short).
        first = next((b.text for b in self.main_blocks if b.kind in ("paragraph", "text") and len(b.text) >= 60), "")

        def news_cues() -> list[Cue]:
            body = [b.text for b in self.main_blocks]
            return weigh_news_cues(self.metadata, self.url, self.root, self.main_content.element, body, first)

        return classify_page(self.metadata, self.url, first, self.is_fragment, news_cues)

    # -- structure -----------------------------------------------------------------------------
    @cached_property
    def main_content(self) -> MainContent:
        return find_main_content(self.root, self.is_fragment, self.main_content_selector, self._microdata)

    @cached_property
    def placements(self) -> dict[Any, Placement]:
        return self._layout[0]

    @cached_property
    def _layout(self) -> tuple[dict[Any, Placement], list[Block]]:
        """Placements and blocks from one walk of the tree (every built-in lint needs both)."""
        placer = Placer(self.main_content.element)
        blocks = extract_blocks(self.root, placer, self._line_of)
        return placer.placements, blocks

    def placement(self, element: Any) -> Placement:
        """Region, main-content membership and visibility of an element."""
        found = self.placements.get(element)
        if found is not None:
            return found
        parent = element.getparent() if element is not None else None
        while parent is not None:
            if parent in self.placements:
                return self.placements[parent]
            parent = parent.getparent()
        return VISIBLE_OUTSIDE

    def in_main_content(self, element: Any) -> bool:
        return self.placement(element).in_main_content

    @cached_property
    def blocks(self) -> list[Block]:
        return self._layout[1]

    @cached_property
    def _blocks_by_element(self) -> dict[Any, Block]:
        found: dict[Any, Block] = {}
        for block in self.blocks:
            found.setdefault(block.element, block)
        return found

    def block_of(self, element: Any) -> Block | None:
        """The block an element's text belongs to: its own, or its nearest ancestor's (None outside any)."""
        owners = self._blocks_by_element
        if element in owners:
            return owners[element]
        for ancestor in element.iterancestors():
            if ancestor in owners:
                return owners[ancestor]
        return None

    @cached_property
    def main_blocks(self) -> list[Block]:
        """Visible blocks of the main content, in order."""
        return [b for b in self.blocks if b.in_main_content and not b.hidden]

    @cached_property
    def sentences(self) -> list[Sentence]:
        return split_blocks(self.blocks)

    @cached_property
    def main_sentences(self) -> list[Sentence]:
        """Sentences of the visible main-content blocks, in order."""
        visible = set(map(id, self.main_blocks))
        return [s for s in self.sentences if id(s.block) in visible]

    @cached_property
    def disclosures(self) -> list[Disclosure]:
        """Where the page says it is paid (or only hints at it), in document order."""
        return find_disclosures(self, self.context.disclosure_lexicon)

    @cached_property
    def _sentences_by_block(self) -> dict[int, list[Sentence]]:
        found: dict[int, list[Sentence]] = {}
        for sentence in self.sentences:
            found.setdefault(sentence.block.index, []).append(sentence)
        return found

    def sentence_at(self, block: Block, offset: int) -> Sentence | Block:
        """The sentence of ``block`` holding the character at ``offset`` (the block itself if none)."""
        for sentence in self._sentences_by_block.get(block.index, ()):
            if sentence.start <= offset < sentence.end:
                return sentence
        return block

    @cached_property
    def sourcing_language(self) -> bool:
        """Whether the page's declared language (``<html lang>``) is one the sourcing lexicons are
        written in (English; an undeclared language counts). The CLM and SRC rules read nothing
        else: English patterns on a French page find figures but never "a déclaré"."""
        return attribution_lexicon().reads(self.metadata.lang)

    @cached_property
    def press_release(self) -> bool:
        """Whether the main content reads as a press release ("For immediate release", "Media
        contact"): it is its issuer's own statement, so its quotes and claims need no other source."""
        return bool(press_release_marker([block.text for block in self.main_blocks]))

    @cached_property
    def sourcing(self) -> Sourcing:
        """Quotes, attributions, weasel phrases and check-worthy claims of the main content (CLM, SRC)."""
        return build_sourcing(self)

    @cached_property
    def element_order(self) -> dict[Any, int]:
        """Document-order index of every element, for "does X come before Y" questions."""
        return {element: index for index, element in enumerate(self.root.iter())}

    def words_between(self, first: Any, second: Any) -> int:
        """Words of visible text in blocks that start between two elements (document order)."""
        order = self.element_order
        low, high = sorted((order.get(first, 0), order.get(second, 0)))
        return sum(len(b.text.split()) for b in self.blocks if not b.hidden and low < order.get(b.element, -1) < high)

    @cached_property
    def auto_affiliate_scripts(self) -> list[AutoAffiliateScript]:
        """Client-side auto-affiliation scripts the page loads (Skimlinks, VigLink, ...)."""
        return self.context.auto_affiliate.detect(self.root, self.base_url or None)

    @cached_property
    def links(self) -> list[Link]:
        links = extract_links(
            self.root, self.placements, self.base_url or None, self.site_host, self.context.affiliate_classifier, self._line_of
        )
        # A link the publisher itself marks rel="sponsored" is paid by its own declaration, whatever
        # its URL (ad-network links aside): rules treat it like an affiliate link of unknown network.
        links = [
            replace(link, affiliate=AffiliateMatch("declared", f"{link.host} (marked rel=sponsored)", "rel-sponsored", link.host, 0.9))
            if link.affiliate is None and "sponsored" in link.rel and link.is_external and not link.is_ad
            else link
            for link in links
        ]
        scripts = self.auto_affiliate_scripts
        if scripts:
            script = scripts[0]
            detector = self.context.auto_affiliate
            match = AffiliateMatch(script.network, script.name, "auto-affiliate-script", f"{script.src} (line {script.line})", 0.45)
            links = [
                replace(link, auto_affiliate=match)
                if link.affiliate is None and link.is_external and link.within_main and detector.is_merchant(link.host)
                else link
                for link in links
            ]
        return links

    @cached_property
    def _line_of(self) -> Any:
        """lxml's ``sourceline``, or the source scan when the document is longer than lxml can count."""
        if self.text.count("\n") + 1 > LXML_MAX_LINE:  # cheaper than building the source map
            return self.source.line_of
        return None

    @cached_property
    def comments(self) -> list[Any]:
        """All comments in document order, including those lxml keeps outside ``<html>``."""
        before = [n for n in self.root.itersiblings(preceding=True) if n.tag is etree.Comment][::-1]
        after = [n for n in self.root.itersiblings() if n.tag is etree.Comment]
        return before + list(self.root.iter(etree.Comment)) + after

    # -- positions and identity of rule targets -----------------------------------------------
    def element_of(self, target: Any) -> Any:
        if target is None:
            return self.main_content.element
        return getattr(target, "element", target)

    def locate(self, target: Any) -> Span:
        """Source span of a rule target (element, block, sentence, link, bs4 tag, or None for the document)."""
        if _is_soup_tag(target):
            line = getattr(target, "sourceline", None) or 1
            position = getattr(target, "sourcepos", None)
            return Span(line, position + 1 if position is not None else None)
        if isinstance(target, Sentence):
            return self._sentence_spans(target.block)[target.start]
        element = self.element_of(target)
        if isinstance(target, Block):
            span = self.source.span(element)
            if span.line == target.line:
                return span
            return Span(target.line, None, span.end_line, span.end_column)
        return self.source.span(element)

    def _sentence_spans(self, block: Block) -> dict[int, Span]:
        """Source spans of a block's sentences, keyed by their start offset in the block text.

        Text positions are not recorded by lxml, so each sentence's first and last word are looked
        up in the source, on the lines the block model gives, moving forward through the block so a
        word repeated by an earlier sentence is not taken for this one.
        """
        cache = self._sentence_span_cache
        spans = cache.get(block.index)
        if spans is not None:
            return spans
        source = self.source
        text = source.text
        element_offset = source.offset_of(block.element)
        cursor = source.start_tag_end(element_offset) if element_offset is not None else 0
        spans = {}
        for start, end in split_spans(block.text):
            sentence_text = block.text[start:end]
            line = block.line_at(start)
            end_line = block.line_at(max(start, end - 1))
            words = list(_WORD.finditer(sentence_text))
            column = end_column = None
            if words:
                first, last = words[0], words[-1]
                line_start = source.offset(line)
                found = _find_word(text, first.group(), max(cursor, line_start), _line_end(source, line))
                if found is not None:
                    column = found - line_start + 1
                    cursor = found + len(first.group())
                    # Source text is never shorter than the text it renders (entities, tags and
                    # collapsed whitespace only add), so the last word starts at least this far on.
                    floor = found + (last.start() - first.start())
                    end_start = source.offset(end_line)
                    ending = _find_word(text, last.group(), max(floor, end_start), _line_end(source, end_line))
                    if ending is not None:
                        end_column = ending + len(last.group()) - end_start + 1
                        cursor = ending + len(last.group())
            spans[start] = Span(line, column, end_line, end_column)
        cache[block.index] = spans
        return spans

    def target_text(self, target: Any) -> str:
        """The normalised text that identifies a target (used in fingerprints and snippets)."""
        if _is_soup_tag(target):
            return squash(target.get_text())
        if isinstance(target, (Sentence, Block)):
            return target.text
        if isinstance(target, Link):
            return f"{target.href} {target.text}"
        element = self.element_of(target)
        if element is None:
            return ""
        return squash(text_content(element))

    def snippet(self, target: Any, limit: int = 160) -> str:
        """A short excerpt a person recognises: the sentence/block text, or the element's source."""
        if isinstance(target, (Sentence, Block)):
            text = target.text
        elif _is_soup_tag(target):
            text = self.target_text(target)
        else:
            span = self.locate(target)
            if span.column is not None and span.end_line is not None and span.end_column is not None:
                start = self.source.offset(span.line, span.column)
                end = self.source.offset(span.end_line, span.end_column)
                text = " ".join(self.text[start : min(end, start + limit * 2)].split())
            else:
                text = self.source.line_text(span.line).strip()
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

    def locator(self, target: Any) -> str:
        """A structural, line-independent path to a target's element: ``main>article#story>p``."""
        if _is_soup_tag(target):
            return ">".join(reversed([t.name for t in [target, *target.parents] if t.name != "[document]"]))
        element = self.element_of(target)
        parts = []
        while element is not None and isinstance(element.tag, str):
            ident = (element.get("id") or "").split()
            parts.append(f"{element.tag}#{ident[0]}" if ident else element.tag)
            if ident:
                break
            element = element.getparent()
        return ">".join(reversed(parts))

    def text_hash(self, target: Any) -> str:
        normalised = " ".join(self.target_text(target).lower().split())
        return hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:12]


def _is_soup_tag(target: Any) -> bool:
    """True for a BeautifulSoup ``Tag`` (checked without importing bs4 on the hot path)."""
    return type(target).__module__.startswith("bs4") and hasattr(target, "sourceline")


def _line_end(source: SourceMap, line: int) -> int:
    return source.offset(line + 1) if line < len(source.line_starts) else len(source.text)


def _find_word(text: str, word: str, start: int, stop: int) -> int | None:
    """Offset of ``word`` as a whole word in ``text[start:stop]``, or None."""
    match = re.compile(r"(?<![^\W_])%s(?![^\W_])" % re.escape(word)).search(text, start, stop)
    return match.start() if match else None
