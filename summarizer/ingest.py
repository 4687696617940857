"""Stage 1 of the pipeline: bytes in, one clean :class:`~summarizer.schema.Source` out.

``load`` accepts a path, a URL or ``"-"`` (standard input). Bytes are decoded with
:func:`decode_bytes`, HTML goes through trafilatura (:func:`from_html`) and everything ends
in :func:`from_text`, which builds the one ``Source`` whose ``text`` later stages index
into. Nothing alters the text after the ``Source`` exists, so offsets stay exact.

Inputs that cannot be briefed raise :class:`~summarizer.errors.InputError` (missing,
directory, empty, binary, too large, JSON/CSV data, HTML without article text); URL
failures raise :class:`~summarizer.errors.FetchError`.

Boilerplate rule (:func:`strip_boilerplate`), line-based and conservative. A line is
dropped only if

1. the WHOLE line, stripped, is at most ``_MAX_BOILERPLATE_LEN`` (200) characters and
   fully matches, case-insensitively, one of ``_BOILERPLATE_PATTERNS``:
   "Advert(s)"/"Advertisement(s)", alone or followed by ":", "-" or "|" and anything;
   "Click 'OK' then 'Allow' to enable notifications" and variants ("enable / turn on /
   allow / get (push) notifications ..."); "Sign up for/to ..." naming alerts,
   newsletters, emails or a briefing; "Share this with <X>", "Share this article/story/
   page/post ...", "Share on/via/to <X>", a lone "Share"; "Topics: ...", "Tags: ...",
   "Read more: ...", "More on this story: ...", "Related: ...", "Related stories/
   articles/content/topics/links ..."; "Image caption ...", "Image source ...",
   "Image copyright ..."; "Copy link" / "Copy this link"; "Follow us on ...";
   "Subscribe ..."; "Skip to (main) content/navigation"; cookie banners ("Cookie(s) ..."
   mentioning policy, settings, preferences, consent, accept or notice; "We use cookies
   ..."; "This site/website uses cookies ..."); datelines "Published <date>" and
   "(Last) updated <date>" (up to 80 characters, containing a digit or "ago"/"today"/
   "yesterday", not ending in sentence punctuation); or
2. it is shorter than 60 characters (stripped, non-empty) and occurs 3 or more times
   in the document (repeated widgets, bylines and menu items);

and, in either case, the line contains no double quote (``"``, ``“``, ``”``) and its
last sentence contains no reporting verb (said, says, told, added, according to, ...):
quoted or attributed speech is the material the brief is built from, so it is never
thrown away even if it looks like boilerplate. Partial lines are never edited.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import logging
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import httpx

from summarizer.errors import FetchError, InputError
from summarizer.schema import Source

if TYPE_CHECKING:
    from trafilatura.settings import Document

log = logging.getLogger("summarizer.ingest")

USER_AGENT = "summarizer/0.1"
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 5_000_000

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_DATA_SUFFIXES = {
    ".json": "JSON",
    ".jsonl": "JSON",
    ".ndjson": "JSON",
    ".csv": "CSV",
    ".tsv": "CSV",
}

_MAX_BOILERPLATE_LEN = 200
_REPEAT_MAX_LEN = 60
_REPEAT_MIN_COUNT = 3
_MAX_TITLE_LEN = 150
_CSV_MIN_LINES = 4  # a header and at least three rows

_BOILERPLATE_PATTERNS: tuple[str, ...] = (
    r"advert(isement)?s?(\s*[:\-–—|]\s*.*)?",
    r"(click\s+['‘’]?ok['‘’]?\s+then\s+['‘’]?allow['‘’]?\s+to\s+)?(enable|turn\s+on|allow|get)\s+"
    r"(push\s+|browser\s+)?notifications.*",
    r"sign\s+up\s+(for|to)\b.*\b(alerts?|newsletters?|emails?|briefing)\b.*",
    r"share\s+this\s+with\b.{0,120}",
    r"share\s+(this|the)\s+(article|story|page|post)\b.*",
    r"share\s+(on|via|to)\s+\S.{0,60}",
    r"share",
    r"(topics|tags|read\s+more|more\s+on\s+this\s+story|related)\s*:.*",
    r"related\s+(stories|articles|content|topics|links)\b.*",
    r"image\s+(caption|source|copyright)\b.*",
    r"copy\s+(this\s+)?link",
    r"follow\s+us\s+on\b.*",
    r"subscribe\b.*",
    r"skip\s+to\s+(main\s+)?(content|navigation)\b.*",
    r"cookies?\b.*\b(polic(y|ies)|settings|preferences|consent|accept|notice)\b.*",
    r"(we|this\s+(site|website))\s+uses?\s+cookies\b.*",
    # Datelines only: a sentence such as "Updated figures show ..." is not boilerplate.
    r"(first\s+)?published\s*(on|at)?\s*:?\s*(?=.*(\d|ago|today|yesterday))(?!.*[.!?]$).{1,80}",
    r"(last\s+)?updated\s*(on|at)?\s*:?\s*(?=.*(\d|ago|today|yesterday))(?!.*[.!?]$).{1,80}",
)
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in _BOILERPLATE_PATTERNS), re.IGNORECASE)

_QUOTES = ('"', "\u201c", "\u201d")
_REPORTING_VERB = re.compile(
    r"\b(said|says|say|told|tells|added|adds|according\s+to|stated|states|announced|"
    r"claimed|claims|denied|denies|insisted|insists|argued|argues|warned|warns|"
    r"explained|explains|confirmed|confirms|wrote|writes|noted|notes)\b",
    re.IGNORECASE,
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")

# Line-breaking characters other than "\n" that str.splitlines() honours; they would
# make "lines" mean different things to different stages, so they become "\n".
_EXTRA_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_BLANK_RUN = re.compile(r"\n{3,}")
# Unicode category Cc minus "\n" and "\t", stray BOMs, and lone surrogates (which
# cannot be encoded for hashing).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ud800-\udfff]")

_HTML_SNIFF = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|div|p|span|a|br|h[1-6]|article|section|nav|ul|li|table|"
    r"meta|script|style|title|header|footer|main|aside)\b[^>]*>",
    re.IGNORECASE,
)

# Common English function words (and "said", ubiquitous in news copy).
_STOPWORD_TEXT = """
the and of to a in is that said for on was with he it as by at his her from be has
have had are were this an not but they their which who will would its after about
been more than also or one she we there when up out over into could what if no so
them our you i can
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


