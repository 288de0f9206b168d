"""The OS saying no: unreadable content, files of the wrong kind, a cache we may not use.

Content: each failure is a `PATH: message` problem, exit status 1 only
where nothing can be answered. The cache: a one-line warning at most, and
the answer still comes from the content. Root ignores file modes, so the
permission tests run their command in a forked child that has become the
unprivileged user `nobody` (the modules it needs are imported before, as
the interpreter's own files may not be readable by that user).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from briefing.cache import indexes
from briefing.cache.index_file import INDEX_NAME
from briefing.cli import main
from briefing.paths import bundled_content

REPO = Path(__file__).resolve().parents[2]
NOBODY = 65534
ARTICLE = "2025-11-25-russia-strikes-kyiv.md"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _as_unprivileged(argv: list[str], cache: Path) -> tuple[int, str, str]:
    """`briefing ARGV` run by a forked child as `nobody` (this process, when not root, as itself)."""
    with _captured() as (out, err):
        if os.geteuid() != 0:
            status = _command(argv, cache)
        else:
            pid = os.fork()
            if pid == 0:  # the child: never back into pytest
                code = 70
                try:
                    os.setgroups([])
                    os.setgid(NOBODY)
                    os.setuid(NOBODY)
                    code = _command(argv, cache)
                finally:
                    os._exit(code)
            status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    return status, out.read(), err.read()


def _command(argv: list[str], cache: Path) -> int:
    os.environ["XDG_CACHE_HOME"] = str(cache)
    try:
        return main(argv)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


class _captured:
    """stdout and stderr (the descriptors, so a forked child's output counts) into files read back."""

    def __enter__(self):
        sys.stdout.flush()
        sys.stderr.flush()
        self.saved = (os.dup(1), os.dup(2), sys.stdout, sys.stderr)
        self.files = [tempfile.TemporaryFile(mode="w+", encoding="utf-8") for _ in range(2)]
        os.dup2(self.files[0].fileno(), 1)
        os.dup2(self.files[1].fileno(), 2)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
        return self

    def __iter__(self):
        return iter(self.files)

    def __exit__(self, *exc):
        sys.stdout.flush()
        sys.stderr.flush()
        out_fd, err_fd, sys.stdout, sys.stderr = self.saved
        os.dup2(out_fd, 1)
        os.dup2(err_fd, 2)
        os.close(out_fd)
        os.close(err_fd)
        for file in self.files:
            file.seek(0)


@pytest.fixture
def unprivileged(capsys):
    """Run a command as a user file modes apply to; skip where there is none to become."""
    if os.geteuid() == 0 and not (hasattr(os, "fork") and hasattr(os, "setuid")):
        pytest.skip("running as root without fork/setuid: no user that file modes apply to")
    # Everything the commands import, imported now (as nobody, the interpreter's folder may be closed).
    for argv in (["check"], ["search", "peace"], ["timeline"], ["export", "territory"]):
        main(argv + ["--content", str(bundled_content())])
    capsys.readouterr()

    def command(*argv: str, cache: Path) -> tuple[int, str, str]:
        with capsys.disabled():
            return _as_unprivileged(list(argv), cache)
    return command


@pytest.fixture
def shared():
    """A folder every user can reach (pytest's own tmp folders are private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="briefing-os-errors-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        try:
            path.chmod(0o777 if path.is_dir() and not path.is_symlink() else 0o666)
        except OSError:
            pass
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def content(shared) -> Path:
    copy = shared / "content"
    shutil.copytree(bundled_content(), copy)
    for path in [copy, *copy.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return copy


@pytest.fixture
def cache(shared) -> Path:
    folder = shared / "cache"
    folder.mkdir()
    folder.chmod(0o777)
    return folder


def no_traceback(err: str) -> None:
    assert "internal error" not in err and "Traceback" not in err, err


# ------------------------------------------------------------------ unreadable content

def test_an_unreadable_index_yaml_is_a_problem_and_the_articles_still_answer(unprivileged, content, cache):
    (content / "index.yaml").chmod(0)
    status, out, err = unprivileged("check", "--content", str(content), cache=cache)
    assert status == 1
    assert out.splitlines()[0] == f"{content / 'index.yaml'}: cannot read: permission denied"
    status, out, err = unprivileged("search", "paper guarantees", "--json", "--content", str(content), cache=cache)
    no_traceback(err)
    assert status == 0 and any("paper guarantees" in hit["text"] for hit in json.loads(out))
    assert "1 problem(s) in 1 file(s)" in err


def test_an_unreadable_article_is_left_out_and_named(unprivileged, content, cache):
    (content / "articles" / ARTICLE).chmod(0)
    status, out, _ = unprivileged("check", "--content", str(content), cache=cache)
    assert status == 1 and f"{content / 'articles' / ARTICLE}: cannot read: permission denied" in out.splitlines()
    status, out, err = unprivileged("timeline", "--json", "--content", str(content), cache=cache)
    no_traceback(err)
    assert status == 0 and json.loads(out) and all(event["article"] + ".md" != ARTICLE for event in json.loads(out))


def test_an_unreadable_articles_folder_is_a_problem_not_an_empty_briefing(unprivileged, content, cache):
    (content / "articles").chmod(0)
    status, out, _ = unprivileged("check", "--content", str(content), cache=cache)
    assert status == 1 and f"{content / 'articles'}: cannot read folder: permission denied" in out.splitlines()
    status, out, err = unprivileged("search", "peace", "--content", str(content), cache=cache)
    assert (status, out) == (1, ""), "nothing loaded: nothing can be answered"
    assert f"briefing: {content / 'articles'}: cannot read folder: permission denied" in err.splitlines()


def test_a_content_folder_we_may_not_enter_gets_messages(unprivileged, content, cache):
    content.chmod(0o600)
    for argv in (("check",), ("search", "peace"), ("timeline",), ("export", "territory")):
        status, out, err = unprivileged(*argv, "--content", str(content), cache=cache)
        no_traceback(err)
        assert status == 1, argv
        assert f"{content / 'index.yaml'}: cannot read: permission denied" in out + err, argv


def test_export_into_a_folder_we_may_not_write_is_refused(unprivileged, content, cache, shared):
    locked = shared / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    status, out, err = unprivileged("export", "territory", "-o", str(locked / "brief.md"),
                                    "--content", str(content), cache=cache)
    assert status == 1 and "cannot write here: permission denied" in err
    assert list(locked.iterdir()) == []


# ------------------------------------------------------------------ a cache we may not use

def test_a_cache_we_may_not_write_costs_one_warning(unprivileged, content, cache, capsys):
    status, fresh, _ = run(capsys, "search", "paper guarantees", "--json", "--content", str(content))
    assert status == 0
    cache.chmod(0o555)  # nobody may not create the cache folder in it
    status, out, err = unprivileged("search", "paper guarantees", "--json", "--content", str(content), cache=cache)
    assert status == 0 and out == fresh
    (warning,) = err.splitlines()
    assert "cannot keep the search index" in warning and "permission denied" in warning


def test_an_index_file_we_may_not_read_is_replaced(unprivileged, content, cache, capsys):
    argv = ("timeline", "--json", "--content", str(content))
    status, first, _ = unprivileged(*argv, cache=cache)
    assert status == 0
    folder = Path(indexes.cache_folder_name(content).replace(os.environ["XDG_CACHE_HOME"], str(cache), 1))
    (folder / INDEX_NAME).chmod(0)
    status, out, err = unprivileged(*argv, cache=cache)
    assert (status, out, err) == (0, first, "")
    assert (folder / INDEX_NAME).stat().st_mode & stat.S_IRUSR, "rebuilt, readable again"


# ------------------------------------------------------------------ the wrong kind of file

def test_a_folder_or_fifo_where_index_yaml_should_be(content, capsys):
    index = content / "index.yaml"
    index.unlink()
    index.mkdir()
    status, out, _ = run(capsys, "check", "--content", str(content))
    assert status == 1 and f"{index}: cannot read: is a folder, not a file" in out.splitlines()
    if not hasattr(os, "mkfifo"):
        return
    index.rmdir()
    os.mkfifo(index)
    status, out, _ = run(capsys, "check", "--content", str(content))
    assert status == 1
    assert any(line.startswith(f"{index}: cannot read: not a regular file") for line in out.splitlines())


def test_a_file_where_the_articles_folder_should_be(content, capsys):
    shutil.rmtree(content / "articles")
    (content / "articles").write_text("not a folder")
    status, out, _ = run(capsys, "check", "--content", str(content))
    assert status == 1 and f"{content / 'articles'}: is a file; articles/ must be a folder" in out.splitlines()


def test_a_fifo_in_the_cache_never_blocks(content, capsys):
    """A FIFO where the index or the reader's summary should be: opening one to read would wait for
    a writer forever. Run in a child so that a hang fails the test instead of stopping the suite."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    run(capsys, "search", "peace", "--content", str(content))
    folder = indexes.cache_folder(content)
    (folder / INDEX_NAME).unlink()
    os.mkfifo(folder / INDEX_NAME)
    os.mkfifo(folder / "reader-summary.json")
    script = ("import sys\nfrom pathlib import Path\nfrom briefing.cli import main\n"
              "from briefing.cache.summary import load_summary\n"
              "assert load_summary(Path(sys.argv[1])) is None\n"
              "sys.exit(main(['search', 'paper guarantees', '--json', '--content', sys.argv[1]]))\n")
    # The timeout only stops a hung child; it measures nothing.
    done = subprocess.run([sys.executable, "-c", script, str(content)], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert any("paper guarantees" in hit["text"] for hit in json.loads(done.stdout))
    assert (folder / INDEX_NAME).is_file(), "the FIFO was replaced by an index"
