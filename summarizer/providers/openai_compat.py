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

from summarizer.errors import ConfigError, ProviderError
from summarizer.providers.structured import InstructorClient, usage_of
from summarizer.providers.transport import EmptyChoicesError, with_transport_retries
from summarizer.schema import Usage
from summarizer.settings import Settings

_MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}
_PLACEHOLDER_KEY = "no-key-needed"


class OpenAIClient(InstructorClient):
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
        # Answers without choices are retried by the transport; the tokens they were
        # billed for still count, so they are folded into the answer (or the error).
        wasted = Usage()

        def create() -> Any:
            nonlocal wasted
            completion = self._sdk.chat.completions.create(**kwargs)
            if not getattr(completion, "choices", None):
                wasted = wasted + usage_of(getattr(completion, "usage", None)) + Usage(calls=1)
                raise EmptyChoicesError("empty choices")
            return completion

        try:
            completion = with_transport_retries(
                create, self.settings.limits, self.provider, self.redact
            )
        except ProviderError as exc:
            if wasted.calls:
                exc.usage = (Usage(**exc.usage) + wasted).model_dump()
            raise
        if wasted.calls and completion.usage is not None:
            completion.usage.prompt_tokens += wasted.prompt_tokens
            completion.usage.completion_tokens += wasted.completion_tokens
            completion.usage.total_tokens += wasted.total_tokens
        return completion
