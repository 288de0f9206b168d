"""Export a sticking point or an actor as a Markdown brief.

The API the reader and the command line share (no Textual here):

    topic_brief(corpus, topic_id, *, since=None, until=None, generated=None) -> str
    actor_brief(corpus, actor_id, *, since=None, until=None, generated=None) -> str
    default_export_name(topic_or_actor_id) -> str
    starred_memo(corpus, marked, *, generated=None) -> str  (marked: browse.marked_items)

Both briefs raise `QueryError` (unknown topic or actor, with the closest id)
or `ExportError` (a bad --since/--until or SOURCE_DATE_EPOCH); both are
ValueErrors whose message is ready to show. Write the result with
`briefing.fileio.write_atomic`.
"""

from briefing.corpus import QueryError
from briefing.export.brief import (GENERATED_ENV, actor_brief, default_export_name, generated_date, starred_memo,
                                   topic_brief)
from briefing.export.scope import ExportError

__all__ = [
    "GENERATED_ENV", "ExportError", "QueryError", "actor_brief",
    "default_export_name", "generated_date", "starred_memo", "topic_brief",
]
