"""Tests for stage 1 (ingest): decoding, HTML extraction, boilerplate, errors, URL fetch.

Fixture pages under ``fixtures/html`` are original text with fictional names. URL tests
run against a real HTTP server on 127.0.0.1 started here; nothing leaves the machine.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import io
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.errors import FetchError, InputError
from summarizer.ingest import (
    decode_bytes,
    detect_language,
    fetch_url,
    from_html,
    from_text,
    is_boilerplate_line,
    load,
    strip_boilerplate,
)
from summarizer.schema import Source

FIXTURES = Path(__file__).parent / "fixtures" / "html"
FRANK = Path(__file__).resolve().parents[2] / "shared" / "data" / "frank" / "articles.jsonl"

# ---------------------------------------------------------------- HTML fixtures

# (file, title, sentences that must survive, strings that must not)
PAGES = [
    (
        "harbour_strike.html",
        "Dockworkers walk out as Port Ellery pay talks stall",
        [
            "Around four hundred dockworkers at Port Ellery walked off the job",
            '"Our members have carried this port through two hard winters',
            "A spokesperson for the authority, Linnea Ashgrove, told reporters",
            "The Ellery Chamber of Trade estimated that each day of the strike",
            "retired judge Osric Pennywhistle, on Tuesday.",
        ],
        [
            "We use cookies",
            "Accept all cookies",
            "Subscribe for one pound",
            "Velocar Zephyr",
            "Advertisement",
            "Ferry timetable changes",
            "Related stories",
            "All rights reserved",
            "Privacy policy",
            "Share on Facebook",
            "Copy link",
            "dataLayer",
            "font-family",
        ],
    ),
    (
        "water_rights.html",
        "Valley towns clash over reservoir water allocation",
        [
            "A long-running dispute between the towns of Brackenford and Lower Wyndle",
            "Brackenford's mayor, Ottilie Fennimore, argued",
            "Councillor Jasper Thornbury described Brackenford's position",
            "The tribunal has asked both councils to submit evidence",
            "Farmers on both sides of the valley have begun sharing tankers",
        ],
        [
            "Skip to content",
            "Hillcrest Garden Centre",
            "Puzzles and crosswords",
            "Most read",
            "Record crowds",
            "Northvale Building Society",
            "Share this article",
            "Registered in England",
            "Follow us on",
            "cookie policy",
            "adsQueue",
        ],
    ),
    (
        "trade_talks.html",
        "Talks on tariff truce between Morvania and Estrel resume in Kallion",
        [
            "Trade negotiators from Morvania and Estrel returned to the table",
            "Morvania's chief negotiator, Ilse Varnhagen, said",
            "Estrel's trade ministry said in a statement",
            "A survey by the Kallion Institute of Commerce found",
            "Neither delegation would say whether a deal was likely",
        ],
        [
            "Newsletters",
            "uses cookies",
            "Share on LinkedIn",
            "Sign up for our Markets Morning newsletter",
            "Currency markets steady",
            "Advertise with us",
            "loadAds",
            "NewsArticle",
        ],
    ),
]


@pytest.mark.parametrize(("name", "title", "kept", "dropped"), PAGES)
def test_html_fixture_keeps_article_and_drops_chrome(
    name: str, title: str, kept: list[str], dropped: list[str]
) -> None:
    source = load(FIXTURES / name)
    assert source.title == title
    for sentence in kept:
        assert sentence in source.text
    for junk in dropped:
        assert junk not in source.text


@pytest.mark.parametrize("name", [p[0] for p in PAGES])
def test_html_paragraphs_are_separated_by_blank_lines(name: str) -> None:
    source = load(FIXTURES / name)
    paragraphs = [p for p in source.text.split("\n\n") if p.strip()]
    assert len(paragraphs) >= 5
    assert "\n\n\n" not in source.text


def test_html_metadata_and_hash() -> None:
    source = from_html((FIXTURES / "harbour_strike.html").read_bytes(), url="https://example.com/a")
    assert source.site == "The Riverton Ledger"
    assert source.published == "2026-03-14"
    assert source.url == "https://example.com/a"
    assert source.sha256 == hashlib.sha256(source.text.encode("utf-8")).hexdigest()


def test_html_is_sniffed_without_an_html_extension(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes((FIXTURES / "water_rights.html").read_bytes())
    source = load(page)
    assert source.title == "Valley towns clash over reservoir water allocation"
    assert "<p>" not in source.text


def test_html_title_that_is_a_notification_prompt_is_not_the_title() -> None:
    page = (
        "<html><head><title>To make sure you never miss out on your favourite NEW stories,"
        " we're happy to send you some reminders</title></head><body><article>"
        "<h1>Ferry crews strike over rota</h1>"
        + "<p>Crews on the three ferries linking Lorne with Skerra Island walked out on"
        " Monday over a new rota system, the Maritime Crews Union said.</p>"
        * 3
        + "</article></body></html>"
    )
    source = from_html(page)
    assert source.title == "Ferry crews strike over rota"  # the <h1>, not the prompt
    assert "Crews on the three ferries" in source.text


def test_html_with_only_scripts_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text(
        "<!doctype html><html><head><script>var a = 1; function f(){return a;}</script>"
        "<style>body{color:red}</style></head><body><script>f();</script></body></html>"
    )
    with pytest.raises(InputError, match="no article text found in HTML"):
        load(page)


# ---------------------------------------------------------------- plain text

WEB_PAGE_TEXT = """\
Ferry operators and island councils trade blame over cancelled crossings

