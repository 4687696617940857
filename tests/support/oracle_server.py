"""An oracle model: a loopback chat-completions server that answers like a perfect model.

It plays a capable model from the gold labels (``evals/suites/*/*.gold.json``):

- It reads the numbered sentences a request shows (``[12] ...`` lines inside
  ``<article>``), finds the gold article whose text holds them, and locates each shown
  sentence in that text.
- Each gold evidence span becomes the ids of the shown sentences it overlaps. A gold
  claim is answered when it cites at least one shown sentence, citing only those.
- Actors are the gold actors named (by name or alias) in the shown sentences, with the
  aliases that appear there. A position or demand whose actor is not named in the shown
  sentences is left out (the Draft validators would reject an actor the text does not
  name); a target not named there becomes null. Both are logged in ``answers``.
- The Draft is built with Python field names (``summarizer.draft``) and written the
  way a model writes the schema it was handed: every property the schema shows, in the
  schema's order, nulls included where the schema allows null (a property that does not
  allow null is left out when empty), compact JSON. So the wire format follows any
  change to ``draft.py``.
- A capable model follows three instructions that change what it writes: aliases are
  written without the name itself when the schema or prompt says "not the name
  itself" (or "again"); a prompt that says the summary should be left empty
  ("summary: leave it empty") gets no summary; and "summary: one sentence" gets the
  headline sentence only (else the headline and the first two claims).

It answers in instructor's TOOLS mode (a tool call whose arguments are the JSON) when
the request has ``tools``, else in plain JSON content (``json``, ``json_schema``,
``md_json`` modes). It honours ``max_tokens`` like a real server: the JSON is cut at
the limit and ``finish_reason`` is ``length``. Usage is counted with the rule in
``support.tokens`` (prompt: every message plus the tool or response schema; completion:
the answer, or the limit when cut). ``latency`` seconds are slept per request. It counts
requests and the most requests it held at once (``max_in_flight``).

An article it has no gold for (the long benchmark article) gets a plausible draft from
``chat_server.draft_for``; requests for any other schema (the guided strategy's labels)
get ``chat_server.default_responder``'s answer.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from summarizer.draft import Draft, DraftActor, DraftDemand, DraftPosition, DraftQuestion
from summarizer.evaluate.gold import GoldArticle, GoldItem, load_suite
from summarizer.settings import Settings, resolve_settings
from support import tokens
from support.chat_server import LoopbackServer, default_responder, draft_for, requested_schema

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "evals" / "suites" / "core"
_LINE = re.compile(r"^\[(\d+)\] (.*)$", re.M)
_ARTICLE = re.compile(r"<article>(.*?)</article>", re.S)
_OTHER_NAMES = re.compile(r"\bnot (?:the|its) name (?:itself|again)\b", re.I)
_NO_SUMMARY = re.compile(r"summary[^\n]{0,80}?\bleave it empty\b", re.I)
_ONE_SENTENCE = re.compile(r"summary: one sentence\b", re.I)


# --- reading a request ------------------------------------------------------------------


def _article_prompt(request: dict[str, Any]) -> str:
    """The first user message that shows an article (re-asks append more messages)."""
    for m in request.get("messages", []):
        content = m.get("content")
        if m.get("role") == "user" and isinstance(content, str) and "<article>" in content:
            return content
    return ""


def shown_sentences(request: dict[str, Any]) -> list[tuple[int, str]]:
    """The ``(id, text)`` of every numbered sentence the request shows."""
    found = _ARTICLE.search(_article_prompt(request))
    return [(int(i), s) for i, s in _LINE.findall(found.group(1) if found else "")]


def _prompt_says(request: dict[str, Any], pattern: re.Pattern[str], schema: dict) -> bool:
    return bool(pattern.search(_article_prompt(request)) or pattern.search(json.dumps(schema)))


# --- finding the gold article and the shown sentences in it ----------------------------


def _squeezed(text: str) -> tuple[str, list[int]]:
    """``text`` with whitespace runs as one space, and each kept character's offset."""
    out, where = [], []
    for m in re.finditer(r"\S+", text):
        if out:
            out.append(" ")
            where.append(m.start())
        out.append(m.group())
        where.extend(range(m.start(), m.end()))
    return "".join(out), where


@dataclass(frozen=True)
class Located:
    """A gold article and the article-text span of each shown sentence."""

    article: GoldArticle
    spans: dict[int, tuple[int, int]]


class GoldIndex:
    """Gold articles, searchable by the sentences a request shows."""

    def __init__(self, articles: list[GoldArticle]) -> None:
        self.articles = articles
        self._squeezed = [_squeezed(a.text) for a in articles]

    def locate(self, shown: list[tuple[int, str]]) -> Located | None:
        """The article holding most of the shown sentences (at least half), located."""
        if not shown:
            return None
        hits = [sum(s in flat for _, s in shown) for flat, _ in self._squeezed]
        best = max(range(len(hits)), key=hits.__getitem__, default=None)
        if best is None or hits[best] * 2 < len(shown):
            return None
        flat, where = self._squeezed[best]
        spans, cursor = {}, 0
        for sid, text in shown:
            at = flat.find(text, cursor)
            at = flat.find(text) if at < 0 else at
            if at < 0:
                continue
            spans[sid] = (where[at], where[at + len(text) - 1] + 1)
            cursor = at + len(text)
        return Located(self.articles[best], spans)


