"""briefing: a terminal reader for people who follow a fast-moving story.

Kept empty on purpose: importing the package must stay cheap, because the
command line and the reader's first frame both pay for it.
"""

__version__ = "0.1.0"
