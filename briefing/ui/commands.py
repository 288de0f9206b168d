"""The command palette (ctrl+p): find actors, sticking points and articles by name.

Also offers the reader's own commands (search, timeline, problems, export)
next to Textual's (theme, quit, screenshot).
"""

from __future__ import annotations

from functools import partial

from textual.await_complete import AwaitComplete
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.css.query import NoMatches
from textual.content import Content
from textual.markup import escape

from briefing.text import one_line
from briefing.browse import Focus
from briefing.ui.messages import OpenArticle, ShowFocus

# Articles beyond this many are found by typing, not listed on opening.
DISCOVER_ARTICLES = 10


class BriefingCommands(Provider):
    def _entries(self):
        """(text to match, display, help, callback) for everything nameable."""
        app = self.app
        corpus = getattr(app, "corpus", None)
        screen = getattr(app, "main_screen", None)
        entries = [
            ("Search quotations, articles and events", "Search…", "open the search box (/)", app.action_search),
            ("Toggle the timeline", "Toggle the timeline", "show or hide the events pane (t)",
             app.action_toggle_timeline),
            ("Show problems", "Show problems", "files that failed to load (p)", app.action_show_problems),
        ]
        if corpus is None or screen is None:
            return entries
        for topic in corpus.topics:
            entries.append((f"Sticking point {topic.title} {topic.id}", f"Sticking point: {one_line(topic.title)}",
                            one_line(topic.summary), partial(screen.post_message, ShowFocus(Focus("topic", topic.id)))))
            entries.append((f"Export {topic.title} {topic.id}", f"Export brief: {one_line(topic.title)}",
                            "write the sticking point as Markdown", partial(app.export_brief, "topic", topic.id)))
        for actor in corpus.actors:
            names = " ".join(actor.names)
            entries.append((f"Actor {names}", f"Actor: {one_line(actor.name)}", one_line(actor.role),
                            partial(screen.post_message, ShowFocus(Focus("actor", actor.id)))))
        for article in reversed(corpus.articles):
            entries.append((f"Article {article.title} {article.source}", f"Article: {one_line(article.title)}",
                            f"{one_line(article.source)}, {article.published.human()}",
                            partial(screen.post_message, OpenArticle(article.id))))
        return entries

    async def discover(self) -> Hits:
        articles = 0
        for _, shown, help_text, callback in self._entries():
            if shown.startswith("Article:"):
                articles += 1
                if articles > DISCOVER_ARTICLES:
                    continue
            if shown.startswith("Export brief:"):
                continue
            yield DiscoveryHit(Content(shown), callback, text=shown, help=_help(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for searched, shown, help_text, callback in self._entries():
            score = max(matcher.match(shown), matcher.match(searched) * 0.9)
            if score > 0:
                yield Hit(score, _highlight(shown, query), callback, text=shown, help=_help(help_text))


def _help(text: str) -> str | None:
    # The palette parses help as markup: content must be escaped to stay text.
    return escape(text) if text else None


def _highlight(text: str, query: str) -> Content:
    """The query's letters marked in order in the text (Textual's own
    highlighter parses the candidate as markup, which content must never be)."""
    content = Content(text)
    folded = text.casefold()
    position = 0
    for char in query.casefold():
        if char.isspace():
            continue
        found = folded.find(char, position)
        if found < 0:
            break
        content = content.stylize("bold $text-accent underline", found, found + 1)
        position = found + 1
    return content


class Palette(CommandPalette):
    """Textual's command palette, minus the OptionList paging crash (see widgets/lists.py)."""

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except KeyError:
            pass

    def dismiss(self, result=None) -> AwaitComplete:
        # A second selection queued before the palette had gone (Enter twice,
        # a submit and a click) dismisses it again, and Textual's dismiss pops
        # whatever screen is on top: our Dialog's rule, a screen closes once.
        if not self.is_current:
            return AwaitComplete()
        return super().dismiss(result)

    def _watch__list_visible(self) -> None:
        # Textual's gathering worker can finish after the palette's widgets
        # are gone (open and close it quickly); there is nothing to show then.
        try:
            super()._watch__list_visible()
        except NoMatches:
            pass
