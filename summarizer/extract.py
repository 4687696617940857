"""Extraction: ask a model (or only the cues) for a Draft that cites sentence ids.

Three strategies share one :class:`~summarizer.caller.Caller`:

- ``full``: a capable model writes the whole draft for each chunk, validated against
  the chunk's sentence ids and actor ids, with instructor re-asks on failure.
- ``guided``: deterministic cues propose actors and claim sentences; the model labels
  each candidate within enums (kind, claim type, actor, target) and phrases it. This
  is the embedded default, since a 135M model cannot find claims on its own.
- ``heuristic``: the cues alone, no model: the eval suite's floor.
"""

from __future__ import annotations

from summarizer import cues, guided
from summarizer.caller import Caller
from summarizer.draft import Draft, draft_context
from summarizer.segment import Sentence, chunk_sentences, number_sentences

_PROMPT_OVERHEAD_TOKENS = 700


def full(
    caller: Caller,
    sentences: list[Sentence],
    blocked: set[int],
    title: str | None,
    context_tokens: int,
) -> list[Draft]:
    """The model writes the whole draft, chunk by chunk."""
    usable = [s for s in sentences if s.id not in blocked]
    budget = max(
        200, context_tokens - caller.settings.limits.max_output_tokens - _PROMPT_OVERHEAD_TOKENS
    )
    drafts = []
    for chunk in chunk_sentences(usable, budget, overlap=1):
        listing = number_sentences(list(chunk.sentences))
        messages = caller.messages(
            "full",
            title=title or "",
            numbered_sentences=listing,
            max_sentence=max(chunk.ids),
            skipped=", ".join(map(str, sorted(blocked))),
        )
        context = draft_context(chunk.ids, " ".join(s.text for s in chunk.sentences), blocked)
        drafts.append(
            caller.ask(
                messages, Draft, context, max_tokens=caller.settings.limits.max_output_tokens
            )
        )
    return drafts


def extract(caller: Caller, sentences: list[Sentence], text: str, title: str | None) -> list[Draft]:
    """Drafts for one source's sentences, by the strategy the settings choose."""
    analysis = cues.analyse(sentences, text)
    if caller.settings.provider == "heuristic":
        return [guided.heuristic(sentences, analysis)]
    if caller.settings.effective_strategy == "guided":
        return [guided.guided(caller, sentences, analysis)]
    context_tokens = caller.settings.context_tokens or (
        2048 if caller.settings.provider == "embedded" else 16_000
    )
    return full(caller, sentences, analysis.blocked, title, context_tokens)
