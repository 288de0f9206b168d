"""How well `briefing import` annotates raw articles, measured honestly.

Imports the seed articles (default: <repo>/../shared/seeds, or the folder
given as the first argument) into a scratch copy of the bundled content's
index with no articles, then scores the drafts against the hand-annotated
bundled briefing (content/articles):

* quotation precision / recall — quotations matched by normalised text
  (fold_for_search, surrounding punctuation stripped), allowing one to
  contain the other or a fuzzy ratio >= 90, so a trailing comma or full
  stop is not a miss; a draft is matched to its hand-written article by
  URL, else by title;
* speaker accuracy — of the matched draft quotations, those whose speaker
  is one the hand annotation gives for that text;
* published-date accuracy — exact, and "compatible" (the draft's partial
  date contains the hand-written one);
* whether the drafts load with no problems.

Then the style sets under benchmarks/import_styles/ (articles written for
the purpose, each with a `.gold.yaml` of its quotations and the people it
introduces), each folder scored on its own with `styles_<folder>_` lines:
`dev` is what the rules were tuned on, `heldout` was written beforehand
(its misses were in view while working), `unseen` was written after the main fixes and run once
before the last ones. Besides precision, recall and speaker accuracy they count
duplicate actors (one person created twice, "wever" and "de-wever") and
wrong speakers the draft's x-review does not flag.

Prints `name: value unit` lines; `--verbose` lists every miss.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from rapidfuzz import fuzz  # noqa: E402

from briefing.cli import main as briefing_main  # noqa: E402
from briefing.loader import load_content  # noqa: E402
from briefing.model import Article  # noqa: E402
from briefing.text import fold_for_search  # noqa: E402


def normal(text: str) -> str:
    return fold_for_search(text).strip(" \t.,;:!?'\"-—–…")


def same_quote(a: str, b: str) -> bool:
    x, y = normal(a), normal(b)
    if not x or not y:
        return False
    if x == y:
        return True
    shorter, longer = sorted((x, y), key=len)
    # containment counts when the shorter is a real part, not one common word
    if shorter in longer and (len(shorter.split()) >= 4 or len(shorter) >= 0.8 * len(longer)):
        return True
    return fuzz.ratio(x, y) >= 90


def pair_articles(drafts: list[Article], gold: list[Article]) -> list[tuple[Article, Article | None]]:
    pairs = []
    for draft in drafts:
        match = None
        if draft.url:
            match = next((g for g in gold if g.url and g.url.rstrip("/") == draft.url.rstrip("/")), None)
        if match is None:
            scored = [(fuzz.ratio(normal(draft.title), normal(g.title)), g) for g in gold]
            best = max(scored, key=lambda item: item[0], default=(0, None))
            match = best[1] if best[0] >= 80 else None
        if match is None:
            # no title in the source (the Irish seed): the body's quotations decide
            def overlap(g: Article) -> int:
                return sum(1 for q in draft.quotes if any(same_quote(q.text, h.text) for h in g.quotes))
            best_overlap = max(gold, key=overlap, default=None)
            if best_overlap is not None and overlap(best_overlap) >= max(1, len(draft.quotes) // 2):
                match = best_overlap
        pairs.append((draft, match))
    return pairs


def run_import(seeds: Path, scratch: Path) -> tuple[int, str]:
    (scratch / "articles").mkdir(parents=True)
    shutil.copy(REPO / "content" / "index.yaml", scratch / "index.yaml")
    files = sorted(str(p) for p in seeds.iterdir() if p.is_file() and not p.name.startswith("."))
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
        status = briefing_main(["import", "--content", str(scratch), *files])
    return status, errors.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("seeds", nargs="?", default=str(REPO.parent / "shared" / "seeds"))
    parser.add_argument("--gold", default=str(REPO / "content"), help="hand-annotated content directory")
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument("--no-styles", action="store_true", help="skip the benchmarks/import_styles sets")
    args = parser.parse_args(argv)
    seeds = Path(args.seeds)
    if not seeds.is_dir():
        print(f"import_eval: no seeds folder at {seeds}", file=sys.stderr)
        return 2
    gold = list(load_content(args.gold).articles)

    with tempfile.TemporaryDirectory(prefix="briefing-import-eval-") as folder:
        scratch = Path(folder) / "content"
        status, log = run_import(seeds, scratch)
        loaded = load_content(scratch)
        drafts = list(loaded.articles)
        problems = list(loaded.problems)

    pairs = pair_articles(drafts, gold)
    found = correct_speaker = draft_total = gold_total = recalled = 0
    exact_dates = compatible_dates = paired = 0
    lines = []
    for draft, hand in pairs:
        if hand is None:
            lines.append(f"unpaired draft: {draft.id} ({draft.title[:60]})")
            continue
        paired += 1
        if draft.published == hand.published:
            exact_dates += 1
        if draft.published.first_day() <= hand.published.first_day() and hand.published.last_day() <= draft.published.last_day():
            compatible_dates += 1
        else:
            lines.append(f"{hand.id}: published {draft.published} vs {hand.published}")
        # distinct texts: one quotation credited to two bodies is one quotation found
        gold_texts: dict[str, set[str]] = {}
        for quote in hand.quotes:
            gold_texts.setdefault(quote.text, set()).add(quote.speaker)
        draft_texts: dict[str, list[str]] = {}
        for quote in draft.quotes:
            draft_texts.setdefault(quote.text, []).append(quote.speaker)
        gold_total += len(gold_texts)
        draft_total += len(draft_texts)
        for text, speakers in draft_texts.items():
            matches = [g for g in gold_texts if same_quote(text, g)]
            if not matches:
                lines.append(f"{hand.id}: extra quotation “{text[:70]}” ({', '.join(speakers)})")
                continue
            found += 1
            allowed = set().union(*(gold_texts[g] for g in matches))
            for speaker in speakers:
                if speaker in allowed:
                    correct_speaker += 1
                else:
                    lines.append(f"{hand.id}: speaker of “{text[:60]}”: {speaker}, expected {', '.join(sorted(allowed))}")
        for text in gold_texts:
            if any(same_quote(text, d) for d in draft_texts):
                recalled += 1
            else:
                lines.append(f"{hand.id}: missed quotation “{text[:70]}” ({', '.join(sorted(gold_texts[text]))})")

    speaker_entries = sum(len(s) for d, h in pairs if h is not None
                          for s in _speaker_lists(d, h))
    precision = found / draft_total if draft_total else 0.0
    recall = recalled / gold_total if gold_total else 0.0
    speaker_accuracy = correct_speaker / speaker_entries if speaker_entries else 0.0
    print(f"import_exit_status: {status} code")
    print(f"gold_articles: {len(gold)} count")
    print(f"drafts: {len(drafts)} count")
    print(f"drafts_paired: {paired} count")
    print(f"draft_load_problems: {len(problems)} count")
    print(f"gold_quotations: {gold_total} count")
    print(f"draft_quotations: {draft_total} count")
    print(f"quotation_precision: {precision:.3f} ratio")
    print(f"quotation_recall: {recall:.3f} ratio")
    print(f"speaker_accuracy: {speaker_accuracy:.3f} ratio")
    print(f"published_exact: {exact_dates / paired if paired else 0:.3f} ratio")
    print(f"published_compatible: {compatible_dates / paired if paired else 0:.3f} ratio")
    if args.verbose:
        for line in lines + [str(p) for p in problems]:
            print("  " + line)
        if status:
            print(re.sub(r"^", "  import: ", log, flags=re.M))
    if not args.no_styles:
        for folder in sorted(p for p in STYLES.iterdir() if p.is_dir()):
            for line in score_style_set(folder, args.verbose):
                print(line)
    return 0


STYLES = REPO / "benchmarks" / "import_styles"


def _front_matter(path: Path) -> dict:
    from briefing import safeyaml
    from briefing.loader import split_front_matter

    head, _body, _line = split_front_matter(path.read_text(encoding="utf-8"), str(path))
    data, _errors = safeyaml.parse(head)
    return data if isinstance(data, dict) else {}


def _names_of(index: dict) -> dict[str, tuple[str, list[str]]]:
    return {a["id"]: (a.get("name", ""), list(a.get("aliases") or [])) for a in index.get("actors") or []}


def score_style_set(folder: Path, verbose: bool = False) -> list[str]:
    """Import each article of `folder` in turn (one growing index, as a user would) and score it."""
    from briefing import safeyaml

    sources = sorted(p for p in folder.glob("*.txt"))
    counts = {key: 0 for key in ("gold", "drafted", "found", "recalled", "speakers", "right", "unflagged", "duplicates",
                                    "failed")}
    misses: list[str] = []
    people: list[str] = []
    names: dict[str, tuple[str, list[str]]] = {}
    roles: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="briefing-import-styles-") as scratch_dir:
        scratch = Path(scratch_dir) / "content"
        (scratch / "articles").mkdir(parents=True)
        shutil.copy(REPO / "content" / "index.yaml", scratch / "index.yaml")
        before = set(_names_of(safeyaml.parse((scratch / "index.yaml").read_text(encoding="utf-8"))[0]))
        for source in sources:
            existing = set((scratch / "articles").iterdir())
            with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
                briefing_main(["import", "--content", str(scratch), str(source)])
            written = sorted(set((scratch / "articles").iterdir()) - existing)
            data = _front_matter(written[0]) if written else {}
            if not written:
                counts["failed"] += 1
                misses.append(f"{source.stem}: the import wrote no article")
            gold, _ = safeyaml.parse(source.with_suffix(".gold.yaml").read_text(encoding="utf-8"))
            index, _ = safeyaml.parse((scratch / "index.yaml").read_text(encoding="utf-8"))
            names = _names_of(index)
            _score_style_article(source.stem, data, gold, names, before, counts, misses)
            people.extend(gold.get("people") or [])
        roles = {a["id"]: a.get("role", "") for a in index.get("actors") or [] if a["id"] not in before}
    counts["duplicates"] = _duplicates(people, {a: n for a, n in names.items() if a not in before}, misses)
    misses += [f"new actor {actor}: role {role!r}" for actor, role in roles.items()]
    drafted, gold_total, speakers = counts["drafted"], counts["gold"], counts["speakers"]
    prefix = f"styles_{folder.name}_"
    lines = [
        f"{prefix}articles: {len(sources)} count",
        f"{prefix}import_failures: {counts['failed']} count",
        f"{prefix}gold_quotations: {gold_total} count",
        f"{prefix}draft_quotations: {drafted} count",
        f"{prefix}quotation_precision: {counts['found'] / drafted if drafted else 0:.3f} ratio",
        f"{prefix}quotation_recall: {counts['recalled'] / gold_total if gold_total else 0:.3f} ratio",
        f"{prefix}speaker_accuracy: {counts['right'] / speakers if speakers else 0:.3f} ratio",
        f"{prefix}duplicate_actors: {counts['duplicates']} count",
        f"{prefix}wrong_speakers_unflagged: {counts['unflagged']} count",
    ]
    if verbose:
        lines += ["  " + line for line in misses]
    return lines


def _duplicates(people: list[str], new_actors: dict[str, tuple[str, list[str]]], misses: list[str]) -> int:
    """Actors beyond one for a person: any new actor whose name ends the person's full name."""
    extra = 0
    for person in people:
        words = normal(person).split()
        same = [actor for actor, (name, _aliases) in new_actors.items()
                if name and words[-len(normal(name).split()):] == normal(name).split()]
        if len(same) > 1:
            extra += len(same) - 1
            misses.append(f"{person} created {len(same)} times: {', '.join(same)}")
    return extra


