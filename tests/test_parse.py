"""The parse the offline cues read: packaged model, offsets kept across line breaks, one
pipeline shared safely by threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from summarizer.parse import entities, parse

WRAPPED = (
    "The mayor of Eastport, Dana Whitfield, said on Monday that the\nunion would return to talks."
)


def test_line_breaks_read_as_spaces_with_offsets_kept() -> None:
    doc = parse(WRAPPED)
    assert len(doc.text) == len(WRAPPED)
    for tok in doc:
        assert WRAPPED[tok.idx : tok.idx + len(tok.text)] == tok.text
    said = next(t for t in doc if t.lemma_ == "say")
    # The clause after the wrap still hangs from "said": the wrap did not split the parse.
    assert any(c.dep_ == "ccomp" and c.lemma_ == "return" for c in said.children)


def test_entities_give_exact_spans() -> None:
    found = entities(WRAPPED)
    assert ("Dana Whitfield", "PERSON") in {(t, lab) for t, lab, _, _ in found}
    for surface, _, start, end in found:
        assert WRAPPED[start:end] == surface


def test_threads_get_the_same_parse_as_one_thread() -> None:
    texts = [f"Negotiator number {i} said the offer of {i} percent was too low." for i in range(40)]
    serial = [[(t.text, t.dep_, t.head.i) for t in parse.__wrapped__(x)] for x in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(
            pool.map(lambda x: [(t.text, t.dep_, t.head.i) for t in parse.__wrapped__(x)], texts)
        )
    assert threaded == serial


def test_a_megabyte_line_is_tokenised_not_parsed() -> None:
    line = "the talks went on and on " * 48_000  # 1.2 MB with no sentence end
    doc = parse(line)
    assert len(doc.text) == len(line)
    assert not doc.ents and not doc.has_annotation("DEP")
