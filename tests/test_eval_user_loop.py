"""The regression loop as a user runs it, from an empty directory outside the checkout.

``eval init`` → ``eval run --replay`` → a copied, edited prompt run with ``--prompts``
against a loopback model → ``eval compare`` gates the change (a harmless edit passes, a
harmful one fails, and the A/B page shows the claims it lost). ``eval draft`` then
``eval check`` round-trips on the example articles. Every command is a subprocess.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from support.chat_server import ChatServer
from support.cli import run_cli
from support.oracle_server import OracleServer

from summarizer.evaluate.gold import load_suite
from summarizer.prompt import load_template

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
HARMFUL = "Leave out every demand: report positions and open questions only."


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return run_cli(*args, cwd=cwd, env=env, timeout=300)


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stderr
    return result


class ObedientOracle(OracleServer):
    """The oracle, but it obeys a prompt that tells it to leave demands out."""

    def arguments(self, request: dict[str, Any]) -> tuple[str, str, Any]:
        name, content, record = super().arguments(request)
        said = " ".join(str(m.get("content", "")) for m in request.get("messages", []))
        if name == "Draft" and HARMFUL in said:
            draft = json.loads(content)
            draft["demands"] = []
            content = json.dumps(draft)
        return name, content, record


def test_init_replay_edit_a_prompt_and_gate_it(tmp_path: Path) -> None:
    assert ROOT not in tmp_path.parents
    init = ok(cli("eval", "init", "suite", cwd=tmp_path))
    assert "eval run --suite suite --replay" in init.stderr
    suite = tmp_path / "suite"
    assert len(list(suite.glob("*.gold.json"))) == 4
    assert json.loads((suite / "baselines" / "heuristic.json").read_text())["baseline"]

    # 1. Replay the recorded answers that ship with the starter: no model, no network.
    # The embedded model is named: with no key the offline default is the cue engine.
    replay_run = ["eval", "run", "--suite", "suite", "--replay", "--model", "smollm2-135m-instruct"]
    ok(cli(*replay_run, "-o", "replay.json", cwd=tmp_path))
    replay = json.loads((tmp_path / "replay.json").read_text())
    assert replay["cassette_misses"] == 0, replay["cassette"]
    tape = (tmp_path / replay["cassette"]).resolve()
    assert tape == suite / "cassettes" / "smollm2-135m-instruct.json"
    assert replay["aggregates"]["gates"]["schema_validity"] == 1.0
    gate = cli("eval", "compare", "suite/baselines/heuristic.json", "replay.json", cwd=tmp_path)
    assert gate.returncode in (0, 1) and "Usage and cost per run" in gate.stdout

    # 2. A loopback model: record, then replay the cassette beside the suite.
    ok(cli("prompts", "copy", "prompts", cwd=tmp_path))
    with ObedientOracle(load_suite(suite)) as server:
        model = ["--model", "oracle", "--base-url", server.base_url, "--strategy", "full"]
        run = ["eval", "run", "--suite", "suite", *model]
        ok(cli(*run, "--record", "-o", "a.json", cwd=tmp_path))
        assert (suite / "cassettes" / "oracle.json").is_file()
        asked = len(server.requests)
        ok(cli(*run, "--replay", "-o", "a-replayed.json", cwd=tmp_path))
        assert len(server.requests) == asked  # the replay asked nothing

        # 3. A harmless edit of a copied prompt, then a harmful one, run with --prompts.
        full = tmp_path / "prompts" / "full.j2"
        full.write_text(full.read_text() + "\nWrite each stance in plain words.\n")
        ok(cli(*run, "--prompts", "prompts", "--record", "-o", "b.json", cwd=tmp_path))
        assert (suite / "cassettes" / "oracle+prompts.json").is_file()  # beside A's tape
        asked = len(server.requests)
        ok(cli(*run, "--prompts", "prompts", "--replay", "-o", "b2.json", cwd=tmp_path))
        ok(cli(*run, "--replay", "-o", "a3.json", cwd=tmp_path))  # A's answers are still there
        assert len(server.requests) == asked
        full.write_text(full.read_text() + "\n" + HARMFUL + "\n")
        ok(cli(*run, "--prompts", "prompts", "-c", "4", "-o", "c.json", cwd=tmp_path))

    a, a2, b, c = (
        json.loads((tmp_path / f).read_text())
        for f in ("a.json", "a-replayed.json", "b.json", "c.json")
    )
    scores = [(x["id"], x["strict_f1"]) for x in a["articles"]]
    assert scores == [(x["id"], x["strict_f1"]) for x in a2["articles"]]
    for replayed in ("a3.json", "b2.json"):
        assert json.loads((tmp_path / replayed).read_text())["cassette_misses"] == 0
    packaged = load_template("full").sha256
    assert a["prompts"]["full"] == packaged
    assert b["prompts"]["full"] not in (packaged, c["prompts"]["full"])
    assert b["prompts"]["system"] == a["prompts"]["system"]  # copied, unchanged: same hash
    assert all(
        {"full": b["prompts"]["full"]}.items()
        <= {p["id"]: p["sha256"] for p in x["brief"]["meta"]["prompts"]}.items()
        for x in b["articles"]
    )

    # 4. The gate: the harmless change passes, the harmful one fails; the A/B page says why.
    passed = cli("eval", "compare", "a.json", "b.json", cwd=tmp_path)
    assert passed.returncode == 0, passed.stdout
    assert "prompt hashes differ: full" in passed.stdout
    failed = cli("eval", "compare", "a.json", "c.json", "--report", "ab.html", cwd=tmp_path)
    assert failed.returncode == 1, failed.stdout
    assert "strict F1 regressed" in failed.stdout
    page = (tmp_path / "ab.html").read_text()
    assert "Gate: FAIL" in page and "(changed)" in page
    demands_a_got = sum(
        1
        for x in a["articles"]
        for m in x["matches"]
        if m["field"] == "demands" and m["matched"] and m["actor_ok"] is not False
    )
    assert page.count('<td class="loss">') == demands_a_got > 0
    assert 'class="win"' not in page
    assert "n/a" in page and "$0.0000" not in page  # "oracle" has no price: tokens, n/a


def test_draft_then_check_round_trips_on_the_examples(tmp_path: Path) -> None:
    drafted = ok(
        cli(
            "eval",
            "draft",
            *map(str, EXAMPLES),
            "-o",
            "drafts",
            "--model",
            "heuristic",
            cwd=tmp_path,
        )
    )
    assert drafted.stderr.count("drafted ") == len(EXAMPLES)
    golds = sorted((tmp_path / "drafts").glob("*.gold.json"))
    assert [g.name.removesuffix(".gold.json") for g in golds] == [e.stem for e in EXAMPLES]
    for path in golds:
        gold = json.loads(path.read_text())
        assert gold["draft"] is True and "LABELLING.md" in gold["note"]
        text = path.with_name(gold["id"] + ".txt").read_text()
        spans = [
            s
            for f in ("positions", "demands", "open_questions")
            for i in gold[f]
            for s in i["evidence"]
        ]
        assert spans and all(s in text for s in spans)
    check = ok(cli("eval", "check", "drafts", cwd=tmp_path))
    assert check.stdout.endswith(
        f"checked {len(EXAMPLES)} gold files: 0 problem(s), {len(EXAMPLES)} draft(s)\n"
    )
    # The drafts are a suite: the heuristic scores itself perfectly against its own drafts.
    run = ok(cli("eval", "run", "--suite", "drafts", "--baseline", "-o", "d.json", cwd=tmp_path))
    assert "uncorrected drafts" in run.stderr
    assert (
        json.loads((tmp_path / "d.json").read_text())["aggregates"]["all_fields"]["strict_f1"]
        == 1.0
    )

    # A hand edit that breaks a span is caught with check_gold's message, exit 1.
    first = golds[0]
    gold = json.loads(first.read_text())
    gold["positions"][0]["evidence"] = ["words the article never says"]
    del gold["draft"], gold["note"]
    first.write_text(json.dumps(gold))
    bad = cli("eval", "check", "drafts", cwd=tmp_path)
    assert bad.returncode == 1
    assert (
        f"drafts/{first.name}: positions[0]: evidence not verbatim: 'words the article never says'"
        in bad.stdout
    )


def test_draft_with_the_configured_model(tmp_path: Path) -> None:
    with ChatServer() as server:
        env = {"OPENAI_BASE_URL": server.base_url, "SUMMARIZER_MODEL": "local"}
        ok(
            cli(
                "eval",
                "draft",
                str(EXAMPLES[0]),
                "-o",
                "d",
                "--strategy",
                "full",
                cwd=tmp_path,
                env=env,
            )
        )
        assert server.requests
    gold = json.loads(next((tmp_path / "d").glob("*.gold.json")).read_text())
    assert "DRAFT written by local" in gold["note"]
    ok(cli("eval", "check", "d", cwd=tmp_path))


def test_suites_outside_a_checkout_name_their_way_out(tmp_path: Path) -> None:
    missing = cli("eval", "run", "--suite", "core", "--replay", "-o", "r.json", cwd=tmp_path)
    assert missing.returncode == 2
    assert "summarizer eval init DIR" in missing.stderr
    ok(cli("eval", "init", "s", cwd=tmp_path))
    again = cli("eval", "init", "s", cwd=tmp_path)
    assert again.returncode == 2 and "already holds a suite" in again.stderr
    ok(cli("eval", "run", "--suite", "s", "--baseline", "-o", "r.json", cwd=tmp_path))
    promoted = ok(cli("eval", "promote", "r.json", cwd=tmp_path))
    assert str(Path("s") / "baselines" / "heuristic.json") in promoted.stderr or (
        str(tmp_path / "s" / "baselines" / "heuristic.json") in promoted.stderr
    )
    elsewhere = ok(cli("eval", "promote", "r.json", "--baselines", "blessed", cwd=tmp_path))
    assert (tmp_path / "blessed" / "heuristic.json").is_file(), elsewhere.stderr


@pytest.mark.parametrize("where", ["checkout", "anywhere"])
def test_cassettes_and_baselines_default_beside_the_suite(tmp_path: Path, where: str) -> None:
    from summarizer.evaluate.suites import suite_paths

    if where == "checkout":
        paths = suite_paths(ROOT / "evals" / "suites" / "core")
        assert paths.cassettes == ROOT / "evals" / "cassettes" / "core"
        assert paths.baselines == ROOT / "evals" / "baselines" / "core"
    else:
        paths = suite_paths(tmp_path / "mine")
        assert paths.cassettes == tmp_path / "mine" / "cassettes"
        assert paths.baselines == tmp_path / "mine" / "baselines"
    given = suite_paths(tmp_path / "mine", cassettes=tmp_path / "c", baselines=tmp_path / "b")
    assert (given.cassettes, given.baselines) == (tmp_path / "c", tmp_path / "b")


class JitteryOracle(OracleServer):
    """The oracle, answering after a delay that differs per request (answers cross)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._delays = iter([0.3, 0.05, 0.2, 0.0, 0.25, 0.1, 0.15, 0.02] * 50)

    @property
    def latency(self) -> float:
        return next(self._delays)

    @latency.setter
    def latency(self, value: float) -> None:
        pass


