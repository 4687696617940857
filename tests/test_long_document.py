"""Long documents: sentence-aligned chunks, merged back with offsets into the full text."""

from __future__ import annotations

import itertools
from pathlib import Path

from support.chat_server import ChatServer

from summarizer import Brief, summarize
from summarizer.segment import chunk_sentences, split_sentences

LONG = Path(__file__).resolve().parents[1] / "evals" / "long" / "long-summit.txt"


def test_long_article_is_chunked_and_every_offset_indexes_the_full_text() -> None:
    text = LONG.read_text(encoding="utf-8")
    assert len(text.split()) > 5000
    with ChatServer() as server:
        brief = summarize(
            text, model="local", base_url=server.base_url, context_tokens=2600, strategy="full"
        )
        requests = len(server.requests)
    assert brief.meta.chunks > 5 and requests == brief.meta.chunks
    source = brief.sources[0].text
    spans = brief.all_evidence()
    assert spans and all(source[e.start : e.end] == e.quote for e in spans)
    # Claims come from the whole document, not only from the first chunk.
    assert max(e.start for e in spans) > len(source) * 0.8
    names = [a.name for a in brief.actors]
    assert len(names) == len(set(names)), "actors repeated across chunks were not merged"
    Brief.model_validate_json(brief.model_dump_json())


def test_overlapping_chunks_do_not_duplicate_claims() -> None:
    text = LONG.read_text(encoding="utf-8")
    with ChatServer() as server:
        brief = summarize(
            text, model="local", base_url=server.base_url, context_tokens=2600, strategy="full"
        )
    cited = [tuple(e.start for e in c.evidence) for c in brief.claims()]
    assert len(cited) == len(set(cited)), "a sentence shared by two chunks gave two claims"


def test_chunks_cover_every_sentence_in_order_with_overlap() -> None:
    text = LONG.read_text(encoding="utf-8")
    sentences = split_sentences(text)
    chunks = chunk_sentences(sentences, max_tokens=600, overlap=1)
    covered = sorted({s.id for c in chunks for s in c.sentences})
    assert covered == [s.id for s in sentences]
    for before, after in itertools.pairwise(chunks):
        assert after.ids[0] == before.ids[-1], "consecutive chunks share one sentence"
