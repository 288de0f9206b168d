"""An actor's page: who they are, what they said (in date order), where their side stands."""

from __future__ import annotations

from textual.content import Content

from briefing.corpus import Corpus
from briefing.ui import display
from briefing.browse import actor_page
from briefing.ui.widgets.item_list import event_prompt, heading, note, position_prompt, quote_prompt
from briefing.ui.widgets.item_page import ItemPage
from briefing.text import counted


class ActorView(ItemPage):
    actor_id: str | None = None

    def show(self, corpus: Corpus, actor_id: str) -> None:
        page = actor_page(corpus, actor_id)
        actor = page.actor
        self.actor_id = actor.id
        what = [actor.role or actor.kind.capitalize()]
        if page.party:
            what.append(f"speaks for {page.party.name}")
        about = [display.join(display.line(part) for part in what)]
        if actor.aliases:
            about.append(Content.assemble(Content.styled("also ", display.MUTED),
                                          display.line(", ".join(actor.aliases), display.MUTED)))
        counts = " · ".join([counted(page.article_count, "article"), counted(len(page.quotes), "quotation"),
                             counted(len(page.positions), "position"), counted(len(page.events), "event")])

        rows: list = [heading("Quotations", len(page.quotes))]
        if not page.quotes:
            rows.append(note("No quotations recorded."))
        rows.extend((q, quote_prompt(corpus, q, show_speaker=False)) for q in page.quotes)
        side = f"Where {page.party.name if page.party else actor.name} stands"
        rows += [None, heading(side, len(page.positions))]
        if not page.positions:
            rows.append(note("No positions recorded."))
        rows.extend((p, position_prompt(corpus, p, show_topic=True)) for p in page.positions)
        rows += [None, heading("Events", len(page.events))]
        if not page.events:
            rows.append(note("No events recorded."))
        rows.extend((e, event_prompt(e)) for e in page.events)
        self.show_page(actor.name, about, counts, rows)
