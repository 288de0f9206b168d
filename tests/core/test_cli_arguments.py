"""The command line's quick reading of its usual forms agrees with argparse, and
the content's fingerprint started before parsing is used only for the right folder."""

from __future__ import annotations

import contextlib
import io
import os
import random

import pytest

from briefing.cli import build_parser, quick_arguments


def parsed(argv: list[str]) -> dict | None:
    """What argparse makes of argv, or None where it refuses it."""
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            return vars(build_parser().parse_args(argv))
    except SystemExit:
        return None


@pytest.mark.parametrize("argv", [
    [], ["--content", "x"], ["--content=x"], ["--content="], ["--theme", "light", "--content", "a b"],
    ["--content", "a", "--content", "b"], ["--content", "check"], ["--content=-x"],
    ["search", "paper", "guarantees"], ["search", "q", "--json", "--limit", "5", "--kind", "quote"],
    ["search", "--actor", "lavrov", "--topic=nato", "q"], ["search", "--since", "2025-11", "q", "--until=2026"],
    ["search", ""], ["search", "--limit", " 7 ", "q"], ["search", "actor:macron", '"paper guarantees"'],
    ["timeline"], ["timeline", "--actor", "witkoff", "--json"], ["timeline", "--content", "search"],
])
def test_the_usual_forms_are_read_as_the_parser_reads_them(argv):
    assert vars(quick_arguments(argv)) == parsed(argv)


@pytest.mark.parametrize("argv", [
    ["--content", "-x"], ["--cont", "x"], ["check"], ["--help"], ["--version"], ["--content"], ["--", "x"],
    ["--theme", "x", "search", "q"], ["search"], ["search", "-h"], ["search", "q", "--json=1"],
    ["search", "q", "--limit", "0"], ["search", "q", "--limit", "many"], ["search", "q", "--kind", "speech"],
    ["search", "a", "--json", "b"], ["search", "--", "-q"], ["search", "q", "--lim", "3"], ["search", "-5"],
    ["timeline", "q"], ["timeline", "--theme", "dark"], ["export", "nato"],
])
def test_anything_else_goes_to_the_parser(argv):
    assert quick_arguments(argv) is None


def test_random_command_lines_are_read_alike_or_left_to_the_parser():
    """Whatever the quick reading accepts, argparse reads the same way; and it accepts the common ones."""
    pool = ["search", "timeline", "check", "q", "two words", "", "--json", "--json=", "--limit", "3", "0", "-3",
            "--kind", "quote", "event", "--actor", "--actor=x", "--topic", "--since", "2025", "--until",
            "--content", "dir", "--content=d", "--theme", "light", "--", "-", "-h", "--lim", "--json=yes"]
    chance = random.Random(7)
    accepted = 0
    for _ in range(3000):
        argv = [chance.choice(pool) for _ in range(chance.randint(0, 6))]
        quick = quick_arguments(argv)
        if quick is not None:
            accepted += 1
            assert vars(quick) == parsed(argv), argv
    assert accepted > 150  # the quick path is not just always declining


def test_the_quick_forms_know_every_option_of_their_commands():
    """A new option added to search or timeline must be added to the quick reading too (or its
    default would be missing from the namespace the command is handed)."""
    for argv in (["search", "q"], ["timeline"], []):
        assert sorted(vars(quick_arguments(argv))) == sorted(parsed(argv)), argv


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the early child needs fork")


@pytest.fixture
def forked(monkeypatch) -> list[int]:
    """The ids of the child processes `briefing.cache.freshness` forks during the test."""
    from briefing.cache import freshness as state

    pids: list[int] = []

    def recording(compute, fork=state._forked):
        child = fork(compute)
        if child is not None:
            pids.append(child[0])
        return child

    monkeypatch.setattr(state, "_forked", recording)
    return pids


def assert_reaped(pids: list[int]) -> None:
    """Each child has ended and been waited for: none is left running, nor as a zombie."""
    assert pids, "the test forked no child: it proves nothing"
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


