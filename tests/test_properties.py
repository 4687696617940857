"""Property tests: ingest, segmentation, grounding and the heuristic pipeline on any text.

Whatever the text (control characters, odd newlines, surrogates, emoji, fragments of real
articles shuffled with noise), nothing crashes with anything but an InputError, and
every offset slices its text exactly. Example counts are bounded so the module runs in
well under 30 seconds.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer import Brief, InputError, summarize
from summarizer.ground import evidence_for
from summarizer.ingest import from_text
from summarizer.segment import split_sentences

ROOT = Path(__file__).resolve().parents[1]
_ARTICLE = (ROOT / "evals/suites/core/dockworkers-strike-wire.txt").read_text(encoding="utf-8")
_INJECTED = (ROOT / "evals/suites/adversarial/ferry-strike-ignore-instructions.txt").read_text(
    encoding="utf-8"
)
REAL_SENTENCES = [s.text for s in split_sentences(_ARTICLE + "\n\n" + _INJECTED)]

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIPELINE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any text at all, weighted towards the characters that stress splitting and cleaning.
awkward_chars = st.sampled_from(
    [
        *".!?\"'()[]“”‘’«»…—-,;:\n\r\t \x00\x0b\x0c\x1c\x85\u2028\u2029\ufeff\u200b\ud800",
        "Mr.",
        "U.S.",
        "e.g.",
        "\r\n",
        "\n\n",
        '?"',
        ".'",
        "é",
        "ß",
        "ﬁ",
        "Å",
        "😀",
        "中",
    ]
)
any_text = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(awkward_chars, st.text(max_size=8)), max_size=80).map("".join),
)
# Article-like text: real sentences (claims, names, a planted instruction) mixed with noise.
article_like = st.lists(
    st.one_of(st.sampled_from(REAL_SENTENCES), any_text), min_size=1, max_size=12
).map(lambda parts: " ".join(parts))
texts = st.one_of(any_text, article_like, article_like)  # twice: more briefs with claims


def _assert_sliced(brief: Brief) -> None:
    for claim in brief.claims():
        assert claim.evidence
        for ev in claim.evidence:
            assert brief.sources[ev.source].text[ev.start : ev.end] == ev.quote
    for contradiction in brief.contradictions:
        for side in contradiction.sides:
            for ev in side.evidence:
                assert brief.sources[ev.source].text[ev.start : ev.end] == ev.quote


@PROPERTY
@given(texts)
def test_from_text_cleans_or_refuses(text: str) -> None:
    try:
        source = from_text(text)
    except InputError:
        return
    assert source.text and source.text == source.text.strip()
    assert "\r" not in source.text and "\x00" not in source.text
    source.text.encode("utf-8")  # no lone surrogates survive
    assert from_text(source.text).text == source.text, "cleaning is idempotent"


@PROPERTY
@given(texts, st.integers(0, 3), st.integers(1, 50))
def test_split_sentences_offsets_slice_exactly(text: str, source: int, first_id: int) -> None:
    sentences = split_sentences(text, source=source, first_id=first_id)
    previous_end = 0
    for index, s in enumerate(sentences):
        assert s.id == first_id + index and s.source == source
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert previous_end <= s.start < s.end <= len(text)
        previous_end = s.end
    # Nothing but whitespace falls between the sentences.
    covered = "".join(s.text for s in sentences)
    assert "".join(text.split()) == "".join(covered.split())


@PROPERTY
@given(st.lists(texts, min_size=1, max_size=3), st.lists(st.integers(-5, 80), max_size=20))
def test_evidence_for_slices_every_source_exactly(raw: list[str], ids: list[int]) -> None:
    sources = []
    for text in raw:
        try:
            sources.append(from_text(text))
        except InputError:
            continue
    sentences = []
    for index, src in enumerate(sources):
        sentences += split_sentences(src.text, source=index, first_id=len(sentences) + 1)
    by_id = {s.id: s for s in sentences}
    spans = evidence_for(ids, by_id, sources)
    assert len(spans) == len({i for i in ids if i in by_id}), "unknown ids are skipped"
    for ev in spans:
        assert sources[ev.source].text[ev.start : ev.end] == ev.quote


@PIPELINE
@given(texts)
def test_heuristic_summarize_briefs_or_refuses(text: str) -> None:
    try:
        brief = summarize(text, model="heuristic")
    except InputError:
        return
    Brief.model_validate(brief.model_dump())  # still valid after a round trip
    _assert_sliced(brief)
    assert brief.sources[0].text == from_text(text).text
