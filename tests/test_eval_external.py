"""Run files of suites whose article text lives outside the project keep scores only."""

from __future__ import annotations

import json
from pathlib import Path

from summarizer.evaluate.run import load_run, run_suite

ARTICLE = (
    "Finance Minister Arno Pell said on Monday the budget could not stretch further.\n"
    "Pell urged the Kessel Pilots' Association to accept arbitration.\n"
)


def test_external_article_text_never_reaches_a_saved_run(tmp_path: Path) -> None:
    outside = tmp_path / "outside" / "story.txt"
    outside.parent.mkdir()
    outside.write_text(ARTICLE, encoding="utf-8")
    suite = tmp_path / "suite"
    suite.mkdir()
    gold = {
        "id": "story",
        "text_file": "../outside/story.txt",
        "kind": "labour_strike",
        "style": "wire",
        "actors": [
            {"id": "pell", "name": "Arno Pell", "kind": "person", "aliases": ["Arno Pell", "Pell"]}
        ],
        "positions": [
            {
                "actor": "pell",
                "stance": "The budget cannot stretch further.",
                "key_terms": ["budget"],
                "evidence": ["the budget could not stretch further."],
            }
        ],
        "demands": [],
        "open_questions": [],
    }
    (suite / "story.gold.json").write_text(json.dumps(gold), encoding="utf-8")

    result = run_suite(suite, baseline=True)
    assert result.articles[0].external and result.articles[0].brief is not None
    saved = result.save(tmp_path / "run.json").read_text(encoding="utf-8")
    # Gold evidence spans may be kept; nothing else of the article may.
    assert "said on Monday" not in saved and "accept arbitration" not in saved
    again = load_run(tmp_path / "run.json")
    assert again.articles[0].fields["positions"].n_gold == 1
    assert (
        again.aggregates.fields["positions"].strict_f1
        == result.aggregates.fields["positions"].strict_f1
    )
