#!/usr/bin/env python3
"""Benchmark data generator for agent-sessions (Python 3 stdlib only, deterministic).

Writes, under <cache>/bench (cache = $AGENT_SESSIONS_CACHE or ~/.cache/agent-sessions):
  claude/<N>mb/projects/-home-dev-bench-app/<uuid>.jsonl   Claude Code transcripts of ~1, 20, 200 MB
                                                            (CLAUDE_CONFIG_DIR = claude/<N>mb)
  codex/home/sessions/YYYY/MM/DD/rollout-*.jsonl            a Codex store of 10 000 rollouts (CODEX_HOME = codex/home)
  codex/projects/p-NNN/                                     the projects those rollouts were recorded in
  registry/sessions.json                                    a 10 000-entry save-session registry
  repo/                                                     a git repository of 10 000 files, 50 of them modified
  manifest.json                                             what was generated (ids, paths), read by run.py

Each dataset is regenerated only when it is missing or its stamp (this file's hash + its parameters + the cache
path) changed. Record shapes follow shared/docs/agent-stores.md §1.3 (Claude) and §2.2 (Codex).
"""

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time

SEED = 20261121
CLAUDE_SIZES_MB = [1, 20, 200]
CODEX_ROLLOUTS = 10_000
CODEX_PROJECTS = 250
REGISTRY_ENTRIES = 10_000
REPO_FILES = 10_000
REPO_MODIFIED = 50
CLAUDE_CWD = "/home/dev/bench-app"
CLAUDE_ENC = "-home-dev-bench-app"

GEN_HASH = hashlib.sha256(open(__file__, "rb").read()).hexdigest()[:16]


