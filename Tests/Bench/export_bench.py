#!/usr/bin/env python3
"""Benchmark for `export-session` (issue #5): markdown/html export of a large generated session, wall time and peak
memory (from /usr/bin/time). Not a test: it prints figures.

  python3 Tests/Bench/export_bench.py [--mb 200] [--bin DIR] [--source claude|transcript]

--source claude (default) writes a Claude Code transcript into a temp CLAUDE_CONFIG_DIR and exports it through the
store (needs the Claude reader); --source transcript writes an agent-sessions transcript and uses --input.
Targets (issue #5, 2-core machine, 200 MB): markdown <= 0.6 s, html <= 0.8 s, peak memory <= 64 MiB.
"""
import argparse, json, os, random, subprocess, sys, tempfile, uuid

WORDS = ("the parser lexer token function return value swift struct enum case let var import foundation error "
         "handling test build release memory stream line file").split()


def text(r, n):
    return " ".join(r.choice(WORDS) for _ in range(n))


def generate(path, mb, source, sid, cwd):
    r = random.Random(1)
    size, i, parent = 0, 0, None
    with open(path, "w") as f:
        if source == "transcript":
            f.write(json.dumps({"format": "agent-sessions/transcript", "version": 1, "agent": "claude",
                                "session_id": sid, "title": "bench", "started_at": "2026-11-21T08:00:00Z",
                                "project_path": cwd, "exported_at": "x", "redacted": False}) + "\n")
        while size < mb << 20:
            i += 1
            if source == "transcript":
                recs = [{"type": "message", "role": "user", "text": text(r, 40)},
                        {"type": "message", "role": "assistant", "text": text(r, 120), "thinking": [text(r, 60)],
                         "tool_calls": [{"id": f"toolu_{i}", "name": "Bash", "input": {"command": f"cat f{i}"}}]},
                        {"type": "message", "role": "user", "text": "",
                         "tool_results": [{"call_id": f"toolu_{i}", "output": text(r, 600)}]}]
            else:
                base = {"sessionId": sid, "cwd": cwd, "version": "2.1.329", "isSidechain": False,
                        "userType": "external", "timestamp": "2026-11-21T08:00:00.000Z"}
                u1, u2, u3 = (str(uuid.UUID(int=r.getrandbits(128))) for _ in range(3))
                recs = [dict(base, type="user", uuid=u1, parentUuid=parent,
                             message={"role": "user", "content": text(r, 40)}),
                        dict(base, type="assistant", uuid=u2, parentUuid=u1, requestId="req_x",
                             message={"id": f"msg_{i}", "type": "message", "role": "assistant", "model": "m",
                                      "content": [{"type": "thinking", "thinking": text(r, 60), "signature": "x"},
                                                  {"type": "text", "text": text(r, 120)},
                                                  {"type": "tool_use", "id": f"toolu_{i}", "name": "Bash",
                                                   "input": {"command": f"cat f{i}"}}],
                                      "stop_reason": "tool_use", "usage": {"input_tokens": 1, "output_tokens": 1}}),
                        dict(base, type="user", uuid=u3, parentUuid=u2,
                             message={"role": "user", "content": [{"type": "tool_result", "tool_use_id": f"toolu_{i}",
                                                                   "content": text(r, 600)}]})]
                parent = u3
            for rec in recs:
                line = json.dumps(rec) + "\n"
                f.write(line)
                size += len(line)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--bin", default=".build/release")
    ap.add_argument("--source", choices=["claude", "transcript"], default="claude")
    a = ap.parse_args()
    exe = os.path.abspath(os.path.join(a.bin, "export-session"))
    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.realpath(os.path.join(tmp, "repo"))
        os.makedirs(repo)
        sid = "5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10"
        env = dict(os.environ, HOME=os.path.join(tmp, "home"), CLAUDE_CONFIG_DIR=os.path.join(tmp, "cc"))
        if a.source == "claude":
            enc = "".join(c if c.isascii() and c.isalnum() else "-" for c in repo)
            path = os.path.join(tmp, "cc", "projects", enc, sid + ".jsonl")
            os.makedirs(os.path.dirname(path))
            args = ["--agent", "claude", "--session", sid]
        else:
            path = os.path.join(tmp, "bench.transcript.jsonl")
            args = ["--input", path]
        generate(path, a.mb, a.source, sid, repo)
        print(f"input: {os.path.getsize(path) / (1 << 20):.0f} MB ({a.source})")
        for fmt, target in (("markdown", 0.6), ("html", 0.8)):
            out = subprocess.run(["/usr/bin/time", "-f", "%e %M", exe, *args, "--format", fmt, "--out",
                                  os.path.join(tmp, "out")], cwd=repo, env=env, capture_output=True, text=True)
            if out.returncode != 0:
                print(f"{fmt}: failed: {out.stderr.strip().splitlines()[:2]}")
                continue
            secs, kb = out.stderr.strip().splitlines()[-1].split()
            print(f"{fmt}: {float(secs):.2f} s (target {target} s), peak {int(kb) / 1024:.0f} MiB (target 64 MiB)")


if __name__ == "__main__":
    sys.exit(main())
