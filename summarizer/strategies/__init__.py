"""Strategies: how one source becomes drafts that cite sentence ids.

- ``full`` (:mod:`.full`): a capable model writes the whole draft, chunk by chunk,
  concurrently; a chunk whose answer is cut off at the output limit is split in two.
- ``guided`` (:mod:`.guided`): the cues propose actors and claims, a small model labels
  them within enums. The embedded default, since a 135M model cannot find claims alone.
- ``heuristic`` (:mod:`.heuristic`): the cues alone, no model: the eval suite's floor.

All three meet the :class:`~summarizer.strategies.base.Strategy` protocol, and
:func:`strategy_for` picks one from ``Settings.effective_strategy``, the one place
the choice is made.
"""

from __future__ import annotations

from summarizer.settings import Settings
from summarizer.strategies.base import SourceJob, Strategy, StrategyResult
from summarizer.strategies.full import FullStrategy
from summarizer.strategies.guided import GuidedStrategy
from summarizer.strategies.heuristic import HeuristicStrategy

__all__ = ["SourceJob", "Strategy", "StrategyResult", "strategy_for"]


def strategy_for(settings: Settings) -> Strategy:
    """The strategy the settings choose."""
    chosen = settings.effective_strategy
    if chosen == "heuristic":
        return HeuristicStrategy()
    if chosen == "guided":
        return GuidedStrategy()
    return FullStrategy()
