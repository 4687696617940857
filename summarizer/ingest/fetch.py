"""URLs to a Source: one GET, redirects followed, size and time capped.

httpx is imported on first use, so loading a file never pays for it.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

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

    own = client is None
    http = client or httpx.Client(follow_redirects=True, timeout=timeout)
    try:
        data, content_type, charset = _download(http, url, timeout=timeout, max_bytes=max_bytes)
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
    http: httpx.Client, url: str, *, timeout: float, max_bytes: int
) -> tuple[bytes, str, str | None]:
    import httpx

    deadline = time.monotonic() + timeout
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
