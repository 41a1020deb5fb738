"""Issue #7 contract scenarios: hooks, the skill flow and the plugin manifest, on the real agents.

Agent side (no binaries of ours): a SessionStart hook's stdout reaches the model's context — Claude
from `CLAUDE_CONFIG_DIR/settings.json`, Codex from `CODEX_HOME/hooks.json` (only with
`--dangerously-bypass-hook-trust`); `claude plugin validate --strict` judges a hand-made plugin.

Ours (skip with the reason when AGENT_SESSIONS_BIN or the subcommand/flag is missing):
- `setup-agents install --hooks --agent claude|codex` into the sandbox + `save-state --pending NAME`
  earlier → the real agent's first request carries our load-state brief (NAME, once per hook output);
- the skill flow: TaskCreate/TaskUpdate, then a Bash call `save-state --from-agent claude --json` →
  `.claude/claude-state.json` holds those tasks;
- `claude plugin validate --strict` accepts the repo's `.claude-plugin/plugin.json` + `marketplace.json`.
"""
from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest

import harness
from fake_api import text, tool

CODEX_BYPASS = "--dangerously-bypass-hook-trust"


def _messages_text(req: dict) -> str:
    body = req["body"] or {}
    return json.dumps(body.get("messages", body.get("input")), ensure_ascii=False)


# --------------------------------------------------------------------------- agent side
@pytest.mark.claude
def test_claude_sessionstart_hook_output_reaches_request(sandbox, fake_api, claude_bin):
    """User settings in CLAUDE_CONFIG_DIR: plain stdout and hookSpecificOutput.additionalContext both land
    in a role:system message of the first request; the payload names the session; on --resume the hook
    fires again with source "resume"."""
    proj = sandbox.project("app")
    plain, structured = f"PLAIN-{uuid.uuid4().hex}", f"JSON-{uuid.uuid4().hex}"
    payloads = sandbox.root / "payloads.jsonl"
    out = json.dumps({"hookSpecificOutput": {"hookEventName": "SessionStart", "additionalContext": structured}})
    settings = harness.claude_hook_settings(
        "SessionStart",
        f"cat >> '{payloads}'; echo >> '{payloads}'; echo {plain}",
        f"printf '%s' '{out}'")
    (sandbox.claude_config / "settings.json").write_text(json.dumps(settings))

    fake_api.set_script([text("first"), text("second")])
    r = sandbox.claude("hello", cwd=proj, allowed_tools=None)
    first = fake_api.main_requests("anthropic")[0]
    msgs = first["body"]["messages"]
    system_text = json.dumps([m for m in msgs if m.get("role") == "system"], ensure_ascii=False)
    assert f"SessionStart:startup hook success: {plain}" in system_text, r.result.describe()
    assert f"SessionStart hook additional context: {structured}" in system_text
    assert _messages_text(first).count(plain) == 1 and _messages_text(first).count(structured) == 1

    p = harness.read_jsonl(payloads)
    assert len(p) == 1
    assert p[0]["hook_event_name"] == "SessionStart" and p[0]["source"] == "startup"
    assert p[0]["session_id"] == r.session_id and p[0]["cwd"] == str(proj)
    assert os.path.realpath(p[0]["transcript_path"]) == os.path.realpath(sandbox.claude_transcript(proj, r.session_id))

    r2 = sandbox.claude("again", cwd=proj, resume=r.session_id, allowed_tools=None)
    p = harness.read_jsonl(payloads)
    assert [x["source"] for x in p] == ["startup", "resume"], p
    assert p[1]["session_id"] == r.session_id
    second = fake_api.main_requests("anthropic")[1]
    assert plain in _messages_text(second), r2.result.describe()


