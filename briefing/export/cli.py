"""`briefing export`: a brief to standard output, or atomically to a file."""

from __future__ import annotations

import argparse
import sys

from briefing.text import printable

USAGE = ("usage: briefing export TOPIC [-o FILE] [--force] [--since DATE] [--until DATE]\n"
         "       briefing export --actor ID [-o FILE] [--force] [--since DATE] [--until DATE]\n"
         "       briefing export --starred [-o FILE] [--force]\n")


def run_export(args: argparse.Namespace) -> int:
    from briefing.corpus import Corpus
    from briefing.export import ExportError, QueryError, actor_brief, generated_date, topic_brief
    from briefing.fileio import WriteRefused, write_atomic
    from briefing.loader import ContentError
    from briefing.paths import content_dir

    starred = getattr(args, "starred", False)
    chosen = sum(map(bool, (args.topic, args.actor, starred)))
    if chosen != 1 or (starred and (args.since or args.until)):
        sys.stderr.write(USAGE)
        which = ("--since and --until do not apply to --starred" if chosen == 1
                 else "only one" if chosen else "one is required")
        sys.stderr.write(f"briefing export: error: give a TOPIC, --actor ID or --starred ({which})\n")
        return 2

    root = content_dir(args.content)
    try:
        corpus = Corpus.load(root)
    except ContentError as error:
        for problem in error.problems:
            _error(str(problem), prefix="")
        _error(f"{len(error.problems)} problem(s) in {root}; nothing loaded")
        return 1
    if corpus.problems:
        # The brief still covers what loaded; say what was left out and why
        # (a broken index.yaml, for one, explains an "unknown topic").
        for problem in corpus.problems:
            _error(str(problem), prefix="")
        _error(f"warning: {len(corpus.problems)} problem(s) in {root}; the brief covers what loaded "
               "(`briefing check` lists them too)")

    try:
        if starred:
            text = _starred(corpus, root)
        else:
            make = actor_brief if args.actor else topic_brief
            text = make(corpus, args.actor or args.topic, since=args.since, until=args.until,
                        generated=generated_date())
    except (QueryError, ExportError) as error:
        _error(str(error))
        return 1

    if not args.output or args.output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return 0
    try:
        written = write_atomic(args.output, text, force=args.force)
    except WriteRefused as error:
        _error(str(error))
        return 1
    _error(f"wrote {written}")
    return 0


def _starred(corpus, root) -> str:
    """The memo of the reader's stars and notes on this folder (ExportError when there are none)."""
    from briefing.browse import marked_items
    from briefing.export import ExportError, generated_date, starred_memo
    from briefing.state.store import ReadingState

    state = ReadingState.open(root)
    if state.problem:  # what could be read is exported; the memo may be short
        _error(f"warning: {state.problem}")
    marked = marked_items(corpus, state)
    state.close()
    if not marked:
        raise ExportError(f"nothing is starred or noted in {root} yet (in the reader: * stars, n writes a note)")
    return starred_memo(corpus, marked, generated=generated_date())


def _error(message: str, prefix: str = "briefing: ") -> None:
    # Messages echo user input and content: keep escape bytes off the terminal.
    print(prefix + printable(message), file=sys.stderr)
