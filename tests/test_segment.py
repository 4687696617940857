"""Sentence splitting and chunking: exact offsets, abbreviations, quotes, newlines.

Every later stage cites sentences by id and ``ground.py`` turns ids back into spans,
so an off-by-one here would surface as evidence that does not slice its source. The
property tests check that invariant over arbitrary text, not just news copy.
"""

from __future__ import annotations

import itertools
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.ingest import from_text
from summarizer.segment import (
    MAX_SENTENCE_CHARS,
    Sentence,
    chunk_sentences,
    estimate_tokens,
    number_sentences,
    split_sentences,
    wrap_breaks,
)


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def assert_exact(text: str, sentences: list[Sentence]) -> None:
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_simple_sentences_have_exact_offsets() -> None:
    text = "The union walked out. The board refused to talk! Who will blink first?"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "The union walked out.",
        "The board refused to talk!",
        "Who will blink first?",
    ]
    assert [(s.start, s.end) for s in sentences] == [(0, 21), (22, 48), (49, 70)]
    assert [s.id for s in sentences] == [1, 2, 3]
    assert_exact(text, sentences)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Varga met Dr. Osei on Tuesday. They disagreed.",
            ["Mr. Varga met Dr. Osei on Tuesday.", "They disagreed."],
        ),
        (
            "Prof. Lind and Gen. Haas spoke. Both left early.",
            ["Prof. Lind and Gen. Haas spoke.", "Both left early."],
        ),
        (
            "The U.S. delegation arrived late. Talks began.",
            ["The U.S. delegation arrived late.", "Talks began."],
        ),
        (
            "J. R. Talbot chairs the board. He said little.",
            ["J. R. Talbot chairs the board.", "He said little."],
        ),
        (
            "Acme Corp. and Bolt Ltd. signed. The deal holds.",
            ["Acme Corp. and Bolt Ltd. signed.", "The deal holds."],
        ),
        ("Pay rose 3.5 percent. Unions wanted 8.", ["Pay rose 3.5 percent.", "Unions wanted 8."]),
    ],
)
def test_abbreviations_and_decimals_do_not_end_sentences(text: str, expected: list[str]) -> None:
    assert texts(text) == expected
    assert_exact(text, split_sentences(text))


def test_closing_quote_stays_with_its_sentence() -> None:
    text = 'Falk said: "We will strike." The board said nothing. "Never again!" she added.'
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        'Falk said: "We will strike."',
        "The board said nothing.",
        '"Never again!" she added.',
    ]
    assert_exact(text, sentences)


def test_question_inside_quote_then_lowercase_attribution_is_one_sentence() -> None:
    # A lowercase word after the quote means the attribution continues the sentence.
    text = '"Who pays for this?" asked the mayor. Nobody answered.'
    assert texts(text) == ['"Who pays for this?" asked the mayor.', "Nobody answered."]


def test_newlines_end_sentences_and_headlines() -> None:
    text = "Harbour strike enters third day\n\nBy the city desk\nPilots stayed out. Ships waited."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Harbour strike enters third day",
        "By the city desk",
        "Pilots stayed out.",
        "Ships waited.",
    ]
    assert_exact(text, sentences)


def test_whitespace_is_trimmed_but_offsets_stay_exact() -> None:
    text = "   Leading space here.   \n\n  \t Trailing words   "
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["Leading space here.", "Trailing words"]
    assert sentences[0].start == 3
    assert_exact(text, sentences)


def test_ids_continue_from_first_id_and_carry_the_source() -> None:
    sentences = split_sentences("One here. Two here.", source=2, first_id=11)
    assert [(s.id, s.source) for s in sentences] == [(11, 2), (12, 2)]


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t ") == []


def test_number_sentences_lists_ids_and_collapses_whitespace() -> None:
    sentences = split_sentences("The   union\tstruck. Talks failed.")
    assert number_sentences(sentences) == "[1] The union struck.\n[2] Talks failed."


# Text built from pieces that stress the splitter: abbreviations, quotes, brackets,
# newlines, runs of punctuation, and arbitrary unicode in between.
_PIECES = st.sampled_from(
    [
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        ".",
        "!",
        "?",
        "...",
        '"',
        "'",
        ")",
        "(",
        "]",
        "Mr.",
        "U.S.",
        "e.g.",
        "Dr. Osei",
        "J.",
        "3.5",
        "the",
        "The",
        "union",
        "Union",
        "said",
        "?!",
        ' "',
        '." ',
        "a",
        "Z",
        "é",
        "\u00a0",
        "\r\n",
    ]
)
ARBITRARY = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=80).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(ARBITRARY)
def test_property_sentences_slice_exactly_in_order_without_overlap(text: str) -> None:
    sentences = split_sentences(text)
    previous_end = 0
    for index, s in enumerate(sentences, start=1):
        assert s.id == index
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= previous_end
        previous_end = s.end
    # Nothing but whitespace is lost between sentences.
    covered = "".join(s.text for s in sentences)
    assert "".join(covered.split()) == "".join(text.split())


