"""Response stores: where model answers are kept and looked up by a content key.

The SQLite cache (``cache.py``) and the eval cassettes (``evaluate/cassette.py``) both
implement :class:`ResponseStore`. ``extract.py`` consults the store before calling a
model, so caching and record/replay live in one place. Keys hash the model, the
messages (prompt and article), the response schema and the sampling parameters; the
API key is never part of a key or a value.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class ResponseStore(Protocol):
    """A key-value store of model answers."""

    #: When true, a miss is an error instead of a call to the model (replay mode).
    replay_only: bool

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored answer for ``key``, or None."""
        ...

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Store an answer under ``key``."""
        ...


class Deferred(Exception):
    """Raised by a store's optional ``defer(key, request)`` to stop a run whose answer
    will come later (a batch API).

    A store may define ``defer``: the Caller calls it on a miss instead of a model, with
    the request (model name, messages, response model class, max_tokens, temperature,
    seed). It either returns a stand-in answer (validated like a stored ``value``), so
    the run goes on and every request is collected, or raises ``Deferred``.
    """


def response_key(
    *, model: str, messages: list[dict[str, Any]], schema: dict[str, Any], params: dict[str, Any]
) -> str:
    """A stable SHA-256 over everything that determines a model's answer."""
    payload = json.dumps(
        {"model": model, "messages": messages, "schema": schema, "params": params},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class MemoryStore:
    """A dict-backed store, for tests and one-off runs."""

    def __init__(self, replay_only: bool = False) -> None:
        self.replay_only = replay_only
        self.items: dict[str, dict[str, Any]] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored answer, or None."""
        return self.items.get(key)

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Keep an answer."""
        self.items[key] = value
