"""Transport retries, in one place: 429 (honouring Retry-After), 5xx, timeouts, resets.

These are separate from validation re-asks, which instructor owns. Every loop here is
bounded by attempts and by total time; waits use exponential backoff with jitter.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import openai
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)

from summarizer.errors import ProviderError, ProviderTimeoutError, RateLimitError
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


def with_transport_retries(
    call: Callable[[], T], limits: Limits, provider: str, redact: Callable[[str], str]
) -> T:
    """Run ``call`` with bounded transport retries; map the final failure to our errors."""
    retrying = Retrying(
        retry=retry_if_exception(is_transient),
        # stop_before_delay, not stop_after_delay: never start a wait that would end past
        # the budget, so the whole loop ends within transport_total_s + one request.
        stop=stop_after_attempt(limits.transport_attempts)
        | stop_before_delay(limits.transport_total_s),
        wait=_waiter(limits),
        before_sleep=_log_retry,
        reraise=True,
    )
    attempts = 0

    def counted() -> T:
        nonlocal attempts
        attempts += 1
        return call()

    try:
        return retrying(counted)
    except openai.APIError as exc:
        raise translate(exc, provider, attempts, redact) from exc
    except json.JSONDecodeError as exc:
        raise ProviderError(
            f"server answered with invalid JSON after {attempts} attempts",
            provider=provider,
            attempts=attempts,
        ) from exc
    except EmptyChoicesError as exc:
        raise ProviderError(
            f"server answered with an empty 'choices' list after {attempts} attempts",
            provider=provider,
            attempts=attempts,
        ) from exc


def translate(
    exc: openai.APIError, provider: str, attempts: int, redact: Callable[[str], str]
) -> ProviderError:
    """A provider-neutral error for an SDK error, with the key scrubbed from its text."""
    detail = redact(_first_line(str(exc)))
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
        reason = redact(_first_line(cause)) if cause else detail
        return ProviderError(f"connection error after {attempts} attempts: {reason}", **kwargs)
    where = f"HTTP {status}" if status else "request failed"
    return ProviderError(f"{where} after {attempts} attempts: {detail}", **kwargs)


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "no detail"
    return line[:300]
