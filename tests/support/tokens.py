"""Counting and cutting output tokens the way the oracle server bills them.

The rule, in order of preference:

1. ``tiktoken``'s ``o200k_base`` when tiktoken is installed *and* its encoding loads
   (it downloads the vocabulary on first use, so offline it usually does not);
2. ``bpe-openai``'s ``o200k_base`` (the same vocabulary, shipped inside the wheel, so it
   works offline; a dev extra of this project);
3. otherwise about four characters a token (``ceil(len / 4)``).

``RULE`` names the rule in force, so printed figures say how they were counted.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _encoding() -> tuple[str, Any]:
    try:
        import tiktoken

        return "tiktoken o200k_base", tiktoken.get_encoding("o200k_base")
    except Exception:  # not installed, or no network to fetch the vocabulary
        pass
    try:
        import bpe_openai

        return "bpe-openai o200k_base", bpe_openai.get_encoding("o200k_base")
    except Exception:
        return "4 characters a token", None


def rule() -> str:
    """Which counting rule is in force."""
    return _encoding()[0]


def count(text: str) -> int:
    """Tokens in ``text`` under the rule in force."""
    enc = _encoding()[1]
    if enc is None:
        return -(-len(text) // 4)
    return len(enc.encode(text))


def pieces(text: str) -> list[bytes]:
    """The UTF-8 bytes of each token of ``text`` (4-byte pieces under the fallback rule)."""
    enc = _encoding()[1]
    if enc is None:
        raw = text.encode("utf-8")
        return [raw[i : i + 4] for i in range(0, len(raw), 4)]
    return [enc.decode_single_token_bytes(t) for t in enc.encode(text)]


def cut(text: str, limit: int) -> str:
    """The first ``limit`` tokens of ``text``, decoded back to text."""
    enc = _encoding()[1]
    if enc is None:
        return text[: limit * 4]
    return enc.decode(enc.encode(text)[:limit])
