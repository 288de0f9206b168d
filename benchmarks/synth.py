"""Synthetic content directories for benchmarks: N articles, ~10 quotes each.

The text is made of words drawn from a Zipf-like distribution (a few very
common words, a long tail of rare ones, as in real news copy), so the search
index sees realistic vocabulary sizes and posting-list lengths. Every
article is valid content: front matter with quotes that occur verbatim in
the body, events, and ids that exist in the generated index.yaml.

    python benchmarks/synth.py OUT_DIR --articles 10000
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sys
from pathlib import Path

GENERATOR_VERSION = 2  # bump when the output changes, so cached corpora are rebuilt

# The head of the distribution: real words, most common first.
COMMON_WORDS = """
the of to and a in that is for on it with as was he be by at said his from have an
not are this but they has had were we will their been would who its more which or
one after about there all also new two when than up out over war peace talks can
first what people other could into time last if him year no so president our some
them just she only do like most years us now many before those may between where
these because any such made then even against through while week officials did
under both since very three back being well still each next should how says told
government military country forces russia ukraine russian ukrainian kyiv moscow
washington europe european american united states nato trump putin zelensky lavrov
macron witkoff security guarantees territory ceasefire sanctions plan deal proposal
negotiations negotiators delegation envoy summit meeting minister foreign defence
agreement points draft framework troops army front line donbas donetsk crimea
missile missiles drones strike strikes attack attacks energy grid power capital
city cities region regions civilians prisoners exchange children return abducted
alliance membership neutrality weapons long range air defence systems support aid
economic economy assets frozen reconstruction sovereignty borders recognition
referendum elections constitution parliament kremlin white house administration
spokesman statement interview conference press social media post reporters
negotiation format bilateral trilateral mediation istanbul geneva anchorage alaska
abu dhabi paris london berlin brussels ankara coalition willing partners allies
pressure concessions demands terms conditions withdrawal occupied control lines
freeze frozen conflict aggression invasion full scale nuclear plant zaporizhzhia
kherson kharkiv sumy odesa black sea ports grain shipping oil gas exports tariffs
""".split()
COMMON_WORDS = list(dict.fromkeys(COMMON_WORDS))  # first occurrence keeps its rank

ACTORS = [  # id, name, aliases, kind, party
    ("trump", "Donald Trump", ["Trump", "Mr. Trump", "President Trump"], "person", "united-states"),
    ("zelensky", "Volodymyr Zelensky", ["Zelensky", "Zelenskyy", "Mr. Zelensky"], "person", "ukraine"),
    ("putin", "Vladimir Putin", ["Putin", "President Putin"], "person", "russia"),
    ("lavrov", "Sergey Lavrov", ["Lavrov", "Sergei Lavrov"], "person", "russia"),
    ("macron", "Emmanuel Macron", ["Macron", "Mr. Macron"], "person", "france"),
    ("witkoff", "Steve Witkoff", ["Witkoff"], "person", "united-states"),
    ("rubio", "Marco Rubio", ["Rubio"], "person", "united-states"),
    ("umerov", "Rustem Umerov", ["Umerov"], "person", "ukraine"),
    ("peskov", "Dmitry Peskov", ["Peskov"], "person", "russia"),
    ("ushakov", "Yuri Ushakov", ["Ushakov"], "person", "russia"),
    ("merz", "Friedrich Merz", ["Merz"], "person", "germany"),
    ("starmer", "Keir Starmer", ["Starmer"], "person", "united-kingdom"),
    ("erdogan", "Recep Tayyip Erdoğan", ["Erdogan", "Erdoğan"], "person", "turkey"),
    ("russia", "Russia", ["Moscow", "the Kremlin"], "country", ""),
    ("ukraine", "Ukraine", ["Kyiv", "Kiev"], "country", ""),
    ("united-states", "United States", ["US", "Washington"], "country", ""),
    ("france", "France", ["Paris"], "country", ""),
    ("germany", "Germany", ["Berlin"], "country", ""),
    ("united-kingdom", "United Kingdom", ["UK", "Britain", "London"], "country", ""),
    ("turkey", "Turkey", ["Türkiye", "Ankara"], "country", ""),
    ("nato", "NATO", ["the alliance"], "organisation", ""),
    ("europe", "European Union", ["EU", "Brussels"], "organisation", ""),
]

TOPICS = [  # id, title, keywords
    ("territory", "Territory", ["Donbas", "Crimea", "occupied"]),
    ("nato-membership", "NATO membership", ["NATO", "alliance", "membership"]),
    ("military-size-cap", "Cap on Ukraine's army", ["troops", "army"]),
    ("security-guarantees", "Security guarantees", ["guarantees", "security"]),
    ("long-range-weapons", "Long-range weapons", ["missiles", "Tomahawk"]),
    ("ceasefire", "Ceasefire", ["truce", "ceasefire"]),
    ("prisoner-exchange", "Prisoner exchanges", ["prisoners", "exchange"]),
    ("abducted-children", "Abducted children", ["children"]),
    ("europe-role", "Europe's role", ["Europe", "EU"]),
    ("sanctions-economy", "Sanctions and the economy", ["sanctions", "assets"]),
    ("negotiation-format", "Negotiation format", ["summit", "talks"]),
    ("strikes-cities-energy", "Strikes on cities and energy", ["strikes", "grid"]),
    ("peace-plan", "The peace plan", ["plan", "points"]),
    ("air-defence", "Air defence", ["Patriot", "air defence"]),
]

SOURCES = ["New York Times", "Reuters", "Associated Press", "BBC", "Kyiv Independent",
           "Meduza", "Le Monde", "Financial Times", "Politico", "RFE/RL"]
PLACES = ["Kyiv", "Moscow", "Washington", "Paris", "Geneva", "Istanbul", "Anchorage",
          "Abu Dhabi", "Brussels", "Berlin", "London", "Kharkiv", "Odesa", "Zaporizhzhia"]

_ONSETS = ["b", "br", "ch", "d", "dr", "f", "g", "gr", "h", "k", "kh", "l", "m", "n", "p",
           "pr", "r", "s", "sh", "st", "t", "tr", "v", "vl", "z", "zh", ""]
_VOWELS = ["a", "e", "i", "o", "u", "ia", "ei", "ou", "y"]
_CODAS = ["", "n", "r", "s", "k", "l", "v", "sk", "nt", "m"]


def _pseudo_words(count: int, rng: random.Random) -> list[str]:
    """Pronounceable invented words for the long tail (names, rare terms)."""
    seen = set(COMMON_WORDS)
    words: list[str] = []
    while len(words) < count:
        syllables = rng.choice((1, 2, 2, 2, 3, 3))
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables))
        if 3 <= len(word) <= 14 and word not in seen:
            seen.add(word)
            words.append(word)
    return words


class _Words:
    """Draws words with probability ~ 1 / rank**1.05 (Zipf's law)."""

    def __init__(self, vocabulary: list[str], rng: random.Random) -> None:
        self.vocabulary = vocabulary
        self.rng = rng
        weights = [1.0 / (rank ** 1.05) for rank in range(1, len(vocabulary) + 1)]
        self.cumulative = list(itertools.accumulate(weights))

    def take(self, count: int) -> list[str]:
        return self.rng.choices(self.vocabulary, cum_weights=self.cumulative, k=count)

    def sentence(self, low: int, high: int) -> str:
        words = self.take(self.rng.randint(low, high))
        return " ".join(words).capitalize()


def _date(rng: random.Random, precise: float = 0.95) -> str:
    year = rng.choice((2024, 2025, 2025, 2025))
    month = rng.randint(1, 12)
    if rng.random() > precise:
        return f"{year}-{month:02d}" if rng.random() < 0.8 else f"{year}"
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def _yaml_text(text: str) -> str:
    """A YAML double-quoted scalar (our generated text has no quotes or backslashes)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_index(out: Path, extra_actors: int, rng: random.Random) -> list[str]:
    lines = ["title: Synthetic briefing for benchmarks", "actors:"]
    actor_ids = []
    for actor_id, name, aliases, kind, party in ACTORS:
        lines += [f"  - id: {actor_id}", f"    name: {name}",
                  f"    aliases: [{', '.join(_yaml_text(a) for a in aliases)}]", f"    kind: {kind}"]
        if party:
            lines.append(f"    party: {party}")
        actor_ids.append(actor_id)
    for number, surname in enumerate(_pseudo_words(extra_actors, rng)):
        actor_id = f"{surname}-{number}"
        lines += [f"  - id: {actor_id}", f"    name: {surname.capitalize()} Person{number}",
                  "    kind: person", f"    party: {rng.choice(('russia', 'ukraine', 'united-states'))}"]
        actor_ids.append(actor_id)
    lines.append("topics:")
    for topic_id, title, keywords in TOPICS:
        lines += [f"  - id: {topic_id}", f"    title: {_yaml_text(title)}",
                  f"    keywords: [{', '.join(_yaml_text(k) for k in keywords)}]"]
    (out / "index.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return actor_ids


def write_article(out: Path, number: int, words: _Words, actor_ids: list[str], rng: random.Random) -> None:
    published = _date(rng, precise=0.98)
    topic_ids = [t[0] for t in TOPICS]
    speakers = rng.sample(actor_ids[:13], 3) + rng.sample(actor_ids, 2)
    topics = rng.sample(topic_ids, rng.randint(1, 3))
    quotes = []
    paragraphs = []
    for _ in range(rng.randint(8, 12)):
        speaker = rng.choice(speakers)
        text = " ".join(words.take(rng.randint(5, 22)))
        quotes.append((speaker, text, rng.sample(topics, 1)))
        paragraphs.append(f"{words.sentence(8, 25)}. “{text},” said {speaker}. {words.sentence(10, 30)}.")
    for _ in range(rng.randint(2, 4)):
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), f"{words.sentence(15, 35)}. {words.sentence(10, 30)}.")
    title = words.sentence(5, 10)
    summary = words.sentence(15, 30) + "."
    front = [
        "---",
        f"title: {_yaml_text(title)}",
        f"source: {rng.choice(SOURCES)}",
        f"published: {published}",
        f"id: synth-{number:06d}",
        f"places: [{', '.join(rng.sample(PLACES, 2))}]",
        f"summary: {_yaml_text(summary)}",
        f"actors: [{', '.join(sorted(set(speakers)))}]",
        f"topics: [{', '.join(topics)}]",
        "quotes:",
    ]
    for speaker, text, quote_topics in quotes:
        front += [f"  - speaker: {speaker}", f"    text: {_yaml_text(text)}",
                  f"    topics: [{', '.join(quote_topics)}]"]
    front.append("events:")
    for _ in range(rng.randint(1, 3)):
        front += [f"  - date: {published if rng.random() < 0.7 else _date(rng)}",
                  f"    title: {_yaml_text(words.sentence(4, 9))}",
                  f"    actors: [{', '.join(rng.sample(speakers, 2))}]",
                  f"    topics: [{rng.choice(topics)}]",
                  f"    place: {rng.choice(PLACES)}"]
    front.append("---")
    folder = out / "articles" / published[:4]
    folder.mkdir(parents=True, exist_ok=True)
    text = "\n".join(front) + "\n" + "\n\n".join(paragraphs) + "\n"
    # Named like real content: date first, so a folder lists oldest to newest.
    (folder / f"{published}-synth-{number:06d}.md").write_text(text, encoding="utf-8")


def generate(out: Path, articles: int, seed: int = 2025) -> Path:
    """Write a content directory with `articles` articles into `out`."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "articles").mkdir(exist_ok=True)
    actor_ids = write_index(out, extra_actors=80, rng=rng)
    vocabulary = COMMON_WORDS + _pseudo_words(60_000, rng)
    words = _Words(vocabulary, rng)
    for number in range(articles):
        write_article(out, number, words, actor_ids, rng)
    return out


def cached_corpus(articles: int, seed: int = 2025) -> Path:
    """A generated corpus kept under the user's cache folder, reused between runs."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from briefing.paths import cache_dir

    target = cache_dir() / "bench" / f"synth-v{GENERATOR_VERSION}-{articles}-{seed}"
    if (target / ".complete").is_file():
        return target
    staging = target.with_name(target.name + f".tmp{os.getpid()}")
    generate(staging, articles, seed)
    (staging / ".complete").write_text("ok\n")
    try:
        os.replace(staging, target)
    except OSError:  # another run finished first: use its copy
        import shutil
        shutil.rmtree(staging, ignore_errors=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write the content directory into")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    generate(args.out, args.articles, args.seed)
    print(f"wrote {args.articles} articles to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
