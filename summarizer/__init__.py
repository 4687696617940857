"""summarizer: grounded, schema-validated briefs of news articles about disputes.

>>> from summarizer import summarize
>>> brief = summarize(open("examples/harbour-strike.txt").read())  # doctest: +SKIP

Every position, demand and open question in a :class:`Brief` carries evidence whose
offsets slice the source text exactly.
"""

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
