"""Interactive Claude (TUI in tmux) with non-essential traffic ON: the session-title side request
must be answered without consuming the script (fake_api.classify), and the title lands in the
transcript as an `ai-title` record. Also the base for later SessionEnd-hook scenarios."""
from __future__ import annotations

import shutil

import pytest

import harness
from fake_api import text

pytestmark = [pytest.mark.claude,
              pytest.mark.skipif(not shutil.which("tmux"), reason="tmux not installed")]


def test_tui_title_side_request_does_not_consume_script(sandbox, fake_api, claude_bin):
    proj = sandbox.project("app")
    fake_api.set_script([text("hello from the script")])
    env = {"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": ""}  # empty = off: let side requests happen
    with sandbox.claude_tui(cwd=proj, env=env) as tui:
        tui.wait_screen("auto mode", timeout=60)
        tui.type_line("Please say hello")
        tui.wait_screen("hello from the script", timeout=60)
        harness.wait_for(lambda: fake_api.side_requests(), 20, what="title side request")
        tui.type_line("/exit")
        tui.wait_exit(30)
    assert fake_api.consumed == 1 and len(fake_api.main_requests()) == 1
    side = fake_api.side_requests()
    fmt = side[0]["body"]["output_config"]["format"]
    assert fmt["type"] == "json_schema" and "title" in fmt["schema"]["properties"]
    assert not side[0]["body"].get("tools")
    files = list(sandbox.claude_project_dir(proj).glob("*.jsonl"))
    assert len(files) == 1
    recs = harness.read_jsonl(files[0])
    assert any(r.get("type") == "ai-title" and r.get("aiTitle") == "Fake title" for r in recs)
    assert harness.claude_counts(files[0])["user"] == 1
