"""Cassettes: recorded model answers, so eval runs replay offline and deterministically.

Public API::

    cassette_path(cassette_dir: str | Path, suite: str, model: str) -> Path
    model_slug(model: str) -> str
    CassetteStore(path: str | Path, mode: "live" | "record" | "replay")
        .get(key) / .put(key, value)     # the ResponseStore protocol (summarizer/store.py)
        .require(key) -> dict            # get, or raise CassetteMissError
        .flush() / .close()              # atomic write (record mode only)

One JSON file per suite and model: ``evals/cassettes/<suite>/<model-slug>.json``, keys
sorted and pretty-printed so diffs review well. Modes:

* ``record``: keeps only what this run asked for, so stale answers for prompts that no
  longer exist drop out; written at ``flush()``/``close()``. An answer already on the
  tape under the same key (same model, messages, schema and parameters, so the same
  article and prompt hash) is reused rather than asked again, so re-recording after a
  small change costs only the requests that changed. Delete the file to re-record all.
* ``replay``: read-only; ``replay_only`` is true, so the pipeline raises
  ``CassetteMissError`` instead of calling the model on a miss.
* ``live``: reads nothing and writes nothing (every call goes to the model).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal

from summarizer.errors import CassetteMissError
from summarizer.files import atomic_write

Mode = Literal["live", "record", "replay"]
FORMAT = 1


def model_slug(model: str) -> str:
    """A file-name-safe form of a model name: ``gpt-4o-mini``, ``org-model-q4``."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", model.casefold()).strip("-.")
    return slug or "model"


def cassette_path(cassette_dir: str | Path, suite: str, model: str) -> Path:
    """Where the cassette of one suite and model lives."""
    return Path(cassette_dir) / suite / f"{model_slug(model)}.json"


class CassetteStore:
    """A ResponseStore backed by one JSON cassette file."""

    def __init__(self, path: str | Path, mode: Mode = "replay") -> None:
        if mode not in ("live", "record", "replay"):
            raise ValueError(f"unknown cassette mode {mode!r}")
        self.path = Path(path)
        self.mode: Mode = mode
        self.replay_only = mode == "replay"
        self.items: dict[str, dict[str, Any]] = self._load() if mode == "replay" else {}
        self._previous = self._load() if mode == "record" else {}
        self.misses: list[str] = []
        self._dirty = False

    def _load(self) -> dict[str, dict[str, Any]]:
        if not self.path.exists():
            return {}  # every lookup misses, and the miss error names this path
        data = json.loads(self.path.read_text(encoding="utf-8"))
        return dict(data.get("entries", {}))

    def get(self, key: str) -> dict[str, Any] | None:
        """The recorded answer, or None (and the miss is remembered for the report)."""
        if self.mode == "live":
            return None
        if key not in self.items and key in self._previous:
            self.items[key] = self._previous[key]
            self._dirty = True
        value = self.items.get(key)
        if value is None:
            self.misses.append(key)
        return value

    def require(self, key: str) -> dict[str, Any]:
        """The recorded answer, or a CassetteMissError naming the cassette and key."""
        value = self.get(key)
        if value is None:
            raise CassetteMissError(
                f"no recorded answer for key {key[:12]}... in {self.path}; "
                "re-record with mode='record'",
                path=str(self.path),
                key=key,
            )
        return value

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Record an answer (ignored unless recording: replays must not change the tape)."""
        if self.mode != "record":
            return
        self.items[key] = value
        self._dirty = True

    def flush(self) -> None:
        """Write the cassette atomically (temp file + rename) if anything was recorded."""
        if self.mode != "record" or not self._dirty:
            return
        text = json.dumps(
            {"format": FORMAT, "entries": self.items},
            sort_keys=True,
            indent=2,
            ensure_ascii=False,
        )
        atomic_write(self.path, text + "\n")
        self._dirty = False

    def close(self) -> None:
        """Flush; the store stays readable afterwards."""
        self.flush()

    def __enter__(self) -> CassetteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