Advert

Island councils on the Skerrow archipelago have accused the ferry operator Gullwing Lines \
of cutting winter crossings without consulting residents.

Click 'OK' then 'Allow' to enable notifications

The operator said rising fuel costs had left it no choice, and that it had warned the \
councils in September.
Share this with Facebook
Share this with Twitter
Advertisement

"We were told nothing until the timetable appeared online," said councillor Briony Halloway.

Topics: Ferries, Skerrow Islands

A meeting between the two sides is planned for next month, officials added.
"""

WEB_PAGE_PARAGRAPHS = [
    "Island councils on the Skerrow archipelago have accused the ferry operator",
    "The operator said rising fuel costs had left it no choice",
    '"We were told nothing until the timetable appeared online," said councillor',
    "A meeting between the two sides is planned for next month, officials added.",
]


def test_plain_text_web_page_boilerplate_is_dropped() -> None:
    source = from_text(WEB_PAGE_TEXT)
    for junk in ("Advert", "enable notifications", "Share this with", "Topics:"):
        assert junk not in source.text
    for paragraph in WEB_PAGE_PARAGRAPHS:
        assert paragraph in source.text
    assert (
        source.title == "Ferry operators and island councils trade blame over cancelled crossings"
    )
    assert source.text.startswith(source.title)  # the title stays in the text
    assert "\n\n\n" not in source.text


def test_plain_text_file_via_load(tmp_path: Path) -> None:
    path = tmp_path / "ferries.txt"
    path.write_text(WEB_PAGE_TEXT.replace("\n", "\r\n"), encoding="utf-8")
    source = load(path)
    assert "\r" not in source.text
    assert all(p in source.text for p in WEB_PAGE_PARAGRAPHS)


@pytest.mark.parametrize(
    "line",
    [
        "Advert",
        "ADVERTISEMENT",
        "Advertisement - Garden centre sale",
        "Click 'OK' then 'Allow' to enable notifications",
        "Click OK then Allow to enable notifications",
        "Turn on notifications",
        "Sign up for our breaking news alerts",
        "Sign up to the Morning Briefing newsletter",
        "Share this with Email",
        "Share this article",
        "Share on WhatsApp",
        "Topics: Trade, Fisheries",
        "Read more: Why the harbour talks failed",
        "Related: Councils back new ferry deal",
        "Image caption Protesters outside the harbour office",
        "Image source, Staff photographer",
        "Copy link",
        "Follow us on social media",
        "Subscribe to read more",
        "Skip to content",
        "We use cookies to improve your experience",
        "Cookie settings",
        "Published 14 March 2026",
        "Updated 3 hours ago",
        "Last updated: 09:40 GMT",
    ],
)
def test_boilerplate_lines_match(line: str) -> None:
    assert is_boilerplate_line(line)
    assert strip_boilerplate(f"Body one.\n{line}\nBody two.") == "Body one.\nBody two."


@pytest.mark.parametrize(
    "line",
    [
        "Adverts for the drug were banned in 2019.",
        "Updated figures show a 5% rise in exports.",
        "Cookie sales at the bakery doubled last year.",
        "Subscribers complained about the price rise.",
        'Share this with "anyone who will listen", the mayor told supporters.',
        "Read more: the minister said the deal was dead.",
        "Related: an earlier strike ended after talks, union leaders said",
        "Publishers have objected to the plan.",
    ],
)
def test_real_sentences_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate_line(line)
    text = f"Body one.\n{line}\nBody two."
    assert strip_boilerplate(text) == text


def test_short_line_repeated_three_times_is_dropped() -> None:
    text = "Menu\nFirst paragraph.\nMenu\nSecond paragraph.\nMenu\nThird paragraph."
    assert strip_boilerplate(text) == "First paragraph.\nSecond paragraph.\nThird paragraph."


def test_repeated_quote_is_kept() -> None:
    text = '"No."\nHe paused.\n"No."\nShe asked again.\n"No."'
    assert strip_boilerplate(text) == text


def test_long_line_starting_with_share_widget_is_kept() -> None:
    # BBC copy in the wild glues the share widget onto the first paragraph.
    line = "Share this withEmailFacebookTwitterCopy this link" + "The council voted. " * 20
    assert strip_boilerplate(line) == line


def test_from_text_cleans_controls_and_normalises() -> None:
    source = from_text("Cafe\u0301 talks\x00\x07 resume\r\n\rthird\ufeff\n\n\n\n\nend.")
    assert source.text == "Café talks resume\n\nthird\n\nend."
    assert source.title == "Café talks resume"


def test_title_not_guessed_from_a_sentence() -> None:
    source = from_text("The council met on Monday and agreed nothing.\n\nMore talks follow.")
    assert source.title is None


@pytest.mark.parametrize(
    "text",
    [
        # A wire story's first wrapped line is body text, not a title.
        "Cambodian leader Hun Sen on Friday rejected opposition parties' demands\n"
        "for talks outside the country, saying the opposition should return home.\n",
        # A headline followed directly by the body, with no blank line between.
        "Strike ends\nWorkers returned to the docks on Monday, the union said.",
        # Notification prompts and cookie banners before the article.
        "To make sure you never miss out on your favourite NEW stories, we're happy to "
        "send you some reminders\n\nThe council voted on Monday to close the library.",
        "We use cookies to improve your experience\n\nThe council voted to close it.",
        "Cookie settings\n\nThe council voted on Monday to close the library.",
        # A single line, and a line of symbols.
        "The council met on Monday and agreed nothing",
        "***\n\nThe council met on Monday and agreed nothing.",
    ],
)
def test_no_title_unless_the_text_really_has_one(text: str) -> None:
    assert from_text(text).title is None


def test_title_is_a_short_first_line_followed_by_a_blank_line() -> None:
    source = from_text("Harbour strike enters third day\n\nPilots stayed out on Monday.")
    assert source.title == "Harbour strike enters third day"


def test_explicit_title_wins() -> None:
    assert from_text("Short heading\n\nBody.", title="Given").title == "Given"


# ---------------------------------------------------------------- encodings


def test_cp1252_curly_quotes_and_euro() -> None:
    text = "The minister said the \u201cfinal\u201d offer was \u20ac40m \u2013 not a cent more."
    assert decode_bytes(text.encode("cp1252")) == text


def test_latin1() -> None:
    text = "Les négociateurs à Genève ont reçu une offre révisée, selon la déléguée."
    assert decode_bytes(text.encode("latin-1")) == text


def test_utf8_with_bom_strips_bom() -> None:
    assert decode_bytes(b"\xef\xbb\xbf" + "Zürich talks €5".encode()) == "Zürich talks €5"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    text = "Talks in Zürich cost €5m, “officials” said."
    data = text.encode(codec)
    if codec != "utf-16":  # add the BOM the plain codec writes on its own
        data = ("\ufeff" + text).encode(codec)
    assert decode_bytes(data) == text


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_with_bom(codec: str, tmp_path: Path) -> None:
    text = "Zürich talks\n\nDelegates met, officials said."
    path = _write(tmp_path, "a.txt", ("\ufeff" + text).encode(codec))
    assert load(path).text == text


def test_curly_quoted_notification_prompt_is_boilerplate() -> None:
    line = "Click \u2018OK\u2019 then \u2018Allow\u2019 to enable notifications"
    assert is_boilerplate_line(line)


def test_utf8_with_a_stray_byte_stays_utf8() -> None:
    data = "Zürich, Genève and Köln: “talks”".encode() + b"\xff"
    assert decode_bytes(data).startswith("Zürich, Genève and Köln: “talks”")


def test_non_western_single_byte_uses_charset_normalizer() -> None:
    text = "Переговоры о тарифах сорвались, заявил министр торговли в понедельник."
    assert decode_bytes(text.encode("cp1251")) == text


def test_load_decodes_cp1252_file(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    body = "Harbour talks\n\nThe union\u2019s offer of \u20ac3m was \u201crejected\u201d.\n"
    path.write_bytes(body.encode("cp1252"))
    assert "\u20ac3m was \u201crejected\u201d" in load(path).text


def test_load_utf16_file(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes("Fisheries row\n\nBoats stayed in port, owners said.".encode("utf-16"))
    source = load(path)
    assert source.text == "Fisheries row\n\nBoats stayed in port, owners said."


# ---------------------------------------------------------------- errors


def load_text(text: str) -> Source:
    """Load ``text`` the way ``summarizer -`` would, through standard input."""
    return load("-", stdin=io.BytesIO(text.encode()))


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is empty"):
        load(_write(tmp_path, "empty.txt", b""))


def test_whitespace_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is empty"):
        load(_write(tmp_path, "blank.txt", b" \n\t\r\n   \n"))


def test_unicode_whitespace_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is empty"):
        load(_write(tmp_path, "blank.txt", "\u3000\u00a0\n\u2003".encode()))


def test_boilerplate_only_file_is_empty(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is empty"):
        load(_write(tmp_path, "ads.txt", b"Advert\n\nShare this article\nCopy link\n"))


def test_binary_file(tmp_path: Path) -> None:
    data = bytes(range(256)) * 8
    with pytest.raises(InputError, match="binary"):
        load(_write(tmp_path, "blob.bin", data))


def test_binary_without_nul_bytes(tmp_path: Path) -> None:
    data = bytes(b for b in range(1, 32) if b not in (9, 10, 13)) * 40 + b"some text"
    with pytest.raises(InputError, match="binary"):
        load(_write(tmp_path, "blob.dat", data))


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load(tmp_path)


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError, match=r"no such file: .*nope\.txt"):
        load(missing)


def test_json_file_by_extension(tmp_path: Path) -> None:
    path = _write(tmp_path, "data.json", b'{"text": "The talks failed."}')
    with pytest.raises(InputError, match="looks like JSON, not an article"):
        load(path)


def test_json_content_without_extension(tmp_path: Path) -> None:
    path = _write(tmp_path, "data.txt", json.dumps([{"a": 1}, {"a": 2}]).encode())
    with pytest.raises(InputError, match="looks like JSON, not an article"):
        load(path)


def test_jsonl_content(tmp_path: Path) -> None:
    path = _write(tmp_path, "rows.txt", b'{"a": 1}\n{"a": 2}\n{"a": 3}\n')
    with pytest.raises(InputError, match="looks like JSON"):
        load(path)


def test_csv_file_by_extension(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="looks like CSV, not an article"):
        load(_write(tmp_path, "table.csv", b"a,b\n1,2\n"))


def test_csv_content_without_extension(tmp_path: Path) -> None:
    rows = ["date,port,tonnes,price"] + [
        f"2026-03-{d:02d},Ellery,{d * 10},{d}.5" for d in range(1, 9)
    ]
    path = _write(tmp_path, "export.txt", "\n".join(rows).encode())
    with pytest.raises(InputError, match="looks like CSV, not an article"):
        load(path)


def test_short_prose_with_one_comma_a_line_is_not_csv() -> None:
    text = (
        "Strike ends, talks resume\n"
        "Workers returned to the docks, the union said.\n"
        "The port reopened at noon, officials confirmed.\n"
        "Ships began unloading, and queues cleared by evening.\n"
    )
    source = load_text(text)
    assert source.text == text.strip()
    assert source.title is None  # no blank line after the first line: not a title


def test_prose_with_commas_is_not_csv() -> None:
    text = (
        "Harbour talks, day three\n"
        "The union, the authority and the mediator met on Monday, officials said.\n"
        "Neither side, however, would comment, and the talks, sources said, were tense.\n"
        "A further meeting, the third this week, is planned, the mediator said.\n"
    )
    assert "The union" in load_text(text).text


def test_too_large_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", b"The talks went on. " * 100)
    with pytest.raises(InputError, match=r"1,900 bytes, larger than the limit of 1,000 bytes"):
        load(path, max_bytes=1000)


def test_stdin() -> None:
    source = load("-", stdin=io.BytesIO(b"Strike ends\n\nWorkers return, the union said."))
    assert source.title == "Strike ends"
    assert source.url is None


def test_stdin_too_large() -> None:
    with pytest.raises(InputError, match="limit of 10 bytes"):
        load("-", stdin=io.BytesIO(b"x" * 50), max_bytes=10)


def test_stdin_html() -> None:
    source = load("-", stdin=io.BytesIO((FIXTURES / "trade_talks.html").read_bytes()))
    assert "Ilse Varnhagen" in source.text
    assert "<" not in source.text


def test_non_english_is_loaded_not_refused() -> None:
    text = "Les négociations ont échoué, a déclaré le syndicat.\n\nLa grève continue demain."
    source = load_text(text)
    assert detect_language(source.text) == "unknown"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Rhannodd yr undeb y newyddion ddydd Llun, meddai llefarydd.", "unknown"),
        ("The union said the talks had failed and that a strike would follow.", "en"),
        (WEB_PAGE_TEXT, "en"),
        (
            "Die Gewerkschaft sagte, die Gespräche seien gescheitert und der Streik gehe weiter.",
            "unknown",
        ),
        ("Los negociadores dijeron que la huelga continuará la próxima semana.", "unknown"),
        ("", "unknown"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


# ---------------------------------------------------------------- URL fetch

ARTICLE_HTML = (FIXTURES / "harbour_strike.html").read_bytes()


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        route = {
            "/article": self._article,
            "/plain": self._plain,
            "/latin": self._latin,
            "/redirect": self._redirect,
            "/big": self._big,
            "/big-chunked": self._big_chunked,
            "/slow": self._slow,
            "/drip-headers": self._drip_headers,
            "/drip-body": self._drip_body,
            "/json": self._json,
            "/ua": self._ua,
        }.get(self.path)
        if route is None:
            self._send(404, b"not here", "text/plain")
        else:
            route()

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _article(self) -> None:
        self._send(200, ARTICLE_HTML, "text/html; charset=utf-8")

    def _plain(self) -> None:
        self._send(200, WEB_PAGE_TEXT.encode(), "text/plain")

    def _latin(self) -> None:
        body = "Négociations à Genève\n\nLes délégués ont reçu l’offre.".encode("cp1252")
        self._send(200, body, "text/plain; charset=windows-1252")

    def _redirect(self) -> None:
        self.send_response(302)
        self.send_header("Location", "/article")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _big(self) -> None:
        self._send(200, b"The talks went on. " * 1000, "text/plain")

    def _big_chunked(self) -> None:
        # No Content-Length: the cap must hold while streaming.
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Connection", "close")
        self.end_headers()
        for _ in range(100):
            self.wfile.write(b"The talks went on. " * 50)

    def _slow(self) -> None:
        time.sleep(1.5)
        self._send(200, b"late", "text/plain")

    def _drip_headers(self) -> None:
        # One header byte every 0.5 s: each read succeeds within any per-read timeout.
        self._drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Drip: ", b"a" * 30)
        self._trickle(b"\r\nContent-Length: 4\r\n\r\nlate")

    def _drip_body(self) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 30\r\n\r\n"
        self._drip(head, b"a" * 30)

    def _drip(self, head: bytes, slow: bytes) -> None:
        try:
            self.wfile.write(head)
            for byte in slow:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:
            pass  # the client gave up, as it should

    def _trickle(self, rest: bytes) -> None:
        with contextlib.suppress(OSError):  # the client may have gone
            self.wfile.write(rest)

    def _json(self) -> None:
        self._send(200, b'{"a": 1}', "application/json")

    def _ua(self) -> None:
        ua = self.headers.get("User-Agent", "")
        self._send(200, f"Agent check\n\nThe agent was {ua}.".encode(), "text/plain")

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output quiet
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that give up early (size cap, timeout) break the pipe on purpose


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_fetch_html_page(server: str) -> None:
    url = f"{server}/article"
    source = load(url, timeout=5)
    assert source.url == url
    assert source.title == "Dockworkers walk out as Port Ellery pay talks stall"
    assert "Teodor Brasswick" in source.text
    assert "Accept all cookies" not in source.text


def test_fetch_follows_redirects(server: str) -> None:
    assert "Osric Pennywhistle" in fetch_url(f"{server}/redirect", timeout=5).text


def test_fetch_plain_text(server: str) -> None:
    source = fetch_url(f"{server}/plain", timeout=5)
    assert "Share this with" not in source.text
    assert WEB_PAGE_PARAGRAPHS[0] in source.text


def test_fetch_uses_response_charset(server: str) -> None:
    assert "Les délégués ont reçu l’offre." in fetch_url(f"{server}/latin", timeout=5).text


def test_fetch_sends_user_agent(server: str) -> None:
    assert "summarizer/0.1" in fetch_url(f"{server}/ua", timeout=5).text


def test_fetch_404(server: str) -> None:
    with pytest.raises(FetchError, match="404") as info:
        fetch_url(f"{server}/missing", timeout=5)
    assert info.value.data["status"] == 404


@pytest.mark.parametrize("path", ["/big", "/big-chunked"])
def test_fetch_oversized(server: str, path: str) -> None:
    with pytest.raises(FetchError, match="response larger than 5000 bytes"):
        fetch_url(f"{server}{path}", timeout=5, max_bytes=5000)


def test_fetch_timeout(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out") as info:
        fetch_url(f"{server}/slow", timeout=0.3)
    assert time.monotonic() - started < 1.4
    assert info.value.__cause__ is not None


@pytest.mark.parametrize("path", ["/drip-headers", "/drip-body"])
def test_fetch_deadline_is_total_even_for_dripped_headers(server: str, path: str) -> None:
    """One byte every 0.5 s never trips a per-read timeout; the total deadline must."""
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 1\.5 s") as info:
        fetch_url(f"{server}{path}", timeout=1.5)
    elapsed = time.monotonic() - started
    assert 1.4 < elapsed < 2.5, elapsed
    assert info.value.exit_code == 4


def test_cli_fetch_timeout_cuts_off_dripped_headers(
    server: str, capfd: pytest.CaptureFixture[str]
) -> None:
    from summarizer.cli import main

    started = time.monotonic()
    code = main(["brief", f"{server}/drip-headers", "--fetch-timeout", "1", "--model", "heuristic"])
    elapsed = time.monotonic() - started
    err = capfd.readouterr().err
    assert code == 4, err
    assert err.strip() == f"error: timed out after 1 s fetching {server}/drip-headers"
    assert elapsed < 2.5, elapsed


def test_fetch_json_is_refused(server: str) -> None:
    with pytest.raises(InputError, match="looks like JSON"):
        fetch_url(f"{server}/json", timeout=5)


def test_fetch_connection_refused() -> None:
    import socket

    with socket.socket() as sock:  # grab a free port, then close it so nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="could not fetch") as info:
        fetch_url(f"http://127.0.0.1:{port}/", timeout=2)
    assert "\n" not in str(info.value)


# ---------------------------------------------------------------- properties

_BOILERPLATE_SAMPLES = st.sampled_from(
    ["Advert", "Share this with Facebook", "Copy link", "Topics: Trade", "Published 2 May 2026"]
)
_LINES = st.one_of(_BOILERPLATE_SAMPLES, st.text(max_size=80), st.just(""))
_DOCS = st.one_of(st.text(), st.lists(_LINES, max_size=12).map("\n".join))


@given(st.binary(max_size=2000))
@settings(max_examples=300)
def test_decode_bytes_never_raises(data: bytes) -> None:
    assert isinstance(decode_bytes(data), str)


@given(_DOCS)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_from_text_is_clean_or_refuses(text: str) -> None:
    try:
        source = from_text(text)
    except InputError:
        return
    assert source.text
    assert source.text == source.text.strip()
    assert strip_boilerplate(source.text) == source.text
    assert not any(is_boilerplate_line(line) for line in source.text.split("\n"))
    assert source.sha256 == hashlib.sha256(source.text.encode("utf-8")).hexdigest()
    assert "\r" not in source.text
    assert "\x00" not in source.text
    assert from_text(source.text).text == source.text  # cleaning is a fixed point


@given(_DOCS)
@settings(max_examples=300)
def test_strip_boilerplate_is_idempotent(text: str) -> None:
    once = strip_boilerplate(text)
    assert strip_boilerplate(once) == once


# ---------------------------------------------------------------- real articles


@pytest.mark.skipif(not FRANK.exists(), reason="shared FRANK data not present")
def test_real_articles_lose_little_text() -> None:
    with FRANK.open(encoding="utf-8") as fh:
        articles = [json.loads(line)["article"] for line in fh if line.strip()]
    assert articles
    for i, article in enumerate(articles):
        if not article.strip():
            continue
        source = from_text(article)
        kept = len(source.text) / len(article.strip())
        assert kept >= 0.8, f"article {i} lost {1 - kept:.0%} of its characters"


# ---------------------------------------------------------------- package layout


def test_pure_parts_import_without_network_or_html_libraries() -> None:
    """decode, boilerplate, sniff and text load without httpx or trafilatura."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import summarizer.ingest.decode, summarizer.ingest.boilerplate\n"
        "import summarizer.ingest.sniff, summarizer.ingest.text, summarizer.ingest\n"
        "heavy = [m for m in ('httpx', 'trafilatura') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


