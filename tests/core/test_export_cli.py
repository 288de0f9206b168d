"""`briefing export` on the command line: output, safety, errors, exit status."""

from __future__ import annotations

import datetime as dt
import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.export import actor_brief, topic_brief

REPO = Path(__file__).resolve().parents[2]
EPOCH = "1764547200"  # 2025-12-01T00:00:00Z
GENERATED = dt.date(2025, 12, 1)


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def export(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["export", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ------------------------------------------------------------------ output

def test_prints_the_brief_to_standard_output(capsys, corpus):
    status, out, err = export(capsys, "security-guarantees")
    assert status == 0 and err == ""
    assert out == topic_brief(corpus, "security-guarantees", generated=GENERATED)


def test_the_installed_command_gives_the_same_bytes(corpus, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": EPOCH}
    result = subprocess.run([sys.executable, "-m", "briefing", "export", "--actor", "Mr. Zelensky"],
                            cwd=tmp_path, env=env, capture_output=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == actor_brief(corpus, "zelensky", generated=GENERATED).encode("utf-8")


def test_writes_a_file_and_says_so(capsys, corpus, tmp_path):
    target = tmp_path / "brief.md"
    status, out, err = export(capsys, "ceasefire", "-o", str(target), "--since", "2025-10")
    assert status == 0 and out == ""
    assert "wrote" in err and str(target) in err
    assert target.read_text(encoding="utf-8") == topic_brief(corpus, "ceasefire", since="2025-10", generated=GENERATED)
    assert leftovers(tmp_path) == []


def test_dash_means_standard_output(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, _ = export(capsys, "ceasefire", "-o", "-")
    assert status == 0 and out.startswith("---\ntitle: Ceasefire\n")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ safety

def test_never_overwrites_without_force(capsys, tmp_path):
    target = tmp_path / "brief.md"
    target.write_text("my notes\n", encoding="utf-8")
    status, out, err = export(capsys, "ceasefire", "-o", str(target))
    assert status == 1 and out == ""
    assert "already exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "my notes\n"


def test_replaces_with_force_keeping_the_file_mode(capsys, tmp_path):
    target = tmp_path / "brief.md"
    target.write_text("my notes\n", encoding="utf-8")
    target.chmod(0o640)
    status, _, _ = export(capsys, "ceasefire", "-o", str(target), "--force")
    assert status == 0
    assert target.read_text(encoding="utf-8").startswith("---\ntitle: Ceasefire\n")
    assert target.stat().st_mode & 0o777 == 0o640
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("failing", ["os.replace", "os.fsync"])
def test_a_failure_halfway_leaves_the_old_file_and_no_temporary(capsys, tmp_path, monkeypatch, failing):
    """os.fsync fails after the text went into the temporary file; os.replace at the very end."""
    target = tmp_path / "brief.md"
    target.write_text("my notes\n", encoding="utf-8")

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(failing, disk_full)
    status, _, err = export(capsys, "ceasefire", "-o", str(target), "--force")
    assert status == 1
    assert "no space left on device" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "my notes\n"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


def test_a_file_created_meanwhile_is_not_clobbered(capsys, tmp_path, monkeypatch):
    """The existence check and the final step are not one operation; the final step re-checks."""
    target = tmp_path / "brief.md"
    real_link = os.link

    def someone_else_writes_first(source, destination, *args, **kwargs):
        Path(destination).write_text("written meanwhile\n", encoding="utf-8")
        return real_link(source, destination, *args, **kwargs)

    monkeypatch.setattr("os.link", someone_else_writes_first)
    status, _, err = export(capsys, "ceasefire", "-o", str(target))
    assert status == 1 and "already exists" in err
    assert target.read_text(encoding="utf-8") == "written meanwhile\n"
    assert leftovers(tmp_path) == []


def test_a_directory_is_not_a_file(capsys, tmp_path):
    status, out, err = export(capsys, "ceasefire", "-o", str(tmp_path), "--force")
    assert status == 1 and out == ""
    assert "is a directory" in err
    assert list(tmp_path.iterdir()) == []


def test_a_device_or_pipe_is_never_replaced(capsys, tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    status, _, err = export(capsys, "ceasefire", "-o", str(pipe), "--force")
    assert status == 1 and "not a regular file" in err
    assert pipe.is_fifo()


def test_a_missing_folder_is_reported(capsys, tmp_path):
    status, _, err = export(capsys, "ceasefire", "-o", str(tmp_path / "no" / "brief.md"))
    assert status == 1 and "does not exist" in err


def test_an_unwritable_folder_is_reported(capsys, tmp_path, monkeypatch):
    """Simulated, because tests may run as root, who can write anywhere."""
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", denied)
    status, out, err = export(capsys, "ceasefire", "-o", str(tmp_path / "brief.md"))
    assert status == 1 and out == ""
    assert "cannot write here: permission denied" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can write to read-only folders")
def test_a_read_only_folder_is_reported(capsys, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        status, _, err = export(capsys, "ceasefire", "-o", str(folder / "brief.md"))
    finally:
        folder.chmod(0o700)
    assert status == 1 and "cannot write here" in err


# ------------------------------------------------------------------ errors

def test_unknown_topic_suggests_the_closest_id(capsys):
    status, out, err = export(capsys, "security-guarante")
    assert status == 1 and out == ""
    assert err == "briefing: unknown topic 'security-guarante' (did you mean 'security-guarantees'?)\n"


def test_unknown_actor_suggests_the_closest_id(capsys):
    status, out, err = export(capsys, "--actor", "Zelenskiy")
    assert status == 1 and out == ""
    assert err == "briefing: unknown actor 'Zelenskiy' (did you mean 'zelensky'?)\n"


def test_escape_bytes_in_arguments_do_not_reach_the_terminal(capsys):
    status, _, err = export(capsys, "\x1b[2Jceasefir")
    assert status == 1 and "\x1b" not in err


@pytest.mark.parametrize("args", [[], ["ceasefire", "--actor", "putin"]])
def test_needs_exactly_one_of_topic_and_actor(capsys, args):
    status, out, err = export(capsys, *args)
    assert status == 2 and out == ""
    assert err.startswith("usage: briefing export") and "--actor" in err


@pytest.mark.parametrize("args, message", [
    (["ceasefire", "--since", "2025-02-30"], "--since: '2025-02-30' is not a calendar date"),
    (["ceasefire", "--since", "2025-12", "--until", "2025-11"], "--since 2025-12 is after --until 2025-11"),
])
def test_bad_dates_are_reported(capsys, args, message):
    status, out, err = export(capsys, *args)
    assert status == 1 and out == "" and message in err


def test_a_bad_source_date_epoch_is_reported(capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "next tuesday")
    status, out, err = export(capsys, "ceasefire")
    assert status == 1 and out == "" and "SOURCE_DATE_EPOCH" in err


def test_a_bad_article_is_reported_but_does_not_stop_the_export(capsys, tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "index.yaml").write_text(
        "title: T\nactors:\n  - {id: north, name: North, kind: country}\n"
        "topics:\n  - {id: ceasefire, title: Ceasefire}\n", encoding="utf-8")
    (tmp_path / "articles" / "good.md").write_text(
        "---\ntitle: Good\nsource: Wire\npublished: 2025-01-02\ntopics: [ceasefire]\n"
        "positions:\n  - {topic: ceasefire, party: north, stance: Ready}\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "articles" / "bad.md").write_text("---\ntitle: Bad\n---\nBody.\n", encoding="utf-8")
    status, out, err = export(capsys, "ceasefire", "--content", str(tmp_path))
    assert status == 0
    assert "| North | Ready | 2 January 2025 | [^1] |" in out
    assert "warning" in err and "briefing check" in err


def test_a_broken_index_is_reported(capsys, tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "index.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    status, out, err = export(capsys, "ceasefire", "--content", str(tmp_path))
    assert status == 1 and out == ""
    assert "index.yaml" in err and "Traceback" not in err
