"""What a brief cost: a small price table for well-known models, and nothing made up.

Prices are US dollars per million tokens (input, output), as the providers list them
for their standard (non-batch) API tiers. A model the table does not know has no price:
reports then show its tokens and "n/a", never a guessed figure. Users override or extend
the table through ``Settings.prices`` (``SUMMARIZER_PRICES`` in the environment, e.g.
``my-model=0.2/0.8,other=1/4``), resolved in ``settings.py`` like every other variable.
"""

from __future__ import annotations

from collections.abc import Mapping

from summarizer.schema import Usage

Price = tuple[float, float]  # dollars per million input tokens, per million output tokens

# OpenAI's published list prices (standard tier). Local and embedded models cost nothing
# per token; their cost is the machine's.
PRICES: dict[str, Price] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "o3": (2.00, 8.00),
    "o4-mini": (1.10, 4.40),
    "gpt-5": (1.25, 10.00),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5-nano": (0.05, 0.40),
    "smollm2-135m-instruct": (0.0, 0.0),
    "heuristic": (0.0, 0.0),
}


def parse_prices(spec: str) -> dict[str, Price]:
    """``"model=in/out,model2=in/out"`` as a table; ValueError names the bad entry."""
    table: dict[str, Price] = {}
    for entry in filter(None, (e.strip() for e in spec.split(","))):
        name, _, pair = entry.partition("=")
        try:
            given, _, taken = pair.partition("/")
            table[name.strip()] = (float(given), float(taken))
        except ValueError as exc:
            raise ValueError(f"price {entry!r} is not MODEL=INPUT/OUTPUT dollars per 1M") from exc
    return table


def price_of(model: str, overrides: Mapping[str, Price] | None = None) -> Price | None:
    """The model's price, from the overrides first; dated snapshots match their family."""
    table = {**PRICES, **(overrides or {})}
    if model in table:
        return table[model]
    # "gpt-4o-mini-2024-07-18" is priced as "gpt-4o-mini": the longest known prefix wins.
    family = max((name for name in table if model.startswith(name + "-")), key=len, default=None)
    return table[family] if family else None


def cost_of(usage: Usage, model: str, overrides: Mapping[str, Price] | None = None) -> float | None:
    """Dollars for ``usage`` on ``model``, or None when the model has no known price."""
    price = price_of(model, overrides)
    if price is None:
        return None
    return (usage.prompt_tokens * price[0] + usage.completion_tokens * price[1]) / 1_000_000


def format_cost(cost: float | None) -> str:
    """``$0.0012``, or ``n/a`` for an unknown price."""
    return "n/a" if cost is None else f"${cost:.4f}"


def brief_cost(
    usage: Usage, model: str, prices: tuple[tuple[str, float, float], ...] = ()
) -> float | None:
    """Dollars for a run's usage, with ``Settings.prices`` (model, in, out) as overrides."""
    return cost_of(usage, model, {name: (given, taken) for name, given, taken in prices})
