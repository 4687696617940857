"""Real sentences from the segmenter's pieces: hard-wrapped wire copy rejoined.

Wire copy is hard-wrapped at about 70 columns, and the segmenter cuts at every line
break, so one sentence of the text arrives as several pieces ("... an expert for South
Africa's reconciliation body said Thursday. Addressing" is one). The cues read whole
sentences: a :class:`Passage` joins the pieces of one sentence, keeps their ids (a claim
cites exactly the pieces it rests on) and offers the text with its line breaks turned
into single spaces, so names and clauses never end at a wrap.

Nothing here changes offsets: evidence is still made from the segmenter's pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.segment import Sentence

# A piece that ends like this ends its sentence ("said.", "he said.''", "?").
_END = re.compile(r"[.!?](?:'')?[\"')\]]*$")
# Tokens that end with a period but do not end a sentence (titles, initials).
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Adm|Maj|Rev|St|Prof|Gens|Reps|Sens|"
    r"Jan|Feb|Aug|Sept|Oct|Nov|Dec|No|Corp|Inc|Co|Ltd|Jr|Sr|vs)|\b[A-Z])\.$"
)


@dataclass(frozen=True)
class Passage:
    """One real sentence: the ids of its pieces and its text on one line.

    ``id`` is the first piece's id, so a passage stands in for a sentence in the cues;
    ``bounds`` map character ranges of ``text`` to the piece ids they come from.
    """

    id: int
    source: int
    start: int
    end: int
    text: str
    ids: tuple[int, ...]
    bounds: tuple[tuple[int, int, int], ...]

    def ids_for(self, start: int, end: int) -> list[int]:
        """Ids of the pieces that ``text[start:end]`` draws on."""
        hit = [sid for a, b, sid in self.bounds if a < end and start < b]
        return hit or list(self.ids)


def _ends_sentence(piece: str) -> bool:
    return bool(_END.search(piece)) and not _ABBREV.search(piece.rstrip("\"')]"))


def _paragraph_break(text: str | None, a: Sentence, b: Sentence) -> bool:
    if text is None:
        return False
    return text[a.end : b.start].count("\n") >= 2


def passages(sentences: list[Sentence], text: str | None = None) -> list[Passage]:
    """Join consecutive pieces until one ends a sentence (or a paragraph ends)."""
    groups: list[list[Sentence]] = []
    for s in sentences:
        last = groups[-1][-1] if groups else None
        joins = (
            last is not None
            and last.source == s.source
            and s.id == last.id + 1
            and not _ends_sentence(last.text)
            and not _paragraph_break(text, last, s)
        )
        if joins:
            groups[-1].append(s)
        else:
            groups.append([s])
    return [_passage(g) for g in groups]


def _passage(pieces: list[Sentence]) -> Passage:
    parts, bounds, pos = [], [], 0
    for p in pieces:
        flat = " ".join(p.text.split())
        parts.append(flat)
        bounds.append((pos, pos + len(flat), p.id))
        pos += len(flat) + 1
    return Passage(
        id=pieces[0].id,
        source=pieces[0].source,
        start=pieces[0].start,
        end=pieces[-1].end,
        text=" ".join(parts),
        ids=tuple(p.id for p in pieces),
        bounds=tuple(bounds),
    )


_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*(?:,\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+)*)?\s+"
    r"(?:\([A-Za-z-]+\)\s*)?(?:--?|_|—|–)\s+)"
)


def dateline(text: str) -> re.Match[str] | None:
    """The dateline that opens a wire story ("ANKARA, Turkey (AP) - "), if any."""
    return _DATELINE.match(text)


def lead(sentences: list[Sentence], text: str | None = None) -> str:
    """The article's lead: its first real sentence, never a heading or a quote."""
    real = [
        p
        for p in passages(sentences, text)
        if _ends_sentence(p.text)
        and len(p.text.split()) > 8
        and not p.text.startswith(("``", '"', "'", "“"))
    ]
    if not real:
        return sentences[0].text if sentences else ""
    first = real[0].text
    m = dateline(first)
    return first[m.end() :] if m else first
