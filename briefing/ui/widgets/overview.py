"""What the reading pane shows before anything is chosen: the briefing at a glance."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from briefing.corpus import Corpus
from briefing.ui import display

KEYS = (
    ("a d s", "browse by actor, date or sticking point"),
    ("enter", "open the highlighted entry"),
    ("/", "search quotations, articles and events"),
    ("t", "show or hide the timeline"),
    ("ctrl+p", "find anything by name, switch theme"),
    ("?", "all keys"),
)


class Overview(VerticalScroll):
    def compose(self):
        yield Static(Content.styled("Loading the briefing…", display.MUTED), id="overview-text")

    def show(self, corpus: Corpus) -> None:
        title = corpus.title or "Briefing"
        first = corpus.articles[0].published.human() if corpus.articles else ""
        last = corpus.articles[-1].published.human() if corpus.articles else ""
        lines = [display.line(title, "bold $text-primary")]
        lines.append(display.join([
            f"{len(corpus.articles):,} articles", f"{len(corpus.quotes):,} quotations",
            f"{len(corpus.events):,} events", f"{len(corpus.topics)} sticking points",
        ]))
        if first:
            lines.append(Content.styled(f"published {first} – {last}" if first != last else f"published {first}",
                                        display.MUTED))
        if corpus.problems:
            lines.append(Content.styled(
                f"{len(corpus.problems)} problem(s) in the content: press p to see them", display.ERROR))
        latest = corpus.articles[-1] if corpus.articles else None
        if latest is not None:
            lines += [Content(""), Content.styled("Latest", display.HEADING),
                      Content.assemble(display.line(latest.title, "bold"), "\n",
                                       display.join([display.line(latest.source), latest.published.human()]))]
            if latest.summary:
                lines.append(display.line(latest.summary))
        lines += [Content(""), Content.styled("Getting around", display.HEADING)]
        lines += [Content.assemble((f"{key:>7}", "bold $text-accent"), "  ", what) for key, what in KEYS]
        self.query_one("#overview-text", Static).update(Content("\n").join(lines))

    def show_failure(self, messages: list[str]) -> None:
        lines = [Content.styled("Nothing could be loaded", display.ERROR)]
        lines += [display.line(m) for m in messages]
        self.query_one("#overview-text", Static).update(Content("\n").join(lines))