def cache_root():
    base = os.environ.get("AGENT_SESSIONS_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "agent-sessions")
    return os.path.join(base, "bench")


def uuid4(rng):
    v = rng.getrandbits(128)
    h = "%032x" % v
    h = h[:12] + "4" + h[13:16] + "89ab"[int(h[16], 16) & 3] + h[17:]
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def uuid7(rng, ms):
    h = "%012x" % ms + "%020x" % rng.getrandbits(80)
    h = h[:12] + "7" + h[13:16] + "89ab"[int(h[16], 16) & 3] + h[17:]
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def iso(ts):
    ms = int(round(ts * 1000))
    t = time.gmtime(ms // 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", t) + ".%03dZ" % (ms % 1000)


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------------------------------------------------------
# Text material: source-like lines with unicode, quotes, backslashes, tabs, control-ish characters.

WORDS = (
    "let var func return guard if else switch case struct enum protocol import Foundation parser buffer line "
    "record session transcript message assistant user tool result thinking summary index offset count bytes "
    "café naïve résumé Ünïcödé 日本語 テスト 中文 한국어 Ελληνικά русский עברית العربية 🚀 ✅ 🧵 👩‍💻 e\u0301 "
    "\"quoted\" back\\slash tab\there path/to/file.swift ../../etc/passwd <html> &amp; {json} [array] $HOME %d"
).split(" ")


def make_line_pool(rng, n=4000):
    pool = []
    for _ in range(n):
        indent = "    " * rng.randint(0, 4)
        words = [rng.choice(WORDS) for _ in range(rng.randint(2, 14))]
        pool.append(indent + " ".join(words))
    return pool


def body(rng, pool, approx_bytes):
    # ~45 bytes per pool line on average
    k = max(1, approx_bytes // 45)
    lines = rng.choices(pool, k=k)
    return "\n".join("%5d\t%s" % (i + 1, l) for i, l in enumerate(lines))


# ---------------------------------------------------------------------------------------------------------------
# Claude Code transcript

def claude_transcript(path, size_mb, seed):
    rng = random.Random(seed)
    pool = make_line_pool(rng)
    target = size_mb * 1_000_000
    session = uuid4(rng)
    ts = 1_790_000_000.0 + size_mb
    written = 0
    parent = None
    n_lines = 0
    counts = {"user": 0, "assistant": 0, "tool_use": 0, "tool_result": 0, "thinking": 0, "summary": 0,
              "system": 0, "other": 0}
    common = {"isSidechain": False, "userType": "external", "entrypoint": "cli", "cwd": CLAUDE_CWD,
              "sessionId": session, "version": "2.1.329", "gitBranch": "main"}
    tmp = path + ".tmp"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(tmp, "w", encoding="utf-8") as f:
        def emit(rec):
            nonlocal written, n_lines
            line = dumps(rec) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            n_lines += 1

        def msg(kind, message, extra=None):
            nonlocal parent, ts
            ts += rng.uniform(0.05, 3.0)
            u = uuid4(rng)
            rec = {"parentUuid": parent}
            rec.update(common)
            rec.update({"type": kind, "message": message, "uuid": u, "timestamp": iso(ts)})
            if extra:
                rec.update(extra)
            emit(rec)
            parent = u
            return u

        emit({"type": "queue-operation", "operation": "enqueue", "timestamp": iso(ts), "sessionId": session,
              "content": "Benchmark the parser 🚀"})
        emit({"type": "file-history-snapshot", "messageId": uuid4(rng),
              "snapshot": {"messageId": uuid4(rng), "trackedFileBackups": {}, "timestamp": iso(ts)},
              "isSnapshotUpdate": False})
        turn = 0
        while written < target:
            turn += 1
            prompt = "Turn %d: %s" % (turn, " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 60))))
            msg("user", {"role": "user", "content": prompt},
                {"promptId": uuid4(rng), "permissionMode": "default"})
            counts["user"] += 1
            if rng.random() < 0.3:
                ts += 0.001
                emit({"parentUuid": parent, **common, "type": "attachment", "uuid": uuid4(rng), "timestamp": iso(ts),
                      "attachment": {"type": "environment", "snapshot": {"workingDirectory": CLAUDE_CWD}}})
                counts["other"] += 1
            # Assistant turn: several API messages, each split into one line per content block (same message.id).
            for _step in range(rng.randint(1, 6)):
                mid = "msg_01" + "%022x" % rng.getrandbits(88)
                req = "req_011" + "%020x" % rng.getrandbits(80)
                blocks = []
                if rng.random() < 0.6:
                    blocks.append({"type": "thinking",
                                   "thinking": body(rng, pool, rng.randint(200, 3000)),
                                   "signature": "EqQB" + "%064x" % rng.getrandbits(256)})
                if rng.random() < 0.8:
                    blocks.append({"type": "text", "text": body(rng, pool, rng.randint(80, 2500))})
                tool_ids = []
                for _ in range(rng.choice([0, 1, 1, 1, 2])):
                    tid = "toolu_01" + "%022x" % rng.getrandbits(88)
                    tool_ids.append(tid)
                    name = rng.choice(["Read", "Edit", "Bash", "Grep", "Write", "TodoWrite"])
                    if name == "Edit":
                        inp = {"file_path": "/home/dev/bench-app/Sources/F%d.swift" % rng.randint(1, 500),
                               "old_string": body(rng, pool, 400), "new_string": body(rng, pool, 500)}
                    elif name == "Write":
                        inp = {"file_path": "/home/dev/bench-app/Sources/N%d.swift" % rng.randint(1, 500),
                               "content": body(rng, pool, rng.randint(1000, 12000))}
                    elif name == "Bash":
                        inp = {"command": "swift build 2>&1 | tail -50", "description": "Build"}
                    elif name == "TodoWrite":
                        inp = {"todos": [{"content": "Task %d é" % i, "status": rng.choice(
                            ["pending", "in_progress", "completed"]), "activeForm": "Doing %d" % i}
                            for i in range(rng.randint(1, 8))]}
                    else:
                        inp = {"file_path": "/home/dev/bench-app/Sources/F%d.swift" % rng.randint(1, 500)}
                    blocks.append({"type": "tool_use", "id": tid, "name": name, "input": inp})
                if not blocks:
                    blocks.append({"type": "text", "text": "Done."})
                usage = {"input_tokens": rng.randint(1, 5000), "cache_creation_input_tokens": rng.randint(0, 9000),
                         "cache_read_input_tokens": rng.randint(0, 90000), "output_tokens": rng.randint(1, 4000),
                         "service_tier": "standard"}
                for bi, block in enumerate(blocks):
                    last = bi == len(blocks) - 1
                    message = {"id": mid, "type": "message", "role": "assistant", "model": "claude-opus-5-5",
                               "content": [block], "stop_reason": ("tool_use" if tool_ids else "end_turn") if last else None,
                               "stop_sequence": None, "usage": usage}
                    msg("assistant", message, {"requestId": req})
                    counts["assistant"] += 1
                    if block["type"] in ("thinking", "tool_use"):
                        counts[block["type"]] += 1
                src = parent
                for tid in tool_ids:
                    is_error = rng.random() < 0.05
                    big = rng.random() < 0.05
                    content = body(rng, pool, rng.randint(40000, 150000) if big else rng.randint(500, 12000))
                    if rng.random() < 0.5:
                        result = {"type": "tool_result", "tool_use_id": tid, "content": content}
                    else:
                        result = {"type": "tool_result", "tool_use_id": tid,
                                  "content": [{"type": "text", "text": content}]}
                    if is_error:
                        result["is_error"] = True
                    msg("user", {"role": "user", "content": [result]},
                        {"toolUseResult": {"stdout": content[:2000], "stderr": "", "interrupted": False},
                         "sourceToolAssistantUUID": src})
                    counts["tool_result"] += 1
            roll = rng.random()
            if roll < 0.02:
                ts += 0.5
                emit({"type": "summary", "summary": "Parser work — %d ✅" % turn, "leafUuid": parent})
                counts["summary"] += 1
            elif roll < 0.03:
                ts += 0.5
                b = uuid4(rng)
                emit({"parentUuid": None, "logicalParentUuid": parent, **common, "type": "system",
                      "subtype": "compact_boundary", "content": "Conversation compacted", "isMeta": False,
                      "timestamp": iso(ts), "uuid": b, "level": "info",
                      "compactMetadata": {"trigger": "auto", "preTokens": 150000}})
                parent = b
                counts["system"] += 1
                msg("user", {"role": "user", "content": "This session is being continued from a previous "
                                                        "conversation. Summary: " + body(rng, pool, 3000)},
                    {"isCompactSummary": True, "isVisibleInTranscriptOnly": True})
                counts["user"] += 1
            elif roll < 0.06:
                ts += 0.01
                emit({"parentUuid": parent, **common, "type": "system", "subtype": "stop_hook_summary",
                      "hookCount": 1, "hookInfos": [{"command": "load-state --hook claude"}], "hookErrors": [],
                      "preventedContinuation": False, "stopReason": "", "hasOutput": False, "level": "suggestion",
                      "timestamp": iso(ts), "uuid": uuid4(rng)})
                counts["system"] += 1
            elif roll < 0.08:
                emit({"type": "last-prompt", "lastPrompt": prompt[:200], "leafUuid": parent, "sessionId": session})
                counts["other"] += 1
            elif roll < 0.085:
                emit({"type": "custom-title", "customTitle": "Bench – parser ✨ %d" % turn, "sessionId": session})
                counts["other"] += 1
            elif roll < 0.09:
                emit({"type": "future-record-type-%d" % rng.randint(1, 3), "sessionId": session, "data": {"x": 1}})
                counts["other"] += 1
    os.replace(tmp, path)
    return {"session_id": session, "path": path, "bytes": os.path.getsize(path), "lines": n_lines, "counts": counts}


# ---------------------------------------------------------------------------------------------------------------
# Codex store

def codex_store(home, projects_dir, n, n_projects, seed):
    rng = random.Random(seed)
    pool = make_line_pool(rng, 1000)
    base_instructions = body(random.Random(seed + 1), pool, 9000)
    projects = [os.path.join(projects_dir, "p-%03d" % i) for i in range(n_projects)]
    for p in projects:
        os.makedirs(p, exist_ok=True)
    sessions = os.path.join(home, "sessions")
    start = 1_750_000_000  # 2025-06-15
    end = 1_795_000_000  # 2026-11-18
    stamps = sorted(rng.uniform(start, end) for _ in range(n))
    newest = {}
    total = 0
    for i, t in enumerate(stamps):
        project = projects[rng.randrange(n_projects)]
        sid = uuid7(rng, int(t * 1000))
        lt = time.gmtime(t)  # we use UTC as the "local" time of the generating machine
        folder = os.path.join(sessions, time.strftime("%Y/%m/%d", lt))
        os.makedirs(folder, exist_ok=True)
        name = "rollout-%s-%s.jsonl" % (time.strftime("%Y-%m-%dT%H-%M-%S", lt), sid)
        path = os.path.join(folder, name)
        modern = t > 1_780_000_000
        ordinal = [0]
        ts = [t]

        def rec(kind, payload):
            ts[0] += rng.uniform(0.01, 2.0)
            r = {"timestamp": iso(ts[0]), "type": kind, "payload": payload}
            if modern:
                r = {"timestamp": r["timestamp"], "ordinal": ordinal[0], "type": kind, "payload": payload}
                ordinal[0] += 1
            return dumps(r) + "\n"

        meta = {"id": sid, "timestamp": iso(t), "cwd": project, "originator": rng.choice(["codex_cli_rs", "codex_exec"]),
                "cli_version": "0.163.0" if modern else "0.48.0", "source": rng.choice(["cli", "exec", "vscode"]),
                "model_provider": "openai", "base_instructions": {"text": base_instructions},
                "git": {"commit_hash": "%040x" % rng.getrandbits(160), "branch": "main",
                        "repository_url": "git@example.com:dev/%s.git" % os.path.basename(project)}}
        if modern:
            meta["session_id"] = sid
            meta["history_mode"] = "paginated"
        lines = [rec("session_meta", meta)]
        lines.append(rec("turn_context", {"turn_id": "t1", "cwd": project, "approval_policy": "on-request",
                                          "sandbox_policy": {"type": "workspace-write"}, "model": "gpt-5.3-codex",
                                          "effort": "medium"}))
        for turn in range(rng.randint(1, 4)):
            prompt = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 40)))
            lines.append(rec("response_item", {"type": "message", "role": "user",
                                               "content": [{"type": "input_text", "text": prompt}]}))
            lines.append(rec("event_msg", {"type": "user_message", "message": prompt, "images": []}))
            lines.append(rec("response_item", {"type": "reasoning", "summary": [],
                                               "encrypted_content": "gAAAA" + "%0200x" % rng.getrandbits(800)}))
            if rng.random() < 0.3:
                plan = [{"step": "Step %d" % k, "status": rng.choice(["pending", "in_progress", "completed"])}
                        for k in range(rng.randint(1, 5))]
                lines.append(rec("response_item", {"type": "function_call", "name": "update_plan",
                                                   "arguments": dumps({"explanation": "plan", "plan": plan}),
                                                   "call_id": "call_%d_%d" % (i, turn)}))
                lines.append(rec("response_item", {"type": "function_call_output", "call_id": "call_%d_%d" % (i, turn),
                                                   "output": "Plan updated"}))
            lines.append(rec("response_item", {"type": "function_call", "name": "shell",
                                               "arguments": dumps({"command": ["bash", "-lc", "ls"]}),
                                               "call_id": "call_s%d_%d" % (i, turn)}))
            lines.append(rec("response_item", {"type": "function_call_output", "call_id": "call_s%d_%d" % (i, turn),
                                               "output": body(rng, pool, rng.randint(100, 1500))}))
            answer = body(rng, pool, rng.randint(50, 800))
            lines.append(rec("response_item", {"type": "message", "role": "assistant",
                                               "content": [{"type": "output_text", "text": answer}]}))
            lines.append(rec("event_msg", {"type": "agent_message", "message": answer}))
            lines.append(rec("event_msg", {"type": "token_count", "info": {"total_token_usage": {
                "input_tokens": rng.randint(1, 90000), "output_tokens": rng.randint(1, 9000)}}}))
        data = "".join(lines)
        with open(path, "w", encoding="utf-8") as f:
            f.write(data)
        os.utime(path, (ts[0], ts[0]))
        total += len(data.encode("utf-8"))
        newest[project] = {"id": sid, "path": path}
    return {"home": home, "rollouts": n, "projects": projects, "bytes": total,
            "newest": {os.path.basename(k): v for k, v in newest.items()}}


# ---------------------------------------------------------------------------------------------------------------
# save-session registry (docs/.ai/sessions.json, seed format)

def registry(path, n, seed):
    rng = random.Random(seed)
    agents = ["claude", "codex", "gemini", "copilot", "opencode"]
    sessions = []
    for i in range(n):
        sessions.append({"id": uuid4(rng), "agent": rng.choice(agents),
                         "summary": "Session %d: %s" % (i, " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 25)))),
                         "created_at": iso(1_760_000_000 + i * 1800),
                         "tags": rng.sample(["parser", "ui", "bench", "bugfix", "docs", "release", "ci"], rng.randint(0, 3))})
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps({"sessions": sessions}, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return {"path": path, "entries": n, "bytes": os.path.getsize(path)}


# ---------------------------------------------------------------------------------------------------------------
# A git repository of REPO_FILES files with REPO_MODIFIED modified

def git_env():
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent", "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com", "GIT_COMMITTER_NAME": "Bench",
           "GIT_COMMITTER_EMAIL": "bench@example.com", "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
           "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z", "LC_ALL": "C"}
    return env


def repo(path, n_files, n_modified, seed):
    rng = random.Random(seed)
    pool = make_line_pool(rng, 500)
    os.makedirs(path)
    env = git_env()
    run = lambda *a: subprocess.run(["git", *a], cwd=path, env=env, check=True, stdout=subprocess.DEVNULL)
    run("init", "-q", "-b", "main")
    files = []
    old = 1_767_225_600  # 2026-01-01: far from "now", so no racily-clean index entries
    for i in range(n_files):
        rel = "src/m%02d/d%02d/file%05d.swift" % (i % 40, (i // 40) % 25, i)
        full = os.path.join(path, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(body(rng, pool, rng.randint(200, 3000)) + "\n")
        os.utime(full, (old, old))
        files.append(rel)
    run("add", "-A")
    run("commit", "-q", "-m", "bench: 10 000 files")
    for k in range(5):
        with open(os.path.join(path, "CHANGELOG.md"), "a", encoding="utf-8") as f:
            f.write("change %d\n" % k)
        run("add", "CHANGELOG.md")
        run("commit", "-q", "-m", "bench: change %d" % k)
    for rel in rng.sample(files, n_modified):
        with open(os.path.join(path, rel), "a", encoding="utf-8") as f:
            f.write("// modified for the benchmark ✏️\n")
    # Refresh the index once (stat info), as a user's own `git status` would have.
    subprocess.run(["git", "status", "--porcelain"], cwd=path, env=env, check=True, stdout=subprocess.DEVNULL)
    return {"path": path, "files": n_files, "modified": n_modified}


# ---------------------------------------------------------------------------------------------------------------

def ensure(name, params, folder, make):
    """Runs make() into `folder` unless `folder/.stamp` matches; returns the dataset's manifest entry."""
    stamp = hashlib.sha256(dumps({"gen": GEN_HASH, "params": params, "folder": folder}).encode()).hexdigest()
    stamp_file = os.path.join(folder, ".stamp")
    info_file = os.path.join(folder, ".info.json")
    try:
        if open(stamp_file).read() == stamp:
            return json.load(open(info_file))
    except OSError:
        pass
    if os.path.exists(folder):
        shutil.rmtree(folder)
    os.makedirs(os.path.dirname(folder), exist_ok=True)
    t0 = time.time()
    sys.stderr.write("bench: generating %s ...\n" % name)
    sys.stderr.flush()
    info = make()
    os.makedirs(folder, exist_ok=True)
    with open(info_file, "w") as f:
        json.dump(info, f, ensure_ascii=False, indent=1)
    with open(stamp_file, "w") as f:
        f.write(stamp)
    sys.stderr.write("bench: generated %s in %.1f s\n" % (name, time.time() - t0))
    return info


def main():
    root = cache_root()
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", ",".join(map(str, CLAUDE_SIZES_MB))).split(",") if s]
    manifest = {"generator": GEN_HASH, "seed": SEED, "root": root, "claude": {}}
    for size in sizes:
        folder = os.path.join(root, "claude", "%dmb" % size)
        manifest["claude"][str(size)] = ensure(
            "claude %d MB transcript" % size, {"size": size, "seed": SEED}, folder,
            lambda: dict(claude_transcript(os.path.join(folder, "projects", CLAUDE_ENC, "%s.jsonl" % "x"), size,
                                           SEED + size), config_dir=folder))
        # the transcript is named by its session id
        info = manifest["claude"][str(size)]
        want = os.path.join(folder, "projects", CLAUDE_ENC, info["session_id"] + ".jsonl")
        if info["path"] != want:
            os.replace(info["path"], want)
            info["path"] = want
            with open(os.path.join(folder, ".info.json"), "w") as f:
                json.dump(info, f, ensure_ascii=False, indent=1)
    codex = os.path.join(root, "codex")
    manifest["codex"] = ensure("codex store (%d rollouts)" % CODEX_ROLLOUTS,
                               {"n": CODEX_ROLLOUTS, "projects": CODEX_PROJECTS, "seed": SEED}, codex,
                               lambda: codex_store(os.path.join(codex, "home"), os.path.join(codex, "projects"),
                                                   CODEX_ROLLOUTS, CODEX_PROJECTS, SEED))
    reg = os.path.join(root, "registry")
    manifest["registry"] = ensure("registry (%d entries)" % REGISTRY_ENTRIES, {"n": REGISTRY_ENTRIES, "seed": SEED},
                                  reg, lambda: registry(os.path.join(reg, "docs", ".ai", "sessions.json"),
                                                        REGISTRY_ENTRIES, SEED))
    rp = os.path.join(root, "repo")
    manifest["repo"] = ensure("git repo (%d files)" % REPO_FILES, {"n": REPO_FILES, "m": REPO_MODIFIED, "seed": SEED},
                              rp, lambda: repo(os.path.join(rp, "work"), REPO_FILES, REPO_MODIFIED, SEED))
    with open(os.path.join(root, "manifest.json"), "w") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    print(os.path.join(root, "manifest.json"))


if __name__ == "__main__":
    main()
