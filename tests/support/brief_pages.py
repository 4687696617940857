"""Helpers for tests of the HTML view: a hostile brief, a page parser, a PNG reader.

``evil_brief()`` is a two-source brief whose every text field (and source text) carries
markup meant to break out of its context: ``<script>``, ``</textarea>``, an attribute
breakout with ``onerror``, a ``javascript:`` link, a comment opener, a bare CR and
an astral character (one code point in Python, two UTF-16 units in the browser). Its
spans overlap and nest. ``parse_page(html)`` reads a page (as rendered, or as Chromium's
``--dump-dom`` prints it) into its tags, scripts, source texts and highlighted segments.
``check_spans(brief, page)`` asserts every claim's evidence is marked at its exact offsets.
"""

from __future__ import annotations

import itertools
import struct
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from summarizer.schema import (
    Actor,
    Brief,
    Contradiction,
    ContradictionSide,
    Demand,
    Evidence,
    OpenQuestion,
    Position,
    RunMeta,
    Source,
)

SCRIPT = '<script>document.body.dataset.pwned="script"</script>'
TEXTAREA = "</textarea></style></script><!-- "
BREAKOUT = '"><img src=x onerror="document.body.dataset.pwned=\'img\'">'
JS_LINK = "<a href=\"javascript:document.body.dataset.pwned='link'\">click</a>"
EVILS = (SCRIPT, TEXTAREA, BREAKOUT, JS_LINK)

TEXT_A = (
    "Dockers strike at Port Evil 🚢 (astral characters shift no offset)\n\n"
    f"Union chief Ana Ruiz said: {SCRIPT} The union demands a 9% raise {BREAKOUT} "
    "if talks fail by Friday.\r\n"
    f"Nobody knows whether talks resume. {JS_LINK} The port said 300 workers struck.\n"
    f"End {TEXTAREA}of text."
)
TEXT_B = (
    "Port Evil walkout\n\n"
    "The port said 120 workers struck on Monday. "
    f"Ruiz said the raise {TEXTAREA} was non-negotiable."
)


def _ev(source: int, text: str, quote: str) -> Evidence:
    start = text.index(quote)
    return Evidence(source=source, quote=quote, start=start, end=start + len(quote))


def evil_brief() -> Brief:
    """A valid brief carrying injection attempts everywhere, with overlapping spans."""
    said = "Union chief Ana Ruiz said: " + SCRIPT + " The union demands a 9% raise " + BREAKOUT
    demand = "The union demands a 9% raise " + BREAKOUT + " if talks fail by Friday."
    nested = "a 9% raise"
    return Brief(
        summary=f"Dockers struck. {SCRIPT} {TEXTAREA}",
        actors=[
            Actor(
                id="union",
                name=f"Dockers {BREAKOUT}",
                kind="organisation",
                role=TEXTAREA,
                aliases=[JS_LINK, "the union"],
            ),
            Actor(id="ruiz", name=f"Ana Ruiz {SCRIPT}", kind="person", role="union chief"),
            Actor(id="port", name="Port Evil", kind="organisation"),
            Actor(id="bystander", name="A bystander", kind="person"),
        ],
        positions=[
            Position(actor="ruiz", stance=f"wants {SCRIPT}", evidence=[_ev(0, TEXT_A, said)]),
            Position(
                actor="port",
                stance="300 workers struck",
                evidence=[_ev(0, TEXT_A, "The port said 300 workers struck.")],
                support=1,
            ),
            Position(
                actor="ruiz",
                stance=f"the raise is non-negotiable {TEXTAREA}",
                evidence=[_ev(1, TEXT_B, f"Ruiz said the raise {TEXTAREA} was non-negotiable.")],
            ),
        ],
        demands=[
            Demand(
                actor="union",
                target="port",
                demand=f"a raise {BREAKOUT}",
                conditions=f"if {JS_LINK}",
                evidence=[_ev(0, TEXT_A, demand), _ev(0, TEXT_A, nested)],
            )
        ],
        open_questions=[
            OpenQuestion(
                question=f"Will talks resume? {JS_LINK}",
                why_open=f"nobody knows {SCRIPT}",
                evidence=[
                    _ev(0, TEXT_A, f"Nobody knows whether talks resume. {JS_LINK}"),
                    _ev(0, TEXT_A, "if talks fail by Friday.\r\nNobody knows"),
                ],
            )
        ],
        contradictions=[
            Contradiction(
                topic=f"workers: 300 vs 120 {SCRIPT}",
                kind="figures",
                sides=[
                    ContradictionSide(
                        source=0,
                        claim=f"300 struck {BREAKOUT}",
                        evidence=[_ev(0, TEXT_A, "300 workers struck")],
                    ),
                    ContradictionSide(
                        source=1,
                        claim="120 struck",
                        evidence=[_ev(1, TEXT_B, "The port said 120 workers struck on Monday.")],
                    ),
                ],
            )
        ],
        sources=[
            Source(
                text=TEXT_A,
                title=f"Dockers strike {SCRIPT}",
                url=f"javascript:document.body.dataset.pwned='url'//{TEXTAREA}",
                site=BREAKOUT,
                published="2026-11-30",
            ),
            Source(
                text=TEXT_B,
                title="Port Evil walkout",
                url='https://example.org/a?b=1&c="2"',
                site="Evening Standard",
            ),
        ],
        meta=RunMeta(model=f"fake {SCRIPT}", provider="heuristic", strategy="heuristic"),
    )


