"""Reconciliation by a model, against a loopback chat server: ids resolve or it re-asks."""

from __future__ import annotations

import asyncio
import json
import re
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from support.chat_server import ChatServer, requested_schema

from summarizer import cues
from summarizer.caller import Caller
from summarizer.ground import ground
from summarizer.merge import merge
from summarizer.schema import Source
from summarizer.segment import split_sentences
from summarizer.settings import resolve_settings
from summarizer.strategies.base import SourceJob
from summarizer.strategies.heuristic import HeuristicStrategy
from summarizer.strategies.reconcile import ReconcileContext, Reconciled, reconcile_with_model

TEAM = Path(__file__).resolve().parent.parent / "evals" / "stories" / "team"
_ITEM = re.compile(r"^([cs]\d+b*) \[report (\d+)[^\]]*\] (\w+(?: \w+)?)(?: ([^:|]+):)?", re.M)


class Judge:
    """Plays a model: groups claims of one party across reports, and opposes the first
    two flagged sentences of different reports; the first answer cites an unknown id."""

    def __init__(self, bad_first: bool = True) -> None:
        self.calls = 0
        self.bad_first = bad_first

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        name, _ = requested_schema(request)
        assert name == "Reconciled"
        self.calls += 1
        text = next(m["content"] for m in request["messages"] if m["role"] == "user")
        items = _ITEM.findall(text)
        if self.calls == 1 and self.bad_first:
            return {"groups": [{"claims": ["c1", "c999"]}], "contradictions": []}
        by_party: dict[str, list[tuple[str, int]]] = {}
        for sid, report, _, party in items:
            if sid.startswith("c") and party:
                by_party.setdefault(party.strip(), []).append((sid, int(report)))
        groups = [
            {"claims": [i for i, _ in members]}
            for members in by_party.values()
            if len({r for _, r in members}) > 1
        ]
        sentences = [(sid, int(r)) for sid, r, _, _ in items if sid.startswith("s")]
        pairs = [
            {"a": a, "b": b, "kind": "figures", "topic": "planted", "note": "test"}
            for (a, ra), (b, rb) in pairwise(sentences)
            if ra != rb
        ][:1]
        return {"groups": groups, "contradictions": pairs}


def _story(name: str):
    sources = [
        Source(text=(TEAM / name / f"{x}.txt").read_text(encoding="utf-8"), published=d)
        for x, d in (("A", "2026-03-05"), ("B", "2026-03-04"))
    ]
    jobs, first = [], 1
    for i, src in enumerate(sources):
        sentences = split_sentences(src.text, source=i, first_id=first)
        first += len(sentences)
        jobs.append(SourceJob(sentences, src.text, None, cues.analyse(sentences, src.text)))
    settings = resolve_settings(model="heuristic")
    caller = Caller(settings)
    results = [asyncio.run(HeuristicStrategy().run(job, caller)) for job in jobs]
    drafts = [d for r in results for d in r.drafts]
    return sources, [s for j in jobs for s in j.sentences], drafts


def _caller(server: ChatServer) -> Caller:
    settings = resolve_settings(model="capable", base_url=server.base_url, api_key="k")
    return Caller(settings)


def test_unknown_ids_are_re_asked_and_the_answer_is_grounded() -> None:
    sources, sentences, drafts = _story("harbour-pay")
    judge = Judge()
    with ChatServer(judge) as server:
        caller = _caller(server)
        decided = asyncio.run(reconcile_with_model(caller, drafts, sentences, sources))
    assert judge.calls == 2  # the unknown id c999 went back as a re-ask
    assert decided.method == "model"
    assert decided.groups and decided.conflicts
    prompt_text = server.requests[-1]["messages"][1]["content"]
    assert "report 1, 2026-03-05" in prompt_text
    story = merge(drafts, sentences, sources, decided=decided)
    grounded = ground(story, sentences, sources)
    assert grounded.contradictions
    for c in grounded.contradictions:
        assert len({s.source for s in c.sides}) == 2
        # Dated sources: the earlier report (B, 4 March) comes first.
        assert c.sides[0].source == 1
        for side in c.sides:
            for ev in side.evidence:
                assert sources[ev.source].text[ev.start : ev.end] == ev.quote
    assert any(
        len({e.source for e in p.evidence}) == 2 for p in [*grounded.positions, *grounded.demands]
    )


def test_a_model_that_keeps_failing_leaves_the_lexical_reconciliation() -> None:
    sources, sentences, drafts = _story("harbour-pay")

    def broken(request: dict[str, Any]) -> dict[str, Any]:
        return {"groups": [{"claims": ["c999", "c1"]}], "contradictions": []}

    with ChatServer(broken) as server:
        decided = asyncio.run(reconcile_with_model(_caller(server), drafts, sentences, sources))
    assert decided.method == "lexical"
    assert len(decided.conflicts) == 2


def test_validators_reject_same_report_pairs_and_claims_in_two_groups() -> None:
    ctx = {"reconcile": ReconcileContext(source_of={"c1": 0, "c2": 1, "c3": 0, "s9": 1})}
    ok = {"groups": [{"claims": ["c1", "c2"]}], "contradictions": []}
    assert Reconciled.model_validate(ok, context=ctx).groups[0].claims == ["c1", "c2"]
    bad = [
        {"groups": [], "contradictions": [{"a": "c1", "b": "c3", "kind": "denial", "topic": "t"}]},
        {"groups": [{"claims": ["c1", "c2"]}, {"claims": ["c2", "c3"]}], "contradictions": []},
        {"groups": [{"claims": ["c1"]}], "contradictions": []},
        {"groups": [{"claims": ["c1", "s9"]}], "contradictions": []},
        {"groups": [], "contradictions": [{"a": "c1", "b": "c2", "kind": "rumour", "topic": "t"}]},
    ]
    for answer in bad:
        with pytest.raises(ValidationError):
            Reconciled.model_validate(answer, context=ctx)
    json.dumps(Reconciled.model_json_schema())  # the schema the model is sent


def test_the_model_reconciliation_replays_from_a_cassette(tmp_path: Path) -> None:
    from summarizer.evaluate.cassette import CassetteStore

    sources, sentences, drafts = _story("border-talks")
    path = tmp_path / "reconcile.json"
    with ChatServer(Judge(bad_first=False)) as server:
        settings = resolve_settings(model="capable", base_url=server.base_url, api_key="k")
        with CassetteStore(path, mode="record") as store:
            recorded = asyncio.run(
                reconcile_with_model(Caller(settings, store), drafts, sentences, sources)
            )
        calls = len(server.requests)
    assert recorded.method == "model" and calls == 1
    # Replayed with no server at all: the same answer, from the cassette.
    with CassetteStore(path, mode="replay") as store:
        replayed = asyncio.run(
            reconcile_with_model(Caller(settings, store), drafts, sentences, sources)
        )
    assert replayed == recorded


def test_a_cassette_miss_is_not_hidden_by_the_lexical_fallback(tmp_path: Path) -> None:
    from summarizer.errors import CassetteMissError
    from summarizer.evaluate.cassette import CassetteStore

    sources, sentences, drafts = _story("border-talks")
    path = tmp_path / "empty.json"
    path.write_text("{}", encoding="utf-8")
    settings = resolve_settings(model="capable", base_url="http://127.0.0.1:9/v1", api_key="k")
    with CassetteStore(path, mode="replay") as store, pytest.raises(CassetteMissError):
        asyncio.run(reconcile_with_model(Caller(settings, store), drafts, sentences, sources))
