"""The reader's own marks on a briefing: read or unread, stars, notes, in SQLite.

One database for the user, `data_root()/state.sqlite3`, never inside a
content folder (the content is the team's, the marks are the reader's).
Rows are keyed by the content folder's real path, the article id and the
quotation number (`ARTICLE`, -1, for the article itself), so a mark made on
an article that is later renamed or deleted stays in the database and is
shown as orphaned rather than lost.

The database runs in WAL mode: several readers may have it open at once,
each change is one short transaction that touches only the row and the
column it changes (two readers starring different things never undo each
other), and a process killed mid-write leaves the last committed state.
Anything that stops the database being used (corrupt, locked, made by a
newer briefing, an unwritable folder) is kept as `problem`: the marks
that could be read are shown and changes are refused with that message,
never a traceback.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterable

from briefing.content_files import os_reason
from briefing.paths import data_root
from briefing.records import record
from briefing.state import ARTICLE

STATE_FILE = "state.sqlite3"
BUSY_TIMEOUT_MS = 2000  # another reader's write takes a millisecond; a lock held longer is reported

# Each migration takes the schema from version N to N + 1; PRAGMA user_version says where a file is.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: read marks and stars.
    ("CREATE TABLE folders (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE)",
     ("CREATE TABLE marks (folder INTEGER NOT NULL REFERENCES folders(id), article TEXT NOT NULL,"
      " quote INTEGER NOT NULL, read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0,"
      " PRIMARY KEY (folder, article, quote)) WITHOUT ROWID")),
    # 2: notes, and when a mark last changed (the memo lists notes in that order).
    ("ALTER TABLE marks ADD COLUMN note TEXT NOT NULL DEFAULT ''",
     "ALTER TABLE marks ADD COLUMN changed REAL NOT NULL DEFAULT 0"),
)
SCHEMA_VERSION = len(MIGRATIONS)


class StateError(Exception):
    """A change that could not be saved; the message is for people."""


@record
class Mark:
    """What the reader has noted of one article (quote == ARTICLE) or quotation."""

    read: bool = False
    starred: bool = False
    note: str = ""
    changed: float = 0.0

    @property
    def empty(self) -> bool:
        return not (self.read or self.starred or self.note)


NO_MARK = Mark()
Key = tuple[str, int]  # (article id, quotation number or ARTICLE)


def state_path() -> str:
    return os.path.join(data_root(), STATE_FILE)


def folder_key(content_dir: str | os.PathLike[str]) -> str:
    """The name a content folder's marks are kept under: its real, absolute path."""
    return os.path.realpath(os.fspath(content_dir))


