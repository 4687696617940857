"""Reconciliation across sources: which claims agree, which statements conflict.

One step after every source's draft: it sees all sources' claims (and, offline, their
sentences) by id, groups claims that say the same thing, so support counts sources that
really agree, and flags pairs from different sources that cannot both be true. Offline
this is :mod:`~summarizer.reconcile.lexical`; with a capable model it is one bounded
call (:mod:`~summarizer.reconcile.model`). Actors are merged across sources first
(:mod:`~summarizer.reconcile.actors`), so "same actor" means the same party.
"""

from __future__ import annotations

from summarizer.reconcile.actors import merge_story_actors
from summarizer.reconcile.lexical import reconcile as reconcile_lexical
from summarizer.reconcile.units import (
    Conflict,
    Reconciliation,
    Statement,
    claim_statements,
    sentence_statements,
)

__all__ = [
    "Conflict",
    "Reconciliation",
    "Statement",
    "claim_statements",
    "merge_story_actors",
    "reconcile_lexical",
    "sentence_statements",
]
