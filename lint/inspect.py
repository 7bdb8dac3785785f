"""``affilint inspect``: the document model as rules see it, so users can see why affilint judged as it did.

The JSON form is a contract (``model_version``); fields are only ever added.
"""

from __future__ import annotations

from typing import Any, TextIO

from affilint.document import Document

MODEL_VERSION = "1.2"  # 1.1 adds "quotes", "attributions" and "claims"; 1.2 adds the values attribution kind "self" and claim cues "generalisation" and "allegation"


def main_content_summary(doc: Document) -> dict[str, Any]:
    """Where the main content is and how it was found (shared by reports and ``inspect``)."""
    main = doc.main_content
    start = doc.source.start(main.element)
    return {"selector": main.selector, "method": main.method, "line": start.line, "column": start.column}


def model_dict(doc: Document) -> dict[str, Any]:
    return {
        "model_version": MODEL_VERSION,
        "path": doc.path,
        "url": doc.url or None,
        "is_fragment": doc.is_fragment,
        "kind": doc.kind.kind,
        "kind_evidence": list(doc.kind.evidence),
        "metadata": doc.metadata.to_dict(),
        "main_content": main_content_summary(doc),
        "auto_affiliate_scripts": [script.to_dict() for script in doc.auto_affiliate_scripts],
        "disclosures": [disclosure.to_dict() for disclosure in doc.disclosures],
        "blocks": [
            {
                "index": block.index,
                "kind": block.kind,
                "tag": block.element.tag,
                "line": block.line,
                "region": block.region,
                "in_main_content": block.in_main_content,
                "visibility": block.visibility,
                "hidden_reason": block.hidden_reason or None,
                "text": block.text,
            }
            for block in doc.blocks
        ],
        "sentences": [
            {"index": s.index, "block": s.block.index, "line": s.line, "column": doc.locate(s).column, "text": s.text}
            for s in doc.sentences
        ],
        **sourcing_dict(doc),
        "links": [
            {
                "href": link.url,
                "raw_href": link.href,
                "line": link.line,
                "host": link.host or None,
                "rel": sorted(link.rel),
                "text": link.text,
                "in_main_content": link.in_main_content,
                "region": link.region,
                "visibility": link.visibility,
                "external": link.is_external,
                "affiliate": link.affiliate.to_dict() if link.affiliate else None,
                "auto_affiliate": link.auto_affiliate.to_dict() if link.auto_affiliate else None,
            }
            for link in doc.links
        ],
    }


def sourcing_dict(doc: Document) -> dict[str, Any]:
    """Quotes, attributions and claims with their support: what the CLM and SRC rules judged from."""
    sourcing = doc.sourcing
    return {
        "quotes": [
            {"block": q.block.index, "line": q.block.line_at(q.start), "words": q.words, "continued": q.part > 0,
             "blockquote": q.is_blockquote, "text": q.text}
            for q in sourcing.quotes
        ],
        "attributions": [
            {"block": a.block.index, "line": a.block.line_at(a.start), "cue": a.cue, "source": a.source,
             "kind": a.kind, "official": a.official}
            for a in sourcing.attributions
        ],
        "claims": [
            {"sentence": c.sentence.index, "line": c.sentence.line, "cues": dict(c.cues), "hedged": c.hedged,
             "support": c.support, "support_detail": c.support_detail or None}
            for c in sourcing.claims
        ],
        "source_links": sourcing.source_links,
    }


def write_text(model: dict[str, Any], out: TextIO) -> None:
    """A readable rendering of :func:`model_dict`."""
    meta = model["metadata"]
    main = model["main_content"]
    out.write(f"{model['path']}\n")
    out.write(f"  kind          {model['kind']}  ({'; '.join(model['kind_evidence'])})\n")
    out.write(f"  title         {meta['title']}\n  lang          {meta['lang'] or '-'}\n")
    out.write(f"  url           {model['url'] or '-'}\n  fragment      {'yes' if model['is_fragment'] else 'no'}\n")
    out.write(f"  schema types  {', '.join(meta['schema_types']) or '-'}\n  section       {meta['section'] or '-'}\n")
    out.write(f"  authors       {', '.join(meta['authors']) or '-'}\n  published     {meta['published'] or '-'}\n")
    out.write(f"  main content  {main['selector']} at line {main['line']} (found by {main['method']})\n\n")
    out.write(f"Blocks ({len(model['blocks'])}):\n")
    for block in model["blocks"]:
        flags = [block["region"]] + ([block["visibility"] + (f": {block['hidden_reason']}" if block["hidden_reason"] else "")] if block["visibility"] != "visible" else [])
        text = block["text"].replace("\n", " ⏎ ")
        out.write(f"  {block['line']:>5}  {block['kind']:<11} [{', '.join(flags)}] {text[:100]}{'…' if len(text) > 100 else ''}\n")
    out.write(f"\nSentences ({len(model['sentences'])}):\n")
    for sentence in model["sentences"]:
        text = sentence["text"].replace("\n", " ")
        out.write(f"  {sentence['line']:>5}  {text[:110]}{'…' if len(text) > 110 else ''}\n")
    out.write(f"\nClaims ({len(model['claims'])}; outbound source links: {model['source_links']}):\n")
    for claim in model["claims"]:
        cues = ", ".join(f"{kind}: {words!r}" for kind, words in claim["cues"].items())
        backing = f"supported by {claim['support_detail']}" if claim["support"] else "UNSUPPORTED"
        out.write(f"  {claim['line']:>5}  {backing}{' (hedged)' if claim['hedged'] else ''}; {cues}\n")
    out.write(f"\nAttributions ({len(model['attributions'])}):\n")
    for attribution in model["attributions"]:
        official = ", official" if attribution["official"] else ""
        out.write(f"  {attribution['line']:>5}  {attribution['source']!r} {attribution['cue']} [{attribution['kind']}{official}]\n")
    out.write(f"\nQuotes ({len(model['quotes'])}):\n")
    for quote in model["quotes"]:
        text = quote["text"]
        out.write(f"  {quote['line']:>5}  {quote['words']:>3} words  {text[:90]}{'…' if len(text) > 90 else ''}\n")
    out.write(f"\nLinks ({len(model['links'])}):\n")
    for link in model["links"]:
        affiliate = link["affiliate"]
        auto = link["auto_affiliate"]
        if affiliate:
            tag = f"AFFILIATE {affiliate['name']} ({affiliate['signal']}: {affiliate['detail']})"
        elif auto:
            tag = f"possibly affiliate via {auto['name']} script ({auto['detail']})"
        else:
            tag = "external" if link["external"] else "internal"
        rel = f" rel={' '.join(link['rel'])}" if link["rel"] else ""
        out.write(f"  {link['line']:>5}  [{link['region']}] {link['href']}{rel}\n         {tag}; text: {link['text'][:60]!r}\n")
