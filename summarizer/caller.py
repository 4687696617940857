"""The Caller: every model request goes through here, and through the response store first.

The store (the SQLite cache in batch runs, a cassette in eval runs) is consulted before a
model is woken, so caching and record/replay live in one place. Prompt hashes, usage
summed over every attempt, and model time are accounted here for the brief's metadata.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from summarizer import prompt
from summarizer.errors import CassetteMissError
from summarizer.providers import ModelClient, make_client
from summarizer.schema import PromptRef, Usage
from summarizer.settings import Settings
from summarizer.store import response_key


def shared_client(settings: Settings) -> ModelClient:
    """One client per settings (the store is not part of their equality), reused across
    briefs: building an OpenAI client loads the TLS roots, ~50 ms of CPU that serialises
    concurrent batch workers on the GIL. The SDK client is thread-safe."""
    try:
        hash(settings)
    except TypeError:  # settings holding something unhashable: no sharing, still correct
        return make_client(settings)
    return _client_for(settings)


@lru_cache(maxsize=8)
def _client_for(settings: Settings) -> ModelClient:
    return make_client(settings)


@lru_cache(maxsize=64)
def _json_schema(model: type[BaseModel]) -> dict[str, Any]:
    # pydantic rebuilds the schema on every call (~15 ms for a Draft); the key needs it.
    return model.model_json_schema()


@dataclass
class Caller:
    """Asks for structured output through the store first, then the model."""

    settings: Settings
    client: ModelClient | None = None
    usage: Usage = field(default_factory=Usage)
    attempts: int = 0
    cached_calls: int = 0
    fallbacks: int = 0
    model_latency_s: float = 0.0
    prompts: dict[str, PromptRef] = field(default_factory=dict)

    def messages(self, template_id: str, **variables: Any) -> list[dict[str, str]]:
        """System and user messages from templates; their hashes are recorded."""
        for tid in ("system", template_id):
            self.prompts[tid] = prompt.load_template(tid).ref
        return [
            {"role": "system", "content": prompt.render("system")},
            {"role": "user", "content": prompt.render(template_id, **variables)},
        ]

    def ask(
        self,
        messages: list[dict[str, str]],
        model: type[BaseModel],
        context: dict[str, Any],
        *,
        max_tokens: int,
        reasks: int | None = None,
    ) -> Any:
        """A validated ``model`` instance, from the store when it has one."""
        store = self.settings.response_store
        key = response_key(
            model=self.settings.model,
            messages=messages,
            schema=_json_schema(model),
            params={
                "temperature": self.settings.temperature,
                "seed": self.settings.seed,
                "max_tokens": max_tokens,
                "mode": self.settings.mode,
            },
        )
        hit = store.get(key) if store is not None else None
        if hit is None and store is not None and hasattr(store, "defer"):
            # A batch API answers later: the store records the request and hands back a
            # stand-in answer (or raises store.Deferred), so no model is called now.
            request = {
                "model": self.settings.model,
                "messages": messages,
                "response_model": model,
                "max_tokens": max_tokens,
                "temperature": self.settings.temperature,
                "seed": self.settings.seed,
            }
            return model.model_validate(store.defer(key, request), context=context)
        if hit is not None:
            self.cached_calls += 1
            self.usage = self.usage + Usage(**hit.get("usage", {}))
            return model.model_validate(hit["value"], context=context)
        if store is not None and store.replay_only:
            raise CassetteMissError(
                f"no recorded response for a {model.__name__} request (key {key[:12]}); "
                "record it first (--record) or run live"
            )
        if self.client is None:
            self.client = shared_client(self.settings)
        result = self.client.structured(
            messages, model, context, max_tokens=max_tokens, reasks=reasks
        )
        self.usage = self.usage + result.usage
        self.attempts += result.attempts
        self.model_latency_s += result.latency_s
        if store is not None:
            store.put(
                key,
                {
                    "value": result.value.model_dump(mode="json"),
                    "usage": result.usage.model_dump(),
                    "attempts": result.attempts,
                    "latency_s": round(result.latency_s, 4),
                },
            )
        return result.value
