"""Running the async pipeline from blocking code, in one place.

``summarize`` and ``run_suite`` are blocking wrappers of coroutines. From plain code a
fresh event loop runs the coroutine; from inside a running loop (a notebook, an async
server), ``asyncio.run`` would fail, so the coroutine gets a loop of its own in a worker
thread instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_blocking(work: Coroutine[Any, Any, T], *, thread_name: str = "summarizer") -> T:
    """Run ``work`` to completion and return its result, whether or not a loop runs here."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix=thread_name) as worker:
        return worker.submit(asyncio.run, work).result()
