"""The bundled briefing: it loads cleanly, and its quotations are real."""

from __future__ import annotations

import subprocess
import sys

import pytest

from briefing.loader import load_content
from briefing.text import fold_for_match

from conftest import REPO, SEEDS

REQUIRED_TOPICS = [
    "territory", "nato-membership", "military-size-cap", "security-guarantees", "long-range-weapons", "ceasefire",
    "prisoner-exchange", "abducted-children", "europe-role", "sanctions-economy", "negotiation-format",
    "strikes-cities-energy",
]
REQUIRED_ACTORS = ["trump", "zelensky", "putin", "lavrov", "macron", "witkoff", "ushakov"]


def test_bundled_content_loads_with_no_problems(content_dir):
    result = load_content(content_dir)
    assert result.problems == (), "\n".join(map(str, result.problems))


def test_bundled_content_has_five_articles(corpus):
    assert len(corpus.articles) == 5, [a.id for a in corpus.articles]


def test_briefing_check_passes_on_the_bundled_content():
    done = subprocess.run([sys.executable, "-m", "briefing", "check"], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("ok: ")


@pytest.fixture(scope="module")
def seed_texts() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip(f"no seed articles at {SEEDS} (they sit beside the repository, not in it)")
    texts = {path.name: fold_for_match(path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))}
    if not texts:
        pytest.skip(f"{SEEDS} holds no .txt seed articles")
    return texts


def test_every_bundled_quotation_occurs_in_a_seed(corpus, seed_texts):
    assert corpus.quotes, "the bundled briefing has quotations"
    missing = [f"{q.article_id} (line {q.line}): {q.text!r}" for q in corpus.quotes
               if not any(fold_for_match(q.text) in seed for seed in seed_texts.values())]
    assert not missing, "quotations not found verbatim in any seed:\n" + "\n".join(missing)


@pytest.mark.parametrize("topic_id", REQUIRED_TOPICS)
def test_required_topic_exists(corpus, topic_id):
    topic = corpus.topic(topic_id)
    assert topic is not None, f"no topic '{topic_id}' in the bundled index"
    assert topic.title


@pytest.mark.parametrize("actor_id", REQUIRED_ACTORS)
def test_required_actor_exists(corpus, actor_id):
    assert corpus.actor(actor_id) is not None, f"no actor '{actor_id}' in the bundled index"


@pytest.mark.parametrize("name", ["Zelensky", "Zelenskyy", "Mr. Zelensky", "zelensky", "ZELENSKYY",
                                  "Volodymyr Zelensky"])
def test_zelensky_aliases_resolve(corpus, name):
    assert corpus.resolve_actor(name).id == "zelensky"


def test_every_quote_speaker_has_a_name(corpus):
    # A speaker id that resolves to no actor would show as a bare id in the reader.
    assert all(corpus.actor(q.speaker) is not None for q in corpus.quotes)
