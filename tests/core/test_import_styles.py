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
    assert any("transcript" in item and "LENA HART" in item for item in draft.review)


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
