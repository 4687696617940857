"""Sentences with exact offsets, numbered for prompts, and sentence-aligned chunks.

Offsets are computed here once and never recomputed by string search elsewhere: every
later stage refers to a sentence by its id, and ``ground.py`` turns ids back into spans.

Length cap: no sentence is longer than :data:`MAX_SENTENCE_CHARS` (2,000) characters,
about three times the longest sentence in real news copy. Text that runs past it with
no sentence end (a 1 MB line of junk, a table flattened into one line) is cut into
pieces of at most 2,000 characters, each at the last whitespace in its second half (a
hard cut at 2,000 only when that stretch has no whitespace), with exact offsets. This
bounds every prompt line, every quote and every summary built from sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Tokens that end with a period but rarely end a sentence in news copy.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sen",
        "rep",
        "gov",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "maj",
        "st",
        "jr",
        "sr",
        "rev",
        "hon",
        "inc",
        "ltd",
        "co",
        "corp",
        "plc",
        "dept",
        "univ",
        "no",
        "vs",
        "etc",
        "approx",
        "est",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "a.m",
        "p.m",
        "i.e",
        "e.g",
    ]
)
MAX_SENTENCE_CHARS = 2_000

_CANDIDATE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)|\n\s*\n|\n")
_TOKEN_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of one source: ``source_text[start:end] == text``."""

    id: int
    source: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Chunk:
    """A run of consecutive sentences that fits one model call."""

    index: int
    sentences: tuple[Sentence, ...]

    @property
    def ids(self) -> list[int]:
        """Ids of the sentences in the chunk."""
        return [s.id for s in self.sentences]


def _is_abbreviation(text: str, stop: int) -> bool:
    match = _TOKEN_BEFORE.search(text[max(0, stop - 12) : stop + 1])
    if not match:
        return False
    token = match.group(1).lower()
    # Single capitals ("J. Smith") are initials, not sentence ends.
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _next_starts_sentence(text: str, pos: int) -> bool:
    rest = text[pos : pos + 3].lstrip()
    return not rest or not rest[0].islower()


def _boundaries(text: str) -> list[int]:
    cuts = []
    for m in _CANDIDATE_END.finditer(text):
        end = m.end()
        if m.group().strip() == "" or "\n" in m.group():
            cuts.append(m.start())
            continue
        if m.group()[0] == "." and _is_abbreviation(text, m.start()):
            continue
        if _next_starts_sentence(text, end):
            cuts.append(end)
    cuts.append(len(text))
    return cuts


def split_sentences(text: str, source: int = 0, first_id: int = 1) -> list[Sentence]:
    """Split ``text`` into sentences; whitespace is trimmed and offsets stay exact."""
    sentences: list[Sentence] = []
    start = 0
    for cut in _boundaries(text):
        if cut <= start:
            continue
        for s_start, s_end in _bounded(text, start, cut):
            body = text[s_start:s_end]
            sentences.append(Sentence(first_id + len(sentences), source, s_start, s_end, body))
        start = cut
    return sentences


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` trimmed, as spans of at most ``MAX_SENTENCE_CHARS``."""
    spans = []
    while True:
        start, end = _trim(text, start, end)
        if start >= end:
            return spans
        if end - start <= MAX_SENTENCE_CHARS:
            spans.append((start, end))
            return spans
        cut = _cut_point(text, start)
        spans.append(_trim(text, start, cut))
        start = cut


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cut_point(text: str, start: int) -> int:
    """Where a too-long sentence starting at ``start`` is cut: the last whitespace in
    the second half of the allowed length, else exactly at the cap."""
    limit = start + MAX_SENTENCE_CHARS
    for i in range(limit, start + MAX_SENTENCE_CHARS // 2, -1):
        if text[i].isspace():
            return i
    return limit


def number_sentences(sentences: list[Sentence]) -> str:
    """The numbered listing a prompt shows: one ``[id] sentence`` per line."""
    return "\n".join(f"[{s.id}] {' '.join(s.text.split())}" for s in sentences)


def estimate_tokens(text: str) -> int:
    """A cheap, conservative token estimate (about four characters a token)."""
    return len(text) // 4 + 1


def chunk_sentences(sentences: list[Sentence], max_tokens: int, overlap: int = 1) -> list[Chunk]:
    """Group sentences into chunks of at most ``max_tokens``, overlapping by ``overlap``.

    A sentence longer than the budget gets a chunk of its own rather than being cut, so
    evidence always stays whole.
    """
    chunks: list[list[Sentence]] = []
    current: list[Sentence] = []
    used = 0
    for sent in sentences:
        cost = estimate_tokens(sent.text) + 3
        if current and used + cost > max_tokens:
            chunks.append(current)
            current = current[-overlap:] if overlap else []
            used = sum(estimate_tokens(s.text) + 3 for s in current)
            if used + cost > max_tokens:
                current, used = [], 0
        current.append(sent)
        used += cost
    if current and (not chunks or current[-1] is not chunks[-1][-1]):
        chunks.append(current)
    return [Chunk(i, tuple(c)) for i, c in enumerate(chunks)]
