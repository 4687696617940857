"""Settings: plain frozen values, defaults in one place, the strategy decided once."""

from __future__ import annotations

import pytest

from summarizer import ConfigError
from summarizer.settings import (
    ENDPOINT_CONTEXT_TOKENS,
    ENDPOINT_MAX_OUTPUT_TOKENS,
    Settings,
    resolve_settings,
)

URL = "http://127.0.0.1:9/v1"


def test_endpoint_and_embedded_budgets() -> None:
    endpoint = resolve_settings(model="m", base_url=URL, env={})
    assert endpoint.effective_max_output_tokens == ENDPOINT_MAX_OUTPUT_TOKENS == 4096
    assert endpoint.effective_context_tokens == ENDPOINT_CONTEXT_TOKENS == 16_000
    embedded = resolve_settings(model="smollm2-135m-instruct", env={})
    assert embedded.effective_context_tokens == 2048
    assert embedded.effective_max_output_tokens == 1200  # the small model keeps a small budget
    raised = resolve_settings(model="m", base_url=URL, env={}, max_output_tokens=8000)
    assert raised.effective_max_output_tokens == 8000
    # A window set smaller than the default budget keeps half of it for the prompt.
    small = resolve_settings(model="m", base_url=URL, env={}, context_tokens=2600)
    assert small.effective_max_output_tokens == 1300


@pytest.mark.parametrize(
    ("settings", "strategy"),
    [
        (Settings(), "guided"),
        (Settings(provider="openai", model="m"), "full"),
        (Settings(provider="openai", model="m", strategy="guided"), "guided"),
        (Settings(strategy="heuristic"), "heuristic"),
        (resolve_settings(model="heuristic", env={}), "heuristic"),
        (resolve_settings(model="heuristic", env={}, strategy="full"), "heuristic"),
    ],
)
def test_the_strategy_is_decided_in_one_place(settings: Settings, strategy: str) -> None:
    assert settings.effective_strategy == strategy


@pytest.mark.parametrize("bad", [{"concurrency": 0}, {"max_output_tokens": 0}])
def test_nonsense_limits_are_config_errors(bad: dict[str, int]) -> None:
    with pytest.raises(ConfigError):
        resolve_settings(model="m", base_url=URL, env={}, **bad)
