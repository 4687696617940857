"""HTML pages to a Source: the main article text and metadata through trafilatura.

trafilatura is imported on first use, so plain-text inputs never pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.errors import InputError
from summarizer.ingest.boilerplate import is_boilerplate_line
from summarizer.ingest.decode import decode_bytes
from summarizer.ingest.text import build_source
from summarizer.schema import Source

if TYPE_CHECKING:
    from trafilatura.settings import Document


def from_html(html: str | bytes, *, url: str | None = None) -> Source:
    """Extract the main article text of an HTML page with trafilatura, then clean it."""
    if isinstance(html, bytes):
        html = decode_bytes(html)
    doc = _extract_html(html, url=url)
    body = (doc.text if doc is not None else None) or ""
    # trafilatura puts one block per line; a blank line between blocks keeps paragraphs.
    body = body.replace("\n", "\n\n")
    if not body.strip():
        raise InputError("no article text found in HTML")
    try:
        return build_source(
            body,
            title=_real_title(doc.title),
            url=url,
            site=doc.sitename or doc.hostname,
            published=doc.date,
        )
    except InputError as exc:
        raise InputError("no article text found in HTML (only boilerplate)") from exc


def _real_title(title: str | None) -> str | None:
    """trafilatura's title (``<title>``, ``og:title`` or ``<h1>``) unless it is boilerplate
    (a notification prompt or a cookie banner); then the body's first line may serve."""
    if title and is_boilerplate_line(title):
        return None
    return title


def _extract_html(html: str, *, url: str | None) -> Document | None:
    import trafilatura  # heavy import; only HTML inputs pay for it

    common = {"url": url, "include_comments": False, "with_metadata": True}
    doc = trafilatura.bare_extraction(html, favor_precision=True, **common)
    if doc is None or not (doc.text or "").strip():
        # Short pages can fall under precision mode's minimum; try the default mode.
        doc = trafilatura.bare_extraction(html, **common)
    return doc