class ReadingState:
    """The marks of one content folder: read from the database once, changed one row at a time.

    Reads come from memory (`mark`, `starred`, …); each change is written
    in its own transaction and then applied in memory. Thread-safe: the
    reader opens it in a worker and changes it from the UI thread.
    """

    def __init__(self, folder: str, path: str | None, connection: sqlite3.Connection | None,
                 marks: dict[Key, Mark], problem: str = "") -> None:
        self.folder = folder
        self.path = path
        self.problem = problem  # why changes cannot be saved this session ('' when they can)
        self._connection = connection
        self._folder_id: int | None = None
        self._marks = marks
        self._lock = threading.Lock()
        self._index_articles()

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, content_dir: str | os.PathLike[str], path: str | None = None) -> ReadingState:
        """The marks of `content_dir`; never raises (see `problem`)."""
        folder = folder_key(content_dir)
        path = path or state_path()
        try:
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        except OSError as error:
            return cls(folder, path, None, {}, f"{path}: cannot create its folder: {os_reason(error)}")
        connection = None
        try:
            connection = _connect(path)
            _migrate(connection, path)
            state = cls(folder, path, connection, _read_marks(connection, folder))
            state._folder_id = _folder_id(connection, folder, create=False)
            return state
        except sqlite3.Error as error:
            problem = _describe(path, error)
        except StateError as error:
            problem = str(error)
        # Read what can be read, read-only: the reader opens whatever happened.
        marks: dict[Key, Mark] = {}
        if connection is not None:
            try:
                marks = _read_marks(connection, folder)
            except sqlite3.Error:
                pass
            connection.close()
        return cls(folder, path, None, marks, problem + "; changes to read marks, stars and notes "
                                                       "are not saved this session")

    @classmethod
    def in_memory(cls, content_dir: str | os.PathLike[str]) -> ReadingState:
        """A state with nothing saved and nothing to save (the benchmark's bare reader)."""
        return cls(folder_key(content_dir), None, None, {}, "reading state is not kept in this session")

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    @property
    def writable(self) -> bool:
        return self._connection is not None

    # ------------------------------------------------------------ reading

    def mark(self, article_id: str, quote: int = ARTICLE) -> Mark:
        return self._marks.get((article_id, quote), NO_MARK)

    def is_read(self, article_id: str) -> bool:
        return self.mark(article_id).read

    def starred(self, article_id: str, quote: int = ARTICLE) -> bool:
        return self.mark(article_id, quote).starred

    def note(self, article_id: str, quote: int = ARTICLE) -> str:
        return self.mark(article_id, quote).note

    def marks(self) -> dict[Key, Mark]:
        """Every mark of this folder that is not empty (a copy)."""
        with self._lock:
            return {key: mark for key, mark in self._marks.items() if not mark.empty}

    def read_ids(self) -> set[str]:
        with self._lock:
            return set(self._read)

    def marked_ids(self) -> set[str]:
        """The articles with a star or a note on them or on one of their quotations."""
        with self._lock:
            return set(self._marked)

    def _index_articles(self) -> None:
        # Kept up to date with every change, so that the reader's counts after a mark cost a
        # set operation rather than a pass over every mark (10,000 of them: 13 ms against 0.3).
        self._read: set[str] = {article for (article, quote), mark in self._marks.items()
                                if quote == ARTICLE and mark.read}
        self._marked: dict[str, int] = {}  # article -> how many of its marks have a star or a note
        for (article, _quote), mark in self._marks.items():
            if mark.starred or mark.note:
                self._marked[article] = self._marked.get(article, 0) + 1

    def _account(self, key: Key, old: Mark, new: Mark) -> None:
        article, quote = key
        if quote == ARTICLE:
            (self._read.add if new.read else self._read.discard)(article)
        change = bool(new.starred or new.note) - bool(old.starred or old.note)
        if change:
            left = self._marked.get(article, 0) + change
            if left:
                self._marked[article] = left
            else:
                self._marked.pop(article, None)

    def starred_keys(self) -> list[Key]:
        return sorted(key for key, mark in self.marks().items() if mark.starred)

    def noted_keys(self) -> list[Key]:
        return sorted(key for key, mark in self.marks().items() if mark.note)

    def orphans(self, known: Iterable[str]) -> dict[Key, Mark]:
        """Marks on articles the folder no longer has (renamed or deleted), other than read marks alone."""
        present = set(known)
        return {key: mark for key, mark in self.marks().items()
                if key[0] not in present and (mark.starred or mark.note)}

    def reload(self) -> None:
        """Read the marks again (another reader may have changed them)."""
        with self._lock:
            if self._connection is None:
                return
            try:
                self._marks = _read_marks(self._connection, self.folder)
            except sqlite3.Error:
                return  # keep what we have; the next change reports the problem
            self._index_articles()

    # ------------------------------------------------------------ changing

    def set_read(self, article_ids: str | Iterable[str], read: bool = True) -> int:
        """Mark articles read (or unread); returns how many changed."""
        ids = [article_ids] if isinstance(article_ids, str) else list(article_ids)
        changing = [a for a in ids if self.mark(a).read != read]
        if changing:
            self._write("read", [((a, ARTICLE), int(read)) for a in changing])
        return len(changing)

    def set_star(self, article_id: str, quote: int = ARTICLE, starred: bool = True) -> None:
        if self.starred(article_id, quote) != starred:
            self._write("starred", [((article_id, quote), int(starred))])

    def toggle_star(self, article_id: str, quote: int = ARTICLE) -> bool:
        starred = not self.starred(article_id, quote)
        self.set_star(article_id, quote, starred)
        return starred

    def set_note(self, article_id: str, quote: int = ARTICLE, note: str = "") -> None:
        note = note.strip()
        if self.note(article_id, quote) != note:
            self._write("note", [((article_id, quote), note)])

    def _write(self, column: str, changes: list[tuple[Key, object]]) -> None:
        """One transaction: upsert `column` of each row; only then change the marks in memory."""
        assert column in ("read", "starred", "note")
        now = time.time()
        with self._lock:
            connection = self._connection
            if connection is None:
                raise StateError(self.problem or "reading state is not available")
            try:
                with connection:  # BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error
                    connection.execute("BEGIN IMMEDIATE")
                    folder_id = self._folder_id
                    if folder_id is None:  # this folder's first mark (or another reader made its row)
                        folder_id = _folder_id(connection, self.folder, create=True)
                    connection.executemany(
                        f"INSERT INTO marks (folder, article, quote, {column}, changed) VALUES (?, ?, ?, ?, ?) "
                        f"ON CONFLICT (folder, article, quote) DO UPDATE SET {column} = excluded.{column}, "
                        "changed = excluded.changed",
                        [(folder_id, article, quote, value, now) for (article, quote), value in changes])
            except sqlite3.Error as error:
                raise StateError(_describe(self.path or "reading state", error) + "; the change was not saved") \
                    from None
            self._folder_id = folder_id  # committed: the row exists
            for key, value in changes:
                old = self._marks.get(key, NO_MARK)
                values = {"read": old.read, "starred": old.starred, "note": old.note, column: value}
                self._marks[key] = Mark(bool(values["read"]), bool(values["starred"]), str(values["note"]), now)
                self._account(key, old, self._marks[key])