# --- the perfect draft for the shown sentences -----------------------------------------


@dataclass(frozen=True)
class Style:
    """The instructions a capable model follows that change what it writes."""

    name_in_aliases: bool = True
    summary: bool = True
    one_sentence_summary: bool = False


@dataclass
class Answer:
    """What the oracle answered to one request (for tests and benchmarks)."""

    article: str | None
    shown: int
    tokens: int  # of the whole answer, before any cut
    completion_tokens: int
    finish_reason: str
    max_tokens: int | None
    dropped: list[str] = field(default_factory=list)  # gold items left out, and why
    content: str = ""  # the whole answer, before any cut


def _cited(item: GoldItem, spans: dict[int, tuple[int, int]]) -> list[int]:
    return sorted(
        sid
        for sid, (a, b) in spans.items()
        if any(e.start < b and a < e.end for e in item.evidence)
    )


def _summary(article: GoldArticle, one_sentence: bool = False) -> str:
    # Two or three sentences, as the prompt asked at first: the headline and the first
    # claims; or only the headline when the prompt asks for one sentence.
    lead = [] if one_sentence else [g.text for g in (*article.positions, *article.demands)][:2]
    return " ".join([article.title.rstrip(".") + ".", *lead])


def perfect_draft(
    located: Located, shown: list[tuple[int, str]], style: Style = Style()
) -> tuple[Draft, list[str]]:
    """The part of the article's perfect Draft that cites the shown sentences."""
    article, spans = located.article, located.spans
    seen = " ".join(text for _, text in shown).casefold()
    named = {a.id: [x for x in a.aliases if x.casefold() in seen] for a in article.actors}
    named = {k: v for k, v in named.items() if v}
    dropped: list[str] = []

    def claim(item: GoldItem) -> dict[str, Any] | None:
        ids = _cited(item, spans)
        if not ids:
            return None
        if item.field != "open_questions" and item.actor not in named:
            dropped.append(f"{item.id}: actor {item.actor!r} not named in the shown sentences")
            return None
        out: dict[str, Any] = {"sentences": ids}
        if item.field == "positions":
            out |= {"actor": item.actor, "stance": item.text}
        elif item.field == "demands":
            target = item.target if item.target in named else None
            if item.target and target is None:
                dropped.append(f"{item.id}: target {item.target!r} not named, left null")
            out |= {"actor": item.actor, "demand": item.text, "target": target}
            out["conditions"] = item.conditions
        else:
            out |= {"question": item.text}
        return out

    def claims(items: tuple[GoldItem, ...]) -> list[dict[str, Any]]:
        return [c for c in map(claim, items) if c is not None]

    actors = [
        DraftActor(
            id=a.id,
            name=a.name,
            kind=a.kind,
            aliases=[x for x in named[a.id] if style.name_in_aliases or x != a.name],
        )
        for a in article.actors
        if a.id in named
    ]
    draft = Draft(
        summary=_summary(article, style.one_sentence_summary) if style.summary else None,
        actors=actors,
        positions=[DraftPosition(**c) for c in claims(article.positions)],
        demands=[DraftDemand(**c) for c in claims(article.demands)],
        open_questions=[DraftQuestion(**c) for c in claims(article.open_questions)],
    )
    return draft, dropped


# --- writing the draft the way a model writes the schema --------------------------------


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].split("/")[-1]]
    return schema


def _allows_null(schema: dict[str, Any], root: dict[str, Any]) -> bool:
    schema = _resolve(schema, root)
    if schema.get("type") == "null" or "null" in (schema.get("type") or []):
        return True
    return any(_allows_null(s, root) for s in schema.get("anyOf", []) + schema.get("oneOf", []))


