"""One instructor call with bounded re-asks, usage summed over attempts, errors mapped.

Both clients (OpenAI-compatible and embedded) patch their raw ``create`` with
instructor and come through here, so re-ask policy, token budget and error mapping
are written once, for the blocking and the async call alike.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NoReturn

from instructor.core.exceptions import (
    IncompleteOutputException,
    InstructorRetryException,
)
from instructor.core.exceptions import TokenBudgetError as InstructorBudgetError
from instructor.v2.core.errors import TokenUsageUnavailableError
from instructor.v2.core.function_calls import response_schema
from instructor.v2.core.hooks import Hooks
from pydantic import BaseModel, ValidationError

from summarizer.errors import (
    ExtractionError,
    OutputLengthError,
    ProviderError,
    SummarizerError,
    TokenBudgetError,
)
from summarizer.providers import Query, StructuredResult
from summarizer.providers.common import answer_text, usage_of
from summarizer.schema import Usage
from summarizer.settings import Settings


class _AttemptLog:
    """Collects raw outputs and per-attempt usage through instructor's hooks."""

    def __init__(self) -> None:
        self.raws: list[str | None] = []
        self.usage = Usage()
        self.hooks = Hooks()
        self.hooks.on("completion:response", self._on_response)

    def _on_response(self, response: Any) -> None:
        choices = getattr(response, "choices", None) or [None]
        self.raws.append(answer_text(getattr(choices[0], "message", None)))
        self.usage = self.usage + usage_of(getattr(response, "usage", None)) + Usage(calls=1)

    def failure(self, cls: type[ExtractionError], message: str, provider: str) -> ExtractionError:
        """An error of ``cls`` carrying this call's attempts, usage and last raw output."""
        return cls(
            message,
            provider=provider,
            attempts=max(1, len(self.raws)),
            usage=self.usage.model_dump(),
            last_output=self.last,
        )

    @property
    def last(self) -> str | None:
        return self.raws[-1] if self.raws else None


def _provider_cause(exc: BaseException) -> ProviderError | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ProviderError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


@lru_cache(maxsize=32)
def _schema_model(model: type[BaseModel]) -> type[BaseModel]:
    # instructor wraps a plain response model in a NEW class on every call and caches
    # each new class's JSON schema (an lru of 256): about 25 KB a call kept until that
    # cache is full, and a class built per call. Wrapped once here, the class and
    # instructor's cache entry stay the same call after call (the soak showed the growth).
    return response_schema(model)


def _reason(exc: BaseException) -> str:
    """One line on why validation failed: pydantic's count and its first error."""
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())) or "answer"
        count = exc.error_count()
        return f"{count} validation error(s) for {exc.title}; {where}: {first['msg']}"[:300]
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:300]


def _with_earlier_usage(error: ProviderError, log: _AttemptLog) -> ProviderError:
    # A transport failure on a re-ask must still report the tokens the earlier,
    # answered attempts cost.
    if log.usage.calls:
        error.usage = (Usage(**error.usage) + log.usage).model_dump()
    return error


def _translate(
    exc: Exception,
    log: _AttemptLog,
    provider: str,
    token_budget: int,
    redact: Callable[[str], str],
) -> SummarizerError:
    """Our error for whatever instructor or the SDK raised, with attempts and usage."""
    cause = _provider_cause(exc)
    if cause is not None:
        return _with_earlier_usage(cause, log)
    n = len(log.raws)
    if isinstance(exc, TokenUsageUnavailableError):
        message = (
            f"no valid output after {n} attempts, and the server sends no token usage, "
            "so re-asks cannot be held to the token budget"
        )
        return log.failure(ExtractionError, message, provider)
    if isinstance(exc, InstructorBudgetError):
        message = f"token budget of {token_budget} spent after {n} attempts"
        return log.failure(TokenBudgetError, message, provider)
    if isinstance(exc, IncompleteOutputException) or isinstance(
        exc.__cause__, IncompleteOutputException
    ):
        message = "model output was cut off (finish_reason=length); raise max_output_tokens"
        return log.failure(OutputLengthError, message, provider)
    if isinstance(exc, InstructorRetryException):
        reason = redact(_reason(exc.__cause__ or exc))
        return log.failure(
            ExtractionError, f"no valid output after {n} attempts: {reason}", provider
        )
    detail = redact(type(exc).__name__ + ": " + str(exc))[:300]
    return log.failure(ExtractionError, f"unusable model response: {detail}", provider)


@dataclass(frozen=True)
class Request:
    """A query as a client sends it: with its provider, limits, redaction and parameters."""

    query: Query
    provider: str
    reasks: int
    token_budget: int
    redact: Callable[[str], str]
    params: dict[str, Any]

    def kwargs(self, log: _AttemptLog) -> dict[str, Any]:
        """The keyword arguments of an instructor-patched ``create``."""
        return {
            "response_model": _schema_model(self.query.response_model),
            "messages": self.query.messages,
            "context": self.query.context,
            "max_retries": self.reasks,
            "token_budget": self.token_budget,
            "hooks": log.hooks,
            **self.params,
        }

    def fail(self, exc: Exception, log: _AttemptLog) -> NoReturn:
        """Raise our error for ``exc``, carrying the usage of every attempt."""
        if isinstance(exc, ProviderError):
            raise _with_earlier_usage(exc, log)
        raise _translate(exc, log, self.provider, self.token_budget, self.redact) from exc


def _result(value: Any, log: _AttemptLog, started: float) -> StructuredResult:
    return StructuredResult(
        value=value,
        usage=log.usage,
        attempts=len(log.raws),
        latency_s=time.perf_counter() - started,
    )


def call_structured(create: Callable[..., Any], request: Request) -> StructuredResult:
    """Ask through a patched ``create``; raise our errors, never the SDK's."""
    log, started = _AttemptLog(), time.perf_counter()
    try:
        value = create(**request.kwargs(log))
    except Exception as exc:
        request.fail(exc, log)
    return _result(value, log, started)


async def call_structured_async(
    create: Callable[..., Awaitable[Any]], request: Request
) -> StructuredResult:
    """:func:`call_structured` for an async patched ``create``."""
    log, started = _AttemptLog(), time.perf_counter()
    try:
        value = await create(**request.kwargs(log))
    except Exception as exc:
        request.fail(exc, log)
    return _result(value, log, started)


class InstructorClient:
    """What both clients share: settings, a patched ``create``, and :meth:`structured`.

    Subclasses set ``provider``, ``settings``, ``model`` and ``_create`` (their raw create
    function patched by instructor), and may override :meth:`redact`.
    """

    provider: str
    settings: Settings
    model: str
    _create: Callable[..., Any]

    def redact(self, text: str) -> str:
        """``text`` with any secret removed (nothing to remove by default)."""
        return text

    def request(self, query: Query) -> Request:
        """``query`` under these settings."""
        limits = self.settings.limits
        return Request(
            query=query,
            provider=self.provider,
            reasks=limits.reasks if query.reasks is None else query.reasks,
            token_budget=limits.token_budget,
            redact=self.redact,
            params={
                "model": self.model,
                "max_tokens": query.max_tokens,
                "temperature": self.settings.temperature,
                "seed": self.settings.seed,
            },
        )

    def structured(self, query: Query) -> StructuredResult:
        """Ask for ``query.response_model`` (see :class:`~summarizer.providers.ModelClient`)."""
        return call_structured(self._create, self.request(query))

    async def structured_async(self, query: Query) -> StructuredResult:
        """By default the blocking call in a worker thread (the embedded model's way:
        its lock makes calls take turns); endpoints override this with a real async call."""
        return await asyncio.to_thread(self.structured, query)
