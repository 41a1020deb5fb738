"""Issue #4 contract scenario: the mock model scripts a Bash tool call `save-session --summary ... --tags x` inside
the real Claude Code (and a shell call inside the real Codex CLI); afterwards docs/.ai/sessions.json holds exactly
that real session's id with the right agent, found by the env-var rule.
"""
from __future__ import annotations

import json

import pytest

import harness
from fake_api import FakeAPI, text, tool

SAVE_CMD = '"$AGENT_SESSIONS_BIN/save-session" --summary "contract run" --tags x > save-out.txt 2> save-err.txt'


def _registry(proj):
    return json.loads((proj / "docs" / ".ai" / "sessions.json").read_text())


@pytest.mark.claude
@pytest.mark.ours
def test_claude_records_its_own_session(tmp_path, claude_bin, agent_sessions_bin):
    script = [tool("Bash", {"command": SAVE_CMD, "description": "Save the session"}), text("saved")]
    with FakeAPI(script, log_path=tmp_path / "api-requests.jsonl") as api:
        sb = harness.Sandbox(tmp_path / "sb", api)
        proj = sb.project("app")
        r = sb.claude("Save this session.", cwd=proj)
        assert r.session_id, r.result.describe()
        out = (proj / "save-out.txt").read_text()
        err = (proj / "save-err.txt").read_text()
        assert "rule: env:CLAUDE_CODE_SESSION_ID" in out, out + err
        reg = _registry(proj)
        assert [(e["id"], e["agent"]) for e in reg["sessions"]] == [(r.session_id, "claude")]
        entry = reg["sessions"][0]
        assert entry["summary"] == "contract run" and entry["tags"] == ["x"]
        assert {"id", "agent", "summary", "created_at", "tags"} <= set(entry)


@pytest.mark.codex
@pytest.mark.ours
def test_codex_records_its_own_session(tmp_path, codex_bin, agent_sessions_bin):
    script = [tool("exec_command", {"cmd": SAVE_CMD}), text("saved")]
    with FakeAPI(script, log_path=tmp_path / "api-requests.jsonl") as api:
        sb = harness.Sandbox(tmp_path / "sb", api)
        proj = sb.project("app")
        r = sb.codex_exec("Save this session.", cwd=proj)
        assert r.thread_id, r.result.describe()
        out = (proj / "save-out.txt").read_text()
        err = (proj / "save-err.txt").read_text()
        assert "rule: env:CODEX_THREAD_ID" in out, out + err
        reg = _registry(proj)
        assert [(e["id"], e["agent"]) for e in reg["sessions"]] == [(r.thread_id, "codex")]
        assert reg["sessions"][0]["tags"] == ["x"]


@pytest.mark.claude
@pytest.mark.ours
def test_claude_session_end_hook_records_id_and_transcript(tmp_path, claude_bin, agent_sessions_bin):
    """`save-session --hook claude` as the real Claude Code's SessionEnd (and PreCompact) hook."""
    with FakeAPI([text("hello")], log_path=tmp_path / "api-requests.jsonl") as api:
        sb = harness.Sandbox(tmp_path / "sb", api)
        proj = sb.project("app")
        hook = {"type": "command", "command": f'"{agent_sessions_bin}/save-session" --hook claude', "timeout": 10}
        settings = tmp_path / "settings.json"
        settings.write_text(json.dumps({"hooks": {"SessionEnd": [{"hooks": [hook]}],
                                                  "PreCompact": [{"hooks": [hook]}]}}))
        r = sb.claude("Say hello.", cwd=proj, allowed_tools=None, args=["--settings", str(settings)])
        assert r.session_id, r.result.describe()
        reg = harness.wait_for(lambda: (proj / "docs" / ".ai" / "sessions.json").is_file() and _registry(proj),
                               timeout=10, what="the SessionEnd hook's registry entry")
        assert [(e["id"], e["agent"]) for e in reg["sessions"]] == [(r.session_id, "claude")]
        assert reg["sessions"][0]["transcript_path"] == str(sb.claude_transcript(proj, r.session_id))
