"""Plain text to the one :class:`~summarizer.schema.Source`: cleaning, title, language.

Pure: :func:`from_text` is where every input ends (files, standard input, HTML bodies,
URLs). Nothing alters the text after the ``Source`` exists, so offsets stay exact.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata

from summarizer.errors import InputError
from summarizer.ingest.boilerplate import is_boilerplate_line, strip_boilerplate
from summarizer.lexicon import ENGLISH_FUNCTION_WORDS as _STOPWORDS
from summarizer.schema import Source

# The package's logger: its warnings read "WARNING:summarizer.ingest:...".
log = logging.getLogger("summarizer.ingest")

_MAX_TITLE_LEN = 150

# Line-breaking characters other than "\n" that str.splitlines() honours; they would
# make "lines" mean different things to different stages, so they become "\n".
_EXTRA_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_BLANK_RUN = re.compile(r"\n{3,}")
# Unicode category Cc minus "\n" and "\t", stray BOMs, and lone surrogates (which
# cannot be encoded for hashing).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ud800-\udfff]")

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def from_text(text: str, *, title: str | None = None, url: str | None = None) -> Source:
    """Clean plain text and wrap it in a Source; the text is final from here on."""
    return build_source(text, title=title, url=url)


def build_source(
    text: str,
    *,
    title: str | None,
    url: str | None,
    site: str | None = None,
    published: str | None = None,
    name: str = "the article text",
) -> Source:
    """Clean ``text``, check it is briefable, and build the Source (title guessed if none).

    Refused (:class:`InputError`, exit 3): nothing left after cleaning, or no word at all
    (only punctuation, digits, symbols or emoji), which would brief as junk ("???").
    """
    cleaned = clean_text(text)
    if not cleaned:
        raise InputError(f"{name} is empty (nothing left after cleaning)")
    if not _WORD.search(cleaned):
        raise InputError(
            f"{name} has no words (only punctuation, digits or symbols); nothing to brief"
        )
    if detect_language(cleaned) != "en" and len(cleaned.split()) >= 5:
        # Other languages are briefed, not refused: offsets and grounding hold in any
        # language, but the cues and prompts are English, so the brief may be thin.
        log.warning(
            "the article does not look like English; it is briefed, but cues and "
            "prompts are English, so the brief may miss actors and claims"
        )
    return Source(
        text=cleaned,
        title=clean_title(title) or _guess_title(cleaned),
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


def clean_title(title: str | None) -> str | None:
    """One line, no control characters; ``None`` if nothing is left."""
    if title is None:
        return None
    return " ".join(_strip_controls(title).split()) or None


def _guess_title(text: str) -> str | None:
    """The first line, only when the text really has a title there.

    A title is a short first line (under 150 characters, not ending in a period) that
    is followed by a blank line and is not boilerplate. So a wire story's first wrapped
    line, a lead paragraph, a notification prompt or a cookie banner is never a title.
    ``text`` is cleaned: its first line is not blank.
    """
    lines = text.split("\n", 2)
    if len(lines) < 3 or lines[1].strip():
        return None  # no blank line after the first line: it is body text
    first = lines[0].strip()
    if not first or len(first) >= _MAX_TITLE_LEN or first.endswith("."):
        return None
    if is_boilerplate_line(first) or not _WORD.search(first):
        return None
    return first


def detect_language(text: str) -> str:
    """``"en"`` if common English function words make up enough of the text, else
    ``"unknown"``. A heuristic for warnings only; ``load`` never refuses other languages."""
    words = [w.lower() for w in _WORD.findall(text[:50_000])]
    if len(words) < 5:
        return "unknown"
    ratio = sum(1 for w in words if w in _STOPWORDS) / len(words)
    # English news prose sits around 0.3-0.5; German, French or Spanish under 0.1.
    return "en" if ratio >= 0.12 else "unknown"
