"""`briefing import`: raw news text → annotated article drafts.

One module per job: reading (bytes → text), layouts (splitting a file into
articles and reading their metadata), outlets (a URL's or an agency's name),
quotes (quotation spans), sentences (paragraph and sentence boundaries),
actors (names → index actors; new people and organisations), speakers (who
said each quote), dates (publication and relative dates), topics (keyword
tagging), events, analysis (the pipeline for one article), draft (the
article file), index_update (adding actors to index.yaml without touching
the rest), existing (articles already in the content) and cli.

Nothing here imports Textual.
"""
