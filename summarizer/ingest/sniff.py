"""Is this text an article at all? Binary, HTML, JSON and CSV sniffing (pure)."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import unicodedata

_CSV_MIN_LINES = 4  # a header and at least three rows

_HTML_SNIFF = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|div|p|span|a|br|h[1-6]|article|section|nav|ul|li|table|"
    r"meta|script|style|title|header|footer|main|aside)\b[^>]*>",
    re.IGNORECASE,
)


def has_nul_bytes(data: bytes) -> bool:
    """NUL bytes outside UTF-16/32 text (which carries them legitimately, after a BOM)."""
    if data.startswith((codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in data


def looks_binary(text: str) -> bool:
    """More than 5 % of the first 20,000 characters are controls or unassigned."""
    sample = text[:20_000]
    if not sample:
        return False
    odd = sum(1 for ch in sample if _is_junk_char(ch))
    return odd / len(sample) > 0.05


def _is_junk_char(ch: str) -> bool:
    if ch in "\n\r\t":
        return False
    return ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn")


def looks_like_html(text: str) -> bool:
    """A doctype or ``<html>`` near the start, or many tags for the length of the text."""
    head = text[:2048].lstrip()
    if _HTML_SNIFF.search(head):
        return True
    # Fragments without <html>: many tags relative to the length of the text.
    tags = _HTML_TAG.findall(text[:50_000])
    return len(tags) >= 10 and len(tags) * 40 > min(len(text), 50_000)


def data_kind(text: str) -> str | None:
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
