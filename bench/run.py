#!/usr/bin/env python3
"""`make bench`: times every tool against the machine's own floors, in the same run.

Each case is run `runs` times, interleaved with its floor (floor, case, floor, case, ...), after one untimed warm-up.
Per process: wall time (perf_counter around spawn..wait4) and peak RSS (wait4's rusage.ru_maxrss, exact per child).
Reported: median and min–max wall time, peak memory (max over runs), MB/s for file cases, output size, and the ratio
of the case's median to its floor's median. Targets (issues #8, #17) are printed next to each figure with ✓/✗.

A case whose tool does not offer what it needs yet (checked in its --help text) is listed as "not built yet".

To add a case for a tool that lands later: append a Case(...) in `build_cases()`; nothing else changes.

The parse floor of the exports is a pysimdjson line loop (bench/simdjson_loop.py), run by a venv under the cache folder
with pysimdjson pinned (PINS below, installed from PyPI on first use); without it, `cat` is the floor and the table
says so. Output sizes (file, folder or database a case writes) are printed beside the times.

PEERS=1 (`make bench PEERS=1`) also installs the peers of issue #17 (PEER_PINS, pinned) into that venv, one by one,
and times them in the same interleaved run on the same inputs (BENCH_PEER_SIZES, default "20": transcript sizes in MB
the Claude peers run on; codex-export-more exports one rollout of the 10 000-rollout Codex store beside ours). A peer
that cannot be installed from PyPI is listed as "skipped" with pip's reason; the others still run. The venv is the
cache: its pins.txt lists what is installed, and nothing is installed twice.

`list`/`current` over 10 000 sessions run on gen.py's Codex store and on bench/gen_claude_store.py's Claude store
(10 000 sessions in 250 projects). The Codex `list` keeps a cache under the bench's HOME (filled by the untimed
warm-up); the "uncached" case is the first `list` after the store changed.

Environment: AGENT_SESSIONS_CACHE (data folder), BENCH_RUNS (timed runs of small cases, default 15; 20 MB cases run 5,
200 MB cases 3), BENCH_ONLY (substring of case names), BENCH_SIZES (e.g. "1,20": transcript sizes to generate/run).
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MiB = 1024 * 1024
TOOLS = ["save-session", "save-state", "load-state", "export-session", "resume-session", "setup-agents"]
# Pinned PyPI packages of the bench venv ($AGENT_SESSIONS_CACHE/bench-venv); PEERS=1 adds the peers of issue #17.
PINS = ["pysimdjson==7.0.2"]
PEER_PINS = ["claude-code-log==1.7.0", "claude-code-transcripts==0.6", "claude-code-to-sqlite==0.1.0",
             "ai-session-manager==0.1.9", "codex-export-more==0.1.0"]
PEERS = os.environ.get("PEERS", "") not in ("", "0")


_VENV = {}  # the bench venv, set up once per run: {"py": python or None, "skipped": {peer pin: reason}}


def bench_python():
    """The bench venv's python with the pins installed, or None (no venv module, no PyPI): the floor falls back.
    With PEERS=1 each peer is installed on its own (pinned, from PyPI): one that cannot be is recorded in
    peer_skips() with pip's reason, and its cases are reported as skipped; the others still run. The venv's
    pins.txt lists what is installed, so a later run installs nothing again (the venv is the cache)."""
    if "py" in _VENV:
        return _VENV["py"]
    _VENV["skipped"] = {}
    cache = os.environ.get("AGENT_SESSIONS_CACHE") or os.path.expanduser("~/.cache/agent-sessions")
    venv = os.path.join(cache, "bench-venv")
    py = os.path.join(venv, "bin", "python")
    stamp = os.path.join(venv, "pins.txt")
    try:
        have = set(open(stamp).read().split()) if os.path.exists(stamp) else set()
    except OSError:
        have = set()

    def pip_install(pins):
        r = subprocess.run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--retries", "1",
                            "--timeout", "20"] + pins, capture_output=True, text=True)
        if r.returncode != 0:
            lines = [l for l in (r.stderr or r.stdout).strip().split("\n") if l.strip()]
            raise RuntimeError(lines[-1] if lines else "pip exited %d" % r.returncode)

    def record():
        with open(stamp, "w") as f:
            f.write("\n".join(sorted(have)) + "\n")

    try:
        if not os.path.exists(py):
            subprocess.run([sys.executable, "-m", "venv", venv], check=True, capture_output=True)
            have = set()
        if not set(PINS) <= have:
            pip_install(PINS)
            have |= set(PINS)
            record()
    except (OSError, subprocess.CalledProcessError, RuntimeError) as e:
        sys.stderr.write("bench: no pysimdjson venv (%s); exports are timed against cat\n" % e)
        _VENV["py"] = None
        return None
    if PEERS:
        for pin in PEER_PINS:
            if pin in have:
                continue
            try:
                pip_install([pin])
                have.add(pin)
                record()
            except (OSError, RuntimeError) as e:
                _VENV["skipped"][pin] = "not installable from PyPI: %s" % e
                sys.stderr.write("bench: %s skipped: %s\n" % (pin, e))
    _VENV["py"] = py
    return py


def peer_skip(tool):
    """Why the peer `tool` (a PEER_PINS name) is skipped in this run, or None."""
    bench_python()
    for pin, reason in _VENV.get("skipped", {}).items():
        if pin.split("==")[0] == tool:
            return reason
    return None


class Case:
    def __init__(self, name, tool, args, *, cwd, env=None, floor, requires=(), target=None, mem_target_mib=64,
                 size=None, runs=None, setup=None, note=None, ok_codes=(0,), output=None, command=None, skip=None):
        self.name = name
        self.tool = tool
        self.args = args
        self.cwd = cwd
        self.env = env or {}
        self.floor = floor  # a Floor
        self.requires = requires  # [(tool, text its --help must contain)]
        self.target = target  # ("ms", 8) | ("ratio", 2.5) | None
        self.mem_target_mib = mem_target_mib
        self.size = size  # bytes of input, for MB/s
        self.runs = runs
        self.setup = setup  # untimed, before each run
        self.note = note
        self.ok_codes = ok_codes
        self.output = output  # a path (file or folder) whose size after a run is reported
        self.command = command  # the full argv of a peer's tool (instead of bin_dir/tool + args)
        self.skip = skip  # why it is not run (a peer that could not be installed), or None


class Floor:
    """A sequence of commands timed as one unit (each its own process)."""

    def __init__(self, name, commands, cwd, env=None):
        self.name = name
        self.commands = commands
        self.cwd = cwd
        self.env = env


def spawn(argv, cwd, env, stdin=subprocess.DEVNULL):
    """(wall seconds, peak RSS bytes, exit status, stderr first line) of one process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, cwd=cwd, env=env, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # read stderr fully (small) before wait4, so a chatty child never blocks
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    p.stderr.close()
    line = err.decode("utf-8", "replace").strip().split("\n")[0] if err else ""
    return wall, ru.ru_maxrss * 1024, p.returncode, line


GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def peak_rss(argv, cwd, env):
    """Peak RSS (bytes) of one run, measured by GNU time (a small C parent), or None without it.
    wait4's ru_maxrss of a child forked by Python counts Python's own pages from before the exec (~14 MiB here), so it
    is only an upper bound; GNU time's child starts from a tiny process."""
    if not GNU_TIME:
        return None
    fd, out = tempfile.mkstemp(prefix="bench-rss-")
    os.close(fd)
    try:
        subprocess.run([GNU_TIME, "-f", "%M", "-o", out] + argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        text = open(out).read().strip().split("\n")[-1]
        return int(text) * 1024
    except (OSError, ValueError):
        return None
    finally:
        os.unlink(out)


def run_floor(floor, base_env):
    total = 0.0
    peak = 0
    for argv in floor.commands:
        wall, rss, code, err = spawn(argv, floor.cwd, floor.env or base_env)
        if code not in ((0, 1) if "check-ignore" in argv else (0,)):  # check-ignore: 1 = not ignored
            raise RuntimeError("floor %s: %s exited %d: %s" % (floor.name, " ".join(argv), code, err))
        total += wall
        peak = max(peak, rss)
    return total, peak


def help_text(bin_dir, tool, env):
    try:
        r = subprocess.run([os.path.join(bin_dir, tool), "--help"], env=env, capture_output=True, timeout=10)
        return r.stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired):
        return ""


