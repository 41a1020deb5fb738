#!/usr/bin/env python3
"""Fake model API for driving the real Claude Code and Codex CLIs offline.

Stdlib only. Binds 127.0.0.1 on an ephemeral port and serves:

* Anthropic Messages API (Claude Code):
    POST /v1/messages               (stream:true -> SSE, stream:false -> JSON)
    POST /v1/messages/count_tokens  -> {"input_tokens": N}
* OpenAI Responses API (Codex):
    POST /v1/responses              -> SSE
    GET  /v1/models                 -> {"object":"list","data":[],"models":[]}

Everything else -> 404 (and logged).

A *script* is a list of turns, consumed one per main-conversation request:

    {"text": "done"}                                     # plain answer
    {"tool": "Bash", "input": {"command": "ls"}}          # one tool call
    {"tools": [{"name": "...", "input": {...}}, ...],      # several tool calls
     "text": "optional text before the calls"}

`input` is the tool's argument object (Codex: serialised into the function_call's
`arguments` string). A turn may also be a callable `f(request_body) -> turn` (in-process only).
When the script is exhausted the server answers {"text": FALLBACK_TEXT}.

Side requests (Claude's title generation, quota probes, etc.) are answered with a short
harmless text and do NOT consume the script. See `classify()` for how they are told apart.

Every request is appended to `log_path` (JSON lines) and kept in `FakeAPI.requests`:
    {"seq", "time", "method", "path", "api": "anthropic"|"openai"|"other",
     "kind": "main"|"side"|"aux", "turn": <index or null>, "body": <parsed JSON or null>}

CLI:  python3 fake_api.py --script s.json --log l.jsonl --port-file p
"""
from __future__ import annotations

import argparse
import http.server
import itertools
import json
import os
import signal
import socketserver
import sys
import threading
import time
import uuid
from typing import Any, Callable, Iterable

FALLBACK_TEXT = "Script exhausted; nothing more to do."
SIDE_TEXT = "OK"


# --------------------------------------------------------------------------- script helpers
def text(t: str) -> dict:
    return {"text": t}


def tool(name: str, input: dict | None = None, **kw: Any) -> dict:
    d = {"tool": name, "input": input if input is not None else {}}
    d.update(kw)
    return d


def tools(*calls: tuple[str, dict], text: str | None = None) -> dict:
    d: dict = {"tools": [{"name": n, "input": i} for n, i in calls]}
    if text:
        d["text"] = text
    return d


def _turn_calls(turn: dict) -> list[dict]:
    calls = []
    if "tool" in turn:
        calls.append({"name": turn["tool"], "input": turn.get("input", {}), "id": turn.get("id")})
    for c in turn.get("tools", []):
        calls.append({"name": c["name"], "input": c.get("input", {}), "id": c.get("id")})
    return calls


# --------------------------------------------------------------------------- request classification
def _anthropic_text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    out = []
    if isinstance(content, list):
        for b in content:
            if isinstance(b, dict) and b.get("type") == "text":
                out.append(b.get("text", ""))
    return "\n".join(out)


def classify(api: str, body: dict | None) -> str:
    """Return "main" for a request of the scripted conversation, "side" otherwise.

    Claude Code (2.1.329) main-loop requests always carry the `tools` array (the CLI offers
    Bash, Read, ... even in -p mode). Side requests (session title generation, the 1-token
    quota probe, prompt-suggestion / summary calls) are sent without tools, or with
    max_tokens == 1. Found by logging every request of real runs (see FINDINGS.md).
    Codex (0.163.0) main requests carry `tools` too; anything without tools is side.
    """
    if not isinstance(body, dict):
        return "side"
    tools_ = body.get("tools")
    if not tools_:
        return "side"
    if api == "anthropic" and body.get("max_tokens") == 1:
        return "side"
    return "main"


