"""The reading-state database: marks survive, writers never undo each other, damage is reported."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading

import pytest

from briefing.state.rule import state_test
from briefing.state.store import ARTICLE, MIGRATIONS, SCHEMA_VERSION, ReadingState, StateError, state_path


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "content"
    path.mkdir()
    return path


def test_marks_survive_closing_and_live_outside_the_content_folder(folder):
    state = ReadingState.open(folder)
    assert state.problem == "" and state.writable
    state.set_read("a1")
    state.set_star("a1", 2)
    state.set_star("a2")
    state.set_note("a1", ARTICLE, "ask the embassy about this")
    state.set_note("a1", 2, "  cite in the memo \n")
    state.close()
    assert not any(folder.iterdir()), "nothing is written into the content folder"
    assert os.path.exists(state_path())

    again = ReadingState.open(folder)
    assert again.is_read("a1") and not again.is_read("a2")
    assert again.starred("a1", 2) and again.starred("a2") and not again.starred("a1")
    assert again.note("a1") == "ask the embassy about this"
    assert again.note("a1", 2) == "cite in the memo"
    assert again.starred_keys() == [("a1", 2), ("a2", ARTICLE)]
    assert again.noted_keys() == [("a1", ARTICLE), ("a1", 2)]


def test_folders_are_kept_apart_and_a_folder_is_known_by_its_real_path(tmp_path, folder):
    other = tmp_path / "other"
    other.mkdir()
    link = tmp_path / "link"
    link.symlink_to(folder)
    ReadingState.open(folder).set_star("a1")
    assert not ReadingState.open(other).starred("a1")
    assert ReadingState.open(link).starred("a1")


def test_unread_and_unstar_undo_and_mark_many_in_one_step(folder):
    state = ReadingState.open(folder)
    assert state.set_read(["a1", "a2", "a3"]) == 3
    assert state.set_read(["a1", "a2", "a4"]) == 1  # only a4 changed
    state.set_read("a2", False)
    assert state.toggle_star("a1") is True
    assert state.toggle_star("a1") is False
    reopened = ReadingState.open(folder)
    assert reopened.read_ids() == {"a1", "a3", "a4"}
    assert reopened.starred_keys() == []


def test_orphans_are_marks_on_articles_the_folder_no_longer_has(folder):
    state = ReadingState.open(folder)
    state.set_star("gone", 1)
    state.set_note("renamed", ARTICLE, "keep me")
    state.set_read("read-only-gone")
    state.set_star("here")
    orphans = state.orphans({"here"})
    assert set(orphans) == {("gone", 1), ("renamed", ARTICLE)}
    assert orphans[("renamed", ARTICLE)].note == "keep me"


def test_two_readers_starring_at_once_lose_nothing(folder):
    first, second = ReadingState.open(folder), ReadingState.open(folder)
    errors: list[BaseException] = []

    def star(state: ReadingState, prefix: str) -> None:
        try:
            for number in range(200):
                state.set_star(f"{prefix}{number}")
                state.set_note(f"shared{number % 10}", number, prefix)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=star, args=(first, "x")), threading.Thread(target=star, args=(second, "y"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    merged = ReadingState.open(folder)
    assert len([key for key in merged.starred_keys()]) == 400
    assert len(merged.noted_keys()) == 200  # each (article, quote) noted by one or the other


def test_concurrent_writer_processes_lose_nothing(folder, tmp_path):
    script = textwrap.dedent(f"""
        import sys
        from briefing.state.store import ReadingState
        state = ReadingState.open({str(folder)!r})
        assert state.writable, state.problem
        for number in range(150):
            state.set_star(sys.argv[1] + str(number))
    """)
    runs = [subprocess.Popen([sys.executable, "-c", script, prefix], env=os.environ.copy())
            for prefix in ("p", "q", "r")]
    assert [run.wait(timeout=120) for run in runs] == [0, 0, 0]
    assert len(ReadingState.open(folder).starred_keys()) == 450


def test_a_writer_killed_mid_write_leaves_every_committed_mark(folder):
    # The child prints each article id once its star is committed, then keeps going until killed.
    script = textwrap.dedent(f"""
        import sys
        from briefing.state.store import ReadingState
        state = ReadingState.open({str(folder)!r})
        number = 0
        while True:
            state.set_read(["bulk" + str(number) + "-" + str(k) for k in range(50)])
            state.set_star("a" + str(number))
            print("a" + str(number), flush=True)
            number += 1
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    assert child.stdout is not None
    committed = [child.stdout.readline().strip() for _ in range(40)]
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    after = ReadingState.open(folder)
    assert after.problem == ""
    starred = {article for article, _ in after.starred_keys()}
    assert set(committed) <= starred
    # A transaction is whole or absent: every starred article's bulk read marks are all there.
    for article in committed:
        number = article[1:]
        assert all(after.is_read(f"bulk{number}-{k}") for k in range(50))
    connection = sqlite3.connect(state_path())
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_corrupt_database_is_reported_and_the_reader_goes_on_read_only(folder):
    os.makedirs(os.path.dirname(state_path()), exist_ok=True)
    with open(state_path(), "wb") as handle:
        handle.write(b"this is not SQLite at all" * 100)
    state = ReadingState.open(folder)
    assert not state.writable
    assert state_path() in state.problem and "not a readable reading-state database" in state.problem
    assert "not saved this session" in state.problem
    assert state.starred_keys() == []
    with pytest.raises(StateError, match="not a readable"):
        state.set_star("a1")
    with open(state_path(), "rb") as handle:  # the user's file is left for them to look at
        assert handle.read(25) == b"this is not SQLite at all"


