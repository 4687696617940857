"""The HTML view of a brief: every span marked at its offsets, all text escaped, nothing remote."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.brief_pages import (
    EVILS,
    TEXTAREA,
    check_spans,
    claim_evidence,
    evil_brief,
    parse_page,
)

from summarizer.render_html import safe_url, script_json, to_html
from summarizer.schema import Brief, Usage

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "briefs").glob("*.json"))


@pytest.fixture(params=[p.stem for p in EXAMPLES] + ["evil"])
def brief(request: pytest.FixtureRequest) -> Brief:
    if request.param == "evil":
        return evil_brief()
    return Brief.model_validate_json(
        (ROOT / "examples" / "briefs" / f"{request.param}.json").read_text()
    )


def test_every_claim_span_is_marked_at_its_offsets(brief: Brief) -> None:
    page = parse_page(to_html(brief))
    assert check_spans(brief, page) == len(brief.all_evidence())
    for cid in claim_evidence(brief):
        assert "claim" in page.classes(f"claim-{cid}")


def test_overlapping_spans_split_into_flat_segments() -> None:
    brief = evil_brief()
    page = parse_page(to_html(brief))
    segs = sorted(page.segments, key=lambda s: (s.source, s.start))
    for a, b in itertools.pairwise(segs):
        assert a.source != b.source or a.end <= b.start, "segments overlap"
    # "a 9% raise" lies inside the position's span and the demand's first span.
    nested = next(s for s in segs if s.text == "a 9% raise")
    assert {"p0.0", "d0.0", "d0.1"} <= set(nested.ev)
    assert "multi" in nested.classes
    # The most specific span (the demand's) colours it, with the union's colour.
    union_colour = next(c for c in page.classes("claim-d0") if c.startswith("c-a"))
    assert union_colour in nested.classes


def test_colours_follow_actors_and_questions_are_neutral(brief: Brief) -> None:
    page = parse_page(to_html(brief))
    colour = {}
    for cid in claim_evidence(brief):
        colour[cid] = next(c for c in page.classes(f"claim-{cid}") if c.startswith("c-"))
    for i, p in enumerate(brief.positions):
        same = [j for j, q in enumerate(brief.positions) if q.actor == p.actor]
        assert {colour[f"p{j}"] for j in same} == {colour[f"p{i}"]}
        assert colour[f"p{i}"].startswith("c-a")
    for i in range(len(brief.open_questions)):
        assert colour[f"q{i}"] == "c-q"
    for seg in page.segments:
        if len({e.split(".")[0] for e in seg.ev}) == 1:  # one claim: its own colour
            assert colour[seg.ev[0].split(".")[0]] in seg.classes


def test_hostile_text_stays_text() -> None:
    html = to_html(evil_brief())
    page = parse_page(html)
    # Only the page's own two scripts; no img, no event handler, no javascript: anywhere.
    assert [a.get("type") for a, _ in page.scripts] == ["application/json", None]
    assert "img" not in {t for t, _ in page.tags}
    for tag, attrs in page.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        for k in ("href", "src", "action", "formaction"):
            assert not (attrs.get(k) or "").strip().lower().startswith("javascript"), attrs
    assert "textarea" not in {t for t, _ in page.tags}
    for evil in EVILS:
        assert evil not in html
    # The escaped text is what a reader sees, character for character.
    assert '&lt;script&gt;document.body.dataset.pwned="script"&lt;/script&gt;' in html
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and "&lt;script&gt;" in title.group(1)


def test_page_data_is_embedded_safely() -> None:
    brief = evil_brief()
    page = parse_page(to_html(brief))
    raw = page.scripts[0][1]
    for bad in ("</", "<!--", "<script", "]]>"):
        assert bad not in raw.lower()
    data = json.loads(raw)
    assert data["claims"]["p0"]["actor"] == brief.actor("ruiz").name
    assert data["claims"]["d0"]["text"] == brief.demands[0].demand
    assert data["claims"]["c0s0"]["topic"] == brief.contradictions[0].topic
    second = brief.open_questions[0].evidence[1]
    assert data["claims"]["q0"]["evidence"][1] == [0, second.start, second.end]
    assert json.loads(script_json({"a": f"</script><!-- {TEXTAREA} \u2028 &"})) == {
        "a": f"</script><!-- {TEXTAREA} \u2028 &"
    }


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/x", "https://example.org/x"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        (" JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:x", None),
        ("//example.org/x", None),
        ("", None),
        (None, None),
    ],
)
def test_only_web_urls_become_links(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_nothing_remote(brief: Brief) -> None:
    html = to_html(brief)
    page = parse_page(html)
    csp = next(
        a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in (csp["content"] or "")
    links = {safe_url(s.url) for s in brief.sources} - {None}
    embeds = {"link", "img", "iframe", "object", "embed", "audio", "video", "source", "base"}
    for tag, attrs in page.tags:
        assert tag not in embeds, tag
        assert "src" not in attrs and "srcset" not in attrs, (tag, attrs)
        if "href" in attrs:
            assert tag == "a" and attrs["href"] in links, (tag, attrs)
            assert "noreferrer" in (attrs.get("rel") or "")
    assert not re.search(r"url\(|@import", html, re.I)


def test_tabs_and_source_metadata_for_several_sources() -> None:
    brief = evil_brief()
    page = parse_page(to_html(brief))
    tabs = [a for t, a in page.tags if "tab" in (a.get("class") or "").split()]
    assert [t["data-source"] for t in tabs] == ["0", "1"]
    assert [t.get("aria-selected") for t in tabs] == ["true", "false"]
    link = next(a for t, a in page.tags if t == "a")
    assert link["href"] == brief.sources[1].url  # the only http(s) URL; the javascript: one is text
    html = to_html(brief)
    assert "Evening Standard" in html and "2026-11-30" in html


def test_single_source_has_no_tabs() -> None:
    brief = Brief.model_validate_json(
        (ROOT / "examples" / "briefs" / "harbour-strike.json").read_text()
    )
    page = parse_page(to_html(brief))
    assert not [a for t, a in page.tags if "tab" in (a.get("class") or "").split()]


def test_brief_without_claims_renders() -> None:
    brief = evil_brief().model_copy(
        update={"positions": [], "demands": [], "open_questions": [], "contradictions": []}
    )
    html = to_html(brief)
    page = parse_page(html)
    assert page.segments == [] and page.texts[0] == brief.sources[0].text
    assert html.count("None found.") == 3


def test_run_metadata_shows_cost_only_when_priced() -> None:
    brief = evil_brief()
    used = brief.meta.model_copy(
        update={
            "model": "gpt-4o-mini",
            "usage": Usage(
                prompt_tokens=1_000_000, completion_tokens=0, total_tokens=1_000_000, calls=1
            ),
        }
    )
    assert "<dd>$0.1500</dd>" in to_html(brief.model_copy(update={"meta": used}))
    unknown = used.model_copy(update={"model": "my-local"})
    html = to_html(brief.model_copy(update={"meta": unknown}))
    assert "<dd>n/a (no price for my-local)</dd>" in html
    priced = to_html(brief.model_copy(update={"meta": unknown}), prices={"my-local": (2.0, 0.0)})
    assert "<dd>$2.0000</dd>" in priced


def test_cli_writes_html(tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    cmd = [
        sys.executable,
        "-m",
        "summarizer.cli",
        "brief",
        str(ROOT / "examples" / "harbour-strike.txt"),
    ]
    cmd += ["--model", "heuristic", "-f", "html", "-o", str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env, check=False)
    assert run.returncode == 0, run.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert parse_page(html).segments
    # An .html output name is enough.
    by_suffix = tmp_path / "by-suffix.html"
    cmd[cmd.index("-f") : cmd.index("-f") + 2] = []
    cmd[-1] = str(by_suffix)
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env, check=False)
    assert run.returncode == 0, run.stderr
    assert by_suffix.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
