"""Helpers to drive the real Claude Code and Codex CLIs offline in a throw-away sandbox.

Every run gets its own temp HOME, CLAUDE_CONFIG_DIR and CODEX_HOME; the agents talk only to
the in-process FakeAPI on 127.0.0.1. Nothing here touches the real ~/.claude or ~/.codex.

Typical use (see conftest.py for the pytest fixtures):

    sb = Sandbox(tmp_path, api)
    proj = sb.project("proj")                     # physical path of a fresh git repo
    api.set_script([tool("Bash", {"command": "ls"}), text("done")])
    run = sb.claude("do it", cwd=proj)            # -> ClaudeRun(result, session_id, output)
    path = sb.claude_transcript(proj, run.session_id)
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import os
import shlex
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

from fake_api import FakeAPI  # noqa: E402



def _pinned_versions() -> dict[str, str]:
    """name -> version the binary reports, from pins.txt (the one place the pins live)."""
    out: dict[str, str] = {}
    for line in (HERE / "pins.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, rest = line.partition("=")
        _req, _, version = rest.partition("|")
        out[name.strip()] = version.strip()
    return out


_PINNED = _pinned_versions()
CLAUDE_VERSION = _PINNED["claude"]
CODEX_VERSION = _PINNED["codex"]
DEFAULT_TIMEOUT = float(os.environ.get("CONTRACT_AGENT_TIMEOUT", "120"))
TOOL_TIMEOUT = float(os.environ.get("CONTRACT_TOOL_TIMEOUT", "60"))

# Our toolkit's executables that tests may call (see require_bin()).
OUR_BINARIES = ("save-state", "load-state", "save-session", "export-session")


# --------------------------------------------------------------------------- locating the agents
def venv_dir() -> Path:
    """The contract venv; runs setup_agents_env.sh (idempotent, < 1 s when installed) if needed."""
    v = os.environ.get("CONTRACT_VENV")
    if v:
        return Path(v)
    out = subprocess.run(["bash", str(HERE / "setup_agents_env.sh")], stdout=subprocess.PIPE,
                         check=True, text=True, timeout=1800)
    v = out.stdout.strip().splitlines()[-1]
    os.environ["CONTRACT_VENV"] = v
    return Path(v)


def _site_packages(venv: Path) -> Path:
    cands = sorted(venv.glob("lib/python3*/site-packages"))
    if not cands:
        raise FileNotFoundError(f"no site-packages under {venv}")
    return cands[0]


def claude_bin() -> Path:
    if os.environ.get("CONTRACT_CLAUDE_BIN"):
        return Path(os.environ["CONTRACT_CLAUDE_BIN"])
    return _site_packages(venv_dir()) / "claude_agent_sdk" / "_bundled" / "claude"


def codex_bin() -> Path:
    if os.environ.get("CONTRACT_CODEX_BIN"):
        return Path(os.environ["CONTRACT_CODEX_BIN"])
    return _site_packages(venv_dir()) / "codex_cli_bin" / "bin" / "codex"


def agent_sessions_bin() -> Path | None:
    """Folder with our built executables (env AGENT_SESSIONS_BIN), or None when unset."""
    v = os.environ.get("AGENT_SESSIONS_BIN")
    return Path(v).resolve() if v else None


# --------------------------------------------------------------------------- subprocess with a bound
@dataclasses.dataclass
class Result:
    args: list[str]
    cwd: str
    returncode: int
    stdout: str
    stderr: str
    duration: float

    def describe(self) -> str:
        return (f"$ (cd {shlex.quote(self.cwd)} && {shlex.join(self.args)})\n"
                f"exit {self.returncode} after {self.duration:.2f}s\n"
                f"--- stdout ---\n{self.stdout[-6000:]}\n--- stderr ---\n{self.stderr[-6000:]}")

    def check(self, ok: Sequence[int] = (0,)) -> "Result":
        if self.returncode not in ok:
            raise AssertionError("command failed:\n" + self.describe())
        return self

    def json(self) -> Any:
        try:
            return json.loads(self.stdout)
        except ValueError as e:
            raise AssertionError(f"stdout is not one JSON document ({e}):\n" + self.describe()) from None

    def json_lines(self) -> list[dict]:
        out = []
        for line in self.stdout.splitlines():
            line = line.strip()
            if line.startswith("{"):
                try:
                    out.append(json.loads(line))
                except ValueError:
                    pass
        return out


class CommandTimeout(AssertionError):
    pass


def run(args: Sequence[str | os.PathLike], *, cwd: str | os.PathLike, env: dict[str, str],
        timeout: float = DEFAULT_TIMEOUT, input: str | None = None) -> Result:
    """Run a command with a hard time bound: on timeout the whole process group is killed and
    CommandTimeout carries what it printed so far."""
    argv = [os.fspath(a) for a in args]
    t0 = time.monotonic()
    p = subprocess.Popen(argv, cwd=os.fspath(cwd), env=env, text=True,
                         stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = p.communicate(input=input, timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = p.communicate(timeout=30)
        r = Result(argv, os.fspath(cwd), -9, out or "", err or "", time.monotonic() - t0)
        raise CommandTimeout(f"timed out after {timeout}s and was killed:\n" + r.describe()) from None
    finally:
        # Reap anything the agent left in its process group (e.g. a background shell).
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    return Result(argv, os.fspath(cwd), p.returncode, out, err, time.monotonic() - t0)


def wait_for(cond: Callable[[], Any], timeout: float = 10.0, interval: float = 0.05, what: str = "condition"):
    """Poll cond() until truthy (returned) or raise after `timeout` seconds. Never a blind sleep."""
    deadline = time.monotonic() + timeout
    while True:
        v = cond()
        if v:
            return v
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


# --------------------------------------------------------------------------- Claude's project folder
def java_string_hash(s: str) -> int:
    """Java String.hashCode over UTF-16 code units, as a signed int32."""
    units = s.encode("utf-16-le")
    h = 0
    for i in range(0, len(units), 2):
        h = (31 * h + int.from_bytes(units[i:i + 2], "little")) & 0xFFFFFFFF
    return h - (1 << 32) if h >= (1 << 31) else h


def base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    out = []
    while n:
        n, r = divmod(n, 36)
        out.append(digits[r])
    return "".join(reversed(out))


def encode_claude_project(path: str | os.PathLike) -> str:
    """agent-stores.md §1.2: every UTF-16 unit outside [A-Za-z0-9] -> '-', > 200 units -> first 200
    + '-' + base36(abs(java hashCode of the original path))."""
    s = os.fspath(path)
    units = s.encode("utf-16-le")
    n = len(units) // 2
    out = []
    for i in range(n):
        u = int.from_bytes(units[2 * i:2 * i + 2], "little")
        c = chr(u) if u < 128 else ""
        out.append(c if c and (c.isascii() and c.isalnum()) else "-")
    enc = "".join(out)
    if n <= 200:
        return enc
    return enc[:200] + "-" + base36(abs(java_string_hash(s)))


# --------------------------------------------------------------------------- transcript readers
def read_jsonl(path: str | os.PathLike) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


# user lines that record a slash command and its local output (e.g. /exit), not a prompt
SLASH_COMMAND_PREFIXES = ("<command-name>", "<local-command-stdout>", "<local-command-stderr>",
                          "<local-command-caveat>")


def claude_counts(path: str | os.PathLike) -> dict:
    """Reference counts for a Claude transcript (main thread only, isSidechain false):
    user = `type:user` lines whose content is a prompt (a string, or blocks without tool_result),
           not isMeta / isCompactSummary, not a slash-command record (SLASH_COMMAND_PREFIXES);
    assistant = distinct message.id over `type:assistant` lines (one API message may span lines);
    tool_calls = distinct tool_use block ids in assistant lines."""
    user = 0
    msg_ids: set[str] = set()
    tool_ids: set[str] = set()
    tool_names: list[str] = []
    for r in read_jsonl(path):
        if r.get("isSidechain"):
            continue
        t = r.get("type")
        m = r.get("message") or {}
        c = m.get("content")
        if t == "user":
            if r.get("isMeta") or r.get("isCompactSummary"):
                continue
            if isinstance(c, list) and any(isinstance(b, dict) and b.get("type") == "tool_result" for b in c):
                continue
            first = c if isinstance(c, str) else next(
                (b.get("text", "") for b in c or [] if isinstance(b, dict) and b.get("type") == "text"), "")
            if first.lstrip().startswith(SLASH_COMMAND_PREFIXES):
                continue
            user += 1
        elif t == "assistant":
            mid = m.get("id") or r.get("uuid")
            msg_ids.add(mid)
            for b in c if isinstance(c, list) else []:
                if isinstance(b, dict) and b.get("type") == "tool_use" and b.get("id") not in tool_ids:
                    tool_ids.add(b.get("id"))
                    tool_names.append(b.get("name"))
    return {"user": user, "assistant": len(msg_ids), "tool_calls": len(tool_ids), "tool_names": tool_names}


def codex_counts(path: str | os.PathLike) -> dict:
    """Reference counts for a Codex rollout:
    user = real user prompts: `event_msg` `user_message` (legacy) or `item_completed` with item
           type `UserMessage` (0.163); NOT `response_item` user messages (those include the
           injected <environment_context>);
    assistant = `response_item` `message` with role assistant;
    tool_calls = `response_item` `function_call` + `custom_tool_call` (update_plan included);
    plan = steps of the last update_plan call."""
    user = assistant = 0
    calls: list[str] = []
    plan: list[dict] = []
    for r in read_jsonl(path):
        p = r.get("payload") or {}
        t, pt = r.get("type"), p.get("type")
        if t == "event_msg" and (pt == "user_message" or
                                 (pt == "item_completed" and (p.get("item") or {}).get("type") == "UserMessage")):
            user += 1
        elif t == "response_item" and pt == "message" and p.get("role") == "assistant":
            assistant += 1
        elif t == "response_item" and pt in ("function_call", "custom_tool_call"):
            calls.append(p.get("name"))
            if p.get("name") == "update_plan":
                try:
                    plan = json.loads(p.get("arguments") or "{}").get("plan") or []
                except ValueError:
                    pass
    return {"user": user, "assistant": assistant, "tool_calls": len(calls), "tool_names": calls, "plan": plan}


# --------------------------------------------------------------------------- sandbox
def _base_env() -> dict[str, str]:
    """A clean environment: nothing from an outer agent session (CLAUDECODE, CODEX_THREAD_ID, ...)
    or the developer's credentials leaks into the agents under test."""
    env = {"PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
           "LANG": os.environ.get("LANG", "C.UTF-8"), "TERM": "dumb",
           "PYTHONDONTWRITEBYTECODE": "1"}
    for k in ("LC_ALL", "TMPDIR", "TZ"):
        if k in os.environ:
            env[k] = os.environ[k]
    b = agent_sessions_bin()
    if b:
        env["AGENT_SESSIONS_BIN"] = str(b)
    return env


