"""Issue #15 contract scenarios: sessions as the real agents write them travel whole and show up where the
agents look for them.

- codex: a session we convert (claude → codex) is listed by the real Codex's own thread listing (the state
  database its resume picker reads): `codex exec resume --last` in the project picks it. Without the row the
  listing passes over it (checked first, with a hand-written rollout).
- claude: a real session with a subagent (Agent tool) and a tool output large enough to be persisted under
  `<sid>/tool-results/` is exported natively, imported on another machine under another path, shows its
  subagent and full output in `inspect`/json export there, and is resumed by the real claude.
"""
from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest

import harness
from fake_api import text, tool


def uniq(word: str) -> str:
    return f"{word}-{uuid.uuid4().hex[:10]}"


def last_thread(sb: harness.Sandbox, proj: Path) -> str | None:
    """The thread `codex exec resume --last` picks in `proj` (it lists threads from the state database)."""
    sb.api.set_script([text("picked")])
    r = sb.codex_exec("next", cwd=proj, resume="--last", plan=False)
    return r.thread_id


@pytest.mark.codex
@pytest.mark.ours
def test_converted_session_is_listed_by_real_codex(sandbox, fake_api, codex_bin, agent_sessions_bin):
    proj = sandbox.project("app")
    # A real thread first: Codex makes its state database and indexes it.
    fake_api.set_script([text("hello")])
    first = sandbox.codex_exec("Say hi", cwd=proj, plan=False).thread_id
    assert first and list(sandbox.codex_home.glob("state_*.sqlite")), "codex made no state database"

    # A rollout alone (newer, same project) is not listed: --last still picks the real thread.
    hand = str(uuid.uuid4())
    harness.write_jsonl(harness.codex_rollout_path(sandbox.codex_home, hand),
                        harness.minimal_codex_rollout(hand, str(proj), "hand prompt", "hand answer"))
    assert last_thread(sandbox, proj) == first

    # A Claude session converted to Codex by us is: --last picks it, and the resumed request carries it.
    sid, prompt, answer = str(uuid.uuid4()), uniq("claude-prompt"), uniq("claude-answer")
    harness.write_jsonl(sandbox.claude_transcript(proj, sid),
                        harness.minimal_claude_session(sid, str(proj), prompt, answer))
    conv = sandbox.tool("export-session", "convert", "--from", "claude", "--to", "codex", "--session", sid,
                        "--json", cwd=proj)
    new = conv.json()["session_id"]
    assert "not in Codex's session list" not in conv.stderr, conv.describe()
    db = sorted(sandbox.codex_home.glob("state_*.sqlite"))[-1]
    rows = sqlite3.connect(db).execute("SELECT cwd, preview FROM threads WHERE id = ?", (new,)).fetchall()
    assert rows == [(str(proj), prompt)], rows

    n0 = len(fake_api.requests)
    assert last_thread(sandbox, proj) == new
    body = json.dumps([q["body"] for q in fake_api.main_requests("openai") if q["seq"] >= n0])
    assert prompt in body and answer in body


BIG_LINES = 20000  # `seq` output of ~110 KB: over what Claude keeps inline for Bash, so it is persisted


