"""The heuristic strategy: the cues' own first choices as a draft, no model at all.

It is the eval suite's floor and the ``--model heuristic`` run. The draft is built by
:func:`summarizer.strategies.guided.heuristic`, which shares the guided strategy's
helpers for turning cue candidates into draft actors and claims.
"""

from __future__ import annotations

from summarizer.caller import Caller
from summarizer.settings import StrategyName
from summarizer.strategies.base import SourceJob, StrategyResult
from summarizer.strategies.guided import heuristic


class HeuristicStrategy:
    """The cue analysis as a draft, behind the strategy seam."""

    name: StrategyName = "heuristic"
    wants_candidates = True

    async def run(self, job: SourceJob, caller: Caller) -> StrategyResult:
        """One draft for the source; ``caller`` is never asked."""
        return StrategyResult(drafts=[heuristic(job.sentences, job.analysis)])
