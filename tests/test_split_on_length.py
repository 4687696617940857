"""Output length never loses a brief: a cut-off answer splits its chunk in two.

``CappedServer`` honours ``max_tokens`` the way a real server does (the answer is cut
at the limit, ``finish_reason=length``), and its answers are wordier than the chunk
planner's estimate, so planned chunks really are cut off and must be split.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support.chat_server import ChatServer, draft_for

from summarizer import Brief, OutputLengthError, TokenBudgetError, summarize
from summarizer.schema import Usage
from summarizer.segment import split_sentences
from summarizer.settings import Limits, Settings, resolve_settings
from summarizer.store import MemoryStore
from summarizer.strategies.full import plan_chunks, sentences_per_chunk

ARTICLE = (Path(__file__).resolve().parents[1] / "examples" / "harbour-strike.txt").read_text(
    encoding="utf-8"
)
#: Each answer repeats the chunk's sentences this often in its summary: about 150 output
#: tokens a sentence, more than twice the planner's estimate of 60.
WORDY = 5


def wordy_responder(request: dict[str, Any]) -> dict[str, Any]:
    """A full Draft whose size grows with the sentences shown, faster than planned."""
    text = "\n".join(m["content"] for m in request.get("messages", []) if m["role"] == "user")
    draft = draft_for(text)
    shown = [line.split("] ", 1)[1] for line in text.splitlines() if line.startswith("[")]
    draft["summary"] = " ".join(shown * WORDY)
    return draft


class CappedServer(ChatServer):
    """A chat server that cuts every answer at ``max_tokens`` (four characters a token,
    as its usage counts them) and then says ``finish_reason=length``."""

    def __init__(self) -> None:
        super().__init__(wordy_responder)
        self.sent_usage: list[dict[str, int]] = []
        self.cut = 0

    def completion(self, request: dict[str, Any], fault: str) -> dict[str, Any]:
        body = super().completion(request, fault)
        choice, limit = body["choices"][0], request.get("max_tokens")
        holder = (choice["message"].get("tool_calls") or [{}])[0].get("function")
        field = "arguments" if holder else "content"
        holder = holder or choice["message"]
        if limit and len(holder[field]) // 4 > limit:
            holder[field] = holder[field][: limit * 4]
            choice["finish_reason"] = "length"
            usage = body["usage"]
            usage["completion_tokens"] = limit
            usage["total_tokens"] = usage["prompt_tokens"] + limit
            with self._lock:
                self.cut += 1
        with self._lock:
            self.sent_usage.append(body["usage"])
        return body


def _settings(server: ChatServer, **options: Any) -> Settings:
    return resolve_settings(
        model="local", base_url=server.base_url, env={}, strategy="full", **options
    )


def _claims(brief: Brief) -> list[str]:
    return sorted(json.dumps(c.model_dump(mode="json"), sort_keys=True) for c in brief.claims())


def _usage(server: CappedServer) -> Usage:
    total = Usage()
    for u in server.sent_usage:
        total = total + Usage(**u, calls=1)
    return total


def test_a_cut_off_chunk_is_split_and_the_brief_loses_nothing() -> None:
    with CappedServer() as roomy:
        whole = summarize(
            ARTICLE, settings=_settings(roomy, max_output_tokens=20_000, context_tokens=100_000)
        )
    assert roomy.cut == 0 and whole.meta.chunks == 1
    with CappedServer() as capped:
        brief = summarize(ARTICLE, settings=_settings(capped, max_output_tokens=600))
    assert capped.cut > 0, "the cap must cut some planned chunk, or nothing is tested"
    assert brief.meta.chunks == len(capped.requests) - capped.cut
    # Every claim of the uncut answer survives splitting, with the same evidence.
    assert _claims(brief) == _claims(whole)
    assert {a.id for a in brief.actors} == {a.id for a in whole.actors}
    # Usage is summed over every request, the cut-off ones included.
    assert brief.meta.usage == _usage(capped)
    assert brief.meta.attempts == len(capped.requests)


def test_a_replay_splits_exactly_as_the_recorded_run_did() -> None:
    store = MemoryStore()
    with CappedServer() as capped:
        settings = _settings(capped, max_output_tokens=600)
        recorded = summarize(ARTICLE, settings=settings, store=store)
    assert capped.cut > 0
    replay = MemoryStore(replay_only=True)
    replay.items = dict(store.items)
    # The server is gone: every answer, the cut-off ones too, comes from the store.
    replayed = summarize(ARTICLE, settings=settings, store=replay)
    assert replayed.model_dump(exclude={"meta"}) == recorded.model_dump(exclude={"meta"})
    assert replayed.meta.usage == recorded.meta.usage
    assert replayed.meta.cached_calls == len(capped.requests)


def test_one_sentence_whose_answer_does_not_fit_is_a_clean_error() -> None:
    capped = CappedServer()
    with capped, pytest.raises(OutputLengthError, match="alone does not fit") as info:
        summarize(ARTICLE, settings=_settings(capped, max_output_tokens=60, concurrency=1))
    err = info.value
    assert err.exit_code == 14 and "\n" not in str(err)
    assert err.usage["calls"] >= 1 and err.usage["total_tokens"] > 0


def test_splitting_is_held_to_the_token_budget() -> None:
    capped = CappedServer()
    limits = Limits(token_budget=500)
    settings = _settings(capped, max_output_tokens=600, concurrency=1, limits=limits)
    with capped, pytest.raises(TokenBudgetError, match="token budget of 500"):
        summarize(ARTICLE, settings=settings)


@pytest.mark.parametrize("max_output", [100, 260, 500, 4096])
def test_chunks_planned_by_output_cover_each_sentence_once(max_output: int) -> None:
    long = (Path(__file__).resolve().parents[1] / "evals" / "long" / "long-summit.txt").read_text(
        encoding="utf-8"
    )
    sentences = split_sentences(long)
    settings = Settings(provider="openai", model="m", max_output_tokens=max_output)
    chunks = plan_chunks(sentences, settings)
    most = sentences_per_chunk(max_output)
    assert all(1 <= len(c) <= most for c in chunks)
    ids = [s.id for c in chunks for s in c]
    # Every sentence, in order; at most one shared between neighbours; no chunk twice.
    assert sorted(set(ids)) == [s.id for s in sentences] and ids == sorted(ids)
    assert len(ids) - len(set(ids)) <= len(chunks) - 1
    assert len({tuple(s.id for s in c) for c in chunks}) == len(chunks)