# ---------------------------------------------------------------- dispatch


def load(
    target: str | os.PathLike[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Source:
    """Load one article from a path, an ``http(s)://`` URL, or ``"-"`` for standard input."""
    if isinstance(target, str):
        if target == "-":
            return _from_stdin(stdin, max_bytes=max_bytes)
        if target.lower().startswith(("http://", "https://")):
            return fetch_url(target, timeout=timeout, max_bytes=max_bytes)
    return _from_path(Path(target), max_bytes=max_bytes)


def _from_stdin(stdin: BinaryIO | None, *, max_bytes: int) -> Source:
    stream = stdin if stdin is not None else sys.stdin.buffer
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"standard input is larger than the limit of {max_bytes:,} bytes")
    return _from_bytes(data, name="standard input", suffix="")


def _from_path(path: Path, *, max_bytes: int) -> Source:
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory, not an article file")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"{path} is {size:,} bytes, larger than the limit of {max_bytes:,} bytes (max_bytes)"
        )
    kind = _DATA_SUFFIXES.get(path.suffix.lower())
    if kind:
        raise InputError(f"{path} looks like {kind}, not an article (a {path.suffix} file)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return _from_bytes(data, name=str(path), suffix=path.suffix.lower())


def _from_bytes(data: bytes, *, name: str, suffix: str, url: str | None = None) -> Source:
    if not data.strip():
        raise InputError(f"{name} is empty")
    if _has_nul_bytes(data):
        raise InputError(f"{name} looks binary (it contains NUL bytes), not text")
    text = decode_bytes(data)
    return _from_decoded(text, name=name, html=suffix in _HTML_SUFFIXES, url=url)


def _from_decoded(text: str, *, name: str, html: bool, url: str | None) -> Source:
    if _looks_binary(text):
        raise InputError(f"{name} looks binary (mostly non-text characters), not text")
    if html or _looks_like_html(text):
        return from_html(text, url=url)
    kind = _data_kind(text)
    if kind:
        raise InputError(f"{name} looks like {kind}, not an article; pass the article text")
    try:
        return from_text(text, url=url)
    except InputError as exc:
        raise InputError(
            f"{name} is empty: no text left after removing control characters and boilerplate"
        ) from exc


# ---------------------------------------------------------------- sniffing


def _has_nul_bytes(data: bytes) -> bool:
    # UTF-16/32 text carries NULs legitimately; a BOM says which it is.
    if data.startswith((codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in data


def _looks_binary(text: str) -> bool:
    sample = text[:20_000]
    if not sample:
        return False
    odd = sum(1 for ch in sample if _is_junk_char(ch))
    return odd / len(sample) > 0.05


def _is_junk_char(ch: str) -> bool:
    if ch in "\n\r\t":
        return False
    return ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn")


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip()
    if _HTML_SNIFF.search(head):
        return True
    # Fragments without <html>: many tags relative to the length of the text.
    tags = _HTML_TAG.findall(text[:50_000])
    return len(tags) >= 10 and len(tags) * 40 > min(len(text), 50_000)


def _data_kind(text: str) -> str | None:
    """'JSON' or 'CSV' if the text is structured data rather than prose."""
    stripped = text.strip()
    if _is_json(stripped):
        return "JSON"
    if _is_csv(stripped):
        return "CSV"
    return None


def _is_json(stripped: str) -> bool:
    if not stripped or stripped[0] not in "[{":
        return False
    try:
        json.loads(stripped)
        return True
    except ValueError:
        pass
    lines = [ln for ln in stripped.splitlines() if ln.strip()][:50]
    # JSON Lines: every line is a JSON object or array on its own.
    try:
        return len(lines) >= 2 and all(isinstance(json.loads(ln), dict | list) for ln in lines)
    except ValueError:
        return False


def _is_csv(stripped: str) -> bool:
    lines = [ln for ln in stripped.splitlines() if ln.strip()][:100]
    if len(lines) < _CSV_MIN_LINES or _mostly_sentences(lines[1:]):
        return False
    for delimiter in (",", "\t", ";"):
        try:
            rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
        except csv.Error:
            continue
        if _rows_look_tabular(rows):
            return True
    return False


def _mostly_sentences(lines: list[str]) -> bool:
    # Prose paragraphs end in sentence punctuation; data rows rarely do.
    ends = sum(1 for ln in lines if ln.rstrip().endswith((".", "!", "?", ".\u201d", ".'")))
    return ends * 2 >= len(lines)


def _rows_look_tabular(rows: list[list[str]]) -> bool:
    width = len(rows[0])
    if width < 2:
        return False
    same = sum(1 for r in rows if len(r) == width)
    if same / len(rows) < 0.9:
        return False
    # A header row: short, non-empty cells that are not sentences.
    header = [cell.strip() for cell in rows[0]]
    return all(0 < len(c) <= 40 and not c.endswith(".") for c in header)


# ---------------------------------------------------------------- decoding


def decode_bytes(data: bytes) -> str:
    """Decode article bytes: BOMs first, then UTF-8, then cp1252 or latin-1.

    charset-normalizer is consulted only when the single-byte reading looks implausible
    for Western text. Never raises; the BOM is not part of the result.
    """
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    try:
        single = data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte.
        single = data.decode("latin-1")
    if _plausible_western(single):
        return single
    return _charset_normalizer_guess(data) or single


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray bytes, which cp1252 would turn into mojibake throughout."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    return text if good >= 3 * bad and good >= 3 else None


def _plausible_western(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 20:
        return True  # too little to judge; a guess on a few bytes is mostly noise
    non_ascii = sum(1 for ch in letters if ord(ch) > 127)
    # Western European prose is overwhelmingly ASCII letters; Cyrillic or Greek read as
    # cp1252 is not.
    return non_ascii / len(letters) < 0.3


def _charset_normalizer_guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional tie-breaker only
        return None
    best = from_bytes(data).best()
    if best is None:
        return None
    try:
        return data.decode(best.encoding, errors="replace")
    except LookupError:
        return None


# ---------------------------------------------------------------- text


def from_text(text: str, *, title: str | None = None, url: str | None = None) -> Source:
    """Clean plain text and wrap it in a Source; the text is final from here on."""
    return _build_source(text, title=title, url=url)


def _build_source(
    text: str,
    *,
    title: str | None,
    url: str | None,
    site: str | None = None,
    published: str | None = None,
) -> Source:
    cleaned = clean_text(text)
    if not cleaned:
        raise InputError("the article text is empty (nothing left after cleaning)")
    if detect_language(cleaned) != "en" and len(cleaned.split()) >= 5:
        # Other languages are briefed, not refused: offsets and grounding hold in any
        # language, but the cues and prompts are English, so the brief may be thin.
        log.warning(
            "the article does not look like English; it is briefed, but cues and "
            "prompts are English, so the brief may miss actors and claims"
        )
    return Source(
        text=cleaned,
        title=_clean_title(title) or _guess_title(cleaned),
        url=url,
        site=site,
        published=published,
        sha256=hashlib.sha256(cleaned.encode("utf-8")).hexdigest(),
    )


def clean_text(text: str) -> str:
    """Normalise newlines and Unicode, drop control characters and boilerplate lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _EXTRA_BREAKS.sub("\n", text)
    text = _strip_controls(text)
    text = unicodedata.normalize("NFC", text)
    text = strip_boilerplate(text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUN.sub("\n\n", text).strip()


def _strip_controls(text: str) -> str:
    return _CONTROLS.sub("", text)


def _clean_title(title: str | None) -> str | None:
    if title is None:
        return None
    return " ".join(_strip_controls(title).split()) or None


def _guess_title(text: str) -> str | None:
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    if first and len(first) < _MAX_TITLE_LEN and not first.endswith("."):
        return first
    return None


# ---------------------------------------------------------------- boilerplate


def strip_boilerplate(text: str) -> str:
    """Drop whole boilerplate lines; see the module docstring for the exact rule."""
    lines = text.split("\n")
    counts = Counter(s for s in (ln.strip() for ln in lines) if s)
    kept = [ln for ln in lines if not _is_boilerplate(ln.strip(), counts)]
    return "\n".join(kept)


def _is_boilerplate(line: str, counts: Counter[str]) -> bool:
    if not line or _is_protected(line):
        return False
    if len(line) < _REPEAT_MAX_LEN and counts[line] >= _REPEAT_MIN_COUNT:
        return True
    return len(line) <= _MAX_BOILERPLATE_LEN and _BOILERPLATE.fullmatch(line) is not None


def _is_protected(line: str) -> bool:
    if any(q in line for q in _QUOTES):
        return True
    last_sentence = _SENTENCE_SPLIT.split(line)[-1]
    return _REPORTING_VERB.search(last_sentence) is not None


def is_boilerplate_line(line: str) -> bool:
    """Whether one line, on its own, matches the boilerplate patterns (rule 1)."""
    return _is_boilerplate(line.strip(), Counter())


# ---------------------------------------------------------------- HTML


def from_html(html: str | bytes, *, url: str | None = None) -> Source:
    """Extract the main article text of an HTML page with trafilatura, then clean it."""
    if isinstance(html, bytes):
        html = decode_bytes(html)
    doc = _extract_html(html, url=url)
    body = (doc.text if doc is not None else None) or ""
    # trafilatura puts one block per line; a blank line between blocks keeps paragraphs.
    body = body.replace("\n", "\n\n")
    if not body.strip():
        raise InputError("no article text found in HTML")
    try:
        return _build_source(
            body,
            title=doc.title,
            url=url,
            site=doc.sitename or doc.hostname,
            published=doc.date,
        )
    except InputError as exc:
        raise InputError("no article text found in HTML (only boilerplate)") from exc


def _extract_html(html: str, *, url: str | None) -> Document | None:
    import trafilatura  # heavy import; only HTML inputs pay for it

    common = {"url": url, "include_comments": False, "with_metadata": True}
    doc = trafilatura.bare_extraction(html, favor_precision=True, **common)
    if doc is None or not (doc.text or "").strip():
        # Short pages can fall under precision mode's minimum; try the default mode.
        doc = trafilatura.bare_extraction(html, **common)
    return doc


# ---------------------------------------------------------------- URL


def fetch_url(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    client: httpx.Client | None = None,
) -> Source:
    """GET ``url`` (redirects followed, size and time capped) and build its Source."""
    own = client is None
    http = client or httpx.Client(follow_redirects=True, timeout=timeout)
    try:
        data, content_type, charset = _download(http, url, timeout=timeout, max_bytes=max_bytes)
    finally:
        if own:
            http.close()
    text = _decode_response(data, charset)
    if not text.strip():
        raise InputError(f"{url} returned an empty body")
    if content_type == "text/plain":
        return from_text(text, url=url)
    if content_type in ("text/html", "application/xhtml+xml") or _looks_like_html(text):
        return from_html(text, url=url)
    if "json" in content_type or "csv" in content_type:
        kind = "JSON" if "json" in content_type else "CSV"
        raise InputError(f"{url} looks like {kind}, not an article ({content_type})")
    if content_type and not content_type.startswith("text/"):
        raise InputError(f"{url} is {content_type}, not an HTML or text article")
    return _from_decoded(text, name=url, html=False, url=url)


def _download(
    http: httpx.Client, url: str, *, timeout: float, max_bytes: int
) -> tuple[bytes, str, str | None]:
    deadline = time.monotonic() + timeout
    try:
        with http.stream(
            "GET",
            url,
            headers={"User-Agent": USER_AGENT},
            timeout=timeout,
            follow_redirects=True,
        ) as resp:
            _check_status(resp, url)
            _check_declared_size(resp, url, max_bytes)
            data = _read_capped(resp, url, max_bytes=max_bytes, deadline=deadline)
            content_type = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            return data, content_type, resp.charset_encoding
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out after {timeout:g} s fetching {url}", url=url) from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchError(f"could not fetch {url}: {_one_line(exc)}", url=url) from exc


def _check_status(resp: httpx.Response, url: str) -> None:
    if not resp.is_success:
        reason = resp.reason_phrase or "error"
        raise FetchError(
            f"HTTP {resp.status_code} {reason} fetching {url}", url=url, status=resp.status_code
        )


def _check_declared_size(resp: httpx.Response, url: str, max_bytes: int) -> None:
    declared = resp.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"response larger than {max_bytes} bytes ({url})", url=url)


def _read_capped(resp: httpx.Response, url: str, *, max_bytes: int, deadline: float) -> bytes:
    buf = bytearray()
    for chunk in resp.iter_bytes():
        buf.extend(chunk)
        if len(buf) > max_bytes:
            raise FetchError(f"response larger than {max_bytes} bytes ({url})", url=url)
        # httpx's timeout is per read; a slow trickle must not run past the total budget.
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("total time budget exceeded")
    return bytes(buf)


def _decode_response(data: bytes, charset: str | None) -> str:
    if charset:
        try:
            return data.decode(charset, errors="replace").lstrip("\ufeff")
        except LookupError:
            pass  # unknown charset label: fall back to sniffing
    return decode_bytes(data)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# ---------------------------------------------------------------- language


def detect_language(text: str) -> str:
    """``"en"`` if common English function words make up enough of the text, else
    ``"unknown"``. A heuristic for warnings only; ``load`` never refuses other languages."""
    words = [w.lower() for w in _WORD.findall(text[:50_000])]
    if len(words) < 5:
        return "unknown"
    ratio = sum(1 for w in words if w in _STOPWORDS) / len(words)
    # English news prose sits around 0.3-0.5; German, French or Spanish under 0.1.
    return "en" if ratio >= 0.12 else "unknown"
