"""The offline default: SmolLM2-135M in-process through llama.cpp, no endpoint at all.

These run the real model (tens of seconds each on two cores), so there are only two:
one brief through the API and one through the CLI.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer import Brief, cues, resolve_settings, summarize
from summarizer.segment import split_sentences

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent

# An original article with invented names: no model has seen it.
ARTICLE = """Lowmoor farmers block reservoir road in water dispute

Farmers in the Lowmoor valley blocked the only road to the Ashby reservoir on Monday, in a \
row over who pays for new irrigation pipes.

The Lowmoor Growers' Cooperative said the regional water company had broken its promise to \
share the cost. "We were told the pipes would be paid for jointly. Now the bill is ours \
alone," said its chair, Tomas Renkel.

Renkel demanded that Vale Water pay half of the 3 million crown bill before the spring planting.

Vale Water's chief executive, Dana Iversen, said the company had never agreed to fund private \
pipes. She urged the cooperative to reopen the road and return to talks.

Regional Agriculture Minister Paul Strand said he would meet both sides on Friday. It is \
unclear whether the blockade will end before then."""


def assert_grounded(brief: Brief) -> None:
    for ev in brief.all_evidence():
        assert brief.sources[ev.source].text[ev.start : ev.end] == ev.quote


def test_embedded_brief_of_a_short_article() -> None:
    settings = resolve_settings(model="smollm2-135m-instruct", env={})
    assert settings.provider == "embedded"
    brief = summarize(ARTICLE, settings=settings)

    assert brief.meta.provider == "embedded"
    assert brief.meta.strategy == "guided"
    assert brief.meta.usage.calls >= 1 and brief.meta.model_latency_s > 0
    assert_grounded(brief)

    text = brief.sources[0].text
    found = cues.analyse(split_sentences(text), text).actors
    names = {a.name for a in brief.actors}
    missing = [a.name for a in found if a.name not in names]
    assert not missing, f"actors the cues found but the brief lacks: {missing}"
    assert {"Tomas Renkel", "Dana Iversen", "Vale Water"} <= names

    cited = [c for c in brief.claims() if c.evidence]
    assert len(cited) >= 3
    known = {a.id for a in brief.actors}
    for claim in [*brief.positions, *brief.demands]:
        assert claim.actor in known


def test_cli_brief_with_the_embedded_model(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "summarizer.cli",
            "brief",
            str(ROOT / "examples" / "harbour-strike.txt"),
            "--model",
            "smollm2-135m-instruct",
            "-f",
            "json",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    brief = Brief.model_validate_json(result.stdout)
    assert brief.meta.provider == "embedded"
    assert_grounded(brief)
    assert brief.claims()
