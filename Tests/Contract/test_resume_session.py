"""resume-session through its shim with the REAL Claude Code TUI: the second launch of plain `claude` in the same
project resumes the first session, so the fake API sees the first prompt again (issue #6)."""
from __future__ import annotations

import json
import os
import shutil
import uuid

import pytest

import harness
from fake_api import text

pytestmark = [pytest.mark.claude, pytest.mark.ours,
              pytest.mark.skipif(not shutil.which("tmux"), reason="tmux not installed")]


def test_claude_second_launch_through_the_shim_resumes(sandbox, fake_api, claude_bin, agent_sessions_bin):
    harness.our_tool("resume-session", "setup")  # skips with the reason when this build has no shims
    proj = sandbox.project("app")
    # The real claude under its own name in a folder of its own, like an installed agent.
    agents = sandbox.root / "agents"
    agents.mkdir()
    (agents / "claude").symlink_to(claude_bin)
    as_home = sandbox.root / "agent-sessions-home"
    shims = as_home / "shims"
    path = f"{shims}:{agents}:{os.environ.get('PATH', '/usr/bin:/bin')}"
    env = {"PATH": path, "AGENT_SESSIONS_HOME": str(as_home)}
    setup = sandbox.tool("resume-session", "setup", "claude", "--json", cwd=proj, env=env)
    assert json.loads(setup.stdout)["shims"][0]["action"] == "created", setup.describe()
    sandbox.write_claude_json(trusted=[proj])

    marker = f"first prompt {uuid.uuid4().hex}"
    fake_api.set_script([text("first answer"), text("second answer")])
    # `claude` by name, through a shell: PATH finds the shim first.
    with harness.TmuxAgent(["/bin/sh", "-c", "exec claude"], cwd=proj, env=sandbox.env(env)) as tui:
        tui.wait_screen("auto mode", timeout=60)
        # A long line typed at once reads as a paste: wait until it shows, then press Enter.
        tui.send("-l", marker)
        tui.wait_screen(marker, timeout=10)
        tui.send("Enter")
        tui.wait_screen("first answer", timeout=60)
        tui.type_line("/exit")
        tui.wait_exit(30)
    state = json.loads((proj / ".ai" / "resume" / "claude.json").read_text())
    sid = state["session_id"]
    assert sandbox.claude_transcript(proj, sid).is_file(), "the first launch did not use the recorded id"

    with harness.TmuxAgent(["/bin/sh", "-c", "exec claude"], cwd=proj, env=sandbox.env(env)) as tui:
        tui.wait_screen("auto mode", timeout=60)
        tui.type_line("next")
        tui.wait_screen("second answer", timeout=60)
        tui.type_line("/exit")
        tui.wait_exit(30)

    mains = fake_api.main_requests("anthropic")
    assert len(mains) == 2
    body = json.dumps(mains[1]["body"]["messages"], ensure_ascii=False)
    assert marker in body and "first answer" in body and "next" in body
    # Both launches wrote into the one recorded session.
    assert [p.name for p in sandbox.claude_project_dir(proj).glob("*.jsonl")] == [f"{sid}.jsonl"]
    assert harness.claude_counts(sandbox.claude_transcript(proj, sid))["user"] == 2
