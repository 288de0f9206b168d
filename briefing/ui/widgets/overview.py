"""What the reading pane shows before anything is chosen: the briefing at a glance."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.selection import Selection
from textual.widgets import Static

from typing import TYPE_CHECKING

from briefing.dates import PartialDate
from briefing.ui import display
from briefing.text import counted

if TYPE_CHECKING:
    from briefing.cache.summary import Summary

KEYS = (
    ("a d s", "browse by actor, date or sticking point"),
    ("enter", "open the highlighted entry"),
    ("/", "search quotations, articles and events"),
    ("t", "show or hide the timeline"),
    ("ctrl+p", "find anything by name, switch theme"),
    ("?", "all keys"),
)


class OverviewText(Static):
    """The overview's text; what the mouse selects in it is what is shown, hanging lines included."""

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        visual = self.visual
        if isinstance(visual, display.Lines):
            return selection.extract(visual.content(self.content_region.width).plain), "\n"
        return super().get_selection(selection)


class Overview(VerticalScroll):
    def compose(self):
        yield OverviewText(Content.styled("Loading the briefing…", display.MUTED), id="overview-text")

    def show(self, summary: Summary) -> None:
        title = summary.title or "Briefing"
        first, last = summary.first_published, summary.last_published
        lines: list[Content | display.Hanging] = [display.line(title, "bold $text-primary")]
        lines.append(display.join([
            counted(summary.articles, "article"), counted(summary.quotes, "quotation"),
            counted(summary.events, "event"), counted(summary.topics_count, "sticking point"),
        ]))
        if first:
            lines.append(Content.styled(f"published {first} – {last}" if first != last else f"published {first}",
                                        display.MUTED))
        if summary.problems:
            lines.append(Content.styled(
                f"{len(summary.problems)} problem(s) in the content: press p to see them", display.ERROR))
        latest_title, latest_source, latest_date, latest_summary = summary.latest
        if latest_title:
            lines += [Content(""), Content.styled("Latest", display.HEADING),
                      Content.assemble(display.line(latest_title, "bold"), "\n",
                                       display.join([display.line(latest_source), latest_date]))]
            if latest_summary:
                lines.append(display.line(latest_summary))
        if summary.recent_events:
            lines += [Content(""), Content.styled("Latest events", display.HEADING)]
            for iso, title, place in reversed(summary.recent_events):
                when = display.short_date(PartialDate.parse(iso))
                what = [display.line(title)]
                if place:
                    what += [Content.styled(" · ", display.MUTED), display.line(place, display.MUTED)]
                # A long event wraps under its text, clear of the dates column.
                lines.append(display.Hanging(Content.styled(when + "  ", display.MUTED), Content.assemble(*what)))
        covered = sorted((t for t in summary.topics if t[2]), key=lambda t: -t[2])[:5]
        if covered:
            lines += [Content(""), Content.styled("Most covered sticking points", display.HEADING)]
            lines += [Content.assemble((f"{count:>5,}  ", display.MUTED), display.line(label))
                      for _key, label, count, _summary in covered]
        lines += [Content(""), Content.styled("Getting around", display.HEADING)]
        lines += [Content.assemble((f"{key:>7}", "bold $text-accent"), "  ", what) for key, what in KEYS]
        self.query_one(OverviewText).update(display.Lines(lines))

    def show_failure(self, messages: list[str]) -> None:
        lines = [Content.styled("Nothing could be loaded", display.ERROR)]
        lines += [display.line(m) for m in messages]
        self.query_one(OverviewText).update(Content("\n").join(lines))
