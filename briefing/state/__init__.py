"""The reader's own marks on a briefing (read, starred, notes) and the query rule over them.

This module is imported by the query parser: it holds only names, no SQLite.
"""

ARTICLE = -1  # the quotation number of an article's own marks
# The query language's reading-state filters: is:unread, is:read, is:starred, has:note.
STATE_FILTERS = {"is": ("unread", "read", "starred"), "has": ("note",)}
# note:WORDS (or note:"a phrase"): the items whose own note holds the words, folded as search folds them.
NOTE_FILTER = "note"
