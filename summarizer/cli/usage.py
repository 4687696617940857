"""``brief --usage``: the tokens a brief spent, and its cost when the model's price is known.

Prices come from :mod:`summarizer.pricing` (its table, overridden by ``SUMMARIZER_PRICES``
through the settings); a model without a price shows its tokens and no cost, never a
made-up figure.
"""

from __future__ import annotations

from typing import Any


def usage_line(usage: Any, settings: Any) -> str:
    """``usage: 1,234 prompt + 56 completion = 1,290 tokens in 3 calls; cost $0.0002``."""
    from summarizer.pricing import brief_cost

    cost = brief_cost(usage, settings.model, settings.prices)
    price = (
        f"cost ${cost:.4f}"
        if cost is not None
        else f"cost unknown (no price for {settings.model!r}; SUMMARIZER_PRICES sets one)"
    )
    return (
        f"usage: {usage.prompt_tokens:,} prompt + {usage.completion_tokens:,} completion = "
        f"{usage.total_tokens:,} tokens in {usage.calls:,} calls; {price}"
    )
