"""Scenario (b): the real Codex CLI (`codex exec`) writes a rollout in a temp git project; a
scripted `exec_command` call runs our `export-session current`, `update_plan` records a plan;
then our `export-session inspect` must agree with the rollout.
"""
from __future__ import annotations

import json
import os
import re
import time
from types import SimpleNamespace

import pytest

import harness
from fake_api import FakeAPI, text, tool

pytestmark = pytest.mark.codex

SHELL_TOOL = "exec_command"  # what codex 0.163.0 offers (not `shell`); arguments {"cmd": ...}
DETECT_CMD = '"$AGENT_SESSIONS_BIN/export-session" current --json > detected.json'
PLAN_1 = [{"step": "Write the parser", "status": "in_progress"}, {"step": "Test the parser", "status": "pending"}]
PLAN_2 = [{"step": "Write the parser", "status": "completed"}, {"step": "Test the parser", "status": "in_progress"}]


def script():
    return [
        tool(SHELL_TOOL, {"cmd": "env | sort > agent-env.txt"}),
        tool(SHELL_TOOL, {"cmd": DETECT_CMD}),
        tool("update_plan", {"explanation": "Start", "plan": PLAN_1}),
        tool("update_plan", {"explanation": "Parser written", "plan": PLAN_2}),
        text("done"),
    ]


@pytest.fixture(scope="module")
def codex_session(tmp_path_factory, codex_bin):
    tmp = tmp_path_factory.mktemp("codex-b")
    with FakeAPI(script(), log_path=tmp / "api-requests.jsonl") as api:
        sb = harness.Sandbox(tmp / "sb", api)
        proj = sb.project("app")
        t0 = time.monotonic()
        r = sb.codex_exec("Set up the parser work.", cwd=proj)
        took = time.monotonic() - t0
        yield SimpleNamespace(api=api, sb=sb, proj=proj, run=r, tid=r.thread_id, took=took,
                              rollout=sb.codex_rollout(r.thread_id) if r.thread_id else None)


def test_run_succeeded_and_consumed_script(codex_session):
    s = codex_session
    assert s.tid, s.run.result.describe()
    types = [e.get("type") for e in s.run.events]
    assert types[0] == "thread.started" and "turn.completed" in types, s.run.result.describe()
    msgs = [e["item"]["text"] for e in s.run.events
            if e.get("type") == "item.completed" and e["item"].get("type") == "agent_message"]
    assert msgs == ["done"]
    assert s.api.remaining == 0
    offered = {t.get("name") for t in s.api.main_requests("openai")[0]["body"]["tools"]}
    assert {SHELL_TOOL, "update_plan"} <= offered


def test_rollout_location_and_meta(codex_session):
    s = codex_session
    rel = s.rollout.relative_to(s.sb.codex_home)
    assert re.fullmatch(r"sessions/\d{4}/\d{2}/\d{2}/rollout-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-"
                        + re.escape(s.tid) + r"\.jsonl", str(rel)), rel
    recs = harness.read_jsonl(s.rollout)
    meta = recs[0]
    assert meta["type"] == "session_meta"
    p = meta["payload"]
    assert p["id"] == s.tid
    assert p["cwd"] == os.path.realpath(s.proj)
    assert p["cli_version"] == harness.CODEX_VERSION
    assert p["originator"] == "codex_exec" and p["source"] == "exec"
    assert p.get("history_mode") == "paginated"
    assert [r.get("ordinal") for r in recs] == list(range(len(recs)))
    # the date folders are the rollout file's local-time stamp
    y, m, d = rel.parts[1:4]
    assert rel.name.startswith(f"rollout-{y}-{m}-{d}T")


def test_rollout_counts_and_plan(codex_session):
    c = harness.codex_counts(codex_session.rollout)
    assert c["user"] == 1
    assert c["assistant"] == 1
    assert c["tool_names"] == [SHELL_TOOL, SHELL_TOOL, "update_plan", "update_plan"]
    assert c["plan"] == PLAN_2
    todo = [e["item"] for e in codex_session.run.events if e.get("type") == "item.completed"
            and e["item"].get("type") == "todo_list"]
    assert todo and todo[-1]["items"] == [{"text": "Write the parser", "completed": True},
                                          {"text": "Test the parser", "completed": False}]


def test_shell_env(codex_session):
    s = codex_session
    env = dict(line.split("=", 1) for line in (s.proj / "agent-env.txt").read_text().splitlines() if "=" in line)
    assert env.get("CODEX_THREAD_ID") == s.tid
    assert env.get("CODEX_SESSION_ID") == s.tid
    assert env.get("CODEX_HOME") == str(s.sb.codex_home)
    assert env.get("CODEX_VERSION") == harness.CODEX_VERSION
    assert "CLAUDE_CODE_SESSION_ID" not in env and "CLAUDECODE" not in env


@pytest.mark.ours
def test_export_session_current_inside_codex(codex_session, agent_sessions_bin):
    s = codex_session
    f = s.proj / "detected.json"
    assert f.is_file() and f.stat().st_size, f"export-session current wrote nothing; see {s.rollout}"
    d = json.loads(f.read_text())
    assert d["agent"] == "codex"
    assert d["session_id"] == s.tid
    assert d["rule"] == "env:CODEX_THREAD_ID"
    assert os.path.realpath(d["transcript_path"]) == os.path.realpath(s.rollout)


@pytest.mark.ours
def test_export_session_inspect_codex(codex_session, agent_sessions_bin):
    s = codex_session
    r = s.sb.tool("export-session", "inspect", "--agent", "codex", "--session", s.tid, "--json", cwd=s.proj)
    d = r.json()
    c = harness.codex_counts(s.rollout)
    assert d["agent"] == "codex", r.describe()
    assert d["id"] == s.tid
    assert (d["messages"]["user"], d["messages"]["assistant"]) == (c["user"], c["assistant"]), r.describe()
    assert d["tool_calls"] == c["tool_calls"]
    assert [{"title": t["title"], "status": t["status"]} for t in d["tasks"]] == \
        [{"title": p["step"], "status": p["status"]} for p in PLAN_2]


def test_symlinked_cwd_meta_is_physical(sandbox, fake_api, codex_bin):
    """Started through a symlink (cwd and PWD = the link): session_meta.cwd holds the physical path."""
    proj = sandbox.project("real target")
    link = sandbox.root / "link-to-proj"
    link.symlink_to(proj)
    fake_api.set_script([text("ok")])
    r = sandbox.codex_exec("hello", cwd=link, plan=False, env={"PWD": str(link)})
    meta = harness.read_jsonl(sandbox.codex_rollout(r.thread_id))[0]["payload"]
    assert meta["cwd"] == str(proj)
