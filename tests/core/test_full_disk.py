"""A full disk: a clear message, the old cache or file intact, nothing half-written.

Run on a tiny tmpfs mounted for the test; where mounting is not allowed
(not root, or a container without the right), the tests say so and skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cache import indexes
from briefing.cache.index_file import INDEX_NAME
from briefing.cache.summary import load_summary, save_summary, summary_path
from briefing.cli import main
from briefing.paths import bundled_content

REPO = Path(__file__).resolve().parents[2]
ARTICLE = "2025-11-25-russia-strikes-kyiv.md"


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MiB tmpfs; `fill(disk)` then takes all of its free space."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def fill(disk: Path) -> None:
    """Take every free byte of `disk` (blocks, then whatever a last small write still gets)."""
    with open(disk / "filler", "ab", buffering=0) as filler:
        for size in (1 << 16, 1 << 12, 1 << 8, 1):
            try:
                while True:
                    filler.write(b"\0" * size)
            except OSError:
                pass


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def content(tmp_path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(bundled_content(), copy)
    return copy


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.rglob("*") if path.name.endswith(".tmp"))


def test_a_full_cache_disk_keeps_the_old_index_and_still_answers(tiny_disk, content, capsys, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tiny_disk))
    argv = ("search", "paper guarantees", "--json", "--content", str(content))
    status, _, _ = run(capsys, *argv)
    target = indexes.cache_folder(content) / INDEX_NAME
    old = target.read_bytes()
    article = content / "articles" / ARTICLE
    article.write_text(article.read_text(encoding="utf-8").replace("paper guarantees", "cardboard guarantees"),
                       encoding="utf-8")
    os.utime(article, ns=(article.stat().st_atime_ns, article.stat().st_mtime_ns + 2_000_000_000))
    fill(tiny_disk)
    status, out, err = run(capsys, "search", "cardboard guarantees", "--json", "--content", str(content))
    assert status == 0 and any("cardboard guarantees" in hit["text"] for hit in json.loads(out)), "the new content"
    (warning,) = err.splitlines()
    assert "cannot keep the search index" in warning and "no space left on device" in warning
    assert target.read_bytes() == old, "the old index is as it was"
    assert leftovers(tiny_disk) == [], "nothing half-written"


def test_a_full_disk_under_the_exported_file_keeps_the_old_one(tiny_disk, capsys):
    target = tiny_disk / "brief.md"
    target.write_text("my old brief\n", encoding="utf-8")
    fill(tiny_disk)
    status, out, err = run(capsys, "export", "territory", "-o", str(target), "--force")
    assert status == 1 and out == ""
    assert err.strip() == f"briefing: {target}: cannot write: no space left on device"
    assert target.read_text(encoding="utf-8") == "my old brief\n"
    assert leftovers(tiny_disk) == []


@pytest.mark.parametrize("argv", [("export", "territory"), ("timeline",), ("search", "peace"), ("check",)])
def test_a_full_disk_under_standard_output_is_a_message(tiny_disk, argv):
    fill(tiny_disk)
    with open(tiny_disk / "filler", "ab") as full:  # a file on the full disk, as `> FILE` gives
        done = subprocess.run([sys.executable, "-m", "briefing", *argv], stdout=full, stderr=subprocess.PIPE,
                              text=True, cwd=REPO, env={**os.environ, "XDG_CACHE_HOME": str(tiny_disk.parent / "c")})
    assert done.returncode == 1
    assert done.stderr == "briefing: cannot write the output: no space left on device\n"


def test_a_full_disk_keeps_the_old_reader_summary(tiny_disk, monkeypatch, content):
    from briefing.browse import catalogue
    from briefing.cache.summary import summarize
    from briefing.corpus import Corpus

    monkeypatch.setenv("XDG_CACHE_HOME", str(tiny_disk))
    summary = summarize(catalogue(Corpus.load(content)))
    save_summary(content, summary)
    saved = summary_path(content).read_bytes()
    fill(tiny_disk)
    save_summary(content, summarize(catalogue(Corpus.load(bundled_content()))))  # best effort: no error
    assert summary_path(content).read_bytes() == saved and load_summary(content) == summary
    assert leftovers(tiny_disk) == []