def _stable(run: Any) -> list[Any]:
    return [
        (a.id, a.strict_f1, [m.model_dump() for m in a.matches], a.prompt_tokens, a.brief["actors"])
        for a in run.articles
    ]


def test_concurrent_runs_score_and_report_in_suite_order(tmp_path: Path) -> None:
    from summarizer.evaluate.run import run_suite
    from summarizer.settings import resolve_settings

    core = ROOT / "evals" / "suites" / "core"
    ids = [a.id for a in load_suite(core)][:8]
    with JitteryOracle() as server:
        settings = resolve_settings(
            model="oracle", base_url=server.base_url, env={}, strategy="full"
        )
        seen: dict[int, list[str]] = {1: [], 8: []}
        runs = {
            width: run_suite(
                core,
                settings=settings,
                mode="live",
                ids=ids,
                concurrency=width,
                progress=lambda s, w=width: seen[w].append(s.id),
            )
            for width in (1, 8)
        }
        assert server.max_in_flight > 1
    assert seen[1] == seen[8] == [a.id for a in runs[1].articles] == sorted(ids)
    assert _stable(runs[1]) == _stable(runs[8])
    assert runs[1].aggregates.all_fields == runs[8].aggregates.all_fields
    assert runs[1].prompts == runs[8].prompts and runs[8].concurrency == 8