def test_a_locked_database_is_reported_and_its_marks_still_read(folder, monkeypatch):
    ReadingState.open(folder).set_star("a1")
    monkeypatch.setattr("briefing.state.store.BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(state_path(), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holding the write lock
    try:
        state = ReadingState.open(folder)
        assert state.writable and state.starred("a1")  # reading needs no lock in WAL mode
        with pytest.raises(StateError, match="locked"):
            state.set_star("a2")
        assert not state.starred("a2")  # memory follows only what was saved
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    state.set_star("a2")
    assert ReadingState.open(folder).starred("a2")


def test_a_database_from_a_newer_briefing_is_left_alone(folder):
    ReadingState.open(folder).set_star("a1")
    connection = sqlite3.connect(state_path())
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    state = ReadingState.open(folder)
    assert not state.writable and "newer briefing" in state.problem
    assert state.starred("a1")  # still shown


def test_an_older_schema_is_upgraded_keeping_its_marks(folder):
    os.makedirs(os.path.dirname(state_path()), exist_ok=True)
    old = sqlite3.connect(state_path(), isolation_level=None)
    for statement in MIGRATIONS[0]:
        old.execute(statement)
    old.execute("PRAGMA user_version = 1")
    old.execute("INSERT INTO folders (id, path) VALUES (1, ?)", (os.path.realpath(folder),))
    old.execute("INSERT INTO marks (folder, article, quote, read, starred) VALUES (1, 'a1', -1, 1, 1)")
    old.close()

    state = ReadingState.open(folder)
    assert state.problem == ""
    assert state.is_read("a1") and state.starred("a1") and state.note("a1") == ""
    state.set_note("a1", ARTICLE, "added after the upgrade")
    connection = sqlite3.connect(state_path())
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert ReadingState.open(folder).note("a1") == "added after the upgrade"


def test_an_unwritable_data_folder_is_reported(folder, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))  # a file where the folder should be
    state = ReadingState.open(folder)
    assert not state.writable and "cannot create its folder" in state.problem


def test_reload_sees_another_readers_changes(folder):
    mine, theirs = ReadingState.open(folder), ReadingState.open(folder)
    theirs.set_star("a9")
    assert not mine.starred("a9")
    mine.reload()
    assert mine.starred("a9")


def test_the_state_rule(folder):
    state = ReadingState.open(folder)
    state.set_read("read")
    state.set_star("read", 3)
    state.set_note("noted", ARTICLE, "x")
    unread = state_test(state, ["is:unread"])
    assert unread("noted") and not unread("read") and not unread("read", 3)
    starred = state_test(state, ["is:starred"])
    assert starred("read", 3) and not starred("read") and not starred("read", 2)
    both = state_test(state, ["is:unread", "has:note"])
    assert both("noted") and not both("read") and not both("noted", 1)
    assert state_test(None, ["is:unread"])("any") and not state_test(None, ["is:starred"])("any")
    with pytest.raises(ValueError):
        state_test(state, ["is:purple"])


def test_the_read_and_marked_article_sets_follow_every_change_and_a_reopening(folder):
    """The sets the reader counts from are kept up to date, not recomputed: they must agree with the marks."""
    import random

    def recomputed(state):
        marks = state.marks()
        return ({a for (a, q), m in marks.items() if q == ARTICLE and m.read},
                {a for (a, _q), m in marks.items() if m.starred or m.note})

    state = ReadingState.open(folder)
    rng = random.Random(14)
    for _ in range(300):
        article, quote = f"a{rng.randrange(6)}", rng.choice([ARTICLE, 0, 1])
        action = rng.randrange(3)
        if action == 0:
            state.set_read(article, rng.random() < 0.6)
        elif action == 1:
            state.toggle_star(article, quote)
        else:
            state.set_note(article, quote, rng.choice(["", "a note"]))
        assert (state.read_ids(), state.marked_ids()) == recomputed(state)
    again = ReadingState.open(folder)
    assert (again.read_ids(), again.marked_ids()) == recomputed(state)
