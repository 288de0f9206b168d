"""The reader's own marks on a briefing (read, starred, notes) and the query rule over them."""
