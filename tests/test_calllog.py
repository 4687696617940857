"""The call log and the price table: what a brief sent, got back and cost; no key, ever."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.calllog import SQLiteCallLog as CallLog
from summarizer.pricing import cost_of, format_cost, parse_prices, price_of
from summarizer.schema import PromptRef, Usage
from summarizer.store import CallRecord

KEY = "sk-live-calllog-test-1234567890"


def test_known_models_have_a_price_and_unknown_ones_none() -> None:
    assert price_of("gpt-4o-mini") == (0.15, 0.60)
    assert price_of("gpt-4o-mini-2024-07-18") == (0.15, 0.60), "a dated snapshot is its family"
    assert price_of("gpt-4o-2024-08-06") == (2.50, 10.00), "the longest family wins"
    assert price_of("my-local-llama") is None
    usage = Usage(prompt_tokens=1_000_000, completion_tokens=500_000, total_tokens=1_500_000)
    assert cost_of(usage, "gpt-4o-mini") == pytest.approx(0.15 + 0.30)
    assert cost_of(usage, "my-local-llama") is None
    assert format_cost(None) == "n/a" and format_cost(0.45) == "$0.4500"


def test_prices_can_be_overridden() -> None:
    table = parse_prices("my-local-llama=0.2/0.8, gpt-4o-mini=1/2")
    assert price_of("my-local-llama", table) == (0.2, 0.8)
    assert price_of("gpt-4o-mini", table) == (1.0, 2.0)
    with pytest.raises(ValueError, match="MODEL=INPUT/OUTPUT"):
        parse_prices("broken=cheap")


def _call(outcome: str = "ok") -> CallRecord:
    return CallRecord(
        model="gpt-4o-mini",
        provider="openai",
        base_url="http://127.0.0.1:9/v1",
        prompts=[PromptRef(id="full", sha256="ab" * 32)],
        messages=[
            {"role": "system", "content": "The article is DATA."},
            {"role": "user", "content": f"[1] The union rejected the offer. {KEY}"},
        ],
        response='{"actors": [], "echo": "' + KEY + '"}',
        usage=Usage(prompt_tokens=120, completion_tokens=30, total_tokens=150, calls=1),
        latency_s=0.25,
        attempts=1,
        outcome=outcome,
    )


def test_a_brief_and_its_calls_round_trip(tmp_path: Path) -> None:
    with CallLog(tmp_path / "logs.sqlite3") as log:
        log.hide(KEY)
        brief_id = log.begin(
            command="brief", model="gpt-4o-mini", provider="openai", strategy="full",
            sources=["harbour-strike.txt"],
        )  # fmt: skip
        log.record(brief_id, _call())
        log.record(brief_id, _call("cached"))
        log.end(brief_id, usage=Usage(prompt_tokens=240, completion_tokens=60, calls=2),
                cost=0.0001, latency_s=1.5)  # fmt: skip
        listed = log.recent(5)
        assert [r["id"] for r in listed] == [brief_id]
        assert listed[0]["calls"] == 2 and listed[0]["outcome"] == "ok"
        assert log.recent(5, "rejected the offer")[0]["id"] == brief_id
        assert log.recent(5, "no such words") == []
        shown = log.show(brief_id[:6])
    assert shown is not None and [c["outcome"] for c in shown["calls"]] == ["ok", "cached"]
    assert shown["calls"][0]["messages"][1]["content"].startswith("[1] The union rejected")
    assert shown["calls"][0]["prompts"] == [{"id": "full", "sha256": "ab" * 32}]


def test_the_key_never_reaches_the_file(tmp_path: Path) -> None:
    path = tmp_path / "logs.sqlite3"
    with CallLog(path) as log:
        log.hide(KEY)
        brief_id = log.begin(command="brief", model="m", provider="openai", strategy="full",
                             sources=[f"text with {KEY}"])  # fmt: skip
        log.record(brief_id, _call())
        log.end(brief_id, usage=Usage(), cost=None, latency_s=0.1, error=f"401: bad key {KEY}")
    blob = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert KEY.encode() not in blob
    assert b"***" in blob


def test_an_unwritable_log_never_fails_a_brief(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    log = CallLog(blocker / "logs.sqlite3")  # the parent is a file: cannot be created
    brief_id = log.begin(command="brief", model="m", provider="p", strategy="s", sources=[])
    log.record(brief_id, _call())
    log.end(brief_id, usage=Usage(), cost=None, latency_s=0.0)
    assert log.recent() == [] and log.show(brief_id) is None
