"""Bytes to text: BOMs first, then UTF-8, then cp1252 or latin-1.

Pure: no network or HTML libraries are imported here (charset-normalizer only when a
single-byte reading looks implausible). :func:`decode_bytes` never raises.
"""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_bytes(data: bytes) -> str:
    """Decode article bytes: BOMs first, then UTF-8, then cp1252 or latin-1.

    charset-normalizer is consulted only when the single-byte reading looks implausible
    for Western text. Never raises; the BOM is not part of the result.
    """
    for bom, codec in _BOMS:
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


def decode_response(data: bytes, charset: str | None) -> str:
    """Decode an HTTP body: the declared charset if Python knows it, else sniff."""
    if charset:
        try:
            return data.decode(charset, errors="replace").lstrip("\ufeff")
        except LookupError:
            pass  # unknown charset label: fall back to sniffing
    return decode_bytes(data)
