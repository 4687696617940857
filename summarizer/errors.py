"""The one error hierarchy of the package.

Every failure a user can see derives from :class:`SummarizerError`. Children carry the
data a caller needs to act on the failure (provider, attempts, usage, last raw output),
and each has a distinct CLI exit code so scripts can branch without parsing text.
"""

from __future__ import annotations

from typing import Any


class SummarizerError(Exception):
    """Root of every error the package raises on purpose."""

    exit_code: int = 1

    def __init__(self, message: str, **data: Any) -> None:
        super().__init__(message)
        self.message = message
        self.data = data

    def __str__(self) -> str:
        return self.message


class ConfigError(SummarizerError):
    """Settings are contradictory or incomplete (bad model path, bad URL, bad limits)."""

    exit_code = 2


class InputError(SummarizerError):
    """The input cannot be briefed: missing, empty, binary, too large, not an article."""

    exit_code = 3


class FetchError(InputError):
    """A URL could not be fetched within the timeout and size cap."""

    exit_code = 4


class PromptError(SummarizerError):
    """A prompt template is missing or was rendered without a variable it needs."""

    exit_code = 5


class ProviderError(SummarizerError):
    """The model could not be reached or answered with a transport-level failure."""

    exit_code = 6

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        attempts: int = 0,
        usage: dict[str, int] | None = None,
        last_output: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message, provider=provider, attempts=attempts)
        self.provider = provider
        self.attempts = attempts
        self.usage = usage or {}
        self.last_output = last_output
        self.status = status


class RateLimitError(ProviderError):
    """The provider kept answering 429 until the retry budget ran out."""

    exit_code = 7


class ProviderTimeoutError(ProviderError):
    """The provider did not answer within the time budget."""

    exit_code = 8


class ExtractionError(ProviderError):
    """The model answered, but never with output that validates and grounds.

    Raised after the bounded re-asks (or the token budget) are used up. ``last_output``
    holds the last raw model text so the failure can be inspected.
    """

    exit_code = 9


class OutputLengthError(ExtractionError):
    """The model's answer did not fit in ``max_output_tokens`` (finish_reason=length).

    The full strategy answers this by briefing each half of the chunk; it reaches the
    user only when a single sentence's answer still does not fit.
    """

    exit_code = 14


class TokenBudgetError(ExtractionError):
    """Re-asks would exceed the per-document token budget."""

    exit_code = 10


class GroundingError(SummarizerError):
    """A claim could not be tied to exact evidence in the source.

    The pipeline never lets such a claim through; this is raised when a caller builds
    a brief by hand with evidence that does not slice its source.
    """

    exit_code = 11


class BatchLockedError(SummarizerError):
    """Another batch run is writing the same output file (its lock is held)."""

    exit_code = 21


class CassetteMissError(SummarizerError):
    """Replay mode asked for a response that no cassette holds."""

    exit_code = 12


class OutputError(SummarizerError):
    """The result cannot be written: a read-only or missing directory, a full disk."""

    exit_code = 15
