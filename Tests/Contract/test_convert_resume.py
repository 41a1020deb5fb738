"""Issue #5 contract scenarios: sessions converted / exported+imported by our export-session are
resumed by the REAL agents, and the request each agent then sends to the fake API carries the original
prompts and answers.

Agent side (no binaries of ours): what a converter or importer may write is accepted —
- a real Claude session copied into ANOTHER machine's store under ANOTHER project path resumes (with or
  without `cwd` rewritten: Claude finds it by the project folder of the current path);
- a hand-written Claude JSONL carrying a tool_use/tool_result pair resumes, the pair reaches the request;
- a hand-written legacy Codex rollout carrying function_call/function_call_output resumes, same check.

Ours (skip with the reason when AGENT_SESSIONS_BIN / the subcommand / a flag is missing):
- codex → `export-session convert --from codex --to claude --session ID --json` → `claude -p --resume NEW`;
- claude → `convert --from claude --to codex` → `codex exec resume NEW`;
- claude → `export-session --agent claude --session ID --format native --out DIR --json` → on a second
  machine (own CLAUDE_CONFIG_DIR), `export-session import FILE --agent claude --json` in another project
  → `claude -p --resume NEW` there;
- claude → `convert --to gemini`: the file is checked against agent-stores.md §3 (no gemini binary here).
The new session's id is taken from the `--json` output: the one string in it (or id inside a string, e.g.
a resume command) that names a session file which appeared in the target store.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
import uuid
from pathlib import Path

import pytest

import harness
from fake_api import text, tool

ID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def uniq(word: str) -> str:
    return f"{word}-{uuid.uuid4().hex[:10]}"


def _strings(v) -> list[str]:
    if isinstance(v, str):
        return [v]
    if isinstance(v, dict):
        return [s for x in v.values() for s in _strings(x)]
    if isinstance(v, list):
        return [s for x in v for s in _strings(x)]
    return []


def new_id_from_output(r: harness.Result, exists, what: str) -> str:
    """The id in `--json` output `r` for which exists(id) holds (a session file appeared in the
    target store). Exactly one such id must be named (as a value or inside a string)."""
    out = r.json()
    cands: list[str] = []
    for s in _strings(out):
        for c in [s, *ID_RE.findall(s)]:
            if c not in cands and "/" not in c and c and exists(c):
                cands.append(c)
    assert len(cands) == 1, f"expected the --json output to name exactly one new {what} session, " \
        f"found {cands}:\n{r.describe()}"
    return cands[0]


def claude_session_file(sb: harness.Sandbox, sid: str) -> Path | None:
    hits = list((sb.claude_config / "projects").glob(f"*/{glob_escape(sid)}.jsonl"))
    return hits[0] if len(hits) == 1 else None


def codex_session_file(sb: harness.Sandbox, tid: str) -> Path | None:
    hits = [p for p in sb.codex_rollouts() if p.name.endswith(f"-{tid}.jsonl")]
    return hits[0] if len(hits) == 1 else None


def glob_escape(s: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", s)


def main_bodies(api, since: int, api_name: str) -> str:
    return "\n".join(json.dumps(q["body"], ensure_ascii=False) for q in list(api.requests)[since:]
                     if q["kind"] == "main" and q["api"] == api_name)


def assert_carried(body: str, needles: list[str], r: harness.Result) -> None:
    missing = [n for n in needles if n not in body]
    assert not missing, f"the resumed agent's request lacks {missing}:\n{r.describe()}"


# --------------------------------------------------------------------------- sessions written by the real agents
def real_codex_session(sb, api, proj):
    p, a, cmd_out = uniq("codex-prompt"), uniq("codex-answer"), uniq("codex-tool-output")
    api.set_script([tool("exec_command", {"cmd": f"echo {cmd_out}"}), text(a)])
    r = sb.codex_exec(p, cwd=proj, plan=False)
    assert r.thread_id, r.result.describe()
    return r.thread_id, p, a, cmd_out


def real_claude_session(sb, api, proj):
    p, a, cmd_out = uniq("claude-prompt"), uniq("claude-answer"), uniq("claude-tool-output")
    api.set_script([tool("Bash", {"command": f"echo {cmd_out}", "description": "Say it"}), text(a)])
    r = sb.claude(p, cwd=proj)
    assert r.output["result"] == a, r.result.describe()
    return r.session_id, p, a, cmd_out


# --------------------------------------------------------------------------- agent side
@pytest.mark.claude
@pytest.mark.parametrize("rewrite_cwd", [True, False], ids=["cwd-rewritten", "cwd-kept"])
def test_claude_resumes_real_session_moved_to_other_machine_and_path(tmp_path, sandbox, fake_api, claude_bin,
                                                                     rewrite_cwd):
    proj_a = sandbox.project("place-a")
    sid, p, a, cmd_out = real_claude_session(sandbox, fake_api, proj_a)
    recs = harness.read_jsonl(sandbox.claude_transcript(proj_a, sid))

    other = harness.Sandbox(tmp_path / "machine-2", fake_api)
    proj_b = other.project("place b")
    moved = [dict(x, cwd=str(proj_b)) if rewrite_cwd and "cwd" in x else x for x in recs]
    dest = harness.write_jsonl(other.claude_transcript(proj_b, sid), moved)

    fake_api.set_script([text("resumed")])
    n0 = len(fake_api.requests)
    r = other.claude("next", cwd=proj_b, resume=sid, allowed_tools=None)
    assert r.output["result"] == "resumed" and r.output["session_id"] == sid, r.result.describe()
    assert_carried(main_bodies(fake_api, n0, "anthropic"), [p, a, cmd_out, "next"], r.result)
    assert [f.name for f in dest.parent.glob("*.jsonl")] == [dest.name]
    assert harness.claude_counts(dest)["user"] == 2


@pytest.mark.claude
def test_claude_resumes_hand_written_tool_use_pair(sandbox, fake_api, claude_bin):
    """What a codex→claude converter writes for one exec_command: assistant tool_use + user tool_result."""
    proj = sandbox.project("app")
    sid = str(uuid.uuid4())
    p, a, out = uniq("prompt"), uniq("answer"), uniq("output")
    lines = harness.minimal_claude_session(sid, str(proj), p, a)
    u1, a1 = lines[0], lines[1]
    tu, tr = str(uuid.uuid4()), str(uuid.uuid4())
    call = {"type": "assistant", "uuid": tu, "parentUuid": u1["uuid"], "timestamp": harness.iso_now(-59.5),
            "sessionId": sid, "cwd": str(proj),
            "message": {"id": "msg_handwritten_0", "type": "message", "role": "assistant", "model": "claude-fake",
                        "content": [{"type": "tool_use", "id": "toolu_handwritten_1", "name": "Bash",
                                     "input": {"command": f"echo {out}"}}],
                        "stop_reason": "tool_use", "stop_sequence": None,
                        "usage": {"input_tokens": 1, "output_tokens": 1}}}
    result = {"type": "user", "uuid": tr, "parentUuid": tu, "timestamp": harness.iso_now(-59.2), "sessionId": sid,
              "cwd": str(proj), "message": {"role": "user", "content": [
                  {"type": "tool_result", "tool_use_id": "toolu_handwritten_1", "content": out}]}}
    a1 = dict(a1, parentUuid=tr)
    path = harness.write_jsonl(sandbox.claude_transcript(proj, sid), [u1, call, result, a1])

    fake_api.set_script([text("resumed")])
    r = sandbox.claude("next", cwd=proj, resume=sid, allowed_tools=None)
    assert r.output["result"] == "resumed", r.result.describe()
    msgs = fake_api.main_requests("anthropic")[0]["body"]["messages"]
    blocks = [b for m in msgs if isinstance(m.get("content"), list) for b in m["content"] if isinstance(b, dict)]
    assert any(b.get("type") == "tool_use" and b.get("id") == "toolu_handwritten_1" for b in blocks), msgs
    assert any(b.get("type") == "tool_result" and b.get("tool_use_id") == "toolu_handwritten_1" for b in blocks)
    assert_carried(json.dumps(msgs, ensure_ascii=False), [p, a, out, "next"], r.result)
    assert harness.claude_counts(path)["user"] == 2


@pytest.mark.codex
def test_codex_resumes_hand_written_function_call_pair(sandbox, fake_api, codex_bin):
    """What a claude→codex converter writes for one Bash call: function_call + function_call_output."""
    proj = sandbox.project("app")
    tid = str(uuid.uuid4())
    p, a, out = uniq("prompt"), uniq("answer"), uniq("output")
    base = harness.minimal_codex_rollout(tid, str(proj), p, a)
    ts = base[0]["timestamp"]
    call = {"timestamp": ts, "type": "response_item",
            "payload": {"type": "function_call", "name": "exec_command", "call_id": "call_handwritten_1",
                        "arguments": json.dumps({"cmd": f"echo {out}"})}}
    output = {"timestamp": ts, "type": "response_item",
              "payload": {"type": "function_call_output", "call_id": "call_handwritten_1", "output": out}}
    path = harness.write_jsonl(harness.codex_rollout_path(sandbox.codex_home, tid),
                               base[:3] + [call, output] + base[3:])

    fake_api.set_script([text("resumed")])
    r = sandbox.codex_exec("next", cwd=proj, resume=tid, plan=False)
    assert r.thread_id == tid, r.result.describe()
    items = fake_api.main_requests("openai")[0]["body"]["input"]
    assert any(i.get("type") == "function_call" and i.get("call_id") == "call_handwritten_1" for i in items), items
    assert any(i.get("type") == "function_call_output" and i.get("call_id") == "call_handwritten_1" for i in items)
    assert_carried(json.dumps(items, ensure_ascii=False), [p, a, out, "next"], r.result)
    assert harness.codex_counts(path)["user"] == 2


# --------------------------------------------------------------------------- ours
CONVERT_FLAGS = ["--from", "--to", "--session", "--json"]


@pytest.mark.ours
@pytest.mark.codex
@pytest.mark.claude
def test_codex_converted_to_claude_resumes_in_real_claude(sandbox, fake_api, codex_bin, claude_bin):
    harness.our_tool("export-session", "convert", flags=CONVERT_FLAGS)
    proj = sandbox.project("codex app.v2 é")  # Claude's folder encoding must match the real one
    tid, p, a, cmd_out = real_codex_session(sandbox, fake_api, proj)

    conv = sandbox.tool("export-session", "convert", "--from", "codex", "--to", "claude", "--session", tid,
                        "--json", cwd=proj)
    new = new_id_from_output(conv, lambda i: claude_session_file(sandbox, i) is not None, "claude")
    path = claude_session_file(sandbox, new)
    assert path.parent == sandbox.claude_project_dir(proj), f"converted session not in this project's folder: {path}"

    fake_api.set_script([text("resumed")])
    n0 = len(fake_api.requests)
    r = sandbox.claude("next", cwd=proj, resume=new, allowed_tools=None)
    assert r.output["result"] == "resumed" and r.output["session_id"] == new, r.result.describe()
    assert_carried(main_bodies(fake_api, n0, "anthropic"), [p, a, cmd_out, "next"], r.result)
    # the exec_command call is carried as a tool call (Claude can hold one), not folded into text
    msgs = [q for q in fake_api.main_requests("anthropic") if q["seq"] >= n0][0]["body"]["messages"]
    blocks = [b for m in msgs if isinstance(m.get("content"), list) for b in m["content"] if isinstance(b, dict)]
    uses = {b.get("id") for b in blocks if b.get("type") == "tool_use"}
    results = {b.get("tool_use_id") for b in blocks if b.get("type") == "tool_result"}
    assert uses and uses == results, f"tool_use {uses} / tool_result {results} in the resumed request"


@pytest.mark.ours
@pytest.mark.codex
@pytest.mark.claude
def test_claude_converted_to_codex_resumes_in_real_codex(sandbox, fake_api, codex_bin, claude_bin):
    harness.our_tool("export-session", "convert", flags=CONVERT_FLAGS)
    proj = sandbox.project("app")
    sid, p, a, cmd_out = real_claude_session(sandbox, fake_api, proj)
    before = set(sandbox.codex_rollouts())

    conv = sandbox.tool("export-session", "convert", "--from", "claude", "--to", "codex", "--session", sid,
                        "--json", cwd=proj)
    new = new_id_from_output(conv, lambda i: (f := codex_session_file(sandbox, i)) is not None and f not in before,
                             "codex")

    fake_api.set_script([text("resumed")])
    n0 = len(fake_api.requests)
    r = sandbox.codex_exec("next", cwd=proj, resume=new, plan=False)
    assert r.thread_id, r.result.describe()
    msgs = [e["item"]["text"] for e in r.events
            if e.get("type") == "item.completed" and e["item"].get("type") == "agent_message"]
    assert msgs == ["resumed"], r.result.describe()
    assert_carried(main_bodies(fake_api, n0, "openai"), [p, a, cmd_out, "next"], r.result)
    # the Bash call is carried as a function call + its output (Codex can hold one), not folded into text
    items = [q for q in fake_api.main_requests("openai") if q["seq"] >= n0][0]["body"]["input"]
    calls = {i.get("call_id") for i in items if i.get("type") in ("function_call", "custom_tool_call")}
    outs = {i.get("call_id") for i in items if i.get("type") in ("function_call_output", "custom_tool_call_output")}
    assert calls and calls == outs, f"calls {calls} / outputs {outs} in the resumed request"


@pytest.mark.ours
@pytest.mark.claude
@pytest.mark.parametrize("other_name", ["other project", "naïve dir.v2 📦"], ids=["spaces", "non-ascii"])
def test_claude_export_imported_under_other_path_resumes(tmp_path, sandbox, fake_api, claude_bin, other_name):
    harness.our_tool("export-session", flags=["--agent", "--session", "--format", "--out", "--json"])
    harness.our_tool("export-session", "import", flags=["--agent", "--json"])
    proj_a = sandbox.project("place-a")
    sid, p, a, cmd_out = real_claude_session(sandbox, fake_api, proj_a)
    out_dir = sandbox.root / "exported"

    ex = sandbox.tool("export-session", "--agent", "claude", "--session", sid, "--format", "native",
                      "--out", str(out_dir), "--json", cwd=proj_a)
    files = [f for f in out_dir.rglob("*") if f.is_file()] if out_dir.is_dir() else []
    said = {os.path.realpath(os.path.join(proj_a, x)) for x in _strings(ex.json()) if x}  # absolute or cwd-relative
    named = [f for f in files if os.path.realpath(f) in said]
    assert len(named) == 1, f"export wrote {files}; its --json names {named}:\n{ex.describe()}"
    exported = named[0]
    assert exported.stat().st_size > 0

    other = harness.Sandbox(tmp_path / "machine-2", fake_api)  # another machine: its own CLAUDE_CONFIG_DIR
    proj_b = other.project(other_name)
    imp = other.tool("export-session", "import", str(exported), "--agent", "claude", "--json", cwd=proj_b)
    new = new_id_from_output(imp, lambda i: claude_session_file(other, i) is not None, "claude")
    path = claude_session_file(other, new)
    assert path.parent == other.claude_project_dir(proj_b), f"imported session not under the current path: {path}"
    cwds = {x.get("cwd") for x in harness.read_jsonl(path) if x.get("type") in ("user", "assistant")}
    assert cwds == {str(proj_b)}, f"import did not rewrite cwd to {proj_b}: {cwds}"

    fake_api.set_script([text("resumed")])
    n0 = len(fake_api.requests)
    r = other.claude("next", cwd=proj_b, resume=new, allowed_tools=None)
    assert r.output["result"] == "resumed" and r.output["session_id"] == new, r.result.describe()
    assert_carried(main_bodies(fake_api, n0, "anthropic"), [p, a, cmd_out, "next"], r.result)


@pytest.mark.ours
@pytest.mark.claude
def test_claude_converted_to_gemini_matches_documented_jsonl(sandbox, fake_api, claude_bin):
    """agent-stores.md §3 (Gemini 2026, from source; no binary here): chats/session-<YYYY-MM-DDTHH-MM>-<id8>.jsonl
    under ~/.gemini/tmp/<slug>/, line 1 metadata {sessionId, projectHash, startTime, lastUpdated, kind},
    then messages {id, timestamp, type user|gemini|info|error|warning, content, toolCalls?} and
    `{"$set": {...}}` / `{"$rewindTo": id}` patch lines."""
    harness.our_tool("export-session", "convert", flags=CONVERT_FLAGS)
    proj = sandbox.project("App Dir")
    sid, p, a, cmd_out = real_claude_session(sandbox, fake_api, proj)
    gem_root = sandbox.home / ".gemini"

    conv = sandbox.tool("export-session", "convert", "--from", "claude", "--to", "gemini", "--session", sid,
                        "--json", cwd=proj)
    chats = sorted(gem_root.glob("tmp/*/chats/session-*.jsonl"))
    assert len(chats) == 1, f"expected one Gemini chat under {gem_root}/tmp/*/chats: {chats}\n{conv.describe()}"
    chat = chats[0]
    slug_dir = chat.parent.parent
    assert slug_dir.name == "app-dir", f"slug of {proj.name!r} should be 'app-dir' (§3), got {slug_dir.name!r}"
    lines = harness.read_jsonl(chat)
    meta = lines[0]
    patches = [x for x in lines[1:] if "$set" in x or "$rewindTo" in x]  # documented metadata patches
    msgs = [x for x in lines[1:] if x not in patches]
    for x in patches:
        assert set(x) in ({"$set"}, {"$rewindTo"}), f"a patch line carries more than one key: {x}"
        assert isinstance(x.get("$set", {}), dict)
    for k in ("sessionId", "projectHash", "startTime", "lastUpdated", "kind"):
        assert k in meta, f"Gemini metadata line lacks {k}: {meta}"
    assert meta["kind"] == "main"
    new = meta["sessionId"]
    assert uuid.UUID(new), new
    assert new in conv.stdout, f"convert --json does not name the new Gemini session {new}:\n{conv.describe()}"
    assert re.fullmatch(r"session-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-" + re.escape(new[:8]) + r"\.jsonl", chat.name), chat.name
    for k in ("startTime", "lastUpdated"):
        _dt.datetime.fromisoformat(meta[k].replace("Z", "+00:00"))
    assert msgs, "no messages"
    ids = [m.get("id") for m in msgs]
    assert all(ids) and len(set(ids)) == len(ids), f"message ids missing or repeated: {ids}"
    assert {m.get("type") for m in msgs} <= {"user", "gemini", "info", "error", "warning"}, msgs
    for m in msgs:
        assert "timestamp" in m and "content" in m, m
        for c in m.get("toolCalls") or []:
            assert m["type"] == "gemini" and {"id", "name", "args"} <= set(c), f"tool call shape (§3): {c}"
    def content_text(m):
        c = m["content"]
        return c if isinstance(c, str) else json.dumps(c, ensure_ascii=False)
    users = " ".join(content_text(m) for m in msgs if m["type"] == "user")
    answers = " ".join(content_text(m) for m in msgs if m["type"] == "gemini")
    assert p in users, f"prompt not in a user message: {msgs}"
    assert a in answers, f"answer not in a gemini message: {msgs}"
    reg = gem_root / "projects.json"
    if reg.exists():  # the 2026 slug registry {"projects": {"<abs path>": "<slug>"}}
        assert json.loads(reg.read_text())["projects"].get(str(proj)) == slug_dir.name
