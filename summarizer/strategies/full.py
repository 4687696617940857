"""The full strategy: a capable model writes the whole draft, chunk by chunk, concurrently.

Chunks are sized twice: by the input context (the sentences must fit in the prompt)
and by the output they will need (the Draft must fit in ``max_output_tokens``). A
model's Draft grows with the sentences it is shown, by :data:`OUTPUT_TOKENS_PER_SENTENCE`
a sentence plus :data:`OUTPUT_CALL_TOKENS` a call, so a chunk holds at most as many
sentences as that rule fits in the output budget.

The rule is an estimate, so an answer can still be cut off (``finish_reason=length``).
Then the chunk's sentences are split in two, each half is briefed, and the drafts are
merged later like any other chunks; this recurses down to a single sentence, whose
answer not fitting is a clean :class:`~summarizer.errors.OutputLengthError`. Every
attempt's usage counts, cut-off ones included, and the cut-off attempts of one chunk
are held to ``Limits.token_budget``.

Chunks (and halves) run concurrently; their drafts come back in sentence order
whatever order the answers arrive in, so merging is deterministic.
"""

from __future__ import annotations

from summarizer import prompt
from summarizer.caller import Caller, gather_all
from summarizer.draft import Draft, draft_context
from summarizer.errors import ExtractionError, OutputLengthError, TokenBudgetError
from summarizer.injection import addresses_model
from summarizer.segment import Sentence, chunk_sentences, number_sentences
from summarizer.settings import Settings, StrategyName
from summarizer.strategies.base import SourceJob, StrategyResult

#: Prompt tokens besides the article: system prompt, instructions, schema.
PROMPT_OVERHEAD_TOKENS = 700
#: Output tokens a capable model's Draft needs per sentence shown, and once per call
#: (summary, actors listed again, braces). Measured with the oracle model on the core
#: gold suite (docs/output-budget.md): every call fits under 170 + 30 a sentence for a
#: perfect model; a real capable model writes about 1.8 times that (issue 8's figures
#: against the oracle's), so plan on 60 a sentence plus 200 a call. At the endpoint
#: default of 4,096 that is 65 sentences a chunk: every core article is one call.
OUTPUT_TOKENS_PER_SENTENCE = 60
OUTPUT_CALL_TOKENS = 200
#: The smallest chunk that is split further when its answer is cut off.
MIN_SPLIT_SENTENCES = 2


def sentences_per_chunk(max_output_tokens: int) -> int:
    """How many sentences a chunk may hold so that its Draft should fit the output budget."""
    room = max_output_tokens - OUTPUT_CALL_TOKENS
    return max(1, room // OUTPUT_TOKENS_PER_SENTENCE)


def plan_chunks(sentences: list[Sentence], settings: Settings) -> list[list[Sentence]]:
    """Sentence-aligned chunks that fit both the input context and the output budget."""
    output = settings.effective_max_output_tokens
    budget = max(200, settings.effective_context_tokens - output - PROMPT_OVERHEAD_TOKENS)
    most = sentences_per_chunk(output)
    by_input = [list(c.sentences) for c in chunk_sentences(sentences, budget, overlap=1)]
    if all(len(chunk) <= most for chunk in by_input):
        return by_input
    # The output budget binds: cut without the one-sentence overlap, which parts of a
    # cut chunk would otherwise repeat (down to a part holding only that sentence).
    by_input = [list(c.sentences) for c in chunk_sentences(sentences, budget, overlap=0)]
    return [part for chunk in by_input for part in _even_parts(chunk, most)]


def _even_parts(sentences: list[Sentence], most: int) -> list[list[Sentence]]:
    # Equal parts, not `most` and a remainder: a 70-sentence chunk with room for 65
    # becomes two of 35, each answer well inside the budget.
    parts = -(-len(sentences) // most)
    size = -(-len(sentences) // parts)
    return [sentences[i : i + size] for i in range(0, len(sentences), size)]


class _Chunk:
    """One planned chunk being briefed, with what its cut-off answers have cost."""

    def __init__(self, job: SourceJob, caller: Caller) -> None:
        self.job = job
        self.caller = caller
        self.cut_off_tokens = 0

    async def brief(self, sentences: list[Sentence]) -> list[Draft]:
        """The drafts of ``sentences``: one, or those of its halves if it was cut off."""
        try:
            return [await self._ask(sentences)]
        except OutputLengthError as exc:
            self.caller.count_failure(exc)
            self._check_can_split(sentences, exc)
        middle = len(sentences) // 2
        first, second = await gather_all(
            self.brief(sentences[:middle]), self.brief(sentences[middle:])
        )
        return first + second

    async def _ask(self, sentences: list[Sentence]) -> Draft:
        blocked = self.job.analysis.blocked
        ids = [s.id for s in sentences]
        chat = prompt.chat(
            "full",
            prompts_dir=self.caller.settings.prompts_dir,
            # A title that addresses a model is quarantined like such a sentence.
            title="" if addresses_model(self.job.title or "") else self.job.title or "",
            numbered_sentences=number_sentences(sentences),
            max_sentence=max(ids),
            skipped=", ".join(map(str, sorted(blocked))),
        )
        # Actors are checked against the whole article (less its quarantined sentences):
        # a party named in another chunk may hold a claim made in this one.
        named_in = " ".join(s.text for s in self.job.sentences if s.id not in blocked)
        context = draft_context(ids, named_in, blocked)
        limit = self.caller.settings.effective_max_output_tokens
        return await self.caller.ask_async(chat, Draft, context, max_tokens=limit)

    def _check_can_split(self, sentences: list[Sentence], exc: OutputLengthError) -> None:
        settings = self.caller.settings
        limits, output = settings.limits, settings.effective_max_output_tokens
        self.cut_off_tokens += int(exc.usage.get("total_tokens", 0))
        if len(sentences) < MIN_SPLIT_SENTENCES:
            raise self._failure(
                OutputLengthError,
                f"the answer for sentence {sentences[0].id} alone does not fit in {output} "
                "output tokens (finish_reason=length); raise max_output_tokens "
                "(--max-output-tokens)",
                exc,
            )
        if self.cut_off_tokens > limits.token_budget:
            raise self._failure(
                TokenBudgetError,
                f"answers cut off at the output limit spent {self.cut_off_tokens} tokens, over "
                f"the token budget of {limits.token_budget}; raise max_output_tokens",
                exc,
            )

    def _failure(
        self,
        cls: type[OutputLengthError | TokenBudgetError],
        message: str,
        cause: OutputLengthError,
    ) -> ExtractionError:
        # The brief fails as a whole: the error carries what the whole brief has cost.
        error = cls(
            message,
            provider=cause.provider,
            attempts=self.caller.attempts,
            usage=self.caller.usage.model_dump(),
            last_output=cause.last_output,
        )
        error.__cause__ = cause
        return error


class FullStrategy:
    """The full strategy behind the :class:`~summarizer.strategies.base.Strategy` seam."""

    name: StrategyName = "full"
    wants_candidates = False

    async def run(self, job: SourceJob, caller: Caller) -> StrategyResult:
        """Drafts of every chunk, briefed concurrently, in sentence order."""
        blocked = job.analysis.blocked
        usable = [s for s in job.sentences if s.id not in blocked]
        chunks = plan_chunks(usable, caller.settings)
        briefed = await gather_all(*(_Chunk(job, caller).brief(c) for c in chunks))
        return StrategyResult(drafts=[d for drafts in briefed for d in drafts])
