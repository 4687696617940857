"""An actor is a party the article names, as a whole word: no invented names, no substrings.

The rule is enforced where a model's answer is validated (``DraftActor``), so it is tested
the way a model meets it: a loopback server answers with the actor, and the brief that
comes back (or the re-ask the server receives) is checked.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from support.chat_server import ChatServer, default_responder, requested_schema

from summarizer import ExtractionError, Limits, summarize
from summarizer.mentions import occurs

FAST = Limits(request_timeout_s=5.0, transport_max_wait_s=0.2, transport_total_s=10.0)
ARTICLE = (
    "Shipments queued at the border for a third day on Tuesday. The board of Halden Freight "
    "said the delays were costing it money. Minister Olga Brandt told reporters the customs "
    "checks would stay. It is unclear whether the checks will be lifted before the holiday."
)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("EU", "Shipments queued at the border.", False),
        ("EU", "The EU said so.", True),
        ("Ana", "A banana crate.", False),
        ("Zürich", "Traders in Zürich's old town.", True),
        ("Olga Brandt", "Minister Olga\nBrandt said", True),
        ("the board", "The board of Halden said", True),
        ("Brandt", "Brandtner said", False),
        ("", "anything", False),
    ],
)
def test_a_name_occurs_only_as_a_whole_word(name: str, text: str, expected: bool) -> None:
    assert occurs(name, text) is expected


class ActorPlanter:
    """The default draft, plus one extra actor with a claim on a real sentence."""

    def __init__(self, actor: dict[str, Any], times: int | None = None) -> None:
        self.actor = actor
        self.times = times
        self.planted = 0

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        answer = default_responder(request)
        name, _ = requested_schema(request)
        if name != "Draft" or (self.times is not None and self.planted >= self.times):
            return answer
        self.planted += 1
        answer["actors"].append(dict(self.actor))
        answer["positions"].append(
            {"actor": self.actor["id"], "stance": "Delays cost money.", "sentences": [2]}
        )
        return answer


def _brief(server: ChatServer):
    return summarize(ARTICLE, model="local", base_url=server.base_url, strategy="full", limits=FAST)


def test_an_invented_name_with_a_real_alias_keeps_only_the_real_form() -> None:
    planted = {"id": "zorblax", "name": "Zorblax Industries", "aliases": ["the board"]}
    with ChatServer(ActorPlanter(planted)) as server:
        brief = _brief(server)
    dump = brief.model_dump_json()
    assert "Zorblax" not in dump
    actor = brief.actor("zorblax")
    assert actor.name.casefold() == "the board" and actor.aliases == [actor.name]


def test_a_name_found_only_inside_another_word_is_reasked() -> None:
    planted = {"id": "eu", "name": "EU", "kind": "organisation", "aliases": []}
    with ChatServer(ActorPlanter(planted, times=1)) as server:
        brief = _brief(server)
        requests = list(server.requests)
    assert len(requests) == 2, "the answer naming 'EU' was sent back"
    assert "'EU' does not appear in the article" in json.dumps(requests[1]["messages"])
    assert all(a.name != "EU" for a in brief.actors)


def test_a_model_that_insists_on_an_unnamed_actor_fails_cleanly() -> None:
    planted = {"id": "eu", "name": "EU", "kind": "organisation", "aliases": ["Eu"]}
    with ChatServer(ActorPlanter(planted)) as server, pytest.raises(ExtractionError) as info:
        _brief(server)
    assert info.value.exit_code == 9 and "\n" not in str(info.value)
