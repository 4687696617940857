"""Sentences with exact offsets, numbered for prompts, and sentence-aligned chunks.

Offsets are computed here once and never recomputed by string search elsewhere: every
later stage refers to a sentence by its id, and ``ground.py`` turns ids back into spans.

Line breaks. A blank line always ends a sentence. A single line break ends one too,
unless the text is hard-wrapped (wire copy and e-mailed articles, wrapped at about 70
columns) and the break is a wrap inside a paragraph. Both are decided from line lengths
alone (:func:`wrap_breaks`), so the sentence text keeps its newlines and offsets stay
exact into the text as given:

- The text is hard-wrapped when at least 3 lines are followed by another non-blank line
  ("inner" lines), the 90th percentile ``W`` of their lengths is between 40 and 100
  characters, and at least half of them are "full" (``W - 25`` characters or longer).
  Text written one paragraph per line, lists and short headline stacks never qualify.
- In hard-wrapped text, a break after a full line is a wrap unless the next line starts
  a new paragraph or item: it starts with a list bullet ("-", "*", "•", "1." or "1)")
  after another item or after a line that ends a sentence or a lead-in; or it is
  indented more than the line before (a list item continues only on such a hanging
  indent); or it is indented less, except after a paragraph's indented first line.
  A short line (a headline, a byline, a list item, the last line of a paragraph)
  always ends where it ends.

Length cap: no sentence is longer than :data:`MAX_SENTENCE_CHARS` (2,000) characters,
about three times the longest sentence in real news copy. Text that runs past it with
no sentence end (a 1 MB line of junk, a table flattened into one line) is cut into
pieces of at most 2,000 characters, each at the last whitespace in its second half (a
hard cut at 2,000 only when that stretch has no whitespace), with exact offsets. This
bounds every prompt line, every quote and every summary built from sentences.
"""

from __future__ import annotations

import itertools
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
_BULLET = re.compile(r"(?:[-*•▪◦]|\d{1,3}[.)])\s")
_WRAP_MIN_INNER = 3
_WRAP_WIDTH = (40, 100)
_WRAP_SLACK = 25
_WRAP_FULL_SHARE = 0.5
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


def wrap_breaks(text: str) -> frozenset[int]:
    """Offsets of the line breaks that are wraps inside a paragraph (see the module
    docstring for the rule); empty unless the text is hard-wrapped."""
    lines = _lines(text)
    inner = [
        (start, line, nxt)
        for (start, line), (_, nxt) in itertools.pairwise(lines)
        if line.strip() and nxt.strip()
    ]
    if len(inner) < _WRAP_MIN_INNER:
        return frozenset()
    lengths = sorted(len(line.rstrip()) for _, line, _ in inner)
    width = lengths[min(len(lengths) - 1, int(0.9 * len(lengths)))]
    if not _WRAP_WIDTH[0] <= width <= _WRAP_WIDTH[1]:
        return frozenset()
    full = width - _WRAP_SLACK
    if sum(1 for n in lengths if n >= full) < _WRAP_FULL_SHARE * len(lengths):
        return frozenset()
    breaks = set()
    previous, item = "", _is_bullet(lines[0][1])
    for (start, line), (_, nxt) in itertools.pairwise(lines):
        full_line = line.strip() and nxt.strip() and len(line.rstrip()) >= full
        wrap = bool(full_line) and _continues(previous, line, nxt, item=item)
        if wrap:
            breaks.add(start + len(line))
        else:  # a bullet after a wrap is text ("on Sept.\n3. CNBC"), not an item
            item = _is_bullet(nxt)
        previous = line
    return frozenset(breaks)


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line with its start offset (the line excludes its ``\n``)."""
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, line))
        start += len(line) + 1
    return out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _is_bullet(line: str) -> bool:
    return _BULLET.match(line.lstrip()) is not None


def _opens_item(line: str, nxt: str, *, item: bool) -> bool:
    """``nxt`` starts a list item: a bullet after another item or after a line that
    ends a sentence or a lead-in (so "June 11\n- Envoys" and "Sept.\n3. CNBC" stay
    wraps)."""
    if not _is_bullet(nxt):
        return False
    if item:
        return True
    end = line.rstrip()
    if end[-1:] not in tuple(".!?:;\"'\u201d)"):
        return False
    return not (end.endswith(".") and _is_abbreviation(end, len(end) - 1))


def _continues(previous: str, line: str, nxt: str, *, item: bool) -> bool:
    """Whether ``nxt`` continues the paragraph of the full line ``line``; ``item``:
    ``line`` belongs to a list item."""
    if _opens_item(line, nxt, item=item):
        return False
    if item:  # a list item continues only on a hanging indent
        return _indent(nxt) > _indent(line)
    if _indent(nxt) > _indent(line):  # an indented line starts a new paragraph
        return False
    if _indent(nxt) < _indent(line):
        # Dedent after a paragraph's indented first line is a wrap; after a hanging
        # indent or an indented block it ends that block.
        return not previous.strip() or _indent(line) > _indent(previous)
    return True


def _boundaries(text: str) -> list[int]:
    cuts = []
    wraps = wrap_breaks(text) if "\n" in text else frozenset()
    for m in _CANDIDATE_END.finditer(text):
        end = m.end()
        if m.group() == "\n" and m.start() in wraps:
            continue  # a wrap inside a paragraph, not a sentence end
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