@pytest.mark.codex
def test_codex_sessionstart_hook_needs_trust_bypass(sandbox, fake_api, codex_bin):
    """CODEX_HOME/hooks.json: an untrusted hook is skipped silently; with --dangerously-bypass-hook-trust
    its stdout becomes a `developer` message of the request and its payload names the thread."""
    proj = sandbox.project("app")
    marker = f"CODEX-HOOK-{uuid.uuid4().hex}"
    payload = sandbox.root / "codex-payload.json"
    sandbox.write_codex_hooks(harness.claude_hook_settings("SessionStart", f"cat > '{payload}'; echo {marker}"))
    fake_api.set_script([text("untrusted"), text("bypassed")])

    sandbox.codex_exec("hello", cwd=proj, plan=False)
    assert marker not in fake_api.request_text(), "an untrusted Codex hook ran"
    assert not payload.exists()

    r = sandbox.codex_exec("hello", cwd=proj, plan=False, args=[CODEX_BYPASS])
    req = fake_api.main_requests("openai")[-1]
    dev = [m for m in req["body"]["input"] if m.get("type") == "message" and m.get("role") == "developer"]
    assert any(marker in json.dumps(m) for m in dev), r.result.describe()
    p = json.loads(payload.read_text())
    assert p["hook_event_name"] == "SessionStart" and p["source"] == "startup"
    assert p["session_id"] == r.thread_id and p["cwd"] == str(proj)
    assert os.path.realpath(p["transcript_path"]) == os.path.realpath(sandbox.codex_rollout(r.thread_id))


def _plugin_validate(sandbox, target, *flags: str) -> tuple[harness.Result, dict]:
    r = harness.run([str(harness.claude_bin()), "plugin", "validate", *flags, "--json", str(target)],
                    cwd=sandbox.root, env=sandbox.env(), timeout=60)
    return r, r.json()


def _all_findings(report: dict, key: str) -> list:
    return [(x.get("path"), x.get("message")) for part in [report.get("manifest") or {}] + (report.get("contents") or [])
            for x in part.get(key) or []]


@pytest.mark.claude
def test_claude_plugin_validate_strict_on_hand_made_plugin(sandbox, fake_api, claude_bin):
    """The validator is effective: a complete minimal plugin + marketplace passes --strict (exit 0) and
    lists its skill; an unknown plugin.json field is a warning, which --strict turns into exit 1."""
    d = sandbox.root / "plugin"
    (d / ".claude-plugin").mkdir(parents=True)
    (d / "skills" / "save-state").mkdir(parents=True)
    (d / "skills" / "save-state" / "SKILL.md").write_text(
        "---\nname: save-state\ndescription: Save the task list. Use before ending a long session.\n---\n"
        "Run `save-state`.\n")
    plugin = {"name": "agent-sessions", "version": "0.1.0", "description": "Save and load sessions",
              "author": {"name": "t"}}
    (d / ".claude-plugin" / "plugin.json").write_text(json.dumps(plugin))
    (d / ".claude-plugin" / "marketplace.json").write_text(json.dumps(
        {"name": "agent-sessions", "description": "Sessions", "owner": {"name": "t"},
         "plugins": [{"name": "agent-sessions", "source": "./", "description": "x", "version": "0.1.0"}]}))

    r, rep = _plugin_validate(sandbox, d, "--strict")
    assert r.returncode == 0 and rep["success"] is True, r.describe()
    assert rep["manifest"]["type"] == "marketplace"  # a folder with both manifests validates the marketplace
    assert "agent-sessions:save-state" in rep["provides"]["skills"]
    r, rep = _plugin_validate(sandbox, d / ".claude-plugin" / "plugin.json", "--strict")
    assert r.returncode == 0 and rep["success"] is True and rep["manifest"]["type"] == "plugin", r.describe()

    (d / ".claude-plugin" / "plugin.json").write_text(json.dumps(dict(plugin, bogus=1)))
    r, rep = _plugin_validate(sandbox, d)
    assert r.returncode == 0 and rep["success"] is True, r.describe()  # a warning only
    r, rep = _plugin_validate(sandbox, d, "--strict")
    assert r.returncode == 1 and rep["success"] is False, r.describe()
    assert any("bogus" in (path or "") for path, _ in _all_findings(rep, "warnings")), rep


# --------------------------------------------------------------------------- ours
def _install_source() -> str:
    """Skips unless setup-agents install --hooks, load-state --hook, save-state --pending and a source
    folder with skills/ are there; returns that folder."""
    harness.our_tool("setup-agents", "install", flags=["--hooks", "--agent", "--source"])
    harness.our_tool("load-state", flags=["--hook"])
    harness.our_tool("save-state", flags=["--pending"])
    source = os.environ.get("AGENT_SESSIONS_SHARE") or str(harness.REPO)
    if not (Path(source) / "skills").is_dir():
        pytest.skip(f"no skills/ in {source} to install from")
    return source


def _install_hooks(sandbox, proj, agent: str) -> harness.Result:
    """`setup-agents install --hooks --agent AGENT --source <checkout>` into the sandbox (HOME,
    CLAUDE_CONFIG_DIR, CODEX_HOME); the skills/commands come from this checkout (or AGENT_SESSIONS_SHARE)."""
    source = _install_source()
    return sandbox.tool("setup-agents", "install", "--hooks", "--agent", agent, "--source", source, cwd=proj)


