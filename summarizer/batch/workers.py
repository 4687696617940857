"""A thread pool whose threads never hold the process open.

A batch loads inputs in threads, and the guided strategy and the embedded model call
models in threads (``asyncio.to_thread``); a thread blocked on a hung endpoint cannot be
stopped from outside. :class:`~concurrent.futures.ThreadPoolExecutor` is joined when
the event loop closes and again when the interpreter exits, so after Ctrl-C a batch
waited for every hung request to time out (118 s, measured). These threads are daemons
and :meth:`DaemonThreadPool.shutdown` never waits for work in flight: an interrupted
run journals what finished and exits at once, abandoning the requests in flight (a
rerun asks them again).

It subclasses ``ThreadPoolExecutor`` only so an event loop accepts it as its default
executor (``loop.set_default_executor`` insists); none of the parent's machinery runs.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

_Job = tuple[Future[Any], Callable[..., Any], tuple[Any, ...], dict[str, Any]]


class DaemonThreadPool(ThreadPoolExecutor):
    """At most ``max_workers`` daemon threads, started as work arrives."""

    def __init__(self, max_workers: int, name: str = "summarizer-batch") -> None:
        super().__init__(max_workers=max(1, max_workers), thread_name_prefix=name)
        self._max = max(1, max_workers)
        self._name = name
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._idle = 0
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Schedule ``fn(*args, **kwargs)``; the future gives its result."""
        future: Future[Any] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("cannot schedule new work after shutdown")
            self._jobs.put((future, fn, args, kwargs))
            if self._idle:
                self._idle -= 1
            elif len(self._threads) < self._max:
                self._start_thread()
        return future

    def _start_thread(self) -> None:
        thread = threading.Thread(
            target=self._work, name=f"{self._name}-{len(self._threads)}", daemon=True
        )
        self._threads.append(thread)
        thread.start()

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            future, fn, args, kwargs = job
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(fn(*args, **kwargs))
                except BaseException as exc:  # handed to whoever waits on the future
                    future.set_exception(exc)
            del job, future  # drop references before waiting for the next job
            with self._lock:
                self._idle += 1

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """No new work; idle threads end; with ``cancel_futures`` queued work is dropped.

        Never waits, whatever ``wait`` says: a thread still blocked on a request is
        abandoned (it is a daemon), which is the point of this pool.
        """
        with self._lock:
            self._closed = True
            if cancel_futures:
                self._drop_queued()
            for _ in self._threads:
                self._jobs.put(None)

    def _drop_queued(self) -> None:
        kept: list[_Job | None] = []
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is None:
                kept.append(job)
            else:
                job[0].cancel()
        for job in kept:
            self._jobs.put(job)
