"""write_atomic: never clobber without force, never leave half a file."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from briefing import fileio
from briefing.fileio import WriteRefused, write_atomic


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_a_new_file(tmp_path):
    target = tmp_path / "brief.md"
    assert write_atomic(target, "# Brief\nline 2\n") == target
    assert target.read_bytes() == b"# Brief\nline 2\n"
    assert leftovers(tmp_path) == []


def test_writes_utf8_with_lf_line_ends(tmp_path):
    target = tmp_path / "brief.md"
    write_atomic(str(target), "Erdoğan – “quote”\n")
    assert target.read_bytes() == "Erdoğan – “quote”\n".encode("utf-8")


def test_new_file_gets_ordinary_permissions(tmp_path):
    # mkstemp makes 0600 files; a written brief should be readable like any other file.
    target = tmp_path / "brief.md"
    umask = os.umask(0o022)
    try:
        write_atomic(target, "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_refuses_an_existing_file_without_force(tmp_path):
    target = tmp_path / "brief.md"
    target.write_text("precious")
    with pytest.raises(WriteRefused) as caught:
        write_atomic(target, "new")
    assert "already exists" in str(caught.value)
    assert "--force" in str(caught.value)
    assert str(target) in str(caught.value)
    assert target.read_text() == "precious"
    assert leftovers(tmp_path) == []


def test_refuses_a_dangling_symlink_without_force(tmp_path):
    target = tmp_path / "brief.md"
    target.symlink_to(tmp_path / "nowhere.md")
    with pytest.raises(WriteRefused, match="already exists"):
        write_atomic(target, "new")
    assert target.is_symlink()
    assert not (tmp_path / "nowhere.md").exists()


def test_replaces_with_force_and_keeps_the_mode(tmp_path):
    target = tmp_path / "brief.md"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new", force=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_refuses_a_directory_even_with_force(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    for force in (False, True):
        with pytest.raises(WriteRefused, match="is a directory"):
            write_atomic(folder, "x", force=force)
    assert list(folder.iterdir()) == []


def test_refuses_a_missing_folder(tmp_path):
    target = tmp_path / "missing" / "brief.md"
    with pytest.raises(WriteRefused) as caught:
        write_atomic(target, "x")
    assert "does not exist" in str(caught.value)
    assert not (tmp_path / "missing").exists()


def test_refuses_an_unwritable_folder(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(WriteRefused, match="cannot write"):
            write_atomic(folder / "brief.md", "x")
    finally:
        folder.chmod(0o700)


def test_failure_at_the_rename_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "brief.md"
    target.write_text("old")

    def full_disk(source, destination):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fileio.os, "replace", full_disk)
    with pytest.raises(WriteRefused) as caught:
        write_atomic(target, "new", force=True)
    assert os.strerror(errno.ENOSPC).lower() in str(caught.value)
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]


def test_failure_while_writing_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "brief.md"
    target.write_text("old")

    def failing_fsync(fd):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(fileio.os, "fsync", failing_fsync)
    with pytest.raises(WriteRefused, match="cannot write"):
        write_atomic(target, "new " * 10_000, force=True)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]


def test_text_that_cannot_be_encoded_leaves_nothing_behind(tmp_path):
    target = tmp_path / "brief.md"
    target.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "half written \ud800 lone surrogate", force=True)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]


def test_interrupt_halfway_leaves_nothing_behind(tmp_path, monkeypatch):
    target = tmp_path / "brief.md"

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(fileio.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    assert list(tmp_path.iterdir()) == []


def test_relative_path_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_atomic("brief.md", "x")
    assert (tmp_path / "brief.md").read_text() == "x"
    assert leftovers(tmp_path) == []


def test_refuses_a_device_even_with_force():
    if not os.path.exists(os.devnull) or os.name != "posix":
        pytest.skip("no /dev/null")
    with pytest.raises(WriteRefused, match="not a regular file"):
        write_atomic(os.devnull, "x", force=True)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_file_created_meanwhile_is_not_clobbered(tmp_path, monkeypatch):
    # Someone else creates the target between the existence check and the
    # rename: without force, their file must survive.
    target = tmp_path / "brief.md"
    real_fsync = os.fsync

    def someone_else_writes(fd):
        target.write_text("theirs")
        real_fsync(fd)

    monkeypatch.setattr(fileio.os, "fsync", someone_else_writes)
    with pytest.raises(WriteRefused, match="already exists"):
        write_atomic(target, "mine")
    assert target.read_text() == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]
