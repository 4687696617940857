"""Small helpers every provider module shares: one home for each, so they cannot drift.

- :func:`redactor`: removes the API key from any text bound for an error or a log.
- :func:`usage_of`: token usage from an SDK object or a JSON dict (batch output files).
- :func:`answer_text`: the raw answer of a chat message, tool-call arguments first.
- :func:`first_line`: the first line of a message, capped, for one-line errors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from summarizer.schema import Usage
from summarizer.settings import Secret


def redactor(api_key: Secret | None) -> Callable[[str], str]:
    """A function that replaces the API key with ``***`` wherever it appears."""
    secret = api_key.reveal() if api_key else None
    if not secret:
        return lambda text: text
    return lambda text: text.replace(secret, "***")


def _getter(raw: Any) -> Callable[[str], Any]:
    # SDK responses are objects, batch output files are JSON: read both the same way.
    if isinstance(raw, dict):
        return raw.get
    return lambda name: getattr(raw, name, None)


def usage_of(raw: Any) -> Usage:
    """Usage from an SDK usage object or dict (zeros when the server sent none)."""
    if raw is None:
        return Usage()
    get = _getter(raw)
    prompt, completion = int(get("prompt_tokens") or 0), int(get("completion_tokens") or 0)
    return Usage(
        prompt_tokens=prompt,
        completion_tokens=completion,
        total_tokens=int(get("total_tokens") or 0) or prompt + completion,
    )


def answer_text(message: Any) -> str | None:
    """The text a chat message answers with: the first tool call's arguments, else content."""
    if message is None:
        return None
    get = _getter(message)
    calls = get("tool_calls")
    if calls:
        function = _getter(calls[0])("function")
        return _getter(function)("arguments")
    return get("content")


def first_line(text: str, limit: int = 300) -> str:
    """The first non-blank line of ``text``, at most ``limit`` characters."""
    stripped = text.strip()
    return stripped.splitlines()[0][:limit] if stripped else "no detail"
