"""Batch runs: many articles in, one JSONL of briefs (or errors) out, resumable.

- :mod:`~summarizer.batch.inputs`: a directory or a JSONL file as a list of
  :class:`BatchInput`, each with a fingerprint of its text;
- :mod:`~summarizer.batch.journal`: the output record format, the durable journal
  (``OUT.jsonl.partial``) and the atomic final output;
- :mod:`~summarizer.batch.runner`: :func:`run_batch`, scheduling with bounded
  concurrency, cache wiring, the output's lock, resume and interrupts;
- :mod:`~summarizer.batch.openai_flow`: ``via="openai-batch"``, the two-phase path
  through the OpenAI Batch API.

The library draws nothing: a caller that wants a progress bar passes ``progress``, a
callable of (items finished, items to do). A rerun skips every input whose earlier
``ok`` record was made from the same text, and retries the failed ones.
"""

from __future__ import annotations

from summarizer.batch.inputs import INPUT_SUFFIXES, BatchInput, read_inputs
from summarizer.batch.journal import (
    Journal,
    error_record,
    finished_ok,
    journal_path,
    ok_record,
    read_records,
)
from summarizer.batch.lock import lock_path
from summarizer.batch.openai_flow import batch_settings, brief_from_answers, defer_requests
from summarizer.batch.runner import (
    EXIT_INTERRUPTED,
    EXIT_ITEMS_FAILED,
    BatchReport,
    ProgressCallback,
    Via,
    resume_hint,
    run_batch,
    run_batch_sync,
    warm_up,
)

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_ITEMS_FAILED",
    "INPUT_SUFFIXES",
    "BatchInput",
    "BatchReport",
    "Journal",
    "ProgressCallback",
    "Via",
    "batch_settings",
    "brief_from_answers",
    "defer_requests",
    "error_record",
    "finished_ok",
    "journal_path",
    "lock_path",
    "ok_record",
    "read_inputs",
    "read_records",
    "resume_hint",
    "run_batch",
    "run_batch_sync",
    "warm_up",
]
