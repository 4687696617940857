"""The strategy seam: one choice, one protocol, fallbacks returned rather than stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.chat_server import ChatServer

from summarizer import summarize
from summarizer.settings import Settings, resolve_settings
from summarizer.strategies import strategy_for
from summarizer.strategies.full import FullStrategy
from summarizer.strategies.guided import GuidedStrategy
from summarizer.strategies.heuristic import HeuristicStrategy

ARTICLE = (Path(__file__).resolve().parents[1] / "examples" / "harbour-strike.txt").read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize(
    ("settings", "kind"),
    [
        (Settings(), GuidedStrategy),
        (Settings(provider="openai", model="m"), FullStrategy),
        (Settings(provider="heuristic", model="heuristic"), HeuristicStrategy),
    ],
)
def test_the_settings_choose_the_strategy(settings: Settings, kind: type) -> None:
    chosen = strategy_for(settings)
    assert isinstance(chosen, kind) and chosen.name == settings.effective_strategy


def test_labels_the_model_fails_to_give_fall_back_and_are_counted() -> None:
    with ChatServer() as server:
        settings = resolve_settings(
            model="local", base_url=server.base_url, env={}, strategy="guided"
        )
        good = summarize(ARTICLE, settings=settings)
        asked = len(server.requests)
        server.fail_next(*["bad_schema"] * 1000)  # every label answer breaks its schema
        fallen = summarize(ARTICLE, settings=settings)
    assert asked > 0 and good.meta.fallbacks == 0
    # Each label is asked twice (one re-ask), then the cues' choice stands.
    assert fallen.meta.fallbacks == asked and len(server.requests) == 3 * asked
    assert len(fallen.claims()) == len(good.claims())
