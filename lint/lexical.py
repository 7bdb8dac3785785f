"""Lexical overlap between a passage and a body of text: how much of its vocabulary the article shares.

Why lexical and not embeddings: it needs no model, is deterministic and explains itself ("1/9 content
words shared"); it is only supporting evidence for PLG's topic drift, never a verdict of its own. A
light suffix-stripping stemmer makes "stoves" meet "stove" and "launching" meet "launch", which is
the difference that matters for short pitches against a few paragraphs of news.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

_WORD = re.compile(r"[^\W\d_]{4,}")
STOPWORDS = frozenset(
    "that this with from have been were will would could their there which about after before while where when "
    "what also into more most such than them they then these those over under other some only very just your "
    "yours here each every many much even well still like make made does doing being".split()
)
_SUFFIXES = (("ations", ""), ("ation", ""), ("ings", ""), ("ing", ""), ("ies", "y"), ("ied", "y"),
             ("ers", ""), ("es", ""), ("ed", ""), ("er", ""), ("ly", ""), ("s", ""))


@lru_cache(maxsize=16_384)  # the same few thousand words recur in every block of a page
def stem(word: str) -> str:
    """Strip one common English suffix, keeping at least four letters ("stoves" -> "stov" = "stove" -> "stov")."""
    word = word.lower()
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)] + replacement
    return word


def content_words(text: str) -> set[str]:
    """Stemmed words of four letters or more, minus function words."""
    return {stem(w) for w in _WORD.findall(text) if w.lower() not in STOPWORDS}


def vocabulary(texts: Iterable[str]) -> set[str]:
    """The content words of several texts together."""
    words: set[str] = set()
    for text in texts:
        words |= content_words(text)
    return words


def shared_fraction(words: set[str], body: set[str]) -> float:
    """The share of ``words`` that ``body`` also uses (1.0 for an empty passage: nothing drifts)."""
    return sum(1 for word in words if word in body) / len(words) if words else 1.0
