"""Each attribution rule on its own (briefing.importer.attribution.rules):
it finds its speaker where its pattern is, and declines (None) elsewhere.
Every sentence here is made up for the test."""

from __future__ import annotations

import pytest

from briefing.importer.actors import ActorTable
from briefing.importer.attribution import Attribution, Context, rules
from briefing.importer.quotes import find_quotes, mask
from briefing.importer.sentences import paragraphs, sentences
from briefing.loader import parse_index
from tests.core.test_import_speakers import INDEX


def context(body: str, results: list[Attribution] | None = None, turns: dict[int, str] | None = None) -> Context:
    index, _ = parse_index(INDEX, "index.yaml")
    table = ActorTable(index)
    scan = find_quotes(body)
    masked = mask(body, scan.quotes + scan.titles)
    ctx = Context(masked, scan.quotes, sentences(masked), paragraphs(masked), table.mentions(masked), table,
                  turn_speakers=turns or {})
    ctx.results = results or []
    return ctx


@pytest.mark.parametrize(("rule", "body"), [
    (rules.said_after, "“We are close,” Novak said."),
    (rules.said_after, "“We are close,” said Novak, the foreign minister."),
    (rules.said_before, "Novak said on Monday that “we are close”."),
    (rules.according_after, "The talks were “close to a result”, according to Novak."),
    (rules.verb_later, "The plan “erased” what Novak called a fair basis."),
    (rules.sentence_subject, "Novak expects the deal “within two weeks” in Strelsau."),
])
def test_a_direct_rule_finds_novak_where_its_pattern_is(rule, body):
    found = rule(context(body), 0)
    assert found is not None and found.speakers == ("novak",)


@pytest.mark.parametrize("rule", [rules.said_after, rules.said_before, rules.according_after, rules.verb_later])
def test_a_direct_rule_declines_a_quotation_with_no_speech_verb(rule):
    assert rule(context("The banner read “no more fees” all week."), 0) is None


def test_the_transcript_rule_reads_only_the_turn_map():
    body = "“We are close,” Novak said."
    ctx = context(body, turns={0: "brandt"})
    assert rules.transcript_turn(ctx, 0) == Attribution(("brandt",), "transcript turn")
    assert rules.transcript_turn(context(body), 0) is None


def test_neighbour_rules_use_the_results_before_them():
    body = "“We are close,” Novak said. “Very close.”"
    known = [Attribution(("novak",), "said X after the quotation"), Attribution()]
    found = rules.previous_in_paragraph(context(body, known), 1)
    assert found is not None and found.speakers == ("novak",) and not found.uncertain
    assert rules.next_in_paragraph(context(body, known), 1) is None


def test_the_paragraph_before_rules():
    known = [Attribution(("brandt",), "said X after the quotation"), Attribution()]
    body = "“We are ready,” Brandt said.\n\n“The winter will be hard.”"
    assert rules.previous_paragraph_quote(context(body, known), 1).speakers == ("brandt",)
    colon = context("Novak set out her terms: a ceasefire first.\n\n“We will not move.”", [Attribution()])
    found = rules.colon_introduction(colon, 0)
    assert found is not None and found.speakers == ("novak",) and found.uncertain
    assert rules.after_background(colon, 0) is None
    background = "“We are ready,” Brandt said.\n\nShelling went on overnight.\n\n“The winter will be hard.”"
    found = rules.after_background(context(background, known), 1)
    assert found is not None and found.speakers == ("brandt",) and "background" in found.uncertain


def test_attribute_all_names_the_rule_that_found_each_speaker():
    ctx = context("“We are close,” Novak said. “Very close.”\n\nThe word “truce” was everywhere.")
    results = rules.attribute_all(ctx)
    assert [r.rule for r in results] == ["said_after", "previous_in_paragraph", ""]
    assert results[2].speakers == ("unattributed",)
    assert [rules.is_scare_quote(ctx, n) for n in range(3)] == [False, False, True]
