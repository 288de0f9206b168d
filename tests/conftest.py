"""Shared fixtures: the bundled briefing, and isolation from the user's home."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.paths import bundled_content

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"


def write_file(path: Path, text: str | bytes) -> Path:
    """Write a test file (folders made as needed); text is stored as UTF-8."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """No test reads or writes the real user's cache, config, reading state or content choice."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("BRIEFING_CONTENT", raising=False)


@pytest.fixture(scope="session")
def content_dir() -> Path:
    return bundled_content()


@pytest.fixture(scope="session")
def corpus(content_dir):
    from briefing.corpus import Corpus

    loaded = Corpus.load(content_dir)
    assert not loaded.problems, "\n".join(map(str, loaded.problems))
    return loaded