def path_bytes(path):
    if not path or not os.path.exists(path):
        return None
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for dirpath, _, names in os.walk(path):
        for n in names:
            total += os.path.getsize(os.path.join(dirpath, n))
    return total


def fmt_bytes(n):
    if n is None:
        return ""
    return "%.1f MB" % (n / 1e6) if n >= 1e5 else "%.1f kB" % (n / 1e3)


def fmt_ms(s):
    ms = s * 1000
    return "%.1f" % ms if ms < 100 else "%.0f" % ms


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True, help="folder of the built (release) tools")
    ap.add_argument("--json", default=os.path.join(ROOT, ".build", "bench", "results.json"))
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "15")))
    ap.add_argument("--only", default=os.environ.get("BENCH_ONLY", ""), help="substring filter on case names")
    opts = ap.parse_args()
    bin_dir = os.path.abspath(opts.bin)

    manifest_path = subprocess.run([sys.executable, os.path.join(HERE, "gen.py")], check=True, capture_output=True,
                                   text=True).stdout.strip()
    m = json.load(open(manifest_path))
    work = tempfile.mkdtemp(prefix="agent-sessions-bench-")
    home = os.path.join(work, "home")
    os.makedirs(home)
    base_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "LANG": "C.UTF-8",
                "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
                "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    # the environment our Git wrapper gives git (Sources/SessionModel/Git/Git.swift), for the git floor
    git_env = dict(base_env, GIT_OPTIONAL_LOCKS="0", LC_ALL="C", GIT_TERMINAL_PROMPT="0")

    try:
        cases = build_cases(m, bin_dir, work, base_env, git_env, opts.runs)
        if opts.only:
            cases = [c for c in cases if opts.only in c.name]
        helps = {t: help_text(bin_dir, t, base_env) for t in TOOLS}
        results = []
        for case in cases:
            results.append(run_case(case, bin_dir, base_env, helps))
            r = results[-1]
            sys.stderr.write("bench: %-44s %s\n" % (case.name, r["status"] if r["status"] != "ok" else
                                                       "%s ms" % fmt_ms(r["median_s"])))
            sys.stderr.flush()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(markdown(results, m))
    os.makedirs(os.path.dirname(opts.json), exist_ok=True)
    doc = {"generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": machine(),
           "generator": m["generator"], "data": m["root"], "results": results}
    with open(opts.json, "w") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print("\nJSON: %s" % os.path.relpath(opts.json))


def machine():
    load = os.getloadavg()
    return {"uname": " ".join(platform.uname()), "cpus": os.cpu_count(), "loadavg": [round(x, 2) for x in load],
            "python": platform.python_version()}


