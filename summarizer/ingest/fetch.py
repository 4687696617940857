"""URLs to a Source: one GET, redirects followed, size and time capped.

The time cap is one total deadline for the whole fetch (connect, TLS, headers, every
redirect and the body), not httpx's per-read timeout, which a server dripping one byte
a second would never trip. It is enforced at the socket: every connect, read and write
gets at most the time left (:class:`_DeadlineBackend`), so a read blocked on a silent or
dripping server returns at the deadline.

httpx and httpcore are imported on first use, so loading a file never pays for them.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from summarizer.errors import FetchError, InputError
from summarizer.ingest.decode import decode_response
from summarizer.ingest.html import from_html
from summarizer.ingest.read import from_decoded
from summarizer.ingest.sniff import looks_like_html
from summarizer.ingest.text import from_text
from summarizer.schema import Source

if TYPE_CHECKING:
    import httpx

USER_AGENT = "summarizer/0.1"
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 5_000_000


def fetch_url(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    client: httpx.Client | None = None,
) -> Source:
    """GET ``url`` (redirects followed, size and time capped) and build its Source."""
    import httpx

    deadline = time.monotonic() + timeout
    own = client is None
    # A caller's own client keeps its transport: the deadline then holds for the body only.
    http = client or httpx.Client(
        follow_redirects=True, timeout=timeout, transport=_deadline_transport(deadline)
    )
    try:
        data, content_type, charset = _download(
            http, url, timeout=timeout, max_bytes=max_bytes, deadline=deadline
        )
    finally:
        if own:
            http.close()
    text = decode_response(data, charset)
    if not text.strip():
        raise InputError(f"{url} returned an empty body")
    if content_type == "text/plain":
        return from_text(text, url=url)
    if content_type in ("text/html", "application/xhtml+xml") or looks_like_html(text):
        return from_html(text, url=url)
    if "json" in content_type or "csv" in content_type:
        kind = "JSON" if "json" in content_type else "CSV"
        raise InputError(f"{url} looks like {kind}, not an article ({content_type})")
    if content_type and not content_type.startswith("text/"):
        raise InputError(f"{url} is {content_type}, not an HTML or text article")
    return from_decoded(text, name=url, html=False, url=url)


def _download(
    http: httpx.Client, url: str, *, timeout: float, max_bytes: int, deadline: float
) -> tuple[bytes, str, str | None]:
    import httpx

    try:
        with http.stream(
            "GET",
            url,
            headers={"User-Agent": USER_AGENT},
            timeout=timeout,
            follow_redirects=True,
        ) as resp:
            _check_status(resp, url)
            _check_declared_size(resp, url, max_bytes)
            data = _read_capped(resp, url, max_bytes=max_bytes, deadline=deadline)
            content_type = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            return data, content_type, resp.charset_encoding
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out after {timeout:g} s fetching {url}", url=url) from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchError(f"could not fetch {url}: {_one_line(exc)}", url=url) from exc


def _check_status(resp: httpx.Response, url: str) -> None:
    if not resp.is_success:
        reason = resp.reason_phrase or "error"
        raise FetchError(
            f"HTTP {resp.status_code} {reason} fetching {url}", url=url, status=resp.status_code
        )


def _check_declared_size(resp: httpx.Response, url: str, max_bytes: int) -> None:
    declared = resp.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"response larger than {max_bytes} bytes ({url})", url=url)


def _read_capped(resp: httpx.Response, url: str, *, max_bytes: int, deadline: float) -> bytes:
    import httpx

    buf = bytearray()
    for chunk in resp.iter_bytes():
        buf.extend(chunk)
        if len(buf) > max_bytes:
            raise FetchError(f"response larger than {max_bytes} bytes ({url})", url=url)
        # httpx's timeout is per read; a slow trickle must not run past the total budget.
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("total time budget exceeded")
    return bytes(buf)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# ---------------------------------------------------------------- total deadline


def _deadline_transport(deadline: float) -> httpx.HTTPTransport:
    """An httpx transport whose sockets never wait past ``deadline`` (monotonic)."""
    import httpcore
    import httpx

    class _DeadlineBackend(httpcore.NetworkBackend):
        """httpcore's sync backend, each operation's timeout cut to the time left."""

        def __init__(self) -> None:
            self._inner = httpcore.SyncBackend()

        def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: Any = None,
        ) -> httpcore.NetworkStream:
            left = _time_left(deadline, timeout, httpcore.ConnectTimeout)
            inner = self._inner.connect_tcp(host, port, left, local_address, socket_options)
            return _DeadlineStream(inner)

        def connect_unix_socket(
            self, path: str, timeout: float | None = None, socket_options: Any = None
        ) -> httpcore.NetworkStream:
            left = _time_left(deadline, timeout, httpcore.ConnectTimeout)
            return _DeadlineStream(self._inner.connect_unix_socket(path, left, socket_options))

        def sleep(self, seconds: float) -> None:
            self._inner.sleep(seconds)

    class _DeadlineStream(httpcore.NetworkStream):
        def __init__(self, inner: httpcore.NetworkStream) -> None:
            self._inner = inner

        def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            left = _time_left(deadline, timeout, httpcore.ReadTimeout)
            return self._inner.read(max_bytes, left)

        def write(self, buffer: bytes, timeout: float | None = None) -> None:
            self._inner.write(buffer, _time_left(deadline, timeout, httpcore.WriteTimeout))

        def close(self) -> None:
            self._inner.close()

        def start_tls(
            self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
        ) -> httpcore.NetworkStream:
            left = _time_left(deadline, timeout, httpcore.ConnectTimeout)
            return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, left))

        def get_extra_info(self, info: str) -> Any:
            return self._inner.get_extra_info(info)

    transport = httpx.HTTPTransport()
    # httpx builds its connection pool without a network-backend option; the pool is
    # rebuilt with the same defaults (TLS context, HTTP/1.1) plus the deadline backend.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=10,
        network_backend=_DeadlineBackend(),
    )
    return transport


def _time_left(deadline: float, timeout: float | None, error: type[Exception]) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("total time budget exceeded")
    return left if timeout is None else min(timeout, left)
