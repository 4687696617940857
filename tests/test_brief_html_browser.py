"""The HTML view in headless Chromium: it paints, marks every span, obeys clicks, fetches nothing.

Needs Debian's ``chromium`` (``.ci/run`` installs it); skipped without it. Clicks are driven
through the page's deep links (``#claim-<id>``, ``#at-<source>-<offset>``), which run the
same handlers a click does. Requests are read from Chromium's own net log: the page's
requests carry the page's (opaque, ``null``) origin as initiator, while the browser's
background traffic carries none, so only the former count.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from support import browser
from support.brief_pages import check_spans, evil_brief, parse_page, png_pixels
from support.browser import have_chromium

from summarizer.render_html import to_html
from summarizer.schema import Brief

ROOT = Path(__file__).resolve().parents[1]
# Name lookups fail at once: a request that tried to leave the page shows in the net log.
OFFLINE = ("--host-resolver-rules=MAP * ~NOTFOUND",)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_chromium(), reason="needs Debian's chromium"),
]


def chromium(tmp_path: Path, *args: str) -> str:
    """Headless Chromium with no name resolution; its stdout."""
    return browser.chromium(tmp_path, *args, flags=OFFLINE)


def page_requests(netlog: Path) -> list[str]:
    """URLs the page itself asked for (not file:), from a ``--log-net-log`` file."""
    log = json.loads(netlog.read_text())
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params", {})
        if event["type"] != start or params.get("initiator") == "not an origin":
            continue  # the browser's own traffic (updates, accounts), not the page's
        url = params.get("url")  # only the event's opening phase carries it
        if url and not url.startswith(("file:", "data:")):
            urls.append(url)
    return urls


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Brief, Path]]:
    tmp = tmp_path_factory.mktemp("html-view")
    briefs = {
        "evil": evil_brief(),
        "multi": Brief.model_validate_json(
            (ROOT / "examples" / "briefs" / "multi-outlets.json").read_text()
        ),
        "harbour": Brief.model_validate_json(
            (ROOT / "examples" / "briefs" / "harbour-strike.json").read_text()
        ),
    }
    out = {}
    for name, brief in briefs.items():
        path = tmp / f"{name}.html"
        path.write_text(to_html(brief), encoding="utf-8")
        out[name] = (brief, path)
    return out


@pytest.mark.parametrize("name", ["evil", "multi", "harbour"])
def test_dom_marks_every_claim_span(pages: dict, name: str, tmp_path: Path) -> None:
    brief, path = pages[name]
    dom = chromium(tmp_path, "--dump-dom", path.as_uri())
    page = parse_page(dom)
    assert check_spans(brief, page) == len(brief.all_evidence())
    body = next(a for t, a in page.tags if t == "body")
    assert body.get("data-ready") == "1", "the page's script did not run"


def test_hostile_text_runs_nothing(pages: dict, tmp_path: Path) -> None:
    _, path = pages["evil"]
    page = parse_page(chromium(tmp_path, "--dump-dom", path.as_uri()))
    body = next(a for t, a in page.tags if t == "body")
    assert "data-pwned" not in body, body
    assert len(page.scripts) == 2
    assert not {"img", "textarea", "iframe"} & {t for t, _ in page.tags}
    hrefs = [a["href"] for t, a in page.tags if t == "a"]
    assert hrefs == [evil_brief().sources[1].url]


def test_click_on_claim_marks_its_evidence(pages: dict, tmp_path: Path) -> None:
    brief, path = pages["evil"]
    page = parse_page(chromium(tmp_path, "--dump-dom", path.as_uri() + "#claim-d0"))
    assert "selected" in page.classes("claim-d0")
    hit = [s for s in page.segments if "hit" in s.classes]
    assert hit and all(any(e.startswith("d0.") for e in s.ev) for s in hit)
    marked = {e for s in hit for e in s.ev if e.startswith("d0.")}
    assert marked == {f"d0.{k}" for k in range(len(brief.demands[0].evidence))}
    assert next(s for s in hit if "focus" in s.classes).start == brief.demands[0].evidence[0].start


def test_click_on_span_lists_the_claims_citing_it(pages: dict, tmp_path: Path) -> None:
    brief, path = pages["evil"]
    nested = brief.demands[0].evidence[1]  # inside the position p0 and the demand's first span
    dom = chromium(tmp_path, "--dump-dom", f"{path.as_uri()}#at-0-{nested.start}")
    box = re.search(r'<div id="pop"([^>]*)>(.*?)</div>', dom, re.S)
    assert box and "hidden" not in box.group(1), "no citations box"
    text = htmllib.unescape(re.sub(r"<[^>]+>", "\n", box.group(2)))
    assert "Cited by 2 claims" in text
    assert brief.positions[0].stance in text and brief.demands[0].demand in text
    assert "cited" in parse_page(dom).classes("claim-p0")


def test_click_on_actor_keeps_only_its_passages(pages: dict, tmp_path: Path) -> None:
    brief, path = pages["multi"]
    actor = brief.positions[0].actor
    page = parse_page(chromium(tmp_path, "--dump-dom", f"{path.as_uri()}#actor-{actor}"))
    mine = {
        f"{p}{i}.{k}"
        for p, claims in (("p", brief.positions), ("d", brief.demands))
        for i, c in enumerate(claims)
        if c.actor == actor
        for k in range(len(c.evidence))
    }
    hit = {e for s in page.segments if "hit" in s.classes for e in s.ev}
    assert mine <= hit
    for s in page.segments:
        assert ("hit" in s.classes) == bool(mine & set(s.ev)), s
    body = next(a for t, a in page.tags if t == "body")
    assert "actor-focus" in (body.get("class") or "").split()


def test_second_source_tab(pages: dict, tmp_path: Path) -> None:
    brief, path = pages["multi"]
    cid = next(f"p{i}" for i, p in enumerate(brief.positions) if p.evidence[0].source == 1)
    page = parse_page(chromium(tmp_path, "--dump-dom", f"{path.as_uri()}#claim-{cid}"))
    assert "active" in page.classes("source-1") and "active" not in page.classes("source-0")
    tabs = [a for t, a in page.tags if "tab" in (a.get("class") or "").split()]
    assert [t["aria-selected"] for t in tabs] == ["false", "true"]


def test_screenshot_is_not_blank(pages: dict, tmp_path: Path) -> None:
    _, path = pages["multi"]
    png = tmp_path / "multi.png"
    chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,800", path.as_uri())
    width, height, pixels = png_pixels(png)
    assert (width, height) == (1280, 800)
    colours = Counter(pixels)
    assert len(colours) > 200, f"only {len(colours)} colours"
    assert 1 - colours.most_common(1)[0][1] / len(pixels) > 0.1, "mostly one colour"
    # The first actor's highlight colour (.c-a0, #d6e4ff) is painted.
    assert colours[bytes.fromhex("d6e4ff")] > 1000


def test_no_request_leaves_the_page(pages: dict, tmp_path: Path) -> None:
    for name in ("evil", "multi"):
        log = tmp_path / f"{name}.netlog.json"
        chromium(tmp_path, f"--log-net-log={log}", "--dump-dom", pages[name][1].as_uri())
        assert page_requests(log) == [], name


def test_request_check_can_fail_and_the_policy_blocks(pages: dict, tmp_path: Path) -> None:
    """A page that loads an image is caught; the same image in the brief's page is blocked."""
    img = '<img src="http://example.invalid/leak.png">'
    bare = tmp_path / "bare.html"
    bare.write_text(f"<!DOCTYPE html><title>x</title><p>x</p>{img}", encoding="utf-8")
    log = tmp_path / "bare.netlog.json"
    chromium(tmp_path, f"--log-net-log={log}", "--dump-dom", bare.as_uri())
    assert page_requests(log) == ["http://example.invalid/leak.png"]

    planted = tmp_path / "planted.html"
    planted.write_text(
        pages["harbour"][1].read_text(encoding="utf-8").replace("<main>", img + "<main>", 1),
        encoding="utf-8",
    )
    log = tmp_path / "planted.netlog.json"
    chromium(tmp_path, f"--log-net-log={log}", "--dump-dom", planted.as_uri())
    assert page_requests(log) == [], "the Content-Security-Policy let an image through"
