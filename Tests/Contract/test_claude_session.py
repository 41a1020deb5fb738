"""Scenario (a): the real Claude Code writes a session in a temp git project; a scripted Bash tool
call runs our `export-session current`, task-list tools write the tasks dir; then our
`export-session inspect` must agree with the transcript.

The scenario runs once per module (fixture `claude_session`); each test asserts one aspect.
"""
from __future__ import annotations

import json
import os
import time
from types import SimpleNamespace

import pytest

import harness
from fake_api import FakeAPI, text, tool, tools

pytestmark = pytest.mark.claude

DETECT_CMD = '"$AGENT_SESSIONS_BIN/export-session" current --json > detected.json'
TASKS = [
    {"subject": "Write the parser", "description": "Parse JSONL records", "activeForm": "Writing the parser"},
    {"subject": "Test the parser", "description": "Cover old and new shapes", "activeForm": "Testing the parser"},
]
FINAL_STATUS = ["completed", "pending"]


def script():
    return [
        # text + tool_use in ONE API message: the CLI stores it as two lines with the same message.id
        tools(("Bash", {"command": "env | sort > agent-env.txt", "description": "Record the environment"}),
              text="Let me look around first."),
        tool("Bash", {"command": DETECT_CMD, "description": "Detect the current session"}),
        tool("TaskCreate", TASKS[0]),
        tool("TaskCreate", TASKS[1]),
        tool("TaskUpdate", {"taskId": "1", "status": "completed"}),
        text("done"),
    ]


@pytest.fixture(scope="module")
def claude_session(tmp_path_factory, claude_bin):
    tmp = tmp_path_factory.mktemp("claude-a")
    with FakeAPI(script(), log_path=tmp / "api-requests.jsonl") as api:
        sb = harness.Sandbox(tmp / "sb", api)
        proj = sb.project("app")
        t0 = time.monotonic()
        r = sb.claude("Set up the parser work.", cwd=proj)
        took = time.monotonic() - t0
        yield SimpleNamespace(api=api, sb=sb, proj=proj, run=r, sid=r.session_id, took=took,
                              transcript=sb.claude_transcript(proj, r.session_id))


def test_run_succeeded_and_consumed_script(claude_session):
    s = claude_session
    out = s.run.output
    assert out and out.get("type") == "result" and out.get("subtype") == "success", s.run.result.describe()
    assert out["session_id"] == s.sid
    assert out["result"] == "done"
    assert s.api.remaining == 0, f"script not fully consumed: {s.api.consumed}/{len(s.api.script)}"
    assert len(s.api.main_requests("anthropic")) == len(s.api.script)


def test_transcript_lands_in_encoded_project_dir(claude_session):
    s = claude_session
    enc = harness.encode_claude_project(os.path.realpath(s.proj))
    assert s.transcript == s.sb.claude_config / "projects" / enc / f"{s.sid}.jsonl"
    assert s.transcript.is_file(), f"no transcript at {s.transcript}; projects: " + \
        str(list((s.sb.claude_config / "projects").glob("*/*")))
    recs = harness.read_jsonl(s.transcript)
    msgs = [r for r in recs if r.get("type") in ("user", "assistant")]
    assert msgs and all(r.get("sessionId") == s.sid for r in msgs)
    assert all(r.get("cwd") == str(s.proj) for r in msgs)
    assert all(r.get("version") == harness.CLAUDE_VERSION for r in msgs)
    assert {r.get("gitBranch") for r in msgs} == {"main"}


def test_transcript_counts(claude_session):
    c = harness.claude_counts(claude_session.transcript)
    assert c["user"] == 1
    assert c["assistant"] == 6
    assert c["tool_names"] == ["Bash", "Bash", "TaskCreate", "TaskCreate", "TaskUpdate"]
    # the first API message (text + tool_use) is split over two lines sharing message.id
    recs = harness.read_jsonl(claude_session.transcript)
    ids = [r["message"]["id"] for r in recs if r.get("type") == "assistant"]
    assert len(ids) == 7 and len(set(ids)) == 6


def test_bash_tool_env(claude_session):
    s = claude_session
    env = dict(line.split("=", 1) for line in (s.proj / "agent-env.txt").read_text().splitlines() if "=" in line)
    assert env.get("CLAUDE_CODE_SESSION_ID") == s.sid
    assert env.get("CLAUDECODE") == "1"
    assert env.get("CLAUDE_CONFIG_DIR") == str(s.sb.claude_config)
    assert env.get("AI_AGENT", "").startswith("claude-code_")
    assert "CLAUDE_SESSION_ID" not in env
    assert "CODEX_THREAD_ID" not in env


def test_task_files(claude_session):
    s = claude_session
    d = s.sb.claude_config / "tasks" / s.sid
    assert d.is_dir(), f"no tasks dir {d}; tasks/: {list((s.sb.claude_config / 'tasks').glob('*'))}"
    assert sorted(p.name for p in d.iterdir() if not p.name.startswith(".")) == ["1.json", "2.json"]
    tasks = s.sb.claude_tasks(s.sid)
    assert [t["subject"] for t in tasks] == [t["subject"] for t in TASKS]
    assert [t["status"] for t in tasks] == FINAL_STATUS
    assert tasks[0] == {"id": "1", **TASKS[0], "status": "completed", "blocks": [], "blockedBy": []}


@pytest.mark.ours
def test_export_session_current_inside_claude(claude_session, agent_sessions_bin):
    s = claude_session
    f = s.proj / "detected.json"
    assert f.is_file() and f.stat().st_size, "export-session current wrote nothing (see the tool_result in " \
        f"{s.transcript})"
    d = json.loads(f.read_text())
    assert d["agent"] == "claude"
    assert d["session_id"] == s.sid
    assert d["rule"] == "env:CLAUDE_CODE_SESSION_ID"
    assert os.path.realpath(d["transcript_path"]) == os.path.realpath(s.transcript)


@pytest.mark.ours
def test_export_session_inspect_claude(claude_session, agent_sessions_bin):
    s = claude_session
    r = s.sb.tool("export-session", "inspect", "--agent", "claude", "--session", s.sid, "--json", cwd=s.proj)
    d = r.json()
    c = harness.claude_counts(s.transcript)
    assert d["agent"] == "claude", r.describe()
    assert d["id"] == s.sid
    assert d["messages"] == {"user": c["user"], "assistant": c["assistant"]} or \
        (d["messages"]["user"], d["messages"]["assistant"]) == (c["user"], c["assistant"]), r.describe()
    assert d["tool_calls"] == c["tool_calls"]
    assert [t["title"] for t in d["tasks"]] == [t["subject"] for t in TASKS]
    assert [t["status"] for t in d["tasks"]] == FINAL_STATUS
