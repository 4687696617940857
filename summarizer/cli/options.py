"""The CLI's shared options, defined once: ``brief``, ``batch`` and ``eval run`` take them all.

Each option is a typer ``Annotated`` type. :func:`with_model_options` appends the model
options to a command's signature and hands the command one :class:`ModelOptions`, so a
new option is added here and nowhere else. Nothing heavy is imported: this module loads
with ``summarizer --help``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

F = TypeVar("F", bound=Callable[..., Any])


class StrategyChoice(StrEnum):
    auto = "auto"
    guided = "guided"
    full = "full"
    heuristic = "heuristic"


class ModeChoice(StrEnum):
    tools = "tools"
    json_schema = "json_schema"
    json = "json"
    md_json = "md_json"


Model = Annotated[
    str | None,
    typer.Option(
        "--model", "-m", help="Model name (default: SUMMARIZER_MODEL, or the embedded model)."
    ),
]
BaseUrl = Annotated[
    str | None,
    typer.Option("--base-url", help="OpenAI-compatible endpoint (default: OPENAI_BASE_URL)."),
]
ModelPath = Annotated[
    Path | None,
    typer.Option("--model-path", help="A GGUF file to run in-process instead of SmolLM2."),
]
Strategy = Annotated[
    StrategyChoice,
    typer.Option(
        "--strategy",
        help="full: the model writes the brief; guided: cues propose, it labels; "
        "heuristic: cues alone, no model call.",
    ),
]
Mode = Annotated[
    ModeChoice | None,
    typer.Option("--mode", help="Structured-output mode for endpoints [default: tools]."),
]
RequestTimeout = Annotated[
    float | None,
    typer.Option(
        "--request-timeout", min=0.1, help="Seconds to wait for one model answer [default: 60]."
    ),
]
ContextTokens = Annotated[
    int | None,
    typer.Option("--context-tokens", min=256, help="Model context size; longer input is chunked."),
]
Temperature = Annotated[
    float | None,
    typer.Option("--temperature", min=0.0, max=2.0, help="Sampling temperature [default: 0]."),
]
Seed = Annotated[int | None, typer.Option("--seed", help="Sampling seed [default: 7].")]
MaxOutputTokens = Annotated[
    int | None,
    typer.Option("--max-output-tokens", min=16, help="Output budget of one model answer."),
]
Concurrency = Annotated[
    int | None,
    typer.Option("--concurrency", min=1, help="Model calls at once within a brief [default: 4]."),
]
Prompts = Annotated[
    Path | None,
    typer.Option(
        "--prompts",
        help="A directory of NAME.j2 templates overriding the packaged prompts by name "
        "(default: SUMMARIZER_PROMPTS; see `summarizer prompts`).",
    ),
]
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to FILE (atomically) instead of stdout."),
]
NoCache = Annotated[
    bool, typer.Option("--no-cache", help="Neither read nor write the response cache.")
]
NoLog = Annotated[bool, typer.Option("--no-log", help="Do not log the model calls.")]
# `eval run` used --out; kept, hidden, for a release.
OutAlias = Annotated[Path | None, typer.Option("--out", hidden=True)]

# (parameter name, type, default) of every model option, in --help order.
_MODEL_PARAMS: tuple[tuple[str, Any, Any], ...] = (
    ("model", Model, None),
    ("base_url", BaseUrl, None),
    ("model_path", ModelPath, None),
    ("strategy", Strategy, StrategyChoice.auto),
    ("mode", Mode, None),
    ("request_timeout", RequestTimeout, None),
    ("context_tokens", ContextTokens, None),
    ("temperature", Temperature, None),
    ("seed", Seed, None),
    ("max_output_tokens", MaxOutputTokens, None),
    ("prompts", Prompts, None),
)
_CONCURRENCY_PARAM = ("concurrency", Concurrency, None)


@dataclass(frozen=True)
class ModelOptions:
    """The model options as given on the command line (None: not given)."""

    model: str | None = None
    base_url: str | None = None
    model_path: Path | None = None
    strategy: StrategyChoice = StrategyChoice.auto
    mode: ModeChoice | None = None
    request_timeout: float | None = None
    context_tokens: int | None = None
    temperature: float | None = None
    seed: int | None = None
    max_output_tokens: int | None = None
    prompts: Path | None = None
    concurrency: int | None = None

    def settings(self) -> Any:
        """``resolve_settings`` with only the options the user gave (the rest default)."""
        from summarizer.settings import resolve_settings

        return resolve_settings(
            model=self.model,
            base_url=self.base_url,
            model_path=self.model_path,
            **self.setting_options(),
        )

    def setting_options(self) -> dict[str, Any]:
        """The keyword options for ``resolve_settings``: the strategy and what was given."""
        from summarizer.settings import Limits

        given = {
            "mode": self.mode.value if self.mode else None,
            "context_tokens": self.context_tokens,
            "temperature": self.temperature,
            "seed": self.seed,
            "max_output_tokens": self.max_output_tokens,
            "concurrency": self.concurrency,
            "prompts_dir": self.prompts,
        }
        options: dict[str, Any] = {"strategy": self.strategy.value}
        options.update((name, value) for name, value in given.items() if value is not None)
        if self.request_timeout is not None:
            options["limits"] = Limits(request_timeout_s=self.request_timeout)
        return options


def with_model_options(*, concurrency: bool = True) -> Callable[[F], F]:
    """Give a command every model option; it receives them as ``model_options``.

    ``concurrency=False`` leaves ``--concurrency`` out, for a command (``batch``) where it
    means something else.
    """
    params = _MODEL_PARAMS + ((_CONCURRENCY_PARAM,) if concurrency else ())

    def decorate(func: F) -> F:
        sig = inspect.signature(func, eval_str=True)
        own = [p for p in sig.parameters.values() if p.name != "model_options"]
        extra = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=t)
            for name, t, default in params
        ]
        names = [name for name, _, _ in params]

        @functools.wraps(func)
        def command(*args: Any, **kwargs: Any) -> Any:
            opts = ModelOptions(**{n: kwargs.pop(n) for n in names})
            return func(*args, model_options=opts, **kwargs)

        command.__signature__ = sig.replace(parameters=own + extra)  # type: ignore[attr-defined]
        command.__annotations__ = {
            **{p.name: p.annotation for p in own},
            **{name: t for name, t, _ in params},
        }
        return command  # type: ignore[return-value]

    return decorate


def pick_output(output: Path | None, out_alias: Path | None) -> Path | None:
    """``--output``, or the hidden ``--out`` alias; both given must agree."""
    if output is not None and out_alias is not None and output != out_alias:
        raise typer.BadParameter("give --output once (--out is its old name)")
    return output if output is not None else out_alias


def open_stores(settings: Any, *, no_cache: bool, no_log: bool) -> tuple[Any, Any]:
    """The response cache and the call log a command uses (None where turned off).

    The heuristic strategy makes no model calls: nothing to cache or log. A cache or a
    log that cannot be opened is a warning, never a failed command.
    """
    if settings.provider == "heuristic":
        return None, None
    cache = None
    if not no_cache:
        from summarizer.cache import SQLiteCache
        from summarizer.errors import ConfigError

        try:
            cache = SQLiteCache()
        except ConfigError as exc:
            import sys

            sys.stderr.write(f"warning: {exc}; running without the cache\n")
    log = None
    if not no_log:
        from summarizer.calllog import SQLiteCallLog

        log = SQLiteCallLog()
    return cache, log
