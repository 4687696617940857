"""Promises that only a planted bug would break, tested through their public surface.

Each test here was written against a deliberate bug planted in a copy of the code: the
CI gate (`summarizer eval compare`) always exiting 0, and the Retry-After wait losing its
cap. The suite must fail with each of them; these are the tests that make it fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from support.chat_server import ChatServer

from summarizer import Limits, summarize
from summarizer.evaluate.aggregate import aggregate
from summarizer.evaluate.metrics import ActorScore, ArticleScore, FieldScore
from summarizer.evaluate.run import RunResult

ROOT = Path(__file__).resolve().parents[1]


def _article(i: int, strict: int) -> ArticleScore:
    positions = FieldScore(
        n_pred=5, n_gold=5, content_tp=5, strict_tp=strict, actor_ok=5, actor_n=5
    )
    return ArticleScore(
        id=f"art-{i:02d}",
        schema_valid=True,
        actors=ActorScore(n_pred=3, n_gold=3, tp=3),
        fields={"positions": positions, "demands": FieldScore(), "open_questions": FieldScore()},
        evidence_spans=5,
        grounded_spans=5,
    )


def _run_file(path: Path, strict: list[int]) -> Path:
    articles = [_article(i, s) for i, s in enumerate(strict)]
    run = RunResult(
        git_sha="abc",
        created_at="2026-01-01T00:00:00+00:00",
        suite="core",
        model="m",
        provider="p",
        mode="replay",
        prompts={"full": "aaa"},
        articles=articles,
        aggregates=aggregate(articles),
    )
    return run.save(path)


def _compare(base: Path, new: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "summarizer.cli", "eval", "compare", str(base), str(new)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )


def test_the_ci_gate_exits_1_on_a_regression_and_0_without(tmp_path: Path) -> None:
    base = _run_file(tmp_path / "base.json", [5 - i % 3 for i in range(20)])
    worse = _run_file(tmp_path / "worse.json", [4 - i % 3 for i in range(20)])
    same = _compare(base, base)
    assert same.returncode == 0, same.stderr
    regressed = _compare(base, worse)
    assert regressed.returncode == 1, regressed.stdout + regressed.stderr
    assert "strict F1" in regressed.stdout + regressed.stderr


class _Timed(ChatServer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.arrivals: list[float] = []

    def _next_fault(self) -> str:
        self.arrivals.append(time.monotonic())
        return super()._next_fault()


def test_a_long_retry_after_is_capped_by_the_max_wait() -> None:
    # A server asking for an hour's pause must not stall a brief past transport_max_wait_s.
    limits = Limits(request_timeout_s=2.0, transport_max_wait_s=0.3, transport_total_s=10.0)
    with _Timed() as server:
        server.retry_after = "3600"
        server.fail_next("429")
        summarize(
            "The union said the strike would go on. Managers urged staff to return.",
            model="local",
            base_url=server.base_url,
            strategy="full",
            limits=limits,
        )
    gap = server.arrivals[1] - server.arrivals[0]
    assert 0.3 <= gap < 1.5, gap
