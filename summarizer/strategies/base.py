"""The strategy seam: what every strategy is given, what it returns, and its protocol.

A strategy turns one source's sentences (and the cues found in them) into drafts that
cite sentence ids. It asks models only through the :class:`~summarizer.caller.Caller`,
and returns how many of its model labels fell back to the cues' choice instead of
writing that into anything shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from summarizer.cues import CueAnalysis
from summarizer.draft import Draft
from summarizer.segment import Sentence
from summarizer.settings import StrategyName

if TYPE_CHECKING:
    from summarizer.caller import Caller


@dataclass(frozen=True)
class SourceJob:
    """One source, segmented and analysed: a strategy's whole input."""

    sentences: list[Sentence]
    text: str
    title: str | None
    analysis: CueAnalysis


@dataclass(frozen=True)
class StrategyResult:
    """The drafts of one source (in sentence order) and the labels that fell back."""

    drafts: list[Draft] = field(default_factory=list)
    fallbacks: int = 0


class Strategy(Protocol):
    """How a source's sentences become drafts."""

    name: StrategyName
    #: Whether it uses the cues' actor and claim candidates; if not, the cue stage only
    #: quarantines planted instructions (finding candidates costs ~1 s on 6,000 words).
    wants_candidates: bool

    async def run(self, job: SourceJob, caller: Caller) -> StrategyResult:
        """The drafts for ``job``; model calls go through ``caller``."""
        ...
