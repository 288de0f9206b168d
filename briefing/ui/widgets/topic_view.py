"""A sticking point's page: summary, where each party stands, who said what, events."""

from __future__ import annotations

from briefing.corpus import Corpus
from briefing.ui import display
from briefing.browse import topic_page
from briefing.ui.widgets.item_list import event_prompt, heading, indented, note, position_prompt, quote_prompt
from briefing.ui.widgets.item_page import ItemPage
from briefing.text import counted


class TopicView(ItemPage):
    topic_id: str | None = None

    def show(self, corpus: Corpus, topic_id: str) -> None:
        page = topic_page(corpus, topic_id)
        self.topic_id = page.topic.id
        quote_count = sum(len(q) for _, q in page.quotes)
        about = [display.line(page.topic.summary)] if page.topic.summary else []
        counts = " · ".join([counted(page.article_count, "article"), counted(quote_count, "quotation"),
                         counted(len(page.events), "event"), "e exports a brief"])

        rows: list = [heading("Where each party stands", len(page.stances))]
        if not page.stances:
            rows.append(note("No positions recorded yet."))
        for party, positions in page.stances:
            rows.append(note(""))
            rows.append(heading(f"  {corpus.actor_name(party)}"))
            rows.extend((p, position_prompt(corpus, p, indent=2)) for p in positions)
        rows += [None, heading("Quotations by speaker", quote_count)]
        if not page.quotes:
            rows.append(note("No quotations on this sticking point yet."))
        for speaker, quotes in page.quotes:
            rows.append(note(""))
            rows.append(heading(f"  {corpus.actor_name(speaker)}", len(quotes)))
            rows.extend((q, indented(quote_prompt(corpus, q, show_speaker=False))) for q in quotes)
        rows += [None, heading("Events", len(page.events))]
        if not page.events:
            rows.append(note("No events recorded yet."))
        rows.extend((e, event_prompt(e)) for e in page.events)
        self.show_page(page.topic.title, about, counts, rows)
