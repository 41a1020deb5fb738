"""Issue #6, agent side: what the `claude` shim of `resume-session` execs — `claude --session-id <uuid>` the
first time, `claude -r <uuid>` later — resumes in the real interactive TUI (tmux): the second launch's
request carries the first prompt and answer, and there is one transcript.

The scenario through the shim itself (ours) is `test_resume_session.py` (from the resume branch).
`claude -p` passes through the shim untouched by design (ResumeAgentSpec: one-shot runs are not the
project's conversation), which is why both are interactive.
"""
from __future__ import annotations

import json
import shutil
import uuid

import pytest

import harness
from fake_api import text

pytestmark = [pytest.mark.claude,
              pytest.mark.skipif(not shutil.which("tmux"), reason="tmux not installed")]

TUI_TIMEOUT = 60


def _wait_screen(tui: harness.TmuxAgent, needle: str) -> str:
    def cond():
        scr = tui.screen()
        if needle in scr:
            return scr
        st = tui.dead()
        if st is not None:
            raise AssertionError(f"the agent exited (status {st}) before showing {needle!r}:\n{scr}")
        return None
    try:
        return harness.wait_for(cond, TUI_TIMEOUT, 0.1, what=f"{needle!r} on screen")
    except AssertionError as e:
        if "on screen" in str(e) and "exited" not in str(e):
            raise AssertionError(f"{e}\n--- screen ---\n{tui.screen()}") from None
        raise


def tui_turn(tui: harness.TmuxAgent, prompt: str, answer: str) -> None:
    """Wait for the input box, send one prompt, wait for the scripted answer, /exit, wait for the end."""
    _wait_screen(tui, "auto mode")
    tui.type_line(prompt)
    _wait_screen(tui, answer)
    tui.type_line("/exit")
    exited = lambda: (lambda st: st is not None and [st])(tui.dead())  # noqa: E731
    try:
        st = harness.wait_for(exited, 30, 0.1, what="agent TUI to exit")[0]
    except AssertionError as e:
        raw = harness.run([*tui._tm, "display-message", "-p", "-t", tui.name,
                           "#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}|#{pane_pid}"],
                          cwd=tui.cwd, env=tui.env, timeout=10).stdout
        raise AssertionError(f"{e}; tmux: {raw.strip()}\n--- screen ---\n{tui.screen()}") from None
    assert st in (0, -1), f"claude exited with {st}:\n{tui.screen()}"  # -1: ended, status unknown


def check_second_launch_resumed(sandbox, fake_api, proj, first: tuple[str, str], second_prompt: str) -> str:
    files = list(sandbox.claude_project_dir(proj).glob("*.jsonl"))
    assert len(files) == 1, f"the second launch started a new session instead of resuming: {files}"
    mains = fake_api.main_requests("anthropic")
    assert len(mains) == 2, [m["body"] for m in fake_api.requests]
    msgs = json.dumps(mains[-1]["body"]["messages"], ensure_ascii=False)
    missing = [s for s in (*first, second_prompt) if s not in msgs]
    assert not missing, f"the second launch's request lacks {missing} (not resumed)"
    assert harness.claude_counts(files[0])["user"] == 2
    return files[0].stem


def test_interactive_session_id_then_r_resumes(sandbox, fake_api, claude_bin):
    proj = sandbox.project("app")
    sid = str(uuid.uuid4())
    p1, a1, p2, a2 = (f"{w}-{uuid.uuid4().hex[:8]}" for w in ("first-prompt", "first-answer", "second-prompt",
                                                               "second-answer"))
    fake_api.set_script([text(a1), text(a2)])
    with sandbox.claude_tui(cwd=proj, args=["--session-id", sid], remain_on_exit=True) as tui:
        tui_turn(tui, p1, a1)
    with sandbox.claude_tui(cwd=proj, args=["-r", sid], remain_on_exit=True) as tui:
        tui_turn(tui, p2, a2)
    assert check_second_launch_resumed(sandbox, fake_api, proj, (p1, a1), p2) == sid
