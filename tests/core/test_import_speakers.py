"""Who said each quotation, and who is named (briefing.importer.attribution,
actors, analysis). Every sentence here is made up for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.dates import PartialDate
from briefing.importer.actors import ActorTable, fold_token, name_key
from briefing.importer.analysis import analyse
from briefing.importer.layouts import RawArticle
from briefing.importer.topics import TopicTagger
from briefing.loader import parse_index

INDEX = """\
title: Test index
actors:
  - id: novak
    name: Petra Novak
    aliases: [Novak, Ms. Novak]
    kind: person
    role: Foreign Minister of Ruritania
    party: ruritania
  - id: brandt
    name: Karl Brandt
    aliases: [Brandt, Mr. Brandt]
    kind: person
    role: President of Freedonia
    party: freedonia
  - id: zelensky
    name: Volodymyr Zelensky
    aliases: [Zelensky]
    kind: person
    role: President of Ukraine
    party: ukraine
  - id: ruritania
    name: Ruritania
    aliases: [Strelsau]
    kind: country
  - id: freedonia
    name: Freedonia
    kind: country
  - id: ukraine
    name: Ukraine
    aliases: [Kyiv]
    kind: country
  - id: russia
    name: Russia
    aliases: [Kremlin, the Kremlin, Moscow]
    kind: country
  - id: united-states
    name: United States
    aliases: [US, U.S.]
    kind: country
  - id: white-house
    name: White House
    aliases: [the White House]
    kind: organisation
topics:
  - id: ceasefire
    title: Ceasefire
    keywords: [ceasefire, truce]
