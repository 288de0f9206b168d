"""Attribution on the kinds of reporting the first importer got wrong:
interview transcripts, names with particles, titled references, colon
introductions, scare quotes (briefing.importer.transcript, attribution,
actors). Every text here is made up for the test."""

from __future__ import annotations

from briefing.importer.transcript import find_transcript, person_name
from tests.core.test_import_speakers import draft_of

TRANSCRIPT = """\
Transcript: Petra Novak on the talks
Host Lena Hart spoke with Ruritania's foreign minister, Petra Novak, on Sunday.

LENA HART: Minister, welcome. Will there be a ceasefire this month?

PETRA NOVAK: I hope so, Lena. We have sent our answer and we are waiting for theirs.

LENA HART: And if the answer is no?

PETRA NOVAK: Then we keep talking. There is no other way.
"""


def test_transcript_guest_turns_are_the_guests_quotations():
    draft, _ = draft_of(TRANSCRIPT)
    assert [(q.speaker, q.text) for q in draft.quotes] == [
        ("novak", "I hope so, Lena. We have sent our answer and we are waiting for theirs."),
        ("novak", "Then we keep talking. There is no other way."),
    ]
    assert any("transcript" in item and "Lena Hart" in item and "interviewer" in item for item in draft.review)


def test_transcript_interviewer_is_the_one_asking_when_no_host_is_named():
    body = TRANSCRIPT.replace("Host Lena Hart spoke with", "An interview with")
    transcript = find_transcript(body)
    assert transcript is not None and transcript.interviewer == "LENA HART"
    assert "questions" in transcript.how


def test_transcript_label_with_a_title_names_the_person():
    assert person_name("AMBASSADOR JULIAN ACHTERBERG") == "Julian Achterberg"
    assert person_name("MARGARET BRENNAN") == "Margaret Brennan"
    body = TRANSCRIPT.replace("PETRA NOVAK:", "MINISTER NOVAK:")
    draft, _ = draft_of(body)
    assert {q.speaker for q in draft.quotes} == {"novak"}


def test_a_guest_unknown_to_the_index_becomes_a_new_person():
    body = TRANSCRIPT.replace("Ruritania's foreign minister, Petra Novak,", "a farmer").replace(
        "PETRA NOVAK:", "JONAS WEBER:")
    draft, table = draft_of(body)
    speakers = {q.speaker for q in draft.quotes}
    assert len(speakers) == 1
    assert table.actors[speakers.pop()].name == "Jonas Weber"


def test_notes_with_a_colon_are_not_a_transcript():
    body = ("Update: the talks resumed on Monday.\n\nNote: times are local.\n\n"
            "“We are close,” Novak said.\n\nCorrection: an earlier version misspelled a name.")
    assert find_transcript(body) is None
    assert [q.speaker for q in draft_of(body)[0].quotes] == ["novak"]


def test_scare_quotes_and_code_names_are_not_quotations():
    body = ("The so-called “coalition of the willing” met in Strelsau. Planning for the mission, known "
            "internally as “Operation Lantern”, went on.\n\nThe phrase “security guarantees” means little.\n\n"
            "Novak said the allies were “running out of time”.")
    draft, _ = draft_of(body)
    assert [(q.text, q.speaker) for q in draft.quotes] == [("running out of time", "novak")]
    assert any("coalition of the willing" in item and "Operation Lantern" in item for item in draft.review)


def test_a_short_partial_quotation_with_a_verb_stays_a_quotation():
    draft, _ = draft_of("Brandt expects the deal “within two weeks”. The plan was “updated and refined”.")
    assert [q.text for q in draft.quotes] == ["within two weeks", "updated and refined"]


def new_people(table) -> dict[str, str]:
    return {info.id: info.name for info in table.actors.values() if info.new and info.kind == "person"}