@pytest.mark.claude
@pytest.mark.ours
def test_claude_subagent_and_persisted_output_travel_whole(tmp_path, sandbox, fake_api, claude_bin,
                                                           agent_sessions_bin):
    proj = sandbox.project("place-a")
    sub_answer, marker = uniq("subagent-answer"), uniq("big-output")
    cmd = f"echo {marker}; seq 1 {BIG_LINES}; echo end-{marker}"
    fake_api.set_script([
        tool("Agent", {"description": "Look around", "prompt": "List the files", "subagent_type": "general-purpose",
                       "run_in_background": False}),
        text(sub_answer),  # the subagent's own turn
        tool("Bash", {"command": cmd, "description": "Print a lot"}),
        text("all done"),
    ])
    r = sandbox.claude("Survey the project", cwd=proj, allowed_tools="Agent Bash")
    assert r.output and r.output.get("result") == "all done", r.result.describe()
    sid = r.session_id
    folder = sandbox.claude_project_dir(proj) / sid
    subagents = sorted((folder / "subagents").glob("agent-*.jsonl"))
    persisted = sorted((folder / "tool-results").glob("*"))
    assert subagents and persisted, f"claude wrote no subagent / persisted output under {folder}"

    out = tmp_path / "exported"
    ex = sandbox.tool("export-session", "--agent", "claude", "--session", sid, "--format", "native",
                      "--out", str(out), "--json", cwd=proj)
    exported = Path(ex.json()["path"])

    other = harness.Sandbox(tmp_path / "machine-2", fake_api)
    proj_b = other.project("place b")
    imp = other.tool("export-session", "import", str(exported), "--agent", "claude", "--json", cwd=proj_b)
    dest = Path(imp.json()["path"])
    new_folder = dest.parent / sid
    assert sorted(p.name for p in (new_folder / "subagents").glob("agent-*.jsonl")) == [p.name for p in subagents]
    assert [p.read_bytes() for p in sorted((new_folder / "tool-results").glob("*"))] == \
        [p.read_bytes() for p in persisted]
    transcript = dest.read_text()
    assert str(folder) not in transcript and str(new_folder) in transcript

    js = other.tool("export-session", "--agent", "claude", "--session", sid, "--format", "json", "--out",
                    str(tmp_path / "json"), "--json", cwd=proj_b)
    whole = Path(js.json()["path"]).read_text()
    assert sub_answer in whole and f"end-{marker}" in whole  # the subagent and the full output, not the preview
    records = [json.loads(line) for line in whole.splitlines() if line.strip()]
    messages = [r for r in records if r.get("type") == "message"]
    # The subagent's own conversation, nested right after the result of the Agent call that started it.
    side = [i for i, m in enumerate(messages) if m.get("sidechain")]
    assert side and any(messages[i].get("text") == "List the files" for i in side), messages
    first_side = side[0]
    assert messages[first_side]["text"].startswith("Subagent "), messages[first_side]
    assert any(r.get("call_id") for r in messages[first_side - 1].get("tool_results", [])), messages[first_side - 1]

    fake_api.set_script([text("resumed")])
    n0 = len(fake_api.requests)
    res = other.claude("next", cwd=proj_b, resume=sid, allowed_tools=None)
    assert res.output and res.output.get("result") == "resumed", res.result.describe()
    body = json.dumps([q["body"] for q in fake_api.main_requests("anthropic") if q["seq"] >= n0])
    assert marker in body and "Survey the project" in body


@pytest.mark.claude
@pytest.mark.ours
def test_projects_sharing_a_claude_folder_are_told_apart(sandbox, fake_api, claude_bin, agent_sessions_bin):
    """`…/proj.a` and `…/proj-a` share one Claude project folder; run outside the agent, save-state
    --from-agent claude and export-session list in proj.a must take proj.a's session, not the newer proj-a one."""
    dotted, dashed = sandbox.project("proj.a"), sandbox.project("proj-a")
    assert sandbox.claude_project_dir(dotted) == sandbox.claude_project_dir(dashed)
    runs = {}
    for proj, subject in ((dotted, "Dotted task"), (dashed, "Dashed task")):
        fake_api.set_script([
            tool("TaskCreate", {"subject": subject, "description": "d", "activeForm": subject + "ing"}),
            text("ok"),
        ])
        r = sandbox.claude(f"Plan {subject}", cwd=proj)
        assert r.output and r.output.get("result") == "ok", r.result.describe()
        runs[proj] = r.session_id

    listed = sandbox.tool("export-session", "list", "--agent", "claude", "--json", cwd=dotted).json()
    ids = [s["id"] for s in (listed["sessions"] if isinstance(listed, dict) else listed)]
    assert ids == [runs[dotted]], listed

    sandbox.tool("save-state", "--from-agent", "claude", "--json", cwd=dotted)
    state = json.loads((dotted / ".claude" / "claude-state.json").read_text())
    assert state["pending"] == ["Dotted task"], state
    assert (state.get("source") or {}).get("session_id") == runs[dotted], state


@pytest.mark.codex
@pytest.mark.ours
def test_imported_codex_session_is_listed_and_resumed_by_real_codex(tmp_path, sandbox, fake_api, codex_bin,
                                                                     agent_sessions_bin):
    """A real 0.163 (paginated) rollout exported natively and imported on another machine where Codex already
    keeps its state database: `codex exec resume --last` there picks it and resumes it (its row says
    `history_mode` paginated: a `legacy` row makes Codex fail with `list_turns is not supported yet`)."""
    proj = sandbox.project("app")
    prompt = uniq("codex-prompt")
    fake_api.set_script([text("hello")])
    tid = sandbox.codex_exec(prompt, cwd=proj, plan=False).thread_id
    ex = sandbox.tool("export-session", "--agent", "codex", "--session", tid, "--format", "native", "--out",
                      str(tmp_path / "out"), "--json", cwd=proj)

    other = harness.Sandbox(tmp_path / "machine-2", fake_api)
    proj_b = other.project("place b")
    fake_api.set_script([text("warm")])
    other.codex_exec("warm up", cwd=proj_b, plan=False)
    imp = other.tool("export-session", "import", ex.json()["path"], "--json", cwd=proj_b)
    assert "not in Codex's session list" not in imp.stderr, imp.describe()

    n0 = len(fake_api.requests)
    assert last_thread(other, proj_b) == tid
    body = json.dumps([q["body"] for q in fake_api.main_requests("openai") if q["seq"] >= n0])
    assert prompt in body
