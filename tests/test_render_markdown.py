"""Markdown output is inert: no text from an article or a model becomes a link, image,
tag or block when the Markdown is rendered.

The Markdown is rendered to HTML with markdown-it (CommonMark, as most viewers do) and
the HTML is searched for what must never appear: ``<a``, ``<img``, a raw ``<script``,
a second heading. One end-to-end run goes through the CLI with a hostile ``--title``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from summarizer.render import md, to_markdown
from summarizer.schema import Brief

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = [
    "[click here](javascript:alert(1))",
    "![pixel](http://tracker.example.com/p.png)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<http://evil.example.com/>",
    "[ref][1]\n\n[1]: javascript:alert(1)",
    "# Injected heading",
    "line one\n# Injected heading\n- injected item",
    "`code` *bold* _em_ ~~gone~~",
]
TEXT = (
    "Union leader Ann Berg said [the offer](javascript:alert(1)) was an insult. "
    "The Port Authority demanded ![x](http://tracker.example.com/p.png) a vote. "
    "Nobody knows <script>alert(1)</script> when talks resume."
)


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


def _assert_inert(html: str) -> None:
    assert "<a " not in html and "<img" not in html, html
    assert "<script" not in html and "<code" not in html and "<em" not in html, html
    assert html.count("<h1") <= 1 and "<h2>Injected" not in html, html


@pytest.mark.parametrize("text", HOSTILE)
def test_md_leaves_no_markup(text: str) -> None:
    for line_start in (False, True):
        escaped = md(text, line_start=line_start)
        assert "\n" not in escaped
        html = _html(f"- {escaped}\n\n{escaped}\n")
        _assert_inert(html)
        assert "<h1" not in html and "<li>" in html and html.count("<li>") == 1


@pytest.mark.parametrize("start", ["- item", "+ item", "> quote", "1. item", "7) item", "==="])
def test_a_summary_cannot_open_a_block(start: str) -> None:
    html = _html(f"# T\n\nlead\n{md(start, line_start=True)}\n")
    assert "<ul>" not in html and "<ol" not in html and "<blockquote>" not in html
    assert "<h1>T</h1>" in html and html.count("<h") == 1


def _ev(quote: str) -> dict[str, Any]:
    start = TEXT.index(quote)
    return {"source": 0, "quote": quote, "start": start, "end": start + len(quote)}


def test_a_hostile_brief_renders_inert() -> None:
    sentences = [
        TEXT[: TEXT.index("insult.") + 7],
        TEXT[TEXT.index("The Port") : TEXT.index("vote.") + 5],
        TEXT[TEXT.index("Nobody") :],
    ]
    brief = Brief.model_validate(
        {
            "summary": "![x](http://tracker.example.com/s.png)\n# Summary heading",
            "actors": [
                {
                    "id": "berg",
                    "name": "Ann Berg <img src=x>",
                    "kind": "person",
                    "role": "[leader](javascript:x)",
                    "aliases": ["*Berg*", "Ann Berg <img src=x>"],
                },
                {"id": "port", "name": "Port [Authority](http://x.test)", "kind": "organisation"},
            ],
            "positions": [
                {"actor": "berg", "stance": "<b>insult</b>", "evidence": [_ev(sentences[0])]}
            ],
            "demands": [
                {
                    "actor": "port",
                    "demand": "a vote\n## injected",
                    "target": "berg",
                    "conditions": "`rm -rf`",
                    "evidence": [_ev(sentences[1])],
                }
            ],
            "open_questions": [
                {
                    "question": "When? [x](javascript:y)",
                    "why_open": "<iframe src=x>",
                    "evidence": [_ev(sentences[2])],
                }
            ],
            "sources": [
                {
                    "text": TEXT,
                    "title": "Strike\n# Injected <script>",
                    "url": "javascript:alert(1)",
                }
            ],
            "meta": {"model": "[m](javascript:z)", "provider": "heuristic", "strategy": "x"},
        }
    )
    markdown = to_markdown(brief)
    html = _html(markdown)
    _assert_inert(html)
    assert html.count("<h1>") == 1 and "Injected" in html.split("</h1>")[0]
    # The text is all still there, as text: escaping hides markup, not content.
    for visible in ("Ann Berg &lt;img src=x&gt;", "javascript:alert(1)", "&lt;script&gt;"):
        assert visible in html


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_markdown_escapes_the_article_and_cleans_the_title(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT + "\n", encoding="utf-8")
    title = "Harbour talks\n# Injected heading\n\n<script>alert(1)</script>\x07"
    result = _cli(
        "brief",
        str(article),
        "--model",
        "heuristic",
        "-f",
        "markdown",
        "--title",
        title,
        "-o",
        "b.md",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    markdown = (tmp_path / "b.md").read_text(encoding="utf-8")
    first = markdown.splitlines()[0]
    assert first.startswith("# Harbour talks") and "\x07" not in markdown
    html = _html(markdown)
    _assert_inert(html)
    assert html.count("<h1>") == 1 and "javascript:alert(1)" in html
    # The JSON keeps the cleaned title too: one line, no control characters.
    result = _cli(
        "brief", str(article), "--model", "heuristic", "-f", "json", "--title", title, cwd=tmp_path
    )
    brief = Brief.model_validate_json(result.stdout)
    assert brief.sources[0].title == "Harbour talks # Injected heading <script>alert(1)</script>"
