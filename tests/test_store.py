"""Response stores: passed explicitly, typed by small protocols, keyed by endpoint too."""

from __future__ import annotations

from pathlib import Path

from support.chat_server import ChatServer

from summarizer import summarize
from summarizer.cache import SQLiteCache
from summarizer.evaluate.cassette import CassetteStore
from summarizer.providers.openai_batch import AnswerStore, BatchAnswers, DeferringStore
from summarizer.settings import Settings, resolve_settings
from summarizer.store import BriefCache, MemoryStore, ResponseStore, response_key
from summarizer.store import DeferringStore as Deferring

ARTICLE = (Path(__file__).resolve().parents[1] / "examples" / "harbour-strike.txt").read_text(
    encoding="utf-8"
)
KEY = "sk-store-test-SECRET-42"


def test_each_store_meets_exactly_the_protocols_it_implements(tmp_path: Path) -> None:
    with SQLiteCache(tmp_path / "c.sqlite3") as cache:
        assert isinstance(cache, ResponseStore) and isinstance(cache, BriefCache)
        assert not isinstance(cache, Deferring)
    deferring = DeferringStore()
    assert isinstance(deferring, ResponseStore) and isinstance(deferring, Deferring)
    assert not isinstance(deferring, BriefCache)
    for plain in (
        MemoryStore(),
        CassetteStore(tmp_path / "t.json", "record"),
        AnswerStore(BatchAnswers("b", set())),
    ):
        assert isinstance(plain, ResponseStore)
        assert not isinstance(plain, Deferring) and not isinstance(plain, BriefCache)


def test_settings_hold_no_store_and_stay_hashable() -> None:
    settings = Settings()
    assert "store" not in repr(settings) and hash(settings) == hash(Settings())


def _settings(server: ChatServer) -> Settings:
    return resolve_settings(
        model="same-name", base_url=server.base_url, api_key=KEY, env={}, strategy="full"
    )


def test_two_endpoints_serving_one_model_name_never_share_an_answer() -> None:
    store = MemoryStore()
    with ChatServer() as a, ChatServer() as b:
        first = summarize(ARTICLE, settings=_settings(a), store=store)
        kept = len(store.items)
        again = summarize(ARTICLE, settings=_settings(a), store=store)
        other = summarize(ARTICLE, settings=_settings(b), store=store)
    assert len(a.requests) == kept and again.meta.cached_calls == kept
    # Same model name, same prompt, another server: its own request, its own entry.
    assert len(b.requests) == kept and other.meta.cached_calls == 0
    assert len(store.items) == 2 * kept
    assert KEY not in repr(store.items)
    assert first.model_dump(exclude={"meta"}) == other.model_dump(exclude={"meta"})


def test_the_key_names_the_endpoint_but_never_the_api_key() -> None:
    parts = {"model": "m", "messages": [{"role": "user", "content": "x"}], "schema": {}}
    parts["params"] = {"temperature": 0.0}
    plain = response_key(**parts)
    one = response_key(**parts, endpoint={"provider": "openai", "base_url": "http://a.invalid/v1"})
    two = response_key(**parts, endpoint={"provider": "openai", "base_url": "http://b.invalid/v1"})
    assert len({plain, one, two}) == 3
    with_key = _settings_key(KEY)
    assert with_key == _settings_key("sk-another-key")


def _settings_key(api_key: str) -> str:
    from summarizer.caller import Caller
    from summarizer.draft import Draft
    from summarizer.prompt import Chat
    from summarizer.providers import Query

    settings = resolve_settings(model="m", base_url="http://a.invalid/v1", api_key=api_key, env={})
    chat = Chat(messages=[{"role": "user", "content": "x"}], refs=())
    return Caller(settings).key(chat, Query(chat.messages, Draft, {}, 100))
