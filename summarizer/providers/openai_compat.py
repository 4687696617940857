"""Any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server) via instructor.

Mode: ``tools`` by default, because it is the one mode that works across these
servers (``json_schema`` is rejected by llama.cpp's server, and plain ``json`` lets the
model answer in the wrong shape). ``--mode json_schema`` is there for servers that
support OpenAI structured outputs.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from typing import Any

import instructor
import openai

from summarizer.errors import ConfigError, ProviderError
from summarizer.providers import Query, StructuredResult
from summarizer.providers.common import redactor, usage_of
from summarizer.providers.structured import InstructorClient, call_structured_async
from summarizer.providers.transport import (
    EmptyChoicesError,
    with_transport_retries,
    with_transport_retries_async,
)
from summarizer.schema import Usage
from summarizer.settings import Settings

_MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}
_PLACEHOLDER_KEY = "no-key-needed"
#: Every client made, so the async SDK clients of a loop that is ending can be closed.
_CLIENTS: weakref.WeakSet[OpenAIClient] = weakref.WeakSet()


async def close_loop_clients() -> None:
    """Close the async SDK clients bound to the running loop (before it ends)."""
    loop = asyncio.get_running_loop()
    for client in list(_CLIENTS):
        await client.close_loop_client(loop)


class _Wasted:
    """Tokens billed for answers without choices, which the transport retried."""

    def __init__(self) -> None:
        self.usage = Usage()

    def check(self, completion: Any) -> Any:
        """``completion``, or EmptyChoicesError (counted) when it holds no choices."""
        if not getattr(completion, "choices", None):
            self.usage = self.usage + usage_of(getattr(completion, "usage", None)) + Usage(calls=1)
            raise EmptyChoicesError("empty choices")
        return completion

    def fold_into(self, completion: Any) -> Any:
        """The answer with the wasted tokens added to its usage."""
        if self.usage.calls and completion.usage is not None:
            completion.usage.prompt_tokens += self.usage.prompt_tokens
            completion.usage.completion_tokens += self.usage.completion_tokens
            completion.usage.total_tokens += self.usage.total_tokens
        return completion

    def fold_into_error(self, exc: ProviderError) -> None:
        """The error with the wasted tokens added to its usage."""
        if self.usage.calls:
            exc.usage = (Usage(**exc.usage) + self.usage).model_dump()


class OpenAIClient(InstructorClient):
    """A ModelClient for an OpenAI-compatible chat-completions endpoint."""

    provider = "openai"

    def __init__(self, settings: Settings) -> None:
        if settings.mode not in _MODES:
            raise ConfigError(f"unknown mode {settings.mode!r}; choose from {sorted(_MODES)}")
        self.settings = settings
        self.model = settings.model
        self._redact = redactor(settings.api_key)
        # The SDK's own retries are off: transport retries live in transport.py alone.
        self._sdk = openai.OpenAI(**self._sdk_options())
        self._create = instructor.patch(create=self._send, mode=_MODES[settings.mode])
        # An async SDK client holds connections bound to one event loop: one per loop.
        self._async: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = (
            weakref.WeakKeyDictionary()
        )
        self._async_guard = threading.Lock()
        _CLIENTS.add(self)

    def redact(self, text: str) -> str:
        """``text`` with the API key replaced, wherever it appears."""
        return self._redact(text)

    def _sdk_options(self) -> dict[str, Any]:
        key = self.settings.api_key
        return {
            "api_key": key.reveal() if key else _PLACEHOLDER_KEY,
            "base_url": self.settings.base_url,
            "max_retries": 0,
            "timeout": self.settings.limits.request_timeout_s,
        }

    def _send(self, **kwargs: Any) -> Any:
        # Answers without choices are retried by the transport; the tokens they were
        # billed for still count, so they are folded into the answer (or the error).
        wasted = _Wasted()
        limits = self.settings.limits
        try:
            completion = with_transport_retries(
                lambda: wasted.check(self._sdk.chat.completions.create(**kwargs)),
                limits,
                self.provider,
                self.redact,
            )
        except ProviderError as exc:
            wasted.fold_into_error(exc)
            raise
        return wasted.fold_into(completion)

    def _async_create(self) -> Any:
        """This loop's instructor-patched async ``create``."""
        loop = asyncio.get_running_loop()
        with self._async_guard:
            if loop not in self._async:
                sdk = openai.AsyncOpenAI(**self._sdk_options())

                async def send(**kwargs: Any) -> Any:
                    return await self._send_async(sdk, **kwargs)

                create = instructor.patch(create=send, mode=_MODES[self.settings.mode])
                self._async[loop] = (create, sdk)
            return self._async[loop][0]

    async def close_loop_client(self, loop: asyncio.AbstractEventLoop) -> None:
        """Close this client's async SDK client for ``loop``, if it has one."""
        with self._async_guard:
            entry = self._async.pop(loop, None)
        if entry is not None:
            await entry[1].close()

    async def _send_async(self, sdk: Any, **kwargs: Any) -> Any:
        wasted = _Wasted()

        async def create() -> Any:
            return wasted.check(await sdk.chat.completions.create(**kwargs))

        try:
            completion = await with_transport_retries_async(
                create, self.settings.limits, self.provider, self.redact
            )
        except ProviderError as exc:
            wasted.fold_into_error(exc)
            raise
        return wasted.fold_into(completion)

    async def structured_async(self, query: Query) -> StructuredResult:
        """A real async call: many can be in flight on one event loop."""
        return await call_structured_async(self._async_create(), self.request(query))
