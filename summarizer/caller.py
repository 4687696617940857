"""The Caller: every model request goes through here, and through the response store first.

The store (the SQLite cache in batch runs, a cassette in eval runs, a Batch API's
deferring store) is consulted before a model is woken, so caching and record/replay live
in one place. Usage summed over every attempt, model time and the prompt templates used
are accounted here for the brief's metadata; rendering the prompts is ``prompt.py``'s.

Requests can be made blocking (:meth:`Caller.ask`, the guided strategy's serial labels)
or async (:meth:`Caller.ask_async`, the full strategy's chunks, at most
``Settings.effective_concurrency`` in flight). The accounting is guarded by a lock, since
blocking calls run in worker threads.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from pydantic import BaseModel

from summarizer.errors import CassetteMissError, OutputLengthError, ProviderError
from summarizer.prompt import Chat
from summarizer.providers import ModelClient, Query, StructuredResult, model_client
from summarizer.schema import PromptRef, Usage
from summarizer.settings import Settings
from summarizer.store import CallLog, CallRecord, DeferringStore, ResponseStore, response_key

T = TypeVar("T")


async def gather_all(*work: Coroutine[Any, Any, T]) -> list[T]:
    """Run ``work`` concurrently; results in the order given, whatever order they finish.

    The first failure cancels the rest (no orphaned model calls keep running after a
    brief has failed) and is raised as itself, not wrapped in an exception group.
    """
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(w) for w in work]
    except BaseExceptionGroup as failed:
        raise failed.exceptions[0] from None
    return [t.result() for t in tasks]


@lru_cache(maxsize=8)
def shared_client(settings: Settings) -> ModelClient:
    """One client per settings, reused across briefs: building an OpenAI client loads the
    TLS roots, ~50 ms of CPU that serialises concurrent batch workers on the GIL. The SDK
    client is thread-safe."""
    return model_client(settings)


@lru_cache(maxsize=64)
def _json_schema(model: type[BaseModel]) -> dict[str, Any]:
    # pydantic rebuilds the schema on every call (~15 ms for a Draft); the key needs it.
    return model.model_json_schema()


@dataclass
class Caller:
    """Asks for structured output through the store first, then the model."""

    settings: Settings
    store: ResponseStore | None = None
    usage: Usage = field(default_factory=Usage)
    attempts: int = 0
    cached_calls: int = 0
    model_latency_s: float = 0.0
    prompts: dict[str, PromptRef] = field(default_factory=dict)
    #: Where every call is logged for ``summarizer logs`` (None: not logged).
    log: CallLog | None = None
    brief_id: str = ""
    #: Reports in the brief: a story of more than four runs one call per report at once.
    sources: int = 1
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _slots: asyncio.Semaphore | None = field(default=None, repr=False)

    def key(self, chat: Chat, query: Query) -> str:
        """The response key of a request: model, endpoint, messages, schema, parameters."""
        s = self.settings
        endpoint = None
        if s.provider == "openai":
            endpoint = {"provider": s.provider, "base_url": s.base_url}
        return response_key(
            model=s.model,
            messages=chat.messages,
            schema=_json_schema(query.response_model),
            params={
                "temperature": s.temperature,
                "seed": s.seed,
                "max_tokens": query.max_tokens,
                "mode": s.mode,
            },
            endpoint=endpoint,
        )

    def _stored(self, key: str, chat: Chat, query: Query) -> BaseModel | None:
        """The answer the store gives (or a batch API's stand-in); None means: ask the model."""
        with self._lock:
            self.prompts.update({ref.id: ref for ref in chat.refs})
        store = self.store
        if store is None:
            return None
        hit = store.get(key)
        if hit is not None:
            return self._recorded(hit, chat, query)
        if isinstance(store, DeferringStore):
            # A batch API answers later: the store records the request and hands back a
            # stand-in answer (or raises store.Deferred), so no model is called now.
            request = {
                "model": self.settings.model,
                "messages": chat.messages,
                "response_model": query.response_model,
                "max_tokens": query.max_tokens,
                "temperature": self.settings.temperature,
                "seed": self.settings.seed,
            }
            stand_in = store.defer(key, request)
            return query.response_model.model_validate(stand_in, context=query.context)
        if store.replay_only:
            raise CassetteMissError(
                f"no recorded response for a {query.response_model.__name__} request "
                f"(key {key[:12]}); record it first (--record) or run live"
            )
        return None

    def _recorded(self, hit: dict[str, Any], chat: Chat, query: Query) -> BaseModel:
        with self._lock:
            self.cached_calls += 1
        value = hit.get("value")
        answer = None if value is None else json.dumps(value, ensure_ascii=False)
        cut_off = "cut off" if value is None else None
        self._note(chat, "cached", Usage(**hit.get("usage", {})), response=answer, error=cut_off)
        if value is None:  # recorded as cut off: the caller splits, as live
            raise OutputLengthError(
                "model output was cut off (finish_reason=length), as recorded",
                provider=self.settings.provider,
                attempts=int(hit.get("attempts", 1)),
                usage=hit.get("usage", {}),
            )
        with self._lock:
            self.usage = self.usage + Usage(**hit.get("usage", {}))
        return query.response_model.model_validate(hit["value"], context=query.context)

    def _note(
        self,
        chat: Chat,
        outcome: str,
        usage: Usage,
        *,
        latency_s: float = 0.0,
        attempts: int = 0,
        response: str | None = None,
        error: str | None = None,
    ) -> None:
        """Log one call (or cache hit) for ``summarizer logs``, when a log is given."""
        if self.log is None:
            return
        s = self.settings
        call = CallRecord(
            model=s.model,
            provider=s.provider,
            base_url=s.base_url,
            prompts=list(chat.refs),
            messages=chat.messages,
            response=response,
            usage=usage,
            latency_s=latency_s,
            attempts=attempts,
            outcome=outcome,
            error=error,
        )
        self.log.record(self.brief_id, call)

    @contextmanager
    def _watched(self, key: str, chat: Chat) -> Iterator[None]:
        # An answer that did not fit is kept as such (value None), so a replay splits the
        # chunk exactly as the recorded run did instead of missing its first request.
        # Failed calls are logged with what they cost.
        try:
            yield
        except OutputLengthError as exc:
            if self.store is not None:
                self.store.put(key, {"value": None, "usage": exc.usage, "attempts": exc.attempts})
            self._failed(chat, "cut off", exc)
            raise
        except ProviderError as exc:
            self._failed(chat, "error", exc)
            raise

    def _failed(self, chat: Chat, outcome: str, exc: ProviderError) -> None:
        usage = Usage(**exc.usage)
        self._note(
            chat, outcome, usage, attempts=exc.attempts, response=exc.last_output, error=str(exc)
        )

    def _keep(self, key: str, chat: Chat, result: StructuredResult) -> BaseModel:
        with self._lock:
            self.usage = self.usage + result.usage
            self.attempts += result.attempts
            self.model_latency_s += result.latency_s
        self._note(
            chat,
            "ok",
            result.usage,
            latency_s=result.latency_s,
            attempts=result.attempts,
            response=result.value.model_dump_json(),
        )
        if self.store is not None:
            self.store.put(
                key,
                {
                    "value": result.value.model_dump(mode="json"),
                    "usage": result.usage.model_dump(),
                    "attempts": result.attempts,
                    "latency_s": round(result.latency_s, 4),
                    # Which templates (id, hash) produced the request: a cassette shows it.
                    "prompts": [ref.model_dump() for ref in chat.refs],
                },
            )
        return result.value

    def slots(self) -> asyncio.Semaphore:
        """The semaphore that bounds model work in flight (one slot for the embedded model)."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.settings.concurrency_for(self.sources))
        return self._slots

    def count_failure(self, error: ProviderError) -> None:
        """Add what a failed call cost (the error carries its usage and attempts)."""
        with self._lock:
            self.usage = self.usage + Usage(**error.usage)
            self.attempts += error.attempts

    def _lookup(
        self,
        chat: Chat,
        model: type[BaseModel],
        context: dict[str, Any],
        max_tokens: int,
        reasks: int | None,
    ) -> tuple[Query, str, Any]:
        """The query, its store key, and the stored answer (None when there is none):
        what :meth:`ask` and :meth:`ask_async` both do before a model is called."""
        query = Query(chat.messages, model, context, max_tokens, reasks)
        key = self.key(chat, query)
        return query, key, self._stored(key, chat, query)

    def ask(
        self,
        chat: Chat,
        model: type[BaseModel],
        context: dict[str, Any],
        *,
        max_tokens: int,
        reasks: int | None = None,
    ) -> Any:
        """A validated ``model`` instance, from the store when it has one (blocking)."""
        query, key, stored = self._lookup(chat, model, context, max_tokens, reasks)
        if stored is not None:
            return stored
        with self._watched(key, chat):
            result = shared_client(self.settings).structured(query)
        return self._keep(key, chat, result)

    async def ask_async(
        self,
        chat: Chat,
        model: type[BaseModel],
        context: dict[str, Any],
        *,
        max_tokens: int,
        reasks: int | None = None,
    ) -> Any:
        """:meth:`ask` on the event loop, at most ``effective_concurrency`` calls at once."""
        query, key, stored = self._lookup(chat, model, context, max_tokens, reasks)
        if stored is not None:
            return stored
        with self._watched(key, chat):
            async with self.slots():
                result = await shared_client(self.settings).structured_async(query)
        return self._keep(key, chat, result)