def _schema_instance(schema: Any, depth: int = 0) -> Any:
    """A minimal value satisfying a (simple) JSON schema."""
    if not isinstance(schema, dict) or depth > 8:
        return None
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            return _schema_instance(schema[key][0], depth + 1)
    t = schema.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), "null")
    if t == "object" or "properties" in schema:
        props = schema.get("properties") or {}
        req = schema.get("required") or list(props)
        return {k: _schema_instance(props.get(k, {}), depth + 1) for k in req}
    if t == "array":
        return []
    if t in ("integer", "number"):
        return 0
    if t == "boolean":
        return False
    if t == "string":
        return "Fake title"
    return None


def side_turn(body: Any) -> dict:
    """Answer for a side request: a short text, or JSON matching a requested output schema
    (Claude's session-title request asks for {"title": string} via output_config.format)."""
    fmt = ((body or {}).get("output_config") or {}).get("format") if isinstance(body, dict) else None
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        return {"text": json.dumps(_schema_instance(fmt.get("schema") or {}))}
    return {"text": SIDE_TEXT}


# --------------------------------------------------------------------------- SSE builders
def _sse(event: str, data: dict) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


def anthropic_message(turn: dict, model: str) -> dict:
    """Full (non-stream) Messages API response for a turn."""
    content: list[dict] = []
    if turn.get("text"):
        content.append({"type": "text", "text": turn["text"]})
    calls = _turn_calls(turn)
    for c in calls:
        content.append({"type": "tool_use", "id": c["id"] or "toolu_" + uuid.uuid4().hex[:24],
                        "name": c["name"], "input": c["input"]})
    if not content:
        content.append({"type": "text", "text": ""})
    return {
        "id": "msg_fake_" + uuid.uuid4().hex[:20],
        "type": "message",
        "role": "assistant",
        "model": model or "claude-fake",
        "content": content,
        "stop_reason": "tool_use" if calls else "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 10, "output_tokens": 5,
                  "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0},
    }


def anthropic_sse(turn: dict, model: str) -> bytes:
    msg = anthropic_message(turn, model)
    out = bytearray()
    start = dict(msg, content=[], stop_reason=None)
    start["usage"] = dict(msg["usage"], output_tokens=1)
    out += _sse("message_start", {"type": "message_start", "message": start})
    for i, block in enumerate(msg["content"]):
        if block["type"] == "text":
            out += _sse("content_block_start", {"type": "content_block_start", "index": i,
                                                "content_block": {"type": "text", "text": ""}})
            out += _sse("content_block_delta", {"type": "content_block_delta", "index": i,
                                                "delta": {"type": "text_delta", "text": block["text"]}})
        else:
            out += _sse("content_block_start", {"type": "content_block_start", "index": i,
                                                "content_block": {"type": "tool_use", "id": block["id"],
                                                                  "name": block["name"], "input": {}}})
            js = json.dumps(block["input"])
            # split in two deltas to exercise the client's accumulation
            half = len(js) // 2
            for part in (js[:half], js[half:]):
                out += _sse("content_block_delta", {"type": "content_block_delta", "index": i,
                                                    "delta": {"type": "input_json_delta", "partial_json": part}})
        out += _sse("content_block_stop", {"type": "content_block_stop", "index": i})
    out += _sse("message_delta", {"type": "message_delta",
                                  "delta": {"stop_reason": msg["stop_reason"], "stop_sequence": None},
                                  "usage": {"output_tokens": msg["usage"]["output_tokens"]}})
    out += _sse("message_stop", {"type": "message_stop"})
    return bytes(out)


