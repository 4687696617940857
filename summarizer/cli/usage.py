"""``brief --usage``: the tokens a brief spent, and its cost when the model's price is known.

Prices live in one table, :data:`PRICES` (USD per million tokens, the shape the eval
harness's ``prices`` argument takes). It is the seam for a price table kept in settings:
pass another table to :func:`usage_line`. A model missing from the table shows its tokens
and no price, never a made-up figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# OpenAI list prices (USD per 1M tokens) as published in 2024, not re-checked here;
# extend or override as needed.
PRICES: dict[str, dict[str, float]] = {
    "gpt-4o-mini": {"prompt": 0.15, "completion": 0.60},
    "gpt-4o": {"prompt": 2.50, "completion": 10.00},
}


def cost_usd(
    model: str, usage: Any, prices: Mapping[str, Mapping[str, float]] | None = None
) -> float | None:
    """USD for ``usage`` on ``model``, or None when the model has no price."""
    price = (PRICES if prices is None else prices).get(model)
    if not price:
        return None
    return (
        usage.prompt_tokens * price.get("prompt", 0.0)
        + usage.completion_tokens * price.get("completion", 0.0)
    ) / 1e6


def usage_line(
    model: str, usage: Any, prices: Mapping[str, Mapping[str, float]] | None = None
) -> str:
    """``usage: 1,234 prompt + 56 completion = 1,290 tokens in 3 calls; cost $0.0002``."""
    cost = cost_usd(model, usage, prices)
    price = f"cost ${cost:.4f}" if cost is not None else f"cost unknown (no price for {model!r})"
    return (
        f"usage: {usage.prompt_tokens:,} prompt + {usage.completion_tokens:,} completion = "
        f"{usage.total_tokens:,} tokens in {usage.calls:,} calls; {price}"
    )
