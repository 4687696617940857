"""HTML and Markdown reports: structure, escaping, comparison numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.eval_runs import MINI, make_run

from summarizer.evaluate.gold import load_article
from summarizer.evaluate.metrics import score_article
from summarizer.evaluate.report import highlight, write_report


def test_html_has_ids_and_escapes_article_text(tmp_path: Path) -> None:
    run = make_run(tmp_path)
    html, md = write_report(run, html_path=tmp_path / "r.html", md_path=tmp_path / "r.md")
    assert (tmp_path / "r.html").read_text() == html and (tmp_path / "r.md").read_text() == md
    for element_id in ("summary", "fields", "articles"):
        assert f'id="{element_id}"' in html
    for article_id in ("harbour-talks", "grocer-bid"):
        assert f'<section class="article" id="a-{article_id}">' in html
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html
    assert '<mark class="gold">' in html and '<mark class="pred">' in html
    assert "<details>" in html
    assert not re.search(r"""(?:src|href)=["']https?:""", html)  # self-contained


def test_markdown_has_key_numbers(tmp_path: Path) -> None:
    _, md = write_report(make_run(tmp_path, evil=False))
    assert "Hard gates: PASS" in md
    assert "| positions | 6 | 6 | 1.000 |" in md
    assert "**all claims**" in md


def test_report_against_baseline_shows_deltas(tmp_path: Path) -> None:
    base = make_run(tmp_path / "b", evil=False)
    new = make_run(tmp_path / "n", evil=False, drop=True)
    html, md = write_report(new, against=base)
    assert 'class="whisker"' in html
    assert "Regressed most" in html and "Regressed most" in md
    assert "### Against fake" in md and "strict_f1" in md


def test_highlight_nests_overlapping_marks() -> None:
    out = str(highlight("a <b> c d", gold=[(0, 5)], pred=[(2, 9)]))
    assert out == (
        '<mark class="gold">a </mark>'
        '<mark class="gold"><mark class="pred">&lt;b&gt;</mark></mark>'
        '<mark class="pred"> c d</mark>'
    )


def test_failed_article_is_reported(tmp_path: Path) -> None:
    article = load_article(MINI / "harbour-talks.gold.json")
    run = make_run(tmp_path, evil=False)
    failed = score_article(article, None, error="ExtractionError: <bad> output")
    run = run.model_copy(update={"articles": [failed]})
    html, _ = write_report(run)
    assert "ExtractionError: &lt;bad&gt; output" in html


@pytest.mark.parametrize("against", [False, True])
def test_report_renders_without_pairs(tmp_path: Path, against: bool) -> None:
    run = make_run(tmp_path, evil=False)
    html, _ = write_report(run, against=run if against else None)
    assert html.startswith("<!DOCTYPE html>")