def build_cases(m, bin_dir, work, base_env, git_env, runs):
    cases = []
    start = Floor("process start (/bin/true)", [["/bin/true"]], work)
    # --help no-ops
    for tool in TOOLS:
        cases.append(Case("%s --help" % tool, tool, ["--help"], cwd=work, floor=start, target=("ratio", 3), runs=runs))

    if PEERS:
        py = bench_python()
        if py:
            cases.append(Case("peer: ai-session-manager --help", "ai-session-manager", [], cwd=work, floor=start,
                              runs=runs, command=[os.path.join(os.path.dirname(py), "ai-session-manager"), "--help"],
                              skip=peer_skip("ai-session-manager")))
            cases.append(Case("peer: python3 -c pass", "python3", [], cwd=work, floor=start, runs=runs,
                              command=[py, "-c", "pass"]))

    # save-state / load-state in a 10 000-file repository with 50 modified files
    repo = m["repo"]["path"]
    # what save-state runs (strace): the anchor is found in HEAD's first-parent history, and a save that keeps the
    # previous state in the history folder asks whether git ignores it
    git_floor = Floor("git queries save-state runs", [
        ["git", "rev-parse", "--show-toplevel", "--absolute-git-dir"],
        ["git", "status", "--porcelain=v2", "--branch", "-z"],
        ["git", "log", "--format=%x1e%H%x00%h%x00%s", "--name-only", "-n", "100", "--first-parent", "HEAD", "--"],
        ["git", "check-ignore", "-q", "--no-index", "--", ".claude/state-history/claude-state-x.json"],
    ], repo, git_env)
    cases.append(Case("save-state (10k files, 50 modified)", "save-state", ["bench notes ✓"], cwd=repo,
                      floor=git_floor, target=("ratio", 1.2), runs=runs))
    cases.append(Case("load-state (10k files, 50 modified)", "load-state", [], cwd=repo, floor=git_floor,
                      target=("ratio", 2.5), runs=runs,
                      note="target assumed equal to save-state's (the issue sets none for load-state)"))
    cases.append(Case("load-state --json (10k files, 50 modified)", "load-state", ["--json"], cwd=repo,
                      floor=git_floor, target=("ratio", 2.5), runs=runs,
                      note="target assumed equal to save-state's"))

    # save-session into a 10 000-entry registry (restored before each run)
    reg_src = m["registry"]["path"]
    reg_proj = os.path.join(work, "registry-project")
    reg_file = os.path.join(reg_proj, "docs", ".ai", "sessions.json")
    os.makedirs(os.path.dirname(reg_file))
    subprocess.run(["git", "init", "-q", "-b", "main", reg_proj], check=True, env=base_env)

    def restore_registry():
        shutil.copyfile(reg_src, reg_file)

    cases.append(Case("save-session (10k-entry registry)", "save-session",
                      ["--session-id", "0b7e3f52-9a1c-4d2e-8f60-5a4b3c2d1e0f", "--agent", "claude",
                       "--summary", "bench save ✓", "--tags", "bench"],
                      cwd=reg_proj, floor=Floor("cat sessions.json", [["cat", reg_src]], work),
                      requires=[("save-session", "--summary")], target=("ms", 15), runs=runs,
                      setup=restore_registry, size=m["registry"]["bytes"], output=reg_file))

    # current-session detection and list among 10 000 Codex rollouts (issue #17: ≤ 50 ms). `list` keeps a cache
    # under $HOME/.cache (the bench's own HOME): the untimed warm-up run fills it, the timed runs read it; the
    # "uncached" case turns it off (AGENT_SESSIONS_NO_CACHE=1), i.e. the first `list` after the store changed.
    codex = m["codex"]
    project = sorted(codex["newest"].keys())[14]
    codex_cwd = os.path.join(os.path.dirname(codex["projects"][0]), project)
    cases.append(Case("detect current codex session (10k rollouts)", "export-session",
                      ["current", "--agent", "codex"], cwd=codex_cwd,
                      env={"CODEX_HOME": codex["home"]}, floor=start,
                      requires=[("export-session", "current")], target=("ms", 50), runs=runs))
    cases.append(Case("export-session list codex (10k rollouts)", "export-session",
                      ["list", "--agent", "codex"], cwd=codex_cwd,
                      env={"CODEX_HOME": codex["home"]}, floor=start, target=("ms", 50), runs=runs))
    cases.append(Case("export-session list codex (10k rollouts, uncached)", "export-session",
                      ["list", "--agent", "codex"], cwd=codex_cwd,
                      env={"CODEX_HOME": codex["home"], "AGENT_SESSIONS_NO_CACHE": "1"}, floor=start, runs=runs,
                      note="no target: the first list after the store changed; the cached case has the target"))

    # the same over a Claude store of 10 000 sessions in 250 projects (bench/gen_claude_store.py)
    claude_store = json.loads(subprocess.run([sys.executable, os.path.join(HERE, "gen_claude_store.py")],
                                             check=True, capture_output=True, text=True).stdout)
    claude_cwd = claude_store["projects"][14]
    claude_env = {"CLAUDE_CONFIG_DIR": claude_store["config_dir"]}
    cases.append(Case("detect current claude session (10k sessions)", "export-session",
                      ["current", "--agent", "claude"], cwd=claude_cwd, env=claude_env, floor=start,
                      requires=[("export-session", "current")], target=("ms", 50), runs=runs))
    cases.append(Case("export-session list claude (10k sessions)", "export-session",
                      ["list", "--agent", "claude"], cwd=claude_cwd, env=claude_env, floor=start,
                      target=("ms", 50), runs=runs))

    # one Codex rollout to markdown, beside codex-export-more (both find it by id among the 10 000)
    rollout_id = codex["newest"][project]["id"]
    cx_proj = os.path.join(work, "export-codex")
    subprocess.run(["git", "init", "-q", "-b", "main", cx_proj], check=True, env=base_env)
    cx_out = os.path.join(work, "out-codex")

    def clean_cx(d=cx_out):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)

    rollout_bytes = os.path.getsize(codex["newest"][project]["path"])
    cases.append(Case("export-session markdown codex rollout", "export-session",
                      ["--agent", "codex", "--session", rollout_id, "--format", "markdown", "--out", cx_out],
                      cwd=cx_proj, env={"CODEX_HOME": codex["home"]}, floor=start, size=rollout_bytes, runs=runs,
                      setup=clean_cx, output=cx_out, requires=[("export-session", "--format")]))
    if PEERS:
        py = bench_python()
        if py:
            cases.append(Case("peer: codex-export-more markdown codex rollout", "codex-export-more", [], cwd=cx_proj,
                              env={"CODEX_HOME": codex["home"]}, floor=start, size=rollout_bytes, runs=runs,
                              setup=clean_cx, output=cx_out, mem_target_mib=1 << 14,
                              command=[os.path.join(os.path.dirname(py), "codex-export-more"), rollout_id,
                                       os.path.join(cx_out, "out.md")],
                              skip=peer_skip("codex-export-more")))

    # exports and the SQLite journal for 1/20/200 MB Claude transcripts
    # Ratios to the parse floor (issue #17); with `cat` as the floor (no venv) the ratios are not comparable.
    py = bench_python()
    export_targets = {"sqlite": 1.0}
    for size, info in sorted(m["claude"].items(), key=lambda kv: int(kv[0])):
        size = int(size)
        n = runs if size <= 1 else (5 if size <= 20 else 3)
        if py:
            cat = Floor("pysimdjson line loop", [[py, os.path.join(HERE, "simdjson_loop.py"), info["path"]]], work)
        else:
            cat = Floor("cat transcript", [["cat", info["path"]]], work)
        proj = os.path.join(work, "export-%d" % size)
        subprocess.run(["git", "init", "-q", "-b", "main", proj], check=True, env=base_env)
        out = os.path.join(work, "out-%d" % size)

        def clean_out(out=out):
            shutil.rmtree(out, ignore_errors=True)

        env = {"CLAUDE_CONFIG_DIR": info["config_dir"]}
        # markdown and html by default carry each tool result's first lines (`--results excerpt`); the issue's
        # "today's content" is markdown without them (`--results none`, ≤ 1.0 ×), and with tool results included
        # markdown may take ≤ 1.5 × (both excerpt and full are timed against that).
        variants = [("markdown", "none", 1.0), ("markdown", None, 1.5), ("markdown", "full", 1.5),
                    ("html", None, 1.2), ("json", None, None)]
        for fmt, results, target in variants:
            t = target if size == 200 and py else None
            name = "export-session %s %d MB" % (fmt, size) + (" --results %s" % results if results else "")
            extra = ["--results", results] if results else []
            cases.append(Case(name, "export-session",
                              ["--agent", "claude", "--session", info["session_id"], "--format", fmt, "--out", out]
                              + extra,
                              cwd=proj, env=env, floor=cat, requires=[("export-session", "--format")],
                              target=("ratio", t) if t else None, size=info["bytes"], runs=n, setup=clean_out,
                              mem_target_mib=32, output=out))
        db = os.path.join(proj, "docs", ".ai", "sessions.db")

        def clean_db(db=db):
            for suffix in ["", "-wal", "-shm"]:
                try:
                    os.unlink(db + suffix)
                except FileNotFoundError:
                    pass

        if PEERS and py and str(size) in os.environ.get("BENCH_PEER_SIZES", "20").split(","):
            vbin = os.path.dirname(py)
            peer_out = os.path.join(work, "peer-%d" % size)

            def clean_peer(d=peer_out):
                shutil.rmtree(d, ignore_errors=True)
                os.makedirs(d)

            peers = [
                ("claude-code-log markdown", ["claude-code-log", "convert", info["path"], "-o",
                                              os.path.join(peer_out, "out.md")]),
                ("claude-code-log html", ["claude-code-log", "convert", info["path"], "-o",
                                          os.path.join(peer_out, "out.html")]),
                ("claude-code-transcripts html", ["claude-code-transcripts", "json", info["path"], "-o", peer_out]),
                ("claude-code-to-sqlite", ["claude-code-to-sqlite", "session", os.path.join(peer_out, "s.db"),
                                           info["path"]]),
            ]
            for name, cmd in peers:
                cases.append(Case("peer: %s %d MB" % (name, size), cmd[0], [], cwd=proj, env=env, floor=cat,
                                  size=info["bytes"], runs=min(n, 3), setup=clean_peer, output=peer_out,
                                  command=[os.path.join(vbin, cmd[0])] + cmd[1:], mem_target_mib=1 << 14,
                                  skip=peer_skip(cmd[0])))
        cases.append(Case("save-session --store sqlite %d MB" % size, "save-session",
                          ["--store", "sqlite", "--agent", "claude", "--session-id", info["session_id"],
                           "--summary", "bench"],
                          cwd=proj, env=env, floor=cat, requires=[("save-session", "--store")],
                          target=("ratio", export_targets["sqlite"]) if size == 200 and py else None,
                          size=info["bytes"], runs=n, setup=clean_db, mem_target_mib=32, output=db))
    return cases


