#!/usr/bin/env python3
"""A Claude Code store of 10 000 sessions over 250 projects, for `export-session list|current --agent claude`
(issue #17: "≤ 50 ms over 10 000 sessions of every agent"); the Claude twin of gen.py's Codex store.

Writes <cache>/bench/claude-store/config/projects/<enc>/<uuid>.jsonl (CLAUDE_CONFIG_DIR = .../config) and the
projects' folders .../projects/p-NNN; each transcript is ~3-20 kB (a few turns, as gen.py's Codex rollouts), its
mtime the time of its last record. Kept in its own file (and its own stamp) so that changing it does not regenerate
gen.py's datasets. Prints the dataset's manifest entry (JSON) on stdout.
"""

import hashlib
import json
import os
import random
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402  (its helpers; importing it does not change its stamp)

SESSIONS = 10_000
PROJECTS = 250
SEED = 20261204
HASH = hashlib.sha256(open(__file__, "rb").read()).hexdigest()[:16]


def encode(path):
    """Claude's project-folder name (agent-stores.md §1.2) for a short ASCII path."""
    return "".join(c if c.isascii() and c.isalnum() else "-" for c in path)


def make(root, n, n_projects, seed):
    rng = random.Random(seed)
    pool = gen.make_line_pool(rng, 1000)
    projects_dir = os.path.join(root, "projects")
    config = os.path.join(root, "config")
    projects = [os.path.join(projects_dir, "p-%03d" % i) for i in range(n_projects)]
    for p in projects:
        os.makedirs(p, exist_ok=True)
        os.makedirs(os.path.join(config, "projects", encode(os.path.realpath(p))), exist_ok=True)
    stamps = sorted(rng.uniform(1_750_000_000, 1_795_000_000) for _ in range(n))
    newest = {}
    total = 0
    for t in stamps:
        project = projects[rng.randrange(n_projects)]
        sid = gen.uuid4(rng)
        ts = [t]
        parent = [None]
        common = {"isSidechain": False, "userType": "external", "entrypoint": "cli", "cwd": os.path.realpath(project),
                  "sessionId": sid, "version": "2.1.329", "gitBranch": "main"}

        def msg(kind, message):
            ts[0] += rng.uniform(0.5, 30.0)
            u = gen.uuid4(rng)
            rec = {"parentUuid": parent[0]}
            rec.update(common)
            rec.update({"type": kind, "message": message, "uuid": u, "timestamp": gen.iso(ts[0])})
            parent[0] = u
            return gen.dumps(rec) + "\n"

        lines = []
        for _ in range(rng.randint(1, 4)):
            prompt = " ".join(rng.choice(gen.WORDS) for _ in range(rng.randint(4, 40)))
            lines.append(msg("user", {"role": "user", "content": prompt}))
            tool = "toolu_%024x" % rng.getrandbits(96)
            lines.append(msg("assistant", {"id": "msg_%024x" % rng.getrandbits(96), "role": "assistant",
                                           "model": "claude-opus-4-5", "content": [
                                               {"type": "tool_use", "id": tool, "name": "Bash",
                                                "input": {"command": "ls"}}]}))
            lines.append(msg("user", {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": tool, "content": gen.body(rng, pool, rng.randint(100, 1500))}]}))
            lines.append(msg("assistant", {"id": "msg_%024x" % rng.getrandbits(96), "role": "assistant",
                                           "model": "claude-opus-4-5", "content": [
                                               {"type": "text", "text": gen.body(rng, pool, rng.randint(50, 800))}]}))
        if rng.random() < 0.5:
            lines.append(gen.dumps({"type": "summary", "summary": "Bench session %s" % sid[:8],
                                    "leafUuid": parent[0]}) + "\n")
        data = "".join(lines)
        path = os.path.join(config, "projects", encode(os.path.realpath(project)), sid + ".jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.write(data)
        os.utime(path, (ts[0], ts[0]))
        total += len(data.encode("utf-8"))
        newest[os.path.basename(project)] = {"id": sid, "path": path}
    return {"config_dir": config, "sessions": n, "projects": projects, "bytes": total, "newest": newest}


def main():
    root = os.path.join(gen.cache_root(), "claude-store")
    stamp = hashlib.sha256(gen.dumps({"gen": HASH, "n": SESSIONS, "p": PROJECTS, "seed": SEED,
                                      "root": root}).encode()).hexdigest()
    stamp_file = os.path.join(root, ".stamp")
    info_file = os.path.join(root, ".info.json")
    try:
        if open(stamp_file).read() == stamp:
            print(open(info_file).read().strip())
            return
    except OSError:
        pass
    if os.path.exists(root):
        shutil.rmtree(root)
    t0 = time.time()
    sys.stderr.write("bench: generating claude store (%d sessions) ...\n" % SESSIONS)
    info = make(root, SESSIONS, PROJECTS, SEED)
    with open(info_file, "w") as f:
        json.dump(info, f, ensure_ascii=False)
    with open(stamp_file, "w") as f:
        f.write(stamp)
    sys.stderr.write("bench: generated claude store in %.1f s\n" % (time.time() - t0))
    print(json.dumps(info, ensure_ascii=False))


if __name__ == "__main__":
    main()