def openai_sse(turn: dict, model: str) -> bytes:
    rid = "resp_fake_" + uuid.uuid4().hex[:20]
    out = bytearray()
    seq = itertools.count()
    base = {"id": rid, "object": "response", "created_at": int(time.time()), "model": model or "fake-model",
            "status": "in_progress", "output": []}
    out += _sse("response.created", {"type": "response.created", "sequence_number": next(seq), "response": base})
    items = []
    if turn.get("text"):
        items.append({"type": "message", "id": "msg_" + uuid.uuid4().hex[:20], "role": "assistant",
                      "status": "completed",
                      "content": [{"type": "output_text", "text": turn["text"], "annotations": []}]})
    for c in _turn_calls(turn):
        args = c["input"] if isinstance(c["input"], str) else json.dumps(c["input"])
        items.append({"type": "function_call", "id": "fc_" + uuid.uuid4().hex[:20], "status": "completed",
                      "call_id": c["id"] or "call_" + uuid.uuid4().hex[:20], "name": c["name"], "arguments": args})
    for idx, item in enumerate(items):
        out += _sse("response.output_item.added", {"type": "response.output_item.added",
                                                   "sequence_number": next(seq), "output_index": idx,
                                                   "item": dict(item, status="in_progress")})
        out += _sse("response.output_item.done", {"type": "response.output_item.done",
                                                  "sequence_number": next(seq), "output_index": idx, "item": item})
    done = dict(base, status="completed", output=items,
                usage={"input_tokens": 10, "input_tokens_details": {"cached_tokens": 0},
                       "output_tokens": 5, "output_tokens_details": {"reasoning_tokens": 0},
                       "total_tokens": 15})
    out += _sse("response.completed", {"type": "response.completed", "sequence_number": next(seq),
                                       "response": done})
    return bytes(out)


# --------------------------------------------------------------------------- server
class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: "FakeAPI"


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, fmt: str, *args: Any) -> None:  # silence stderr
        pass

    # -- plumbing
    def _read_body(self) -> tuple[bytes, Any]:
        n = int(self.headers.get("Content-Length") or 0)
        raw = b""
        if n:
            raw = self.rfile.read(n)
        elif (self.headers.get("Transfer-Encoding") or "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0] or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            raw = b"".join(chunks)
        enc = (self.headers.get("Content-Encoding") or "").lower()
        if raw and enc in ("gzip", "deflate"):
            import zlib
            raw = zlib.decompress(raw, 16 + zlib.MAX_WBITS if enc == "gzip" else zlib.MAX_WBITS)
        elif raw and enc == "zstd":
            pass  # not decodable with the stdlib; logged as null body
        try:
            return raw, json.loads(raw) if raw else None
        except ValueError:
            return raw, None

    def _send(self, code: int, payload: bytes, ctype: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(payload)))
        if ctype.startswith("text/event-stream"):
            self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(payload)
        self.wfile.flush()

    def _json(self, code: int, obj: Any) -> None:
        self._send(code, json.dumps(obj).encode(), "application/json")

    # -- verbs
    def do_GET(self) -> None:
        fake = self.server.fake
        path = self.path.split("?")[0]
        api = "openai" if path.startswith("/v1/models") else "other"
        fake._record("GET", self.path, api, "aux", None, None, dict(self.headers))
        if path.rstrip("/") == "/v1/models":
            self._json(200, {"object": "list", "data": [], "models": []})
        else:
            self._json(404, {"error": {"type": "not_found", "message": "fake api: no " + path}})

    def do_HEAD(self) -> None:
        self.server.fake._record("HEAD", self.path, "other", "aux", None, None, dict(self.headers))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:
        fake = self.server.fake
        path = self.path.split("?")[0].rstrip("/")
        _, body = self._read_body()
        if path.endswith("/v1/messages/count_tokens"):
            fake._record("POST", self.path, "anthropic", "aux", None, body, dict(self.headers))
            self._json(200, {"input_tokens": 42})
            return
        if path.endswith("/v1/messages"):
            kind = fake.classifier("anthropic", body)
            turn, idx = fake._next_turn(kind, body)
            fake._record("POST", self.path, "anthropic", kind, idx, body, dict(self.headers))
            model = (body or {}).get("model", "claude-fake")
            if (body or {}).get("stream"):
                self._send(200, anthropic_sse(turn, model), "text/event-stream; charset=utf-8")
            else:
                self._json(200, anthropic_message(turn, model))
            return
        if path.endswith("/v1/responses"):
            kind = fake.classifier("openai", body)
            turn, idx = fake._next_turn(kind, body)
            fake._record("POST", self.path, "openai", kind, idx, body, dict(self.headers))
            self._send(200, openai_sse(turn, (body or {}).get("model", "fake-model")),
                       "text/event-stream; charset=utf-8")
            return
        fake._record("POST", self.path, "other", "aux", None, body, dict(self.headers))
        self._json(404, {"error": {"type": "not_found", "message": "fake api: no " + path}})