def run_case(case, bin_dir, base_env, helps):
    res = {"name": case.name, "tool": case.tool, "args": case.args, "floor": case.floor.name,
           "target": case.target, "mem_target_mib": case.mem_target_mib, "note": case.note, "size_bytes": case.size}
    if case.skip:
        res["status"] = "skipped"
        res["reason"] = case.skip
        return res
    for tool, text in case.requires:
        h = helps.get(tool, "")
        if not h or "Not built yet." in h or text not in h:
            res["status"] = "not built yet"
            res["reason"] = "%s --help does not offer %r" % (tool, text)
            return res
    env = dict(base_env)
    env.update(case.env)
    argv = case.command or [os.path.join(bin_dir, case.tool)] + case.args
    if case.setup:
        case.setup()
    _, _, code, err = spawn(argv, case.cwd, env)  # warm-up (untimed), also checks that it works
    if code not in case.ok_codes:
        res["status"] = "failed (exit %d: %s)" % (code, err)
        return res
    run_floor(case.floor, base_env)
    walls, rsses, fwalls, frsses = [], [], [], []
    for _ in range(case.runs):
        fw, fr = run_floor(case.floor, base_env)
        fwalls.append(fw)
        frsses.append(fr)
        if case.setup:
            case.setup()
        w, r, code, err = spawn(argv, case.cwd, env)
        if code not in case.ok_codes:
            res["status"] = "failed (exit %d: %s)" % (code, err)
            return res
        walls.append(w)
        rsses.append(r)
    # Peak memory: the max of 3 extra runs under GNU time (exact per process); else wait4's upper bound.
    mem_runs = []
    for _ in range(3):
        if case.setup:
            case.setup()
        r = peak_rss(argv, case.cwd, env)
        if r is not None:
            mem_runs.append(r)
    floor_mem = [peak_rss(c, case.floor.cwd, case.floor.env or base_env) for c in case.floor.commands]
    if mem_runs:
        rsses = mem_runs
        frsses = [max(m for m in floor_mem if m is not None)] if any(m is not None for m in floor_mem) else frsses
        res["memory_by"] = "GNU time %M (max of 3 runs)"
    else:
        res["memory_by"] = "wait4 ru_maxrss (upper bound: includes the forking Python)"
    med = statistics.median(walls)
    fmed = statistics.median(fwalls)
    res.update({"status": "ok", "runs": case.runs, "median_s": med, "min_s": min(walls), "max_s": max(walls),
                "peak_rss_bytes": max(rsses), "floor_median_s": fmed, "floor_min_s": min(fwalls),
                "floor_max_s": max(fwalls), "floor_peak_rss_bytes": max(frsses), "ratio": med / fmed if fmed else None,
                "samples_s": walls, "floor_samples_s": fwalls})
    if case.size:
        res["mb_per_s"] = case.size / 1e6 / med
    res["output_bytes"] = path_bytes(case.output)
    checks = []
    if case.target:
        kind, value = case.target
        if kind == "ms":
            checks.append({"what": "median ≤ %g ms" % value, "ok": med * 1000 <= value})
        else:
            checks.append({"what": "median ≤ %g × floor" % value, "ok": res["ratio"] <= value})
    checks.append({"what": "peak ≤ %d MiB" % case.mem_target_mib, "ok": max(rsses) <= case.mem_target_mib * MiB})
    res["checks"] = checks
    return res


