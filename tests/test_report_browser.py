"""Render the HTML report in headless Chromium: the DOM has its parts, the page paints.

Needs Debian's ``chromium`` (``apt-get install -y chromium``); skipped without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.browser import chromium, have_chromium
from support.eval_runs import EVIL, make_run

from summarizer.evaluate.report import write_report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_chromium(), reason="needs Debian's chromium"),
]


def _chromium(tmp_path: Path, *args: str) -> str:
    return chromium(tmp_path, *args, check=False)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("browser")
    base = make_run(tmp / "base", evil=False)
    new = make_run(tmp / "new", drop=True)
    html_path = tmp / "report.html"
    write_report(new, against=base, html_path=html_path)
    return html_path


def test_dom_has_key_elements(report: Path, tmp_path: Path) -> None:
    dom = _chromium(tmp_path, "--dump-dom", report.as_uri())
    for needle in (
        'id="summary"',
        'id="fields"',
        'id="articles"',
        'id="a-harbour-talks"',
        'id="a-grocer-bid"',
        "<svg",
        'class="whisker"',
        '<mark class="gold">',
        '<mark class="pred">',
    ):
        assert needle in dom, needle
    # The planted <script> stayed text: no script element made it into the DOM.
    assert "<script" not in dom.lower()
    assert "&lt;script&gt;" in dom and EVIL not in dom


def test_screenshot_is_not_blank(report: Path, tmp_path: Path) -> None:
    png = tmp_path / "report.png"
    _chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,2000", report.as_uri())
    assert png.exists(), "chromium wrote no screenshot"
    assert png.stat().st_size > 10_000
