"""The SQLite response cache: protocol, threads, WAL, secrets, and hits through the pipeline.

Provider paths run against the loopback chat server (tests/support/chat_server.py);
nothing leaves the machine.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

import pytest
from support.chat_server import ChatServer

from summarizer import ConfigError, Limits, resolve_settings, summarize
from summarizer.cache import SQLiteCache, default_cache_path, open_cache
from summarizer.store import ResponseStore

ARTICLE = Path(__file__).parent.parent / "evals" / "suites" / "core" / "steel-tariff-wire.txt"
SECRET = "sk-test-0123456789abcdef-never-on-disk"


def test_is_a_response_store_and_round_trips(tmp_path: Path) -> None:
    with SQLiteCache(tmp_path / "c.sqlite3") as cache:
        assert isinstance(cache, ResponseStore)
        assert cache.get("k") is None
        cache.put("k", {"value": {"a": [1, "é"]}, "usage": {"calls": 1}, "attempts": 1})
        assert cache.get("k") == {"value": {"a": [1, "é"]}, "usage": {"calls": 1}, "attempts": 1}
        assert cache.stats()["hits"] == 1 and cache.stats()["misses"] == 1


def test_persists_across_instances_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with SQLiteCache(path) as cache:
        cache.put("k", {"value": 1})
    with SQLiteCache(path) as again:
        assert again.get("k") == {"value": 1}
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_only_model_output_and_usage_are_stored(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with SQLiteCache(path) as cache:
        cache.put("k", {"value": {"x": 1}, "usage": {}, "api_key": SECRET, "headers": SECRET})
        assert cache.get("k") == {"value": {"x": 1}, "usage": {}}
    assert SECRET.encode() not in path.read_bytes()


def test_replay_only_never_writes(tmp_path: Path) -> None:
    with SQLiteCache(tmp_path / "c.sqlite3", replay_only=True) as cache:
        cache.put("k", {"value": 1})
        assert cache.get("k") is None


def test_clear_and_stats(tmp_path: Path) -> None:
    with SQLiteCache(tmp_path / "c.sqlite3") as cache:
        for i in range(5):
            cache.put(f"k{i}", {"value": i})
        stats = cache.stats()
        assert stats["entries"] == 5 and stats["writes"] == 5 and stats["bytes"] > 0
        assert cache.clear() == 5
        assert cache.stats()["entries"] == 0 and cache.get("k0") is None


def test_safe_across_threads(tmp_path: Path) -> None:
    errors: list[BaseException] = []
    with SQLiteCache(tmp_path / "c.sqlite3") as cache:

        def work(t: int) -> None:
            try:
                for i in range(50):
                    cache.put(f"{t}-{i}", {"value": i})
                    assert cache.get(f"{t}-{i}") == {"value": i}
            except BaseException as exc:  # collected: a thread's failure must fail the test
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        assert cache.stats()["entries"] == 400


def test_default_path_is_the_user_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_path() == tmp_path / "summarizer" / "responses.sqlite3"
    with SQLiteCache() as cache:
        assert cache.path == tmp_path / "summarizer" / "responses.sqlite3"
    assert cache.path.exists()


def test_a_file_that_is_not_a_database_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ConfigError, match="--no-cache"):
        SQLiteCache(path)


def test_second_brief_is_a_cache_hit_with_no_request(tmp_path: Path) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    path = tmp_path / "c.sqlite3"
    with ChatServer() as server, SQLiteCache(path) as cache:
        settings = resolve_settings(
            model="local", base_url=server.base_url, api_key=SECRET, limits=Limits()
        )
        first = summarize(text, settings=settings, store=cache)
        sent = len(server.requests)
        second = summarize(text, settings=settings, store=cache)
        assert sent >= 1 and len(server.requests) == sent
    assert first.meta.cached_calls == 0 and second.meta.cached_calls == sent
    assert second.meta.attempts == 0
    assert second.model_dump(exclude={"meta"}) == first.model_dump(exclude={"meta"})
    assert SECRET.encode() not in path.read_bytes()
    wal = Path(f"{path}-wal")
    assert not wal.exists() or SECRET.encode() not in wal.read_bytes()


def _unopenable(kind: str, tmp_path: Path) -> Path:
    """A cache path that cannot be opened, even by root (chmod does not stop root)."""
    if kind == "under-a-file":  # ENOTDIR: the cache directory is a regular file
        (tmp_path / "file").write_text("x", "utf-8")
        return tmp_path / "file" / "summarizer" / "responses.sqlite3"
    if kind == "read-only-fs":  # /proc takes no new files or directories
        return Path("/proc/summarizer-test/responses.sqlite3")
    (tmp_path / "dir.sqlite3").mkdir()  # the database file is a directory
    return tmp_path / "dir.sqlite3"


@pytest.mark.parametrize("kind", ["under-a-file", "read-only-fs", "a-directory"])
def test_a_cache_that_cannot_be_opened_is_one_warning_and_none(
    kind: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _unopenable(kind, tmp_path)
    with pytest.raises(ConfigError):
        SQLiteCache(path)  # asked for directly, it is an error that says what to do
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="summarizer.cache"):
        assert open_cache(path) is None
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "running without the response cache" in caplog.records[0].getMessage()


def test_a_cache_that_cannot_write_warns_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with SQLiteCache(tmp_path / "c.sqlite3") as cache:
        cache.put("old", {"value": 1})
        cache._conn.execute("PRAGMA query_only = ON")  # writes now fail, as on a read-only fs
        with caplog.at_level(logging.DEBUG, logger="summarizer.cache"):
            for i in range(5):
                cache.put(f"k{i}", {"value": i})
        assert cache.get("old") == {"value": 1} and cache.get("k0") is None  # reads still work
    levels = [r.levelname for r in caplog.records]
    assert levels == ["WARNING"] + ["DEBUG"] * 4