def _save_pending(sandbox, proj, name: str) -> None:
    harness.our_tool("save-state", flags=["--pending"])
    sandbox.tool("save-state", "--pending", name, cwd=proj)
    state = json.loads((proj / ".claude" / "claude-state.json").read_text())
    assert state["pending"] == [name]


def _hook_output(sandbox, proj, agent: str, session_id: str) -> str:
    """What `load-state --hook AGENT` prints for this project (the test's own reference)."""
    payload = json.dumps({"session_id": session_id, "cwd": str(proj), "hook_event_name": "SessionStart",
                          "source": "startup"})
    return harness.run([str(harness.agent_sessions_bin() / "load-state"), "--hook", agent], cwd=proj,
                       env=sandbox.env(), timeout=10, input=payload).check().stdout


@pytest.mark.ours
@pytest.mark.claude
def test_setup_agents_hooks_claude_injects_load_state_brief(sandbox, fake_api, claude_bin):
    _install_source()
    proj = sandbox.project("app")
    name = f"Name of a pending task {uuid.uuid4().hex[:8]}"
    _save_pending(sandbox, proj, name)
    # a user's own SessionStart hook is already there: the install merges, it must keep working
    foreign = f"FOREIGN-{uuid.uuid4().hex}"
    settings = sandbox.claude_config / "settings.json"
    settings.write_text(json.dumps(dict(harness.claude_hook_settings("SessionStart", f"echo {foreign}"),
                                        theme="dark")))

    r = _install_hooks(sandbox, proj, "claude")
    merged = json.loads(settings.read_text())
    assert "SessionStart" in merged.get("hooks", {}) and merged.get("theme") == "dark", settings.read_text()

    fake_api.set_script([text("ok")])
    c = sandbox.claude("hello", cwd=proj, allowed_tools=None)
    first = fake_api.main_requests("anthropic")[0]
    got = _messages_text(first)
    assert name in got, f"load-state brief not in the request; settings: {settings.read_text()}\n" + c.result.describe()
    assert foreign in got, f"the user's own SessionStart hook no longer runs; settings: {settings.read_text()}"
    expected = _hook_output(sandbox, proj, "claude", c.session_id)
    assert name in expected
    assert got.count(name) == json.dumps(expected, ensure_ascii=False).count(name), \
        "the brief reached the model a different number of times than load-state prints it (injected twice?)"


@pytest.mark.ours
@pytest.mark.codex
def test_setup_agents_hooks_codex_injects_load_state_brief(sandbox, fake_api, codex_bin):
    _install_source()
    proj = sandbox.project("app")
    name = f"Name of a pending task {uuid.uuid4().hex[:8]}"
    _save_pending(sandbox, proj, name)
    foreign = f"FOREIGN-{uuid.uuid4().hex}"  # a user's own hook: the install merges, it must keep working
    sandbox.write_codex_hooks(harness.claude_hook_settings("SessionStart", f"echo {foreign}"))

    r = _install_hooks(sandbox, proj, "codex")
    written = [p for p in (sandbox.codex_home / "hooks.json", sandbox.codex_home / "config.toml")
               if p.is_file() and "load-state" in p.read_text()]
    assert written, f"setup-agents put no load-state hook into {sandbox.codex_home}:\n{r.describe()}"

    fake_api.set_script([text("ok")])
    c = sandbox.codex_exec("hello", cwd=proj, plan=False, args=[CODEX_BYPASS])
    req = fake_api.main_requests("openai")[0]
    dev = json.dumps([m for m in req["body"]["input"] if m.get("role") == "developer"], ensure_ascii=False)
    assert name in dev, f"load-state brief not in a developer message; hooks: {written[0].read_text()}\n" + \
        c.result.describe()
    assert foreign in dev, f"the user's own Codex hook no longer runs; hooks: {written[0].read_text()}"


TASKS = [
    {"subject": "Write the parser", "description": "Parse JSONL records", "activeForm": "Writing the parser"},
    {"subject": "Test the parser", "description": "Cover old and new shapes", "activeForm": "Testing the parser"},
]


