"""A quotation with its citation, as text to paste into a memo (no Textual here)."""

from __future__ import annotations

from briefing.corpus import Corpus
from briefing.model import Quote
from briefing.text import one_line


def quote_citation(corpus: Corpus, quote: Quote) -> str:
    """'“text” — Speaker (role), context. Source, 25 November 2025. URL'

    One paragraph: it pastes cleanly into an e-mail, a memo or a chat.
    """
    article = corpus.article_by_id[quote.article_id]
    speaker = corpus.actor(quote.speaker)
    who = speaker.name if speaker else quote.speaker
    if speaker and speaker.role:
        who += f" ({speaker.role})"
    said = f"“{one_line(quote.text)}” — {one_line(who)}"
    if quote.context:
        said += f", {one_line(quote.context)}"
    source = f"{one_line(article.source)}, {quote.date.human()}"
    if article.published != quote.date:
        source += f" (published {article.published.human()})"
    title = one_line(article.title)
    # A title that ends a sentence already ('…Ukraine?') takes no extra full stop.
    source += f": “{title}”" + ("" if title.endswith((".", "?", "!")) else ".")
    citation = f"{said}. {source}"
    if article.url:
        citation += f" {one_line(article.url)}"
    return citation