def _sentences(n: int, words: int = 8) -> list[Sentence]:
    text = " ".join(f"Sentence number {i} has " + "word " * words + "in it." for i in range(n))
    return split_sentences(text)


def test_chunks_respect_budget_and_overlap_by_one() -> None:
    sentences = _sentences(12)
    chunks = chunk_sentences(sentences, max_tokens=60, overlap=1)
    assert len(chunks) > 1
    for before, after in itertools.pairwise(chunks):
        assert after.sentences[0] == before.sentences[-1]
    assert sorted({i for c in chunks for i in c.ids}) == [s.id for s in sentences]


def test_sentence_longer_than_budget_gets_its_own_chunk_uncut() -> None:
    long = "The board " + "really " * 80 + "refused."
    sentences = split_sentences(f"Short one here. {long} Another short one.")
    chunks = chunk_sentences(sentences, max_tokens=30, overlap=1)
    alone = [c for c in chunks if any(s.text == long for s in c.sentences)]
    assert alone and all(len(c.sentences) == 1 for c in alone)
    assert {i for c in chunks for i in c.ids} == {1, 2, 3}


def test_everything_fits_in_one_chunk_when_budget_allows() -> None:
    sentences = _sentences(4)
    chunks = chunk_sentences(sentences, max_tokens=10_000)
    assert len(chunks) == 1 and chunks[0].ids == [1, 2, 3, 4]


def _cost(s: Sentence) -> int:
    return estimate_tokens(s.text) + 3


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=60), min_size=0, max_size=40),
    st.integers(min_value=5, max_value=200),
    st.integers(min_value=0, max_value=2),
)
def test_property_chunks_cover_every_sentence_and_respect_budget(
    lengths: list[int], budget: int, overlap: int
) -> None:
    text = " ".join("Word " + "x" * n + "." for n in lengths)
    sentences = split_sentences(text)
    chunks = chunk_sentences(sentences, budget, overlap=overlap)
    ids = [s.id for s in sentences]
    assert sorted({i for c in chunks for i in c.ids}) == ids
    for chunk in chunks:
        assert chunk.sentences, "no empty chunks"
        assert chunk.ids == sorted(chunk.ids)
        # Consecutive ids: a chunk is a run of the article, never a jumble.
        assert chunk.ids == list(range(chunk.ids[0], chunk.ids[-1] + 1))
        if len(chunk.sentences) > 1:
            assert sum(_cost(s) for s in chunk.sentences) <= budget
    assert [c.index for c in chunks] == list(range(len(chunks)))


# ---------------------------------------------------------------- length cap


def test_a_megabyte_line_without_sentence_end_becomes_bounded_pieces() -> None:
    words = ("pay", "talks", "union", "board", "strike", "port")
    text = " ".join(words[i % len(words)] + str(i % 7) for i in range(200_000))
    assert len(text) > 1_000_000
    sentences = split_sentences(text)
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert len(sentences) >= len(text) // MAX_SENTENCE_CHARS
    assert_exact(text, sentences)
    for s in sentences[:-1]:  # cut at whitespace, in the second half of the cap
        assert text[s.end].isspace()
        assert len(s.text) > MAX_SENTENCE_CHARS // 2
    assert "".join(s.text for s in sentences).replace(" ", "") == text.replace(" ", "")


def test_a_run_without_whitespace_is_cut_exactly_at_the_cap() -> None:
    text = "Short one here. " + "X" * 5_000 + " done."
    sentences = split_sentences(text)
    assert [len(s.text) for s in sentences] == [15, 2_000, 2_000, 1_006]
    assert_exact(text, sentences)


def test_sentences_under_the_cap_are_untouched() -> None:
    text = "A " + "long " * 390 + "sentence ends here. Next."
    sentences = split_sentences(text)
    assert len(sentences[0].text) < MAX_SENTENCE_CHARS
    assert texts(text) == [text[: text.index(" Next")], "Next."]


# ---------------------------------------------------------------- hard-wrapped text

ROOT = Path(__file__).resolve().parents[1]
SUITE_ARTICLES = sorted(ROOT.glob("evals/suites/*/*.txt"))
DUC = ROOT.parent / "shared" / "data" / "duc-dev" / "articles"