@dataclass
class Segment:
    """One highlighted piece of a source, as the page marks it."""

    source: int
    start: int
    end: int
    ev: list[str]
    classes: list[str]
    text: str = ""


@dataclass
class Page:
    """What a rendered or dumped page holds, read with the stdlib HTML parser."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str | None], str]] = field(default_factory=list)
    texts: dict[int, str] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)

    def by_id(self, ident: str) -> dict[str, str | None]:
        return next(a for _, a in self.tags if a.get("id") == ident)

    def classes(self, ident: str) -> list[str]:
        return (self.by_id(ident).get("class") or "").split()


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._source: int | None = None
        self._in_text = False
        self._seg: Segment | None = None
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.page.tags.append((tag, a))
        cls = (a.get("class") or "").split()
        if tag == "section" and "source" in cls:
            self._source = int(a["data-source"] or 0)
        elif tag == "div" and "text" in cls and self._source is not None:
            self._in_text = True
            self.page.texts[self._source] = ""
        elif tag == "span" and "seg" in cls and self._in_text:
            self._seg = Segment(
                self._source or 0,
                int(a["data-start"] or 0),
                int(a["data-end"] or 0),
                (a.get("data-ev") or "").split(),
                cls,
            )
        elif tag == "script":
            self._script = a
            self.page.scripts.append((a, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._seg is not None:
            self.page.segments.append(self._seg)
            self._seg = None
        elif tag == "div" and self._in_text:
            self._in_text = False
        elif tag == "section":
            self._source = None
        elif tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, body = self.page.scripts[-1]
            self.page.scripts[-1] = (attrs, body + data)
        if self._in_text:
            self.page.texts[self._source or 0] += data
            if self._seg is not None:
                self._seg.text += data


def parse_page(html: str) -> Page:
    """Parse a page of the HTML view."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page


def claim_evidence(brief: Brief) -> dict[str, list[Evidence]]:
    """Evidence per page claim id (``p0``, ``d0``, ``q0``, ``c0s1``…)."""
    out: dict[str, list[Evidence]] = {}
    for prefix, claims in (
        ("p", brief.positions),
        ("d", brief.demands),
        ("q", brief.open_questions),
    ):
        for i, c in enumerate(claims):
            out[f"{prefix}{i}"] = list(c.evidence)
    for i, con in enumerate(brief.contradictions):
        for j, side in enumerate(con.sides):
            out[f"c{i}s{j}"] = list(side.evidence)
    return out


def check_spans(brief: Brief, page: Page) -> int:
    """Assert each evidence span is marked exactly; return how many spans were checked."""
    for i, src in enumerate(brief.sources):
        assert page.texts[i] == src.text, f"source {i} text differs on the page"
    checked = 0
    for cid, evidence in claim_evidence(brief).items():
        for k, ev in enumerate(evidence):
            segs = sorted((s for s in page.segments if f"{cid}.{k}" in s.ev), key=lambda s: s.start)
            assert segs, f"{cid}.{k}: no segment marks it"
            assert {s.source for s in segs} == {ev.source}, f"{cid}.{k}: wrong source"
            assert segs[0].start == ev.start and segs[-1].end == ev.end, f"{cid}.{k}: offsets"
            assert all(a.end == b.start for a, b in itertools.pairwise(segs)), cid
            assert "".join(s.text for s in segs) == ev.quote, f"{cid}.{k}: text"
            for s in segs:
                assert s.text == brief.sources[ev.source].text[s.start : s.end]
            checked += 1
    return checked


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and the RGB pixels (row by row) of an 8-bit, non-interlaced PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, "unsupported PNG"
    bpp = 3 if colour == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for x in range(stride):
            left = line[x - bpp] if x >= bpp else 0
            up, up_left = prev[x], prev[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else up_left)
                line[x] = (line[x] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r[i : i + 3]) for r in rows for i in range(0, stride, bpp)]