def as_written(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> Any:
    """``value`` (JSON data) as a model writes it for ``schema``: every property the schema
    shows, in its order; null only where the schema allows null."""
    schema = _resolve(schema, root)
    for key in ("anyOf", "oneOf"):
        options = [s for s in schema.get(key, []) if _resolve(s, root).get("type") != "null"]
        if options and value is not None:
            return as_written(value, options[0], root)
    if isinstance(value, dict) and "properties" in schema:
        out = {}
        for name, sub in schema["properties"].items():
            if name not in value or (value[name] is None and not _allows_null(sub, root)):
                continue
            out[name] = as_written(value[name], sub, root)
        return out
    if isinstance(value, list) and "items" in schema:
        return [as_written(v, schema["items"], root) for v in value]
    return value


def draft_json(draft: Draft, schema: dict[str, Any] | None = None) -> str:
    """The compact JSON a model writes for ``draft`` under ``schema`` (Draft's own by default)."""
    schema = schema or Draft.model_json_schema()
    data = draft.model_dump(mode="json", by_alias=True)
    return json.dumps(as_written(data, schema, schema), ensure_ascii=False, separators=(",", ":"))


# --- the server -------------------------------------------------------------------------


class OracleServer(LoopbackServer):
    """``with OracleServer() as server:`` then point the openai client at ``server.base_url``.

    ``articles`` defaults to the core gold suite; ``latency`` is slept per request.
    ``scale`` plays a wordier model: each answer counts as ``scale`` times its tokens
    (billed so, and cut at ``max_tokens / scale`` of its own tokens), as a real model
    writing ``scale`` times the gold's words would be. Issue 8's capable model wrote
    about 1.8 times the oracle's tokens per word of article.
    """

    def __init__(
        self,
        articles: list[GoldArticle] | None = None,
        *,
        latency: float = 0.0,
        scale: float = 1.0,
    ) -> None:
        self.index = GoldIndex(articles if articles is not None else load_suite(CORE))
        self.latency = latency
        self.scale = scale
        self.requests: list[dict[str, Any]] = []
        self.answers: list[Answer] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.durations: list[float] = []  # seconds each request was held, latency included
        self._count_lock = threading.Lock()
        super().__init__()

    @property
    def completion_tokens(self) -> int:
        """Output tokens billed over every answer so far."""
        return sum(a.completion_tokens for a in self.answers)

    def arguments(self, request: dict[str, Any]) -> tuple[str, str, Answer]:
        """(schema name, full answer JSON, record) for a request, before any cut."""
        name, schema = requested_schema(request)
        if request.get("tools") is None and not schema:
            name, schema = "Draft", Draft.model_json_schema()  # json modes: schema in the prompt
        shown = shown_sentences(request)
        if name != "Draft":
            return (
                name,
                json.dumps(default_responder(request)),
                Answer(None, len(shown), 0, 0, "", None),
            )
        located = self.index.locate(shown)
        dropped: list[str] = []
        if located is None:
            draft = Draft.model_validate(draft_for("\n".join(f"[{i}] {s}" for i, s in shown)))
        else:
            style = Style(
                name_in_aliases=not _prompt_says(request, _OTHER_NAMES, schema),
                summary=not _prompt_says(request, _NO_SUMMARY, schema),
                one_sentence_summary=_prompt_says(request, _ONE_SENTENCE, schema),
            )
            draft, dropped = perfect_draft(located, shown, style)
        content = draft_json(draft, schema)
        record = Answer(
            article=located.article.id if located else None,
            shown=len(shown),
            tokens=tokens.count(content),
            completion_tokens=0,
            finish_reason="stop",
            max_tokens=None,
            dropped=dropped,
            content=content,
        )
        return name, content, record

    def completion(self, request: dict[str, Any]) -> dict[str, Any]:
        """The chat.completion body for ``request``; records an :class:`Answer`."""
        name, content, record = self.arguments(request)
        limit = request.get("max_tokens") or request.get("max_completion_tokens")
        record.tokens = math.ceil((record.tokens or tokens.count(content)) * self.scale)
        record.max_tokens = limit
        record.completion_tokens = record.tokens
        finish = "stop"
        if limit and record.tokens > limit:
            content = tokens.cut(content, int(limit / self.scale))
            finish, record.completion_tokens = "length", limit
        message: dict[str, Any] = {"role": "assistant", "content": None}
        if request.get("tools"):
            call = {"name": name, "arguments": content}
            message["tool_calls"] = [{"id": "call_1", "type": "function", "function": call}]
            finish = "tool_calls" if finish == "stop" else finish
        else:
            message["content"] = content
        record.finish_reason = finish
        shown_to_model = [str(m.get("content", "")) for m in request.get("messages", [])]
        shown_to_model += [
            json.dumps(request.get(k)) for k in ("tools", "response_format") if request.get(k)
        ]
        prompt_tokens = sum(tokens.count(t) for t in shown_to_model)
        with self._count_lock:
            self.answers.append(record)
        return {
            "id": "chatcmpl-oracle",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", "oracle"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": record.completion_tokens,
                "total_tokens": prompt_tokens + record.completion_tokens,
            },
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _send(self, body: bytes) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                models = {"object": "list", "data": [{"id": "oracle", "object": "model"}]}
                self._send(json.dumps(models).encode())

            def do_POST(self) -> None:
                try:
                    request = json.loads(
                        self.rfile.read(int(self.headers.get("Content-Length", 0)))
                    )
                except (ValueError, OSError):  # a client that hung up mid-request
                    self.close_connection = True
                    return
                with server._count_lock:
                    server.requests.append(request)
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                started = time.perf_counter()
                try:
                    body = json.dumps(server.completion(request)).encode()
                    time.sleep(max(0.0, server.latency - (time.perf_counter() - started)))
                finally:
                    with server._count_lock:
                        server.in_flight -= 1
                        server.durations.append(time.perf_counter() - started)
                self._send(body)

        return Handler


def oracle_settings(server: LoopbackServer, **options: Any) -> Settings:
    """Settings for the full strategy against ``server``, with options such as
    ``max_output_tokens``, ``context_tokens`` and ``concurrency``."""
    base = {"model": "oracle", "base_url": server.base_url, "env": {}, "strategy": "full"}
    return resolve_settings(**base, **options)
