"""Any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server) via instructor.

Mode: ``tools`` by default, because it is the one mode that works across these
servers (``json_schema`` is rejected by llama.cpp's server, and plain ``json`` lets the
model answer in the wrong shape). ``--mode json_schema`` is there for servers that
support OpenAI structured outputs.
"""

from __future__ import annotations

from typing import Any

import instructor
import openai
from pydantic import BaseModel

from summarizer.errors import ConfigError
from summarizer.providers import StructuredResult
from summarizer.providers.structured import call_structured
from summarizer.providers.transport import with_transport_retries
from summarizer.settings import Settings

_MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}
_PLACEHOLDER_KEY = "no-key-needed"


class OpenAIClient:
    """A ModelClient for an OpenAI-compatible chat-completions endpoint."""

    provider = "openai"

    def __init__(self, settings: Settings) -> None:
        if settings.mode not in _MODES:
            raise ConfigError(f"unknown mode {settings.mode!r}; choose from {sorted(_MODES)}")
        self.settings = settings
        self.model = settings.model
        self.context_tokens = settings.context_tokens or 16_000
        self._secret = settings.api_key.reveal() if settings.api_key else None
        # The SDK's own retries are off: transport retries live in transport.py alone.
        self._sdk = openai.OpenAI(
            api_key=self._secret or _PLACEHOLDER_KEY,
            base_url=settings.base_url,
            max_retries=0,
            timeout=settings.limits.request_timeout_s,
        )
        self._create = instructor.patch(create=self._send, mode=_MODES[settings.mode])

    def redact(self, text: str) -> str:
        """``text`` with the API key replaced, wherever it appears."""
        return text.replace(self._secret, "***") if self._secret else text

    def _send(self, **kwargs: Any) -> Any:
        return with_transport_retries(
            lambda: self._sdk.chat.completions.create(**kwargs),
            self.settings.limits,
            self.provider,
            self.redact,
        )

    def structured(
        self,
        messages: list[dict[str, Any]],
        response_model: type[BaseModel],
        context: dict[str, Any],
        *,
        max_tokens: int,
        reasks: int | None = None,
    ) -> StructuredResult:
        """Ask the endpoint for ``response_model`` (see ModelClient)."""
        limits = self.settings.limits
        return call_structured(
            self._create,
            provider=self.provider,
            messages=messages,
            response_model=response_model,
            context=context,
            reasks=limits.reasks if reasks is None else reasks,
            token_budget=limits.token_budget,
            redact=self.redact,
            model=self.model,
            max_tokens=max_tokens,
            temperature=self.settings.temperature,
            seed=self.settings.seed,
        )