def test_a_name_with_particles_and_its_later_short_form_are_one_actor():
    body = ("Ruritanian Prime Minister Bart De Wever said on Monday that the plan was unfair.\n\n"
            "“We will not pay for it,” De Wever told reporters.\n\n"
            "Commission official Anneliese van der Berg disagreed. “The risk is shared,” van der Berg said.\n\n"
            "Freedonian mediator Khalid al-Mansouri, who arranged the meeting, was hopeful. "
            "“Both sides came,” al-Mansouri said.")
    draft, table = draft_of(body)
    assert new_people(table) == {"de-wever": "Bart De Wever", "van-der-berg": "Anneliese van der Berg",
                                 "al-mansouri": "Khalid al-Mansouri"}
    assert [q.speaker for q in draft.quotes] == ["de-wever", "van-der-berg", "al-mansouri"]


def test_roles_are_phrases_not_fragments_of_titles():
    body = ("Sen. Dana Whitcombe welcomed the decision. “It is overdue,” Whitcombe said.\n\n"
            "Secretary of State Lorna Field said talks would go on. President Omar Tessel said nothing.\n\n"
            "The interview was conducted by host Lena Hart. Analyst Jonas Weber said it was “too late”.")
    _, table = draft_of(body)
    roles = {info.name: info.role for info in table.actors.values() if info.new and info.kind == "person"}
    assert roles["Dana Whitcombe"] == "Senator"
    assert roles["Lorna Field"] == "Secretary of State"
    assert roles.get("Omar Tessel", "") == ""
    assert roles["Lena Hart"] == "Host"
    assert roles["Jonas Weber"] == "Analyst"


def test_a_colon_sentence_introduces_the_next_paragraphs_quotation():
    body = ("Petra Novak laid out Ruritania's conditions: no withdrawal and binding guarantees.\n\n"
            "“We will not trade our people for a pause in the war.”")
    draft, _ = draft_of(body)
    assert [q.speaker for q in draft.quotes] == ["novak"]
    assert any("introduces" in item for item in draft.review)


def test_a_quotation_after_a_background_paragraph_goes_to_the_speaker_before_it_for_review():
    body = ("“We are ready,” Novak said.\n\n"
            "Shelling continued overnight in the east of the country and several villages lost power.\n\n"
            "“The winter will be hard, but we have been through hard winters before.”")
    draft, _ = draft_of(body)
    assert [q.speaker for q in draft.quotes] == ["novak", "novak"]
    assert any("background paragraph" in item and "winter will be hard" in item for item in draft.review)


def test_the_subject_of_the_reported_clause_is_not_the_speaker():
    body = ("Karl Brandt met Petra Novak in Strelsau on Monday. Afterwards Brandt spoke to reporters.\n\n"
            "He also said Novak “really understood” the Freedonian position.")
    draft, _ = draft_of(body)
    assert [(q.text, q.speaker) for q in draft.quotes] == [("really understood", "brandt")]


def test_a_pronoun_is_not_resolved_to_the_subject_of_its_own_reported_clause():
    body = ("Zelensky spoke to reporters after meeting Karl Brandt.\n\n"
            "He also said Brandt “really understood” the Ukrainian position.")
    draft, _ = draft_of(body)
    assert [(q.text, q.speaker) for q in draft.quotes] == [("really understood", "zelensky")]
    assert any("really understood" in item for item in draft.review)


def test_a_titled_reference_goes_to_the_person_named_in_that_role():
    body = ("Brandt's aide Tomas Rell briefed reporters after the talks. “It was useful,” Rell said.\n\n"
            "Brandt's aide added that no date had been set. “We agreed to keep working,” the aide said.\n\n"
            "The Freedonian spokesman, Ivo Marsh, was asked about Ruritania. "
            "“They are not at the table,” the Freedonian spokesman said.")
    draft, table = draft_of(body)
    rell = next(a for a, name in new_people(table).items() if name == "Tomas Rell")
    marsh = next(a for a, name in new_people(table).items() if name == "Ivo Marsh")
    assert [q.speaker for q in draft.quotes] == [rell, rell, marsh]