def hard_wrap(text: str, *, indent: bool = False, width: int = 70) -> str:
    """The wire-copy twin of a one-paragraph-per-line article: title, blank line, then
    paragraphs wrapped at ``width`` with a trailing space on every line, separated by a
    blank line or (``indent``) starting with an indented line."""
    head, *paragraphs = text.strip().split("\n\n")
    wrapped = []
    for paragraph in paragraphs:
        lines = textwrap.wrap(
            " ".join(paragraph.split()),
            width=width,
            initial_indent="   " if indent else "",
            break_on_hyphens=False,
        )
        wrapped.append("\n".join(line + " " for line in lines))
    return head + "\n\n" + ("\n" if indent else "\n\n").join(wrapped) + "\n"


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("indent", [False, True], ids=["blank-lines", "indented"])
@pytest.mark.parametrize("path", SUITE_ARTICLES, ids=lambda p: p.stem)
def test_hard_wrapped_twin_gives_the_same_sentences(path: Path, indent: bool) -> None:
    original = from_text(path.read_text(encoding="utf-8")).text
    wrapped = from_text(hard_wrap(original, indent=indent)).text
    assert max(len(line) for line in wrapped.split("\n")[1:]) <= 73  # really wrapped
    plain, twin = split_sentences(original), split_sentences(wrapped)
    assert [_flat(s.text) for s in twin] == [_flat(s.text) for s in plain]
    assert_exact(wrapped, twin)
    assert any("\n" in s.text for s in twin)  # sentences keep their line breaks


@pytest.mark.parametrize("path", SUITE_ARTICLES, ids=lambda p: p.stem)
def test_hard_wrapped_twin_gives_the_same_heuristic_claims(path: Path) -> None:
    from summarizer import summarize

    original = path.read_text(encoding="utf-8")
    wrapped = hard_wrap(original)
    plain, twin = summarize(original, model="heuristic"), summarize(wrapped, model="heuristic")
    assert twin.sources[0].title == plain.sources[0].title

    def claims(brief: Any) -> list[tuple[str, ...]]:
        return sorted(
            (
                type(c).__name__,
                _flat(c.model_dump_json(exclude={"evidence"})),
                *(_flat(e.quote) for e in c.evidence),
            )
            for c in brief.claims()
        )

    assert claims(twin) == claims(plain)
    text = twin.sources[0].text
    for claim in twin.claims():
        for ev in claim.evidence:
            assert text[ev.start : ev.end] == ev.quote


def test_short_lines_in_wrapped_text_still_end_where_they_end() -> None:
    text = (
        "Strike talks resume\n"
        "By the city desk\n"
        "Dockworkers at the port voted on Tuesday to extend their strike for a\n"
        "second week after talks with the port authority broke up without any\n"
        "agreement, union officials said.\n"
        "   The authority said it would not raise its offer of three percent on\n"
        "pay this year and urged the union to return to the table at once.\n"
        "Demands:\n"
        "- a five percent rise\n"
        "- shorter night shifts for every crane driver working at the port\n"
        "The mediator, a retired judge, said she would call both sides back to\n"
        "the table next week"
    )
    assert texts(text) == [
        "Strike talks resume",
        "By the city desk",
        "Dockworkers at the port voted on Tuesday to extend their strike for a\n"
        "second week after talks with the port authority broke up without any\n"
        "agreement, union officials said.",
        "The authority said it would not raise its offer of three percent on\n"
        "pay this year and urged the union to return to the table at once.",
        "Demands:",
        "- a five percent rise",
        "- shorter night shifts for every crane driver working at the port",
        "The mediator, a retired judge, said she would call both sides back to\n"
        "the table next week",
    ]
    assert_exact(text, split_sentences(text))


def test_unwrapped_lines_are_never_joined() -> None:
    # One paragraph per line (web copy): long, ragged lines; every break is a boundary.
    text = "\n".join(
        f"Paragraph {i} says the talks {'went on and on ' * (i * 3 % 17 + 1)}without end"
        for i in range(1, 9)
    )
    assert len(split_sentences(text)) == 8
    assert not wrap_breaks(text)


@pytest.mark.skipif(not DUC.exists(), reason="shared duc-dev data not present")
def test_real_wire_copy_segments_across_wraps() -> None:
    """40 AP/NYT stories wrapped at ~70 columns: sentences end in punctuation, not at
    line ends, and no line-wrap fragment starts in lower case."""
    for path in sorted(DUC.glob("*.txt")):
        text = from_text(path.read_text(encoding="utf-8")).text
        sentences = split_sentences(text)
        assert_exact(text, sentences)
        lines = text.count("\n") + 1
        assert len(sentences) < lines, path.name
        for s in sentences:
            assert not s.text[0].islower(), (path.name, s.text[:60])
            assert s.text.rstrip("'\"`)").endswith((".", "!", "?", ":")), (path.name, s.text)


@pytest.mark.skipif(not DUC.exists(), reason="shared duc-dev data not present")
def test_real_wire_copy_has_no_title_from_its_first_wrapped_line() -> None:
    for path in sorted(DUC.glob("*.txt")):
        assert from_text(path.read_text(encoding="utf-8")).title is None, path.name


@pytest.mark.parametrize("path", SUITE_ARTICLES, ids=lambda p: p.stem)
def test_team_written_articles_keep_their_headline_as_title(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert from_text(text).title == text.split("\n", 1)[0].strip()
