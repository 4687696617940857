"""Response stores: where model answers are kept and looked up by a content key.

The SQLite cache (``cache.py``) and the eval cassettes (``evaluate/cassette.py``) both
implement :class:`ResponseStore`. The :class:`~summarizer.caller.Caller` consults the
store before calling a model, so caching and record/replay live in one place. A store
is passed explicitly (``summarize(..., store=...)``), never carried in the settings.

The call log (:class:`CallLog`, implemented in ``calllog.py``) is the other place calls
are kept: not to answer them again, but to show a user what each brief sent, got back
and cost (``summarizer logs``).

Two optional abilities are separate small protocols, checked with ``isinstance``:
:class:`DeferringStore` (a batch API that answers later) and :class:`BriefCache`
(whole briefs, so a rerun skips the pipeline).

Keys hash the model, the endpoint (provider and base URL, for endpoints), the messages
(prompt and article), the response schema and the sampling parameters; the API key is
never part of a key or a value.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from summarizer.schema import Brief, PromptRef, Usage


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


@runtime_checkable
class DeferringStore(ResponseStore, Protocol):
    """A store that takes a missed request to be answered later (a batch API).

    On a miss the Caller calls :meth:`defer` instead of a model, with the request (model
    name, messages, response model class, max_tokens, temperature, seed). It returns a
    stand-in answer (validated like a stored ``value``), so the run goes on and every
    request is collected, or raises :class:`Deferred`.
    """

    def defer(self, key: str, request: dict[str, Any]) -> dict[str, Any]:
        """Record ``request``; return a stand-in answer or raise :class:`Deferred`."""
        ...


@runtime_checkable
class BriefCache(ResponseStore, Protocol):
    """A store that also keeps whole briefs (under :func:`summarizer.cache.brief_key`)."""

    def get_brief(self, key: str) -> Brief | None:
        """The stored brief, or None."""
        ...

    def put_brief(self, key: str, brief: Brief) -> None:
        """Keep a whole brief."""
        ...


@dataclass(frozen=True)
class CallRecord:
    """One model call (or cache hit) as the call log keeps it."""

    model: str
    provider: str
    messages: list[dict[str, Any]]
    response: str | None
    usage: Usage
    latency_s: float
    attempts: int
    outcome: str  # "ok", "cached", "cut off" or "error"
    base_url: str | None = None
    prompts: list[PromptRef] = field(default_factory=list)
    error: str | None = None
    started: float = field(default_factory=time.time)


@runtime_checkable
class CallLog(Protocol):
    """Where briefs and their model calls are logged (``calllog.SQLiteCallLog``)."""

    def hide(self, secret: str | None) -> None:
        """Never write ``secret``."""
        ...

    def begin(
        self,
        *,
        command: str,
        model: str,
        provider: str,
        strategy: str,
        sources: list[str],
        base_url: str | None = None,
    ) -> str:
        """Open a brief's entry; returns its id."""
        ...

    def record(self, brief_id: str, call: CallRecord) -> None:
        """Log one call of a brief."""
        ...

    def end(
        self,
        brief_id: str,
        *,
        usage: Usage,
        cost: float | None,
        latency_s: float,
        error: str | None = None,
    ) -> None:
        """Close a brief's entry with its totals."""
        ...


class Deferred(Exception):
    """Raised by :meth:`DeferringStore.defer` to stop a run whose answer comes later."""


def response_key(
    *,
    model: str,
    messages: list[dict[str, Any]],
    schema: dict[str, Any],
    params: dict[str, Any],
    endpoint: dict[str, str | None] | None = None,
) -> str:
    """A stable SHA-256 over everything that determines a model's answer.

    ``endpoint`` names where a remote model lives (provider and base URL): two servers
    may serve different models under one name. The embedded model passes none, since
    its name already says which file it is, so recorded cassettes keep their keys.
    """
    fields: dict[str, Any] = {"model": model, "messages": messages, "schema": schema}
    fields["params"] = params
    if endpoint is not None:
        fields["endpoint"] = endpoint
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
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