def markdown(results, m):
    mk = lambda ok: "✓" if ok else "✗"
    lines = ["## agent-sessions benchmark", "",
             "Machine: %s, %d CPUs, load %s. Data: %s (generator %s)." % (
                 platform.machine(), os.cpu_count(), " ".join("%.2f" % x for x in os.getloadavg()), m["root"],
                 m["generator"]),
             "",
             "| case | runs | median ms | min–max ms | peak MiB | MB/s | output | floor | floor median ms | ratio | target |",
             "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|"]
    for r in results:
        if r["status"] != "ok":
            status = "%s (%s)" % (r["status"], r["reason"]) if r.get("reason") else r["status"]
            lines.append("| %s | – | %s | | | | | %s | | | %s |" % (
                r["name"], status, r["floor"], target_text(r, None)))
            continue
        lines.append("| %s | %d | %s | %s–%s | %.1f | %s | %s | %s | %s | %.2f× | %s |" % (
            r["name"], r["runs"], fmt_ms(r["median_s"]), fmt_ms(r["min_s"]), fmt_ms(r["max_s"]),
            r["peak_rss_bytes"] / MiB, "%.0f" % r["mb_per_s"] if "mb_per_s" in r else "",
            fmt_bytes(r.get("output_bytes")), r["floor"], fmt_ms(r["floor_median_s"]), r["ratio"], target_text(r, mk)))
    notes = [r for r in results if r.get("note")]
    if notes:
        lines.append("")
        for r in notes:
            lines.append("- %s: %s" % (r["name"], r["note"]))
    return "\n".join(lines)


def target_text(r, mk):
    parts = []
    t = r.get("target")
    if t:
        parts.append("≤ %g ms" % t[1] if t[0] == "ms" else "≤ %g× floor" % t[1])
    parts.append("≤ %d MiB" % r["mem_target_mib"])
    if mk is None or "checks" not in r:
        return ", ".join(parts)
    return ", ".join("%s %s" % (c["what"].replace("median ", "").replace("peak ", ""), mk(c["ok"]))
                     for c in r["checks"])


if __name__ == "__main__":
    main()