@needs_fork
def test_an_early_fingerprint_is_used_only_for_the_folder_it_was_started_for(tmp_path):
    from briefing.cache import freshness as state

    (tmp_path / "one" / "articles").mkdir(parents=True)
    (tmp_path / "two" / "articles").mkdir(parents=True)
    (tmp_path / "two" / "articles" / "a.md").write_text("x", encoding="utf-8")
    one, two = str(tmp_path / "one"), str(tmp_path / "two")

    state.start_early(one)
    child = state.fingerprint_child(one)
    assert child.root == one and child.result() == state.fingerprint(one)

    state.start_early(one)
    child = state.fingerprint_child(two)  # the command resolved another folder: a new child
    assert child.root == two and child.result() == state.fingerprint(two) != state.fingerprint(one)
    assert state._early is None  # the unused early child was reaped


@needs_fork
def test_a_search_that_fails_before_asking_for_the_fingerprint_leaves_no_child_behind(tmp_path, capsys, forked):
    from briefing.cli import main
    from briefing.cache import freshness as state

    assert main(["search", "q", "--content", str(tmp_path / "missing")]) == 1
    assert state._early is None
    assert_reaped(forked)
    assert "content directory not found" in capsys.readouterr().err


def test_a_search_read_by_argparse_still_checks_the_content(tmp_path, capsys):
    """No early child for the unusual forms: the fingerprint is taken when the answer needs it."""
    from briefing.cli import main
    from briefing.paths import bundled_content

    assert main(["search", "--lim", "1", "paper guarantees", "--content", str(bundled_content())]) == 0
    assert "Macron" in capsys.readouterr().out


def test_a_warm_search_imports_neither_argparse_nor_pathlib(tmp_path):
    """What a warm `briefing search` leaves out (asserted, not timed): the parser, pathlib,
    datetime, and everything of building an index (the loader, YAML)."""
    import shutil
    import subprocess
    import sys

    from briefing.paths import bundled_content

    content = tmp_path / "content"
    shutil.copytree(bundled_content(), content)
    code = ("import io, contextlib, sys\n"
            "from briefing.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    status = main(sys.argv[1:])\n"
            "assert status == 0 and 'Macron' in out.getvalue(), out.getvalue()\n"
            "print(sorted(m for m in ('argparse', 'pathlib', 'datetime', 'briefing.loader', 'yaml')"
            " if m in sys.modules))\n")
    command = [sys.executable, "-c", code, "search", "paper guarantees", "--content", str(content)]
    cold = subprocess.run(command, capture_output=True, text=True, check=True, env=dict(os.environ))
    assert "briefing.loader" in cold.stdout  # the first search builds the index
    warm = subprocess.run(command, capture_output=True, text=True, check=True, env=dict(os.environ))
    assert warm.stdout.strip() == "[]"


@needs_fork
def test_a_search_that_fails_while_answering_leaves_no_child_behind(monkeypatch, capsys, forked):
    from briefing.cli import main
    from briefing.cache import indexes as store

    def broken(root):
        raise RuntimeError("the index could not be read")

    monkeypatch.setattr(store, "peek_index", broken)
    assert main(["search", "ceasefire"]) == 1
    assert "internal error" in capsys.readouterr().err
    assert_reaped(forked)  # the fingerprint child was stopped and waited for


@needs_fork
def test_ctrl_c_while_waiting_for_the_fingerprint_leaves_no_child_behind(tmp_path, monkeypatch, forked):
    import signal
    import time

    from briefing.cache import freshness as state

    monkeypatch.setattr(state, "fingerprint", lambda root, halves=False: (time.sleep(3), "x" * 40)[1])
    child = state.FingerprintChild(tmp_path)  # the forked child runs the slow fingerprint above

    def interrupt(*_):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with pytest.raises(KeyboardInterrupt):
            child.result()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert_reaped(forked)  # killed and waited for, not left running


@needs_fork
def test_a_search_works_when_sigchld_is_ignored(tmp_path):
    """A parent that ignores SIGCHLD passes that on: children reap themselves, waitpid fails.
    The answer is then worked out without trusting them."""
    import shutil
    import subprocess
    import sys

    from briefing.paths import bundled_content

    content = tmp_path / "content"
    shutil.copytree(bundled_content(), content)
    code = ("import signal, sys\n"
            "signal.signal(signal.SIGCHLD, signal.SIG_IGN)\n"
            "from briefing.cli import main\n"
            "sys.exit(main(sys.argv[1:]))\n")
    for _ in range(2):  # a cold search (building the index), then a warm one
        done = subprocess.run([sys.executable, "-c", code, "search", "paper guarantees", "--content", str(content)],
                              capture_output=True, text=True, env=dict(os.environ))
        assert done.returncode == 0, done.stderr
        assert "Macron" in done.stdout
