"""Finding quotation spans in raw news text (briefing.importer.quotes)."""

from __future__ import annotations

from briefing.importer.quotes import find_quotes, mask


def texts(body: str) -> list[str]:
    return [q.text for q in find_quotes(body).quotes]


def test_curly_double_quotes_and_the_attribution_comma_dropped():
    body = "“We are ready to talk,” the mayor said. “But not today.”"
    assert texts(body) == ["We are ready to talk", "But not today."]


def test_straight_double_quotes():
    body = 'The envoy said the offer was "generous but late" and left.\n\n"We will answer," he added.'
    assert texts(body) == ["generous but late", "We will answer"]


def test_single_marks_as_the_outer_pair_and_apostrophes_ignored():
    body = "Minister says the deal is ‘almost done’ after the leaders’ meeting in Rome; it’s not signed."
    assert texts(body) == ["almost done"]


def test_straight_single_quotes_in_a_headline():
    assert texts("Envoy says swap could come 'within days' as lists agreed") == ["within days"]


def test_nested_quotation_stays_inside_the_outer_one():
    body = "“She didn’t say ‘never,’ she said ‘not yet,’” the aide recalled."
    assert texts(body) == ["She didn’t say ‘never,’ she said ‘not yet,’"]


def test_partial_quotes_inside_paraphrase_are_quotations():
    body = "The governor called the plan “reckless” and a “gift to the enemy.”"
    assert texts(body) == ["reckless", "gift to the enemy."]


def test_a_quotation_over_several_paragraphs_is_one_span():
    body = ("“The first paragraph ends without a closing mark.\n\n"
            "“The second one closes it,” the senator said.\n\nAfterwards, silence.")
    scan = find_quotes(body)
    assert len(scan.quotes) == 1
    quote = scan.quotes[0]
    assert quote.paragraphs == 2
    assert quote.text.startswith("The first paragraph") and quote.text.endswith("closes it")


def test_an_unclosed_quotation_is_reported_not_kept():
    body = "“This never closes.\n\nA new paragraph with no opening mark."
    scan = find_quotes(body)
    assert scan.quotes == []
    assert scan.unclosed == [0]


def test_title_of_a_show_after_a_possessive_outlet_is_not_a_quotation():
    body = "Speaking on ABC’s “This Week,” the general said the line would hold."
    scan = find_quotes(body)
    assert scan.quotes == []
    assert [t.text for t in scan.titles] == ["This Week"]


def test_title_of_a_book_is_not_a_quotation():
    body = 'In the book "The Long Winter Campaign" the author argued that "no front is ever quiet."'
    assert texts(body) == ["no front is ever quiet."]


def test_capitalised_speech_is_still_a_quotation():
    body = "Protesters chanted “Hands Off Our Harbour” outside the embassy."
    assert texts(body) == ["Hands Off Our Harbour"]


def test_mask_blanks_quotation_contents_but_keeps_offsets_and_final_stop():
    body = "He said “Stop. Now.” Then he left."
    scan = find_quotes(body)
    masked = mask(body, scan.quotes)
    assert len(masked) == len(body)
    assert "Stop" not in masked and "Then he left." in masked
    assert masked[body.index("”") - 1] == "."


def test_plural_possessive_inside_single_marks_does_not_end_the_quotation():
    body = "‘The ministers’ meeting was useful,’ the envoy said."
    assert texts(body) == ["The ministers’ meeting was useful"]


def test_the_name_of_an_operation_or_a_document_is_not_a_quotation():
    body = ("The drones were launched in an operation called “Spiderweb.” A draft known as “Harbour Framework” "
            "circulated, which the minister called “the least bad option.”")
    assert texts(body) == ["the least bad option."]


def test_a_nickname_inside_a_name_is_not_a_quotation():
    assert texts("Commander Oleksandr “Sasha” Brenko said the unit was “tired but holding.”") == [
        "tired but holding."]
