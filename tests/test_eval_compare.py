"""Paired-bootstrap comparison and the gate; run_suite end to end with a fake pipeline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from summarizer.evaluate.aggregate import aggregate
from summarizer.evaluate.cassette import CassetteStore
from summarizer.evaluate.compare import bootstrap_ci, compare_runs, promote
from summarizer.evaluate.gold import gold_brief, load_suite
from summarizer.evaluate.metrics import ActorScore, ArticleScore, FieldScore
from summarizer.evaluate.run import RunResult, load_run, run_suite
from summarizer.settings import Settings

MINI = Path(__file__).parent / "fixtures" / "evals" / "mini"


def _article(i: int, strict: int, *, n: int = 5, valid: bool = True) -> ArticleScore:
    """An article with n gold and n predicted positions, ``strict`` of them strictly right.

    With n = 5, one fewer strict match lowers the article's strict F1 by exactly 0.2.
    """
    positions = FieldScore(
        n_pred=n,
        n_gold=n,
        content_tp=n,
        strict_tp=strict,
        actor_ok=strict,
        actor_n=n,
    )
    return ArticleScore(
        id=f"art-{i:02d}",
        schema_valid=valid,
        actors=ActorScore(n_pred=3, n_gold=3, tp=3),
        fields={"positions": positions, "demands": FieldScore(), "open_questions": FieldScore()},
        evidence_spans=n,
        grounded_spans=n,
    )


def _run(articles: list[ArticleScore], **extra) -> RunResult:
    fields = {
        "git_sha": "abc",
        "created_at": "2026-01-01T00:00:00+00:00",
        "suite": "core",
        "model": "m",
        "provider": "p",
        "mode": "replay",
        "prompts": {"full": "aaa"},
    }
    return RunResult(**{**fields, **extra}, articles=articles, aggregates=aggregate(articles))


@pytest.fixture
def base() -> RunResult:
    # Varying strict counts per article, so the bootstrap has something to resample.
    return _run([_article(i, 5 - i % 3) for i in range(20)])


def test_identical_runs_pass_with_zero_delta(base: RunResult) -> None:
    c = compare_runs(base, base)
    assert c.exit_code == 0 and not c.gate_failures and not c.warnings
    d = c.deltas["strict_f1"]
    assert d.delta == pytest.approx(0.0) and d.ci_low == pytest.approx(0.0)
    assert d.ci_high == pytest.approx(0.0) and d.n == 20
    assert c.regressions == []


def test_lowering_every_article_by_point_two_fails(base: RunResult) -> None:
    new = _run([_article(i, 4 - i % 3) for i in range(20)])
    c = compare_runs(new, base)
    d = c.deltas["strict_f1"]
    assert d.delta == pytest.approx(-0.2)
    assert d.ci_high < 0  # the interval excludes 0
    assert c.exit_code == 1
    assert any("strict F1 regressed" in f for f in c.gate_failures)
    assert len(c.regressions) == 5
    assert c.deltas["content_f1"].delta == pytest.approx(0.0)


def test_small_drop_within_tolerance_passes(base: RunResult) -> None:
    # One article of twenty loses 0.2: mean Δ -0.01, inside the 0.02 tolerance.
    new = _run([_article(i, (5 - i % 3) - (i == 0)) for i in range(20)])
    c = compare_runs(new, base)
    assert c.exit_code == 0
    assert [r.id for r in c.regressions] == ["art-00"]


def test_hard_gate_failure_fails_even_without_regression(base: RunResult) -> None:
    new = _run([_article(i, 5 - i % 3, valid=i != 3) for i in range(20)])
    c = compare_runs(new, base)
    assert c.deltas["strict_f1"].delta == pytest.approx(0.0)
    assert c.exit_code == 1 and any("schema validity" in f for f in c.gate_failures)


def test_mismatched_runs_pair_what_they_share(base: RunResult) -> None:
    new = _run([_article(i, 5 - i % 3) for i in range(5, 25)], prompts={"full": "bbb"})
    c = compare_runs(new, base)
    assert len(c.paired) == 15 and len(c.only_base) == 5 and len(c.only_new) == 5
    assert any("prompt hashes differ: full" in w for w in c.warnings)
    assert any("unpaired" in w for w in c.warnings)
    assert c.exit_code == 0


def test_no_common_articles_fails(base: RunResult) -> None:
    new = _run([_article(i, 5) for i in range(50, 53)])
    assert compare_runs(new, base).exit_code == 1


def test_bootstrap_ci_is_seeded_and_covers_the_mean() -> None:
    deltas = np.random.default_rng(1).normal(0.0, 0.1, size=40)
    a = bootstrap_ci(deltas, resamples=2000, seed=7)
    assert a == bootstrap_ci(deltas, resamples=2000, seed=7)
    assert a[0] < deltas.mean() < a[1]


def test_run_files_round_trip_and_promote(tmp_path: Path, base: RunResult) -> None:
    path = base.save(tmp_path / "runs" / "r.json")
    assert load_run(path) == base
    assert compare_runs(path, path).exit_code == 0
    dest = promote(path, tmp_path / "baselines")
    assert dest == tmp_path / "baselines" / "core" / "m.json"
    assert load_run(dest) == base


def test_run_suite_with_fake_pipeline(tmp_path: Path) -> None:
    golds = {a.text: a for a in load_suite(MINI)}

    def fake(text: str, *, settings: Settings, store: object = None, title: str | None = None):
        assert isinstance(store, CassetteStore) and store.replay_only
        if title and title.startswith("Grocer"):
            raise RuntimeError("model fell over")
        return gold_brief(golds[text])

    out = tmp_path / "run.json"
    run = run_suite(
        MINI,
        settings=Settings(model="fake-model"),
        mode="replay",
        cassette_dir=tmp_path / "cassettes",
        out_path=out,
        summarize_fn=fake,
    )
    assert run.suite == "mini" and run.model == "fake-model" and run.git_sha
    assert run.article("harbour-talks").strict_f1 == 1.0
    failed = run.article("grocer-bid")
    assert not failed.schema_valid and "RuntimeError" in failed.error
    assert run.aggregates.gates.schema_validity == 0.5
    assert load_run(out) == run
    row = run.article("harbour-talks").matches[0]
    assert {"gold_id", "gold_text", "pred_text", "similarity", "matched", "actor_ok"} <= set(
        row.model_dump()
    )


def test_record_then_replay_through_the_real_pipeline(tmp_path: Path) -> None:
    """Record against the loopback chat server, then replay with no server at all."""
    from support import chat_server as chat

    import summarizer

    cassettes = tmp_path / "cassettes"
    with chat.ChatServer() as server:
        live = summarizer.resolve_settings(model="loop", base_url=server.base_url, api_key="x")
        recorded = run_suite(MINI, settings=live, mode="record", cassette_dir=cassettes)
    assert (cassettes / "mini" / "loop.json").exists()
    assert recorded.aggregates.gates.schema_ok and recorded.prompts
    # The same endpoint (it is part of the response key), now with no server behind it.
    dead = summarizer.resolve_settings(model="loop", base_url=server.base_url, api_key="x")
    replayed = run_suite(MINI, settings=dead, mode="replay", cassette_dir=cassettes)
    assert replayed.cassette_misses == 0
    assert [a.strict_f1 for a in replayed.articles] == [a.strict_f1 for a in recorded.articles]
    missed = run_suite(
        MINI, settings=dead.with_(temperature=0.5), mode="replay", cassette_dir=cassettes
    )
    assert all(a.error and a.error.startswith("CassetteMissError") for a in missed.articles)
    assert compare_runs(missed, replayed).exit_code == 1
