"""Bytes to text: BOMs first, then UTF-8, then cp1252 or latin-1.

Mixed files are decoded per run of bytes: text that is mostly UTF-8 but carries a few
cp1252 bytes (a pasted paragraph with Windows smart quotes) keeps every valid UTF-8
sequence as UTF-8 and reads only the invalid bytes as cp1252 (latin-1 for the five
bytes cp1252 leaves undefined). The file counts as UTF-8 when it holds at least one
valid multi-byte UTF-8 sequence that decodes to a plausible character (a letter, mark,
punctuation or symbol in the Latin, Greek, Cyrillic, punctuation or CJK ranges): a
genuine cp1252 file almost never does, since that needs an accented capital followed
directly by a punctuation byte that happens to decode to such a character.

Pure: no network or HTML libraries are imported here (charset-normalizer only when a
single-byte reading looks implausible). :func:`decode_bytes` never raises.
"""

from __future__ import annotations

import codecs
import unicodedata

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
    if _has_plausible_utf8(data):
        return data.decode("utf-8", errors=_CP1252_RUNS)
    try:
        single = data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte.
        single = data.decode("latin-1")
    if _plausible_western(single):
        return single
    return _charset_normalizer_guess(data) or single


def _cp1252_runs(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read the bytes UTF-8 rejects as cp1252, byte by byte."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(_cp1252_byte(b) for b in bad), exc.end


def _cp1252_byte(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: latin-1 (a control, cleaned later)


_CP1252_RUNS = "summarizer.cp1252-runs"
codecs.register_error(_CP1252_RUNS, _cp1252_runs)


def _has_plausible_utf8(data: bytes) -> bool:
    """At least one valid multi-byte UTF-8 sequence decoding to a plausible character."""
    text = data.decode("utf-8", errors="replace")
    return any(ord(ch) > 127 and ch != "\ufffd" and _plausible_char(ch) for ch in text)


def _plausible_char(ch: str) -> bool:
    code = ord(ch)
    in_common_block = (
        0x00A0 <= code < 0x0250  # Latin-1 supplement, Latin extended A/B
        or 0x0370 <= code < 0x0530  # Greek, Cyrillic
        or 0x2000 <= code < 0x2C00  # punctuation, currency, letterlike, arrows, ...
        or code >= 0x3000  # CJK and beyond
    )
    return in_common_block and unicodedata.category(ch)[0] in "LMPSZ"


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
