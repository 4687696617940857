"""Eval runs for report tests: the mini fixture suite, scored with gold as the prediction."""

from __future__ import annotations

import shutil
from pathlib import Path

from summarizer.evaluate.gold import gold_brief, load_suite
from summarizer.evaluate.run import RunResult, run_suite
from summarizer.schema import Brief
from summarizer.settings import Settings

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "evals" / "mini"
EVIL = '<script>alert("x")</script>'


def make_run(tmp_path: Path, *, evil: bool = True, drop: bool = False) -> RunResult:
    """A run of a copy of the mini suite, optionally with a <script> in an article and
    with the first position dropped from every brief."""
    suite = tmp_path / "mini"
    shutil.copytree(MINI, suite, dirs_exist_ok=True)
    if evil:
        txt = suite / "grocer-bid.txt"
        txt.write_text(txt.read_text() + f"\nA reader wrote {EVIL} in the comments.\n")
    golds = {a.text: a for a in load_suite(suite)}

    def gold_as_prediction(
        text: str, *, settings: Settings, store: object = None, title: str | None = None
    ) -> Brief:
        brief = gold_brief(golds[text])
        return brief.model_copy(update={"positions": brief.positions[1:]}) if drop else brief

    return run_suite(
        suite,
        settings=Settings(model="fake"),
        mode="live",
        summarize_fn=gold_as_prediction,
        cassette_dir=tmp_path / "c",
    )