# ---------------------------------------------------------------- database

def _connect(path: str) -> sqlite3.Connection:
    # Autocommit mode (isolation_level=None): transactions are begun explicitly.
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                 check_same_thread=False)
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None or str(mode[0]).lower() != "wal":
            raise StateError(f"{path}: the database cannot use write-ahead logging (journal mode {mode})")
        # A process killed after a commit loses nothing in WAL mode at NORMAL; only a power cut
        # may lose the last changes, never corrupt the file.
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        connection.close()
        raise
    return connection


def _migrate(connection: sqlite3.Connection, path: str) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StateError(f"{path}: made by a newer briefing (schema {version}; this one knows up to "
                         f"{SCHEMA_VERSION})")
    if version == SCHEMA_VERSION:
        return
    with connection:
        connection.execute("BEGIN IMMEDIATE")
        # Read again under the write lock: another reader may have just migrated it.
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number]:
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {max(version, SCHEMA_VERSION)}")


def _read_marks(connection: sqlite3.Connection, folder: str) -> dict[Key, Mark]:
    rows = connection.execute(
        "SELECT article, quote, read, starred, note, changed FROM marks JOIN folders ON folders.id = marks.folder "
        "WHERE folders.path = ?", (folder,))
    return {(article, quote): Mark(bool(read), bool(starred), note, changed)
            for article, quote, read, starred, note, changed in rows}


def _folder_id(connection: sqlite3.Connection, folder: str, create: bool) -> int | None:
    found = connection.execute("SELECT id FROM folders WHERE path = ?", (folder,)).fetchone()
    if found is not None:
        return int(found[0])
    if not create:
        return None
    cursor = connection.execute("INSERT INTO folders (path) VALUES (?)", (folder,))
    return cursor.lastrowid


def _describe(path: str, error: sqlite3.Error) -> str:
    text = str(error)
    if "locked" in text or "busy" in text:
        return f"{path}: the reading-state database is locked by another program ({text})"
    if isinstance(error, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
        return f"{path}: not a readable reading-state database ({text}); move it aside to start afresh"
    return f"{path}: reading state: {text}"
