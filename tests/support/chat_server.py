"""A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol.

Tests and benchmarks point the openai client at it instead of mocking anything. It
answers tool calls (instructor's TOOLS mode) and json_schema requests with arguments
built from the request's own schema and prompt, and it injects faults on demand:
429 with Retry-After, 500/503, connection reset, hang, invalid JSON, schema-breaking
JSON, truncated output (finish_reason=length) and empty choices.
"""

from __future__ import annotations

import json
import random
import re
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

Responder = Callable[[dict[str, Any]], dict[str, Any]]
FAULTS = (
    "429",
    "500",
    "503",
    "reset",
    "hang",
    "invalid_json",
    "bad_schema",
    "truncated",
    "empty_choices",
)
_NAME = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z'’]+)+)")
_LINE = re.compile(r"^\[(\d+)\] (.*)$", re.M)


def _user_text(request: dict[str, Any]) -> str:
    return "\n".join(
        str(m.get("content", "")) for m in request.get("messages", []) if m.get("role") == "user"
    )


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{4,}", text)


def instance_for(schema: dict[str, Any], root: dict[str, Any], text: str) -> Any:
    """A minimal valid instance of a JSON schema, with strings taken from ``text``."""
    if "$ref" in schema:
        return instance_for(root["$defs"][schema["$ref"].split("/")[-1]], root, text)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return instance_for(schema[key][0], root, text)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {
            k: instance_for(v, root, text)
            for k, v in props.items()
            if k in schema.get("required", props)
        }
    if kind == "array":
        return [
            instance_for(schema.get("items", {}), root, text)
            for _ in range(schema.get("minItems", 0))
        ]
    if kind == "integer":
        return schema.get("minimum", 1)
    if kind == "number":
        return 0.0
    if kind == "boolean":
        return True
    words = _words(text)[:6] or ["placeholder", "text"]
    return " ".join(words)[: schema.get("maxLength", 200)]


