"""Sticking points an article or a sentence touches, from the index's keywords."""

from __future__ import annotations

import re
from functools import lru_cache

from briefing.model import TopicIndex
from briefing.text import fold_for_search


@lru_cache(maxsize=512)
def _pattern(keyword: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in fold_for_search(keyword).split()]
    # a final plural or possessive is allowed: "missile" finds "missiles"
    return re.compile(r"(?<![\w-])" + r"[\s-]+".join(words) + r"(?:s|es|'s)?(?![\w-])")


class TopicTagger:
    def __init__(self, index: TopicIndex | None) -> None:
        self.topics = [(t.id, tuple(k for k in (t.keywords or (t.title,)) if k.strip()) or (t.title,))
                       for t in (index.topics if index else ())]

    def hits(self, text: str) -> dict[str, int]:
        folded = fold_for_search(text)
        counts: dict[str, int] = {}
        for topic_id, keywords in self.topics:
            total = 0
            for keyword in keywords:
                found = len(_pattern(keyword).findall(folded))
                # a phrase is stronger evidence than a single word
                total += found * (2 if " " in keyword.strip() else 1)
            if total:
                counts[topic_id] = total
        return counts

    def for_article(self, text: str) -> list[str]:
        """Topics mentioned at least twice (or once by a several-word keyword), most mentioned first."""
        counts = self.hits(text)
        return [t for t, n in sorted(counts.items(), key=lambda item: -item[1]) if n >= 2]

    def for_passage(self, text: str) -> list[str]:
        counts = self.hits(text)
        return [t for t, _ in sorted(counts.items(), key=lambda item: -item[1])]
