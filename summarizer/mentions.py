"""Whether a name occurs in a text as a whole word or phrase (Unicode-aware).

An actor is a party the article names. A substring test lets "EU" pass because "queued"
contains "eu", so names are matched between word boundaries: the characters on either
side must not be letters or digits of any script. Case is ignored ("the union" opens a
sentence as "The union"), and any run of whitespace in the name matches any run in the
text, so a name broken by a hard line wrap still counts.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=4096)
def _pattern(name: str) -> re.Pattern[str] | None:
    words = name.split()
    if not words:
        return None
    body = r"\s+".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def occurs(name: str, text: str) -> bool:
    """True when ``name`` occurs in ``text`` as a whole word or phrase."""
    pattern = _pattern(name)
    return bool(pattern and pattern.search(text))
