"""Transport retries, in one place: 429 (honouring Retry-After), 5xx, timeouts, resets.

These are separate from validation re-asks, which instructor owns. Every loop here is
bounded by attempts and by total time; waits use exponential backoff with jitter.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import openai
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)

from summarizer.errors import ProviderError, ProviderTimeoutError, RateLimitError
from summarizer.providers.common import first_line
from summarizer.settings import Limits

log = logging.getLogger("summarizer.transport")
T = TypeVar("T")


class EmptyChoicesError(Exception):
    """A 200 answer whose ``choices`` list is empty: a provider fault, retried like a 5xx.

    Without this check instructor fails on ``choices[0]`` with "list index out of range",
    which tells the user nothing.
    """


def is_transient(exc: BaseException) -> bool:
    """Failures worth another try: throttling, server errors, timeouts, dropped links.

    A body that is not JSON counts too: it is what a proxy or a crashed worker sends; so
    does a 200 answer without choices.
    """
    if isinstance(exc, json.JSONDecodeError | EmptyChoicesError):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code == 429 or exc.status_code >= 500
    return isinstance(exc, openai.APIConnectionError)  # includes APITimeoutError


def retry_after_seconds(exc: BaseException | None) -> float | None:
    """The server's Retry-After hint, in seconds, when it gave one."""
    response = getattr(exc, "response", None)
    header = response.headers.get("retry-after") if response is not None else None
    try:
        return max(0.0, float(header)) if header is not None else None
    except ValueError:
        return None


def _waiter(limits: Limits) -> Callable[[RetryCallState], float]:
    backoff = wait_exponential_jitter(multiplier=0.5, max=limits.transport_max_wait_s, jitter=0.5)

    def wait(state: RetryCallState) -> float:
        hint = retry_after_seconds(state.outcome.exception() if state.outcome else None)
        if hint is not None:
            return min(hint, limits.transport_max_wait_s)
        return backoff(state)

    return wait


def _log_retry(state: RetryCallState) -> None:
    exc = state.outcome.exception() if state.outcome else None
    log.info("transport attempt %d failed: %s", state.attempt_number, type(exc).__name__)


def _policy(limits: Limits) -> dict[str, Any]:
    return {
        "retry": retry_if_exception(is_transient),
        # stop_before_delay, not stop_after_delay: never start a wait that would end past
        # the budget, so the whole loop ends within transport_total_s + one request.
        "stop": stop_after_attempt(limits.transport_attempts)
        | stop_before_delay(limits.transport_total_s),
        "wait": _waiter(limits),
        "before_sleep": _log_retry,
        "reraise": True,
    }


def _final(exc: Exception, provider: str, attempts: int, redact: Callable[[str], str]) -> Exception:
    """Our error for the exception that ended the retries (``exc`` itself if not ours to map)."""
    if isinstance(exc, openai.APIError):
        return translate(exc, provider, attempts, redact)
    if isinstance(exc, json.JSONDecodeError):
        return ProviderError(
            f"server answered with invalid JSON after {attempts} attempts",
            provider=provider,
            attempts=attempts,
        )
    if isinstance(exc, EmptyChoicesError):
        return ProviderError(
            f"server answered with an empty 'choices' list after {attempts} attempts",
            provider=provider,
            attempts=attempts,
        )
    return exc


def with_transport_retries(
    call: Callable[[], T], limits: Limits, provider: str, redact: Callable[[str], str]
) -> T:
    """Run ``call`` with bounded transport retries; map the final failure to our errors."""
    attempts = 0

    def counted() -> T:
        nonlocal attempts
        attempts += 1
        return call()

    try:
        return Retrying(**_policy(limits))(counted)
    except Exception as exc:
        error = _final(exc, provider, attempts, redact)
        if error is exc:
            raise
        raise error from exc


async def with_transport_retries_async(
    call: Callable[[], Awaitable[T]], limits: Limits, provider: str, redact: Callable[[str], str]
) -> T:
    """:func:`with_transport_retries` for a coroutine; waits do not block the loop."""
    attempts = 0

    async def counted() -> T:
        nonlocal attempts
        attempts += 1
        return await call()

    try:
        return await AsyncRetrying(**_policy(limits))(counted)
    except Exception as exc:
        error = _final(exc, provider, attempts, redact)
        if error is exc:
            raise
        raise error from exc


def translate(
    exc: openai.APIError, provider: str, attempts: int, redact: Callable[[str], str]
) -> ProviderError:
    """A provider-neutral error for an SDK error, with the key scrubbed from its text."""
    detail = redact(first_line(str(exc)))
    status = getattr(exc, "status_code", None)
    kwargs: dict[str, Any] = {"provider": provider, "attempts": attempts, "status": status}
    if status == 429:
        return RateLimitError(f"rate limited after {attempts} attempts: {detail}", **kwargs)
    if isinstance(exc, openai.APITimeoutError):
        return ProviderTimeoutError(
            f"no answer within the timeout after {attempts} attempts", **kwargs
        )
    if isinstance(exc, openai.APIConnectionError):
        # The SDK says only "Connection error."; the cause says refused, reset or dropped.
        cause = str(exc.__cause__ or "").strip()
        reason = redact(first_line(cause)) if cause else detail
        return ProviderError(f"connection error after {attempts} attempts: {reason}", **kwargs)
    where = f"HTTP {status}" if status else "request failed"
    return ProviderError(f"{where} after {attempts} attempts: {detail}", **kwargs)
