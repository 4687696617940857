"""What scoring produces: per-field, per-actor and per-article scores (pydantic, pure).

``metrics.score_article`` fills them; ``aggregate.aggregate`` sums them over a suite; run
files store them.
"""

from __future__ import annotations

from pydantic import BaseModel, computed_field

from summarizer.evaluate.gold import FieldName


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1. An empty side is perfect only if the other is empty too."""
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    if not n_gold and n_pred:
        p = 0.0
    if not n_pred and n_gold:
        r = 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


class FieldScore(BaseModel):
    """Counts for one claim field of one article (or summed over a suite)."""

    n_pred: int = 0
    n_gold: int = 0
    content_tp: int = 0
    strict_tp: int = 0
    actor_ok: int = 0
    actor_n: int = 0  # content matches that carry an actor (none for open questions)
    target_ok: int = 0
    target_n: int = 0  # content matches that carry a target (demands only)

    @computed_field
    @property
    def content_f1(self) -> float:
        return prf(self.content_tp, self.n_pred, self.n_gold)[2]

    @computed_field
    @property
    def content_p(self) -> float:
        return prf(self.content_tp, self.n_pred, self.n_gold)[0]

    @computed_field
    @property
    def content_r(self) -> float:
        return prf(self.content_tp, self.n_pred, self.n_gold)[1]

    @computed_field
    @property
    def strict_f1(self) -> float:
        return prf(self.strict_tp, self.n_pred, self.n_gold)[2]

    @computed_field
    @property
    def strict_p(self) -> float:
        return prf(self.strict_tp, self.n_pred, self.n_gold)[0]

    @computed_field
    @property
    def strict_r(self) -> float:
        return prf(self.strict_tp, self.n_pred, self.n_gold)[1]

    @computed_field
    @property
    def attribution(self) -> float | None:
        """Share of content matches with the right actor (None without such matches)."""
        return _ratio(self.actor_ok, self.actor_n)

    @computed_field
    @property
    def target_accuracy(self) -> float | None:
        """Demands only: share of content matches with the right target."""
        return _ratio(self.target_ok, self.target_n)

    def __add__(self, other: FieldScore) -> FieldScore:
        keys = (
            "n_pred",
            "n_gold",
            "content_tp",
            "strict_tp",
            "actor_ok",
            "actor_n",
            "target_ok",
            "target_n",
        )
        return FieldScore(**{k: getattr(self, k) + getattr(other, k) for k in keys})


class ActorScore(BaseModel):
    """Actor matching counts for one article (or summed)."""

    n_pred: int = 0
    n_gold: int = 0
    tp: int = 0
    hallucinated: list[str] = []

    @computed_field
    @property
    def precision(self) -> float:
        return prf(self.tp, self.n_pred, self.n_gold)[0]

    @computed_field
    @property
    def recall(self) -> float:
        return prf(self.tp, self.n_pred, self.n_gold)[1]

    @computed_field
    @property
    def f1(self) -> float:
        return prf(self.tp, self.n_pred, self.n_gold)[2]

    @computed_field
    @property
    def hallucination_rate(self) -> float:
        return len(self.hallucinated) / self.n_pred if self.n_pred else 0.0


class MatchRow(BaseModel):
    """One line of the item-level match table.

    Matched pairs have both sides; an unmatched gold item shows its nearest miss
    similarity with no prediction; an unmatched prediction has no gold side.
    """

    field: FieldName
    gold_id: str | None = None
    gold_text: str | None = None
    gold_actor: str | None = None
    pred_index: int | None = None
    pred_text: str | None = None
    pred_actor: str | None = None
    similarity: float = 0.0
    matched: bool = False
    actor_ok: bool | None = None
    target_ok: bool | None = None


class ArticleScore(BaseModel):
    """Everything measured on one article; the unit of the paired bootstrap."""

    id: str
    title: str = ""
    text: str = ""
    schema_valid: bool
    error: str | None = None
    actors: ActorScore
    fields: dict[str, FieldScore]
    evidence_spans: int = 0
    grounded_spans: int = 0
    forbidden_hits: list[str] = []
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    latency_s: float = 0.0
    cost_usd: float = 0.0
    matches: list[MatchRow] = []
    gold_spans: list[tuple[int, int]] = []
    pred_spans: list[tuple[int, int]] = []
    brief: dict | None = None
    #: The article text lives outside the project (gold ``text_file``): saved run files
    #: keep its scores but no text of it (article, brief, predicted wordings).
    external: bool = False

    def redacted(self) -> ArticleScore:
        """This score without any text taken from the article."""
        rows = [r.model_copy(update={"pred_text": None}) for r in self.matches]
        return self.model_copy(update={"title": "", "text": "", "brief": None, "matches": rows})

    def all_fields(self) -> FieldScore:
        """Positions, demands and open questions summed (micro-average per article)."""
        total = FieldScore()
        for f in self.fields.values():
            total = total + f
        return total

    @computed_field
    @property
    def strict_f1(self) -> float:
        return self.all_fields().strict_f1

    @computed_field
    @property
    def content_f1(self) -> float:
        return self.all_fields().content_f1

    @computed_field
    @property
    def grounding_rate(self) -> float:
        return self.grounded_spans / self.evidence_spans if self.evidence_spans else 1.0
