"""What reconciliation works on and what it returns: statements in, groups and conflicts out.

A statement is one source's claim (a draft position, demand or open question) or one of
its sentences, named by an id (``c12``, ``s40``) and carrying the sentence ids it rests
on. Groups and conflicts cite statement ids only, so whatever decides them (the lexical
rules or a model), every side resolves to sentences and is grounded by construction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from summarizer.draft import Draft, DraftDemand, DraftPosition, DraftQuestion
from summarizer.segment import Sentence

CONFLICT_KINDS = ("figures", "denial", "reversal", "speaker", "name")


@dataclass(frozen=True)
class Statement:
    """One source's claim or sentence, by id."""

    id: str
    source: int
    sentences: tuple[int, ...]
    field: str  # "positions", "demands", "open_questions" or "sentence"
    text: str  # the claim's wording, or the sentence itself
    evidence: str  # the cited sentences' text
    actor: str | None = None
    target: str | None = None
    draft: int = -1  # index of the draft the claim came from (-1: a sentence)


@dataclass(frozen=True)
class Conflict:
    """Two statements of different sources that cannot both be true."""

    kind: str
    topic: str
    a: str
    b: str
    note: str = ""


@dataclass
class Reconciliation:
    """Claims that say the same thing (groups of ids) and statements that conflict."""

    groups: list[tuple[str, ...]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    method: str = "lexical"

    def group_of(self) -> dict[str, int]:
        """Statement id -> index of its group."""
        return {sid: i for i, g in enumerate(self.groups) for sid in g}


_FIELDS = (
    ("positions", DraftPosition, "stance"),
    ("demands", DraftDemand, "demand"),
    ("open_questions", DraftQuestion, "question"),
)


def claim_statements(
    drafts: Sequence[Draft], sentences: Iterable[Sentence], actor_of=None
) -> list[Statement]:
    """Every claim of every draft as a statement ``c1``, ``c2``, … in draft order.

    ``actor_of(draft_index, actor_id)`` maps a draft's actor id to the story's (after
    actors were merged across sources); without it ids are kept as they are.
    """
    by_id = {s.id: s for s in sentences}
    out: list[Statement] = []
    for d_index, draft in enumerate(drafts):
        for name, _, attr in _FIELDS:
            for claim in getattr(draft, name):
                known = [by_id[i] for i in claim.sentences if i in by_id]
                if not known:
                    continue
                actor = getattr(claim, "actor", None)
                target = getattr(claim, "target", None)
                if actor_of is not None:
                    actor = actor_of(d_index, actor) if actor else None
                    target = actor_of(d_index, target) if target else None
                out.append(
                    Statement(
                        id=f"c{len(out) + 1}",
                        source=known[0].source,
                        sentences=tuple(s.id for s in known),
                        field=name,
                        text=getattr(claim, attr),
                        evidence=" ".join(" ".join(s.text.split()) for s in known),
                        actor=actor,
                        target=target,
                        draft=d_index,
                    )
                )
    return out


_ABBREV = re.compile(
    r"(?:\b(?:Corp|Inc|Co|Ltd|Mr|Mrs|Ms|Dr|Jr|Sr|St|Gen|Gov|Sen|Rep|Lt|Col|Sgt|Prof|No|"
    r"Mass|Calif|Conn|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|[A-Z])|\.[A-Z])$"
)
_END_MARK = re.compile(r"[.!?][\"'”’)]*\s+(?=[A-Z`\"'“(])")


def _boundaries(text: str) -> list[int]:
    return [
        m.end()
        for m in _END_MARK.finditer(text)
        if not (text[m.start()] == "." and _ABBREV.search(text[max(0, m.start() - 8) : m.start()]))
    ]


def _real_sentences(sentences: list[Sentence]) -> list[tuple[str, tuple[int, ...]]]:
    # The segmenter may hand us hard-wrapped wire copy one line per "sentence", or two
    # sentences in one line. Lay one source's sentences out at their offsets, split the
    # whole at sentence ends, and keep for each sentence the ids of the lines it touches.
    if not sentences:
        return []
    base = sentences[0].start
    chars = [" "] * (sentences[-1].end - base)
    for s in sentences:
        chars[s.start - base : s.end - base] = s.text
    flat = "".join(chars)
    out, begin = [], 0
    for end in [*_boundaries(flat), len(flat)]:
        lo, hi = base + begin, base + end
        ids = tuple(s.id for s in sentences if s.start < hi and lo < s.end)
        text = " ".join(flat[begin:end].split())
        if text and ids:
            out.append((text, ids))
        begin = end
    return out


_END = (".", "!", "?", '"', "'", "”", "’", ")", ":")


def _paragraphs(sentences: list[Sentence], text: str | None) -> list[list[Sentence]]:
    # A blank line between segments is a hard break, so a headline or a byline never
    # runs into the first sentence. Without the text, a line at the top of the source
    # that ends without punctuation before a capital is taken for a headline.
    blocks: list[list[Sentence]] = []
    for n, s in enumerate(sorted(sentences, key=lambda s: s.start)):
        if not blocks:
            blocks.append([s])
            continue
        last = blocks[-1][-1]
        if text is not None:
            hard = text[last.end : s.start].count("\n") >= 2
        else:
            hard = n <= 3 and s.start - last.end >= 2 and not last.text.rstrip().endswith(_END)
            hard = hard and s.text[:1].isupper()
        if hard:
            blocks.append([s])
        else:
            blocks[-1].append(s)
    return blocks


def sentence_statements(
    sentences: Iterable[Sentence], texts: Sequence[str] | None = None
) -> list[Statement]:
    """Every real sentence of every source as a statement ``s<first line id>``
    (``texts``, the sources' texts, show where paragraphs break)."""
    by_source: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_source.setdefault(s.source, []).append(s)
    out: list[Statement] = []
    seen: set[str] = set()
    for source, mine in by_source.items():
        for text, ids in (
            x
            for block in _paragraphs(mine, texts[source] if texts else None)
            for x in _real_sentences(block)
        ):
            sid = f"s{ids[0]}"
            while sid in seen:  # two sentences on one line: s12, s12b, ...
                sid += "b"
            seen.add(sid)
            out.append(Statement(sid, source, ids, "sentence", text, text))
    return out
