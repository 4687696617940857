"""One instructor call with bounded re-asks, usage summed over attempts, errors mapped.

Both clients (OpenAI-compatible and embedded) patch their raw ``create`` with
instructor and come through here, so re-ask policy, token budget and error mapping
are written once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from instructor.core.exceptions import (
    IncompleteOutputException,
    InstructorRetryException,
)
from instructor.core.exceptions import TokenBudgetError as InstructorBudgetError
from instructor.v2.core.errors import TokenUsageUnavailableError
from instructor.v2.core.function_calls import response_schema
from instructor.v2.core.hooks import Hooks
from pydantic import BaseModel, ValidationError

from summarizer.errors import ExtractionError, ProviderError, SummarizerError, TokenBudgetError
from summarizer.providers import StructuredResult
from summarizer.schema import Usage
from summarizer.settings import Settings


def usage_of(raw: Any) -> Usage:
    """Usage from an SDK usage object or dict (zeros when the server sent none)."""
    if raw is None:
        return Usage()
    get = raw.get if isinstance(raw, dict) else lambda k, d=0: getattr(raw, k, d)
    prompt, completion = int(get("prompt_tokens", 0) or 0), int(get("completion_tokens", 0) or 0)
    return Usage(
        prompt_tokens=prompt,
        completion_tokens=completion,
        total_tokens=int(get("total_tokens", 0) or 0) or prompt + completion,
    )


def _raw_text(completion: Any) -> str | None:
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    calls = getattr(message, "tool_calls", None)
    if calls:
        return calls[0].function.arguments
    return message.content


class _AttemptLog:
    """Collects raw outputs and per-attempt usage through instructor's hooks."""

    def __init__(self) -> None:
        self.raws: list[str | None] = []
        self.usage = Usage()
        self.hooks = Hooks()
        self.hooks.on("completion:response", self._on_response)

    def _on_response(self, response: Any) -> None:
        self.raws.append(_raw_text(response))
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
    if isinstance(exc, IncompleteOutputException):
        message = "model output was cut off (finish_reason=length); raise max_output_tokens"
        return log.failure(ExtractionError, message, provider)
    if isinstance(exc, InstructorRetryException):
        reason = redact(_reason(exc.__cause__ or exc))
        return log.failure(
            ExtractionError, f"no valid output after {n} attempts: {reason}", provider
        )
    detail = redact(type(exc).__name__ + ": " + str(exc))[:300]
    return log.failure(ExtractionError, f"unusable model response: {detail}", provider)


def call_structured(
    create: Callable[..., Any],
    *,
    provider: str,
    messages: list[dict[str, Any]],
    response_model: type[BaseModel],
    context: dict[str, Any],
    reasks: int,
    token_budget: int,
    redact: Callable[[str], str],
    **params: Any,
) -> StructuredResult:
    """Ask through a patched ``create``; raise our errors, never the SDK's."""
    log = _AttemptLog()
    started = time.perf_counter()
    try:
        value = create(
            response_model=_schema_model(response_model),
            messages=messages,
            context=context,
            max_retries=reasks,
            token_budget=token_budget,
            hooks=log.hooks,
            **params,
        )
    except ProviderError as exc:
        _with_earlier_usage(exc, log)
        raise
    except Exception as exc:
        raise _translate(exc, log, provider, token_budget, redact) from exc
    return StructuredResult(
        value=value,
        usage=log.usage,
        attempts=len(log.raws),
        raw=log.last,
        latency_s=time.perf_counter() - started,
    )


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

    def structured(
        self,
        messages: list[dict[str, Any]],
        response_model: type[BaseModel],
        context: dict[str, Any],
        *,
        max_tokens: int,
        reasks: int | None = None,
    ) -> StructuredResult:
        """Ask for ``response_model`` (see :class:`~summarizer.providers.ModelClient`)."""
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
