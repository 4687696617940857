"""summarizer: grounded, schema-validated briefs of news articles about disputes.

>>> from summarizer import summarize
>>> brief = summarize(open("examples/harbour-strike.txt").read())  # doctest: +SKIP

Every position, demand and open question in a :class:`Brief` carries evidence whose
offsets slice the source text exactly.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

# Names load on first use (PEP 562), so `import summarizer.cli` and `summarizer --help`
# do not pay for pydantic, the SDKs or the pipeline; `from summarizer import X` still works.
_HOME = {
    "summarize": "api",
    "summarize_async": "api",
    **dict.fromkeys(
        [
            "CassetteMissError", "ConfigError", "ExtractionError", "FetchError",
            "GroundingError", "InputError", "OutputLengthError", "PromptError",
            "ProviderError", "ProviderTimeoutError", "RateLimitError", "SummarizerError",
            "TokenBudgetError",
        ],
        "errors",
    ),
    **dict.fromkeys(
        [
            "SCHEMA_VERSION", "Actor", "ActorKind", "Brief", "Contradiction",
            "ContradictionSide", "Demand", "Evidence", "OpenQuestion", "Position", "RunMeta",
            "Source", "Usage",
        ],
        "schema",
    ),
    **dict.fromkeys(["Limits", "Settings", "resolve_settings"], "settings"),
    **dict.fromkeys(["BriefCache", "DeferringStore", "MemoryStore", "ResponseStore"], "store"),
}  # fmt: skip


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    value = getattr(import_module(f"summarizer.{home}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # for type checkers and IDEs: the names as if imported eagerly
    from summarizer.api import summarize, summarize_async
    from summarizer.errors import (
        CassetteMissError,
        ConfigError,
        ExtractionError,
        FetchError,
        GroundingError,
        InputError,
        OutputLengthError,
        PromptError,
        ProviderError,
        ProviderTimeoutError,
        RateLimitError,
        SummarizerError,
        TokenBudgetError,
    )
    from summarizer.schema import (
        SCHEMA_VERSION,
        Actor,
        ActorKind,
        Brief,
        Contradiction,
        ContradictionSide,
        Demand,
        Evidence,
        OpenQuestion,
        Position,
        RunMeta,
        Source,
        Usage,
    )
    from summarizer.settings import Limits, Settings, resolve_settings
    from summarizer.store import BriefCache, DeferringStore, MemoryStore, ResponseStore

__all__ = [
    "SCHEMA_VERSION",
    "Actor",
    "ActorKind",
    "Brief",
    "BriefCache",
    "CassetteMissError",
    "ConfigError",
    "Contradiction",
    "ContradictionSide",
    "DeferringStore",
    "Demand",
    "Evidence",
    "ExtractionError",
    "FetchError",
    "GroundingError",
    "InputError",
    "Limits",
    "MemoryStore",
    "OpenQuestion",
    "OutputLengthError",
    "Position",
    "PromptError",
    "ProviderError",
    "ProviderTimeoutError",
    "RateLimitError",
    "ResponseStore",
    "RunMeta",
    "Settings",
    "Source",
    "SummarizerError",
    "TokenBudgetError",
    "Usage",
    "resolve_settings",
    "summarize",
    "summarize_async",
]