def test_an_article_with_speech_but_no_drafted_quotation_says_so():
    body = "Q: Will you go to Strelsau?\n\nA: Yes, next week, if the talks go well.\n"
    draft, _ = draft_of(body)
    assert draft.quotes == []
    assert any("no quotation drafted" in item and "transcript" in item for item in draft.review)


def test_an_article_with_no_speech_has_no_such_note():
    draft, _ = draft_of("The talks resumed on Monday.\n\nNo statement was issued.")
    assert not any("no quotation drafted" in item for item in draft.review)


def test_a_titled_institute_is_nobodys_name():
    body = "Analyst Jonas Weber of the Strelsau Institute for Security Studies said the talks were “stuck”."
    draft, table = draft_of(body)
    assert list(new_people(table).values()) == ["Jonas Weber"]
    assert [q.speaker for q in draft.quotes] == [next(iter(new_people(table)))]


def test_headings_with_colons_in_a_live_blog_are_not_a_transcript():
    body = ("Key Events: talks resumed in Strelsau.\n\nWhat We Know: the delegations met for five hours.\n\n"
            "Latest Updates: “We are close,” Novak said.\n\nKarl Brandt: no comment so far.")
    assert find_transcript(body) is None
    assert [q.speaker for q in draft_of(body)[0].quotes] == ["novak"]


def test_title_case_labels_make_a_transcript_too():
    body = TRANSCRIPT.replace("LENA HART:", "Lena Hart:").replace("PETRA NOVAK:", "Petra Novak:")
    draft, _ = draft_of(body)
    assert [q.speaker for q in draft.quotes] == ["novak", "novak"]


def test_so_called_marks_a_term_even_beside_a_speech_verb():
    body = ("Novak said Ruritania would back measures against the so-called “grey fleet” of tankers. "
            "The region faces a long “armed standoff”.")
    draft, _ = draft_of(body)
    assert draft.quotes == []
    assert any("grey fleet" in item and "armed standoff" in item for item in draft.review)


def test_a_person_introduced_without_a_cue_is_found_when_the_surname_speaks_later():
    body = ("Luxembourg's envoy to the bloc, Claire de la Roche, had questions. "
            "“The text must hold up in court,” de la Roche said.\n\n"
            "Political scientist Tomasz Wierzbicki of the University of Warsaw disagreed. "
            "“Nobody is offering that,” Wierzbicki said.")
    draft, table = draft_of(body)
    people = new_people(table)
    assert sorted(people.values()) == ["Claire de la Roche", "Tomasz Wierzbicki"]
    assert [people[q.speaker] for q in draft.quotes] == ["Claire de la Roche", "Tomasz Wierzbicki"]


def test_a_role_is_read_within_its_own_sentence_and_line():
    body = ("Envoys travelled to Strelsau for talks with President Omar Tessel.\n\n"
            "Freedonian diplomat Ines Varga said the lists were almost ready. “Days, not weeks,” Varga said.\n\n"
            "09:20 GMT\n"
            "Ruritanian analyst Jonas Weber told us the timing was no accident. “It never is,” Weber said.")
    _, table = draft_of(body)
    roles = {info.name: info.role for info in table.actors.values() if info.new and info.kind == "person"}
    assert roles["Ines Varga"] == "Freedonian diplomat"  # not "Tessel. Freedonian diplomat"
    assert roles["Jonas Weber"] == "Ruritanian analyst"  # not "GMT Ruritanian analyst"


def test_a_name_introduced_by_known_as_is_not_a_quotation():
    body = ("In 2024 Ruritania ran a sabotage campaign behind the lines known as “Operation Grey Heron”, "
            "and Freedonia still describes it as proof of bad faith. "
            "“We will not forget it,” Freedonian spokesman Ivo Marsh said.")
    draft, _ = draft_of(body)
    assert [q.text for q in draft.quotes] == ["We will not forget it"]
