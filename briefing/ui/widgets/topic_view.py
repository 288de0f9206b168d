"""A sticking point's page: summary, where each party stands, who said what, events."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from briefing.corpus import Corpus
from briefing.ui import display
from briefing.ui.browse import topic_page
from briefing.ui.widgets.item_list import ItemList, event_prompt, heading, indented, note, position_prompt, quote_prompt


class TopicView(Vertical):
    topic_id: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="page-header")
        yield ItemList(classes="page-items", compact=True)

    def show(self, corpus: Corpus, topic_id: str) -> None:
        page = topic_page(corpus, topic_id)
        self.topic_id = page.topic.id
        lines = [display.line(page.topic.title, "bold $text-primary")]
        if page.topic.summary:
            lines.append(display.line(page.topic.summary))
        lines.append(Content.styled(
            f"{page.article_count} articles · {sum(len(q) for _, q in page.quotes)} quotations · "
            f"{len(page.events)} events · e exports a brief", display.MUTED))
        self.query_one(".page-header", Static).update(Content("\n").join(lines))

        rows: list = [heading("Where each party stands", len(page.stances))]
        if not page.stances:
            rows.append(note("No positions recorded yet."))
        for party, positions in page.stances:
            rows.append(note(""))
            rows.append(heading(f"  {corpus.actor_name(party)}"))
            rows.extend((p, position_prompt(corpus, p, indent=2)) for p in positions)
        rows += [None, heading("Quotations by speaker", sum(len(q) for _, q in page.quotes))]
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
        self.query_one(ItemList).fill(rows)
