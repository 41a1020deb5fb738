#!/usr/bin/env python3
"""Re-capture the real-transcript fixtures for the Swift unit tests.

    bash Tests/Contract/setup_agents_env.sh >/dev/null
    python3 Tests/Contract/capture_fixtures.py

Runs the real Claude Code and Codex CLIs (pinned in setup_agents_env.sh) against the fake API in
a sandbox at a FIXED path (/tmp/agent-sessions-fixture) so the cwd inside the records is stable,
then copies the stores into Tests/Fixtures/{claude/real-2.1.329,codex/real-0.163.0}/ laid out
like the agents' own roots (point CLAUDE_CONFIG_DIR / CODEX_HOME at those folders).
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from fake_api import FakeAPI, text, tool, tools  # noqa: E402

ROOT = Path("/tmp/agent-sessions-fixture")
FIX = harness.REPO / "Tests" / "Fixtures"
CLAUDE_SID = "5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10"
PROMPT = "Set up the parser work."
TASKS = [
    {"subject": "Write the parser", "description": "Parse JSONL records", "activeForm": "Writing the parser"},
    {"subject": "Test the parser", "description": "Cover old and new shapes", "activeForm": "Testing the parser"},
]
PLAN_1 = [{"step": "Write the parser", "status": "in_progress"}, {"step": "Test the parser", "status": "pending"}]
PLAN_2 = [{"step": "Write the parser", "status": "completed"}, {"step": "Test the parser", "status": "in_progress"}]


def claude_script():
    return [
        tools(("Bash", {"command": "echo hello > hello.txt && cat hello.txt", "description": "Write a file"}),
              text="Let me look around first."),
        tool("TaskCreate", TASKS[0]),
        tool("TaskCreate", TASKS[1]),
        tool("TaskUpdate", {"taskId": "1", "status": "completed"}),
        text("done"),
    ]


def codex_script():
    return [
        tool("exec_command", {"cmd": "echo hello > hello.txt && cat hello.txt"}),
        tool("update_plan", {"explanation": "Start", "plan": PLAN_1}),
        tool("update_plan", {"explanation": "Parser written", "plan": PLAN_2}),
        text("done"),
    ]


def capture_claude(api: FakeAPI, sb: harness.Sandbox) -> Path:
    proj = sb.project("app")
    api.set_script(claude_script())
    r = sb.claude(PROMPT, cwd=proj, session_id=CLAUDE_SID)
    assert r.output["result"] == "done", r.result.describe()
    src_t = sb.claude_transcript(proj, CLAUDE_SID)
    dst = FIX / "claude" / "real-2.1.329"
    shutil.rmtree(dst, ignore_errors=True)
    out_t = dst / "projects" / src_t.parent.name / src_t.name
    out_t.parent.mkdir(parents=True)
    shutil.copy2(src_t, out_t)
    shutil.copytree(sb.claude_config / "tasks" / CLAUDE_SID, dst / "tasks" / CLAUDE_SID)
    c = harness.claude_counts(out_t)
    (dst / "README.md").write_text(f"""# Real Claude Code 2.1.329 session

Produced by `Tests/Contract/capture_fixtures.py` (real `claude` from PyPI `claude-agent-sdk==0.2.186`,
offline against `Tests/Contract/fake_api.py`). Laid out like `$CLAUDE_CONFIG_DIR`:

- `projects/{out_t.parent.name}/{out_t.name}` — transcript; project cwd `{proj}`
- `tasks/{CLAUDE_SID}/1.json`, `2.json`, `.lock` — the Task tools' files

Command (env: temp `HOME`, `CLAUDE_CONFIG_DIR`, `ANTHROPIC_BASE_URL=http://127.0.0.1:<port>`,
`ANTHROPIC_API_KEY=dummy`, `CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1`, `DISABLE_AUTOUPDATER=1`), cwd a fresh git repo
(branch `main`):

    claude -p --output-format json --session-id {CLAUDE_SID} \\
      --allowedTools "Bash TaskCreate TaskUpdate" -- "{PROMPT}"

Scripted model turns: (1) text "Let me look around first." + Bash `echo hello > hello.txt && cat hello.txt`
in ONE API message (stored as two `assistant` lines sharing `message.id`); (2) TaskCreate "Write the parser";
(3) TaskCreate "Test the parser"; (4) TaskUpdate taskId 1 -> completed; (5) text "done".

Expected reader results: user prompts {c['user']}, assistant API messages {c['assistant']}, tool calls
{c['tool_calls']} ({', '.join(c['tool_names'])}); tasks `Write the parser` completed, `Test the parser` pending.
The file also holds 2026-era bookkeeping lines (`api-request-shape`, `api-request-blob` — the latter carry a
`message{{role,content}}` too and must NOT be counted as messages —, `api-request`, `tools-used`, `atis-latch`,
`cost-state`, `queue-operation`, `last-prompt`, many `attachment`s). Nothing was trimmed.
""")
    return out_t


def capture_codex(api: FakeAPI, sb: harness.Sandbox) -> Path:
    proj = sb.project("app")
    api.set_script(codex_script())
    r = sb.codex_exec(PROMPT, cwd=proj)
    assert r.thread_id, r.result.describe()
    src = sb.codex_rollout(r.thread_id)
    dst = FIX / "codex" / "real-0.163.0"
    shutil.rmtree(dst, ignore_errors=True)
    rel = src.relative_to(sb.codex_home)
    (dst / rel).parent.mkdir(parents=True)
    shutil.copy2(src, dst / rel)
    c = harness.codex_counts(dst / rel)
    (dst / "README.md").write_text(f"""# Real Codex CLI 0.163.0 rollout

Produced by `Tests/Contract/capture_fixtures.py` (real `codex` from PyPI `openai-codex-cli-bin==0.163.0`,
offline against `Tests/Contract/fake_api.py`). Laid out like `$CODEX_HOME`: `{rel}`
(thread id `{r.thread_id}`, project cwd `{proj}`, a git repo on branch `main`).

Command (env: temp `HOME`, `CODEX_HOME` whose `config.toml` points provider `fake` at the fake API, see
agent-stores.md §9.4):

    codex exec --skip-git-repo-check --json -s workspace-write \\
      -c 'tools.update_plan={{enabled=true}}' -- "{PROMPT}"

Scripted model turns: (1) `exec_command` `{{"cmd":"echo hello > hello.txt && cat hello.txt"}}`;
(2) `update_plan` Write the parser=in_progress, Test the parser=pending; (3) `update_plan` Write the
parser=completed, Test the parser=in_progress; (4) text "done".

Expected reader results: user prompts {c['user']} (the `event_msg` `item_completed` item `UserMessage`;
the `response_item` user message holding `<environment_context>` is not a prompt), assistant messages
{c['assistant']}, tool calls {c['tool_calls']} ({', '.join(c['tool_names'])}); plan = the LAST update_plan:
{json.dumps(c['plan'])}.
History mode `paginated` (every line has `ordinal`); 0.163 writes no `user_message`/`agent_message` events
in this mode. Nothing was trimmed.
""")
    return dst / rel


def main() -> int:
    shutil.rmtree(ROOT, ignore_errors=True)
    ROOT.mkdir(parents=True)
    try:
        with FakeAPI(log_path=ROOT / "api-requests.jsonl") as api:
            sb = harness.Sandbox(ROOT / "sb", api)
            for p in (capture_claude(api, sb), capture_codex(api, sb)):
                print(f"{p}  {p.stat().st_size} bytes")
    finally:
        shutil.rmtree(ROOT, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
