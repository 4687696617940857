"""The only package that talks to model SDKs (openai, instructor, llama_cpp).

Everything outside it sees a :class:`ModelClient`: hand it chat messages, a pydantic
response model and a validation context, get back a validated instance with the usage
summed over every attempt. Both a blocking and an async call are offered: endpoints
answer many async calls at once, the embedded model one call at a time. SDK imports
happen inside the submodules, on first use, so importing the package stays cheap and
offline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel

from summarizer.schema import Usage
from summarizer.settings import Settings


@dataclass(frozen=True)
class StructuredResult:
    """A validated answer and what it cost."""

    value: BaseModel
    usage: Usage
    attempts: int
    latency_s: float


@dataclass(frozen=True)
class Query:
    """One structured request: chat messages, the response model and its validation context."""

    messages: list[dict[str, Any]]
    response_model: type[BaseModel]
    context: dict[str, Any]
    max_tokens: int
    reasks: int | None = None  # None: Limits.reasks


class ModelClient(Protocol):
    """A chat model that answers with validated structured output."""

    provider: str
    model: str

    def structured(self, query: Query) -> StructuredResult:
        """Ask for ``query.response_model``; re-ask on validation errors within the limits."""
        ...

    async def structured_async(self, query: Query) -> StructuredResult:
        """:meth:`structured` without blocking the event loop."""
        ...


async def close_loop_clients() -> None:
    """Close the connections model clients opened on the running loop (before it ends)."""
    import sys

    # Only if an endpoint client was ever made: no SDK import for the embedded model.
    compat = sys.modules.get("summarizer.providers.openai_compat")
    if compat is not None:
        await compat.close_loop_clients()


def model_client(settings: Settings) -> ModelClient:
    """The client for the provider the settings name."""
    if settings.provider == "openai":
        from summarizer.providers.openai_compat import OpenAIClient

        return OpenAIClient(settings)
    from summarizer.providers.embedded import EmbeddedClient

    return EmbeddedClient.shared(settings)
