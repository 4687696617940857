"""A persistent response cache: model answers in SQLite, keyed by the response key.

:class:`SQLiteCache` implements the :class:`~summarizer.store.ResponseStore` protocol,
so the :class:`~summarizer.caller.Caller` consults it before waking a model. Keys come
from :func:`~summarizer.store.response_key`, which hashes the model, the endpoint
(provider and base URL), the messages (so the article text), the response schema and the
sampling parameters: a changed prompt, article, server or setting is a different key,
never a stale hit.

Values are model outputs and usage only (``value``, ``usage``, ``attempts``,
``latency_s``); anything else a caller hands to :meth:`SQLiteCache.put` is dropped, so
no API key or header can end up on disk.

Concurrency: one connection shared under a lock (``summarize_async`` runs pipelines in
executor threads), WAL journal mode so several processes can read while one writes, and
a busy timeout instead of "database is locked" failures. A cache never fails a brief: a
read or write error is logged (one warning per cache, then debug lines) and treated as
a miss, and :func:`open_cache` gives None, with one warning, for a cache that cannot be
opened at all (a read-only filesystem, a cache directory that is a file).

Whole briefs are cached too (:meth:`SQLiteCache.get_brief`), under
:func:`brief_key`: the source text's hash, the model and provider settings, every prompt
template's hash, the schema version and a fingerprint of the pipeline's own code. A
rerun of a batch then costs a lookup per article instead of the pipeline's CPU, and a
change to any prompt, setting or pipeline module is a different key, never a stale brief.

Default location: ``platformdirs.user_cache_dir("summarizer")/responses.sqlite3``
(``$XDG_CACHE_HOME/summarizer/`` on Linux).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import platformdirs

from summarizer.errors import ConfigError
from summarizer.prompt import set_fingerprint
from summarizer.schema import SCHEMA_VERSION, Brief, Source
from summarizer.settings import Settings

log = logging.getLogger("summarizer.cache")

#: The only fields of a stored answer that are kept (model output and what it cost).
STORED_FIELDS = ("value", "usage", "attempts", "latency_s")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created REAL NOT NULL
)
"""


@cache
def pipeline_fingerprint() -> str:
    """A hash of the package's code and prompt templates, computed once per process."""
    digest = hashlib.sha256()
    root = resources.files("summarizer")
    files = sorted(
        (p for pattern in ("**/*.py", "prompts/*.j2") for p in Path(str(root)).glob(pattern)),
        key=lambda p: p.as_posix(),
    )
    for path in files:
        digest.update(path.relative_to(Path(str(root))).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def brief_key(source: Source, settings: Settings) -> str:
    """The key of a whole brief: everything that decides its content, and nothing secret."""
    text_hash = source.sha256 or hashlib.sha256(source.text.encode("utf-8")).hexdigest()
    payload = json.dumps(
        {
            "text": text_hash,
            "title": source.title,
            "url": source.url,
            "model": settings.model,
            "provider": settings.provider,
            "base_url": settings.base_url,
            "model_path": str(settings.model_path) if settings.model_path else None,
            "params": [
                settings.strategy,
                settings.mode,
                settings.temperature,
                settings.seed,
                settings.context_tokens,
            ],
            "schema": SCHEMA_VERSION,
            "code": pipeline_fingerprint(),
            # Overriding templates (--prompts): an edited prompt is a different brief.
            "prompts": set_fingerprint(settings.prompts_dir),
        },
        sort_keys=True,
    )
    return "brief:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


def default_cache_path() -> Path:
    """Where the cache lives unless told otherwise."""
    return Path(platformdirs.user_cache_dir("summarizer")) / "responses.sqlite3"


def open_cache(path: str | Path | None = None) -> SQLiteCache | None:
    """The cache at ``path`` (default: :func:`default_cache_path`), or None with one
    warning when it cannot be opened: a cache only saves work, so a run goes on without.
    """
    try:
        return SQLiteCache(path)
    except ConfigError as exc:
        where = Path(path) if path is not None else default_cache_path()
        log.warning("running without the response cache at %s: %s", where, exc.__cause__ or exc)
        return None


class SQLiteCache:
    """A thread-safe ResponseStore in one SQLite file."""

    def __init__(self, path: str | Path | None = None, replay_only: bool = False) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self.replay_only = replay_only
        self.hits = 0
        self.misses = 0
        self.writes = 0
        self._lock = threading.Lock()
        self._warned = False
        self._conn = self._connect()

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # check_same_thread=False: the lock below serialises use across threads.
            conn = sqlite3.connect(
                self.path, timeout=10.0, check_same_thread=False, isolation_level=None
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise ConfigError(
                f"cannot open the response cache at {self.path}: {exc}; "
                "delete the file or run with --no-cache"
            ) from exc
        return conn

    def get(self, key: str) -> dict[str, Any] | None:
        """The cached answer for ``key``, or None."""
        try:
            with self._lock:
                row = self._conn.execute(
                    "SELECT value FROM responses WHERE key = ?", (key,)
                ).fetchone()
            value = json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError) as exc:
            self._trouble("cache read failed (treated as a miss): %s", exc)
            value = None
        with self._lock:
            if value is None:
                self.misses += 1
            else:
                self.hits += 1
        return value

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Keep an answer (model output and usage only); ignored in replay mode."""
        if self.replay_only:
            return
        kept = {k: value[k] for k in STORED_FIELDS if k in value}
        text = json.dumps(kept, ensure_ascii=False, separators=(",", ":"))
        try:
            with self._lock:
                self._conn.execute(
                    "INSERT OR REPLACE INTO responses (key, value, created) VALUES (?, ?, ?)",
                    (key, text, time.time()),
                )
                self.writes += 1
        except sqlite3.Error as exc:
            self._trouble("cache write failed (answer not cached): %s", exc)

    def _trouble(self, message: str, exc: Exception) -> None:
        """Warn once per cache: a read-only cache fails every write the same way."""
        with self._lock:
            first, self._warned = not self._warned, True
        log.log(logging.WARNING if first else logging.DEBUG, message, exc)

    def get_brief(self, key: str) -> Brief | None:
        """A cached whole brief, or None."""
        hit = self.get(key)
        try:
            return Brief.model_validate(hit["value"]) if hit else None
        except (KeyError, ValueError) as exc:
            log.warning("cached brief unreadable (treated as a miss): %s", exc)
            return None

    def put_brief(self, key: str, brief: Brief) -> None:
        """Keep a whole brief (it holds no secret: sources, claims and run metadata)."""
        self.put(key, {"value": brief.model_dump(mode="json")})

    def clear(self) -> int:
        """Delete every cached answer; returns how many there were."""
        with self._lock:
            removed = self._conn.execute("DELETE FROM responses").rowcount
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed

    def stats(self) -> dict[str, Any]:
        """Entries and size on disk, plus this session's hits, misses and writes."""
        with self._lock:
            entries = self._conn.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
        size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())
        return {
            "path": str(self.path),
            "entries": entries,
            "bytes": size,
            "hits": self.hits,
            "misses": self.misses,
            "writes": self.writes,
        }

    def close(self) -> None:
        """Close the connection (the file stays)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SQLiteCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
