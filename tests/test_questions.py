"""Open questions from copy that seldom asks them: each cue, and the grammar of the question.

Sentences here are written for the tests (no wire copy): one per way news leaves a point
open, plus the ways a question used to come out broken (an abbreviation ending it, a
sentence adverb read as the subject, a misparsed "if" clause).
"""

from __future__ import annotations

import re

import pytest

from summarizer import cues, questions
from summarizer.passages import passages
from summarizer.segment import split_sentences

CUES = [
    # explicit uncertainty
    (
        "It was unclear Tuesday whether the ferry strike would end before the holiday.",
        "Would the ferry strike end before the holiday?",
        "explicit",
    ),
    (
        "It is not known who leaked the memo to the harbour board.",
        "Who leaked the memo to the harbour board?",
        "explicit",
    ),
    (
        "It was uncertain when the bridge will reopen to traffic.",
        "When will the bridge reopen to traffic?",
        "explicit",
    ),
    (
        "The mayor did not say whether she knew about the contract.",
        "Did she know about the contract?",
        "explicit",
    ),
    (
        "Conflicting reports indicate the ship was held at the port for two days.",
        "Was the ship held at the port for two days?",
        "conflicting",
    ),
    # withheld details
    (
        "Financial terms of the sale could not be determined.",
        "What are the financial terms of the sale?",
        "withheld",
    ),
    # pending decisions and plans
    (
        "The council is expected to approve the budget at a special session on Oct. 15.",
        "Will the council approve the budget at a special session on Oct. 15?",
        "pending",
    ),
    (
        "The union has yet to decide on the new pay offer.",
        "Will the union decide on the new pay offer?",
        "pending",
    ),
    (
        "The harbour board, meanwhile, plans to ask a judge to block the sale of the pier.",
        "Will the harbour board ask a judge to block the sale of the pier?",
        "pending",
    ),
    # awaited: unsettled states, requests, things not ruled out
    (
        "The impact of the merger on the pending lawsuit is uncertain.",
        "What will be the impact of the merger on the pending lawsuit?",
        "awaited",
    ),
    (
        "The fisherman has applied for compensation for his losses.",
        "Will the fisherman get compensation for his losses?",
        "awaited",
    ),
    (
        "The city hasn't ruled out further cuts to the bus service.",
        "Will there be further cuts to the bus service?",
        "awaited",
    ),
    (
        "No date has been set for the vote on the merger.",
        "When will the vote on the merger take place?",
        "awaited",
    ),
    (
        "The sale is pending approval by regulators.",
        "Will the sale get approval by regulators?",
        "awaited",
    ),
    (
        "The smuggler faces trial next month on four charges of fraud.",
        "What will be the outcome of the smuggler's trial?",
        "awaited",
    ),
    (
        "The minister declined to say when the talks would resume.",
        "When would the talks resume?",
        "explicit",
    ),
    # hedged and conditional outcomes
    (
        "The mayor's coalition could collapse if the small, left-leaning Green Party "
        "votes against her.",
        "Will the mayor's coalition collapse if the small left-leaning Green Party votes "
        "against her?",
        "hedged",
    ),
    # contested claims
    (
        "The ministry denied claims that inspectors had been bribed by the builder.",
        "Had inspectors been bribed by the builder?",
        "contested",
    ),
    # asked outright
    (
        "The tenants' group asked: Who will pay for the repairs to the roof?",
        "Who will pay for the repairs to the roof?",
        "asked",
    ),
]


@pytest.mark.parametrize(("sentence", "question", "kind"), CUES)
def test_each_cue_phrases_its_open_point(sentence: str, question: str, kind: str) -> None:
    found = questions.find(sentence)
    assert [(q.question, q.kind) for q in found] == [(question, kind)]
    # Grounded on the whole sentence that leaves the point open.
    assert found[0].span == (0, len(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "He said the budget could not stretch further.",  # a stance, not an open outcome
        "``We will fight this in every court,'' the union leader said.",  # a quote
        "Where do you stand?",  # rhetoric put to the reader
        "The plan, which he said would work, was approved on Monday.",  # settled
        "Will he win?",  # names nothing the story is about
    ],
)
def test_settled_statements_and_rhetoric_leave_nothing_open(sentence: str) -> None:
    assert questions.find(sentence) == []