def _same_person(actor: str, gold: str, names: dict[str, tuple[str, list[str]]]) -> bool:
    return actor == gold or normal(names.get(actor, ("", []))[0]) == normal(gold)


def _score_style_article(stem: str, data: dict, gold: dict, names: dict[str, tuple[str, list[str]]],
                         before: set[str], counts: dict[str, int], misses: list[str]) -> None:
    gold_quotes = [(q["text"], q["speaker"]) for q in gold.get("quotes") or []]
    drafted = [(q.get("text", ""), q.get("speaker", "")) for q in data.get("quotes") or []]
    review = [normal(item) for item in data.get("x-review") or []]
    counts["gold"] += len(gold_quotes)
    counts["drafted"] += len(drafted)
    for text, speaker in drafted:
        match = next((g for g in gold_quotes if same_quote(text, g[0])), None)
        if match is None:
            misses.append(f"{stem}: extra quotation “{text[:70]}” ({speaker})")
            continue
        counts["found"] += 1
        counts["speakers"] += 1
        if _same_person(speaker, match[1], names):
            counts["right"] += 1
            continue
        flagged = any(normal(text)[:25] in item for item in review)
        counts["unflagged"] += not flagged
        misses.append(f"{stem}: speaker of “{text[:60]}”: {speaker}, expected {match[1]}"
                      f"{'' if flagged else ' (not flagged)'}")
    for text, speaker in gold_quotes:
        if any(same_quote(text, d[0]) for d in drafted):
            counts["recalled"] += 1
        else:
            misses.append(f"{stem}: missed quotation “{text[:70]}” ({speaker})")


def _speaker_lists(draft: Article, hand: Article) -> list[list[str]]:
    """Speaker entries of the draft's matched quotations (the denominator of speaker accuracy)."""
    gold_texts = {q.text for q in hand.quotes}
    grouped: dict[str, list[str]] = {}
    for quote in draft.quotes:
        grouped.setdefault(quote.text, []).append(quote.speaker)
    return [speakers for text, speakers in grouped.items() if any(same_quote(text, g) for g in gold_texts)]


if __name__ == "__main__":
    sys.exit(main())