def draft_for(text: str) -> dict[str, Any]:
    """A plausible full draft from the numbered sentences of a prompt."""
    sentences = [(int(i), s) for i, s in _LINE.findall(text)]
    actors: dict[str, str] = {}
    positions, demands, questions = [], [], []
    for sid, sentence in sentences:
        names = [n for n in _NAME.findall(sentence) if not n.startswith(("The ", "But "))]
        for name in names:
            actors.setdefault(name, re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"))
        if not names and "?" not in sentence and "unclear" not in sentence:
            continue
        who = actors[names[0]] if names else None
        if "?" in sentence or "unclear" in sentence:
            questions.append({"question": sentence, "why_open": "unresolved", "sentences": [sid]})
        elif who and re.search(r"\b(demand|urge|call|must|should)", sentence):
            demands.append({"actor": who, "demand": sentence, "target": None, "sentences": [sid]})
        elif who and re.search(r"\b(said|told|says|argued|insisted)\b", sentence):
            positions.append({"actor": who, "stance": sentence, "sentences": [sid]})
    return {
        "summary": sentences[0][1] if sentences else "",
        "actors": [
            {"id": i, "name": n, "kind": "person", "aliases": [n]} for n, i in actors.items()
        ],
        "positions": positions,
        "demands": demands,
        "open_questions": questions,
    }


def default_responder(request: dict[str, Any]) -> dict[str, Any]:
    """Arguments for the requested tool or schema: a draft for a Draft, else schema-driven."""
    name, schema = requested_schema(request)
    text = _user_text(request)
    if name == "Draft":
        return draft_for(text)
    return instance_for(schema, schema, text.split("</article>")[0])


def requested_schema(request: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The (name, JSON schema) the client asked for, by tools or response_format."""
    tools = request.get("tools") or []
    if tools:
        fn = tools[0]["function"]
        return fn["name"], fn.get("parameters", {})
    fmt = request.get("response_format") or {}
    spec = fmt.get("json_schema") or {}
    return spec.get("name", "Response"), spec.get("schema", fmt.get("schema", {}))


class _QuietServer(ThreadingHTTPServer):
    """A client hanging up mid-request (a cancelled call) is routine, not a traceback."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 with an ephemeral port, used as a context manager.

    Subclasses build their request handler in ``_handler()``; ``base_url`` is the ``/v1``
    URL to give an OpenAI client.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        raise NotImplementedError

    @property
    def base_url(self) -> str:
        """The ``/v1`` URL to give the openai client."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


class ChatServer(LoopbackServer):
    """Start with ``with ChatServer() as server:``; ``server.base_url`` is for the client."""

    def __init__(
        self,
        responder: Responder = default_responder,
        *,
        delay: float = 0.0,
        fault_rate: float = 0.0,
        seed: int = 0,
        hang_seconds: float = 5.0,
    ) -> None:
        self.responder = responder
        self.delay = delay
        self.fault_rate = fault_rate
        self.hang_seconds = hang_seconds
        #: The Retry-After header a 429 carries (seconds, as text).
        self.retry_after = "0.2"
        self.script: deque[str] = deque()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._rng = random.Random(seed)
        super().__init__()

    def fail_next(self, *faults: str) -> None:
        """Queue faults for the next requests, in order."""
        unknown = set(faults) - set(FAULTS) - {"ok"}
        assert not unknown, f"unknown faults {unknown}"
        self.script.extend(faults)

    def _next_fault(self) -> str:
        with self._lock:
            if self.script:
                return self.script.popleft()
            if self.fault_rate and self._rng.random() < self.fault_rate:
                return self._rng.choice(
                    ("429", "500", "503", "reset", "invalid_json", "bad_schema")
                )
            return "ok"

    def completion(self, request: dict[str, Any], fault: str) -> dict[str, Any]:
        """The chat.completion body for ``request`` under ``fault``."""
        name, _schema = requested_schema(request)
        args = {"unexpected": True} if fault == "bad_schema" else self.responder(request)
        content = json.dumps(args)
        finish = "stop"
        if fault == "truncated":
            content, finish = content[: max(1, len(content) // 2)], "length"
        message: dict[str, Any] = {"role": "assistant", "content": None}
        if request.get("tools"):
            message["tool_calls"] = [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": name, "arguments": content},
                }
            ]
            finish = "tool_calls" if finish == "stop" else finish
        else:
            message["content"] = content
        prompt_tokens = (
            sum(len(str(m.get("content", ""))) for m in request.get("messages", [])) // 4
        )
        choices = (
            []
            if fault == "empty_choices"
            else [{"index": 0, "message": message, "finish_reason": finish}]
        )
        return {
            "id": "chatcmpl-local",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", "local"),
            "choices": choices,
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": len(content) // 4,
                "total_tokens": prompt_tokens + len(content) // 4,
            },
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _send(
                self, status: int, body: bytes, headers: dict[str, str] | None = None
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                self._send(
                    200,
                    json.dumps(
                        {"object": "list", "data": [{"id": "local", "object": "model"}]}
                    ).encode(),
                )

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    server.requests.append(request)
                    server.headers.append(dict(self.headers))
                fault = server._next_fault()
                if server.delay:
                    time.sleep(server.delay)
                if fault == "reset":
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                    )
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.connection.close()
                    self.close_connection = True
                    return
                if fault == "hang":
                    time.sleep(server.hang_seconds)
                    self.close_connection = True
                    return
                if fault in ("429", "500", "503"):
                    err = {"error": {"message": f"injected {fault}", "type": "server_error"}}
                    extra = {"Retry-After": server.retry_after} if fault == "429" else {}
                    self._send(int(fault), json.dumps(err).encode(), extra)
                    return
                if fault == "invalid_json":
                    self._send(200, b'{"id": "chatcmpl-local", "choices": [ not json')
                    return
                self._send(200, json.dumps(server.completion(request, fault)).encode())

        return Handler