WELL_FORMED = re.compile(r"^[A-Z][^?]*\?$")


@pytest.mark.parametrize(("sentence", "question", "kind"), CUES)
def test_questions_are_well_formed(sentence: str, question: str, kind: str) -> None:
    (q,) = questions.find(sentence)
    assert WELL_FORMED.match(q.question)
    # No sentence adverb or broken clause leaks in: "Will meanwhile, ask ...".
    assert not re.search(r"\b(?:meanwhile|however),", q.question)
    assert " the the " not in q.question
    assert len(q.question.split()) <= 26


@pytest.mark.parametrize(
    ("sentence", "ending"),
    [
        ("The council is expected to vote on the plan on Oct. 15.", "on Oct. 15?"),
        ("The tribunal is expected to rule on the claim by Jan.", "by Jan.?"),
        ("The two sides were to sign the accord in the U.S.", "in the U.S.?"),
    ],
)
def test_an_abbreviation_never_ends_a_question_cut_short(sentence: str, ending: str) -> None:
    (q,) = questions.find(sentence)
    assert q.question.endswith(ending)
    assert not q.question.endswith(("Oct?", "Jan?", "U.S?"))


def test_surer_cues_rank_first() -> None:
    unclear = questions.find("It was unclear whether the talks would resume on Friday.")
    hedged = questions.find("The talks could resume on Friday.")
    assert unclear[0].strength < questions.SURE <= hedged[0].strength


TEXT = (
    "The port authority and the dockers' union met on Monday.\n\n"
    "It was unclear whether the talks would resume on Friday.\n\n"
    "The authority did not say whether it would raise its offer.\n\n"
    "The union could strike again in March.\n\n"
    "The minister is expected to visit the port next week.\n"
)


def test_the_brief_keeps_the_sure_questions_when_the_copy_states_them() -> None:
    sentences = split_sentences(TEXT)
    whole = passages(sentences, TEXT)
    found = [c for c in cues.find_claims(whole, [], set()) if c.kinds == ["question"]]
    assert [c.text for c in found] == [
        "Would the talks resume on Friday?",
        "Would it raise its offer?",
    ]
    # Each cites the sentence it comes from.
    for c in found:
        cited = " ".join(s.text for s in sentences if s.id in c.ids)
        assert c.text.split()[-1].rstrip("?") in cited


def test_hedges_fill_in_where_the_copy_states_little() -> None:
    text = "The union could strike again in March.\n\nThe port may close for a week.\n"
    sentences = split_sentences(text)
    found = [
        c.text
        for c in cues.find_claims(passages(sentences, text), [], set())
        if c.kinds == ["question"]
    ]
    assert found == ["Will the union strike again in March?", "Will the port close for a week?"]
    assert len(found) <= cues.MAX_QUESTIONS


@pytest.mark.parametrize(
    ("sentence", "question"),
    [
        (
            "The city could appeal the ruling, and the mayor could resign.",
            "Will the city appeal the ruling, or will the mayor resign?",
        ),
        (
            "The strike could delay exports and could hurt the harvest.",
            "Will the strike delay exports and hurt the harvest?",
        ),
    ],
)
def test_coordinated_clauses_make_one_question(sentence: str, question: str) -> None:
    assert [q.question for q in questions.find(sentence)] == [question]


def test_a_reported_he_is_named_from_the_speaker() -> None:
    (q,) = questions.find("Mr. Okafor said he would consider resigning from the board.")
    assert q.question.startswith("Will Okafor ")
    # No name to give: the pronoun stays rather than a guess.
    (q,) = questions.find("He said he would consider resigning from the board.")
    assert q.question.startswith("Will he ")


def test_an_endless_unpunctuated_run_is_not_parsed() -> None:
    assert questions.find("It was unclear whether the talks would resume " * 300) == []


def test_withheld_details_must_say_what_they_are_about() -> None:
    assert questions.find("It gave no other details.") == []
    (q,) = questions.find("Officials did not give the cost of the repairs.")
    assert q.question == "What is the cost of the repairs?"
