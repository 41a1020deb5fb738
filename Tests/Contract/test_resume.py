"""Resume of hand-written stores (no binaries of ours needed): proves the harness can check that a
session file WE wrote is loaded by the real agent — the stored history must show up in the
request body the agent sends to the fake API.

Later scenarios (resuming files written by save-session / load-state) follow the same pattern:
write the store, resume with the real CLI, assert on fake_api requests + the appended records.
"""
from __future__ import annotations

import json
import os
import uuid

import pytest

import harness
from fake_api import text


@pytest.mark.claude
def test_claude_resumes_hand_written_jsonl(sandbox, fake_api, claude_bin):
    proj = sandbox.project("app")
    sid = str(uuid.uuid4())
    marker = f"hand-written prompt {uuid.uuid4().hex}"
    answer = f"hand-written answer {uuid.uuid4().hex}"
    path = sandbox.claude_transcript(proj, sid)
    harness.write_jsonl(path, harness.minimal_claude_session(sid, str(proj), marker, answer))
    before = len(harness.read_jsonl(path))

    fake_api.set_script([text("resumed ok")])
    r = sandbox.claude("next", cwd=proj, resume=sid, allowed_tools=None)

    assert r.output["session_id"] == sid and r.output["result"] == "resumed ok", r.result.describe()
    mains = fake_api.main_requests("anthropic")
    assert len(mains) == 1
    body = json.dumps(mains[0]["body"]["messages"], ensure_ascii=False)
    assert marker in body and answer in body and "next" in body
    # the CLI appends to the ORIGINAL file (no new file in the project dir)
    recs = harness.read_jsonl(path)
    assert len(recs) > before
    assert [p.name for p in path.parent.glob("*.jsonl")] == [path.name]
    assert harness.claude_counts(path)["user"] == 2


@pytest.mark.claude
def test_claude_resume_unknown_id_fails_fast(sandbox, fake_api, claude_bin):
    proj = sandbox.project("app")
    sid = str(uuid.uuid4())
    r = sandbox.claude("next", cwd=proj, resume=sid, allowed_tools=None, ok=(1,))
    assert f"No conversation found with session ID: {sid}" in r.result.stderr + r.result.stdout
    assert not fake_api.main_requests()


@pytest.mark.codex
def test_codex_resumes_hand_written_legacy_rollout(sandbox, fake_api, codex_bin):
    proj = sandbox.project("app")
    tid = str(uuid.uuid4())
    marker = f"hand-written prompt {uuid.uuid4().hex}"
    answer = f"hand-written answer {uuid.uuid4().hex}"
    path = harness.codex_rollout_path(sandbox.codex_home, tid)
    harness.write_jsonl(path, harness.minimal_codex_rollout(tid, str(proj), marker, answer))
    before = len(harness.read_jsonl(path))

    fake_api.set_script([text("resumed ok")])
    r = sandbox.codex_exec("next", cwd=proj, resume=tid, plan=False)

    assert r.thread_id == tid, r.result.describe()
    msgs = [e["item"]["text"] for e in r.events
            if e.get("type") == "item.completed" and e["item"].get("type") == "agent_message"]
    assert msgs == ["resumed ok"], r.result.describe()
    mains = fake_api.main_requests("openai")
    assert len(mains) == 1
    body = json.dumps(mains[0]["body"]["input"], ensure_ascii=False)
    assert marker in body and answer in body and "next" in body
    recs = harness.read_jsonl(path)
    assert len(recs) > before, "resume did not append to the hand-written rollout"
    assert sandbox.codex_rollouts() == [path]
    assert harness.codex_counts(path)["user"] == 2


@pytest.mark.codex
def test_codex_resume_unknown_id_fails_fast(sandbox, fake_api, codex_bin):
    proj = sandbox.project("app")
    tid = str(uuid.uuid4())
    r = sandbox.codex_exec("next", cwd=proj, resume=tid, plan=False, ok=(1,), timeout=30)
    assert f"no rollout found for thread id {tid}" in r.result.stderr, r.result.describe()
    assert not fake_api.main_requests()