# ---------------------------------------------------------------- mixed encodings

MIXED_UTF8 = "Café owners in Zürich met on Monday. "
MIXED_CP1252 = "\u201cWe will not pay,\u201d the owners\u2019 spokeswoman said \u2013 twice."


def test_utf8_with_a_few_cp1252_bytes_is_decoded_per_run() -> None:
    data = MIXED_UTF8.encode("utf-8") + MIXED_CP1252.encode("cp1252")
    assert decode_bytes(data) == MIXED_UTF8 + MIXED_CP1252


def test_cp1252_paragraph_inside_utf8_file(tmp_path: Path) -> None:
    data = (
        "Zürich café talks\n\n".encode()
        + MIXED_CP1252.encode("cp1252")
        + "\n\nThe mayor’s office said talks would resume.\n".encode()
    )
    text = load(_write(tmp_path, "mixed.txt", data)).text
    assert text.startswith("Zürich café talks\n\n" + MIXED_CP1252)
    assert "The mayor’s office said" in text
    assert "Ã" not in text and "â€" not in text


def test_pure_cp1252_is_still_read_as_cp1252() -> None:
    text = (
        "Die Straße \u201eam Hafen\u201c bleibt gesperrt, sagte der Bürgermeister \u2013 vorerst."
    )
    assert decode_bytes(text.encode("cp1252")) == text