@pytest.mark.ours
@pytest.mark.claude
def test_skill_flow_save_state_from_agent_claude(sandbox, fake_api, claude_bin):
    harness.our_tool("save-state", flags=["--from-agent"])
    proj = sandbox.project("app")
    out = sandbox.root / "save-state-out.txt"
    cmd = f'"$AGENT_SESSIONS_BIN/save-state" --from-agent claude --json > {out} 2>&1; echo "exit=$?" >> {out}'
    fake_api.set_script([
        tool("TaskCreate", TASKS[0]),
        tool("TaskCreate", TASKS[1]),
        tool("TaskUpdate", {"taskId": "1", "status": "completed"}),
        tool("Bash", {"command": cmd, "description": "Save the session state"}),
        text("saved"),
    ])
    r = sandbox.claude("Plan the parser work, then save the state.", cwd=proj)
    assert r.output["result"] == "saved" and fake_api.remaining == 0, r.result.describe()
    said = out.read_text() if out.exists() else "(no output file: the Bash call did not run)"
    ran_ok = said.rstrip().endswith("exit=0")
    assert ran_ok, f"save-state --from-agent claude failed inside claude:\n{said}"
    state = json.loads((proj / ".claude" / "claude-state.json").read_text())
    assert state["completed"] == ["Write the parser"], state
    assert state["pending"] == ["Test the parser"], state
    assert state["in_progress"] == []
    src = state.get("source") or {}
    assert src.get("agent") == "claude" and src.get("session_id") == r.session_id, state


def _our_manifests() -> tuple[Path, str]:
    root = harness.REPO
    manifest = root / ".claude-plugin" / "plugin.json"
    market = root / ".claude-plugin" / "marketplace.json"
    if not manifest.is_file() or not market.is_file():
        pytest.skip(f"no {manifest.relative_to(root)} + {market.relative_to(root)} in this checkout yet")
    return root, json.loads(manifest.read_text())["name"]


@pytest.mark.ours
@pytest.mark.claude
@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_claude_plugin_validate_accepts_our_manifests(sandbox, fake_api, claude_bin, strict):
    """`claude plugin validate [--strict]` on plugin.json alone and on the repo root (marketplace.json + the
    plugin it lists); --strict also fails on warnings (agent-integration.md §7.10 asks for it)."""
    root, name = _our_manifests()
    flags = ["--strict"] if strict else []
    for target in (root / ".claude-plugin" / "plugin.json", root):
        r, rep = _plugin_validate(sandbox, target, *flags)
        assert r.returncode == 0 and rep["success"], \
            f"{target}: errors {_all_findings(rep, 'errors')} warnings {_all_findings(rep, 'warnings')}"
    skills = sorted(p.parent.name for p in (root / "skills").glob("*/SKILL.md"))
    assert skills, "no skills/*/SKILL.md in the repo"
    missing = [s for s in skills if f"{name}:{s}" not in rep["provides"]["skills"]]
    assert not missing, f"the plugin does not provide skills {missing}: {rep['provides']}"
    commands = sorted(p.stem for p in (root / "commands" / "claude").glob("*.md"))
    missing = [c for c in commands if f"{name}:{c}" not in rep["provides"]["commands"]]
    assert commands and not missing, f"the plugin does not provide commands {missing}: {rep['provides']}"
    assert any(h.get("event") == "SessionStart" and "load-state" in h.get("command", "")
               for h in rep["provides"]["hooks"]), f"no SessionStart load-state hook: {rep['provides']['hooks']}"


@pytest.mark.ours
@pytest.mark.claude
def test_plugin_hooks_inject_load_state_brief(sandbox, fake_api, claude_bin):
    """The repo loaded as a plugin (`claude --plugin-dir <repo>`, our executables on PATH as the plugin
    expects): its SessionStart hook brings the saved pending task into the first request."""
    root, _ = _our_manifests()
    harness.our_tool("load-state", flags=["--hook"])
    proj = sandbox.project("app")
    name = f"Name of a pending task {uuid.uuid4().hex[:8]}"
    _save_pending(sandbox, proj, name)
    path = os.pathsep.join([str(harness.agent_sessions_bin()), harness._base_env()["PATH"]])
    fake_api.set_script([text("ok")])
    c = sandbox.claude("hello", cwd=proj, allowed_tools=None, args=["--plugin-dir", str(root)],
                       env={"PATH": path})
    got = _messages_text(fake_api.main_requests("anthropic")[0])
    assert name in got, "the plugin's SessionStart hook did not bring the load-state brief\n" + c.result.describe()