Turn = dict | Callable[[dict], dict]


class FakeAPI:
    """In-process fake model API.

        with FakeAPI([tool("Bash", {"command": "ls"}), text("done")], log_path=p) as api:
            ... api.base_url, api.port, api.requests, api.main_requests() ...
    """

    def __init__(self, script: Iterable[Turn] = (), log_path: str | os.PathLike | None = None,
                 classifier: Callable[[str, Any], str] = classify):
        self.script: list[Turn] = list(script)
        self.log_path = os.fspath(log_path) if log_path else None
        self.classifier = classifier
        self.requests: list[dict] = []
        self._pos = 0
        self._lock = threading.Lock()
        self._seq = itertools.count()
        self._srv: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port: int | None = None

    # -- lifecycle
    def start(self) -> "FakeAPI":
        self._srv = _Server(("127.0.0.1", 0), _Handler)
        self._srv.fake = self
        self.port = self._srv.server_address[1]
        self._thread = threading.Thread(target=self._srv.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="fake-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._srv:
            self._srv.shutdown()
            self._srv.server_close()
            self._srv = None
        if self._thread:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> "FakeAPI":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- script
    def set_script(self, script: Iterable[Turn]) -> None:
        with self._lock:
            self.script = list(script)
            self._pos = 0

    def extend_script(self, script: Iterable[Turn]) -> None:
        with self._lock:
            self.script.extend(script)

    @property
    def consumed(self) -> int:
        return self._pos

    @property
    def remaining(self) -> int:
        return len(self.script) - self._pos

    def _next_turn(self, kind: str, body: Any) -> tuple[dict, int | None]:
        if kind != "main":
            return side_turn(body), None
        with self._lock:
            if self._pos >= len(self.script):
                return {"text": FALLBACK_TEXT}, None
            idx = self._pos
            turn = self.script[idx]
            self._pos += 1
        if callable(turn):
            turn = turn(body or {})
        return turn, idx

    # -- log
    def _record(self, method: str, path: str, api: str, kind: str, turn: int | None, body: Any,
                headers: dict | None = None) -> None:
        hdr = {k.lower(): v for k, v in (headers or {}).items()
               if k.lower() not in ("authorization", "x-api-key")}
        rec = {"seq": next(self._seq), "time": time.time(), "method": method, "path": path, "api": api,
               "kind": kind, "turn": turn, "headers": hdr, "body": body}
        with self._lock:
            self.requests.append(rec)
            if self.log_path:
                with open(self.log_path, "a", encoding="utf-8") as f:
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")

    def main_requests(self, api: str | None = None) -> list[dict]:
        return [r for r in list(self.requests) if r["kind"] == "main" and (api is None or r["api"] == api)]

    def side_requests(self) -> list[dict]:
        return [r for r in list(self.requests) if r["kind"] == "side"]

    def request_text(self, kind: str | None = "main") -> str:
        """All logged request bodies (of one kind) as one JSON text, for substring assertions."""
        return "\n".join(json.dumps(r["body"], ensure_ascii=False) for r in list(self.requests)
                         if kind is None or r["kind"] == kind)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--script", help="JSON file: a list of turns")
    ap.add_argument("--log", help="append every request as a JSON line here")
    ap.add_argument("--port-file", help="write the bound port here once listening")
    a = ap.parse_args(argv)
    script = []
    if a.script:
        with open(a.script, encoding="utf-8") as f:
            script = json.load(f)
    api = FakeAPI(script, log_path=a.log).start()
    if a.port_file:
        tmp = a.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(api.port))
        os.replace(tmp, a.port_file)
    print(f"fake api listening on {api.base_url}", file=sys.stderr, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    api.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