"""


def draft_of(body: str, published: PartialDate = PartialDate(2026, 3, 10)):
    index, problems = parse_index(INDEX, "index.yaml")
    assert not problems
    table = ActorTable(index)
    raw = RawArticle(path="raw.txt", line=1, body=body, title="T", source="S", published=published)
    return analyse(raw, table, TopicTagger(index)), table


def speakers(body: str) -> list[tuple[str, str]]:
    draft, _ = draft_of(body)
    return [(q.text, q.speaker) for q in draft.quotes]


# ------------------------------------------------------------ attribution

def test_name_said_after_the_quotation():
    assert speakers("“The border stays open,” Ms. Novak said.") == [("The border stays open", "novak")]


def test_said_name_with_a_title_after_it():
    body = "“We expect an answer soon,” said Karl Brandt, the president of Freedonia."
    assert speakers(body) == [("We expect an answer soon", "brandt")]


def test_according_to_name():
    body = "The talks will resume in April, with a “clear agenda,” according to Petra Novak."
    assert speakers(body) == [("clear agenda", "novak")]


def test_name_told_reporters():
    body = "“Nothing has been signed,” Brandt told reporters in the capital."
    assert speakers(body) == [("Nothing has been signed", "brandt")]


def test_name_wrote_on_social_media():
    body = "Novak wrote on social media that the proposal was “a step, not a solution.”"
    assert speakers(body) == [("a step, not a solution.", "novak")]


def test_colon_form_with_a_pronoun():
    body = "Karl Brandt left the room early.\n\nLater, he added: “We will keep talking.”"
    assert speakers(body) == [("We will keep talking.", "brandt")]


def test_quote_split_by_its_attribution_gives_two_quotes_for_one_speaker():
    body = "“The first offer was weak,” she said. “The second is worse.”"
    draft, _ = draft_of("Petra Novak spoke after the meeting.\n\n" + body)
    assert [(q.text, q.speaker) for q in draft.quotes] == [
        ("The first offer was weak", "novak"), ("The second is worse.", "novak")]


def test_quote_only_paragraph_continues_the_previous_speaker():
    body = "“We came in good faith,” Brandt said.\n\n“We leave in good faith too.”"
    assert [s for _, s in speakers(body)] == ["brandt", "brandt"]


def test_title_resolves_to_the_person_given_that_title():
    body = ("Petra Novak, the foreign minister, arrived on Monday. Talks lasted hours.\n\n"
            "The foreign minister said the meeting had been “useful.”")
    assert speakers(body) == [("useful.", "novak")]


def test_pronoun_skips_people_named_in_an_aside():
    body = ("Novak said the plan “ignored” what she called “the basic facts” — a phrase Brandt has used "
            "before — and “it will fail,” she said.")
    assert {s for _, s in speakers(body)} == {"novak"}


def test_participle_saying_takes_the_subject_of_the_sentence():
    body = "Brandt rejected a meeting with Novak in Strelsau, saying “the time is not right.”"
    assert speakers(body) == [("the time is not right.", "brandt")]


def test_unnamed_official_is_credited_to_a_placeholder_not_guessed():
    body = "Novak arrived late.\n\n“Nobody expects a deal this week,” a senior official said."
    draft, table = draft_of(body)
    assert [(q.text, q.speaker) for q in draft.quotes] == [("Nobody expects a deal this week", "unnamed-official")]
    assert "unnamed-official" in table.actors
    assert any("unnamed-official" in item for item in draft.review)


def test_unnamed_official_of_a_known_body_is_credited_to_that_body():
    body = "“The president has not decided,” a White House official said."
    assert speakers(body) == [("The president has not decided", "white-house")]


def test_two_subjects_give_two_speakers():
    body = "Both the Kremlin and Freedonia called the talks “constructive.”"
    assert [s for _, s in speakers(body)] == ["russia", "freedonia"]


def test_no_speaker_at_all_is_marked_for_review():
    body = "The weather was cold.\n\nThe banners read “nobody will leave this city” all week."
    draft, _ = draft_of(body)
    assert [(q.text, q.speaker) for q in draft.quotes] == [("nobody will leave this city", "unattributed")]
    assert any("nobody will leave" in item for item in draft.review)


def test_quotation_in_a_multi_paragraph_quote_keeps_its_speaker():
    body = ("“We have made our position clear.\n\n“There will be no more concessions,” "
            "Brandt said.")
    draft, _ = draft_of(body)
    assert len(draft.quotes) == 1 and draft.quotes[0].speaker == "brandt"


def test_said_date_from_relative_words_and_omitted_when_it_is_the_publication_day():
    body = "Novak said on Monday that the truce was “holding.” Brandt said on Tuesday it was “fragile.”"
    draft, _ = draft_of(body)   # published Tuesday 2026-03-10
    said = {q.text: q.said for q in draft.quotes}
    assert said == {"holding.": PartialDate(2026, 3, 9), "fragile.": None}
    assert draft.quotes[0].topics == ["ceasefire"]


# ------------------------------------------------------------ names

def test_spelling_variants_fold_to_one_name():
    assert name_key("Zelenskyy") == name_key("Zelensky") == name_key("Zelenskiy")
    assert name_key("Sergey Lavrov") == name_key("Sergei Lavrov")
    assert name_key("Yury") == name_key("Yuri")
    assert fold_token("Orbán") == fold_token("Orban")


def test_variant_spelling_in_text_matches_the_index():
    assert speakers("“We are not leaving,” Zelenskyy said.") == [("We are not leaving", "zelensky")]


def test_acronym_aliases_are_case_sensitive():
    index, _ = parse_index("title: t\nactors:\n  - {id: united-states, name: United States, aliases: [US], kind: country}\n", "i")
    table = ActorTable(index)
    assert [m.actor for m in table.mentions("The US said they told us.")] == ["united-states"]


def test_new_person_with_an_appositive_role_is_added_with_aliases_and_party():
    body = ("Ivana Horvat, Ruritania’s deputy defence minister, said the army was “ready.”\n\n"
            "“We train every day,” Ms. Horvat added.")
    draft, table = draft_of(body)
    [person] = [a for a in draft.new_actors if a.kind == "person"]
    assert (person.id, person.name, person.party) == ("horvat", "Ivana Horvat", "ruritania")
    assert person.role == "Ruritania’s deputy defence minister"
    assert "Horvat" in person.aliases and "Ms. Horvat" in person.aliases
    assert [q.speaker for q in draft.quotes] == ["horvat", "horvat"]


def test_new_person_with_a_title_before_the_name():
    draft, _ = draft_of("“It is too early,” Freedonian Prime Minister Ola Berg told reporters.")
    [person] = [a for a in draft.new_actors if a.kind == "person"]
    assert person.name == "Ola Berg" and "Prime Minister" in person.role
    assert draft.quotes[0].speaker == person.id


def test_people_named_in_passing_are_not_added():
    body = "The museum holds letters of President Anton Weiss. Reporting by Mia Lund contributed to this article."
    draft, _ = draft_of(body)
    assert [a for a in draft.new_actors if a.kind == "person"] == []


def test_said_then_a_title_then_the_name():
    body = "“They are stalling,” said Ruritania’s deputy minister, Ivo Marek."
    draft, _ = draft_of(body)
    assert [q.speaker for q in draft.quotes] == ["marek"]


def test_a_relative_clause_between_subject_and_verb_is_skipped():
    body = "Brandt, who had met Novak in Strelsau the week before, said the plan was “dead.”"
    assert speakers(body) == [("dead.", "brandt")]


def test_unnamed_spokesperson_for_a_known_body():
    body = "“No decision has been taken,” a spokesperson for the Kremlin said."
    draft, _ = draft_of(body)
    assert [q.speaker for q in draft.quotes] == ["russia"]
    assert "unnamed source" in draft.quotes[0].uncertain


def test_she_prefers_a_woman_named_nearby():
    body = "Petra Novak met Karl Brandt on Monday.\n\n“We agreed on nothing,” she said."
    assert speakers(body) == [("We agreed on nothing", "novak")]


def test_capitalised_headline_words_are_not_taken_for_a_person():
    draft, _ = draft_of("Brandt Says Ruritania Must Pay First\n\n“Pay first,” Brandt said.")
    assert [a for a in draft.new_actors if a.kind == "person"] == []


def test_quotation_after_a_paragraph_ending_with_a_colon():
    body = "Novak said in her weekly address:\n\n“We will not be moved.”"
    assert speakers(body) == [("We will not be moved.", "novak")]


def test_quotation_paragraph_after_a_paraphrase_is_credited_but_marked():
    draft, _ = draft_of("Brandt said the strike was unprovoked.\n\n“This cannot go unanswered.”")
    assert [(q.speaker, bool(q.uncertain)) for q in draft.quotes] == [("brandt", True)]


def test_a_name_that_contains_a_verb_is_not_a_verb():
    body = "Petra Novak said the United States was waiting for an “interim” answer."
    assert speakers(body) == [("interim", "novak")]


def test_the_president_is_not_the_vice_president():
    body = ("Vice President Ann Cole of Freedonia welcomed the text.\n\n"
            "Karl Brandt spoke later. “This suits us,” the president said.")
    draft, _ = draft_of(body)
    assert [q.speaker for q in draft.quotes] == ["brandt"]


def test_a_title_with_of_before_the_name_is_not_a_preposition():
    body = "In an interview with the Gazette, Foreign Minister of Ruritania Petra Novak said there was “much to do.”"
    assert speakers(body) == [("much to do.", "novak")]


def test_an_organisation_introduced_by_what_it_is_becomes_an_actor():
    draft, _ = draft_of("Ruritania’s state grain company Agrostar said it would “honour every contract.”")
    [body] = [a for a in draft.new_actors if a.kind == "organisation"]
    assert (body.id, body.name, body.party) == ("agrostar", "Agrostar", "ruritania")
    assert [q.speaker for q in draft.quotes] == ["agrostar"]