@dataclasses.dataclass
class ClaudeRun:
    result: Result
    session_id: str | None
    output: Any  # parsed --output-format json (dict) or None


@dataclasses.dataclass
class CodexRun:
    result: Result
    thread_id: str | None
    events: list[dict]


class Sandbox:
    """One throw-away world: <root>/home, <root>/claude-config, <root>/codex-home, projects."""

    def __init__(self, root: str | os.PathLike, api: FakeAPI):
        self.root = Path(os.path.realpath(root))
        self.api = api
        self.home = self.root / "home"
        self.claude_config = self.root / "claude-config"
        self.codex_home = self.root / "codex-home"
        for d in (self.home, self.claude_config, self.codex_home):
            d.mkdir(parents=True, exist_ok=True)
        self.write_claude_json()
        self.write_codex_config()

    # -- setup
    def write_claude_json(self, trusted: Iterable[str | os.PathLike] = (), **extra: Any) -> None:
        """<CLAUDE_CONFIG_DIR>/.claude.json: onboarding done, the dummy API key approved and the given
        project folders trusted (the last two matter for interactive runs only)."""
        d = {"hasCompletedOnboarding": True,
             "customApiKeyResponses": {"approved": ["dummy"], "rejected": []},
             "projects": {os.path.realpath(p): {"hasTrustDialogAccepted": True} for p in trusted}}
        d.update(extra)
        (self.claude_config / ".claude.json").write_text(json.dumps(d))

    def write_codex_config(self, extra: str = "") -> None:
        (self.codex_home / "config.toml").write_text(
            'model = "fake-model"\n'
            'model_provider = "fake"\n'
            "[model_providers.fake]\n"
            'name = "Fake"\n'
            f'base_url = "{self.api.base_url}/v1"\n'
            'wire_api = "responses"\n'
            "request_max_retries = 0\n"
            "stream_max_retries = 0\n"
            "supports_websockets = false\n" + extra)

    def project(self, rel: str = "proj", git: bool = True) -> Path:
        """Create <root>/projects/<rel> (optionally a git repo with one commit); returns its physical path."""
        p = self.root / "projects" / rel
        p.mkdir(parents=True, exist_ok=True)
        if git and not (p / ".git").exists():
            genv = dict(_base_env(), HOME=str(self.home), GIT_CONFIG_NOSYSTEM="1",
                        GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid",
                        GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
            run(["git", "init", "-q", "-b", "main"], cwd=p, env=genv, timeout=30).check()
            (p / "README.md").write_text("contract test project\n")
            run(["git", "add", "README.md"], cwd=p, env=genv, timeout=30).check()
            run(["git", "commit", "-q", "-m", "init"], cwd=p, env=genv, timeout=30).check()
        return Path(os.path.realpath(p))

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        e = _base_env()
        e.update({
            "HOME": str(self.home),
            "CLAUDE_CONFIG_DIR": str(self.claude_config),
            "CODEX_HOME": str(self.codex_home),
            "ANTHROPIC_BASE_URL": self.api.base_url,
            "ANTHROPIC_API_KEY": "dummy",
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
            "DISABLE_AUTOUPDATER": "1",
            "NO_COLOR": "1",
        })
        if extra:
            e.update(extra)
        return e

    # -- Claude
    def claude(self, prompt: str, *, cwd: str | os.PathLike, session_id: str | None = None,
               resume: str | None = None, allowed_tools: str | None = "Bash TaskCreate TaskUpdate",
               args: Sequence[str] = (), env: dict[str, str] | None = None,
               timeout: float = DEFAULT_TIMEOUT, ok: Sequence[int] = (0,)) -> ClaudeRun:
        """`claude -p --output-format json [--session-id|--resume] [--allowedTools ...] ARGS -- PROMPT`.
        The prompt goes after `--`: --allowedTools is variadic and would swallow it."""
        argv: list[str] = [str(claude_bin()), "-p", "--output-format", "json"]
        if resume:
            argv += ["--resume", resume]
        elif session_id is not False:
            session_id = session_id or str(uuid.uuid4())
            argv += ["--session-id", session_id]
        if allowed_tools:
            argv += ["--allowedTools", allowed_tools]
        argv += list(args) + ["--", prompt]
        r = run(argv, cwd=cwd, env=self.env(env), timeout=timeout)
        r.check(ok)
        out = None
        try:
            out = json.loads(r.stdout) if r.stdout.strip() else None
        except ValueError:
            pass
        sid = (out or {}).get("session_id") if isinstance(out, dict) else None
        return ClaudeRun(r, sid or resume or session_id, out)

    def write_claude_settings(self, settings: dict, name: str = "settings.json") -> Path:
        """A settings file for `claude --settings <file>` (e.g. {"hooks": {...}}); returns its path."""
        p = self.root / name
        p.write_text(json.dumps(settings, indent=1))
        return p

    def claude_tui(self, *, cwd: str | os.PathLike, args: Sequence[str] = (),
                   env: dict[str, str] | None = None, program: str | None = None,
                   remain_on_exit: bool = False) -> TmuxAgent:
        """Interactive `claude` in tmux; the project is marked trusted first. `program` replaces the
        real binary's path (e.g. "claude" found on env's PATH, to go through a shim)."""
        self.write_claude_json(trusted=[cwd])
        return TmuxAgent([program or str(claude_bin()), *args], cwd=cwd, env=self.env(env),
                         remain_on_exit=remain_on_exit)

    def claude_project_dir(self, cwd: str | os.PathLike) -> Path:
        return self.claude_config / "projects" / encode_claude_project(os.path.realpath(cwd))

    def claude_transcript(self, cwd: str | os.PathLike, session_id: str) -> Path:
        return self.claude_project_dir(cwd) / f"{session_id}.jsonl"

    def claude_tasks(self, task_list_id: str) -> list[dict]:
        d = self.claude_config / "tasks" / task_list_id
        files = [f for f in d.glob("*.json")] if d.is_dir() else []
        tasks = [json.loads(f.read_text()) for f in files]
        return sorted(tasks, key=lambda t: int(t["id"]) if str(t.get("id", "")).isdigit() else 1 << 30)

    # -- Codex
    def codex_exec(self, prompt: str | None, *, cwd: str | os.PathLike, resume: str | None = None,
                   plan: bool = True, sandbox: str | None = "workspace-write", args: Sequence[str] = (),
                   env: dict[str, str] | None = None, timeout: float = DEFAULT_TIMEOUT,
                   ok: Sequence[int] = (0,)) -> CodexRun:
        """`codex exec [resume ID] --skip-git-repo-check --json [-s MODE] [-c tools.update_plan=...] PROMPT`.
        The default sandbox of exec is read-only: workspace-write lets the scripted command write
        files in the project."""
        argv: list[str] = [str(codex_bin()), "exec"]
        if resume:
            argv += ["resume", resume]
        argv += ["--skip-git-repo-check", "--json"]
        if sandbox and not resume:
            argv += ["-s", sandbox]
        elif sandbox:  # `exec resume` has no -s; same effect via config
            argv += ["-c", f'sandbox_mode="{sandbox}"']
        if plan:
            argv += ["-c", "tools.update_plan={enabled=true}"]
        argv += list(args)
        if prompt is not None:
            argv += ["--", prompt]
        r = run(argv, cwd=cwd, env=self.env(env), timeout=timeout)
        r.check(ok)
        events = r.json_lines()
        tid = next((e.get("thread_id") for e in events if e.get("type") == "thread.started"), None)
        return CodexRun(r, tid, events)

    def write_codex_hooks(self, hooks: dict) -> Path:
        """<CODEX_HOME>/hooks.json (same shape as Claude's {"hooks": {...}}). Codex runs these only when
        trusted in /hooks or with `--dangerously-bypass-hook-trust` (FINDINGS.md)."""
        p = self.codex_home / "hooks.json"
        p.write_text(json.dumps(hooks, indent=1))
        return p

    def codex_rollouts(self) -> list[Path]:
        return sorted((self.codex_home / "sessions").glob("*/*/*/rollout-*.jsonl"))

    def codex_rollout(self, thread_id: str) -> Path:
        hits = [p for p in self.codex_rollouts() if p.name.endswith(f"-{thread_id}.jsonl")]
        assert len(hits) == 1, f"expected one rollout for {thread_id}, found {hits} in {self.codex_rollouts()}"
        return hits[0]

    # -- our executables
    def tool(self, name: str, *args: str, cwd: str | os.PathLike, env: dict[str, str] | None = None,
             timeout: float = TOOL_TIMEOUT, ok: Sequence[int] = (0,)) -> Result:
        b = agent_sessions_bin()
        assert b, "AGENT_SESSIONS_BIN is not set (use the agent_sessions_bin fixture to skip)"
        return run([str(b / name), *args], cwd=cwd, env=self.env(env), timeout=timeout).check(ok)


# --------------------------------------------------------------------------- our executables: probe or skip
_HELP_CACHE: dict[tuple[str, ...], tuple[int, str]] = {}


def _help_of(argv: tuple[str, ...]) -> tuple[int, str]:
    if argv not in _HELP_CACHE:
        try:
            r = run(list(argv) + ["--help"], cwd="/", env=_base_env(), timeout=TOOL_TIMEOUT)
            _HELP_CACHE[argv] = (r.returncode, r.stdout + r.stderr)
        except (OSError, CommandTimeout) as e:
            _HELP_CACHE[argv] = (-1, str(e))
    return _HELP_CACHE[argv]


def our_tool_missing(name: str, *subcommand: str, flags: Sequence[str] = ()) -> str | None:
    """Why our executable NAME (with SUBCOMMAND words and FLAGS) cannot be tested, or None when it can:
    AGENT_SESSIONS_BIN unset, the file missing, or `NAME [SUBCOMMAND...] --help` not exiting 0, not
    showing `NAME SUBCOMMAND...` (its usage line) or not listing one of FLAGS."""
    b = agent_sessions_bin()
    if b is None:
        return f"AGENT_SESSIONS_BIN is not set (needs our {name})"
    exe = b / name
    if not exe.is_file():
        return f"AGENT_SESSIONS_BIN={b} has no {name}"
    rc, text = _help_of((str(exe), *subcommand))
    words = " ".join((name, *subcommand))
    if rc != 0 or (subcommand and words not in text):
        return f"{words!r} is not in this build of {name} (`{words} --help` exit {rc})"
    lacking = [f for f in flags if f not in text]
    if lacking:
        return f"{words!r} in this build lacks {', '.join(lacking)}"
    return None


def our_tool(name: str, *subcommand: str, flags: Sequence[str] = ()) -> Path:
    """Path of our executable NAME, or pytest.skip with the reason from our_tool_missing(). When the
    executable and its subcommand/flags are there, the test runs and must pass."""
    why = our_tool_missing(name, *subcommand, flags=flags)
    if why:
        import pytest
        pytest.skip(why)
    return agent_sessions_bin() / name  # type: ignore[operator]


# --------------------------------------------------------------------------- hooks
def claude_hook_settings(event: str, *commands: str, matcher: str | None = None, timeout: int = 30) -> dict:
    """Claude settings with one `event` group running each command (agent-integration.md §4.1)."""
    group: dict[str, Any] = {"hooks": [{"type": "command", "command": c, "timeout": timeout} for c in commands]}
    if matcher is not None:
        group["matcher"] = matcher
    return {"hooks": {event: [group]}}


# --------------------------------------------------------------------------- interactive (tmux)
class TmuxAgent:
    """An interactive agent TUI in a private tmux server (own socket), for scenarios -p/exec can't
    cover (title generation, SessionEnd hooks, /exit). Use as a context manager; always killed."""

    def __init__(self, argv: Sequence[str], *, cwd: str | os.PathLike, env: dict[str, str],
                 width: int = 200, height: int = 50, remain_on_exit: bool = False):
        """remain_on_exit: keep the pane (and what it printed) after the program exits; then use
        dead() instead of alive() to see that it ended."""
        import shutil
        if not shutil.which("tmux"):
            raise RuntimeError("tmux not installed")
        # a private server; short path (unix socket names are limited to ~100 bytes)
        self.sock = f"/tmp/tmux-contract-{uuid.uuid4().hex[:12]}"
        self.name = "agent"
        self._tm = ["tmux", "-S", self.sock]
        conf = "/dev/null"
        if remain_on_exit:
            conf = self.sock + ".conf"
            Path(conf).write_text("set -g remain-on-exit on\n")
        self._conf = conf
        envargs: list[str] = []
        for k, v in env.items():
            envargs += ["-e", f"{k}={v}"]
        run([*self._tm, "-f", conf, "new-session", "-d", "-s", self.name, "-x", str(width),
             "-y", str(height), *envargs, "-c", os.fspath(cwd), *[os.fspath(a) for a in argv]],
            cwd=cwd, env=dict(env, TERM="xterm-256color"), timeout=30).check()
        self.cwd = cwd
        self.env = env

    def screen(self) -> str:
        r = run([*self._tm, "capture-pane", "-p", "-t", self.name], cwd=self.cwd, env=self.env, timeout=10)
        return r.stdout if r.returncode == 0 else ""

    def alive(self) -> bool:
        return run([*self._tm, "has-session", "-t", self.name], cwd=self.cwd, env=self.env,
                   timeout=10).returncode == 0

    def dead(self) -> int | None:
        """None while the program runs; once it ended its exit status, -signal, or -1 when unknown (the
        session is gone, or tmux reports the pane dead without a status). Needs remain_on_exit."""
        r = run([*self._tm, "display-message", "-p", "-t", self.name,
                 "#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}"], cwd=self.cwd, env=self.env, timeout=10)
        if r.returncode != 0:
            return -1
        flag, status, sig = (r.stdout.strip().split("|") + ["", ""])[:3]
        if flag != "1":
            return None
        if status.isdigit():
            return int(status)
        if sig.isdigit():
            return -int(sig)
        return -1  # dead, status unknown (tmux 3.3a sometimes reports pane_dead without a status)

    def send(self, *keys: str) -> None:
        run([*self._tm, "send-keys", "-t", self.name, *keys], cwd=self.cwd, env=self.env, timeout=10).check()

    def type_line(self, line: str) -> None:
        self.send("-l", line)
        self.send("Enter")

    def wait_screen(self, needle: str, timeout: float = 30) -> str:
        try:
            return wait_for(lambda: needle in self.screen() and self.screen(), timeout, 0.1,
                            what=f"{needle!r} on screen")
        except AssertionError as e:
            raise AssertionError(f"{e}\n--- screen ---\n{self.screen()}") from None

    def wait_exit(self, timeout: float = 30) -> None:
        wait_for(lambda: not self.alive(), timeout, 0.1, what="agent TUI to exit")

    def close(self) -> None:
        run([*self._tm, "kill-server"], cwd=self.cwd, env=self.env, timeout=10)
        for f in (self.sock, self._conf if self._conf != "/dev/null" else None):
            try:
                if f:
                    os.unlink(f)
            except OSError:
                pass

    def __enter__(self) -> "TmuxAgent":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


# --------------------------------------------------------------------------- hand-written stores
def iso_now(delta_s: float = 0.0) -> str:
    t = _dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(seconds=delta_s)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def minimal_claude_session(session_id: str, cwd: str, prompt: str, answer: str) -> list[dict]:
    """agent-stores.md §1.7: a user line + an assistant line carrying a full API message."""
    u1, a1 = str(uuid.uuid4()), str(uuid.uuid4())
    return [
        {"type": "user", "uuid": u1, "parentUuid": None, "timestamp": iso_now(-60), "sessionId": session_id,
         "cwd": cwd, "message": {"role": "user", "content": prompt}},
        {"type": "assistant", "uuid": a1, "parentUuid": u1, "timestamp": iso_now(-59), "sessionId": session_id,
         "cwd": cwd, "message": {"id": "msg_handwritten_1", "type": "message", "role": "assistant",
                                 "model": "claude-fake", "content": [{"type": "text", "text": answer}],
                                 "stop_reason": "end_turn", "stop_sequence": None,
                                 "usage": {"input_tokens": 1, "output_tokens": 1}}},
    ]


def minimal_codex_rollout(thread_id: str, cwd: str, prompt: str, answer: str) -> list[dict]:
    """agent-stores.md §2.6: 5 legacy lines (no `ordinal`)."""
    ts = iso_now(-60)
    return [
        {"timestamp": ts, "type": "session_meta",
         "payload": {"id": thread_id, "timestamp": ts, "cwd": cwd, "originator": "codex_cli_rs",
                     "cli_version": CODEX_VERSION, "source": "cli", "model_provider": "openai"}},
        {"timestamp": ts, "type": "response_item",
         "payload": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": prompt}]}},
        {"timestamp": ts, "type": "event_msg", "payload": {"type": "user_message", "message": prompt, "images": []}},
        {"timestamp": ts, "type": "response_item",
         "payload": {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": answer}]}},
        {"timestamp": ts, "type": "event_msg", "payload": {"type": "agent_message", "message": answer}},
    ]


def write_jsonl(path: str | os.PathLike, records: Iterable[dict]) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    with open(p, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return p


def codex_rollout_path(codex_home: Path, thread_id: str, when: _dt.datetime | None = None) -> Path:
    """sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl in local time (§2.1)."""
    when = when or _dt.datetime.now()
    return (codex_home / "sessions" / when.strftime("%Y") / when.strftime("%m") / when.strftime("%d")
            / f"rollout-{when.strftime('%Y-%m-%dT%H-%M-%S')}-{thread_id}.jsonl")
