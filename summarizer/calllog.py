"""The call log: every model call of every brief, in SQLite, for ``summarizer logs``.

A user should be able to see what a brief sent, what came back, how long it took and
what it cost. Each brief is a row of ``briefs`` (time, command, model, provider,
strategy, sources, usage, cost, latency, outcome); each model call under it is a row of
``calls`` (time, model, provider, base URL, prompt template ids and hashes, the exact
messages, the answer, usage, latency, attempts, outcome). Answers served from the
response cache are logged too, marked ``cached``.

Secrets: the API key is never written. Messages and answers pass through the same
redaction as error messages (the key replaced by ``***``) before they reach the file,
since an endpoint can echo a key back. A log that cannot be written never fails a
brief: the first failure is a warning and logging stops for that process.

Default location: ``platformdirs.user_data_dir("summarizer")/logs.sqlite3``.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from summarizer.schema import Usage
from summarizer.store import CallRecord

log = logging.getLogger("summarizer.calllog")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS briefs (
    id TEXT PRIMARY KEY, started REAL, command TEXT, model TEXT, provider TEXT,
    base_url TEXT, strategy TEXT, sources TEXT, prompt_tokens INTEGER,
    completion_tokens INTEGER, calls INTEGER, cost REAL, latency_s REAL, outcome TEXT,
    error TEXT
);
CREATE TABLE IF NOT EXISTS calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT, brief_id TEXT, started REAL, model TEXT,
    provider TEXT, base_url TEXT, prompts TEXT, messages TEXT, response TEXT,
    prompt_tokens INTEGER, completion_tokens INTEGER, latency_s REAL, attempts INTEGER,
    outcome TEXT, error TEXT
);
CREATE INDEX IF NOT EXISTS calls_by_brief ON calls (brief_id);
CREATE INDEX IF NOT EXISTS briefs_by_time ON briefs (started);
"""


def default_log_path() -> Path:
    """Where the call log lives unless told otherwise."""
    import platformdirs

    return Path(platformdirs.user_data_dir("summarizer")) / "logs.sqlite3"


class SQLiteCallLog:
    """A thread-safe SQLite log of briefs and their model calls (a ``store.CallLog``)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_log_path()
        self._lock = threading.Lock()
        self._secrets: set[str] = set()
        self._conn: sqlite3.Connection | None = self._connect()

    def _connect(self) -> sqlite3.Connection | None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path, timeout=10.0, check_same_thread=False, isolation_level=None
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            log.warning("call log unavailable at %s (not logging): %s", self.path, exc)
            return None
        return conn

    def hide(self, secret: str | None) -> None:
        """Never write ``secret``: it is replaced by ``***`` in everything logged."""
        if secret:
            self._secrets.add(secret)

    def _clean(self, text: str | None) -> str | None:
        for secret in self._secrets:
            text = text.replace(secret, "***") if text else text
        return text

    def _write(self, sql: str, params: Iterable[Any]) -> None:
        if self._conn is None:
            return
        cleaned = [self._clean(p) if isinstance(p, str) else p for p in params]
        try:
            with self._lock:
                self._conn.execute(sql, cleaned)
        except sqlite3.Error as exc:
            log.warning("call log write failed (logging stops): %s", exc)
            self._conn = None

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
        """Open a brief's row; returns its id (calls are logged under it)."""
        brief_id = uuid.uuid4().hex[:12]
        self._write(
            "INSERT INTO briefs (id, started, command, model, provider, base_url, strategy, "
            "sources, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running')",
            (brief_id, time.time(), command, model, provider, base_url, strategy,
             json.dumps(sources, ensure_ascii=False)),
        )  # fmt: skip
        return brief_id

    def record(self, brief_id: str, call: CallRecord) -> None:
        """Log one model call (or cache hit) of a brief."""
        self._write(
            "INSERT INTO calls (brief_id, started, model, provider, base_url, prompts, "
            "messages, response, prompt_tokens, completion_tokens, latency_s, attempts, "
            "outcome, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                brief_id, call.started, call.model, call.provider, call.base_url,
                json.dumps([p.model_dump() for p in call.prompts]),
                json.dumps(call.messages, ensure_ascii=False), call.response,
                call.usage.prompt_tokens, call.usage.completion_tokens,
                round(call.latency_s, 4), call.attempts, call.outcome, call.error,
            ),
        )  # fmt: skip

    def end(
        self,
        brief_id: str,
        *,
        usage: Usage,
        cost: float | None,
        latency_s: float,
        error: str | None = None,
    ) -> None:
        """Close a brief's row with its totals and outcome."""
        self._write(
            "UPDATE briefs SET prompt_tokens = ?, completion_tokens = ?, calls = ?, cost = ?, "
            "latency_s = ?, outcome = ?, error = ? WHERE id = ?",
            (usage.prompt_tokens, usage.completion_tokens, usage.calls, cost,
             round(latency_s, 4), "error" if error else "ok", error, brief_id),
        )  # fmt: skip

    def recent(self, limit: int = 20, query: str | None = None) -> list[dict[str, Any]]:
        """The latest briefs, newest first; ``query`` searches sources, messages, answers."""
        if self._conn is None:
            return []
        sql = "SELECT * FROM briefs"
        params: list[Any] = []
        if query:
            like = f"%{query}%"
            sql += (
                " WHERE sources LIKE ? OR model LIKE ? OR id IN (SELECT brief_id FROM calls "
                "WHERE messages LIKE ? OR response LIKE ?)"
            )
            params = [like, like, like, like]
        sql += " ORDER BY started DESC LIMIT ?"
        return self._rows(sql, [*params, limit])

    def show(self, brief_id: str) -> dict[str, Any] | None:
        """One brief (an id or a unique prefix of one) with every call, messages included."""
        found = self._rows("SELECT * FROM briefs WHERE id LIKE ? LIMIT 2", [brief_id + "%"])
        if len(found) != 1:
            return None
        brief = found[0]
        calls = self._rows("SELECT * FROM calls WHERE brief_id = ? ORDER BY id", [brief["id"]])
        for call in calls:
            call["messages"] = json.loads(call["messages"] or "[]")
            call["prompts"] = json.loads(call["prompts"] or "[]")
        brief["sources"] = json.loads(brief["sources"] or "[]")
        return {**brief, "calls": calls}

    def _rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        if self._conn is None:
            return []
        with self._lock:
            cursor = self._conn.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def close(self) -> None:
        """Close the connection (the file stays)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> SQLiteCallLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
